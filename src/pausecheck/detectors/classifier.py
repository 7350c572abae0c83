"""The ``classifier`` kind: a learned head's probability, pointed at the words responsible.

The model sees the normalised text (masks and leetspeak undone). The finding points at the
toxic-span tagger's spans (``classifier/spans.py``) that overlap the head's own most attributed
words, or at the most attributed word when the tagger marks none of them (civil-worded
threats and group attacks often contain no "toxic" word); spans map back to the original. A post's predictions are computed once and shared by every rule
that uses the same model. Quoted or reported abuse is skipped like the lexicon kind does.

A learned rule has one threshold, the rule's own: a number, or ``threshold: calibrated``, which
names the threshold the model card gives for the head (chosen on validation data). The hit's
score is the head's probability itself.

``alone`` and ``corroborate`` let a rule's threshold sit lower than the head is precise at on
its own: the head alone must reach the ``alone`` card threshold, and between the rule's
threshold and that, the post counts only when the ``corroborate`` head reaches its own precise
threshold. Veiled, "joking" and dog-whistle posts score low on the threat or identity head but
high on the offensive head; a post that both heads find hostile is rarely fine.

``cues`` is the other way to lower the bar: the head counts only when a term of the named
vocabularies stands in the post, in the poster's own words. A disclaimer of prejudice ("nothing
against them, but", "just saying", "that's not prejudice, it's experience") is how many group
attacks announce themselves, and the identity head scores such posts between its recall and its
precise thresholds, where posts defending a group score too; the disclaimer is what separates
them, and the finding names it.

``evidence: sentence`` points the finding at the sentence the head rates highest when read
alone (among those in the poster's own words and, with ``target: required``, about someone)
instead of at attributed words. An allegation is a claim, not a word, and scoring the sentences
costs one batched pass where word occlusion costs one pass per word. With it, ``neutral``
maps vocabularies to a phrase the head reads in place of their terms (the pack's party names as
"the party"): the post and its sentences are scored with each term replaced, so that a verdict
cannot change with the party a post names (tests/test_fairness.py); only posts that hold such a
term pay for the second pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import field_validator, model_validator

from pausecheck._types import CardThreshold, Head, TargetKind
from pausecheck.detectors.base import Detector, Inspection, Modifiers, Nearby, PackResources, Spans, make_hit
from pausecheck.detectors.matching import CompiledMatcher, Found, TermIndex
from pausecheck.detectors.options import KindOptions, Matcher, Modifier
from pausecheck.findings import Hit
from pausecheck.text.doc import Doc

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.resources import Resources

#: How many of the head's most attributed words a tagger span may overlap to count as evidence.
TOP_ATTRIBUTED = 3
#: A word counts as evidence only if it carries at least this share of the strongest word's weight.
MIN_EVIDENCE_SHARE = 0.25


class ClassifierOptions(KindOptions):
    """A learned model head's probability, pointed at the words responsible."""

    calibrated: ClassVar[bool] = True

    kind: Literal["classifier"]
    head: Head
    model: str | None = None  # None: the checker's model (pausecheck.classifier.DEFAULT_MODEL)
    skip_reported: bool = True
    # A person-directed head (insult, threat) counts only when the evidence sits in a sentence
    # that names or addresses someone: policy criticism ("this scheme is stupid") does not.
    # The identity head is gated the same way on a group ("group" targets).
    target: Literal["any", "required"] = "any"
    target_kinds: list[TargetKind] = ["second_person", "person", "handle", "role", "pronoun"]
    # A sentence with no target of its own takes the one named in the sentence before, unless it
    # opens with a subject of its own ("It's useless" is about a thing): see Doc.targets_in.
    carry: bool = True
    # Vocabularies of innocent idioms that look violent or insulting ("hang their heads in
    # shame", "sick to death of"): words of the evidence inside one are not evidence.
    allow: list[str] = []
    # The head alone must reach this card threshold; below it (down to the rule's threshold) the
    # ``corroborate`` head must reach its precise threshold as well. Both or neither.
    alone: CardThreshold | None = None
    corroborate: Head | None = None
    # Below ``alone``, the evidence must sit by a target of these kinds (default: target_kinds):
    # anger at an institution moves the offensive head too, so a weaker threat may be narrowed
    # to people.
    corroborated_target_kinds: list[TargetKind] | None = None
    #: What must stand in the post, outside reported speech, for the head to count at all (a
    #: lower threshold's precision comes from the cue): a matcher, or a list of vocabulary names
    #: as shorthand for one. Unset: no such need.
    cues: Matcher | None = None
    # Where the finding points: the words the head leans on (occlusion), or the sentence it rates
    # highest read alone.
    evidence: Literal["words", "sentence"] = "words"
    # With ``evidence: sentence``: vocabulary -> the phrase that replaces its terms before the
    # head reads the post and its sentences.
    neutral: dict[str, str] = {}
    # Words in the post that scale the head's probability: what the head reads as an allegation
    # is not one when the post reports a court's finding or rebuts the claim. A modifier without
    # a scope of its own looks at the whole post.
    modifiers: list[Modifier] = []

    @field_validator("cues", mode="before")
    @classmethod
    def _cue_vocabularies(cls, value: object) -> object:
        """``cues: [a, b]`` is short for ``cues: {vocab: [a, b]}``; an empty list is no cue."""
        if isinstance(value, list):
            return {"label": "cue", "vocab": value} if value else None
        return value

    @model_validator(mode="after")
    def _corroboration(self) -> ClassifierOptions:
        if (self.alone is None) != (self.corroborate is None):
            raise ValueError("'alone' and 'corroborate' go together: the head's own bar, and the head that "
                             "must agree below it")
        if self.corroborated_target_kinds is not None and self.corroborate is None:
            raise ValueError("'corroborated_target_kinds' needs 'alone' and 'corroborate'")
        if self.corroborate == self.head:
            raise ValueError("a head cannot corroborate itself")
        if self.allow and self.evidence == "sentence":
            raise ValueError("'allow' needs 'evidence: words' (it clears words of the evidence; a sentence "
                             "read whole has none to clear)")
        if self.neutral and self.evidence != "sentence":
            raise ValueError("'neutral' needs 'evidence: sentence' (word attributions would point into "
                             "the replaced text)")
        return self

    def vocab_names(self) -> Iterator[str]:
        return iter([*self.allow, *self.neutral])  # a dict iterates over its vocabularies

    def matchers(self) -> Iterator[Matcher]:
        if self.cues is not None:
            yield self.cues
        yield from self.modifiers


class ClassifierKind(Detector):
    """See the module docstring; ``target: required`` ties the evidence to a person."""

    kind = "classifier"
    options = ClassifierOptions
    spec: ClassifierOptions

    def __init__(self, spec: ClassifierOptions, pack: PackResources) -> None:
        super().__init__(spec, pack)
        self._allow = TermIndex(pack.words(spec.allow))
        self._cues = CompiledMatcher(spec.cues, pack.vocab) if spec.cues is not None else None
        self._neutral = [(TermIndex(pack.words([vocab])), phrase) for vocab, phrase in spec.neutral.items()]
        self._modifiers = Modifiers(spec.modifiers, pack)

    @property
    def model_name(self) -> str:
        return self.spec.model or self.pack.settings.default_model

    def models(self) -> tuple[str, ...]:
        return (self.model_name,)

    def calibrated_threshold(self, resources: Resources, which: CardThreshold = "calibrated") -> float:
        """The head's threshold from the model card (validation-calibrated: best F1, or precision 0.8)."""
        return resources.thresholds(self.model_name, which)[self.spec.head]

    def _targeted(self, doc: Doc, n_pos: int, kinds: list[TargetKind] | None = None) -> bool:
        return bool(doc.targets_in(doc.sentence_of(n_pos), kinds or self.spec.target_kinds, carry=self.spec.carry))

    def find(self, ins: Inspection, floor: float = 0.5) -> list[Hit]:
        doc = ins.doc
        p = ins.predictions(self.model_name).get(self.spec.head)
        if p is None:
            from pausecheck.classifier import ModelError

            raise ModelError(f"model {self.model_name!r} has no head {self.spec.head!r}")
        neutral = self._neutral_spans(doc)
        if neutral:
            p = ins.predict_texts(self.model_name, [doc.with_stand_ins(0, len(doc.normalised), neutral)])[0][
                self.spec.head]
        if p < floor:
            return []  # the engine would drop it; skip the attribution pass
        if ins.language().code == "cy":
            # The models learnt English only: on a Welsh post their scores are noise ("Polisi
            # ffôl" read as an allegation), and the report's notice says what was not checked
            # (Welsh insults and swearing are the Welsh lexicon rules'). Other languages are
            # rare here, and a short English post taken for one should not lose its findings.
            return []
        agreed = ""
        if self.spec.alone is not None and self.spec.corroborate is not None \
                and p < ins.resources.thresholds(self.model_name, self.spec.alone)[self.spec.head]:
            q = ins.predictions(self.model_name).get(self.spec.corroborate, 0.0)
            if q < ins.resources.thresholds(self.model_name, "precise")[self.spec.corroborate]:
                return []
            agreed = f"; head '{self.spec.corroborate}' agrees, p={q:.2f}"
        cue: Found | None = None
        if self._cues is not None:
            cue = _first_own(ins.doc, self._cues.find(ins))
            if cue is None:
                return []
            agreed += f"; beside '{doc.normalised[cue.n_start:cue.n_end]}'"
        mods = self._modifiers.found(ins) if self._modifiers else []  # once the head's gates have passed
        if self.spec.evidence == "sentence":
            if neutral:
                agreed += "".join(f"; {vocab} read as '{phrase}'" for vocab, phrase in self.spec.neutral.items())
            return self._sentence_hit(ins, p, f"model head '{self.spec.head}' p={p:.2f} (threshold {floor:.2f}){agreed}",
                                      [cue] if cue is not None else [], neutral, mods)
        attributed = [s for s in ins.attributions(self.model_name, self.spec.head) if s[2] > 0]
        # Words that carry only crumbs of the evidence cannot make a post "targeted": the insult
        # in "... is an insult to northern cities. Disgraceful." is not about a person who
        # happens to be named in a neighbouring sentence.
        top = max((s[2] for s in attributed), default=0.0)
        idioms = self._idioms(doc)
        kinds = self.spec.corroborated_target_kinds if agreed else None
        spans = self._keep([s for s in attributed if s[2] >= MIN_EVIDENCE_SHARE * top], doc, idioms, kinds)
        if spans is None:
            return []
        why = f"model head '{self.spec.head}' p={p:.2f} (threshold {floor:.2f}){agreed}"
        cued = [cue] if cue is not None else []
        if not spans:
            return [self._hit(doc, mods, 0, len(doc.normalised), p, why, cued)]
        tagged = self._tagged(ins, spans, idioms)
        if tagged:
            start, end, _ = max(tagged, key=lambda s: s[2])
            words = ", ".join(f"'{doc.normalised[s:e]}'" for s, e, _ in tagged)
            evidence = [Found(s, e, "toxic span") for s, e, _ in tagged]
            return [self._hit(doc, mods, start, end, p, f"{why}; toxic-span tagger marks {words}", evidence + cued)]
        start, end, _ = spans[0]
        s_start, s_end = self._claim(doc, start)
        return [self._hit(doc, mods, s_start, s_end, p, f"{why}; strongest evidence '{doc.normalised[start:end]}'",
                          [Found(start, end, "strongest evidence"), *cued])]

    @staticmethod
    def _hit(doc: Doc, mods: list[tuple[Nearby, Modifier]], start: int, end: int, p: float, why: str,
             evidence: list[Found]) -> Hit:
        """The hit, its score the head's probability scaled by the rule's modifiers in scope."""
        score, notes = Modifiers.apply(doc, (start, end), p, mods, scope="post")
        return make_hit(doc, start, end, score, "; ".join([why, *notes]), evidence=evidence)

    def _neutral_spans(self, doc: Doc) -> list[tuple[int, int, str]]:
        """Where the rule's neutral terms stand (normalised offsets, in order), each with the
        phrase that replaces it."""
        words = doc.words
        return sorted({(words[a].n_start, words[b - 1].n_end, phrase)
                       for index, phrase in self._neutral for a, b, _ in index.find(words, doc.normalised)})

    def _sentence_hit(self, ins: Inspection, p: float, why: str, cued: list[Found],
                      neutral: list[tuple[int, int, str]], mods: list[tuple[Nearby, Modifier]]) -> list[Hit]:
        """The post's score, pointed at the sentence the head rates highest alone that is the
        poster's own and (when required) about someone; none when no sentence qualifies."""
        doc = ins.doc
        texts = [doc.with_stand_ins(s.n_start, s.n_end, neutral) for s in doc.sentences]
        scores = [row[self.spec.head] for row in ins.predict_texts(self.model_name, texts)]
        for i in sorted(range(len(scores)), key=lambda k: -scores[k]):
            sentence = doc.sentences[i]
            start, end = sentence.n_start, sentence.n_end
            while start < end and doc.normalised[start].isspace():
                start += 1
            while end > start and doc.normalised[end - 1].isspace():
                end -= 1
            if start >= end or (self.spec.skip_reported and doc.is_reported(start, end)):
                continue
            if self.spec.target == "required" and not self._targeted(doc, start):
                continue
            return [self._hit(doc, mods, start, end, p, f"{why}; the sentence alone scores {scores[i]:.2f}",
                              [Found(start, end, "sentence"), *cued])]
        return []

    @staticmethod
    def _claim(doc: Doc, n_pos: int) -> tuple[int, int]:
        """The sentence the head's strongest word stands in, less a target that opens it and the
        closing punctuation: occlusion's single strongest word is often a function word ("if",
        "needs"), which tells a reader nothing, while the head judged what the sentence says."""
        sentence = doc.sentences[doc.sentence_of(n_pos)]
        start, end = sentence.n_start, sentence.n_end
        text = doc.normalised
        moved = True
        while moved:
            while start < end and not text[start].isalnum():
                start += 1
            lead = [t.n_end for t in doc.targets if t.n_start <= start < t.n_end and t.n_end <= n_pos]
            moved = bool(lead)
            start = max(lead, default=start)
        while end > start and not (text[end - 1].isalnum() or text[end - 1] in "'’)"):
            end -= 1
        return (start, end) if start < end else (sentence.n_start, sentence.n_end)

    def _idioms(self, doc: Doc) -> list[tuple[int, int]]:
        """Where the rule's allowed idioms stand in the post (normalised offsets)."""
        if not self._allow:
            return []
        words = doc.words
        return [(words[a].n_start, words[b - 1].n_end) for a, b, _ in self._allow.find(words, doc.normalised)]

    def _keep(self, spans: Spans, doc: Doc, idioms: list[tuple[int, int]],
              kinds: list[TargetKind] | None = None) -> Spans | None:
        """Drop evidence in reported speech, in an allowed idiom or away from any target; None
        when nothing is left to blame."""
        if idioms:
            def innocent(s: tuple[int, int, float]) -> bool:
                return any(a <= s[0] and s[1] <= b for a, b in idioms)

            # The head's score is the idiom's when its strongest word lies in one.
            if spans and innocent(max(spans, key=lambda s: s[2])):
                return None
            spans = [s for s in spans if not innocent(s)]
        if self.spec.skip_reported:
            spans = [s for s in spans if not doc.is_reported(s[0], s[1])]
            if not spans and doc.reported:
                return None  # the evidence lies in someone else's words
        if self.spec.target == "required":
            spans = [s for s in spans if self._targeted(doc, s[0], kinds)]
            if not spans:
                return None
        # The person aimed at is not the evidence: a name the head leans on ("Cllr", "Ward") is
        # passed over for the words said about them, when there are any.
        said = [s for s in spans if not any(t.n_start <= s[0] and s[1] <= t.n_end for t in doc.targets)]
        return sorted(said or spans, key=lambda s: -s[2])

    def _tagged(self, ins: Inspection, attributed: Spans, idioms: list[tuple[int, int]]) -> Spans:
        """Toxic-span tagger spans that overlap the head's strongest evidence.

        The tagger (trained on toxic-spans, span F1 0.66) marks the words a reader would blame
        more precisely than occlusion does; requiring overlap with the head's own top words keeps
        the finding about what the head saw (a threat finding does not point at a nearby swear).
        """
        top = attributed[:TOP_ATTRIBUTED]
        tagged = self._keep(ins.toxic_spans(), ins.doc, idioms) or []
        return sorted(
            (t for t in tagged if any(t[0] < e and s < t[1] for s, e, _ in top)), key=lambda t: t[0]
        )


def _first_own(doc: Doc, found: list[Found]) -> Found | None:
    """The first of ``found`` in the poster's own words (not quoted or reported), if any."""
    return next((f for f in sorted(found, key=lambda f: (f.n_start, f.n_end))
                 if not doc.is_reported(f.n_start, f.n_end)), None)
