"""Past-posts audits' results, kept by post and checker so that a re-run checks only what changed.

A result is keyed by the post (:data:`Key`: platform, id on the platform, digest of what the
checker reads) and tagged with the digest of the checker that gave it (pack and settings).
:func:`lookup` returns only results given by the checker asked about; :func:`save` writes or
replaces a post's result, so a post checked again under a new pack holds the new one. The
results are JSON the audit writes and reads; the store never looks inside.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, tuple_, update
from sqlalchemy.orm import Session

from pausecheck.store.models import AuditResult, utcnow

__all__ = ["Key", "count", "forget", "lookup", "save"]

#: (platform, platform id, content digest)
Key = tuple[str, str, str]
#: Keys looked up in one query (SQLite takes 32,766 bound values; three per key).
_BATCH = 500


def lookup(session: Session, keys: Sequence[Key], checker_digest: str) -> dict[Key, dict[str, Any]]:
    """The results kept for ``keys`` that ``checker_digest`` gave; a key without one is absent."""
    found: dict[Key, dict[str, Any]] = {}
    for i in range(0, len(keys), _BATCH):
        wanted = list(dict.fromkeys(keys[i:i + _BATCH]))
        stmt = select(AuditResult.platform, AuditResult.platform_id, AuditResult.content_digest,
                      AuditResult.result).where(
            tuple_(AuditResult.platform, AuditResult.platform_id, AuditResult.content_digest).in_(wanted),
            AuditResult.checker_digest == checker_digest)
        for platform, platform_id, digest, result in session.execute(stmt):
            found[platform, platform_id, digest] = result
    return found


def save(session: Session, rows: Iterable[tuple[Key, dict[str, Any]]], checker_digest: str,
         at: datetime | None = None) -> int:
    """Keep each (key, result), replacing what the key held; the number of rows written."""
    when = at or utcnow()
    latest = dict(rows)  # a key twice in one call: its last result
    if not latest:
        return 0
    existing: set[Key] = set()
    keys = list(latest)
    for i in range(0, len(keys), _BATCH):
        batch = keys[i:i + _BATCH]
        stmt = select(AuditResult.platform, AuditResult.platform_id, AuditResult.content_digest).where(
            tuple_(AuditResult.platform, AuditResult.platform_id, AuditResult.content_digest).in_(batch))
        existing.update((p, i_, d) for p, i_, d in session.execute(stmt))
    values = [{"platform": k[0], "platform_id": k[1], "content_digest": k[2], "checker_digest": checker_digest,
               "result": result, "checked_at": when} for k, result in latest.items()]
    # ORM bulk statements: one executemany each, by primary key for the update.
    updates = [v for v, k in zip(values, latest, strict=True) if k in existing]
    inserts = [v for v, k in zip(values, latest, strict=True) if k not in existing]
    if updates:
        session.execute(update(AuditResult), updates)
    if inserts:
        session.execute(insert(AuditResult), inserts)
    return len(latest)


def count(session: Session, checker_digest: str | None = None) -> int:
    """How many results are kept (given by ``checker_digest``, when named)."""
    stmt = select(func.count()).select_from(AuditResult)
    if checker_digest is not None:
        stmt = stmt.where(AuditResult.checker_digest == checker_digest)
    return session.scalar(stmt) or 0


def forget(session: Session) -> int:
    """Delete every kept result; the number deleted."""
    result = session.execute(delete(AuditResult))
    return int(result.rowcount)  # type: ignore[attr-defined]
