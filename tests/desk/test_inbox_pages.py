"""The desk's inbox, moderation queue and sender log: the 999 banner on a threat to life (and
not on criticism), hostile text escaped, CSRF on every POST, decisions as log entries, and
role separation (a member sees only their own messages; the Monitoring Officer sees none)."""

from __future__ import annotations

import re
from collections.abc import Callable

from desk_forms import csrf
from fastapi.testclient import TestClient
from test_council import council, sign_in  # noqa: F401  (the council fixture)

from pausecheck.store import evidence

THREAT = "I know where you live and I'm coming for you tonight"
CRITICISM = "Your vote on the library closure was a disgrace and I will vote you out"
HOSTILE = "<script>alert(1)</script> you are a lying idiot & a fraud"


def paste(client: TestClient, text: str, sender: str = "@angry1", csrf_token: str | None = None) -> object:
    token = csrf_token if csrf_token is not None else csrf(client.get("/inbox").text)
    return client.post("/inbox", data={"csrf_token": token, "sender": sender, "platform": "x", "text": text,
                                       "url": "https://x.com/angry1/status/9", "received": "2026-03-10T22:15"},
                       follow_redirects=False)


def log(client: TestClient, owner: str = "local") -> list[evidence.EvidenceEntry]:
    with client.app.state.store.sessions() as s:  # type: ignore[attr-defined]
        return list(evidence.entries(s, owner=owner))


def test_a_threat_to_life_puts_the_999_banner_first_as_an_alert(client: TestClient) -> None:
    assert paste(client, CRITICISM, sender="Pat Resident").status_code == 303
    page = client.get("/inbox").text
    assert 'role="alert"' not in page and "call 999" not in page  # criticism: no police banner
    r = paste(client, THREAT)
    assert r.status_code == 303 and r.headers["location"].startswith("/inbox?added=1")
    page = client.get("/inbox").text
    main = page[page.index('<main id="main"'):]
    alert = re.search(r'<div class="alarm" role="alert">(.*?)</div>', main, re.S)
    assert alert is not None and main.index('role="alert"') < main.index("<h1>")
    assert "If you or anyone is in immediate danger, call 999." in alert.group(1)
    assert "101" in alert.group(1) and "Monitoring Officer" in alert.group(1)
    assert "<button" not in alert.group(1)  # nothing to dismiss it with
    rows = re.findall(r"<tr>\s*<td>(\w+)", main)
    assert rows == ["high", "none"]  # the threat first
    assert [e.data["priority"] for e in log(client) if e.kind == "message"] == ["none", "high"]


def test_hostile_text_is_escaped_on_every_page(client: TestClient) -> None:
    paste(client, HOSTILE, sender='<img src=x onerror="alert(2)">')
    for path in ("/inbox", "/inbox/queue", "/inbox/senders"):
        page = client.get(path).text
        assert "<script>alert(1)" not in page and "<img src=x" not in page, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt; you are a lying idiot &amp; a fraud" in client.get("/inbox").text
    senders = client.get("/inbox/senders").text
    link = re.search(r'href="(/inbox/log/x/[^"]+)"', senders)
    assert link is not None
    page = client.get(link.group(1).replace("&amp;", "&"))
    assert page.status_code == 200 and "&lt;script&gt;alert(1)" in page.text and "<script>alert(1)" not in page.text


def test_every_post_needs_its_csrf_token(client: TestClient) -> None:
    assert paste(client, THREAT, csrf_token="forged").status_code == 403
    assert not log(client)
    paste(client, HOSTILE)
    entry = next(e for e in log(client) if e.kind == "message")
    for decision in ("remove", "keep", "escalate"):
        r = client.post(f"/inbox/queue/{entry.id}/{decision}", data={"csrf_token": "forged", "reason": "x"})
        assert r.status_code == 403
    r = client.post(f"/inbox/queue/{entry.id}/remove", data={"csrf_token": csrf(client.get("/inbox").text)},
                    headers={"origin": "https://evil.example"})
    assert r.status_code == 403
    assert [e.kind for e in log(client)] == ["message"]


def test_queue_remove_keep_and_escalate_are_chained_log_entries(client: TestClient) -> None:
    paste(client, HOSTILE)
    paste(client, THREAT, sender="@other")
    queue = client.get("/inbox/queue").text
    ids = [int(i) for i in re.findall(r'action="/inbox/queue/(\d+)/remove"', queue)]
    threat, hostile = ids  # sorted by risk: the threat (high) before the insult
    token = csrf(queue)
    r = client.post(f"/inbox/queue/{hostile}/keep", data={"csrf_token": token, "reason": "  "})
    assert r.status_code == 422 and "reason" in r.text
    assert client.post(f"/inbox/queue/{hostile}/remove", data={"csrf_token": token},
                       follow_redirects=False).status_code == 303
    assert client.post(f"/inbox/queue/{threat}/escalate", data={"csrf_token": token}).status_code == 200
    assert client.post("/inbox/queue/9999/remove", data={"csrf_token": token}).status_code == 404
    actions = [(e.refers_to, e.action) for e in log(client) if e.kind == "action"]
    assert actions == [(hostile, "removed"), (threat, "escalated")]
    assert "Nothing to moderate." in client.get("/inbox/queue").text
    done = client.get("/inbox/queue?done=1").text
    assert "State: <strong>removed</strong>" in done and "State: <strong>escalated</strong>" in done
    with client.app.state.store.sessions() as s:  # type: ignore[attr-defined]
        assert evidence.verify(s).ok


def test_the_sender_log_shows_a_possible_course_of_conduct(client: TestClient) -> None:
    paste(client, HOSTILE)
    paste(client, THREAT)
    page = client.get("/inbox/log/x/angry1").text
    assert "possibly a course of conduct" in page
    assert page.count("<blockquote>") == 2
    assert client.get("/inbox/log/x/nobody").status_code == 404


def test_members_see_only_their_own_messages_and_the_officer_none(council: Callable[[], TestClient]) -> None:  # noqa: F811
    amy, ben, mo = council(), council(), council()
    sign_in(amy, "amy")
    sign_in(ben, "ben")
    sign_in(mo, "mo")
    assert paste(amy, THREAT).status_code == 303
    assert "coming for you" in amy.get("/inbox").text
    page = ben.get("/inbox").text
    assert "coming for you" not in page and 'role="alert"' not in page
    assert "Nothing to moderate." in ben.get("/inbox/queue").text
    assert ben.get("/inbox/log/x/angry1").status_code == 404
    entry = next(e for e in log(amy, "amy") if e.kind == "message")
    token = csrf(ben.get("/inbox").text)
    assert ben.post(f"/inbox/queue/{entry.id}/remove", data={"csrf_token": token}).status_code == 404
    for path in ("/inbox", "/inbox/queue", "/inbox/senders", "/inbox/log/x/angry1"):
        got = mo.get(path)
        assert got.status_code == 403, path
        assert "coming for you" not in got.text
    assert [e.kind for e in log(amy, "amy")] == ["message"]
