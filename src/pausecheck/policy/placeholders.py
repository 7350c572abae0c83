"""Placeholders in a pack's wording: ``{clause.summary}``, ``{council.monitoring_officer}``, ``{match}``.

Rule wording (``message``, ``why``, ``advice``, ``rewrite``) and checklist questions are
templates. The loader fills in everything the pack knows (the rule's clause and the council's
settings) once, at load, so a pack that extends another re-renders the inherited wording with its
own clauses and council. ``{match}`` is left for the engine, which knows the matched words; it
is allowed only in ``message``, the one field the engine fills.

A placeholder the pack cannot fill is a load error (a misspelt ``{matched}`` must never reach a
member as literal braces), and so is a stray brace: write ``{{`` and ``}}`` for literal ones.
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Mapping

from pausecheck.policy.schema import ClauseSpec, Council

#: Filled by the engine, per finding, with the words that matched.
MATCH = "match"
#: The rule fields that are templates.
TEMPLATE_FIELDS = ("message", "why", "advice", "rewrite")
#: What each placeholder stands for (for the guide and for error messages).
CLAUSE_PLACEHOLDERS = {
    "clause.id": "the id of the rule's clause, as in pack.yaml",
    "clause.title": "the clause's title",
    "clause.summary": "the clause's summary: the guidance in the pack's words",
}
COUNCIL_PLACEHOLDERS = {
    "council.name": "settings.council.name",
    "council.area": "settings.council.area",
    "council.monitoring_officer": "settings.council.monitoring_officer (without \"the\")",
    "council.standards_team": "settings.council.standards_team (without \"the\")",
    "council.contact": "settings.council.contact",
    "council.procedure_rules.KEY": "the citation settings.council.procedure_rules gives under KEY",
}


class PlaceholderError(ValueError):
    """A template that cannot be filled; the message says which placeholder and why."""


def values(clause: ClauseSpec | None, council: Council | None) -> dict[str, str | None]:
    """Every placeholder the pack can fill, with None for a council field that is not set."""
    out: dict[str, str | None] = {}
    if clause is not None:
        out.update({"clause.id": clause.id, "clause.title": clause.title, "clause.summary": clause.summary})
    fields = ("name", "area", "monitoring_officer", "standards_team", "contact")
    for f in fields:
        out[f"council.{f}"] = getattr(council, f) if council is not None else None
    if council is not None:
        for key, citation in council.procedure_rules.items():
            out[f"council.procedure_rules.{key}"] = citation
    return out


def render(template: str, known: Mapping[str, str | None], *, allow_match: bool) -> str:
    """The template with every placeholder filled; ``{match}`` kept for the engine when allowed.

    Raises PlaceholderError for an unknown placeholder, one whose setting is not set, a format
    spec or conversion (``{match!r}``, ``{x:>10}``), or an unbalanced brace.
    """
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as e:
        raise PlaceholderError(f"{e} (write '{{{{' and '}}}}' for literal braces)") from None
    out: list[str] = []
    for literal, name, spec, conversion in parts:
        if allow_match and "{" + MATCH + "}" in literal:
            # The engine fills {match} by plain replacement, so an escaped "{{match}}" would be
            # filled after all.
            raise PlaceholderError("a literal '{match}' cannot be written in 'message'")
        out.append(literal)
        if name is None:
            continue
        shown = "{" + name + "}"
        if spec or conversion:
            raise PlaceholderError(f"placeholder {{{name}{'!' + conversion if conversion else ''}"
                                   f"{':' + spec if spec else ''}}} may not have a format or conversion; write {shown}")
        if name == MATCH:
            if not allow_match:
                raise PlaceholderError(f"{shown} is filled only in 'message' (the engine fills it there)")
            out.append(shown)
            continue
        if name not in known:
            raise PlaceholderError(f"unknown placeholder {shown}{_suggest(name, known, allow_match)}")
        value = known[name]
        if value is None:
            setting = COUNCIL_PLACEHOLDERS.get(name, name)
            raise PlaceholderError(f"placeholder {shown} needs {setting} in pack.yaml, which is not set")
        out.append(value)
    return "".join(out)


def _suggest(name: str, known: Mapping[str, str | None], allow_match: bool) -> str:
    names = [*known, *([MATCH] if allow_match else [])]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {{{close[0]}}}?"
    return "; known: " + ", ".join("{" + n + "}" for n in sorted(names))
