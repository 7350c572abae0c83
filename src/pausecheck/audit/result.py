"""What an audit keeps of one check: a small, plain value that travels and keeps.

A :class:`~pausecheck.findings.Report` holds more than an audit shows (advice, evidence, the
checklist…) and is awkward to keep or send: the incremental cache stores results as JSON in
SQLite, and a Dask worker sends them back to the client. :class:`CheckResult` is what the
audit's files are written from: the verdict, the checked text, and per finding its rule,
severity, clause, message and flagged stretches. :meth:`CheckResult.from_report` is the only
way one is made from a check, and :meth:`to_json` / :meth:`from_json` round-trip it exactly.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from pausecheck.findings import Report
from pausecheck.post import Post

__all__ = ["RESULT_FORMAT", "AuditFinding", "CheckResult", "FlaggedSpan", "content_digest"]

#: Bumped whenever the JSON below changes shape: a cached result of another format is checked again.
RESULT_FORMAT = 1


@dataclass(frozen=True, slots=True)
class FlaggedSpan:
    """A stretch a rule flagged: code-point offsets into the checked text, half-open."""

    start: int
    end: int
    match: str


@dataclass(frozen=True, slots=True)
class AuditFinding:
    code: str
    name: str
    category: str
    severity: str
    message: str
    clause_ref: str
    clause_title: str
    #: What a whole-post finding is about ("" when nothing is named).
    subject: str = ""
    spans: tuple[FlaggedSpan, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckResult:
    verdict: str
    exit_code: int
    #: The text the checker read (Unicode repaired), which the spans point into.
    text: str
    findings: tuple[AuditFinding, ...] = ()

    @classmethod
    def from_report(cls, report: Report) -> CheckResult:
        return cls(
            verdict=report.verdict.value,
            exit_code=report.exit_code,
            text=report.text,
            findings=tuple(
                AuditFinding(f.code, f.name, f.category, f.severity, f.message, f.clause.ref, f.clause.title,
                             f.subject, tuple(FlaggedSpan(s.start, s.end, s.match) for s in f.spans))
                for f in report.findings),
        )

    def to_json(self, *, imported_text: str | None = None) -> dict[str, Any]:
        """A JSON-ready dict; ``text`` is left out (null) when it equals ``imported_text``, which
        the reader then gives back to :meth:`from_json`."""
        return {
            "v": RESULT_FORMAT,
            "verdict": self.verdict,
            "exit_code": self.exit_code,
            "text": None if imported_text is not None and self.text == imported_text else self.text,
            "findings": [
                [f.code, f.name, f.category, f.severity, f.message, f.clause_ref, f.clause_title, f.subject,
                 [[s.start, s.end, s.match] for s in f.spans]]
                for f in self.findings
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], *, imported_text: str | None = None) -> CheckResult:
        """The result :meth:`to_json` wrote; ValueError when it is not one (another format)."""
        if not isinstance(data, dict) or data.get("v") != RESULT_FORMAT:
            raise ValueError("not a check result of this format")
        text = data["text"] if data["text"] is not None else imported_text
        if text is None:
            raise ValueError("the result's text was left out and none was given")
        return cls(
            verdict=str(data["verdict"]),
            exit_code=int(data["exit_code"]),
            text=text,
            findings=tuple(
                AuditFinding(code, name, category, severity, message, ref, title, subject,
                             tuple(FlaggedSpan(int(a), int(b), str(m)) for a, b, m in spans))
                for code, name, category, severity, message, ref, title, subject, spans in data["findings"]),
        )


def content_digest(post: Post) -> str:
    """sha256 of everything of a post the checker reads: text, account, time, platform,
    attachments and in-meeting. Two posts with one digest get one result from one checker."""
    fields = [post.text, post.account, post.at.isoformat() if post.at is not None else None, post.platform,
              list(post.attachments), post.in_meeting]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()
