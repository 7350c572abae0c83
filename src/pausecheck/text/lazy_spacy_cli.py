"""Import spaCy without its command line until something asks for it.

``import spacy`` runs ``from .cli.info import info``, and ``spacy.cli`` imports every
command spaCy has, with typer, click, weasel, requests and jinja2 behind them: about 0.2 to
0.3 s of a one-post ``pausecheck check`` that must finish in 1.5 s. pausecheck never runs a
spaCy command.

So :func:`install` puts a stand-in ``spacy.cli.info`` in ``sys.modules`` before spaCy is first
imported; spaCy's import takes its ``info`` from there (a function that imports the real one
when called). :func:`release`, right after the import, takes the stand-in out again and
gives the ``spacy`` module a ``__getattr__`` for ``cli``. From then on everything is spaCy's
own: ``import spacy.cli`` (or any submodule) is an ordinary first import, and reading
``spacy.cli`` imports it the same way.

Nothing happens when spaCy is already imported, or when its files are not where spaCy 3 keeps
them. This is the same device as :mod:`pausecheck.pii.lazy_presidio`.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from pathlib import Path
from typing import Any

PACKAGE = "spacy.cli"
INFO = "spacy.cli.info"

_lock = threading.Lock()


def install() -> bool:
    """Put the stand-in in place; True if this call installed it. Call :func:`release` after
    ``import spacy``."""
    with _lock:
        if "spacy" in sys.modules or PACKAGE in sys.modules or INFO in sys.modules:
            return False
        if not _real_files():
            return False
        stand_in = types.ModuleType(INFO, "Stand-in for spacy.cli.info while spaCy is imported.")
        stand_in.__pausecheck_stand_in__ = True  # type: ignore[attr-defined]

        def info(*args: Any, **kwargs: Any) -> Any:
            """spaCy's ``info`` (``spacy.info``), from its command line, imported now."""
            return importlib.import_module(INFO).info(*args, **kwargs)

        stand_in.info = info  # type: ignore[attr-defined]
        sys.modules[INFO] = stand_in
        return True


def release(spacy: types.ModuleType) -> None:
    """Take the stand-in out of ``sys.modules`` and let ``spacy.cli`` import the real package on
    first use (call right after ``import spacy``; nothing to do if :func:`install` did nothing)."""
    with _lock:
        if not is_stand_in(sys.modules.get(INFO)):
            return
        del sys.modules[INFO]
        if "cli" in vars(spacy) or "__getattr__" in vars(spacy):
            return

        def __getattr__(name: str) -> Any:  # PEP 562, for the spacy module
            if name == "cli":
                return importlib.import_module(PACKAGE)  # also binds spacy.cli for next time
            raise AttributeError(f"module 'spacy' has no attribute {name!r}")

        setattr(spacy, "__getattr__", __getattr__)  # noqa: B010  (a module's own __getattr__, PEP 562)


def is_stand_in(module: object) -> bool:
    return getattr(module, "__pausecheck_stand_in__", False) is True


def _real_files() -> bool:
    """Whether spaCy keeps its command line where this module expects it (spaCy 3)."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return False
    folder = Path(next(iter(spec.submodule_search_locations)), "cli")
    return (folder / "__init__.py").is_file() and (folder / "info.py").is_file()
