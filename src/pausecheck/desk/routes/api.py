"""The desk's JSON API, version 1: what the desk's own script and, later, a browser extension on
the platforms' compose boxes call.

- ``POST /api/v1/check``: one post in, the CLI's JSON report (``pausecheck.report/3``) out.
- ``POST /api/v1/check-batch``: up to :data:`MAX_BATCH` posts in, one report (or error) each.
- ``GET /api/v1/rules``: the pack's rules with their clause, why, advice and examples.

``/api/check``, ``/api/check-batch`` and ``/api/rules`` answer as the current version (1); every
answer says its version in the ``Pausecheck-API`` header. The API stores nothing: a check made
here is not in the history (live checking as you type must not keep every keystroke).

Requests are JSON (``Content-Type: application/json``, which a page on another site cannot send
without a CORS preflight the desk never grants), at most :data:`~pausecheck.desk.security.MAX_API_CHECK_BYTES` or
:data:`~pausecheck.desk.security.MAX_API_BATCH_BYTES`; anything wrong with one gets a 4xx with a JSON body
``{"error": {"status", "message", "fields"}}``. On the council's server the API needs a signed-in
session, like the pages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

from pausecheck._exceptions import InputError, InputTooLargeError
from pausecheck._types import Account
from pausecheck.desk.routes.catalogue import example_text
from pausecheck.desk.routes.compose import Platform
from pausecheck.engine import Checker
from pausecheck.post import Post
from pausecheck.report.json_report import SCHEMA, report_to_dict

__all__ = ["MAX_BATCH", "current", "router"]

MAX_BATCH = 100
RULES_SCHEMA = "pausecheck.rules/1"
BATCH_SCHEMA = "pausecheck.batch/1"


class PostIn(BaseModel):
    """A draft and its context, as the desk's form takes it."""

    model_config = ConfigDict(extra="forbid")

    text: StrictStr = Field(..., description="the draft")
    account: Account = Field("councillor", description="the account it goes out from")
    platform: Platform | None = None
    at: datetime | None = Field(None, description="when it is to go out (ISO 8601; without a zone: the pack's "
                                                  "local time); default: now")
    in_meeting: StrictBool = Field(False, description="posted from a council meeting")


class BatchPostIn(PostIn):
    id: StrictStr | None = Field(None, max_length=200, description="your name for the post, echoed back")


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    posts: list[BatchPostIn] = Field(..., min_length=1, max_length=MAX_BATCH)


def _api_viewer(request: Request) -> None:
    """On the council's server, only a signed-in account may call the API."""
    if request.app.state.config.council and request.state.viewer is None:
        raise HTTPException(status_code=401, detail="Sign in to the desk first.")


def _json_only(request: Request) -> None:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise HTTPException(status_code=415, detail="Send the request as JSON (Content-Type: application/json).")


router = APIRouter(prefix="/api/v1", tags=["api"], dependencies=[Depends(_api_viewer)])


def _post(p: PostIn, now: datetime) -> Post:
    return Post(p.text, account=p.account, at=p.at or now, platform=p.platform, in_meeting=p.in_meeting)


@router.post("/check", dependencies=[Depends(_json_only)],
             summary="Check one draft", response_description="the report (pausecheck.report/3, docs/report-format.md)",
             responses={413: {"description": "the draft or the request is too long"},
                        415: {"description": "not JSON"}, 422: {"description": "not a valid request"}})
def check(request: Request, body: PostIn) -> dict[str, Any]:
    checker: Checker = request.app.state.checker
    try:
        post = _post(body, checker.local_now())
        with request.app.state.check_lock:
            report = checker.check(post)
    except InputTooLargeError as e:
        raise HTTPException(status_code=413, detail=f"This draft is too long to check: {e}.") from None
    except InputError as e:
        raise HTTPException(status_code=422, detail=f"This draft cannot be checked: {e}.") from None
    return report_to_dict(report)


@router.post("/check-batch", dependencies=[Depends(_json_only)], summary="Check up to 100 drafts",
             response_description="one result per post, in order: a report, or {schema, id, error}",
             responses={413: {"description": "the request is too long"}, 415: {"description": "not JSON"},
                        422: {"description": "not a valid request"}})
def check_batch(request: Request, body: BatchIn) -> dict[str, Any]:
    checker: Checker = request.app.state.checker
    now = checker.local_now()
    posts: list[Post | None] = []
    errors: dict[int, str] = {}
    for i, p in enumerate(body.posts):
        try:
            posts.append(_post(p, now))
        except InputError as e:
            posts.append(None)
            errors[i] = str(e)
    with request.app.state.check_lock:
        outcomes = iter(checker.check_many([p for p in posts if p is not None], errors="return"))
        results: list[dict[str, Any]] = []
        for i, (p, post) in enumerate(zip(body.posts, posts, strict=True)):
            ident = p.id if p.id is not None else str(i + 1)
            outcome = next(outcomes) if post is not None else None
            if isinstance(outcome, InputError) or outcome is None:
                results.append({"schema": SCHEMA, "id": ident, "error": errors.get(i) or str(outcome)})
            else:
                results.append(report_to_dict(outcome, id=ident))
    return {"schema": BATCH_SCHEMA, "results": results}


@router.get("/rules", summary="The pack's rules", response_description="pausecheck.rules/1")
def rules(request: Request) -> dict[str, Any]:
    pack = request.app.state.checker.pack
    out = []
    for r in pack.rules:
        clause = pack.clauses.get(r.clause.ref)
        out.append({
            "code": r.code, "name": r.name, "title": r.title, "status": r.status, "severity": r.severity,
            "category": r.category, "clause": {"ref": r.clause.ref, "title": clause.title if clause else None,
                                               "summary": r.clause.summary},
            "also": list(r.also), "message": r.message, "why": r.why, "advice": r.advice, "rewrite": r.rewrite,
            "examples": {"fail": [example_text(e) for e in r.examples.fail],
                         "pass": [example_text(e) for e in r.examples.pass_]},
            "url": f"/rules/{r.code}",
        })
    return {"schema": RULES_SCHEMA, "pack": {"id": pack.id, "version": pack.manifest.version,
                                             "title": pack.manifest.title}, "rules": out}


#: The unversioned paths: the current version, left out of the OpenAPI document.
current = APIRouter(prefix="/api", include_in_schema=False, dependencies=[Depends(_api_viewer)])
current.add_api_route("/check", check, methods=["POST"], dependencies=[Depends(_json_only)])
current.add_api_route("/check-batch", check_batch, methods=["POST"], dependencies=[Depends(_json_only)])
current.add_api_route("/rules", rules, methods=["GET"])

