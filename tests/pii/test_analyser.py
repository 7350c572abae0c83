"""PiiAnalyser on the real spaCy model: entities, scores, overlaps, and what it never does."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pii_helpers import assert_does_not_find, found, run

import pausecheck.pii
from pausecheck.pii import DEFAULT_ENTITIES, SUPPORTED_ENTITIES, PiiAnalyser, PiiHit

# Texts with nothing in them that identifies anyone.
NOTHING = [
    "Scunthorpe United won again",
    "In 2026 we will fix it",
]


@pytest.mark.parametrize("text", NOTHING)
def test_finds_nothing(analyser, nlp, text):
    assert_does_not_find(analyser, nlp, text, None)


def test_person_only_when_asked(analyser, nlp):
    text = "I met John Smith at 12 Church Lane today"
    assert "PERSON" not in {h.entity for h in run(analyser, nlp, text)}
    hits = run(analyser, nlp, text, entities={"PERSON", "STREET_ADDRESS"})
    assert found(hits, text) == [("PERSON", "John Smith"), ("STREET_ADDRESS", "12 Church Lane")]


def test_entities_and_min_score_filter(analyser, nlp):
    text = "Email jo@example.com or call 07700 900123 from LS6 2AB"
    only_email = run(analyser, nlp, text, entities=["EMAIL_ADDRESS"])
    assert found(only_email, text) == [("EMAIL_ADDRESS", "jo@example.com")]
    strong = run(analyser, nlp, text, min_score=0.5)
    assert all(h.score >= 0.5 for h in strong)
    assert "UK_POSTCODE" not in {h.entity for h in strong}
    assert run(analyser, nlp, text, entities=[]) == []


def test_unknown_entity_is_an_error(analyser, nlp):
    with pytest.raises(ValueError, match="US_SSN"):
        run(analyser, nlp, "x", entities=["US_SSN"])


def test_doc_must_match_text(analyser, nlp):
    with pytest.raises(ValueError, match="spacy_doc"):
        analyser.analyse("one text", nlp("another text"))


def test_no_us_or_noise_entities(analyser, nlp):
    text = (
        "SSN 078-05-1120, licence D1234567, https://example.com, Leeds City Council, "
        "on 3 April 2026, AB 12 34 56 C, LS6 2AB"
    )
    entities = {h.entity for h in run(analyser, nlp, text)}
    assert entities <= DEFAULT_ENTITIES
    assert "US_SSN" not in SUPPORTED_ENTITIES
    assert not {"URL", "DATE_TIME", "LOCATION", "ORGANIZATION", "NRP"} & entities


def test_registry_has_exactly_our_entities(analyser):
    # every supported entity has a recogniser (RESIDENT_NAME is found after Presidio, from its
    # hits); no US_*, URL, DATE_TIME... recogniser is on
    assert set(analyser._engine.get_supported_entities()) | {"RESIDENT_NAME"} == SUPPORTED_ENTITIES


def test_overlaps_resolved_to_higher_score(analyser, nlp):
    # a postcode right after the address: both kept, neither overlaps
    text = "Flat 3, 45 Harehills Road, Leeds LS6 2AB. NHS 943 476 5919, tel 0113 496 0123"
    hits = run(analyser, nlp, text)
    assert found(hits, text) == [
        ("STREET_ADDRESS", "Flat 3, 45 Harehills Road"),
        ("UK_POSTCODE", "LS6 2AB"),
        ("UK_NHS", "943 476 5919"),
        ("PHONE_NUMBER", "0113 496 0123"),
    ]


def test_deterministic(analyser, nlp):
    text = "Call 07700 900123, email jo@example.com, 12 Church Lane LS6 2AB, DOB 3/4/87"
    first = run(analyser, nlp, text)
    assert run(analyser, nlp, text) == first
    assert PiiAnalyser(nlp).analyse(text, nlp(text)) == first


def test_shared_doc_is_not_changed(analyser, nlp):
    text = "John Smith of Leeds City Council lives at 12 Church Lane, Leeds LS6 2AB"
    doc = nlp(text)
    before = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    analyser.analyse(text, doc, entities=SUPPORTED_ENTITIES)
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == before


def test_never_loads_a_model(nlp, monkeypatch):
    import spacy
    import spacy.cli

    def refuse(*args, **kwargs):
        raise AssertionError("PiiAnalyser tried to load or download a spaCy model")

    monkeypatch.setattr(spacy, "load", refuse)
    monkeypatch.setattr(spacy.cli, "download", refuse)
    text = "Mr Jones, 07700 900123"
    assert PiiAnalyser(nlp).analyse(text, nlp(text), entities=SUPPORTED_ENTITIES)


# What pausecheck.pii may build on: text shapes and the package's vocabularies, never the
# detectors, policy, engine or classifier that build on it.
_ALLOWED = ("pausecheck.pii", "pausecheck.text", "pausecheck._types", "pausecheck._exceptions")


def test_imports_only_lower_layers():
    package = Path(pausecheck.pii.__file__).parent
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name == "pausecheck" or name.startswith("pausecheck."):
                    assert name.startswith(_ALLOWED), f"{path.name} imports {name}"


def check_invariants(hits, text):
    assert all(isinstance(h, PiiHit) for h in hits)
    for hit in hits:
        assert 0 <= hit.start < hit.end <= len(text)
        assert 0.0 <= hit.score <= 1.0
        assert hit.explanation == str(hit.reason)
    for a, b in itertools.pairwise(hits):
        assert a.start <= b.start
        assert a.end <= b.start, (a, b)


NO_SURROGATES = st.characters(blacklist_categories=("Cs",))
FRAGMENTS = st.sampled_from(
    [
        "07700 900123", "+44 (0)113 496 0123", "jo@example.com", "AB 12 34 56 C",
        "943 476 5919", "LS6 2AB", "12 Church Lane", "Flat 3, ", "DOB", "born",
        "3 April 1987", "03/04/87", "council tax ref", "case no.", "HSG/2024/0113",
        "4111 1111 1111 1111", "AB51 ABC", "\n", " ", ", ", "Leeds", "(", ")", "£",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=NO_SURROGATES, max_size=200))
def test_any_text_is_safe(analyser, nlp, text):
    check_invariants(run(analyser, nlp, text, entities=SUPPORTED_ENTITIES), text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.one_of(FRAGMENTS, st.text(alphabet=NO_SURROGATES, max_size=6)), max_size=12))
def test_pii_like_text_is_safe(analyser, nlp, parts):
    text = "".join(parts)
    check_invariants(run(analyser, nlp, text, entities=SUPPORTED_ENTITIES), text)
