"""Users, signed-in sessions and the sign-in audit log.

Passwords are hashed by the desk (argon2id); the store keeps the hash. The audit log is
append-only and hash-chained: each row's digest covers its own fields and the previous digest.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from pausecheck.store.models import ROLES, AuditEvent, LoginSession, User, utcnow

__all__ = ["GENESIS", "LOCAL_USER", "SESSION_HOURS", "append_audit", "audit_log", "create_session", "create_user",
           "end_session", "failed_sign_ins", "local_user", "session_user", "set_role", "user_by_name",
           "verify_audit"]

#: The single-user desk's one member, who never signs in.
LOCAL_USER = "local"
#: A signed-in session lasts this long.
SESSION_HOURS = 12
#: The digest the first audit row chains from.
GENESIS = "0" * 64


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(session: Session, username: str, password_hash: str | None, role: str = "member",
                actor: str | None = None) -> User:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    user = User(username=username, password_hash=password_hash, role=role, created_at=utcnow(), disabled=False)
    session.add(user)
    session.flush()
    append_audit(session, "account-created", username, actor=actor, detail=f"role={role}")
    return user


def user_by_name(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def local_user(session: Session) -> User:
    """The single-user desk's member, created on first use."""
    return user_by_name(session, LOCAL_USER) or create_user(session, LOCAL_USER, None)


def set_role(session: Session, user: User, role: str, actor: str) -> None:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    old, user.role = user.role, role
    append_audit(session, "role-changed", user.username, actor=actor, detail=f"{old}->{role}")


def create_session(session: Session, user: User, now: datetime | None = None) -> tuple[str, LoginSession]:
    """A new signed-in session: the cookie's token (returned once, never stored) and the row."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    row = LoginSession(token_hash=_token_hash(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
                       created_at=now, expires_at=now + timedelta(hours=SESSION_HOURS))
    session.add(row)
    session.execute(delete(LoginSession).where(LoginSession.expires_at < now))
    return token, row


def session_user(session: Session, token: str, now: datetime | None = None) -> tuple[User, LoginSession] | None:
    """The user and session behind a cookie's token, if it is current and the user enabled."""
    row = session.get(LoginSession, _token_hash(token))
    if row is None or row.expires_at <= (now or utcnow()):
        return None
    user = session.get(User, row.user_id)
    if user is None or user.disabled:
        return None
    return user, row


def end_session(session: Session, token: str) -> None:
    session.execute(delete(LoginSession).where(LoginSession.token_hash == _token_hash(token)))


def append_audit(session: Session, event: str, username: str, *, actor: str | None = None,
                 remote: str | None = None, detail: str | None = None, at: datetime | None = None) -> AuditEvent:
    # The newest row, locked where the database can (PostgreSQL), so two sign-ins at once
    # cannot both chain from it.
    last = session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1).with_for_update())
    prev = last.digest if last is not None else GENESIS
    row = AuditEvent(at=at or utcnow(), event=event, username=username[:64], actor=actor, remote=remote,
                     detail=None if detail is None else detail[:255], prev_digest=prev, digest="")
    row.digest = _digest(row)
    session.add(row)
    session.flush()
    return row


def _digest(row: AuditEvent) -> str:
    fields = (row.prev_digest, row.at.isoformat(), row.event, row.username, row.actor or "", row.remote or "",
              row.detail or "")
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


def audit_log(session: Session, limit: int = 200) -> Sequence[AuditEvent]:
    return session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)).all()


def verify_audit(session: Session) -> int | None:
    """The id of the first row whose chain is broken, or None when the whole log verifies."""
    prev = GENESIS
    for row in session.scalars(select(AuditEvent).order_by(AuditEvent.id)):
        if row.prev_digest != prev or _digest(row) != row.digest:
            return row.id
        prev = row.digest
    return None


def failed_sign_ins(session: Session, *, username: str, remote: str | None, since: datetime) -> int:
    """Refused sign-ins since ``since`` for this user name or from this address (rate limit)."""
    who = AuditEvent.username == username
    if remote:
        who = who | (AuditEvent.remote == remote)
    stmt = select(func.count()).select_from(AuditEvent).where(
        AuditEvent.event == "sign-in-refused", AuditEvent.at >= since, who)
    return session.scalar(stmt) or 0
