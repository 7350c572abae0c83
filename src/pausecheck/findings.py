"""The values pausecheck produces: hits from detectors, findings and reports from the engine.

All are frozen. A detector returns :class:`Hit` (where, how sure, why) and knows nothing of
policy; the engine gathers one rule's hits into one :class:`Finding` (each hit a :class:`Span`)
and adds the rule's severity, wording, clause and suggestion.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from pausecheck._types import SEVERITY_ORDER, Category, Scope, Severity

__all__ = [
    "SEVERITY_ORDER", "Applicability", "ChecklistQuestion", "Clause", "Edit", "Finding", "FixedPost", "Hit", "Notice",
    "Replacement", "Report", "Span", "Suggestion", "Verdict", "apply_edits",
]

#: ``safe``: the rewrite keeps what the post means (a redaction, a swear word dropped);
#: ``review``: it changes what the post says (an accusation dropped, a reply moved to private),
#: so the member reads it before using it. Ruff's safe and unsafe fixes are the model.
Applicability = Literal["safe", "review"]


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
class Edit:
    """One change to the member's own text: code points ``[start, end)`` of the original post
    become ``text`` (``""`` deletes them; ``start == end`` inserts)."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with every edit applied; offsets are into ``text`` as given, not as edited.

    Edits must lie within the text, must not overlap (two insertions at one place neither) and
    must not split a character from the combining marks that follow it. Raises ``ValueError``.
    """
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    out: list[str] = []
    pos = 0
    for e in ordered:
        if not 0 <= e.start <= e.end <= len(text):
            raise ValueError(f"edit {e.start}-{e.end} is outside the text (length {len(text)})")
        if e.start < pos or (out and e.start == pos and e.start == e.end):
            raise ValueError(f"edit {e.start}-{e.end} overlaps the edit before it")
        for at in (e.start, e.end):
            if 0 < at < len(text) and unicodedata.combining(text[at]):
                raise ValueError(f"edit {e.start}-{e.end} splits a character from its combining mark at {at}")
        out.append(text[pos:e.start])
        out.append(e.text)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Replacement:
    """A rewrite of the member's post that clears one finding: the edits, the post with them
    applied, whether it is safe or needs review, and the verdict of the rewritten post when
    checked again with the same Checker.

    A report carries a replacement only when the rewritten post was checked again and that
    check found neither this rule nor any rule the original post did not already raise.
    """

    #: The rule's fix strategy (``redact``, ``soften``, ``drop``, ``calm``, ``unlink``,
    #: ``private``, ``template``): see docs/packs.md.
    strategy: str
    applicability: Applicability
    edits: tuple[Edit, ...]
    #: The whole post with ``edits`` applied.
    text: str
    #: The rewritten post's verdict, checked again; None only before that check.
    verdict: Verdict | None = None
    #: Before the check only: the rewrite to check next if this one does not check clean (a
    #: template sentence behind a dropped aside). A report's replacement has none.
    fallback: Replacement | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "strategy": self.strategy,
            "applicability": self.applicability,
            "edits": [e.to_dict() for e in self.edits],
            "text": self.text,
            "verdict": None if self.verdict is None else self.verdict.value,
        }


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
    #: A rewrite of the post that clears this finding and was checked again (see Replacement).
    replacement: Replacement | None = None

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
            "replacement": None if self.replacement is None else self.replacement.to_dict(),
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


@dataclass(frozen=True, slots=True)
class FixedPost:
    """The post with the rewrites of several findings applied together (``pausecheck check --fix``).

    ``edits`` are on the original post; ``applied`` names the rules whose rewrites were used;
    ``report`` is the rewritten post checked again (its verdict is what ``--fix`` exits with).
    """

    text: str
    edits: tuple[Edit, ...]
    applied: tuple[str, ...]
    report: Report

    @property
    def changed(self) -> bool:
        return bool(self.edits)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "applied": list(self.applied),
            "edits": [e.to_dict() for e in self.edits],
            "verdict": self.report.verdict.value,
            "findings": [f.code for f in self.report.findings],
        }
