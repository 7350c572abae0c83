"""A set of spans that never overlap one another, asked "does this one overlap any?" in O(log n).

Choosing names and resolving overlapping hits both keep a span only where it overlaps none kept
before; on a post with thousands of names or numbers, checking each against every kept span
made the analysis quadratic.
"""

from __future__ import annotations

import bisect


class DisjointSpans:
    """Half-open spans ``[start, end)``, none overlapping another, kept sorted by start. An empty
    span holds no position: adding one keeps nothing, and it overlaps only a span it lies inside."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` shares a position with a span already added."""
        k = bisect.bisect_left(self._starts, end)  # spans starting before ``end``; the last may reach in
        return k > 0 and self._ends[k - 1] > start

    def add(self, start: int, end: int) -> None:
        """Add a span that overlaps none already added (ValueError otherwise)."""
        if self.overlaps(start, end):
            raise ValueError(f"span {start}-{end} overlaps one already added")
        if end <= start:
            return
        k = bisect.bisect_left(self._starts, start)
        self._starts.insert(k, start)
        self._ends.insert(k, end)
