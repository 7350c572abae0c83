"""The one URL finder and the one tokeniser."""

from __future__ import annotations

import time

import pytest

from pausecheck.text.normalise import Vocabulary, normalise
from pausecheck.text.tokenise import word_keys
from pausecheck.text.urls import find_urls


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("see bit.ly/sh1t now", ["bit.ly/sh1t"]),
        ("visit https://leeds.gov.uk/planning.", ["https://leeds.gov.uk/planning"]),
        ("(www.bbc.co.uk)", ["www.bbc.co.uk"]),
        ("a.com,b.com", ["a.com", "b.com"]),
        ("foo.https://x.org", ["https://x.org"]),
        ("mail bob@example.com", []),  # an email address is not a link
        ("example.community", []),  # a top label must be whole
        ("U.K. e.g. i.e. Mr. Smith", []),
    ],
)
def test_find_urls(text: str, urls: list[str]) -> None:
    assert [text[s:e] for s, e in find_urls(text)] == urls


def test_a_link_is_never_recovered_as_a_disguised_word() -> None:
    vocab = Vocabulary(["shit"])
    assert normalise("see bit.ly/sh1t", vocab).text == "see bit.ly/sh1t"
    assert normalise("what a load of sh1t", vocab).text == "what a load of shit"


@pytest.mark.parametrize("shape", ["f.", "a-.", "x.y/", "www.", "1.2."])
def test_find_urls_is_linear_on_dotted_runs(shape: str) -> None:
    # Work is counted in time, loosely: 20,000 characters must not take quadratic time.
    t = time.perf_counter()
    find_urls(shape * (20_000 // len(shape)))
    assert time.perf_counter() - t < 1.0


def test_term_keys_match_post_tokens() -> None:
    assert word_keys("Don’t be a #Fool, @Bob!") == ("don't", "be", "a", "#fool", "@bob")
    assert word_keys("fück") == ("fuck",)
