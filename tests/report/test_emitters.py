"""Every output format has a golden-file test, on a hand-built report (independent of the pack).

Set PAUSECHECK_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate format change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pausecheck.findings import (
    ChecklistQuestion,
    Clause,
    Edit,
    Finding,
    Replacement,
    Report,
    Span,
    Suggestion,
    Verdict,
    apply_edits,
)
from pausecheck.report import to_json, to_sarif, to_text
from pausecheck.report.json_report import report_to_dict

GOLDEN = Path(__file__).resolve().parent / "golden"
TEXT = "Cllr Smith is an idiot <b>and</b> [bold]corrupt[/bold], a real idiot"
#: "an idiot" → "wrong"; ", a real idiot" dropped.
_EDITS = (Edit(14, 22, "wrong"), Edit(54, 68, ""))


def _report() -> Report:
    clause = Clause("Don't 4", "Attacks, insults", "Do not insult anyone.")
    insult = Finding(
        code="SMG-ABU-001", name="personal-insult", title="An insult aimed at a person", category="insult",
        severity="revise", message="'idiot' (and 1 more) reads as a personal insult.",
        why="Personal attacks breach the Code.", advice="Criticise the decision.",
        suggestion=Suggestion("I disagree with Cllr Smith because …"), clause=clause, detector="lexicon",
        score=0.7, explanation="matched 'idiot'; aimed at person 'Cllr Smith'",
        evidence=(("target (person)", "Cllr Smith"),),
        spans=(Span(17, 22, "idiot", 0.7, "matched 'idiot'; aimed at person 'Cllr Smith'", "lexicon",
                    (("target (person)", "Cllr Smith"),)),
               Span(63, 68, "idiot", 0.6, "matched 'idiot'", "lexicon")),
        replacement=Replacement("soften", "review", _EDITS, apply_edits(TEXT, _EDITS), Verdict.PUBLISH),
    )
    late = Finding(
        code="SMG-HST-001", name="late-night-post", title="Posting late at night", category="haste",
        severity="advise", message="It is late.", why="Judgement suffers.",
        advice="Sleep on it.", suggestion=None, clause=Clause("Don't 1", "Haste", "Do not post in haste."),
        detector="context", score=0.8, explanation="posting at 23:50", scope="post",
    )
    question = ChecklistQuestion("CHK-FACTS", "Have you checked the facts?", Clause("Do 10", "Facts", "Check them."),
                                 "A finding points at a person.", "the check found an insult ('idiot')")
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
    assert data["post"]["text"][f["start"]:f["end"]] == f["match"]  # a /1 reader still finds the first span
    assert [data["post"]["text"][s["start"]:s["end"]] for s in f["spans"]] == ["idiot", "idiot"]
    assert [s["start"] for s in f["spans"]] == [17, 63]
    assert data["findings"][1]["spans"] == [] and data["findings"][1]["scope"] == "post"
    assert data["checklist"][0]["trigger"] == "the check found an insult ('idiot')"
    assert json.loads(to_json(_report()))["schema"] == "pausecheck.report/3"


def test_sarif_has_one_result_per_rule_with_a_location_per_span() -> None:
    run = json.loads(to_sarif([("draft", _report())]))["runs"][0]
    insult, late = run["results"]
    assert insult["ruleId"] == "SMG-ABU-001"
    regions = [loc["physicalLocation"]["region"] for loc in insult["locations"]]
    assert [(r["charOffset"], r["charLength"], r["snippet"]["text"]) for r in regions] == [(17, 5, "idiot"),
                                                                                          (63, 5, "idiot")]
    assert len(late["locations"]) == 1 and late["locations"][0]["physicalLocation"]["region"]["charLength"] == 0
