"""The report as a person reads it: one presentation model for the terminal and the desk.

A :class:`ReportView` is built from a :class:`~pausecheck.findings.Report` and holds only
plain, already-worded values: a header that says what was found *and what was not checked*,
one entry per rule with every stretch of text it flagged, and the few checklist questions this
post gives a reason for. Emitters lay it out (``report.text`` with Rich; the desk with its
templates); none of them decides wording, order or what to leave out.

Untrusted text (the post, matched words, file names) is kept as given here; each emitter
escapes it for its own medium.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from pausecheck._types import SEVERITY_ORDER, Severity
from pausecheck.findings import Edit, Finding, Replacement, Report, Verdict

__all__ = ["MAX_QUESTIONS", "BatchSummary", "Entry", "Header", "Piece", "Question", "Quote", "ReportView", "Rewrite",
           "Tally", "build_view", "diff_pieces", "summarise"]

#: Checklist questions shown under one post; the engine ranks them, most relevant first.
MAX_QUESTIONS = 3

VERDICT_LABEL = {Verdict.PUBLISH: "PUBLISH", Verdict.REVISE: "REVISE", Verdict.DO_NOT_PUBLISH: "DO NOT PUBLISH"}
_SEVERITY_WORDS = {"block": "to remove", "revise": "to revise", "advise": "advisory"}


@dataclass(frozen=True, slots=True)
class Quote:
    """One flagged stretch of the post: where it is (code points, half-open) and its text."""

    start: int
    end: int
    text: str


#: Unchanged text kept on each side of a change in a rewrite's diff.
DIFF_CONTEXT = 60
_APPLICABILITY_LABEL = {"safe": "safe", "review": "needs review"}


@dataclass(frozen=True, slots=True)
class Piece:
    """One run of a rewrite's inline diff: ``same`` text, text ``removed`` from the post, text
    ``added`` to it, or ``gap`` ("…": unchanged text left out between changes)."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A rewrite of the member's post that clears the finding and was checked again."""

    #: ``safe`` (keeps what the post means) or ``review`` (changes what it says: read it first).
    applicability: str
    #: "safe" or "needs review", for the reader.
    label: str
    strategy: str
    #: The whole post, rewritten.
    text: str
    #: The change as an inline diff of the post, unchanged stretches cut to DIFF_CONTEXT a side.
    pieces: tuple[Piece, ...]
    #: The rewritten post's verdict when checked again ("publish", "revise", "do-not-publish").
    verdict: str


def _cut_end(s: str, n: int) -> str:
    """The first ``n`` characters of ``s``, cut back to a space when there is one."""
    head = s[:n]
    return head[: head.rfind(" ") + 1] if " " in head[n // 2:] else head


def _cut_start(s: str, n: int) -> str:
    tail = s[-n:]
    return tail[tail.find(" "):] if " " in tail[: n // 2] else tail


def diff_pieces(text: str, edits: tuple[Edit, ...], context: int = DIFF_CONTEXT) -> tuple[Piece, ...]:
    """The edits on ``text`` as an inline diff, unchanged text between and around them cut to
    ``context`` characters a side (the cut marked by a ``gap`` piece)."""
    out: list[Piece] = []
    pos = 0
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for i, e in enumerate(ordered):
        same = text[pos:e.start]
        first = i == 0
        if first and len(same) > context:
            out += [Piece("gap", "…"), Piece("same", _cut_start(same, context))]
        elif not first and len(same) > 2 * context:
            out += [Piece("same", _cut_end(same, context)), Piece("gap", "…"), Piece("same", _cut_start(same, context))]
        elif same:
            out.append(Piece("same", same))
        if e.end > e.start:
            out.append(Piece("removed", text[e.start:e.end]))
        if e.text:
            out.append(Piece("added", e.text))
        pos = e.end
    tail = text[pos:]
    if len(tail) > context:
        out += [Piece("same", _cut_end(tail, context)), Piece("gap", "…")]
    elif tail:
        out.append(Piece("same", tail))
    return tuple(out)


def _rewrite(text: str, r: Replacement | None) -> Rewrite | None:
    if r is None or r.verdict is None:  # only a rewrite that was checked again is shown
        return None
    return Rewrite(r.applicability, _APPLICABILITY_LABEL[r.applicability], r.strategy, r.text,
                   diff_pieces(text, r.edits), r.verdict.value)


@dataclass(frozen=True, slots=True)
class Entry:
    """One rule's finding, worded for a reader."""

    code: str
    name: str
    title: str
    severity: Severity
    category: str
    clause_ref: str
    clause_title: str
    message: str
    #: Every stretch of text the rule flagged, in text order (none for a whole-post finding).
    quotes: tuple[Quote, ...]
    #: Stretches found beyond those listed.
    more: int
    #: What a whole-post finding is about (an image's file name); "" for none.
    subject: str
    #: What the detector saw (the strongest hit's explanation).
    flagged_because: str
    advice: str
    #: The rule's example wording (advice: not a rewrite of this post).
    suggestion: str | None
    why: str
    #: A rewrite of this post that clears the finding, checked again; None when there is none.
    rewrite: Rewrite | None = None


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    question: str
    #: What in this post raised the question.
    trigger: str
    clause_ref: str


@dataclass(frozen=True, slots=True)
class Header:
    verdict: Verdict
    label: str
    #: One sentence: what was found ("No problems found." only when nothing was found and
    #: nothing was left unchecked).
    headline: str
    #: What the check did not cover, each in plain words: language, learned rules, pictures,
    #: rules that could not finish.
    not_checked: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReportView:
    title: str
    header: Header
    text: str
    entries: tuple[Entry, ...]
    questions: tuple[Question, ...]
    #: Flagged stretches to highlight in the post, with the severity of the rule that flagged them.
    highlights: tuple[tuple[int, int, Severity], ...]


def build_view(report: Report, *, title: str = "Draft", max_questions: int = MAX_QUESTIONS) -> ReportView:
    entries = tuple(_entry(f, report.text) for f in sorted(report.findings, key=_order))
    highlights = tuple((s.start, s.end, f.severity) for f in report.findings if f.scope == "span"
                       for s in f.spans if s.end > s.start)
    questions = tuple(Question(q.id, q.question, q.trigger, q.clause.ref) for q in report.checklist
                      if q.trigger)[:max_questions]
    return ReportView(title, _header(report), report.text, entries, questions, highlights)


def _order(f: Finding) -> tuple[int, int, int, str]:
    """Most serious first; then in the order the reader meets them in the post."""
    return SEVERITY_ORDER[f.severity], f.scope != "span", f.start, f.code


def _header(report: Report) -> Header:
    not_checked = tuple(n.message for n in report.notices) + tuple(_warning(w) for w in report.warnings)
    counts = Counter(f.severity for f in report.findings)
    if report.findings:
        n = len(report.findings)
        parts = [f"{counts[s]} {_SEVERITY_WORDS[s]}" for s in ("block", "revise", "advise") if counts[s]]
        headline = f"{n} problem{'s' if n > 1 else ''} found: {', '.join(parts)}."
    elif not_checked:
        headline = "No problems found in what was checked; read the notes on what was not."
    else:
        headline = "No problems found. Pause, re-read, then publish."
    return Header(report.verdict, VERDICT_LABEL[report.verdict], headline, not_checked)


def _warning(w: str) -> str:
    return w[:1].upper() + w[1:] + ("" if w.endswith(".") else ".")


def _entry(f: Finding, text: str) -> Entry:
    return Entry(
        code=f.code,
        name=f.name,
        title=f.title,
        severity=f.severity,
        category=f.category,
        clause_ref=f.clause.ref,
        clause_title=f.clause.title,
        message=f.message,
        quotes=tuple(Quote(s.start, s.end, s.match) for s in f.spans),
        more=f.more,
        subject=f.subject,
        flagged_because=f.explanation,
        advice=f.advice,
        suggestion=f.suggestion.text if f.suggestion else None,
        why=f.why,
        rewrite=_rewrite(text, f.replacement),
    )


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """What a batch came to: posts by verdict, findings by category, records not checked."""

    posts: int
    by_verdict: tuple[tuple[str, int], ...]
    by_category: tuple[tuple[str, int], ...]
    #: Posts by what was not checked in them (a notice's code, or ``rule-not-finished``).
    not_checked: tuple[tuple[str, int], ...]
    unreadable: int

    def lines(self) -> list[str]:
        verdicts = ", ".join(f"{n} {label.lower()}" for label, n in self.by_verdict) or "none"
        out = [f"{self.posts} post{'s' if self.posts != 1 else ''} checked: {verdicts}."]
        if self.by_category:
            out.append("Findings by category: " + ", ".join(f"{c.replace('_', ' ')} {n}" for c, n in self.by_category)
                       + ".")
        if self.not_checked:
            out.append("Not checked: " + ", ".join(f"{code.replace('-', ' ')} in {n} post{'s' if n != 1 else ''}"
                                                   for code, n in self.not_checked) + ".")
        if self.unreadable:
            out.append(f"{self.unreadable} record{'s' if self.unreadable != 1 else ''} could not be checked "
                       "(see the errors above).")
        return out


class Tally:
    """Counts for a batch summary, kept as reports stream past (no report is held)."""

    def __init__(self) -> None:
        self.posts = 0
        self.notes: Counter[str] = Counter()
        self.verdicts: Counter[Verdict] = Counter()
        self.categories: Counter[str] = Counter()

    def add(self, report: Report) -> None:
        self.posts += 1
        self.verdicts[report.verdict] += 1
        self.categories.update(f.category for f in report.findings)
        self.notes.update({n.code for n in report.notices} | ({"rule-not-finished"} if report.warnings else set()))

    def summary(self, unreadable: int = 0) -> BatchSummary:
        """Verdicts in verdict order, categories most frequent first."""
        by_verdict = tuple((VERDICT_LABEL[v], self.verdicts[v]) for v in Verdict if self.verdicts[v])
        by_category = tuple(sorted(self.categories.items(), key=lambda kv: (-kv[1], kv[0])))
        not_checked = tuple(sorted(self.notes.items(), key=lambda kv: (-kv[1], kv[0])))
        return BatchSummary(self.posts, by_verdict, by_category, not_checked, unreadable)


def summarise(reports: Iterable[Report], unreadable: int = 0) -> BatchSummary:
    tally = Tally()
    for r in reports:
        tally.add(r)
    return tally.summary(unreadable)
