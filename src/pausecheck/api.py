"""The convenience functions for scripts and notebooks: :func:`check` and :func:`score`.

They share one :class:`~pausecheck.resources.Resources` made on first use and keep at most
:data:`MAX_CHECKERS` Checkers, keyed by the pack's content digest, so repeated calls do not
reload models or recompile rules, an edited pack (loaded again) gets a fresh Checker, and the
cache cannot grow without bound.

Long-running processes (the desk, an audit worker) do not use these: they build
``Resources()`` and ``Checker(…, resources=…)`` themselves and decide what to keep.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

from pausecheck.classifier import DEFAULT_MODEL
from pausecheck.classifier import score as _score
from pausecheck.engine import Checker
from pausecheck.findings import Report
from pausecheck.policy.loader import Pack, load_pack
from pausecheck.post import Post
from pausecheck.resources import Resources

#: How many Checkers :func:`check` keeps (least recently used goes first).
MAX_CHECKERS = 4

_lock = threading.Lock()
_shared: dict[str, Resources] = {}
_checkers: OrderedDict[str, Checker] = OrderedDict()


def default_resources() -> Resources:
    """The Resources :func:`check` and :func:`score` share (made on first use)."""
    with _lock:
        if "default" not in _shared:
            _shared["default"] = Resources()
        return _shared["default"]


def _checker(pack: Pack | str | Path | None) -> Checker:
    loaded = pack if isinstance(pack, Pack) else load_pack(pack)
    with _lock:
        found = _checkers.get(loaded.digest)
        if found is not None:
            _checkers.move_to_end(loaded.digest)
            return found
    made = Checker(loaded, resources=default_resources())
    with _lock:
        _checkers[loaded.digest] = made
        while len(_checkers) > MAX_CHECKERS:
            _checkers.popitem(last=False)
    return made


def check(post: Post | str, pack: Pack | str | Path | None = None) -> Report:
    """Check one draft post. ``pack`` is a loaded Pack, a bundled pack name or a pack folder."""
    return _checker(pack).check(post)


def score(texts: Sequence[str], model: str = DEFAULT_MODEL) -> list[dict[str, float]]:
    """Per-head probabilities for each text: ``[{"offensive": 0.93, "insult": 0.81, …}, …]``."""
    if isinstance(texts, str):
        raise TypeError("score() takes a list of texts; wrap a single text in a list")
    return _score(texts, default_resources().model(model))
