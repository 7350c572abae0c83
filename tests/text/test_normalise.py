"""The normalised view undoes disguises, and every character maps back to the original."""

from __future__ import annotations

import pytest

from pausecheck.text.normalise import Vocabulary, normalise, skeleton

VOCAB = Vocabulary(["fuck", "fucking", "shit", "twat", "idiot", "kill"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What the f*ck", "What the fuck"),
        ("sh1t council", "shit council"),
        ("f.u.c.k off", "fuck off"),
        ("f u c k off", "fuck off"),
        ("you tw@t", "you twat"),
        ("fuuuuuck", "fuck"),
        ("f\u200bu\u200dck", "fuck"),  # zero-width characters removed
        ("\u202efuck", "fuck"),  # bidi override removed
        ("f\u043eck", "fock"),  # Cyrillic о folded to o
        ("ＦＵＣＫ", "FUCK"),  # full-width folded by NFKC
        ("F*CKING", "FUCKING"),
        ("1d1ot", "idiot"),
    ],
)
def test_disguises_are_undone(text: str, expected: str) -> None:
    assert normalise(text, VOCAB).text == expected


@pytest.mark.parametrize(
    "text",
    ["B4 the meeting", "LS6 2AB", "U.K. politics", "I a m here", "Ward 12 and 2nd place", "£1,250,000", "Scunthorpe"],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert normalise(text, VOCAB).text == text


def test_urls_are_not_squeezed() -> None:
    text = "see www.example.com/aaaa and https://example.org/zzzz"
    assert normalise(text, VOCAB).text == text


def test_genuine_cyrillic_words_are_not_folded() -> None:
    assert normalise("привет мир", VOCAB).text == "привет мир"


@pytest.mark.parametrize("text", ["What the f*ck", "fuuuuck off", "f.u.c.k", "a\u200bb ＦＵＣＫ", "e\u0301 café"])
def test_spans_map_back_to_the_original(text: str) -> None:
    n = normalise(text, VOCAB)
    assert len(n.starts) == len(n.ends) == len(n.text)
    for i in range(len(n.text)):
        assert 0 <= n.starts[i] < n.ends[i] <= len(text)
    start, end = n.to_original(0, len(n.text))
    assert 0 <= start <= end <= len(text)


def test_stretched_word_maps_to_the_whole_run() -> None:
    text = "so fuuuuck that"
    n = normalise(text, VOCAB)
    i = n.text.index("fuck")
    assert n.to_original(i, i + 4) == (3, 10)
    assert text[3:10] == "fuuuuck"


def test_skeleton() -> None:
    assert skeleton("kiiilll") == skeleton("kill") == "kil"
