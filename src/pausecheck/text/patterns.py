"""Compiling and running the regular expressions that policy packs write.

One place for what every pack regex goes through: the ``{vocab:NAME}`` and ``{shape:NAME}``
macros, case folding, and a time limit on each search so that a pattern that backtracks
catastrophically cannot hang a check. Detectors compile through here; the pack loader compiles
through here at load time, so an error is reported against the rule file, not mid-check.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

import regex

from pausecheck.text.shapes import SHAPES

#: Per-search time limit for pack regexes, so a bad pattern cannot hang a check.
REGEX_TIMEOUT_S = 0.25
#: Total time all pack regexes together may take on one post.
POST_REGEX_BUDGET_S = 2.0


class RegexTimeout(Exception):
    """A pack regex ran past its time limit, or the post's regex budget ran out."""

    def __init__(self, pattern: str, budget_spent: bool) -> None:
        why = "the post's time budget for patterns ran out" if budget_spent else "it ran past its time limit"
        super().__init__(f"pattern {pattern[:60]!r} could not finish: {why}")
        self.pattern = pattern


class RegexBudget:
    """The time left for pack regexes on one post. A search never runs longer than
    :data:`REGEX_TIMEOUT_S`, nor longer than what is left of :data:`POST_REGEX_BUDGET_S`."""

    def __init__(self, total_s: float = POST_REGEX_BUDGET_S, per_search_s: float = REGEX_TIMEOUT_S) -> None:
        self.left = total_s
        self.per_search = per_search_s

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


def search(pattern: regex.Pattern[str], text: str, budget: RegexBudget | None = None) -> list[regex.Match[str]]:
    """All matches of ``pattern`` in ``text``.

    Raises :class:`RegexTimeout` when the search runs past its limit (catastrophic
    backtracking) or the post's budget is spent: a rule that could not finish must never pass
    in silence, so the engine turns this into a finding of its own.
    """
    budget = budget if budget is not None else RegexBudget()
    limit = min(budget.per_search, budget.left)
    if limit <= 0:
        raise RegexTimeout(pattern.pattern, budget_spent=True)
    start = time.perf_counter()
    try:
        return list(pattern.finditer(text, timeout=limit))
    except TimeoutError:
        raise RegexTimeout(pattern.pattern, budget_spent=limit < budget.per_search) from None
    finally:
        budget.left -= time.perf_counter() - start


#: Strings on which a pattern that backtracks catastrophically shows it: long runs of one or two
#: characters a pattern may loop over, then a character that makes the match fail at the end.
_PROBE_UNITS = ("a", "ab", "a ", "a.", "a-", "1", "1 ", " ", ".", "'", "aA", "x1")
PROBE_LENGTH = 3_000
PROBE_LIMIT_S = 0.1


def backtracks(pattern: regex.Pattern[str], limit_s: float = PROBE_LIMIT_S) -> str | None:
    """How ``pattern`` backtracks catastrophically, or None when it scans every probe in time.

    Each probe is a run of :data:`PROBE_LENGTH` characters ending in one that cannot match; a
    well-behaved pattern scans each in well under a millisecond. Used by ``pausecheck pack check``.
    """
    for unit in _PROBE_UNITS:
        for tail in ("!", "\n"):
            probe = unit * (PROBE_LENGTH // len(unit)) + tail
            try:
                for _ in pattern.finditer(probe, timeout=limit_s):
                    pass
            except TimeoutError:
                return f"it ran past {limit_s:.2f} s on {PROBE_LENGTH:,} characters of {unit!r} followed by {tail!r}"
    return None
