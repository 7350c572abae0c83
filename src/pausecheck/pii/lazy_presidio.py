"""Import Presidio without the recognisers pausecheck never uses, until something asks for them.

``presidio_analyzer``'s ``__init__`` imports its recogniser registry, which imports the package
``presidio_analyzer.predefined_recognizers``, whose ``__init__`` imports every recogniser
Presidio has: eighteen countries' identifiers, NER and cloud wrappers, and in ``generic`` the
URL recogniser, whose class body validates four patterns built on one alternation of about 1,500
top-level domains. Of a one-post ``pausecheck check`` that must finish in 1.5 s, that is about
0.25 s for modules the analyser never builds.

:func:`install`, called before Presidio is first imported, puts a stand-in in ``sys.modules``
for each package in :data:`LAZY_PACKAGES`: a module with the real package's path and spec,
whose names resolve on first use by importing only the submodule that defines them. The
name-to-submodule map is read from the package's own ``__init__``, so it follows whatever
version is installed. A name outside that map (``PREDEFINED_RECOGNIZERS``, ``__all__``) runs the
real ``__init__`` into the stand-in, which is from then on the whole package.

Presidio finds a recogniser named in a configuration (``RecognizerRegistry
.load_predefined_recognizers()``, an ``AnalyzerEngine()`` with no registry) by walking the
subclasses of ``EntityRecognizer`` imported so far, which the stand-ins would leave short.
:func:`install` therefore wraps that one walk (``RecognizerListLoader
.get_all_existing_recognizers``) to run the real ``__init__`` files first: a caller who uses
Presidio's defaults in the same process gets every recogniser, as without pausecheck.

Nothing happens when Presidio is already imported, or when its files are not where Presidio 2.2
keeps them.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
import threading
import types
from pathlib import Path
from typing import Any

#: The package whose ``__init__`` imports every recogniser.
PACKAGE = "presidio_analyzer.predefined_recognizers"
#: Packages given a stand-in, outermost first: each ``__init__`` only imports names from its
#: submodules, and the analyser needs few of them ("generic" holds the URL recogniser).
LAZY_PACKAGES = (PACKAGE, f"{PACKAGE}.generic", f"{PACKAGE}.country_specific", f"{PACKAGE}.nlp_engine_recognizers")
#: The module whose subclass walk finds recognisers named in a configuration.
LOADER_MODULE = "presidio_analyzer.recognizer_registry.recognizers_loader_utils"

_STAND_IN = "__pausecheck_stand_in__"
_RUN_INIT = "__pausecheck_run_init__"
_lock = threading.RLock()


def install() -> bool:
    """Put the stand-ins in place and wrap Presidio's subclass walk; True if this call did."""
    with _lock:
        if "presidio_analyzer" in sys.modules or any(name in sys.modules for name in LAZY_PACKAGES):
            return False
        root = _presidio_root()
        if root is None:
            return False
        inits = {name: root.joinpath(*name.split(".")[1:], "__init__.py") for name in LAZY_PACKAGES}
        if not all(init.is_file() for init in inits.values()):
            return False
        for name, init in inits.items():
            sys.modules[name] = _package_stand_in(name, init)
        for name in LAZY_PACKAGES[1:]:
            parent, _, child = name.rpartition(".")
            setattr(sys.modules[parent], child, sys.modules[name])
        loader = importlib.import_module(LOADER_MODULE)  # imports Presidio, through the stand-ins
        # A module placed in sys.modules is not bound to its parent by the import system.
        setattr(sys.modules["presidio_analyzer"], "predefined_recognizers", sys.modules[PACKAGE])  # noqa: B010
        _wrap_subclass_walk(loader.RecognizerListLoader)
        return True


def is_stand_in(module: types.ModuleType) -> bool:
    """True while ``module`` is one of the stand-ins and its real ``__init__`` has not run."""
    return getattr(module, _STAND_IN, False) is True


def complete() -> None:
    """Run each stand-in's real ``__init__``, as a plain ``import presidio_analyzer`` would have."""
    with _lock:
        for name in reversed(LAZY_PACKAGES):  # innermost first, as the real imports nest
            module = sys.modules.get(name)
            if module is not None and is_stand_in(module):
                module.__dict__[_RUN_INIT]()


def _presidio_root() -> Path | None:
    spec = importlib.util.find_spec("presidio_analyzer")  # a top-level find_spec imports nothing
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _defined_in(package: str, init: Path) -> dict[str, str]:
    """Each name the package's ``__init__`` imports from its own submodules, with the submodule."""
    where: dict[str, str] = {}
    for node in ast.parse(init.read_text(encoding="utf-8"), str(init)).body:
        if not isinstance(node, ast.ImportFrom) or not node.module or node.level > 1:
            continue
        module = f"{package}.{node.module}" if node.level == 1 else node.module
        if module.startswith(f"{package}."):
            for alias in node.names:
                where[alias.asname or alias.name] = module
    return where


def _package_stand_in(package: str, init: Path) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(package, init, submodule_search_locations=[str(init.parent)])
    if spec is None:  # pragma: no cover - a path ending in .py always gives a spec
        raise ImportError(f"cannot read {package} from {init}")
    module = importlib.util.module_from_spec(spec)
    setattr(module, _STAND_IN, True)
    where = _defined_in(package, init)

    def run_init() -> None:
        # The real __init__, run into this module: what it imports already is reused, and every
        # name it defines is then here, so the lookup below is never reached for them again.
        with _lock:
            if is_stand_in(module):
                code = compile(init.read_bytes(), str(init), "exec")
                exec(code, module.__dict__)  # Presidio's own package file, found by find_spec
                setattr(module, _STAND_IN, False)

    def __getattr__(name: str) -> Any:  # PEP 562: called only for names not yet defined
        if name in where:
            value = getattr(importlib.import_module(where[name]), name)
            setattr(module, name, value)
            return value
        if name.startswith("__") and name != "__all__":
            raise AttributeError(name)
        complete()
        try:
            return module.__dict__[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None

    module.__dict__[_RUN_INIT] = run_init
    setattr(module, "__getattr__", __getattr__)  # noqa: B010  (a module's own __getattr__, PEP 562)
    return module


def _wrap_subclass_walk(loader: type) -> None:
    walk = loader.__dict__["get_all_existing_recognizers"].__func__

    def get_all_existing_recognizers(cls: Any = None) -> Any:
        complete()
        return walk(cls)

    get_all_existing_recognizers.__doc__ = walk.__doc__
    get_all_existing_recognizers.__wrapped__ = walk  # type: ignore[attr-defined]
    loader.get_all_existing_recognizers = staticmethod(get_all_existing_recognizers)  # type: ignore[attr-defined]
