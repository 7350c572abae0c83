"""The ``entity`` kind: personal data, from Presidio and our UK recognisers (see ``_pii``)."""

from __future__ import annotations

from pausecheck.detectors._shared import pii_hits
from pausecheck.detectors.base import Detector, Modifiers, make_hit
from pausecheck.findings import Hit
from pausecheck.policy.schema import EntityDetector
from pausecheck.post import Post
from pausecheck.text.doc import Doc


class EntityKind(Detector):
    kind = "entity"
    spec: EntityDetector

    def __init__(self, spec: EntityDetector, pack) -> None:  # type: ignore[no-untyped-def]
        super().__init__(spec, pack)
        self.entities = frozenset(spec.entities)
        self.allow = frozenset(_squash(a) for a in spec.allow)
        self.modifiers = Modifiers(spec.modifiers, pack)

    def find(self, doc: Doc, post: Post) -> list[Hit]:
        hits: list[Hit] = []
        for h in pii_hits(doc):
            if h.entity not in self.entities or h.score < self.spec.min_score:
                continue
            if self.spec.skip_reported and doc.is_reported(h.start, h.end):
                continue
            if _squash(doc.normalised[h.start:h.end]) in self.allow:
                continue
            score, notes = self.modifiers.apply(doc, (h.start, h.end), h.score)
            why = "; ".join([f"{h.entity} by {h.recogniser}: {h.explanation}", *notes])
            hits.append(make_hit(doc, h.start, h.end, score, why))
        return hits


def _squash(s: str) -> str:
    """Compare numbers by their digits alone, so '(0113) 222-4444' meets '0113 222 4444'."""
    digits = "".join(c for c in s if c.isdigit())
    if len(digits) >= 6:
        return digits.removeprefix("44").removeprefix("0")
    return "".join(s.lower().split())
