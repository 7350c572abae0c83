"""UK phone numbers: libphonenumber's valid ones and our shape recogniser's drama ranges."""

from __future__ import annotations

import pytest
from pii_helpers import assert_does_not_find, assert_finds, run

# drama ranges (libphonenumber calls them invalid), real ranges, +44 forms
POSITIVE = [
    ("Call Mrs Jones on 07700 900123 about the bins", "07700 900123"),
    ("Ring +44 7700 900123 tonight", "+44 7700 900123"),
    ("text him: +447700900123", "+447700900123"),
    ("Leeds office 0113 496 0123.", "0113 496 0123"),
    ("Drama landline 01632 960123", "01632 960123"),
    ("London: 020 7946 0123", "020 7946 0123"),
    ("Her mobile is 07912 345678", "07912 345678"),
    ("Tel: 0113 222 3344", "0113 222 3344"),
    ("or +44 (0)113 496 0123 after six", "+44 (0)113 496 0123"),
    ("or +44 113 496 0123 after six", "+44 113 496 0123"),
    ("call (0113) 496 0123", "(0113) 496 0123"),
    ("freephone 0800 123 4567", "0800 123 4567"),
]


@pytest.mark.parametrize(("text", "span"), POSITIVE)
def test_finds(analyser, nlp, text, span):
    assert_finds(analyser, nlp, text, "PHONE_NUMBER", span)


def test_the_word_number_alone_is_not_a_phone(analyser, nlp):
    assert_does_not_find(analyser, nlp, "Call the council on the number on its website", None)


def test_context_word_raises_score_and_is_explained(analyser, nlp):
    bare = run(analyser, nlp, "07700 900123")
    cued = run(analyser, nlp, "please call 07700 900123")
    assert cued[0].score > bare[0].score
    assert "'call'" in cued[0].explanation
    assert "drama" in bare[0].explanation


@pytest.mark.parametrize("verb", ["rang", "phoned", "texted"])
def test_a_past_tense_call_is_context_too(analyser, nlp, verb):
    # "She rang me on 0113 496 0056": the number is hers, found by libphonenumber at 0.4 alone.
    bare = run(analyser, nlp, "0113 496 0056 about the bins")
    cued = run(analyser, nlp, f"She {verb} me on 0113 496 0056 about the bins")
    assert cued[0].score > bare[0].score
    assert f"'{verb}'" in cued[0].explanation
