"""A member's checks: add, list and search, open, delete, forget everything, retention.

Every function takes the owner's id and never returns another member's rows: the desk cannot
ask for a check without saying whose it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from pausecheck.store.defaults import RETENTION_DAYS
from pausecheck.store.models import Check, CheckFinding, PracticeAnswer, utcnow

__all__ = ["RETENTION_DAYS", "add_check", "count_checks", "delete_check", "due_reminders", "forget_everything",
           "get_check", "list_checks", "purge_expired", "set_reminder"]

#: Characters of a search query; longer ones are cut.
MAX_QUERY = 200


def add_check(session: Session, owner_id: int, text: str, context: dict[str, Any], report: dict[str, Any],
              at: datetime | None = None) -> Check:
    """Keep one check. ``report`` is the JSON report (``pausecheck.report/1``)."""
    check = Check(owner_id=owner_id, text=text, context=context, report=report, verdict=report["verdict"],
                  pack_id=report["pack"]["id"], created_at=at or utcnow())
    check.findings = [
        CheckFinding(rule_code=f["code"], category=f["category"], clause_ref=f["clause"]["ref"], severity=f["severity"])
        for f in report["findings"]
    ]
    session.add(check)
    session.flush()
    return check


def list_checks(session: Session, owner_id: int, query: str = "", limit: int = 50, offset: int = 0) -> Sequence[Check]:
    """The owner's checks, newest first; ``query`` keeps those whose text contains it (any case)."""
    stmt = select(Check).where(Check.owner_id == owner_id)
    if query.strip():
        stmt = stmt.where(func.lower(Check.text).contains(query.strip()[:MAX_QUERY].lower(), autoescape=True))
    stmt = stmt.order_by(Check.created_at.desc(), Check.id.desc()).limit(limit).offset(offset)
    return session.scalars(stmt).all()


def count_checks(session: Session, owner_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Check).where(Check.owner_id == owner_id)) or 0


def get_check(session: Session, owner_id: int, check_id: int) -> Check | None:
    """The check, or None when there is none with that id *for this owner*."""
    return session.scalar(select(Check).where(Check.id == check_id, Check.owner_id == owner_id))


def set_reminder(session: Session, owner_id: int, check_id: int, when: datetime | None) -> bool:
    """Remind the owner to re-read this check at ``when`` (UTC), or cancel with None; False when
    the owner has no such check."""
    check = get_check(session, owner_id, check_id)
    if check is None:
        return False
    check.remind_at = when
    return True


def due_reminders(session: Session, owner_id: int, now: datetime | None = None) -> Sequence[Check]:
    """The owner's checks whose reminder time has come, oldest reminder first."""
    stmt = (select(Check).where(Check.owner_id == owner_id, Check.remind_at.is_not(None),
                                Check.remind_at <= (now or utcnow()))
            .order_by(Check.remind_at, Check.id))
    return session.scalars(stmt).all()


def delete_check(session: Session, owner_id: int, check_id: int) -> bool:
    owned = select(Check.id).where(Check.id == check_id, Check.owner_id == owner_id)
    session.execute(delete(CheckFinding).where(CheckFinding.check_id.in_(owned)))
    result = session.execute(delete(Check).where(Check.id == check_id, Check.owner_id == owner_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def forget_everything(session: Session, owner_id: int) -> int:
    """Delete every check and practice answer of the owner; the number of checks deleted. The
    caller commits and then calls :meth:`Store.compact` so nothing stays in free pages."""
    ids = select(Check.id).where(Check.owner_id == owner_id)
    session.execute(delete(CheckFinding).where(CheckFinding.check_id.in_(ids)))
    result = session.execute(delete(Check).where(Check.owner_id == owner_id))
    session.execute(delete(PracticeAnswer).where(PracticeAnswer.owner_id == owner_id))
    return int(result.rowcount)  # type: ignore[attr-defined]


def purge_expired(session: Session, days: int = RETENTION_DAYS, now: datetime | None = None) -> int:
    """Delete every member's checks older than ``days``; the number deleted."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    old = select(Check.id).where(Check.created_at < cutoff)
    session.execute(delete(CheckFinding).where(CheckFinding.check_id.in_(old)))
    result = session.execute(delete(Check).where(Check.created_at < cutoff))
    return int(result.rowcount)  # type: ignore[attr-defined]
