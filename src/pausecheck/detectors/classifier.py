"""The ``classifier`` kind: a learned head's probability, pointed at the words responsible.

The model sees the normalised text (masks and leetspeak undone). The finding points at the
toxic-span tagger's spans (``classifier/spans.py``) that overlap the head's own most attributed
words, or at the most attributed word when the tagger marks none of them (civil-worded
threats and group attacks often contain no "toxic" word); spans map back to the original. A post's predictions are computed once and shared by every rule
that uses the same model. Quoted or reported abuse is skipped like the lexicon kind does.
"""

from __future__ import annotations

from typing import Any

from pausecheck.detectors._matching import Found
from pausecheck.detectors.base import Detector, make_hit
from pausecheck.findings import Hit
from pausecheck.policy.schema import ClassifierDetector
from pausecheck.post import Post
from pausecheck.text.doc import Doc


#: How many of the head's most attributed words a tagger span may overlap to count as evidence.
TOP_ATTRIBUTED = 3
#: A word counts as evidence only if it carries at least this share of the strongest word's weight.
MIN_EVIDENCE_SHARE = 0.25


def _model(name: str | None) -> Any:
    from pausecheck.classifier import DEFAULT_MODEL, load_model

    return load_model(name or DEFAULT_MODEL)


def predictions(doc: Doc, model_name: str | None) -> dict[str, float]:
    key = f"classifier:{model_name}"
    cached = doc.shared.get(key)
    if cached is None:
        model = _model(model_name)
        row = model.predict([doc.normalised])[0]
        cached = {h: float(p) for h, p in zip(model.heads, row, strict=True)}
        doc.shared[key] = cached
    return cached


def attributions(doc: Doc, model_name: str | None, head: str) -> list[tuple[int, int, float]]:
    """The head's word attributions for the post, computed once per post and model for every
    head (``attribute_all``: one occlusion pass), so the rules that share a model share the cost."""
    key = f"attributions:{model_name}"
    cached = doc.shared.get(key)
    if cached is None:
        cached = _model(model_name).attribute_all(doc.normalised)
        doc.shared[key] = cached
    return cached[head]


class ClassifierKind(Detector):
    """See the module docstring; ``target: required`` ties the evidence to a person."""
    kind = "classifier"
    spec: ClassifierDetector

    def _targeted(self, doc: Doc, n_pos: int) -> bool:
        sentence = doc.sentence_of(n_pos)
        kinds = set(self.spec.target_kinds)
        if not any(t.kind in ("person", "role", "handle") for t in doc.targets):
            kinds.discard("pronoun")
        return any(
            t.kind in kinds and doc.sentence_of(t.n_start) == sentence and not doc.is_reported(t.n_start, t.n_end)
            for t in doc.targets
        )

    def find(self, doc: Doc, post: Post) -> list[Hit]:
        probs = predictions(doc, self.spec.model)
        p = probs.get(self.spec.head)
        if p is None:
            from pausecheck.classifier import ModelError

            raise ModelError(f"model {self.spec.model!r} has no head {self.spec.head!r}")
        model = _model(self.spec.model)
        cut = self.spec.min if self.spec.min is not None else model.thresholds.get(self.spec.head, 0.5)
        if p < cut:
            return []
        attributed = [s for s in attributions(doc, self.spec.model, self.spec.head) if s[2] > 0]
        # Words that carry only crumbs of the evidence cannot make a post "targeted": the insult
        # in "... is an insult to northern cities. Disgraceful." is not about a person who
        # happens to be named in a neighbouring sentence.
        floor = MIN_EVIDENCE_SHARE * max((s[2] for s in attributed), default=0.0)
        spans = self._keep([s for s in attributed if s[2] >= floor], doc)
        if spans is None:
            return []
        why = f"model head '{self.spec.head}' p={p:.2f} (threshold {cut:.2f})"
        # Rescale so that the head's own threshold lands on the engine's usual 0.5.
        score = 0.5 + 0.5 * (p - cut) / max(1e-9, 1.0 - cut)
        if not spans:
            return [make_hit(doc, 0, len(doc.normalised), score, why)]
        tagged = self._tagged(doc, spans)
        if tagged:
            start, end, _ = max(tagged, key=lambda s: s[2])
            words = ", ".join(f"'{doc.normalised[s:e]}'" for s, e, _ in tagged)
            evidence = [Found(s, e, "toxic span") for s, e, _ in tagged]
            return [make_hit(doc, start, end, score, f"{why}; toxic-span tagger marks {words}", evidence=evidence)]
        start, end, _ = spans[0]
        return [make_hit(doc, start, end, score, f"{why}; strongest evidence '{doc.normalised[start:end]}'")]

    def _keep(self, spans: list[tuple[int, int, float]], doc: Doc) -> list[tuple[int, int, float]] | None:
        """Drop evidence in reported speech or away from any target; None when nothing is left to blame."""
        if self.spec.skip_reported:
            spans = [s for s in spans if not doc.is_reported(s[0], s[1])]
            if not spans and doc.reported:
                return None  # the evidence lies in someone else's words
        if self.spec.target == "required":
            spans = [s for s in spans if self._targeted(doc, s[0])]
            if not spans:
                return None
        return sorted(spans, key=lambda s: -s[2])

    def _tagged(self, doc: Doc, attributed: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
        """Toxic-span tagger spans that overlap the head's strongest evidence.

        The tagger (trained on toxic-spans, span F1 0.66) marks the words a reader would blame
        more precisely than occlusion does; requiring overlap with the head's own top words keeps
        the finding about what the head saw (a threat finding does not point at a nearby swear).
        """
        from pausecheck.classifier.spans import toxic_spans

        top = attributed[:TOP_ATTRIBUTED]
        tagged = self._keep(toxic_spans(doc.normalised), doc) or []
        return sorted(
            (t for t in tagged if any(t[0] < e and s < t[1] for s, e, _ in top)), key=lambda t: t[0]
        )
