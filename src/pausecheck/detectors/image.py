"""The ``image`` kind: attached images, read for credit and copyright metadata."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pausecheck.detectors.base import Detector, Inspection, post_hit
from pausecheck.detectors.options import KindOptions
from pausecheck.findings import Hit


class ImageOptions(KindOptions):
    """Attached images: agency credits in their metadata, or any image at all."""

    kind: Literal["image"]
    check: Literal["agency_credit", "not_own"]
    agencies: list[str] = []
    score: float = Field(0.8, ge=0, le=1)


class ImageKind(Detector):
    kind = "image"
    options = ImageOptions
    spec: ImageOptions

    def find(self, ins: Inspection, floor: float = 0.5) -> list[Hit]:
        hits: list[Hit] = []
        for meta in ins.images():
            name = meta.path.replace("\\", "/").rsplit("/", 1)[-1]
            if self.spec.check == "not_own":
                hits.append(post_hit(self.spec.score, f"image '{name}' attached", [("image", name)]))
                continue
            text = meta.text().lower()
            agency = next((a for a in self.spec.agencies if a.lower() in text), None)
            if agency:
                fields = [(k, v) for k, v in meta.fields if agency.lower() in v.lower()]
                hits.append(post_hit(self.spec.score, f"image '{name}' credits {agency}", fields[:4]))
        return hits
