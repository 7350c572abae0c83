"""DisjointSpans: the overlap test behind choosing names and resolving overlapping hits."""

from __future__ import annotations

import random

import pytest

from pausecheck.pii.disjoint_spans import DisjointSpans


def test_overlap_is_any_shared_position() -> None:
    spans = DisjointSpans()
    spans.add(10, 20)
    spans.add(30, 35)
    assert [spans.overlaps(s, e) for s, e in [(0, 10), (20, 30), (19, 21), (5, 40), (12, 13), (35, 36)]] == [
        False, False, True, True, True, False]
    with pytest.raises(ValueError, match="overlaps"):
        spans.add(15, 32)
    spans.add(25, 25)  # empty: nothing kept, so nothing overlaps it
    assert not spans.overlaps(24, 26)
    assert spans.overlaps(12, 12)  # but an empty span inside a kept one is inside it


def test_it_agrees_with_checking_every_span() -> None:
    rng = random.Random(7)
    spans, kept = DisjointSpans(), []
    for _ in range(2_000):
        s = rng.randrange(0, 5_000)
        e = s + rng.randrange(0, 12)
        naive = any(s < ke and ks < e for ks, ke in kept if ks < ke)  # an empty span holds no position
        assert spans.overlaps(s, e) is naive
        if not naive:
            spans.add(s, e)
            kept.append((s, e))
