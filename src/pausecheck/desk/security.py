"""Who is asking, and whether to answer: sessions, CSRF, roles, passwords, headers, size limits.

Every browser gets a server-side session (a random token in an HttpOnly, SameSite=Strict cookie;
the store keeps only its sha256) holding a CSRF token that every form POST must echo. The
single-user desk opens a session for its one member on the first visit; the council's server
only after a sign-in with an argon2id-hashed password, at most ``login_attempts`` refusals per
user name or address in ``login_window_minutes``.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import HTTPException, Request
from sqlalchemy.orm import Session
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp

from pausecheck.desk.config import DeskConfig
from pausecheck.store import accounts
from pausecheck.store.models import User, utcnow

__all__ = ["API_VERSION", "MAX_API_BATCH_BYTES", "MAX_API_CHECK_BYTES", "MAX_BODY_BYTES", "Viewer", "api_error", "check_csrf", "hash_password", "sign_in", "viewer"]

#: The largest request body accepted (a draft plus one image of at most 5 MiB).
MAX_BODY_BYTES = 6 * 1024 * 1024
#: The JSON API's version (pausecheck.desk.routes.api), in every API answer's Pausecheck-API header.
API_VERSION = "1"
#: The largest body the API's check takes: a post at the largest ``max_chars`` a pack may set
#: (200,000) in UTF-8, with room for JSON escapes; and its batch check.
MAX_API_CHECK_BYTES = 1024 * 1024
MAX_API_BATCH_BYTES = 4 * 1024 * 1024
SESSION_COOKIE = "pausecheck_session"
LOGIN_COOKIE = "pausecheck_login"

_hasher = PasswordHasher()
#: Verified against when the user name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))

SECURITY_HEADERS = {
    # No inline script or style anywhere: everything comes from /static on this origin.
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def body_limit(path: str) -> int:
    """The largest body a request to ``path`` may send."""
    if not path.startswith("/api/"):
        return MAX_BODY_BYTES
    return MAX_API_BATCH_BYTES if path.rstrip("/").endswith("/check-batch") else MAX_API_CHECK_BYTES


def api_error(status: int, message: str, fields: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """The JSON body of every API error."""
    return {"error": {"status": status, "message": message, "fields": fields or []}}


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@dataclass(frozen=True, slots=True)
class Viewer:
    user_id: int
    username: str
    role: str
    csrf: str

    @property
    def officer(self) -> bool:
        return self.role == "monitoring-officer"


def cookie_name(config: DeskConfig) -> str:
    # __Host-: the browser takes it only over HTTPS, for this host, for every path.
    return f"__Host-{SESSION_COOKIE}" if config.cookies_secure else SESSION_COOKIE


def set_session_cookie(response: Response, config: DeskConfig, token: str) -> None:
    response.set_cookie(cookie_name(config), token, max_age=accounts.SESSION_HOURS * 3600, path="/",
                        httponly=True, secure=config.cookies_secure, samesite="strict")


class SessionMiddleware(BaseHTTPMiddleware):
    """Finds the viewer behind the session cookie (or, on the single-user desk, opens a session
    for its member), refuses bodies over :data:`MAX_BODY_BYTES`, and adds the security headers."""

    def __init__(self, app: ASGIApp, config: DeskConfig) -> None:
        super().__init__(app)
        self.config = config

    async def dispatch(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await self._answer(request, call_next)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.path.startswith("/api/"):
            response.headers["Pausecheck-API"] = API_VERSION
        if not request.url.path.startswith("/static/"):
            # Pages hold drafts: never keep them in a shared cache or the browser's back-forward cache.
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    async def _answer(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        path = request.url.path
        api = path.startswith("/api/")
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            length = request.headers.get("content-length")
            limit = body_limit(path)
            refusal: tuple[int, str] | None = None
            if length is None or not length.isdigit():
                refusal = 411, "A request body needs a Content-Length."
            elif int(length) > limit:
                refusal = 413, f"The request is too large (the limit is {_size(limit)})."
            if refusal is not None:
                if api:
                    return JSONResponse(api_error(*refusal), status_code=refusal[0])
                return PlainTextResponse(refusal[1], status_code=refusal[0])
        request.state.viewer = None
        new_token: str | None = None
        # The single-user desk's API answers its one member without a session (nothing is stored).
        if not path.startswith("/static/") and not (api and not self.config.council):
            store = request.app.state.store
            token = request.cookies.get(cookie_name(self.config))
            with store.sessions.begin() as s:
                found = accounts.session_user(s, token) if token else None
                if found is None and not self.config.council:
                    new_token, row = accounts.create_session(s, accounts.local_user(s))
                    found = (accounts.local_user(s), row)
                if found is not None:
                    user, row = found
                    request.state.viewer = Viewer(user.id, user.username, user.role, row.csrf_token)
        response = await call_next(request)
        if new_token is not None:
            set_session_cookie(response, self.config, new_token)
        return response


def _size(n: int) -> str:
    return f"{n // 1048576} MiB" if n >= 1048576 else f"{n // 1024} KiB"


def viewer(request: Request) -> Viewer:
    """The signed-in viewer; on the council's server, a visitor who is not signed in is sent to sign in."""
    found: Viewer | None = request.state.viewer
    if found is None:
        raise HTTPException(status_code=303, headers={"Location": "/login"})
    return found


async def check_csrf(request: Request) -> None:
    """Every form POST carries the session's CSRF token, and comes from this origin if it says."""
    origin = request.headers.get("origin")
    if origin is not None and origin not in ("null", f"{request.url.scheme}://{request.url.netloc}"):
        raise HTTPException(status_code=403, detail="This form came from another site, so it was refused.")
    form = await request.form()
    sent = form.get("csrf_token")
    expected = request.state.viewer.csrf if request.state.viewer is not None else request.cookies.get(LOGIN_COOKIE)
    if not isinstance(sent, str) or not expected or not secrets.compare_digest(sent, expected):
        raise HTTPException(status_code=403, detail="This form has expired or did not come from the desk. "
                                                    "Go back, reload the page and try again.")


def sign_in(session: Session, config: DeskConfig, username: str, password: str, remote: str | None) -> User | str:
    """The user, or why not (worded for the sign-in page). Every outcome goes in the audit log."""
    since = utcnow() - timedelta(minutes=config.login_window_minutes)
    if accounts.failed_sign_ins(session, username=username, remote=remote, since=since) >= config.login_attempts:
        accounts.append_audit(session, "sign-in-throttled", username, remote=remote)
        return f"Too many failed sign-ins. Wait {config.login_window_minutes} minutes and try again."
    user = accounts.user_by_name(session, username)
    try:
        _hasher.verify(user.password_hash if user and user.password_hash else _DUMMY_HASH, password)
        ok = user is not None and user.password_hash is not None and not user.disabled
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None:
        accounts.append_audit(session, "sign-in-refused", username, remote=remote)
        return "That user name and password do not match an account."
    if user.password_hash and _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    accounts.append_audit(session, "sign-in", username, remote=remote)
    return user
