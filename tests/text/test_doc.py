"""The analysed Doc: tokens, targets, reported speech, URLs, sentences, all in original offsets."""

from __future__ import annotations

import pytest

from pausecheck.text.doc import Analyser


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser(vocabulary=["fuck", "idiot"], roles=["the planning officer", "the council leader"])


def test_tokens_handles_hashtags_and_urls(analyser: Analyser) -> None:
    doc = analyser.analyse("Thanks @LeedsCC for fixing it #Armley see https://bit.ly/x1 now")
    assert [t.text for t in doc.handles] == ["@LeedsCC"]
    assert [t.text for t in doc.hashtags] == ["#Armley"]
    assert [u.text for u in doc.urls] == ["https://bit.ly/x1"]
    assert all(not t.in_url for t in doc.words)


@pytest.mark.parametrize(
    ("text", "kind", "target"),
    [
        ("You are an idiot", "second_person", "You"),
        ("Cllr Jane Smith voted for it", "person", "Cllr Jane Smith"),
        ("Ask @bob_smith", "handle", "@bob_smith"),
        ("Everyone knows the planning officer is bent", "role", "the planning officer"),
    ],
)
def test_targets(analyser: Analyser, text: str, kind: str, target: str) -> None:
    doc = analyser.analyse(text)
    assert (kind, target) in [(t.kind, t.text) for t in doc.targets]


def test_target_offsets_point_into_the_original(analyser: Analyser) -> None:
    text = "\u200bCllr Jane Smith is an idiot"
    doc = analyser.analyse(text)
    person = next(t for t in doc.targets if t.kind == "person")
    assert text[person.start:person.end] == "Cllr Jane Smith"


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("Someone called me a 'stupid cow' on the bus. Abuse like this has no place here.", "stupid cow"),
        ("A man called me a useless idiot at the count", "a useless idiot at the count"),
        ('He wrote "you idiot" under my post and I have reported it', "you idiot"),
    ],
)
def test_reported_speech(analyser: Analyser, text: str, reported: str) -> None:
    doc = analyser.analyse(text)
    assert reported in [r.text for r in doc.reported]


def test_quotes_without_a_reporting_cue_are_the_members_own(analyser: Analyser) -> None:
    doc = analyser.analyse("My verdict on the scheme: 'a complete failure'")
    assert doc.reported == ()


def test_sentences_cover_the_text(analyser: Analyser) -> None:
    doc = analyser.analyse("First point here. Second point there! Third?")
    assert len(doc.sentences) == 3
    assert doc.sentence_of(doc.words[-1].n_start) == 2


def test_masked_word_is_a_token_at_its_original_span(analyser: Analyser) -> None:
    text = "What the f*ck"
    doc = analyser.analyse(text)
    tok = next(t for t in doc.words if t.key == "fuck")
    assert text[tok.start:tok.end] == "f*ck"


@pytest.mark.parametrize(
    "text",
    ["Vote Labour on Thursday", "Email cllr.jane.holroyd@leeds.gov.uk today", "Potholes on Stainbeck Lane again", "#LeedsLabour rally"],
)
def test_parties_streets_and_emails_are_not_people_or_handles(analyser: Analyser, text: str) -> None:
    doc = analyser.analyse(text)
    assert [t for t in doc.targets if t.kind in ("person", "handle")] == []
