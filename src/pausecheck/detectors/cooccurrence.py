"""The ``cooccurrence`` kind: an anchor that counts only beside every required context.

This is how most of the guidance reads: an allegation *about an identifiable person*; a
closed-mind commitment *in a planning or licensing context*; a dehumanising word *next to a
protected group*; a council service problem *about a named resident*.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field, model_validator

from pausecheck.detectors.base import Detector, Inspection, Modifiers, PackResources, make_hit
from pausecheck.detectors.matching import CompiledMatcher, Found, carried_targets, in_scope, negated_between
from pausecheck.detectors.options import KindOptions, Matcher, Modifier, Scope
from pausecheck.findings import Hit
from pausecheck.text.doc import Doc


class CooccurrenceOptions(KindOptions):
    """An anchor that counts only when every ``requires`` matcher is found in the same scope."""

    kind: Literal["cooccurrence"]
    anchor: Matcher
    requires: list[Matcher] = []
    scope: Scope = "sentence"
    window: int = Field(12, ge=1, le=80)
    score: float = Field(0.7, ge=0, le=1)
    negation: bool = False  # a negation between anchor and requirement cancels the hit
    # With ``scope: sentence``: a short fragment with no target of its own takes the targets of
    # the sentence before ("… never came back. Thief."; see matching.carried_targets).
    carry: bool = False
    # With ``carry``: a sentence of any length that opens by naming what the sentence before
    # said, with the anchor as the name ("… meetings she never attended. That's fraud, and I've
    # got the dates."), takes that sentence's targets. For anchors that name an act (a crime),
    # not a quality ("Cllr X proposed the scheme. That's stupid." is about the scheme).
    carry_pointer: bool = False
    skip_reported: bool = True
    modifiers: list[Modifier] = []
    replacement: str | None = None

    @model_validator(mode="after")
    def _pointer_needs_carry(self) -> CooccurrenceOptions:
        if self.carry_pointer and not self.carry:
            raise ValueError("'carry_pointer' needs 'carry: true'")
        return self

    def matchers(self) -> Iterator[Matcher]:
        yield self.anchor
        yield from self.requires
        yield from self.modifiers


class CooccurrenceKind(Detector):
    kind = "cooccurrence"
    options = CooccurrenceOptions
    spec: CooccurrenceOptions

    def __init__(self, spec: CooccurrenceOptions, pack: PackResources) -> None:
        super().__init__(spec, pack)
        self.anchor = CompiledMatcher(spec.anchor, pack.vocab)
        self.requires = [CompiledMatcher(m, pack.vocab) for m in spec.requires]
        self.modifiers = Modifiers(spec.modifiers, pack)

    def find(self, ins: Inspection, floor: float = 0.5) -> list[Hit]:
        doc = ins.doc
        anchors = self.anchor.find(ins)
        if not anchors:
            return []
        found_req = [m.find(ins) for m in self.requires]
        mods = None
        hits: list[Hit] = []
        for a in anchors:
            if self.spec.skip_reported and doc.is_reported(a.n_start, a.n_end):
                continue
            support = self._support(doc, a, found_req)
            if support is None:
                continue
            score = self.spec.score * a.score if a.score < 1 else self.spec.score
            if mods is None:
                mods = self.modifiers.found(ins) if self.modifiers else []
            score, notes = Modifiers.apply(doc, (a.n_start, a.n_end), score, mods, self.spec.scope, self.spec.window)
            why = [a.what] + [s.what for s in support] + notes
            hits.append(make_hit(doc, a.n_start, a.n_end, score, "; ".join(why), self.spec.replacement, support))
        return hits

    def _support(self, doc: Doc, a: Found, found_req: list[list[Found]]) -> list[Found] | None:
        """One supporting match per requirement, or None when any requirement is missing."""
        support: list[Found] = []
        for candidates, matcher in zip(found_req, self.requires, strict=True):
            chosen = None
            for f in candidates:
                if f.n_start <= a.n_start and a.n_end <= f.n_end:
                    continue  # no word supports itself, nor a name holding it ("Crook Town")
                if self.spec.skip_reported and doc.is_reported(f.n_start, f.n_end):
                    continue
                if not in_scope(doc, a, f, self.spec.scope, self.spec.window):
                    continue
                if self.spec.negation and negated_between(doc, (a.n_start, a.n_end), (f.n_start, f.n_end)):
                    continue
                chosen = f
                break
            if chosen is None:
                chosen = self._carried(doc, a, candidates, matcher)
            if chosen is None:
                return None
            support.append(chosen)
        return support

    def _carried(self, doc: Doc, a: Found, candidates: list[Found], matcher: CompiledMatcher) -> Found | None:
        """A target of the sentence before the anchor's, when the anchor's sentence takes it."""
        if not (self.spec.carry and self.spec.scope == "sentence" and matcher.targets):
            return None
        pointer_at = a.n_start if self.spec.carry_pointer else None
        carried = {(t.n_start, t.n_end) for t in carried_targets(doc, doc.sentence_of(a.n_start), matcher.targets,
                                                                 pointer_at=pointer_at)}
        return next((f for f in candidates if (f.n_start, f.n_end) in carried), None)
