"""Residents' personal data in a draft post: Presidio, configured for UK councillors.

:class:`PiiAnalyser` runs Presidio offline on the caller's one spaCy Doc, with the UK
recognisers on, the US ones off, and our own for phone shapes, e-mail addresses, postcodes and
street addresses, dates of birth, and council-tax and case references. Each :class:`PiiHit` carries
a :class:`PiiReason`: why it was found, as data and (``str()``) in plain words.

Layering: this package imports only :mod:`pausecheck.text` and third-party packages; the
detectors build on it, never the other way round.
"""

from pausecheck.pii import lazy_presidio
from pausecheck.text.nlp import import_spacy

# Presidio imports spaCy, and then its recognisers: ours first, each without what pausecheck
# never runs (spaCy's command line, most of Presidio's recognisers; see the two modules).
import_spacy()
lazy_presidio.install()

from pausecheck.pii.analyser import DEFAULT_ENTITIES, SUPPORTED_ENTITIES, PiiAnalyser  # noqa: E402
from pausecheck.pii.hits import PiiHit, PiiReason  # noqa: E402

__all__ = ["DEFAULT_ENTITIES", "SUPPORTED_ENTITIES", "PiiAnalyser", "PiiHit", "PiiReason"]
