"""The detector interface, what detectors are built from, and what they see of one post.

A detector finds; it never decides severity or wording. It is built once per Checker from its
options and a small :class:`PackResources` (the pack's vocabularies and the settings detectors
read), never from the whole pack, and run once per post on an :class:`Inspection`: the
analysed :class:`~pausecheck.text.doc.Doc`, the :class:`~pausecheck.post.Post`, and the
heavier analyses (personal data, model predictions, image metadata) that are computed the
first time a detector asks for them and then shared by every detector of that post.
"""

from __future__ import annotations

import bisect
import itertools
from abc import ABC, abstractmethod
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import time
from typing import TYPE_CHECKING, Any, ClassVar

from pausecheck._types import CardThreshold
from pausecheck.classifier import DEFAULT_MODEL
from pausecheck.detectors.matching import CompiledMatcher, Found, in_scope
from pausecheck.findings import Hit
from pausecheck.post import Post
from pausecheck.text.doc import Doc
from pausecheck.text.gloss import Glossary
from pausecheck.text.patterns import RegexBudget

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.detectors.image_meta import ImageMetadata
    from pausecheck.detectors.options import KindOptions, Modifier
    from pausecheck.pii import PiiHit
    from pausecheck.resources import Resources
    from pausecheck.text.language import LanguageGuess

Spans = list[tuple[int, int, float]]


@dataclass(frozen=True)
class PackSettings:
    """The pack settings detectors read (the engine copies them out of ``pack.yaml``)."""

    timezone: str = "Europe/London"
    late_night: tuple[time, time] = (time(23, 0), time(5, 0))
    shorteners: tuple[str, ...] = ()
    deny_domains: tuple[str, ...] = ()
    #: The learned model behind ``classifier`` rules that name none.
    default_model: str = DEFAULT_MODEL


@dataclass(frozen=True)
class PackResources:
    """What a detector may know of its pack: the word lists, the settings, named lexicons."""

    vocab: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    settings: PackSettings = PackSettings()
    #: Lexicons shipped by other packages, by name (``profanex``: category -> words).
    lexicons: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)

    #: Glossaries parsed from vocabulary lists, once per pack (see :meth:`glossary`).
    _glossaries: dict[str, Glossary] = field(default_factory=dict, init=False, compare=False, repr=False)

    def words(self, names: Sequence[str]) -> tuple[str, ...]:
        return tuple(w for n in names for w in self.vocab[n])

    def glossary(self, name: str) -> Glossary:
        """The vocabulary list ``name`` read as a glossary (``welsh = english | pos`` entries),
        parsed once however many rules read it; raises GlossError on a malformed entry."""
        if name not in self._glossaries:
            self._glossaries[name] = Glossary.parse(self.vocab[name], name)
        return self._glossaries[name]


class Inspection:
    """One post under inspection: the Doc, the Post, and analyses computed at most once.

    Built by the engine for each post and dropped when its report is made. The analyses are
    the expensive, optional ones; each is computed the first time a detector asks, so a post
    that no entity or classifier rule looks at never runs Presidio or a model.
    ``predictions`` may be handed in already computed (``check_many`` batches the models).
    """

    def __init__(self, doc: Doc, post: Post, resources: Resources,
                 predictions: Mapping[str, Mapping[str, float]] | None = None) -> None:
        self.doc = doc
        self.post = post
        self.resources = resources
        self._predictions: dict[str, Mapping[str, float]] = dict(predictions or {})
        self._attributions: dict[str, dict[str, Spans]] = {}
        self._by_text: dict[tuple[str, str], Mapping[str, float]] = {}
        self._pii: list[PiiHit] | None = None
        self._images: list[ImageMetadata] | None = None
        self._toxic: Spans | None = None
        self._language: LanguageGuess | None = None
        #: Time left for pack regexes on this post (see pausecheck.text.patterns).
        self.budget = RegexBudget()

    def pii(self) -> list[PiiHit]:
        """Presidio's personal-data hits for this post, in normalised offsets."""
        if self._pii is None:
            self._pii = self.resources.pii().analyse(self.doc.normalised, self.doc.spacy_doc)
        return self._pii

    def predictions(self, model: str) -> Mapping[str, float]:
        """The model's probability for each head on the post as models read it (Doc.model_text:
        names read as one stand-in)."""
        if model not in self._predictions:
            m = self.resources.model(model)
            row = m.predict([self.doc.model_text])[0]
            self._predictions[model] = {h: float(p) for h, p in zip(m.heads, row, strict=True)}
        return self._predictions[model]

    def predict_texts(self, model: str, texts: Sequence[str]) -> list[Mapping[str, float]]:
        """The model's probability for each head on other texts made from this post (a sentence,
        a version with words replaced), each computed once per post; one batched pass for those
        not seen yet."""
        new = [t for t in dict.fromkeys(texts) if (model, t) not in self._by_text]
        if new:
            m = self.resources.model(model)
            for t, row in zip(new, m.predict(new), strict=True):
                self._by_text[(model, t)] = {h: float(p) for h, p in zip(m.heads, row, strict=True)}
        return [self._by_text[(model, t)] for t in texts]

    def attributions(self, model: str, head: str) -> Spans:
        """The head's word attributions: one occlusion pass per post and model serves every head."""
        if model not in self._attributions:
            self._attributions[model] = self.resources.model(model).attribute_all(self.doc.normalised)
        return self._attributions[model][head]

    def toxic_spans(self) -> Spans:
        """The toxic-span tagger's spans of the normalised text."""
        if self._toxic is None:
            self._toxic = self.resources.span_tagger().toxic_spans(self.doc.normalised)
        return self._toxic

    def language(self) -> LanguageGuess:
        """What the post is written in: English, Welsh, mixed or another language (computed once;
        the language model is loaded, through the Resources, only if the word screens cannot tell)."""
        if self._language is None:
            from pausecheck.text.language import detect

            self._language = detect(self.doc.text, self.resources.language)
        return self._language

    def sentences_in(self, languages: Collection[str]) -> list[int]:
        """The Doc's sentences the language detector labels with one of ``languages``: all of
        them in a post written wholly in one, the matching half of a bilingual post."""
        guess = self.language()
        doc = self.doc
        if guess.code in languages:
            return list(range(len(doc.sentences)))
        spans = [(s.start, s.end) for s in guess.sentences if s.code in languages]
        if not spans:
            return []
        out = []
        for k, s in enumerate(doc.sentences):
            a, b = doc.to_original(s.n_start, s.n_end)
            if any(a < e and st < b for st, e in spans):
                out.append(k)
        return out

    def images(self) -> list[ImageMetadata]:
        """Each attachment's metadata (raises AttachmentError if one cannot be read)."""
        if self._images is None:
            if not self.post.attachments:
                self._images = []  # most posts: no need to load Pillow
            else:
                from pausecheck.detectors.image_meta import read_image_metadata

                self._images = [read_image_metadata(p) for p in self.post.attachments]
        return self._images


class Detector(ABC):
    """One configured detector of a rule. Built once per Checker, run once per post."""

    kind: ClassVar[str] = ""
    options: ClassVar[type[KindOptions]]

    def __init__(self, spec: Any, pack: PackResources) -> None:
        self.spec = spec
        self.pack = pack

    @abstractmethod
    def find(self, ins: Inspection, floor: float = 0.5) -> list[Hit]:
        """Return hits with offsets into the original text.

        ``floor`` is the rule's threshold: the engine drops hits that score below it, so a
        detector may skip expensive work (a model's attribution pass) for them.
        """

    def calibrated_threshold(self, resources: Resources, which: CardThreshold = "calibrated") -> float:
        """The threshold calibrated for this detector (``threshold: calibrated`` or ``precise`` in a rule)."""
        raise NotImplementedError(f"the {self.kind} kind has no calibrated threshold")

    def models(self) -> tuple[str, ...]:
        """The learned models this detector will ask for (the engine batches their predictions)."""
        return ()


class Modifiers:
    """Matchers near a hit that scale its score: opinion markers, open-mind wording, aggravators.

    Each matcher runs once per post, whatever the number of hits it is applied to.
    """

    def __init__(self, specs: Sequence[Modifier], pack: PackResources) -> None:
        self._items = [(CompiledMatcher(m, pack.vocab), m) for m in specs]

    def __bool__(self) -> bool:
        return bool(self._items)

    def found(self, ins: Inspection) -> list[tuple[Nearby, Modifier]]:
        """Run every modifier once over the post; pass the result to :meth:`apply` for each hit."""
        doc = ins.doc
        return [(Nearby(doc, [f for f in matcher.find(ins)
                              if not (spec.skip_reported and doc.is_reported(f.n_start, f.n_end))]), spec)
                for matcher, spec in self._items]

    @staticmethod
    def apply(doc: Doc, span: tuple[int, int], score: float, found: list[tuple[Nearby, Modifier]],
              scope: str = "sentence", window: int = 12) -> tuple[float, list[str]]:
        """``scope`` and ``window`` are the detector's; a modifier with a scope of its own uses that."""
        notes: list[str] = []
        for near, spec in found:
            factor = spec.factor
            first = near.first(span, spec.scope or scope, spec.window if spec.scope else window)
            if first is not None:
                score *= factor
                verb = "lowered" if factor < 1 else "raised"
                notes.append(f"{verb} by {first.what}")
        return min(score, 1.0), notes


class Nearby:
    """One modifier's matches in a post, indexed so "the first match in scope of this hit" costs
    O(log n) plus the few matches inside the window, not a pass over every match: a post with
    2,000 phone numbers and 2,000 context words must stay linear."""

    def __init__(self, doc: Doc, found: list[Found]) -> None:
        self.doc = doc
        self.found = found  # sorted by (n_start, n_end)
        self.starts = [f.n_start for f in found]
        # The furthest any match up to each one reaches: a long match may start before a short
        # one and end after it ("answer on the bus cuts was" holds "cuts"), so the walk back
        # stops only when nothing earlier can reach the window.
        self.reach = list(itertools.accumulate((f.n_end for f in found), max))
        self.by_sentence: dict[int, Found] = {}
        for f in found:
            self.by_sentence.setdefault(doc.sentence_of(f.n_start), f)

    def first(self, span: tuple[int, int], scope: str, window: int) -> Found | None:
        """The earliest match (in post order) within ``scope`` of ``span``, or None."""
        if not self.found:
            return None
        if scope == "post":
            return self.found[0]
        if scope == "sentence":
            return self.by_sentence.get(self.doc.sentence_of(span[0]))
        # Window: matches in scope sit next to the span in start order; walk out both ways and
        # stop where nothing further can be in the window (the word count only grows with
        # distance; walking back, distance is measured from the furthest reach so far).
        k = bisect.bisect_left(self.starts, span[0])
        best: int | None = None
        i = k - 1
        while i >= 0:
            if in_scope(self.doc, span, self.found[i], scope, window):
                best = i
            elif not in_scope(self.doc, span, Found(self.reach[i], self.reach[i], ""), scope, window):
                break
            i -= 1
        if best is None:
            i = k
            while i < len(self.found) and not in_scope(self.doc, span, self.found[i], scope, window):
                if self.found[i].n_start > span[1]:
                    i = len(self.found)  # past the span and out of the window: nothing further can be in
                    break
                i += 1
            best = i if i < len(self.found) else None
        return None if best is None else self.found[best]


def make_hit(doc: Doc, n_start: int, n_end: int, score: float, explanation: str,
             replacement: str | None = None, evidence: Sequence[Found] = ()) -> Hit:
    start, end = doc.to_original(n_start, n_end)
    ev = tuple((f.what, doc.text[slice(*doc.to_original(f.n_start, f.n_end))]) for f in evidence)
    return Hit(start, end, round(min(max(score, 0.0), 1.0), 4), explanation, "span", replacement, ev)


def post_hit(score: float, explanation: str, evidence: Sequence[tuple[str, str]] = ()) -> Hit:
    return Hit(0, 0, round(score, 4), explanation, "post", None, tuple(evidence))
