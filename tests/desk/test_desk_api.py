"""The JSON API (version 1) through FastAPI's TestClient: the CLI's report schema, batches,
rules, the OpenAPI document and its page, size limits, and a clear 4xx (never a 500) for
anything wrong with a request."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from pausecheck import Checker, Post
from pausecheck.desk.security import MAX_API_BATCH_BYTES, MAX_API_CHECK_BYTES
from pausecheck.report.json_report import SCHEMA, report_to_dict

DRAFT = "Cllr Smith is a liar and an idiot."
AT = "2026-03-14T14:30:00"


def test_check_gives_the_clis_report(client: TestClient, desk_checker: Checker) -> None:
    r = client.post("/api/v1/check", json={"text": DRAFT, "platform": "x", "at": AT})
    assert r.status_code == 200
    assert r.headers["pausecheck-api"] == "1"
    assert r.headers["content-type"] == "application/json"
    data = r.json()
    assert data["schema"] == SCHEMA == "pausecheck.report/3"
    assert data["verdict"] == "do-not-publish"
    spans = {(s["start"], s["end"], s["match"]) for f in data["findings"] for s in f["spans"]}
    for word in ("liar", "idiot"):
        start = DRAFT.index(word)
        assert (start, start + len(word), word) in spans
    expected = report_to_dict(desk_checker.check(Post(DRAFT, platform="x", at=datetime.fromisoformat(AT))))
    assert data == json.loads(json.dumps(expected))


def test_unversioned_paths_answer_as_version_one(client: TestClient) -> None:
    body = {"text": DRAFT, "at": AT}
    assert client.post("/api/check", json=body).json() == client.post("/api/v1/check", json=body).json()
    assert client.get("/api/rules").json() == client.get("/api/v1/rules").json()
    assert client.get("/api/rules").headers["pausecheck-api"] == "1"


@pytest.mark.real_clock
def test_check_defaults_to_now_and_stores_nothing(client: TestClient) -> None:
    data = client.post("/api/check", json={"text": "Lovely day at the fete, thanks to all the volunteers."}).json()
    assert data["verdict"] == "publish"
    at = datetime.fromisoformat(data["post"]["at"])
    assert at.tzinfo is not None
    assert abs((datetime.now(at.tzinfo) - at).total_seconds()) < 120
    assert "No checks yet" in client.get("/history").text


def test_batch_keeps_order_and_ids_and_reports_bad_posts_in_place(client: TestClient) -> None:
    r = client.post("/api/v1/check-batch", json={"posts": [
        {"text": "Thank you to everyone at the fete.", "at": AT},
        {"text": "   ", "id": "blank"},
        {"id": "rude", "text": "You are an idiot.", "at": AT, "platform": "facebook"},
    ]})
    assert r.status_code == 200
    data = r.json()
    assert data["schema"] == "pausecheck.batch/1"
    first, blank, rude = data["results"]
    assert (first["id"], first["verdict"]) == ("1", "publish")
    assert blank["id"] == "blank"
    assert blank["schema"] == SCHEMA
    assert "empty" in blank["error"]
    assert rude["id"] == "rude"
    assert rude["verdict"] != "publish"
    assert rude["post"]["platform"] == "facebook"


def test_rules_list_every_rule_with_its_clause_and_examples(client: TestClient, checker: Checker) -> None:
    data = client.get("/api/v1/rules").json()
    assert data["schema"] == "pausecheck.rules/1"
    assert data["pack"]["id"] == checker.pack.id
    codes = [r["code"] for r in data["rules"]]
    assert codes == [r.code for r in checker.pack.rules]
    for rule in data["rules"]:
        assert rule["clause"]["ref"] in checker.pack.clauses
        assert rule["why"]
        assert rule["advice"]
        assert rule["examples"]["fail"]
        assert client.get(rule["url"]).status_code == 200


def test_openapi_document_and_plain_docs_page(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {"/api/v1/check", "/api/v1/check-batch", "/api/v1/rules"}  # no HTML pages
    assert "post" in spec["paths"]["/api/v1/check"]
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/api/v1/check-batch" in page.text
    assert "&#34;text&#34;" in page.text or "&quot;text&quot;" in page.text  # the request schema, escaped
    assert "cdn" not in page.text.lower()
    assert "<script src=\"/static/desk.js\"" in page.text
    assert page.text.count("<script") == 1  # only the desk's own script, no Swagger UI from a CDN


BAD_BODIES = [
    (b"{", "not valid JSON"),
    (b"[]", "(the body)"),
    (b'"just a string"', "(the body)"),
    (b"null", "(the body)"),
    (b'{"text": 5}', "text"),
    (b'{"text": null}', "text"),
    (b'{}', "text"),
    (b'{"text": "hi", "colour": "red"}', "colour"),
    (b'{"text": "hi", "account": "mayor"}', "account"),
    (b'{"text": "hi", "platform": "myspace"}', "platform"),
    (b'{"text": "hi", "at": "yesterday"}', "at"),
    (b'{"text": "hi", "in_meeting": "yes"}', "in_meeting"),
    (b'{"text": ["a", "b"]}', "text"),
    (b"\xff\xfe{\x00", ""),
    ('{"text": "caf\u00e9"}'.encode("latin-1"), ""),
]


@pytest.mark.parametrize(("body", "field"), BAD_BODIES)
def test_invalid_requests_get_a_clear_4xx(client: TestClient, body: bytes, field: str) -> None:
    r = client.post("/api/v1/check", content=body, headers={"content-type": "application/json"})
    assert 400 <= r.status_code < 500, r.text
    error = r.json()["error"]
    assert error["status"] == r.status_code
    assert error["message"]
    if field:
        assert field in json.dumps(error)


@pytest.mark.parametrize("body", [{}, {"posts": []}, {"posts": [{"text": "a"}] * 101}, {"posts": [{"txt": "a"}]},
                                  {"posts": "hello"}])
def test_invalid_batches_get_a_422(client: TestClient, body: object) -> None:
    r = client.post("/api/v1/check-batch", json=body)
    assert r.status_code == 422
    assert r.json()["error"]["fields"]


def test_empty_and_too_long_drafts(client: TestClient, checker: Checker) -> None:
    empty = client.post("/api/v1/check", json={"text": "  \n "})
    assert empty.status_code == 422
    assert "cannot be checked" in empty.json()["error"]["message"]
    limit = checker.pack.manifest.settings.max_chars
    long = client.post("/api/v1/check", json={"text": "a" * (limit + 1)})
    assert long.status_code == 413
    assert "too long" in long.json()["error"]["message"]


def test_request_size_limits_come_before_the_body_is_read(client: TestClient) -> None:
    big = b'{"text": "' + b"a" * MAX_API_CHECK_BYTES + b'"}'
    r = client.post("/api/v1/check", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.json()["error"]["message"].startswith("The request is too large")
    huge = b'{"posts": [{"text": "' + b"a" * MAX_API_BATCH_BYTES + b'"}]}'
    r = client.post("/api/v1/check-batch", content=huge, headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_only_json_is_taken(client: TestClient) -> None:
    # A form or text/plain is what a page on another site can send without a CORS preflight.
    for kind in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
        r = client.post("/api/v1/check", content=b'{"text": "hi"}', headers={"content-type": kind})
        assert r.status_code == 415, kind
    assert client.post("/api/v1/check", content=b'{"text": "hi"}').status_code == 415


def test_wrong_path_or_method_is_a_json_4xx(client: TestClient) -> None:
    for r in (client.get("/api/v1/check"), client.get("/api/v2/check"), client.delete("/api/v1/rules"),
              client.get("/api/v1/rules/../../etc/passwd")):
        assert 400 <= r.status_code < 500
        assert r.json()["error"]["status"] == r.status_code


def test_hostile_text_comes_back_as_data(client: TestClient) -> None:
    payload = "<script>alert(1)</script> you idiot \u202e"
    r = client.post("/api/v1/check", json={"text": payload})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.json()["post"]["text"].startswith("<script>alert(1)</script>")  # data, not markup


def test_council_server_api_needs_a_signed_in_session(make_client: Callable[..., TestClient]) -> None:
    council = make_client(mode="council")
    r = council.post("/api/v1/check", json={"text": DRAFT})
    assert r.status_code == 401
    assert "Sign in" in r.json()["error"]["message"]
    assert council.get("/api/v1/rules").status_code == 401
