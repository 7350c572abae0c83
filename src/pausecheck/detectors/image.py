"""The ``image`` kind: attached images, read for credit and copyright metadata."""

from __future__ import annotations

from pausecheck.detectors._image_meta import ImageMetadata, read_image_metadata
from pausecheck.detectors.base import Detector, post_hit
from pausecheck.findings import Hit
from pausecheck.policy.schema import ImageDetector
from pausecheck.post import Post
from pausecheck.text.doc import Doc


def images(doc: Doc, post: Post) -> list[ImageMetadata]:
    """Each attachment's metadata, read once per post (raises AttachmentError if unreadable)."""
    cached = doc.shared.get("images")
    if cached is None:
        cached = [read_image_metadata(p) for p in post.attachments]
        doc.shared["images"] = cached
    return cached


class ImageKind(Detector):
    kind = "image"
    spec: ImageDetector

    def find(self, doc: Doc, post: Post) -> list[Hit]:
        hits: list[Hit] = []
        for meta in images(doc, post):
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
