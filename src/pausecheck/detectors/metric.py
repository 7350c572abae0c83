"""The ``metric`` kind: measures of the whole post that suggest it was written in anger."""

from __future__ import annotations

from typing import Literal

import regex
from pydantic import Field

from pausecheck.detectors.base import Detector, Inspection, PackResources, make_hit
from pausecheck.detectors.matching import TermIndex
from pausecheck.detectors.options import KindOptions
from pausecheck.findings import Hit
from pausecheck.text.doc import Doc

_BANGS = regex.compile(r"[!?]*![!?]{2,}|!{3,}")


class MetricOptions(KindOptions):
    """A measure of the whole post, e.g. the share of capital letters."""

    kind: Literal["metric"]
    measure: Literal["caps_ratio", "exclamations", "intensifiers"]
    min: float
    min_letters: int = 12
    terms: list[str] = []
    score: float = Field(0.6, ge=0, le=1)


class MetricKind(Detector):
    kind = "metric"
    options = MetricOptions
    spec: MetricOptions

    def __init__(self, spec: MetricOptions, pack: PackResources) -> None:
        super().__init__(spec, pack)
        self.terms = TermIndex(spec.terms)

    def find(self, ins: Inspection, floor: float = 0.5) -> list[Hit]:
        doc = ins.doc
        measure = self.spec.measure
        if measure == "caps_ratio":
            return self._caps(doc)
        if measure == "exclamations":
            runs = list(_BANGS.finditer(doc.normalised))
            if len(runs) >= self.spec.min:
                m = runs[0]
                return [make_hit(doc, m.start(), m.end(), self.spec.score, f"{len(runs)} run(s) of '!!!'")]
            return []
        found = self.terms.find(doc.words, doc.normalised)
        if len(found) >= self.spec.min:
            i, j, _ = found[0]
            ns, ne = doc.words[i].n_start, doc.words[j - 1].n_end
            terms = ", ".join(sorted({t for _, _, t in found}))
            return [make_hit(doc, ns, ne, self.spec.score, f"{len(found)} intensifiers ({terms})")]
        return []

    def _caps(self, doc: Doc) -> list[Hit]:
        # Hashtags, handles and URLs are often capitalised by convention; acronyms are short.
        letters = [
            c for t in doc.words if t.kind == "word" and len(t.text) > 2 for c in t.text if c.isalpha()
        ]
        if len(letters) < self.spec.min_letters:
            return []
        ratio = sum(c.isupper() for c in letters) / len(letters)
        if ratio < self.spec.min:
            return []
        shouty = [t for t in doc.words if t.kind == "word" and len(t.text) > 2 and t.text.isupper()]
        ns, ne = (shouty[0].n_start, shouty[-1].n_end) if shouty else (0, len(doc.normalised))
        return [make_hit(doc, ns, ne, self.spec.score, f"{ratio:.0%} of letters are capitals")]
