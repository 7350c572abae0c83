"""The ``classifier`` kind: a learned head's probability, pointed at the words responsible.

The model sees the normalised text (masks and leetspeak undone); its attribution spans are
mapped back to the original. A post's predictions are computed once and shared by every rule
that uses the same model. Quoted or reported abuse is skipped like the lexicon kind does.
"""

from __future__ import annotations

from typing import Any

from pausecheck.detectors.base import Detector, make_hit
from pausecheck.findings import Hit
from pausecheck.policy.schema import ClassifierDetector
from pausecheck.post import Post
from pausecheck.text.doc import Doc


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
        spans = [s for s in model.attribute(doc.normalised, self.spec.head) if s[2] > 0]
        if self.spec.skip_reported:
            spans = [s for s in spans if not doc.is_reported(s[0], s[1])]
            if not spans and doc.reported:
                return []  # the evidence lies in someone else's words
        if self.spec.target == "required":
            spans = [s for s in spans if self._targeted(doc, s[0])]
            if not spans:
                return []
        why = f"model head '{self.spec.head}' p={p:.2f} (threshold {cut:.2f})"
        # Rescale so that the head's own threshold lands on the engine's usual 0.5.
        score = 0.5 + 0.5 * (p - cut) / max(1e-9, 1.0 - cut)
        if not spans:
            return [make_hit(doc, 0, len(doc.normalised), score, why)]
        start, end, _ = max(spans, key=lambda s: s[2])
        return [make_hit(doc, start, end, score, f"{why}; strongest evidence '{doc.normalised[start:end]}'")]
