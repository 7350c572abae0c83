"""The frozen blind test split: loading it and scoring a checker against its human labels.

Shared by ``test_blind.py`` (the ratchet) and ``benchmarks/blind_quality.py`` (the table).
The drafts were written and labelled by someone who never read the rules (see README.md);
nothing here may be tuned to them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pausecheck import Post, Report

HERE = Path(__file__).resolve().parent
#: The batches of the split, each written and labelled blind before it was run, and its ratchet.
#: Batch 1 (2026-12-03, 195 drafts) and batch 2 (2026-12-04, 192 drafts, weighted towards the
#: kinds the detection issue names) were written by different helper sessions from the same brief.
SPLITS = {
    "1": (HERE / "drafts.jsonl", HERE / "ratchet.json"),
    "2": (HERE / "drafts-2.jsonl", HERE / "ratchet-2.json"),
    "3": (HERE / "drafts-3.jsonl", HERE / "ratchet-3.json"),
    "4": (HERE / "drafts-4.jsonl", HERE / "ratchet-4.json"),
    "5": (HERE / "drafts-5.jsonl", HERE / "ratchet-5.json"),
    "6": (HERE / "drafts-6.jsonl", HERE / "ratchet-6.json"),
    "7": (HERE / "drafts-7.jsonl", HERE / "ratchet-7.json"),
}
DRAFTS, RATCHET = SPLITS["1"]
VERDICTS = ("publish", "revise", "do-not-publish")


def load_drafts(split: str = "1") -> list[dict[str, Any]]:
    path = SPLITS[split][0]
    return [json.loads(line) for line in path.read_text("utf-8").split("\n") if line.strip()]


def draft_post(d: dict[str, Any]) -> Post:
    at = datetime.fromisoformat(d["at"]) if d.get("at") else None
    return Post(d["text"], d.get("account", "councillor"), at, d.get("platform"), (), bool(d.get("in_meeting")))


@dataclass
class Figures:
    """Agreement of a checker's reports with the human labels."""

    n: int = 0
    verdict_agree: int = 0
    clean: int = 0
    clean_held_back: int = 0  # labelled publish, checker said revise or do-not-publish
    risky: int = 0
    risky_passed: int = 0  # labelled revise or do-not-publish, checker said publish
    labelled: Counter[str] = field(default_factory=Counter)  # drafts labelled with each category
    caught: Counter[str] = field(default_factory=Counter)  # of those, a finding of that category
    flagged_without_label: Counter[str] = field(default_factory=Counter)

    def recall(self, category: str) -> float:
        return self.caught[category] / self.labelled[category] if self.labelled[category] else 0.0

    def as_ratchet(self) -> dict[str, Any]:
        return {
            "recall": {c: round(self.recall(c), 4) for c in sorted(self.labelled)},
            "clean_false_alarm_rate": round(self.clean_held_back / self.clean, 4),
            "risky_passed_rate": round(self.risky_passed / self.risky, 4),
            "verdict_agreement": round(self.verdict_agree / self.n, 4),
        }


def score(drafts: Iterable[dict[str, Any]], reports: Callable[[list[Post]], Iterable[Report]]) -> Figures:
    """Compare ``reports`` (a function from posts to their reports, in order) with the labels."""
    drafts = list(drafts)
    fig = Figures()
    for d, report in zip(drafts, reports([draft_post(d) for d in drafts]), strict=True):
        got = report.verdict.value
        want = d["verdict"]
        fig.n += 1
        fig.verdict_agree += got == want
        if want == "publish":
            fig.clean += 1
            fig.clean_held_back += got != "publish"
        else:
            fig.risky += 1
            fig.risky_passed += got == "publish"
        found = {f.category for f in report.findings}
        for c in d["categories"]:
            fig.labelled[c] += 1
            fig.caught[c] += c in found
        for c in found - set(d["categories"]):
            fig.flagged_without_label[c] += 1
    return fig
