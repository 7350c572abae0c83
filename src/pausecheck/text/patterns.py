"""Compiling and running the regular expressions that policy packs write.

One place for what every pack regex goes through: the ``{vocab:NAME}`` and ``{shape:NAME}``
macros, case folding, and a time limit on each search so that a pattern that backtracks
catastrophically cannot hang a check. Detectors compile through here; the pack loader compiles
through here at load time, so an error is reported against the rule file, not mid-check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import regex

from pausecheck.text.shapes import SHAPES

#: Per-search time limit for pack regexes, so a bad pattern cannot hang a check.
REGEX_TIMEOUT_S = 0.25

_MACRO = regex.compile(r"\{(vocab|shape):([a-z0-9_-]+)\}")


def expand_macros(pattern: str, vocab: Mapping[str, Sequence[str]]) -> str:
    """Replace ``{vocab:NAME}`` with an alternation of the pack's list NAME (longest first),
    and ``{shape:NAME}`` with a shape from :mod:`pausecheck.text.shapes`.

    One list (e.g. every UK party) then serves many regexes, so no rule can favour an entry by
    forgetting it; one shape (a planning reference) is written once for every rule.
    """

    def expand(m: regex.Match[str]) -> str:
        kind, name = m.group(1), m.group(2)
        if kind == "shape":
            if name not in SHAPES:
                raise regex.error(f"unknown shape {name!r} in {{shape:{name}}}; known: {', '.join(sorted(SHAPES))}")
            return SHAPES[name]
        if name not in vocab:
            raise regex.error(f"unknown vocab list {name!r} in {{vocab:{name}}}")
        words = sorted(vocab[name], key=len, reverse=True)
        return "(?:" + "|".join(r"\s+".join(regex.escape(p) for p in w.split()) for w in words) + ")"

    return _MACRO.sub(expand, pattern)


def compile_pattern(
    pattern: str, case_sensitive: bool = False, vocab: Mapping[str, Sequence[str]] | None = None
) -> regex.Pattern[str]:
    """Compile a pack regex (raises ``regex.error`` with the reason when it does not compile)."""
    flags = 0 if case_sensitive else regex.IGNORECASE
    return regex.compile(expand_macros(pattern, vocab or {}), flags)


def search(pattern: regex.Pattern[str], text: str) -> list[regex.Match[str]]:
    """All matches, or none if the pattern runs past the time limit (catastrophic backtracking)."""
    try:
        return list(pattern.finditer(text, timeout=REGEX_TIMEOUT_S))
    except TimeoutError:
        return []
