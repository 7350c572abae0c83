"""Load the regression corpus and turn a report into its snapshot form (shared by tests and benchmarks)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from pausecheck import Post, Report
from pausecheck.findings import SEVERITY_ORDER

CASES_DIR = Path(__file__).resolve().parent / "cases"
SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshots"


def load_cases() -> dict[str, list[dict[str, Any]]]:
    """Cases by file stem, in file order."""
    return {f.stem: yaml.safe_load(f.read_text("utf-8")) for f in sorted(CASES_DIR.glob("*.yaml"))}


def case_post(case: dict[str, Any]) -> Post:
    at = datetime.fromisoformat(case["at"]) if case.get("at") else None
    return Post(case["text"], case.get("account", "councillor"), at, case.get("platform"), (), bool(case.get("in_meeting")))


def snapshot(report: Report) -> dict[str, Any]:
    """What a snapshot keeps: the verdict and each flagged stretch's rule, span, words and severity.

    One entry per span (a finding lists every span its rule flagged; a post finding is one entry
    at [0, 0]), in text order, so grouping a rule's spans into one finding leaves the snapshot
    as it was. Not scores: a score moves with any model or weight change without the finding
    changing, and a snapshot of our own numbers would only freeze them. Agreement with the human
    labels is measured separately (benchmarks/corpus_quality.py; tests/blind for the frozen
    test split).
    """
    entries = []
    for f in report.findings:
        for start, end, match in [(s.start, s.end, s.match) for s in f.spans] or [(0, 0, "")]:
            scope = "span" if f.spans else "post"
            entries.append((scope != "span", start, end, SEVERITY_ORDER[f.severity], f.code,
                            {"code": f.code, "span": [start, end], "match": match, "severity": f.severity}))
    return {"verdict": report.verdict.value, "findings": [e[-1] for e in sorted(entries, key=lambda e: e[:5])]}
