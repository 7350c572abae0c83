"""Dates of birth: a real date with a birth word close by, and nothing else."""

from __future__ import annotations

import pytest
from pii_helpers import assert_does_not_find, assert_finds

POSITIVE = [
    ("DOB: 03/04/1987", "03/04/1987"),
    ("D.O.B 3.4.87", "3.4.87"),
    ("She was born on 3 April 1987 in Leeds", "3 April 1987"),
    ("born 3rd April 87", "3rd April 87"),
    ("date of birth 1987-04-03", "1987-04-03"),
    ("his birthday is 3 April", "3 April"),
    ("born in St James's on April 3rd, 1987", "April 3rd, 1987"),
    ("03/04/1987 (her DOB)", "03/04/1987"),
]


@pytest.mark.parametrize(("text", "span"), POSITIVE)
def test_finds(analyser, nlp, text, span):
    assert_finds(analyser, nlp, text, "DATE_OF_BIRTH", span)


@pytest.mark.parametrize(
    "text",
    [
        "the meeting on 3 April 2026",
        "Mrs Smith, aged 87, was born in Leeds",
        "The budget was set on 03/04/2025. Born and bred here, I voted for it.",
    ],
)
def test_dates_without_a_birth_word_close_by(analyser, nlp, text):
    assert_does_not_find(analyser, nlp, text, "DATE_OF_BIRTH")
