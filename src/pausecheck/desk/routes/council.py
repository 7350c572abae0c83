"""The council's server: sign in and out, and the Monitoring Officer's oversight counts.

None of these pages exists on the single-user desk.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from pausecheck.desk.app import render
from pausecheck.desk.config import DeskConfig
from pausecheck.desk.security import (
    LOGIN_COOKIE,
    Viewer,
    check_csrf,
    cookie_name,
    set_session_cookie,
    sign_in,
    viewer,
)
from pausecheck.store import SUPPRESS_BELOW, accounts, oversight

router = APIRouter(include_in_schema=False)


def council_only(request: Request) -> DeskConfig:
    config: DeskConfig = request.app.state.config
    if not config.council:
        raise HTTPException(status_code=404, detail="The single-user desk has no accounts.")
    return config


def _login_page(request: Request, error: str | None = None, status: int = 200, username: str = "") -> Response:
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)
    response = render(request, "login.html", {"error": error, "login_csrf": token, "username": username}, status)
    config: DeskConfig = request.app.state.config
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, path="/", httponly=True, secure=config.cookies_secure,
                        samesite="strict")
    return response


@router.get("/login", dependencies=[Depends(council_only)])
def login_form(request: Request) -> Response:
    return _login_page(request)


@router.post("/login", dependencies=[Depends(council_only), Depends(check_csrf)])
def login(request: Request, username: Annotated[str, Form(max_length=64)] = "",
          password: Annotated[str, Form(max_length=1024)] = "") -> Response:
    config: DeskConfig = request.app.state.config
    remote = request.client.host if request.client else None
    with request.app.state.store.sessions.begin() as s:
        outcome = sign_in(s, config, username, password, remote)
        if isinstance(outcome, str):
            status = 429 if outcome.startswith("Too many") else 401
            return _login_page(request, outcome, status, username)
        token, _row = accounts.create_session(s, outcome)
        home = "/oversight" if outcome.role == "monitoring-officer" else "/"
    response = RedirectResponse(home, status_code=303)
    set_session_cookie(response, config, token)
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


@router.post("/logout", dependencies=[Depends(council_only), Depends(check_csrf)])
def logout(request: Request, who: Annotated[Viewer, Depends(viewer)]) -> Response:
    config: DeskConfig = request.app.state.config
    token = request.cookies.get(cookie_name(config), "")
    with request.app.state.store.sessions.begin() as s:
        accounts.end_session(s, token)
        accounts.append_audit(s, "sign-out", who.username, remote=request.client.host if request.client else None)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(cookie_name(config), path="/", secure=config.cookies_secure, httponly=True,
                           samesite="strict")
    return response


@router.get("/oversight", dependencies=[Depends(council_only)])
def oversight_page(request: Request, who: Annotated[Viewer, Depends(viewer)]) -> Response:
    if not who.officer:
        raise HTTPException(status_code=403, detail="Only the Monitoring Officer sees the oversight counts.")
    with request.app.state.store.sessions() as s:
        counts = oversight.weekly_counts(s)
    return render(request, "oversight.html", {"counts": counts, "threshold": SUPPRESS_BELOW})
