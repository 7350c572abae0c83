"""A progress bar for long batches, on stderr, only for a person watching a terminal.

It stays hidden for the first few seconds (a short batch never shows it), never appears when
stderr is not a terminal (a log file gets no bar), and disappears when the batch ends.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

__all__ = ["DELAY_S", "BatchProgress"]

#: Seconds before the bar appears.
DELAY_S = 3.0


class BatchProgress:
    """``with BatchProgress(total) as bar: … bar.advance()`` once per post checked."""

    def __init__(self, total: int, *, stream: TextIO | None = None, delay: float = DELAY_S) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.done = 0
        self._began = time.monotonic()
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self.enabled = self.stream.isatty()

    def __enter__(self) -> BatchProgress:
        self._began = time.monotonic()
        return self

    def advance(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self._bar is None and time.monotonic() - self._began >= self.delay and self.done < self.total:
            self._start()
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=self.done)

    def _start(self) -> None:
        console = Console(file=self.stream, highlight=False, markup=False)
        # Report text streams to stdout; when stdout is the same terminal, Rich prints it above
        # the bar. When stdout is a file, it is left alone (redirecting it would send it to stderr).
        self._bar = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                             console=console, transient=True, redirect_stdout=sys.stdout.isatty())
        self._bar.start()
        self._task = self._bar.add_task("checking", total=self.total, completed=self.done)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
