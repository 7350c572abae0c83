"""The ``glossed`` kind: a learned head read on a Welsh sentence through a word-by-word gloss.

The learned heads know English only, so the ``classifier`` kind skips Welsh posts, and Welsh
recall rested on pattern rules that catch the words and shapes they list. This kind reads each
Welsh sentence in English through a pack glossary (``vocab/<glossary>.txt``, entries
``welsh = english | pos``; see :mod:`pausecheck.text.gloss`) and asks the head about the gloss.
The gloss is rough, and the heads read rough English well enough to tell a threat from a budget
complaint; what keeps the kind precise is the rest of the rule:

- ``requires``: what must stand in the sentence, or in the one before it, in the original words
  (whom the words are aimed at: a Welsh word of address, a title, a pronoun, a group noun), as
  the ``target: required`` of the English learned rules does;
- ``min_known``: the share of a sentence's words the glossary must know, so a sentence of names,
  English or words the glossary lacks is not judged on the few it knows;
- ``modifiers``: the rule's own, as in other kinds (abuse received and reported, negation).

The English text analysis reads capitalised Welsh words as people's names, so two of its
"persons" aim nothing: one after a word of ``place_words`` ("ger Llanbedr"), and one whose every
word the glossary knows ("Rhyddid Gwybodaeth", "Mae"): a real name is not in the glossary.

A learned kind: a rule may say ``threshold: calibrated``, but the card's thresholds were chosen
on English; the pack's glossed rules give numbers chosen on Welsh drafts. Like other learned
rules, a glossed finding gives way to a word-list finding on the same sentence.

It reads the sentences that the language detector labels with one of ``languages`` (a Welsh
post's every sentence, the Welsh half of a bilingual one). The finding points at the sentence the
head rates highest and quotes the gloss, so the member and the Monitoring Officer see what was
read.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field

from pausecheck._types import Head
from pausecheck.detectors.base import Detector, Inspection, Modifiers, PackResources, make_hit
from pausecheck.detectors.matching import CompiledMatcher, Found
from pausecheck.detectors.options import KindOptions, Matcher, Modifier
from pausecheck.findings import Hit
from pausecheck.text.doc import Doc
from pausecheck.text.gloss import TITLES, Gloss, GlossError


class GlossedOptions(KindOptions):
    """A learned head on Welsh sentences read in English through a pack glossary."""

    calibrated: ClassVar[bool] = True

    kind: Literal["glossed"]
    head: Head
    model: str | None = None  # None: the checker's model
    #: The vocabulary list that holds the glossary (entries ``welsh = english | pos``).
    glossary: str
    #: Sentence languages (the language detector's codes) read through the glossary.
    languages: list[str] = ["cy"]
    #: What must stand in the sentence or the one before it (whom the words are aimed at).
    requires: Matcher | None = None
    #: Words after which a name is a place, not a person ("ger Llanbedr", "ym Mhorthmadog"): the
    #: text analysis reads Welsh place names as people's names, and such a "person" aims nothing.
    place_words: list[str] = []
    #: Share of a sentence's words the glossary must know for the head to read it.
    min_known: float = Field(0.5, ge=0, le=1)
    #: Quoted or reported words are someone else's (abuse received, a claim rebutted).
    skip_reported: bool = True
    modifiers: list[Modifier] = []

    def vocab_names(self) -> Iterator[str]:
        return iter([self.glossary])

    def matchers(self) -> Iterator[Matcher]:
        if self.requires is not None:
            yield self.requires
        yield from self.modifiers

    def check_references(self, pack: PackResources) -> None:
        super().check_references(pack)
        try:
            pack.glossary(self.glossary)
        except GlossError as e:
            raise ValueError(str(e)) from None


class GlossedKind(Detector):
    """See the module docstring."""

    kind = "glossed"
    options = GlossedOptions
    spec: GlossedOptions

    def __init__(self, spec: GlossedOptions, pack: PackResources) -> None:
        super().__init__(spec, pack)
        self._glossary = pack.glossary(spec.glossary)
        self._requires = CompiledMatcher(spec.requires, pack.vocab) if spec.requires is not None else None
        self._modifiers = Modifiers(spec.modifiers, pack)
        self._place_words = frozenset(w.lower() for w in spec.place_words)

    @property
    def model_name(self) -> str:
        return self.spec.model or self.pack.settings.default_model

    def models(self) -> tuple[str, ...]:
        return (self.model_name,)

    def find(self, ins: Inspection, floor: float = 0.5) -> list[Hit]:
        sentences = ins.sentences_in(self.spec.languages)
        if not sentences:
            return []
        doc = ins.doc
        aimed = self._aimed(ins)
        skip = doc.is_reported if self.spec.skip_reported else None
        glossed: list[tuple[tuple[int, int], Gloss, Found | None]] = []
        for first, last in self._units(doc, sentences):
            target = next((aimed[k] for k in range(first - 1, last + 1) if k in aimed), None)
            if self._requires is not None and target is None:
                continue
            span = (doc.sentences[first].n_start, doc.sentences[last].n_end)
            g = self._glossary.gloss(doc.normalised, *span, skip=skip)
            if g.pieces and g.known >= self.spec.min_known:
                glossed.append((span, g, target))
        if not glossed:
            return []
        scores = ins.predict_texts(self.model_name, [g.text for _, g, _ in glossed])
        (span, g, target), p = max(zip(glossed, (row[self.spec.head] for row in scores), strict=True),
                                   key=lambda x: x[1])
        if p < floor:
            return []
        score, notes = Modifiers.apply(doc, span, p, self._modifiers.found(ins), scope="post")
        why = (f"model head '{self.spec.head}' p={p:.2f} (threshold {floor:.2f}) on the sentence read in "
               f"English through the {self.spec.glossary} glossary: '{g.text}'")
        if notes:
            why += "; " + "; ".join(notes)
        evidence = [target] if target is not None else []
        return [make_hit(doc, *span, score, why, evidence=evidence)]

    def _units(self, doc: Doc, sentences: list[int]) -> list[tuple[int, int]]:
        """The sentences read, as (first, last) runs: a sentence that ends on a title's
        abbreviation ("… efo Cyng. Jenkins bod …") runs on into the next, as the sentence splitter
        does not know Welsh abbreviations."""
        out: list[tuple[int, int]] = []
        for k in sentences:
            if out and out[-1][1] == k - 1 and self._ends_on_title(doc, k - 1):
                out[-1] = (out[-1][0], k)
            else:
                out.append((k, k))
        return out

    def _ends_on_title(self, doc: Doc, k: int) -> bool:
        """True when sentence ``k``'s last word is a title ("Cyng.", "Cllr")."""
        s = doc.sentences[k]
        last = doc.normalised[s.n_start:s.n_end].split()[-1:]
        english = self._glossary.english_of(last[0]) if last else None
        return english is not None and english.lower() in TITLES

    def _aimed(self, ins: Inspection) -> dict[int, Found]:
        """The first thing ``requires`` finds in each sentence (nothing when unset: then every
        sentence is read)."""
        doc: Doc = ins.doc
        if self._requires is None:
            return {}
        out: dict[int, Found] = {}
        for f in self._requires.find(ins):
            if self.spec.skip_reported and doc.is_reported(f.n_start, f.n_end):
                continue
            if self._place_words and self._after_place_word(doc, f):
                continue
            if self._words_not_a_name(doc, f):
                continue
            out.setdefault(doc.sentence_of(f.n_start), f)
        return out

    def _words_not_a_name(self, doc: Doc, found: Found) -> bool:
        """True for a "person" the text analysis found whose every word the glossary knows:
        "Rhyddid Gwybodaeth" (freedom of information), "Nghaerdydd" (Cardiff) and "Mae" (is) are
        nobody, where a name ("Gareth Lloyd-Hughes") is not in the glossary."""
        if not any(t.kind == "person" and (t.n_start, t.n_end) == (found.n_start, found.n_end) for t in doc.targets):
            return False
        return self._glossary.english_of(doc.normalised[found.n_start:found.n_end]) is not None

    def _after_place_word(self, doc: Doc, found: Found) -> bool:
        """True when the word before ``found`` is one of ``place_words`` ("ger Llanbedr")."""
        k = bisect.bisect_left(doc.word_starts, found.n_start) - 1
        return k >= 0 and doc.words[k].key in self._place_words
