"""Human output with Rich, laid out from the presentation model (:mod:`pausecheck.report.view`).

Per post: the post in a box with flagged words highlighted; the verdict and what was found;
what was not checked; one block per rule; at most three checklist questions, each with what in
the post raised it. A batch ends with a summary (:func:`summary_to_text`).

Untrusted post text is passed to Rich as ``Text`` objects, never as markup, so a post that
contains ``[bold]`` or escape sequences prints literally.
"""

from __future__ import annotations

import io
import shutil

from rich.console import Console
from rich.markdown import Markdown
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pausecheck.findings import Report, Verdict
from pausecheck.report.view import BatchSummary, Entry, ReportView, Rewrite, build_view

__all__ = ["MIN_WIDTH", "highlighted", "markdown_to_text", "render", "summary_to_text", "terminal_width", "to_text"]

#: Narrower than this and the boxes and indents leave too little room for words.
MIN_WIDTH = 60
#: Wider than this and lines get hard to read; a wide terminal keeps a margin.
MAX_WIDTH = 120

_STYLE = {"block": "bold white on red", "revise": "black on yellow", "advise": "black on cyan"}
_VERDICT_STYLE = {Verdict.PUBLISH: "bold green", Verdict.REVISE: "bold yellow", Verdict.DO_NOT_PUBLISH: "bold red"}
_SEVERITY_LABEL = {"block": "BLOCK", "revise": "REVISE", "advise": "ADVISE"}


def terminal_width(stream_width: int | None = None) -> int:
    """The width to lay text out in: the terminal's (or ``$COLUMNS``), within sane bounds."""
    columns = stream_width if stream_width is not None else shutil.get_terminal_size((100, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, columns))


def _clean(s: str) -> str:
    """Drop control characters (terminal escapes) from untrusted text; keep newlines and tabs."""
    return "".join(c if c in "\n\t" or (ord(c) >= 32 and not 0x7F <= ord(c) < 0xA0) else "\ufffd" for c in s)


def _one_line(s: str, limit: int = 60) -> str:
    s = " ".join(_clean(s).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def highlighted(view: ReportView) -> Text:
    text = Text(_clean(view.text))
    for start, end, severity in view.highlights:
        text.stylize(_STYLE[severity], start, end)
    return text


def _indented(text: Text | Table, indent: int = 2) -> Padding:
    """Wrapped lines keep the indent of the first, so each block reads as one piece."""
    return Padding(text, (0, 0, 0, indent), expand=False)


def _hanging(marker: str, text: Text, indent: int = 2) -> Padding:
    """``• text`` with wrapped lines starting under the text, not under the marker."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(marker, text)
    return _indented(grid, indent)


def _clause(e: Entry) -> str:
    # Some packs title a clause with its own reference ("Legal: Libel" / "Libel"): say it once.
    return e.clause_ref if e.clause_title.lower() in e.clause_ref.lower() else f"{e.clause_ref}: {e.clause_title}"


def _entry(e: Entry) -> list[Text | Padding]:
    head = Text.assemble((f" {_SEVERITY_LABEL[e.severity]} ", _STYLE[e.severity]), " ", (e.code, "bold"),
                         f" {e.name}", (f"  {_clause(e)}", "dim"))
    head.no_wrap, head.overflow = True, "ellipsis"  # the clause is cut, never wrapped under the code
    lines: list[Text | Padding] = [head, _indented(Text(_clean(e.message)))]
    if len(e.quotes) > 1 or e.more:
        found = ", ".join(f"“{_one_line(q.text, 40)}” ({q.start}–{q.end})" for q in e.quotes)
        more = f", and {e.more:,} more not listed" if e.more else ""
        lines.append(_indented(Text(f"Found {len(e.quotes) + e.more:,} times: {found}{more}")))
    lines.append(_indented(Text("Flagged because: " + _one_line(e.flagged_because, 150), style="dim")))
    lines.append(_indented(Text("Advice: " + _clean(e.advice))))
    if e.rewrite:
        lines.append(_indented(_rewrite(e.rewrite)))
    elif e.suggestion:
        lines.append(_indented(Text("Example wording: " + _clean(e.suggestion), style="green")))
    return lines


def _rewrite(r: Rewrite) -> Text:
    """``Rewrite (safe): kept [-removed-]{+added+} kept``: the diff reads the same without colour."""
    out = Text.assemble((f"Rewrite ({r.label}): ", "bold green" if r.applicability == "safe" else "bold yellow"))
    for p in r.pieces:
        if p.kind == "removed":
            out.append(f"[-{_clean(p.text)}-]", style="red strike")
        elif p.kind == "added":
            out.append(f"{{+{_clean(p.text)}+}}", style="green")
        else:
            out.append(_clean(p.text), style="dim" if p.kind == "gap" else "")
    return out


def render(report: Report, console: Console, *, title: str | None = None) -> None:
    view = build_view(report, title=title or "Draft")
    h = view.header
    console.print(Panel(highlighted(view), title=_one_line(view.title), title_align="left", expand=True))
    console.print(Text.assemble((h.label, _VERDICT_STYLE[h.verdict]), "  ", h.headline))
    if h.not_checked:  # what was not checked, right under the verdict
        console.print(Text("Not checked:", style="bold magenta"))
        for note in h.not_checked:
            console.print(_hanging("•", Text(_clean(note))))
    for e in view.entries:
        console.print()
        for line in _entry(e):
            console.print(line)
    if view.entries:
        codes = " ".join(e.code for e in view.entries)
        console.print(Text(f"Why each matters: pausecheck rule CODE ({codes})", style="dim"))
    if view.questions:
        console.print()
        console.print(Text("Before you publish, ask yourself:", style="bold"))
        for q in view.questions:
            asked = Text.assemble(_clean(q.question), "\n", (f"Asked because {_clean(q.trigger)} ({q.clause_ref}).", "dim"))
            console.print(_hanging("☐", asked))


def _plain(out: str, color: bool) -> str:
    """Without colour, lines lose the trailing blanks Rich pads them with (golden files, pipes)."""
    return out if color else "\n".join(line.rstrip() for line in out.split("\n"))


def _console(buf: io.StringIO, width: int, color: bool) -> Console:
    return Console(file=buf, width=width, force_terminal=color, color_system="standard" if color else None,
                   highlight=False, emoji=False, markup=False, legacy_windows=False)


def to_text(report: Report, *, width: int | None = None, color: bool = False, title: str | None = None) -> str:
    """One post's report; ``width`` None follows the terminal (see :func:`terminal_width`)."""
    buf = io.StringIO()
    render(report, _console(buf, width or terminal_width(), color), title=title)
    return _plain(buf.getvalue(), color)


def summary_to_text(summary: BatchSummary, *, width: int | None = None, color: bool = False) -> str:
    buf = io.StringIO()
    console = _console(buf, width or terminal_width(), color)
    console.rule(Text("Summary", style="bold"), align="left")
    for line in summary.lines():
        console.print(Text(line))
    return _plain(buf.getvalue(), color)


def markdown_to_text(markdown: str, *, width: int | None = None, color: bool = False) -> str:
    """A rule's Markdown documentation laid out for the terminal (headings, lists, emphasis)."""
    buf = io.StringIO()
    _console(buf, width or terminal_width(), color).print(Markdown(_clean(markdown), hyperlinks=False))
    return _plain(buf.getvalue(), color)
