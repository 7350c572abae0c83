"""Analyses computed at most once per post and shared by every detector that asks."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from pausecheck.text.doc import Doc

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.detectors._pii import PiiAnalyser, PiiHit


@functools.cache
def _analyser() -> PiiAnalyser:
    """One Presidio analyser per process, around the shared spaCy pipeline."""
    from pausecheck.detectors._pii import PiiAnalyser
    from pausecheck.text._nlp import spacy_pipeline

    return PiiAnalyser(spacy_pipeline())


def pii_hits(doc: Doc) -> list[PiiHit]:
    """Presidio's results for this post, in normalised offsets, computed on first use."""
    cached = doc.shared.get("pii")
    if cached is None:
        cached = _analyser().analyse(doc.normalised, doc.spacy_doc)
        doc.shared["pii"] = cached
    return cached
