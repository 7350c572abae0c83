"""Import Presidio without building its URL recogniser until something asks for one.

Importing anything from ``presidio_analyzer`` imports every predefined recogniser, and the
URL recogniser's class body validates four patterns built on one alternation of about 1,500
top-level domains: 0.17 s of a one-post ``pausecheck check`` that must finish in 1.5 s. The
analyser never runs that recogniser (links are the pack's own rules), so :func:`install`
puts a stand-in module in its place before Presidio is first imported. The stand-in's
``UrlRecognizer`` builds the real one on first use, from Presidio's own file, so a caller that
does want it (a registry loaded from Presidio's default configuration) gets the real class's
instance; any other name the real module defines is read from it the same way.

Nothing happens when Presidio is already imported (the real module is then in place) or when
the module is not where Presidio 2.2 keeps it.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import types
from pathlib import Path
from typing import Any

#: Presidio's module that holds ``UrlRecognizer``.
MODULE = "presidio_analyzer.predefined_recognizers.generic.url_recognizer"

_lock = threading.Lock()


def install() -> bool:
    """Put the stand-in in place; True if it was installed by this call."""
    with _lock:
        if MODULE in sys.modules or "presidio_analyzer" in sys.modules:
            return False
        origin = _real_file()
        if origin is None:
            return False
        sys.modules[MODULE] = _stand_in(origin)
        return True


def is_stand_in(module: types.ModuleType) -> bool:
    return getattr(module, "__pausecheck_stand_in__", False) is True


def _real_file() -> Path | None:
    spec = importlib.util.find_spec("presidio_analyzer")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations)), "predefined_recognizers", "generic", "url_recognizer.py")
    return path if path.is_file() else None


def _stand_in(origin: Path) -> types.ModuleType:
    module = types.ModuleType(MODULE, "Stand-in for Presidio's URL recogniser; loads it on first use.")
    module.__file__ = str(origin)
    module.__pausecheck_stand_in__ = True  # type: ignore[attr-defined]
    real: list[types.ModuleType] = []

    def load() -> types.ModuleType:
        with _lock:
            if not real:
                spec = importlib.util.spec_from_file_location(MODULE, origin)
                if spec is None or spec.loader is None:  # pragma: no cover - checked by _real_file
                    raise ImportError(f"cannot load {MODULE} from {origin}")
                loaded = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(loaded)
                real.append(loaded)
                sys.modules[MODULE] = loaded
            return real[0]

    class UrlRecognizer:
        """Presidio's ``UrlRecognizer``, built on first use."""

        def __new__(cls, *args: Any, **kwargs: Any) -> Any:
            return load().UrlRecognizer(*args, **kwargs)

    def __getattr__(name: str) -> Any:  # PEP 562: names other than UrlRecognizer
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(load(), name)

    module.UrlRecognizer = UrlRecognizer  # type: ignore[attr-defined]
    setattr(module, "__getattr__", __getattr__)  # noqa: B010  (a module's own __getattr__, PEP 562)
    return module
