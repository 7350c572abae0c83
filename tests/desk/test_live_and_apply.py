"""Apply a rewrite (the post with one finding fixed, when the report says it is safe) and the
page the live check writes into; the live check itself runs in tests/desk/test_browser.py."""

from __future__ import annotations

import copy
import html
from typing import Any

from fastapi.testclient import TestClient

from pausecheck.desk.presenter import rewrite
from pausecheck.store import accounts, history


def test_the_rewrite_comes_from_the_reports_replacement() -> None:
    r = {"strategy": "redact", "applicability": "safe", "edits": [], "text": "Rewritten.", "verdict": "publish"}
    assert rewrite({"replacement": r}) == ("Rewritten.", False)
    assert rewrite({"replacement": {**r, "applicability": "review"}}) == ("Rewritten.", True)
    assert rewrite({"replacement": None}) is None
    assert rewrite({}) is None
    assert rewrite({"replacement": {**r, "applicability": "sometimes"}}) is None
    assert rewrite({"replacement": {**r, "text": 7}}) is None


def _stored(client: TestClient, report: dict[str, Any]) -> int:
    with client.app.state.store.sessions.begin() as s:  # type: ignore[attr-defined]
        user = accounts.local_user(s)
        return history.add_check(s, user.id, report["post"]["text"], {"platform": "x"}, report).id


def test_apply_puts_the_rewrite_in_the_draft_box(client: TestClient) -> None:
    # A resident's phone number beside their casework: the redaction is a safe rewrite.
    text = "Spoke to Mrs Jones about her damp flat, call her on 07700 900123 if you can help."
    report = client.post("/api/v1/check", json={"text": text, "at": "2026-03-14T14:30"}).json()
    fixes = [(n, f["replacement"]) for n, f in enumerate(report["findings"], 1)
             if f.get("replacement") and "07700 900123" not in f["replacement"]["text"]]
    assert fixes, report["findings"]
    number, fix = fixes[0]
    assert fix["applicability"] == "safe"
    check_id = _stored(client, report)
    page = client.get(f"/checks/{check_id}").text
    assert f'href="/?again={check_id}&amp;apply={number}"' in page
    box = client.get(f"/?again={check_id}&apply={number}")
    assert box.status_code == 200
    assert f">{html.escape(fix['text'])}</textarea>" in box.text
    assert client.get(f"/?again={check_id}&apply=99").status_code == 404


def test_no_apply_without_a_replacement(client: TestClient) -> None:
    report = client.post("/api/v1/check", json={"text": "Cllr Smith is an idiot."}).json()
    data = copy.deepcopy(report)
    for f in data["findings"]:
        f["replacement"] = None
    plain_id = _stored(client, data)
    assert "Apply this rewrite" not in client.get(f"/checks/{plain_id}").text
    assert client.get(f"/?again={plain_id}&apply=1").status_code == 404


def test_a_rewrite_that_changes_the_meaning_says_so(client: TestClient) -> None:
    report = client.post("/api/v1/check", json={"text": "Cllr Smith is an idiot."}).json()
    data = copy.deepcopy(report)
    f = data["findings"][0]
    f["replacement"] = {"strategy": "template", "applicability": "review", "edits": [],
                        "text": "I disagree with Cllr Smith.", "verdict": "publish"}
    page = client.get(f"/checks/{_stored(client, data)}").text
    assert "this rewrite changes what you say" in page


def test_compose_has_the_live_region_and_works_without_script(client: TestClient) -> None:
    page = client.get("/").text
    assert '<div id="live" class="live" data-check-api="/api/v1/check" aria-live="polite"></div>' in page
    assert '<form method="post" action="/check"' in page  # Check is a plain form post
