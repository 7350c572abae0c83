"""The Monitoring Officer's view: how many checks, by verdict, category and clause, per week,
across all members, with small counts suppressed. It reads no draft text: the queries select
only times, verdicts and the finding rows' codes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from pausecheck.store.models import Check, CheckFinding

__all__ = ["SUPPRESS_BELOW", "Cell", "WeeklyCounts", "weekly_counts"]

#: A count below this is shown as "fewer than 5", so that no member can be picked out from a
#: week in which only they (or one or two others) checked a post of some kind.
SUPPRESS_BELOW = 5


@dataclass(frozen=True, slots=True)
class Cell:
    """One count; ``value`` is None when it is suppressed (1 to SUPPRESS_BELOW - 1)."""

    value: int | None

    def __str__(self) -> str:
        return f"fewer than {SUPPRESS_BELOW}" if self.value is None else str(self.value)


def _cell(n: int) -> Cell:
    return Cell(None if 0 < n < SUPPRESS_BELOW else n)


@dataclass(frozen=True, slots=True)
class WeeklyCounts:
    """Rows keyed by the Monday of each ISO week, newest first."""

    weeks: tuple[date, ...]
    checks: dict[date, Cell]
    verdicts: dict[tuple[date, str], Cell]
    categories: dict[tuple[date, str], Cell]
    clauses: dict[tuple[date, str], Cell]
    verdict_names: tuple[str, ...]
    category_names: tuple[str, ...]
    clause_names: tuple[str, ...]


def _monday(at: datetime) -> date:
    d = at.date()
    return d - timedelta(days=d.weekday())


def weekly_counts(session: Session, weeks: int = 12, now: datetime | None = None) -> WeeklyCounts:
    since = (now or datetime.now().astimezone()) - timedelta(weeks=weeks)
    checks: Counter[date] = Counter()
    verdicts: Counter[tuple[date, str]] = Counter()
    for at, verdict in session.execute(select(Check.created_at, Check.verdict).where(Check.created_at >= since)):
        week = _monday(at)
        checks[week] += 1
        verdicts[week, verdict] += 1
    categories: Counter[tuple[date, str]] = Counter()
    clauses: Counter[tuple[date, str]] = Counter()
    rows = session.execute(
        select(Check.created_at, CheckFinding.category, CheckFinding.clause_ref)
        .join(CheckFinding, CheckFinding.check_id == Check.id)
        .where(Check.created_at >= since))
    for at, category, clause in rows:
        week = _monday(at)
        categories[week, category] += 1
        clauses[week, clause] += 1
    return WeeklyCounts(
        weeks=tuple(sorted(checks, reverse=True)),
        checks={k: _cell(v) for k, v in checks.items()},
        verdicts={k: _cell(v) for k, v in verdicts.items()},
        categories={k: _cell(v) for k, v in categories.items()},
        clauses={k: _cell(v) for k, v in clauses.items()},
        verdict_names=("publish", "revise", "do-not-publish"),
        category_names=tuple(sorted({c for _, c in categories})),
        clause_names=tuple(sorted({c for _, c in clauses})),
    )
