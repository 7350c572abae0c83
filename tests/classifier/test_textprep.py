"""Emoji written as words for the encoder, whose word pieces have none."""

from __future__ import annotations

import pytest

from pausecheck.classifier.textprep import name_emoji


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
