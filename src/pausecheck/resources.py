"""The heavy things a Checker uses, owned by one object the caller controls.

spaCy, Presidio, the learned models, the toxic-span tagger and shipped lexicons take seconds
and hundreds of megabytes to load. A :class:`Resources` loads each on first use and keeps it
for as long as the caller keeps the Resources: a script makes one, a web server makes one per
worker process and shares it between the Checkers it builds (one per pack, rebuilt when a pack
is edited), a Dask worker makes its own (ONNX sessions do not pickle). Nothing heavy is kept
at module level anywhere in pausecheck.

Loading is thread-safe: two threads asking for the same model load it once, and each thing
has its own lock, so one thread loading a model never waits for another loading spaCy.
:meth:`Resources.preload` uses that to load the learned models in a background thread while
the caller loads spaCy: building the ONNX session runs mostly outside the GIL, so on two cores
it hides most of the model's load from a cold start. It imports spaCy and Presidio before it
starts the thread, as imports hold the GIL throughout.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Mapping
from importlib import resources as importlib_resources
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from pausecheck._types import CardThreshold
from pausecheck.classifier import DEFAULT_MODEL, Model, ModelError, load_model, model_folder, read_manifest

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

    from pausecheck.classifier.spans import SpanTagger
    from pausecheck.pii import PiiAnalyser
    from pausecheck.text.language import LanguageModel

T = TypeVar("T")


class Resources:
    """Loads spaCy, Presidio, models and lexicons once each, on first use.

    ``models`` pre-seeds models by name (tests pass a fake model here; a benchmark can pass a
    model it has already loaded). ``nlp`` likewise pre-seeds the spaCy pipeline.
    """

    def __init__(self, *, models: Mapping[str, Model] | None = None, nlp: Language | None = None) -> None:
        self._lock = threading.Lock()  # guards _locks only
        self._locks: dict[str, threading.Lock] = {}
        self._preloading: list[threading.Thread] = []
        self._models: dict[str, Model] = dict(models or {})
        # (model name, "calibrated" | "precise") -> head -> threshold. A model handed in brings its
        # own thresholds (a stand-in without ``precise_thresholds`` uses its calibrated ones).
        self._thresholds: dict[tuple[str, str], dict[str, float]] = {}
        for name, m in self._models.items():
            self._thresholds[(name, "calibrated")] = dict(m.thresholds)
            self._thresholds[(name, "precise")] = dict(getattr(m, "precise_thresholds", None) or m.thresholds)
        self._nlp = nlp
        self._pii: PiiAnalyser | None = None
        self._span_tagger: SpanTagger | None = None
        self._language: LanguageModel | None = None
        self._lexicons: dict[str, Mapping[str, tuple[str, ...]]] = {}

    def _lock_for(self, key: str) -> threading.Lock:
        """The lock for one thing to load (a plain lock: no loader asks for its own key again)."""
        with self._lock:
            found = self._locks.get(key)
            if found is None:
                found = self._locks[key] = threading.Lock()
            return found

    def _once(self, attr: str, make: Callable[[], T]) -> T:
        value = getattr(self, attr)
        if value is None:
            with self._lock_for(attr):
                value = getattr(self, attr)
                if value is None:
                    value = make()
                    setattr(self, attr, value)
        return value  # type: ignore[no-any-return]

    def nlp(self) -> Language:
        """The spaCy pipeline (checked to be the expected build of the model)."""
        from pausecheck.text.nlp import load_pipeline

        return self._once("_nlp", load_pipeline)

    def pii(self) -> PiiAnalyser:
        """Presidio configured for UK posts, around the same spaCy pipeline."""

        def make() -> PiiAnalyser:
            from pausecheck.pii import PiiAnalyser

            return PiiAnalyser(self.nlp())

        return self._once("_pii", make)

    def model(self, name: str = DEFAULT_MODEL) -> Model:
        """A learned model by shipped name or folder; an ensemble's members are shared."""
        found = self._models.get(name)
        if found is None:
            with self._lock_for(f"model:{name}"):
                found = self._models.get(name)
                if found is None:
                    found = load_model(name, loader=self.model)
                    self._models[name] = found
        return found

    def preload(self, names: Iterable[str]) -> None:
        """Start loading these models in a background thread, unless all are loaded already.

        A model that fails to load here is left unloaded, so whoever asks for it next meets the
        error. The thread is not a daemon: a process that ends at once still lets it finish
        rather than tearing the interpreter down under ONNX Runtime.
        """
        wanted = [n for n in dict.fromkeys(names) if n not in self._models]
        if not wanted:
            return
        # Imports hold the GIL from start to end, so importing spaCy and Presidio beside the
        # thread only makes both wait; done first, the session build (mostly outside the GIL)
        # overlaps the spaCy model's load and the first check instead: ~0.1 s of a cold start.
        self.import_libraries()

        def load() -> None:
            for name in wanted:
                with contextlib.suppress(Exception):
                    self.model(name)

        thread = threading.Thread(target=load, name="pausecheck-preload")
        with self._lock:
            self._preloading = [t for t in self._preloading if t.is_alive()] + [thread]
        thread.start()

    @staticmethod
    def import_libraries() -> None:
        """Import, in the calling thread, the libraries :meth:`nlp` and :meth:`pii` import."""
        from pausecheck.text.nlp import import_spacy

        import_spacy()
        import pausecheck.pii  # noqa: F401  (Presidio)

    def settle(self) -> None:
        """Wait for every :meth:`preload` to finish (before forking: a fork must see no other thread)."""
        with self._lock:
            threads = list(self._preloading)
        for thread in threads:
            thread.join()

    def single_threaded(self) -> None:
        """Wait for every preload, then rebuild each loaded model's ONNX sessions without a thread
        pool, so this process may fork (see :mod:`pausecheck.classifier.session`). Later checks
        in this process run single-threaded too. A model without sessions (a linear model, a
        stand-in a test hands in) has nothing to rebuild."""
        self.settle()
        for model in list(self._models.values()):
            rebuild = getattr(model, "single_threaded", None)
            if rebuild is not None:
                rebuild()

    def thresholds(self, name: str = DEFAULT_MODEL, which: CardThreshold = "calibrated") -> dict[str, float]:
        """A model's thresholds from its manifest, without loading the model.

        ``calibrated``: best F1 on validation data (``thresholds``); ``precise``: the lowest
        threshold whose validation precision reaches 0.8 (``precise_thresholds``), which a model
        card may lack (then asking for it is a :class:`ModelError`).
        """
        key = (name, which)
        if key not in self._thresholds:
            manifest = read_manifest(model_folder(name))
            if which == "calibrated":
                self._thresholds[key] = dict(manifest.thresholds)
            else:
                raw = manifest.extra.get(f"{which}_thresholds")
                if not isinstance(raw, dict):
                    raise ModelError(f"model {manifest.name} has no {which} thresholds in its manifest")
                self._thresholds[key] = {k: float(v) for k, v in raw.items()}
        return self._thresholds[key]

    def span_tagger(self) -> SpanTagger:
        """The toxic-span tagger (and the linear model it builds on, shared)."""

        def make() -> SpanTagger:
            from pausecheck.classifier.spans import load_span_tagger

            return load_span_tagger(loader=self.model)

        return self._once("_span_tagger", make)

    def language(self) -> LanguageModel:
        """The language identifier (langid.py's model from py3langid, about half a second to load).

        Asked for only when a post needs it: ``Inspection.language()`` hands this method to
        :func:`pausecheck.text.language.detect`, whose word screens settle most English posts.
        """
        from pausecheck.text.language import load_language_model

        return self._once("_language", load_language_model)

    def lexicon(self, name: str) -> Mapping[str, tuple[str, ...]]:
        """A lexicon shipped by another package, by category. Known: ``profanex``."""
        if name not in self._lexicons:
            if name != "profanex":
                raise KeyError(f"no shipped lexicon {name!r}")
            self._lexicons[name] = _profanex()
        return self._lexicons[name]


def _profanex() -> dict[str, tuple[str, ...]]:
    """profanex's packaged lexicon, by category (read as data; its matcher is not used)."""
    raw = importlib_resources.files("profanex").joinpath("data/banned_words.yaml").read_text("utf-8")
    data: Any = yaml.safe_load(raw) or {}
    return {str(k).lower(): tuple(str(w) for w in v or ()) for k, v in data.items()}
