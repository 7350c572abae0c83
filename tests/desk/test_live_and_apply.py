"""Apply a rewrite (the post with one finding fixed, when the report says it is safe) and the
page the live check writes into; the live check itself runs in tests/desk/test_browser.py."""

from __future__ import annotations

import copy
import html
from typing import Any

from fastapi.testclient import TestClient

from pausecheck.desk.presenter import rewrite
from pausecheck.store import accounts, history

TEXT = "What a load of rot from the cabinet, a load of rot."


def finding(**extra: Any) -> dict[str, Any]:
    spans = [{"start": 15, "end": 18, "match": "rot", "replacement": "nonsense"},
             {"start": 47, "end": 50, "match": "rot", "replacement": "nonsense"}]
    return {"scope": "span", "spans": spans, "suggestion": {"text": "Say nonsense", "replacement": "nonsense",
                                                            "safe": True}, **extra}


def test_a_safe_suggestion_rewrites_every_span() -> None:
    assert TEXT[15:18] == TEXT[47:50] == "rot"
    assert rewrite(finding(), TEXT) == "What a load of nonsense from the cabinet, a load of nonsense."


def test_no_rewrite_unless_safe_and_fitting() -> None:
    unsafe = finding()
    unsafe["suggestion"]["safe"] = False
    assert rewrite(unsafe, TEXT) is None
    assert rewrite(finding(), "Some other text entirely, which the spans do not fit.") is None
    none = finding()
    for s in none["spans"]:
        s["replacement"] = None
    assert rewrite(none, TEXT) is None


def test_the_findings_own_rewrite_wins_when_safe() -> None:
    assert rewrite(finding(replacement={"text": "A rewritten post.", "safe": True}), TEXT) == "A rewritten post."
    assert rewrite(finding(replacement={"text": "A risky rewrite.", "safe": False}), TEXT) is None


def test_apply_puts_the_rewrite_in_the_draft_box(client: TestClient) -> None:
    report = client.post("/api/v1/check", json={"text": "Cllr Smith is an idiot.", "at": "2026-03-14T14:30"}).json()
    assert report["findings"]
    data = copy.deepcopy(report)
    f = data["findings"][0]
    f["suggestion"] = {"text": "Say what you disagree with.", "replacement": "wrong", "safe": True}
    for s in f["spans"]:
        s["replacement"] = "wrong"
    expected = rewrite(f, report["post"]["text"])
    assert expected == "Cllr Smith is an wrong."
    app = client.app
    with app.state.store.sessions.begin() as s:  # type: ignore[attr-defined]
        user = accounts.local_user(s)
        check_id = history.add_check(s, user.id, report["post"]["text"], {"platform": "x"}, data).id
    page = client.get(f"/checks/{check_id}").text
    assert f'href="/?again={check_id}&amp;apply=1"' in page
    box = client.get(f"/?again={check_id}&apply=1")
    assert box.status_code == 200
    assert f">{html.escape(expected)}</textarea>" in box.text
    assert client.get(f"/?again={check_id}&apply=9").status_code == 404
    # Without a safe rewrite there is nothing to apply.
    plain = client.post("/api/v1/check", json={"text": "Cllr Smith is an idiot."}).json()
    with app.state.store.sessions.begin() as s:  # type: ignore[attr-defined]
        plain_id = history.add_check(s, accounts.local_user(s).id, plain["post"]["text"], {}, plain).id
    assert "Apply this rewrite" not in client.get(f"/checks/{plain_id}").text
    assert client.get(f"/?again={plain_id}&apply=1").status_code == 404


def test_compose_has_the_live_region_and_works_without_script(client: TestClient) -> None:
    page = client.get("/").text
    assert '<div id="live" class="live" data-check-api="/api/v1/check" aria-live="polite"></div>' in page
    assert '<form method="post" action="/check"' in page  # Check is a plain form post
