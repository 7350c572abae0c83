"""One ONNX Runtime CPU session, and how to build it again without threads before a fork.

A session runs two intra-op threads by default (``PAUSECHECK_ORT_THREADS`` sets another
number): on two cores that takes a short post's model pass from about 4.1 to 2.9 ms, and the
word occlusion of a flagged post (what sets the 95th percentile) down by a third.

Those threads do not survive ``fork``. A forked child inherits a pool whose threads are gone,
and a lock one of them held at the moment of the fork stays held in the child for ever. So
:meth:`OnnxSession.single_threaded` rebuilds the session with no pool, from bytes read and
checked again, and :meth:`~pausecheck.Checker.check_many` calls it (through
:meth:`~pausecheck.Resources.single_threaded`) before it forks workers. Two workers each
running a two-thread pool would only fight over the same two cores anyway.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

#: Intra-op threads when neither the caller nor ``PAUSECHECK_ORT_THREADS`` says otherwise.
DEFAULT_THREADS = 2


def default_threads() -> int:
    """``PAUSECHECK_ORT_THREADS`` when set to a positive number, else two (one on a one-core machine)."""
    raw = os.environ.get("PAUSECHECK_ORT_THREADS", "").strip()
    if raw:
        try:
            return max(1, int(raw))
        except ValueError:
            pass  # a mistyped setting falls back to the default rather than stopping every check
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(DEFAULT_THREADS, cores))


def _build(onnx_bytes: bytes, threads: int) -> Any:
    import onnxruntime as ort  # imported on first use: it costs about 0.2 s of start-up

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    # The verified bytes are what runs: no second read of the file after the check.
    return ort.InferenceSession(onnx_bytes, sess_options=options, providers=["CPUExecutionProvider"])


class OnnxSession:
    """A CPU inference session, one run at a time.

    ``read`` returns the graph's bytes, checked against their expected hash; it is called
    again only by :meth:`single_threaded`. ``first`` is the same bytes when the caller has
    just read them (so a load reads the file once).
    """

    def __init__(self, read: Callable[[], bytes], *, threads: int | None = None, first: bytes | None = None) -> None:
        self._read = read
        self.threads = threads or default_threads()
        self._session = _build(first if first is not None else read(), self.threads)
        self.input_names = frozenset(i.name for i in self._session.get_inputs())
        self.output_widths = tuple(o.shape[-1] for o in self._session.get_outputs())
        self._lock = threading.Lock()

    def run(self, feeds: Mapping[str, np.ndarray]) -> np.ndarray:
        """The graph's first output for these inputs."""
        with self._lock:
            return self._session.run(None, dict(feeds))[0]  # type: ignore[no-any-return]

    def with_threads(self, threads: int) -> OnnxSession:
        """A new session of the same graph on ``threads`` intra-op threads (read and checked again)."""
        return OnnxSession(self._read, threads=threads)

    def single_threaded(self) -> None:
        """Rebuild the session with no thread pool, so this process may fork (see the module)."""
        with self._lock:
            if self.threads > 1:
                self._session = _build(self._read(), 1)
                self.threads = 1
