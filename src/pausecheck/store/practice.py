"""Practice answers: what a member chose for each scenario, and their progress."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pausecheck.store.models import PracticeAnswer, utcnow

__all__ = ["Progress", "answers", "progress", "record_answer"]


def record_answer(session: Session, owner_id: int, scenario: str, verdict: str, clause: str,
                  correct: bool) -> PracticeAnswer:
    row = PracticeAnswer(owner_id=owner_id, scenario=scenario[:96], chosen_verdict=verdict[:32],
                         chosen_clause=clause[:64], correct=correct, at=utcnow())
    session.add(row)
    session.flush()
    return row


def answers(session: Session, owner_id: int) -> Sequence[PracticeAnswer]:
    return session.scalars(select(PracticeAnswer).where(PracticeAnswer.owner_id == owner_id)
                           .order_by(PracticeAnswer.id)).all()


@dataclass(frozen=True, slots=True)
class Progress:
    answered: int   # scenarios answered at least once
    right: int      # of those, answered right the last time


def progress(session: Session, owner_id: int) -> Progress:
    last: dict[str, bool] = {}
    for row in answers(session, owner_id):
        last[row.scenario] = row.correct
    return Progress(len(last), sum(last.values()))
