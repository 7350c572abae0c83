"""Text brought to one surface form for the encoder: emoji as words, praise said plainly."""

from __future__ import annotations

import pytest

from pausecheck.classifier.textprep import name_emoji, prepare, prepare_with_offsets


@pytest.mark.parametrize(("text", "words"), [
    ("Our MP at PMQs today 🤡", "Our MP at PMQs today clown face"),
    ("Cllr Bream every time he tweets 🐒⌨️", "Cllr Bream every time he tweets monkey keyboard"),
    # A skin tone, the joiner and the presentation selector only shape the emoji before them.
    ("me 🤦🏽‍♀️", "me face palm female sign"),
    # A flag is two regional letters, one flag.
    ("Wake up Britain 🇬🇧", "Wake up Britain flag"),
])
def test_an_emoji_is_written_as_its_name(text: str, words: str) -> None:
    assert " ".join(name_emoji(text).split()) == words


@pytest.mark.parametrize("text", ["£5 for the raffle, © 2026 Leeds → see you there!", "Diolch o galon i bawb", ""])
def test_text_without_emoji_is_left_as_it_is(text: str) -> None:
    assert name_emoji(text) == text


@pytest.mark.parametrize(("text", "plain"), [
    ("Our new mayor is a gay man, and I couldn't be prouder.", "Our new mayor is a gay man, and I am very proud."),
    ("Couldn’t be more pleased for Sarah", "am very pleased for Sarah"),
    ("We could not have been happier with the turnout", "We am very happy with the turnout"),
    ("I cannot be any prouder of the volunteers", "I am very proud of the volunteers"),
])
def test_praise_said_by_denying_its_limit_is_read_plainly(text: str, plain: str) -> None:
    assert prepare(text) == plain


@pytest.mark.parametrize("text", ["It couldn't be worse", "I can't be bothered", "Proud? I couldn't be less proud"])
def test_other_negations_are_left_as_they_are(text: str) -> None:
    assert prepare(text) == text


def test_the_plain_praise_maps_back_to_the_words_it_replaced() -> None:
    text = "Honestly, couldn't be prouder!"
    prepared, starts, ends = prepare_with_offsets(text)
    i = prepared.index("am very proud")
    assert text[starts[i]:ends[i + len("am very proud") - 1]] == "couldn't be prouder"
    assert prepare(prepared) == prepared  # idempotent
