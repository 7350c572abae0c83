"""The moderation queue for comments on the member's own pages, derived from the evidence log.

A flagged message (any category of abuse received) is ``pending`` until an action entry about
it says ``removed``, ``kept`` (with a reason) or ``escalated``; the latest such action is its
state, so every decision stays in the hash-chained log and the member can later show when and
how they acted. "Made aware" is when the message entered the log (its capture time): the
guidance asks for removal "as soon as possible" from then (a host on notice of a defamatory
comment who leaves it up may become its publisher: Tamiz v Google, 2013). The queue is sorted by
risk: priority, then the longest waiting first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.orm import Session

    from pausecheck.store.models import EvidenceEntry

__all__ = ["DECISIONS", "Queued", "decide", "queue"]

DECISIONS = ("removed", "kept", "escalated")
_RANK = {"high": 0, "medium": 1, "low": 2, "none": 3}


@dataclass(frozen=True, slots=True)
class Queued:
    entry: EvidenceEntry
    state: str
    aware_for: timedelta
    reason: str | None = None


def queue(session: Session, *, owner: str = "local", now: datetime | None = None,
          include_done: bool = False) -> list[Queued]:
    from pausecheck.store import evidence
    from pausecheck.store.models import utcnow

    now = now or utcnow()
    rows = evidence.entries(session, owner=owner)
    latest: dict[int, EvidenceEntry] = {}
    for e in rows:
        if e.kind == "action" and e.action in DECISIONS and e.refers_to is not None:
            latest[e.refers_to] = e
    out = []
    for e in rows:
        if e.kind != "message" or not e.data.get("categories"):
            continue
        done = latest.get(e.id)
        state = done.action if done is not None and done.action else "pending"
        if state != "pending" and not include_done:
            continue
        until = done.captured_at if done is not None else now
        out.append(Queued(e, state, until - e.captured_at, done.content if done is not None else None))
    return sorted(out, key=lambda q: (_RANK.get(q.entry.data.get("priority", "none"), 3), -q.aware_for, q.entry.id))


def decide(session: Session, entry_id: int, decision: str, reason: str, *, owner: str = "local",
           timezone: str = "Europe/London", at: datetime | None = None) -> EvidenceEntry:
    """Record a moderation decision as an action entry. Keeping a comment needs a reason; a
    threat (high priority) cannot be kept without one either way, and is never dismissed."""
    from pausecheck.store import evidence

    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    target = next((e for e in evidence.entries(session, owner=owner) if e.id == entry_id and e.kind == "message"),
                  None)
    if target is None:
        raise LookupError(f"there is no message #{entry_id} in the log")
    if decision == "kept" and not reason.strip():
        raise ValueError("keeping a flagged comment needs a reason")
    return evidence.append(session, kind="action", action=decision, content=reason, refers_to=entry_id, owner=owner,
                           timezone=timezone, at=at)
