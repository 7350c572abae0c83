"""Clause-by-clause coverage: which rules and checklist questions implement each clause."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from rich.table import Table

from pausecheck.policy.loader import Pack

_SECTION = {"do": "Do", "dont": "Don't", "legal": "Legal framework", "target": "Target of abuse",
            "code": "Code of Conduct", "meetings": "Meetings"}


def coverage_table(pack: Pack) -> list[dict[str, Any]]:
    """One row per clause of the guidance, with the rules and checklist items covering it."""
    rows = []
    for clause in pack.manifest.clauses:
        primary = [r for r in pack.rules if r.clause.ref == clause.id]
        also = [r for r in pack.rules if clause.id in r.also]
        checklist = [c for c in pack.checklist if c.clause == clause.id]
        rows.append(
            {
                "clause": clause.id,
                "section": _SECTION[clause.section],
                "title": clause.title,
                "rules": [f"{r.code} {r.name}" for r in primary],
                "also_rules": [f"{r.code} {r.name}" for r in also],
                "checklist": [c.id for c in checklist],
                "covered": bool(primary or also or checklist),
            }
        )
    return rows


def uncovered(pack: Pack) -> list[str]:
    return [row["clause"] for row in coverage_table(pack) if not row["covered"]]


def render_coverage(pack: Pack, *, color: bool = False, width: int = 140) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, color_system="standard" if color else None)
    table = Table(title=f"{pack.manifest.title} — clause coverage ({len(pack.rules)} rules, {len(pack.checklist)} checklist questions)")
    for col in ("Clause", "Title", "Rules", "Also checked by", "Checklist"):
        table.add_column(col, overflow="fold")
    for row in coverage_table(pack):
        table.add_row(
            row["clause"],
            row["title"],
            "\n".join(row["rules"]) or "—",
            "\n".join(row["also_rules"]) or "—",
            "\n".join(row["checklist"]) or "—",
            style=None if row["covered"] else "bold red",
        )
    console.print(table)
    rules = Table(title="Rules")
    for col in ("Code", "Name", "Severity", "Category", "Clause", "Title"):
        rules.add_column(col)
    for r in sorted(pack.rules, key=lambda r: r.code):
        rules.add_row(r.code, r.name, r.severity, r.category, r.clause.ref, r.title)
    console.print(rules)
    return buf.getvalue()
