"""Edits of the member's text: offsets are code points into the original post."""

from __future__ import annotations

import pytest

from pausecheck.findings import Edit, apply_edits
from pausecheck.report.view import diff_pieces


def test_edits_apply_at_original_offsets_in_any_order() -> None:
    text = "Call 07700 900123 or 07700 900456 now"
    edits = [Edit(21, 33, "[removed]"), Edit(5, 17, "[removed]")]
    assert apply_edits(text, edits) == "Call [removed] or [removed] now"


def test_delete_and_insert() -> None:
    assert apply_edits("abc def", [Edit(3, 7, "")]) == "abc"
    assert apply_edits("abc", [Edit(3, 3, "!")]) == "abc!"


@pytest.mark.parametrize("edits", [
    [Edit(0, 5, "x"), Edit(4, 6, "y")],      # overlapping
    [Edit(2, 2, "x"), Edit(2, 2, "y")],      # two insertions at one place
    [Edit(0, 99, "x")],                      # outside the text
    [Edit(3, 2, "x")],                       # backwards
])
def test_bad_edits_are_refused(edits: list[Edit]) -> None:
    with pytest.raises(ValueError, match=r"outside|overlaps"):
        apply_edits("hello world", edits)


def test_astral_characters_count_as_one_code_point() -> None:
    text = "😡😡 Cllr X is a 💩 idiot"
    start = text.index("idiot")
    assert start == 17  # two emoji are two code points, not four UTF-16 units
    assert apply_edits(text, [Edit(start, start + 5, "mistaken")]) == "😡😡 Cllr X is a 💩 mistaken"


def test_an_edit_never_splits_a_combining_mark_from_its_letter() -> None:
    text = "cafe\u0301 idiot"  # "café" with a combining acute accent
    with pytest.raises(ValueError, match="combining mark"):
        apply_edits(text, [Edit(0, 4, "bar")])  # would leave the accent on "r"
    assert apply_edits(text, [Edit(6, 11, "owner")]) == "cafe\u0301 owner"


def test_diff_pieces_mark_removed_and_added_and_cut_long_context() -> None:
    text = "word " * 30 + "idiot" + " end"
    start = text.index("idiot")
    pieces = diff_pieces(text, (Edit(start, start + 5, "wrong"),), context=20)
    kinds = [p.kind for p in pieces]
    assert kinds == ["gap", "same", "removed", "added", "same"]
    assert [p.text for p in pieces[2:]] == ["idiot", "wrong", " end"]
    assert len(pieces[1].text) <= 20
