"""The versioned JSON report (``pausecheck.report/3``), documented in docs/report-format.md.

``/2``: one finding per rule with all its ``spans``; the first span is still in the finding's
``start``/``end``/``match``, so a ``/1`` reader keeps working (it sees one span per rule).
"""

from __future__ import annotations

import json
from typing import Any

from pausecheck._version import __version__
from pausecheck.findings import Report

SCHEMA = "pausecheck.report/3"


def report_to_dict(report: Report, *, include_text: bool = True, id: str | None = None) -> dict[str, Any]:
    counts = {"block": 0, "revise": 0, "advise": 0}
    for f in report.findings:
        counts[f.severity] += 1
    out: dict[str, Any] = {"schema": SCHEMA}
    if id is not None:
        out["id"] = id
    out.update(
        {
            "pausecheck": __version__,
            "pack": {"id": report.pack[0], "version": report.pack[1]},
            "verdict": report.verdict.value,
            "summary": counts,
            "post": {"text": report.text if include_text else None, "length": len(report.text), **report.context},
            "findings": [f.to_dict() for f in report.findings],
            "checklist": [q.to_dict() for q in report.checklist],
            "notices": [n.to_dict() for n in report.notices],
        }
    )
    if report.warnings:  # optional: present only when the check itself had trouble
        out["warnings"] = list(report.warnings)
    return out


def to_json(report: Report, *, indent: int | None = 2, id: str | None = None) -> str:
    return json.dumps(report_to_dict(report, id=id), ensure_ascii=False, indent=indent)
