"""Human output with Rich: the post with flagged spans highlighted, then findings by clause.

Untrusted post text is passed to Rich as ``Text`` objects, never as markup, so a post that
contains ``[bold]`` or escape sequences prints literally.
"""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from pausecheck.findings import Report, Verdict

_STYLE = {"block": "bold white on red", "revise": "black on yellow", "advise": "black on cyan"}
_VERDICT = {
    Verdict.PUBLISH: ("PUBLISH", "bold green", "No problems found. Pause, re-read, then publish."),
    Verdict.REVISE: ("REVISE", "bold yellow", "Revise before publishing: see the findings below."),
    Verdict.DO_NOT_PUBLISH: ("DO NOT PUBLISH", "bold red", "Do not publish this as it stands."),
}


def _clean(s: str) -> str:
    """Drop control characters (terminal escapes) from untrusted text; keep newlines and tabs."""
    return "".join(c if c in "\n\t" or (ord(c) >= 32 and not 0x7F <= ord(c) < 0xA0) else "\ufffd" for c in s)


def highlighted(report: Report) -> Text:
    text = Text(_clean(report.text))
    for f in report.findings:
        if f.scope == "span" and f.end > f.start:
            text.stylize(_STYLE[f.severity], f.start, f.end)
    return text


def render(report: Report, console: Console, *, title: str | None = None) -> None:
    label, style, line = _VERDICT[report.verdict]
    head = Text.assemble((label, style), "  ", line)
    console.print(Panel(highlighted(report), title=title or "Draft", subtitle=head, expand=True))
    for notice in report.notices:  # what was not checked, right under the verdict
        console.print(Text.assemble(("Not checked: ", "bold magenta"), notice.message))
    if report.notices:
        console.print()
    for ref, findings in report.by_clause().items():
        clause = findings[0].clause
        console.print(Text.assemble((f"{ref} — {clause.title}", "bold"), ("  ", ""), (clause.summary, "dim")))
        for f in findings:
            where = f"“{_clean(f.match)}” [{f.start}:{f.end}]" if f.scope == "span" else "(whole post)"
            body = Group(
                Text.assemble((f" {f.severity.upper()} ", _STYLE[f.severity]), " ", (f.code, "bold"), f" {f.name}  ", where),
                Text("  " + _clean(f.message)),
                Text("  Why: " + f.why, style="dim"),
                Text("  Advice: " + f.advice),
                *( [Text("  Suggestion: " + _clean(f.suggestion.text), style="green")] if f.suggestion else [] ),
                Text(f"  Detected by {f.detector} (score {f.score:.2f}): {_clean(f.explanation)}", style="dim italic"),
            )
            console.print(body)
        console.print()
    if report.checklist:
        console.print(Text("Before you publish, ask yourself:", style="bold"))
        for q in report.checklist:
            console.print(Text(f"  ☐ {q.question}  ({q.clause.ref})"))


def to_text(report: Report, *, width: int = 100, color: bool = False, title: str | None = None) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, color_system="standard" if color else None,
                      highlight=False, emoji=False, markup=False)
    render(report, console, title=title)
    return buf.getvalue()
