"""The ``entity`` kind: personal data, from Presidio and our UK recognisers (see ``pausecheck.pii``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field, model_validator

from pausecheck.detectors.base import Detector, Inspection, Modifiers, PackResources, make_hit
from pausecheck.detectors.options import KindOptions, Matcher, Modifier
from pausecheck.findings import Hit


class EntityOptions(KindOptions):
    """Personal data found by Presidio and our UK recognisers."""

    kind: Literal["entity"]
    entities: list[str] = Field(..., min_length=1)
    min_score: float = Field(0.4, ge=0, le=1)
    allow: list[str] = []  # exact strings that are public (the council's switchboard)
    skip_reported: bool = False
    modifiers: list[Modifier] = []
    #: Labels of modifiers that do not apply to a detail the analyser found beside a resident's
    #: name, nor to a resident's name found beside their own details: "handed in at my surgery
    #: with a tag saying Mrs Khan, 12 Park Road" is her address, whatever the sentence says of the
    #: member's surgery or a park; "@jo22 Hi Jo, your appeal for 4 Elm Road..." publishes Jo's
    #: address with her name, reply to her or not.
    beside_resident_ignores: list[str] = []

    def matchers(self) -> Iterator[Matcher]:
        return iter(self.modifiers)

    @model_validator(mode="after")
    def _known_labels(self) -> EntityOptions:
        unknown = set(self.beside_resident_ignores) - {m.label for m in self.modifiers}
        if unknown:
            raise ValueError(f"beside_resident_ignores names no modifier: {', '.join(sorted(unknown))}")
        return self


class EntityKind(Detector):
    kind = "entity"
    options = EntityOptions
    spec: EntityOptions

    def __init__(self, spec: EntityOptions, pack: PackResources) -> None:
        super().__init__(spec, pack)
        self.entities = frozenset(spec.entities)
        self.allow = frozenset(_squash(a) for a in spec.allow)
        self.modifiers = Modifiers(spec.modifiers, pack)
        ignored = set(spec.beside_resident_ignores)
        self.beside_resident = Modifiers([m for m in spec.modifiers if m.label not in ignored], pack)

    def find(self, ins: Inspection, floor: float = 0.5) -> list[Hit]:
        doc = ins.doc
        hits: list[Hit] = []
        mods = near_mods = None
        for h in ins.pii():
            if h.entity not in self.entities or h.score < self.spec.min_score:
                continue
            if self.spec.skip_reported and doc.is_reported(h.start, h.end):
                continue
            if _squash(doc.normalised[h.start:h.end]) in self.allow:
                continue
            if (h.reason.near_person or h.reason.own_details) and self.spec.beside_resident_ignores:
                if near_mods is None:
                    near_mods = self.beside_resident.found(ins) if self.beside_resident else []
                found = near_mods
            else:
                if mods is None:
                    mods = self.modifiers.found(ins) if self.modifiers else []
                found = mods
            score, notes = Modifiers.apply(doc, (h.start, h.end), h.score, found)
            why = "; ".join([f"{h.entity} by {h.recogniser}: {h.explanation}", *notes])
            hits.append(make_hit(doc, h.start, h.end, score, why))
        return hits


def _squash(s: str) -> str:
    """Compare numbers by their digits alone, so '(0113) 222-4444' meets '0113 222 4444'."""
    digits = "".join(c for c in s if c.isdigit())
    if len(digits) >= 6:
        return digits.removeprefix("44").removeprefix("0")
    return "".join(s.lower().split())
