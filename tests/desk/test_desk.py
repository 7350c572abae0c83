"""The single-user desk through FastAPI's TestClient: every page renders, checks are stored and
highlighted, hostile text is inert, forms need their CSRF token, history round trip, forget."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from desk_forms import csrf
from fastapi.testclient import TestClient

DRAFT = "Cllr Smith is a liar and an idiot."


def check(client: TestClient, text: str, **fields: str) -> object:
    token = csrf(client.get("/").text)
    data = {"csrf_token": token, "text": text, "account": "councillor", "platform": "", "at": "", **fields}
    return client.post("/check", data=data, files={"image": ("", b"", "application/octet-stream")},
                       follow_redirects=False)


def test_compose_page_renders_with_security_headers(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert '<textarea id="text" name="text"' in r.text
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["cache-control"] == "no-store"
    assert "<script>" not in r.text  # no inline script, only <script src>
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie


def test_check_stores_and_highlights_each_span(client: TestClient) -> None:
    r = check(client, DRAFT, platform="x")
    assert r.status_code == 303
    page = client.get(r.headers["location"])
    assert page.status_code == 200
    html = page.text
    assert "Do not publish" in html
    marks = re.findall(r'<mark tabindex="0" id="span-(\d+)-(\d+)"[^>]*aria-describedby="([^"]+)"', html)
    spans = {DRAFT[int(a):int(b)] for a, b, _ in marks}
    assert {"liar", "idiot"} <= spans
    for _, _, described in marks:
        for ref in described.split():
            assert f'id="{ref}"' in html  # every mark points at a finding on the page
    assert "(flagged: finding" in html  # said in words, not colour alone
    assert "Why it matters" in html
    assert "of 280 on X" in html
    assert "Pause for" in html  # a check with findings starts the cooling-off pause


def test_the_pause_is_enforced_by_the_server(client: TestClient, make_client: Callable[..., TestClient]) -> None:
    r = check(client, DRAFT)
    page = client.get(r.headers["location"])
    ready = client.post(r.headers["location"] + "/ready", data={"csrf_token": csrf(page.text)})
    assert ready.status_code == 409
    assert "You can copy the post in" in ready.text
    quick = make_client(cooling_off_seconds=0, cooling_off_late_seconds=0)
    r = check(quick, DRAFT)
    page = quick.get(r.headers["location"])
    ready = quick.post(r.headers["location"] + "/ready", data={"csrf_token": csrf(page.text)})
    assert ready.status_code == 200
    assert "Copy the post" in ready.text


def test_clean_post_has_no_pause(client: TestClient) -> None:
    r = check(client, "Lovely afternoon at the Roundhay summer fete, thank you to all the volunteers.")
    page = client.get(r.headers["location"]).text
    assert "Publish" in page
    assert "Pause for" not in page
    assert "<mark" not in page


@pytest.mark.parametrize("payload", [
    "<script>alert('x')</script> Cllr Smith is an idiot",
    '"><img src=x onerror=alert(1)>',
    "</textarea><script>alert(1)</script>",
    "{{ 7*7 }} {% raw %}",
])
def test_hostile_text_renders_inert(client: TestClient, payload: str) -> None:
    r = check(client, payload)
    assert r.status_code == 303
    for url in (r.headers["location"], "/history", f"/history?q={payload[:20]}", "/?again=" + r.headers["location"].rsplit("/", 1)[1]):
        html = client.get(url).text
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "</textarea><script>" not in html
    assert "&lt;script&gt;" in client.get(r.headers["location"]).text or "<script" not in payload


def test_empty_and_huge_input_get_a_clear_message(client: TestClient) -> None:
    empty = check(client, "   ")
    assert empty.status_code == 422
    assert "cannot be checked" in empty.text
    huge = check(client, "word " * 5000)
    assert huge.status_code == 413
    assert "too long to check" in huge.text
    assert client.get("/history").text.count("/checks/") == 0  # neither was stored


def test_bad_account_time_and_image_are_refused(client: TestClient) -> None:
    assert check(client, "hello", account="mayor").status_code == 422
    bad_time = check(client, "hello", at="yesterday")
    assert bad_time.status_code == 422
    assert "date and time" in bad_time.text
    token = csrf(client.get("/").text)
    r = client.post("/check", data={"csrf_token": token, "text": "hello"},
                    files={"image": ("evil.svg", b"<svg onload=alert(1)>", "image/svg+xml")})
    assert r.status_code == 422
    assert "JPEG, PNG or WebP" in r.text


def test_an_image_is_checked_and_only_its_name_is_kept(client: TestClient, pack: object) -> None:
    images = sorted((Path(pack.path) / "examples").glob("*.jpg"))  # type: ignore[attr-defined]
    token = csrf(client.get("/").text)
    r = client.post("/check", data={"csrf_token": token, "text": "At the fete today"},
                    files={"image": ("../../etc/My photo.jpg", images[0].read_bytes(), "image/jpeg")},
                    follow_redirects=False)
    assert r.status_code == 303
    html = client.get(r.headers["location"]).text
    assert "pausecheck-desk-" not in html  # no temporary path anywhere


def test_post_without_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/")
    r = client.post("/check", data={"text": DRAFT})
    assert r.status_code == 403
    assert "expired" in r.text
    r = client.post("/check", data={"text": DRAFT, "csrf_token": "forged"})
    assert r.status_code == 403
    fresh = TestClient(client.app)  # another browser: its own session and token
    token = csrf(client.get("/").text)
    assert fresh.post("/check", data={"text": DRAFT, "csrf_token": token}).status_code == 403
    other_site = client.post("/check", data={"text": DRAFT, "csrf_token": token},
                             headers={"origin": "https://evil.example"})
    assert other_site.status_code == 403


def test_oversized_body_is_refused_before_reading(client: TestClient) -> None:
    client.get("/")
    r = client.post("/check", content=b"x", headers={"content-length": str(7 * 1024 * 1024),
                                                      "content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413


def test_history_round_trip_search_reopen_delete(client: TestClient) -> None:
    first = check(client, "Residents of Elm Street: the bins will be collected on Friday.")
    second = check(client, DRAFT)
    listing = client.get("/history").text
    assert "Elm Street" in listing
    assert "Cllr Smith" in listing
    found = client.get("/history", params={"q": "elm street"}).text
    assert "Elm Street" in found
    assert "Cllr Smith" not in found
    again = client.get("/?again=" + second.headers["location"].rsplit("/", 1)[1]).text
    assert DRAFT in again  # re-open into the compose form
    token = csrf(listing)
    deleted = client.post(first.headers["location"] + "/delete", data={"csrf_token": token}, follow_redirects=False)
    assert deleted.status_code == 303
    assert client.get(first.headers["location"]).status_code == 404
    assert "Elm Street" not in client.get("/history").text


def test_forget_everything_needs_confirming_and_deletes_from_the_file(
        make_client: Callable[..., TestClient], sqlite_path: Path) -> None:
    client = make_client(database=f"sqlite:///{sqlite_path}")
    marker = "Ms Philippa Wolstenholme-Quayle"
    for i in range(5):
        check(client, f"{marker} has not paid her council tax, number {i}")
    assert marker.encode() in sqlite_path.read_bytes()
    token = csrf(client.get("/history").text)
    refused = client.post("/history/forget", data={"csrf_token": token})
    assert refused.status_code == 422
    done = client.post("/history/forget", data={"csrf_token": token, "confirm": "yes"})
    assert done.status_code == 200
    assert "Deleted 5 checks" in done.text
    assert marker.encode() not in sqlite_path.read_bytes()
    assert b"Wolstenholme" not in sqlite_path.read_bytes()


def test_catalogue_lists_every_rule_and_each_rule_page_renders(client: TestClient, pack: object) -> None:
    page = client.get("/rules").text
    rules = pack.rules  # type: ignore[attr-defined]
    for rule in rules:
        assert f'href="/rules/{rule.code}"' in page
    assert "Clause coverage" in page
    for rule in rules:
        r = client.get(f"/rules/{rule.code}")
        assert r.status_code == 200, rule.code
        assert rule.clause.ref.replace("'", "&#39;") in r.text
        assert "Examples it flags" in r.text
    assert client.get("/rules/NO-SUCH-999").status_code == 404


def test_practice_answer_is_checked_and_progress_kept(client: TestClient, pack: object) -> None:
    page = client.get("/practice").text
    scenario = re.search(r'name="scenario" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert "0 of" in page
    token = csrf(page)
    r = client.post("/practice", data={"csrf_token": token, "scenario": scenario, "verdict": "publish",
                                       "clause": "none"})
    assert r.status_code == 200
    assert "The guidance's answer" in r.text
    code, kind, _ = scenario.split("/")
    rule = pack.rule(code)  # type: ignore[attr-defined]
    if kind == "fail":  # a fail example: "publish, no clause" cannot be right
        assert "Not quite" in r.text
        assert rule.clause.ref.replace("'", "&#39;") in r.text
    assert "1 of" in client.get("/practice").text
    bad = client.post("/practice", data={"csrf_token": token, "scenario": scenario, "verdict": "maybe",
                                         "clause": "none"})
    assert bad.status_code == 422
    assert client.get("/practice", params={"s": "NOPE/fail/0"}).status_code == 404


def test_council_pages_do_not_exist_on_the_single_user_desk(client: TestClient) -> None:
    assert client.get("/login").status_code == 404
    assert client.get("/oversight").status_code == 404


def test_static_files_are_served_and_vendor_nothing_remote(client: TestClient) -> None:
    js = client.get("/static/desk.js")
    assert js.status_code == 200
    assert "http://" not in js.text
    assert "https://" not in js.text
    assert client.get("/static/desk.css").status_code == 200
    assert "https://" not in client.get("/").text


def test_next_morning_is_the_coming_reminder_time() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from pausecheck.desk.routes.compose import next_morning

    london = ZoneInfo("Europe/London")
    assert next_morning(datetime(2026, 3, 14, 23, 40, tzinfo=london), "08:00") == datetime(2026, 3, 15, 8, 0, tzinfo=london)
    assert next_morning(datetime(2026, 3, 15, 1, 10, tzinfo=london), "08:00") == datetime(2026, 3, 15, 8, 0, tzinfo=london)
    assert next_morning(datetime(2026, 3, 15, 8, 0, tzinfo=london), "08:00") == datetime(2026, 3, 16, 8, 0, tzinfo=london)
    # The clocks go forward on 29 March 2026: 08:00 is still 08:00 local time.
    assert next_morning(datetime(2026, 3, 28, 23, 0, tzinfo=london), "08:00").utcoffset().total_seconds() == 3600


@pytest.mark.real_clock
def test_a_late_night_draft_can_be_re_read_in_the_morning(client: TestClient) -> None:
    from datetime import UTC, datetime, timedelta

    from pausecheck.store import accounts, history

    r = check(client, DRAFT, at="2026-03-14T23:40")  # meant to go out late at night
    page = client.get(r.headers["location"])
    assert "Remind me to re-read it in the morning" in page.text
    token = csrf(page.text)
    set_ = client.post(r.headers["location"] + "/remind", data={"csrf_token": token}, follow_redirects=False)
    assert set_.status_code == 303
    page = client.get(r.headers["location"])
    assert "We will remind you to re-read this draft at 08:00 on" in page.text
    check_id = int(r.headers["location"].rsplit("/", 1)[1])
    with client.app.state.store.sessions() as s:  # type: ignore[attr-defined]
        user = accounts.local_user(s)
        stored = history.get_check(s, user.id, check_id)
        assert stored is not None and stored.remind_at is not None
        assert stored.remind_at > datetime.now(UTC)
        assert stored.remind_at - datetime.now(UTC) <= timedelta(hours=24, minutes=1)
        user_id = user.id
    # Not due yet: the compose page lists nothing; once due, it links the draft with a Done button.
    assert "Drafts to re-read this morning" not in client.get("/").text
    with client.app.state.store.sessions.begin() as s:  # type: ignore[attr-defined]
        history.set_reminder(s, user_id, check_id, datetime.now(UTC) - timedelta(minutes=1))
    home = client.get("/").text
    assert "Drafts to re-read this morning" in home and f'href="/checks/{check_id}"' in home
    done = client.post(f"/checks/{check_id}/remind", data={"csrf_token": csrf(home), "cancel": "1"},
                       follow_redirects=False)
    assert done.status_code == 303
    assert "Drafts to re-read this morning" not in client.get("/").text
    # Someone else's check, or no CSRF token: refused.
    assert client.post("/checks/999999/remind", data={"csrf_token": csrf(home)}).status_code == 404
    assert client.post(f"/checks/{check_id}/remind", data={}).status_code in (400, 403)


@pytest.mark.real_clock
def test_a_daytime_draft_offers_no_reminder(client: TestClient) -> None:
    r = check(client, DRAFT, at="2026-03-14T14:30")
    page = client.get(r.headers["location"]).text
    late_now = "Remind me to re-read it in the morning" in page
    # The offer follows the time the post goes out, or the time of the check if that is late.
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    settings = client.app.state.checker.pack.manifest.settings  # type: ignore[attr-defined]
    start, end = time.fromisoformat(settings.late_night.start), time.fromisoformat(settings.late_night.end)
    now = datetime.now(ZoneInfo(settings.timezone)).time()
    assert late_now == ((start <= now or now < end) if start > end else (start <= now < end))
