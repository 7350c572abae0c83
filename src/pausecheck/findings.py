"""The values pausecheck produces: hits from detectors, findings and reports from the engine.

All are frozen. A detector returns :class:`Hit` (where, how sure, why) and knows nothing of
policy; the engine gathers one rule's hits into one :class:`Finding` (each hit a :class:`Span`)
and adds the rule's severity, wording, clause and suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pausecheck._types import SEVERITY_ORDER, Category, Scope, Severity

__all__ = [
    "SEVERITY_ORDER", "ChecklistQuestion", "Clause", "Finding", "Hit", "Notice", "Report", "Span", "Suggestion",
    "Verdict",
]


class Verdict(str, Enum):
    PUBLISH = "publish"
    REVISE = "revise"
    DO_NOT_PUBLISH = "do-not-publish"

    @property
    def exit_code(self) -> int:
        return {"publish": 0, "revise": 1, "do-not-publish": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Hit:
    """What a detector found. Offsets are code points into the original text, half-open.

    ``scope`` is ``"span"`` for text a member can edit and ``"post"`` for a finding about the
    post as a whole (its time, account, attachment); post hits have ``start == end == 0``.
    """

    start: int
    end: int
    score: float
    explanation: str
    scope: Scope = "span"
    replacement: str | None = None
    evidence: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Clause:
    ref: str
    title: str
    summary: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    """How to fix a finding: a rewrite to consider and, where safe, an exact replacement."""

    text: str
    replacement: str | None = None
    safe: bool = False


@dataclass(frozen=True, slots=True)
class Span:
    """One stretch of the post a rule flagged: code-point offsets into the original text,
    half-open, the exact text there, and what the detector said about it."""

    start: int
    end: int
    match: str
    score: float
    explanation: str
    detector: str
    evidence: tuple[tuple[str, str], ...] = ()
    #: An exact replacement for this stretch when one is known (``""``: delete it).
    replacement: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "match": self.match,
            "score": round(self.score, 3),
            "detector": self.detector,
            "explanation": self.explanation,
            "evidence": [list(pair) for pair in self.evidence],
            "replacement": self.replacement,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's finding in one post, listing every stretch of text the rule flagged.

    ``spans`` are in text order; a ``post`` finding (about the post as a whole: its time,
    account, an attachment) has none. ``more`` counts the spans found beyond the ones listed.
    ``score``, ``detector``, ``explanation`` and ``evidence`` are the strongest hit's.
    ``start``, ``end`` and ``match`` are the first span's (0, 0 and ``""`` for a post finding),
    so code written for one span per finding still reads the first one.
    """

    code: str
    name: str
    title: str
    category: Category
    severity: Severity
    message: str
    why: str
    advice: str
    suggestion: Suggestion | None
    clause: Clause
    detector: str
    score: float
    explanation: str
    scope: Scope = "span"
    evidence: tuple[tuple[str, str], ...] = ()
    spans: tuple[Span, ...] = ()
    more: int = 0
    #: What a post finding is about, named for the reader (an image's file name); "" if nothing.
    subject: str = ""

    @property
    def start(self) -> int:
        return self.spans[0].start if self.spans else 0

    @property
    def end(self) -> int:
        return self.spans[0].end if self.spans else 0

    @property
    def match(self) -> str:
        return self.spans[0].match if self.spans else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "title": self.title,
            "category": self.category,
            "severity": self.severity,
            "scope": self.scope,
            "start": self.start,
            "end": self.end,
            "match": self.match,
            "spans": [s.to_dict() for s in self.spans],
            "more": self.more,
            "subject": self.subject,
            "message": self.message,
            "why": self.why,
            "advice": self.advice,
            "suggestion": None
            if self.suggestion is None
            else {
                "text": self.suggestion.text,
                "replacement": self.suggestion.replacement,
                "safe": self.suggestion.safe,
            },
            "clause": {"ref": self.clause.ref, "title": self.clause.title, "summary": self.clause.summary},
            "detector": self.detector,
            "score": round(self.score, 3),
            "explanation": self.explanation,
            "evidence": [list(pair) for pair in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class ChecklistQuestion:
    """A question the member must answer where text alone cannot tell (e.g. privacy settings).

    ``reason`` is the pack's (why text cannot answer it); ``trigger`` is this post's (what in
    the post or its context raised it: a finding's words, a link, an image, the account).
    """

    id: str
    question: str
    clause: Clause
    reason: str
    trigger: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "reason": self.reason,
            "trigger": self.trigger,
            "clause": {"ref": self.clause.ref, "title": self.clause.title, "summary": self.clause.summary},
        }


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the member should know about what the check covered, in plain words.

    Not a finding: it changes no verdict. ``code`` is stable (``language-not-checked``: the post
    is wholly or partly in a language the rules do not fully cover).
    """

    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class Report:
    verdict: Verdict
    findings: tuple[Finding, ...]
    checklist: tuple[ChecklistQuestion, ...]
    text: str
    context: dict[str, Any] = field(default_factory=dict)
    pack: tuple[str, str] = ("", "")
    #: Things the member should know about the check itself (a rule that could not finish).
    warnings: tuple[str, ...] = ()
    #: What the check did not cover (a post in Welsh or another language), for the member to read.
    notices: tuple[Notice, ...] = ()

    @property
    def exit_code(self) -> int:
        return self.verdict.exit_code

    def by_clause(self) -> dict[str, list[Finding]]:
        groups: dict[str, list[Finding]] = {}
        for f in self.findings:
            groups.setdefault(f.clause.ref, []).append(f)
        return groups
