"""The ``lexicon`` kind: whole words and phrases, aware of who they are aimed at.

Terms come from the rule, from the pack's ``vocab/`` lists, and optionally from the
profanex lexicon (CC BY 4.0, derived from LDNOOBW; credited in NOTICE). Matching runs on the
normalised view, so masked and leet spellings are caught and reported at their original
span. Words inside someone else's quoted or reported words are not the member's own and are
skipped by default.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Literal

from pydantic import Field, model_validator

from pausecheck._types import TargetKind
from pausecheck.detectors.base import Detector, Inspection, Modifiers, PackResources, make_hit
from pausecheck.detectors.matching import Found, TermIndex
from pausecheck.detectors.options import KindOptions, Matcher, Modifier
from pausecheck.findings import Hit
from pausecheck.text.doc import Doc, Target
from pausecheck.text.gloss import Glossary, GlossError


class LexiconOptions(KindOptions):
    """Whole-word terms and phrases, matched on the normalised text (masks and leet undone)."""

    kind: Literal["lexicon"]
    terms: list[str] = []
    vocab: list[str] = []
    profanex: list[str] | None = None  # profanex lexicon categories to include, [] = all
    score: float = Field(0.7, ge=0, le=1)
    target: Literal["any", "required", "boost"] = "any"
    target_kinds: list[TargetKind] = ["second_person", "person", "handle", "role"]
    target_window: int = Field(8, ge=1, le=60)
    target_boost: float = Field(0.25, ge=0, le=1)
    skip_reported: bool = True
    replacements: dict[str, str] = {}
    modifiers: list[Modifier] = []
    allow: list[str] = []  # phrases that contain a term innocently ("blue tits", "Scunthorpe")
    #: Language code -> a glossary (a vocab list of ``welsh = english | pos`` entries): in a
    #: sentence written in that language, a term the glossary reads as something else is that
    #: language's word, not this list's ("dim" is Welsh for "no"; "idiot" is borrowed as itself).
    other_languages: dict[str, str] = {}

    @model_validator(mode="after")
    def _has_terms(self) -> LexiconOptions:
        if not (self.terms or self.vocab or self.profanex is not None):
            raise ValueError("a lexicon detector needs terms, vocab or profanex")
        return self

    def vocab_names(self) -> Iterator[str]:
        return iter([*self.vocab, *self.other_languages.values()])

    def check_references(self, pack: PackResources) -> None:
        super().check_references(pack)
        for name in self.other_languages.values():
            try:
                pack.glossary(name)
            except GlossError as e:
                raise ValueError(str(e)) from None

    def lexicons(self) -> Iterator[str]:
        return iter(("profanex",) if self.profanex is not None else ())

    def matchers(self) -> Iterator[Matcher]:
        return iter(self.modifiers)


def profanex_terms(lexicon: dict[str, tuple[str, ...]] | None, categories: list[str]) -> list[str]:
    lex = lexicon or {}
    wanted = categories or list(lex)
    # Masked spellings ('b*tch') are recovered by our normaliser, so only plain words are kept.
    return [w for c in wanted for w in lex.get(c, ()) if w.replace(" ", "").isalpha()]


class LexiconKind(Detector):
    kind = "lexicon"
    options = LexiconOptions
    spec: LexiconOptions

    def __init__(self, spec: LexiconOptions, pack: PackResources) -> None:
        super().__init__(spec, pack)
        terms = [*spec.terms, *pack.words(spec.vocab)]
        if spec.profanex is not None:
            terms.extend(profanex_terms(dict(pack.lexicons.get("profanex", {})), spec.profanex))
        self.index = TermIndex(terms)
        self.allow = TermIndex(spec.allow)
        self.modifiers = Modifiers(spec.modifiers, pack)
        self.replacements = {k.lower(): v for k, v in spec.replacements.items()}
        self._other_languages = {code: pack.glossary(name) for code, name in spec.other_languages.items()}

    def find(self, ins: Inspection, floor: float = 0.5) -> list[Hit]:
        doc = ins.doc
        hits: list[Hit] = []
        words = doc.words
        matches = self.index.find(words, doc.normalised)
        if not matches:
            return hits
        allowed = [(words[a].n_start, words[b - 1].n_end) for a, b, _ in self.allow.find(words, doc.normalised)]
        mods = self.modifiers.found(ins) if self.modifiers else []
        foreign = self._foreign_sentences(ins)
        for i, j, term in matches:
            ns, ne = words[i].n_start, words[j - 1].n_end
            if self.spec.skip_reported and doc.is_reported(ns, ne):
                continue
            glossary = foreign.get(words[i].sentence)
            if glossary is not None and _false_friend(glossary, doc.normalised[ns:ne]):
                continue  # the other language's word: "Dim 'llif'" is "no 'flood'"
            if any(a <= ns and ne <= b for a, b in allowed):
                continue
            target = self._target(doc, i, j)
            if self.spec.target == "required" and target is None:
                continue
            score = self.spec.score
            notes = [f"matched '{term}'" + _recovered(doc, ns, ne)]
            evidence: list[Found] = []
            if target is not None:
                notes.append(f"aimed at {target.kind.replace('_', ' ')} '{target.text}'")
                evidence.append(Found(target.n_start, target.n_end, f"target ({target.kind})"))
                if self.spec.target == "boost":
                    score += self.spec.target_boost
            score, mod_notes = Modifiers.apply(doc, (ns, ne), score, mods)
            replacement = self.replacements.get(term.lower().rstrip("*"))
            hits.append(make_hit(doc, ns, ne, score, "; ".join(notes + mod_notes), replacement, evidence))
        return hits

    def _foreign_sentences(self, ins: Inspection) -> dict[int, Glossary]:
        """Each sentence written in one of ``other_languages``, with that language's glossary."""
        out: dict[int, Glossary] = {}
        for code, glossary in self._other_languages.items():
            for k in ins.sentences_in((code,)):
                out.setdefault(k, glossary)
        return out

    def _target(self, doc: Doc, i: int, j: int) -> Target | None:
        """The nearest target of an allowed kind in the same sentence, within the window."""
        words = doc.words
        sentence = words[i].sentence
        lo_tok = max(0, i - self.spec.target_window)
        hi_tok = min(len(words), j + self.spec.target_window)
        lo, hi = words[lo_tok].n_start, words[hi_tok - 1].n_end
        kinds = set(self.spec.target_kinds)
        if "pronoun" in kinds and not doc.names_someone:
            kinds.discard("pronoun")  # 'she' only identifies someone the post has named
        best: Target | None = None
        best_gap = 1 << 30
        targets = doc.targets  # sorted by start: only those starting in [lo, hi) can count
        for k in range(bisect.bisect_left(doc.target_starts, lo), len(targets)):
            t = targets[k]
            if t.n_start >= hi:
                break
            if t.kind not in kinds:
                continue
            if doc.sentence_of(t.n_start) != sentence:
                continue
            if doc.is_reported(t.n_start, t.n_end):
                continue
            gap = abs(t.n_start - words[i].n_start)
            if gap < best_gap:
                best, best_gap = t, gap
        return best


def _false_friend(glossary: Glossary, words: str) -> bool:
    """True when the glossary knows every one of ``words`` and reads them as something else
    ("dim" is "no"); a word borrowed with its sense ("idiot", "clown") is still the insult."""
    english = glossary.english_of(words)
    return english is not None and words.lower() not in english.lower()


def _recovered(doc: Doc, ns: int, ne: int) -> str:
    start, end = doc.to_original(ns, ne)
    original = doc.text[start:end]
    shown = doc.normalised[ns:ne]
    return f" (written '{original}')" if original.lower() != shown.lower() else ""
