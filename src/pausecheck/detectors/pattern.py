"""The ``pattern`` kind: regexes, with context words that raise the score and validators."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Literal

from pydantic import Field, field_validator

from pausecheck.detectors.base import Detector, Inspection, Modifiers, PackResources, make_hit
from pausecheck.detectors.matching import TermIndex
from pausecheck.detectors.options import KindOptions, Matcher, Modifier, PatternSpec
from pausecheck.findings import Hit
from pausecheck.text.doc import Doc
from pausecheck.text.patterns import compile_pattern, search
from pausecheck.text.shapes import VALIDATORS


class PatternOptions(KindOptions):
    """Regular expressions with optional context words that raise the score."""

    kind: Literal["pattern"]
    patterns: list[PatternSpec] = Field(..., min_length=1)
    context: list[str] = []
    context_boost: float = Field(0.3, ge=0, le=1)
    context_window: int = Field(10, ge=1, le=60)
    validator: str | None = None
    case_sensitive: bool = False
    skip_reported: bool = True
    replacement: str | None = None
    modifiers: list[Modifier] = []

    @field_validator("validator")
    @classmethod
    def _known_validator(cls, v: str | None) -> str | None:
        if v is not None and v not in VALIDATORS:
            raise ValueError(f"unknown validator {v!r}; known: {', '.join(sorted(VALIDATORS))}")
        return v

    def regexes(self) -> Iterator[tuple[PatternSpec, bool]]:
        return ((p, self.case_sensitive) for p in self.patterns)

    def matchers(self) -> Iterator[Matcher]:
        return iter(self.modifiers)


class PatternKind(Detector):
    kind = "pattern"
    options = PatternOptions
    spec: PatternOptions

    def __init__(self, spec: PatternOptions, pack: PackResources) -> None:
        super().__init__(spec, pack)
        self.patterns = [(p, compile_pattern(p.regex, spec.case_sensitive, pack.vocab)) for p in spec.patterns]
        self.context = TermIndex(spec.context)
        self.validator = VALIDATORS[spec.validator] if spec.validator else None
        self.modifiers = Modifiers(spec.modifiers, pack)

    def find(self, ins: Inspection, floor: float = 0.5) -> list[Hit]:
        doc = ins.doc
        hits: list[Hit] = []
        mods = None
        for p, pattern in self.patterns:
            for m in search(pattern, doc.normalised, ins.budget):
                ns, ne = m.span()
                if ns == ne or (self.spec.skip_reported and doc.is_reported(ns, ne)):
                    continue
                if self.validator and not self.validator(m.group()):
                    continue
                score = p.score
                notes = [f"pattern '{p.name}' matched"]
                word = self._context_word(doc, ns, ne)
                if word:
                    score += self.spec.context_boost
                    notes.append(f"context word '{word}' nearby")
                if self.validator:
                    notes.append(f"{self.spec.validator} check passed")
                if mods is None:
                    mods = self.modifiers.found(ins) if self.modifiers else []
                score, mod_notes = Modifiers.apply(doc, (ns, ne), score, mods)
                hits.append(make_hit(doc, ns, ne, score, "; ".join(notes + mod_notes), self.spec.replacement))
        return hits

    def _context_word(self, doc: Doc, ns: int, ne: int) -> str | None:
        if not self.context:
            return None
        words = doc.words
        first = bisect.bisect_right(doc.word_ends, ns)  # words overlapping [ns, ne): first..last
        last = bisect.bisect_left(doc.word_starts, ne) - 1
        if first > last:
            return None
        w = self.spec.context_window
        lo, hi = max(0, first - w), min(len(words), last + 1 + w)
        for _i, _j, term in self.context.find(words[lo:hi], doc.normalised):
            return term
        return None
