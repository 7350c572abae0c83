"""UK postcodes and street addresses, and how the words around them set the score."""

from __future__ import annotations

import pytest
from pii_helpers import assert_does_not_find, assert_finds, run

from pausecheck.text import shapes

POSITIVE = [
    # postcodes with address context
    ("She lives at 45 Harehills Road, Leeds LS6 2AB", "UK_POSTCODE", "LS6 2AB"),
    ("Send it to Leeds, LS1 1UR", "UK_POSTCODE", "LS1 1UR"),
    ("his postcode is ls6 2ab", "UK_POSTCODE", "ls6 2ab"),
    # street addresses
    ("Mrs Jones at 12 Church Lane is waiting", "STREET_ADDRESS", "12 Church Lane"),
    ("Flat 3, 45 Harehills Road needs repairs", "STREET_ADDRESS", "Flat 3, 45 Harehills Road"),
    ("The tenant of 14a Oak Road.", "STREET_ADDRESS", "14a Oak Road"),
    ("lives at 7 St Mark's Road, Headingley", "STREET_ADDRESS", "7 St Mark's Road"),
    ("at 2 Kirkstall Hill", "STREET_ADDRESS", "2 Kirkstall Hill"),
    ("at 9 Oakwood Mews", "STREET_ADDRESS", "9 Oakwood Mews"),
    # a flat in a named block, a named house and its street, a named house where someone lives
    ("No heating at Flat 12, Larkspur House since Monday", "STREET_ADDRESS", "Flat 12, Larkspur House"),
    ("Apartment 7 Quarry Heights has a leak", "STREET_ADDRESS", "Apartment 7 Quarry Heights"),
    ("Ivy Cottage, Mill Lane was flooded again", "STREET_ADDRESS", "Ivy Cottage, Mill Lane"),
    ("keys found outside The Old Rectory, Kirk Road", "STREET_ADDRESS", "The Old Rectory, Kirk Road"),
    ("her home is Bryn Teg, Station Road now", "STREET_ADDRESS", "Bryn Teg, Station Road"),
    ("She lives at Ivy Cottage near the green", "STREET_ADDRESS", "Ivy Cottage"),
    ("Post it c/o Bramble Farm please", "STREET_ADDRESS", "Bramble Farm"),
]


@pytest.mark.parametrize(("text", "entity", "span"), POSITIVE)
def test_finds(analyser, nlp, text, entity, span):
    assert_finds(analyser, nlp, text, entity, span)


@pytest.mark.parametrize(
    "text",
    [
        "Surgery in Headingley & Hyde Park ward on Friday",
        "Kirkstall and Little London wards",
        "Church Lane is closed for resurfacing",
        "A £1,250,000 budget for roads",
        # a role or a body after "The" is a sentence, not a house; a house name alone needs a cue
        "The Mayor, Church Lane residents and I met today",
        "The Council, Park Road depot is closing",
        "Ivy Cottage is a lovely name for a tea room",
        "Scrutiny meets in Room 3, Civic Hall at 2pm",
    ],
)
def test_place_names_and_amounts_are_not_addresses(analyser, nlp, text):
    assert_does_not_find(analyser, nlp, text, None)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("LS6 2AB", 0.35, 0.45),  # bare postcode
        ("my postcode is LS6 2AB", 0.55, 0.65),
        ("12 Church Lane, Leeds LS6 2AB", 0.65, 0.75),  # after an address
    ],
)
def test_postcode_score_follows_context(analyser, nlp, text, low, high):
    (hit,) = [h for h in run(analyser, nlp, text) if h.entity == "UK_POSTCODE"]
    assert low <= hit.score <= high


@pytest.mark.parametrize(
    "code",
    [
        "LS6 2AB",
        "GIR 0AA",
        "EC1A 1BB",
        "W1A 0AX",
        "M1 1AE",
        "B33 8TH",
        "DN55 1PT",
        "QS6 2AB",
        "LS6 2CB",
        "LS6",
        "V1 1AA",
    ],
)
def test_postcodes_are_the_shared_shape(analyser, nlp, code):
    # The recogniser and the packs' {shape:uk_postcode} agree on what a postcode is.
    text = f"my postcode is {code}"
    is_postcode = ("UK_POSTCODE", code) in [(h.entity, text[h.start : h.end]) for h in run(analyser, nlp, text)]
    assert is_postcode == shapes.uk_postcode(code)


def test_a_named_house_before_a_postcode_scores_as_a_full_address(analyser, nlp):
    text = "Post to Ivy Cottage, Mill Lane, Leeds LS6 2AB"
    [addr] = [h for h in run(analyser, nlp, text) if h.entity == "STREET_ADDRESS"]
    assert text[addr.start : addr.end] == "Ivy Cottage, Mill Lane"
    assert addr.score >= 0.8
    assert "followed by a postcode" in addr.explanation
