"""The stored JSON report turned into what the desk's templates show.

Until the terminal's presentation model (``pausecheck.report.view``) can be built from a stored
report, the desk renders from the JSON report (``pausecheck.report/1`` or ``/2``) here, with the
same shape: a header that says what was found and what was not checked, one entry per rule with
all its spans, grouped by clause, and at most three checklist questions with what raised them.
This is the one module to change when the desk moves to the shared view.

The post is cut into segments at every span boundary, so overlapping spans still give one
``<mark>`` per segment, each naming every finding that covers it.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from typing import Any

__all__ = ["MAX_QUESTIONS", "PLATFORM_LIMITS", "Entry", "Header", "Question", "Quote", "ResultView", "Segment",
           "present", "rewrite"]

MAX_QUESTIONS = 3
VERDICT_LABEL = {"publish": "Publish", "revise": "Revise before publishing", "do-not-publish": "Do not publish"}
SEVERITY_LABEL = {"block": "Remove", "revise": "Revise", "advise": "Advice"}
_SEVERITY_WORDS = {"block": "to remove", "revise": "to revise", "advise": "advisory"}
_SEVERITY_ORDER = {"block": 0, "revise": 1, "advise": 2}
#: Characters each platform takes in one post (X counts a link as 23; this counts characters).
PLATFORM_LIMITS = {"x": 280, "bluesky": 300, "threads": 500, "mastodon": 500, "instagram": 2200,
                   "linkedin": 3000, "facebook": 63206}


@dataclass(frozen=True, slots=True)
class Quote:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entry:
    number: int
    code: str
    name: str
    title: str
    severity: str
    severity_label: str
    category: str
    clause_ref: str
    clause_title: str
    clause_summary: str
    message: str
    quotes: tuple[Quote, ...]
    more: int
    subject: str
    flagged_because: str
    why: str
    advice: str
    suggestion: str | None
    #: The whole post rewritten to fix this finding, checked again by the engine (None: no
    #: rewrite to apply; the member edits the draft themselves).
    rewrite: str | None = None
    #: True when the rewrite changes what the member says (Ruff's "unsafe" fixes): shown as
    #: needing their review rather than as a drop-in fix.
    rewrite_review: bool = False


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    question: str
    trigger: str
    clause_ref: str


@dataclass(frozen=True, slots=True)
class Header:
    verdict: str
    label: str
    headline: str
    not_checked: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the post; ``entries`` are the numbers of the findings flagging it (none: plain)."""

    text: str
    entries: tuple[int, ...]
    severity: str | None
    id: str


@dataclass(frozen=True, slots=True)
class ResultView:
    header: Header
    text: str
    segments: tuple[Segment, ...]
    entries: tuple[Entry, ...]
    by_clause: tuple[tuple[str, str, tuple[Entry, ...]], ...]
    questions: tuple[Question, ...]
    length: int
    limit: int | None
    platform: str | None

    @property
    def over_limit(self) -> bool:
        return self.limit is not None and self.length > self.limit


def _spans(f: dict[str, Any]) -> list[dict[str, Any]]:
    if f.get("scope", "span") != "span":
        return []
    spans = f.get("spans")
    if spans is None:  # pausecheck.report/1: one span per finding
        spans = [{"start": f["start"], "end": f["end"], "match": f["match"]}]
    return [s for s in spans if s["end"] > s["start"]]


def present(report: dict[str, Any], text: str) -> ResultView:
    """The view of a JSON report for ``text`` (the post as checked)."""
    findings = sorted(report["findings"], key=lambda f: (_SEVERITY_ORDER[f["severity"]], f.get("scope") != "span",
                                                         f["start"], f["code"]))
    entries = tuple(_entry(i, f, text) for i, f in enumerate(findings, 1))
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        groups.setdefault(e.clause_ref, []).append(e)
    by_clause = tuple((ref, es[0].clause_title, tuple(es)) for ref, es in groups.items())
    questions = tuple(Question(q["id"], q["question"], q.get("trigger") or q.get("reason", ""), q["clause"]["ref"])
                      for q in report.get("checklist", []))[:MAX_QUESTIONS]
    platform = (report.get("post") or {}).get("platform")
    return ResultView(_header(report), text, _segments(text, entries), entries, by_clause, questions,
                      len(text), PLATFORM_LIMITS.get(platform or ""), platform)


def rewrite(f: dict[str, Any]) -> tuple[str, bool] | None:
    """The finding's rewrite of the whole post and whether it needs the member's review, from the
    report's ``replacement`` (docs/report-format.md): present only when the rewritten post was
    checked again and came back clear of this rule and of anything new."""
    r = f.get("replacement")
    if not isinstance(r, dict) or not isinstance(r.get("text"), str):
        return None
    if r.get("applicability") not in ("safe", "review"):
        return None
    return r["text"], r["applicability"] == "review"


def _entry(number: int, f: dict[str, Any], text: str) -> Entry:
    clause = f["clause"]
    suggestion = f.get("suggestion")
    return Entry(
        number=number, code=f["code"], name=f["name"], title=f["title"], severity=f["severity"],
        severity_label=SEVERITY_LABEL[f["severity"]], category=f["category"].replace("_", " "),
        clause_ref=clause["ref"], clause_title=clause["title"], clause_summary=clause["summary"],
        message=f["message"], quotes=tuple(Quote(s["start"], s["end"], s["match"]) for s in _spans(f)),
        more=int(f.get("more", 0)), subject=f.get("subject", ""), flagged_because=f.get("explanation", ""),
        why=f["why"], advice=f["advice"], suggestion=suggestion["text"] if suggestion else None,
        rewrite=(fix := rewrite(f)) and fix[0], rewrite_review=bool(fix and fix[1]),
    )


def _header(report: dict[str, Any]) -> Header:
    not_checked = tuple(n["message"] for n in report.get("notices", [])) + tuple(
        w[:1].upper() + w[1:] + ("" if w.endswith(".") else ".") for w in report.get("warnings", []))
    counts = Counter(f["severity"] for f in report["findings"])
    n = len(report["findings"])
    if n:
        parts = [f"{counts[s]} {_SEVERITY_WORDS[s]}" for s in ("block", "revise", "advise") if counts[s]]
        headline = f"{n} problem{'s' if n > 1 else ''} found: {', '.join(parts)}."
    elif not_checked:
        headline = "No problems found in what was checked; read the notes on what was not."
    else:
        headline = "No problems found. Pause, re-read, then publish."
    return Header(report["verdict"], VERDICT_LABEL[report["verdict"]], headline, not_checked)


def _segments(text: str, entries: tuple[Entry, ...]) -> tuple[Segment, ...]:
    cuts = {0, len(text)}
    for e in entries:
        for q in e.quotes:
            if 0 <= q.start < q.end <= len(text):
                cuts.update((q.start, q.end))
    points = sorted(cuts)
    out: list[Segment] = []
    for a, b in itertools.pairwise(points):
        covering = [e for e in entries if any(q.start <= a and b <= q.end for q in e.quotes)]
        severity = min((e.severity for e in covering), key=_SEVERITY_ORDER.__getitem__, default=None)
        out.append(Segment(text[a:b], tuple(e.number for e in covering), severity, f"span-{a}-{b}"))
    return tuple(out)
