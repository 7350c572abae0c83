"""Every output format has a golden-file test, on a hand-built report (independent of the pack).

Set PAUSECHECK_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate format change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pausecheck.findings import ChecklistQuestion, Clause, Finding, Report, Suggestion, Verdict
from pausecheck.report import to_json, to_sarif, to_text
from pausecheck.report.json_report import report_to_dict

GOLDEN = Path(__file__).resolve().parent / "golden"
TEXT = "Cllr Smith is an idiot <b>and</b> [bold]corrupt[/bold]"


def _report() -> Report:
    clause = Clause("Don't 4", "Attacks, insults", "Do not insult anyone.")
    insult = Finding(
        code="SMG-ABU-001", name="personal-insult", title="An insult aimed at a person", category="insult",
        severity="revise", start=17, end=22, match="idiot", message="'idiot' reads as a personal insult.",
        why="Personal attacks breach the Code.", advice="Criticise the decision.",
        suggestion=Suggestion("I disagree with Cllr Smith because …"), clause=clause, detector="lexicon",
        score=0.7, explanation="matched 'idiot'; aimed at person 'Cllr Smith'",
        evidence=(("target (person)", "Cllr Smith"),),
    )
    late = Finding(
        code="SMG-HST-001", name="late-night-post", title="Posting late at night", category="haste",
        severity="advise", start=0, end=0, match="", message="It is late.", why="Judgement suffers.",
        advice="Sleep on it.", suggestion=None, clause=Clause("Don't 1", "Haste", "Do not post in haste."),
        detector="context", score=0.8, explanation="posting at 23:50", scope="post",
    )
    question = ChecklistQuestion("CHK-PAUSE", "Have you paused?", Clause("Do 13", "Pause", "Stop and re-read."), "Always.")
    return Report(Verdict.REVISE, (insult, late), (question,), TEXT,
                  {"account": "councillor", "at": "2026-03-14T23:50:00+00:00", "platform": "x",
                   "in_meeting": False, "attachments": []}, ("leeds-2019", "1.0.0"))


@pytest.mark.parametrize(
    ("name", "render"),
    [
        ("report.txt", lambda r: to_text(r, width=100)),
        ("report.json", lambda r: to_json(r)),
        ("report.sarif", lambda r: to_sarif([("draft", r)])),
    ],
)
def test_golden(name: str, render) -> None:  # type: ignore[no-untyped-def]
    got = render(_report()).replace(_version(), "VERSION")
    path = GOLDEN / name
    if os.environ.get("PAUSECHECK_UPDATE_GOLDEN") == "1":
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text("utf-8")


def _version() -> str:
    from pausecheck import __version__

    return f'"{__version__}"'


def test_text_output_never_interprets_post_markup() -> None:
    out = to_text(_report(), width=100, color=True)
    assert "[bold]corrupt[/bold]" in out and "<b>and</b>" in out


def test_json_round_trips_offsets() -> None:
    data = report_to_dict(_report())
    f = data["findings"][0]
    assert data["post"]["text"][f["start"]:f["end"]] == f["match"]
    assert json.loads(to_json(_report()))["schema"] == "pausecheck.report/1"
