"""Load the regression corpus and turn a report into its snapshot form (shared by tests and benchmarks)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from pausecheck import Post, Report

CASES_DIR = Path(__file__).resolve().parent / "cases"
SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshots"


def load_cases() -> dict[str, list[dict[str, Any]]]:
    """Cases by file stem, in file order."""
    return {f.stem: yaml.safe_load(f.read_text("utf-8")) for f in sorted(CASES_DIR.glob("*.yaml"))}


def case_post(case: dict[str, Any]) -> Post:
    at = datetime.fromisoformat(case["at"]) if case.get("at") else None
    return Post(case["text"], case.get("account", "councillor"), at, case.get("platform"), (), bool(case.get("in_meeting")))


def snapshot(report: Report) -> dict[str, Any]:
    """What a snapshot keeps: the verdict and each finding's code, span, words and severity.

    Not scores: a score moves with any model or weight change without the finding changing, and
    a snapshot of our own numbers would only freeze them. Agreement with the human labels is
    measured separately (benchmarks/corpus_quality.py; tests/blind for the frozen test split).
    """
    return {
        "verdict": report.verdict.value,
        "findings": [
            {"code": f.code, "span": [f.start, f.end], "match": f.match, "severity": f.severity}
            for f in report.findings
        ],
    }
