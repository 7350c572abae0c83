"""The council's server: sign-in with argon2 hashes, secure cookies, rate limit, audit log, and
role separation (a member never sees another's drafts; the Monitoring Officer never sees any)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from desk_forms import csrf
from fastapi.testclient import TestClient

from pausecheck.desk.security import hash_password
from pausecheck.store import accounts

PASSWORD = "correct horse battery staple"
SECRET = "Cllr Smith is a liar, says Mrs Hollingworth-Zabriskie"


@pytest.fixture
def council(make_client: Callable[..., TestClient]) -> Callable[[], TestClient]:
    first = make_client(mode="council")
    with first.app.state.store.sessions.begin() as s:
        for name, role in (("amy", "member"), ("ben", "member"), ("mo", "monitoring-officer")):
            accounts.create_user(s, name, hash_password(PASSWORD), role=role, actor="test")

    def browser() -> TestClient:
        return TestClient(first.app, base_url="https://testserver")

    return browser


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> object:
    page = client.get("/login").text
    return client.post("/login", data={"csrf_token": csrf(page), "username": name, "password": password},
                       follow_redirects=False)


def draft(client: TestClient, text: str) -> str:
    token = csrf(client.get("/").text)
    r = client.post("/check", data={"csrf_token": token, "text": text}, follow_redirects=False)
    assert r.status_code == 303
    return r.headers["location"]


def test_visitors_are_sent_to_sign_in(council: Callable[[], TestClient]) -> None:
    c = council()
    for path in ("/", "/history", "/practice", "/rules", "/oversight"):
        r = c.get(path, follow_redirects=False)
        assert r.status_code == 303, path
        assert r.headers["location"] == "/login"


def test_sign_in_sets_a_secure_httponly_strict_cookie_and_is_audited(council: Callable[[], TestClient]) -> None:
    c = council()
    r = sign_in(c, "amy")
    assert r.status_code == 303
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("__Host-pausecheck_session=")
    for flag in ("HttpOnly", "Secure", "SameSite=strict", "Path=/"):
        assert flag in cookie
    wrong = sign_in(council(), "amy", "wrong password")
    assert wrong.status_code == 401
    with c.app.state.store.sessions() as s:
        events = [(e.event, e.username) for e in accounts.audit_log(s)]
        assert accounts.verify_audit(s) is None
    assert ("sign-in", "amy") in events
    assert ("sign-in-refused", "amy") in events


def test_sign_in_is_rate_limited(council: Callable[[], TestClient]) -> None:
    c = council()
    for _ in range(5):
        assert sign_in(c, "ben", "nope").status_code == 401
    blocked = sign_in(c, "ben")  # even the right password, until the window passes
    assert blocked.status_code == 429
    assert "Too many failed sign-ins" in blocked.text


def test_a_member_cannot_see_another_members_drafts(council: Callable[[], TestClient]) -> None:
    amy, ben = council(), council()
    sign_in(amy, "amy")
    sign_in(ben, "ben")
    url = draft(amy, SECRET)
    assert "Hollingworth" in amy.get(url).text
    assert ben.get(url).status_code == 404
    assert "Hollingworth" not in ben.get("/history").text
    searched = ben.get("/history", params={"q": "Hollingworth"}).text
    assert "No check contains" in searched
    assert url not in searched
    token = csrf(ben.get("/history").text)
    assert ben.post(url + "/delete", data={"csrf_token": token}).status_code == 404
    assert ben.get("/?again=" + url.rsplit("/", 1)[1]).status_code == 404
    assert "Hollingworth" in amy.get(url).text  # still there


def test_the_monitoring_officer_sees_counts_never_text(council: Callable[[], TestClient]) -> None:
    amy, mo = council(), council()
    sign_in(amy, "amy")
    urls = [draft(amy, f"{SECRET} {i}") for i in range(6)]
    r = sign_in(mo, "mo")
    assert r.headers["location"] == "/oversight"
    page = mo.get("/oversight")
    assert page.status_code == 200
    assert "Hollingworth" not in page.text
    assert "liar" not in page.text
    assert re.search(r"<td>6</td>", page.text)  # six checks this week
    assert "fewer than 5" in page.text or "<td>6</td>" in page.text
    for path in (urls[0], "/history", "/", "/practice", "/?again=" + urls[0].rsplit("/", 1)[1]):
        got = mo.get(path)
        assert got.status_code == 403, path
        assert "Hollingworth" not in got.text
    assert mo.get("/rules").status_code == 200
    assert amy.get("/oversight").status_code == 403


def test_sign_out_ends_the_session(council: Callable[[], TestClient]) -> None:
    c = council()
    sign_in(c, "amy")
    token = csrf(c.get("/").text)
    out = c.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    assert c.get("/", follow_redirects=False).status_code == 303


def test_login_form_needs_its_csrf_token(council: Callable[[], TestClient]) -> None:
    c = council()
    c.get("/login")
    r = c.post("/login", data={"username": "amy", "password": PASSWORD, "csrf_token": "forged"})
    assert r.status_code == 403
