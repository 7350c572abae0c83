"""Practice for Member Development: scenarios drawn from the pack's rule examples.

The member reads a draft, picks a verdict and the clause it most concerns ("none" when nothing
applies), and sees the guidance's answer: the verdict and clauses the checker gives that draft,
with the rule's why and advice. Each answer is stored, so progress is kept per member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from starlette.responses import Response

from pausecheck.desk.app import render
from pausecheck.desk.presenter import VERDICT_LABEL, present
from pausecheck.desk.routes.compose import member
from pausecheck.desk.security import Viewer, check_csrf
from pausecheck.policy.loader import Pack
from pausecheck.policy.schema import Example, Rule
from pausecheck.post import Post
from pausecheck.report.json_report import report_to_dict
from pausecheck.store import practice

router = APIRouter(include_in_schema=False)
NO_CLAUSE = "none"


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    rule: Rule
    example: Example

    @property
    def text(self) -> str:
        return self.example if isinstance(self.example, str) else self.example.text

    def post(self, pack: Pack) -> Post:
        e = self.example
        if isinstance(e, str):
            return Post(e)
        return Post(e.text, account=e.account, at=datetime.fromisoformat(e.at) if e.at else None,
                    platform=e.platform, in_meeting=e.in_meeting,
                    attachments=tuple(str(pack.path / "examples" / i) for i in e.images))

    def context(self) -> list[str]:
        e = self.example
        if isinstance(e, str):
            return []
        notes = [f"Account: {e.account}"]
        if e.platform:
            notes.append(f"Platform: {e.platform}")
        if e.at:
            notes.append(f"To be posted at {e.at.replace('T', ' ')}")
        if e.in_meeting:
            notes.append("Posted from a council meeting")
        notes.extend(f"With the picture {name}" for name in e.images)
        return notes


def scenarios(request: Request) -> list[Scenario]:
    pack: Pack = request.app.state.checker.pack
    active = {"stable", "preview"} if request.app.state.config.preview else {"stable"}
    out: list[Scenario] = []
    for rule in pack.rules:
        if rule.status in active:
            out.extend(Scenario(f"{rule.code}/fail/{i}", rule, e) for i, e in enumerate(rule.examples.fail))
            out.extend(Scenario(f"{rule.code}/pass/{i}", rule, e) for i, e in enumerate(rule.examples.pass_))
    return out


def _page(request: Request, who: Viewer, scenario: Scenario | None, status: int = 200) -> Response:
    with request.app.state.store.sessions() as s:
        progress = practice.progress(s, who.user_id)
        done = {a.scenario for a in practice.answers(s, who.user_id) if a.correct}
    all_ = scenarios(request)
    if scenario is None:
        scenario = next((sc for sc in all_ if sc.id not in done), all_[0])
    return render(request, "practice.html", {"scenario": scenario, "progress": progress, "total": len(all_),
                                             "verdicts": VERDICT_LABEL, "no_clause": NO_CLAUSE}, status=status)


def _find(request: Request, scenario_id: str) -> Scenario:
    found = next((sc for sc in scenarios(request) if sc.id == scenario_id), None)
    if found is None:
        raise HTTPException(status_code=404, detail="There is no such practice scenario in this pack.")
    return found


@router.get("/practice")
def practice_page(request: Request, who: Annotated[Viewer, Depends(member)], s: str | None = None) -> Response:
    return _page(request, who, _find(request, s) if s else None)


@router.post("/practice", dependencies=[Depends(check_csrf)])
def answer(request: Request, who: Annotated[Viewer, Depends(member)], scenario: Annotated[str, Form()],
           verdict: Annotated[str, Form()] = "", clause: Annotated[str, Form()] = "") -> Response:
    sc = _find(request, scenario)
    pack: Pack = request.app.state.checker.pack
    if verdict not in VERDICT_LABEL or (clause != NO_CLAUSE and clause not in pack.clauses):
        return _page(request, who, sc, status=422)
    with request.app.state.check_lock:
        report = request.app.state.checker.check(sc.post(pack))
    data = report_to_dict(report)
    clauses = sorted({f.clause.ref for f in report.findings})
    clause_right = clause in clauses if clauses else clause == NO_CLAUSE
    correct = verdict == report.verdict.value and clause_right
    with request.app.state.store.sessions.begin() as s:
        practice.record_answer(s, who.user_id, sc.id, verdict, clause, correct)
        progress = practice.progress(s, who.user_id)
    return render(request, "practice_answer.html", {
        "scenario": sc, "view": present(data, report.text), "correct": correct, "verdict_right":
        verdict == report.verdict.value, "clause_right": clause_right, "chosen_verdict": VERDICT_LABEL[verdict],
        "chosen_clause": clause, "clauses": clauses, "progress": progress, "total": len(scenarios(request)),
        "no_clause": NO_CLAUSE})
