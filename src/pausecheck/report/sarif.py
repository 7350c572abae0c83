"""SARIF 2.1.0, so findings can flow into tools that already read code-scanning results.

Severities map to SARIF levels: block -> error, revise -> warning, advise -> note.
Each rule that fires in a post is one result, with one location per flagged span. Regions use
character offsets (``charOffset``/``charLength``) in code points.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pausecheck._version import __version__
from pausecheck.findings import Report

_LEVEL = {"block": "error", "revise": "warning", "advise": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def to_sarif(reports: Sequence[tuple[str, Report]], errors: Sequence[tuple[str, str]] = ()) -> str:
    """``reports`` pairs an artifact name (a file or an id) with its report; ``errors`` pairs the
    name of a record that could not be checked with the reason, reported as a tool notification."""
    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    for artifact, report in reports:
        for f in report.findings:
            rules.setdefault(
                f.code,
                {
                    "id": f.code,
                    "name": f.name,
                    "shortDescription": {"text": f.title},
                    "fullDescription": {"text": f.why},
                    "help": {"text": f.advice},
                    "helpUri": f"docs/rules/{f.code}.md",
                    "defaultConfiguration": {"level": _LEVEL[f.severity]},
                    "properties": {"category": f.category, "clause": f.clause.ref},
                },
            )
            # One result per rule, one location per flagged span (a post finding: the artifact).
            locations = [_location(artifact, {"charOffset": sp.start, "charLength": sp.end - sp.start,
                                              "snippet": {"text": sp.match}}) for sp in f.spans]
            results.append(
                {
                    "ruleId": f.code,
                    "level": _LEVEL[f.severity],
                    "message": {"text": f"{f.message} {f.advice}"},
                    "locations": locations or [_location(artifact, {"charOffset": 0, "charLength": 0})],
                    "properties": {"score": round(f.score, 3), "explanation": f.explanation, "scope": f.scope,
                                   **({"more": f.more} if f.more else {}),
                                   **({"subject": f.subject} if f.subject else {})},
                }
            )
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "pausecheck",
                        "version": __version__,
                        "informationUri": "https://example.invalid/pausecheck",
                        "rules": list(rules.values()),
                    }
                },
                "results": results,
                **({"invocations": [_invocation(errors)]} if errors else {}),
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _location(artifact: str, region: dict[str, Any]) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": {"uri": artifact}, "region": region}}


def _invocation(errors: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Records that could not be checked, as SARIF tool execution notifications."""
    return {
        "executionSuccessful": True,
        "toolExecutionNotifications": [
            {
                "level": "error",
                "message": {"text": reason},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": name}}}],
            }
            for name, reason in errors
        ],
    }
