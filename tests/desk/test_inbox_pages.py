"""The desk's inbox, moderation queue and sender log: the 999 banner on a threat to life (and
not on criticism), hostile text escaped, CSRF on every POST, decisions as log entries, and
role separation (a member sees only their own messages; the Monitoring Officer sees none)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
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


def _zip(body: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_export_downloads_the_members_pack(client: TestClient) -> None:
    paste(client, THREAT)
    paste(client, HOSTILE, sender="@other")
    page = client.get("/inbox/export")
    assert page.status_code == 200
    assert '<option value="x:angry1">' in page.text
    assert 'enctype="multipart/form-data"' in page.text
    token = csrf(page.text)
    r = client.post("/inbox/export", data={"csrf_token": token, "sender": "x:angry1",
                                           "impact": "I <b>no longer</b> feel safe"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/zip"
    assert re.fullmatch(r'attachment; filename="evidence-pack-\d{8}-\d{6}\.zip"', r.headers["content-disposition"])
    files = _zip(r.content)
    assert {"report.pdf", "entries.json", "MANIFEST.sha256", "impact-statement.txt"} <= set(files)
    for line in files["MANIFEST.sha256"].decode().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256(files[name]).hexdigest() == digest, name
    assert files["report.pdf"].startswith(b"%PDF-")
    contents = [e["content"] for e in json.loads(files["entries.json"])["entries"]]
    assert contents == [THREAT]  # one sender: not @other's message
    assert files["impact-statement.txt"].decode() == "I <b>no longer</b> feel safe"
    everyone = _zip(client.post("/inbox/export", data={"csrf_token": token}).content)
    assert [e["content"] for e in json.loads(everyone["entries.json"])["entries"]] == [THREAT, HOSTILE]
    missing = client.post("/inbox/export", data={"csrf_token": token, "sender": "x:nobody"})
    assert missing.status_code == 404
    assert "no message from that sender" in missing.text
    assert client.post("/inbox/export", data={"csrf_token": "forged"}).status_code == 403
    assert client.post("/inbox/export", data={"csrf_token": token},
                       headers={"origin": "https://evil.example"}).status_code == 403


def test_export_is_the_members_own_and_the_officer_gets_403(council: Callable[[], TestClient]) -> None:  # noqa: F811
    amy, ben, mo = council(), council(), council()
    sign_in(amy, "amy")
    sign_in(ben, "ben")
    sign_in(mo, "mo")
    paste(amy, THREAT)
    got = ben.post("/inbox/export", data={"csrf_token": csrf(ben.get("/inbox/export").text)})
    assert got.status_code == 200
    assert json.loads(_zip(got.content)["entries.json"])["entries"] == []
    assert mo.get("/inbox/export").status_code == 403
    token = csrf(mo.get("/").text)
    refused = mo.post("/inbox/export", data={"csrf_token": token})
    assert refused.status_code == 403
    assert b"coming for you" not in refused.content
