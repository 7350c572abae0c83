"""PiiReason: why each hit was found, as data, and the plain words findings show."""

from __future__ import annotations

import dataclasses

import pytest
from pii_helpers import run

from pausecheck.pii import PiiHit, PiiReason


def only_hit(analyser, nlp, text, entity, **kwargs) -> PiiHit:
    (hit,) = [h for h in run(analyser, nlp, text, **kwargs) if h.entity == entity]
    assert hit.explanation == str(hit.reason) == hit.reason.render()
    assert hit.reason.recogniser == hit.recogniser
    return hit


def test_pattern_hit(analyser, nlp):
    hit = only_hit(analyser, nlp, "the licence is MORGA657054SM9IJ", "UK_DRIVING_LICENCE")
    assert hit.reason == PiiReason(
        recogniser="UkDrivingLicenceRecognizer",
        method="pattern",
        base_score=0.5,
        score=0.85,
        pattern="UK Driving Licence",
        context_word="licence",
    )
    assert hit.explanation == (
        "matched the 'UK Driving Licence' pattern (score 0.50); the word 'licence' nearby raised it to 0.85"
    )


def test_pattern_hit_without_validator_or_context(analyser, nlp):
    hit = only_hit(analyser, nlp, "9434765919", "UK_NHS")
    assert hit.reason == PiiReason(
        recogniser="NhsNumberRecognizer",
        method="pattern",
        base_score=0.8,
        score=0.8,
        pattern="NHS number (mod-11 checksum passed)",
    )
    assert hit.explanation == "matched the 'NHS number (mod-11 checksum passed)' pattern (score 0.80)"


def test_phonenumbers_hit(analyser, nlp):
    hit = only_hit(analyser, nlp, "07912 345678", "PHONE_NUMBER")
    assert hit.reason == PiiReason(
        recogniser="PhoneRecognizer", method="phonenumbers", base_score=0.4, score=0.4, region="GB"
    )
    assert hit.explanation == "libphonenumber accepts it as a valid GB phone number (score 0.40)"


def test_ner_hit(analyser, nlp):
    hit = only_hit(analyser, nlp, "I met John Smith today", "PERSON", entities={"PERSON"})
    assert hit.reason == PiiReason(
        recogniser="SpacyRecognizer", method="ner", base_score=0.6, score=0.6, label="PERSON"
    )
    assert hit.explanation == "spaCy's named-entity model labelled it PERSON (score 0.60)"


def test_own_hit(analyser, nlp):
    hit = only_hit(analyser, nlp, "DOB: 03/04/1987", "DATE_OF_BIRTH")
    assert hit.reason == PiiReason(
        recogniser="DateOfBirthRecognizer",
        method="own",
        base_score=0.85,
        score=0.85,
        pattern="date-near-birth-word",
        detail="a date with 'DOB' close by",
    )
    assert hit.explanation == "a date with 'DOB' close by (score 0.85)"


def test_validated_hit(analyser, nlp):
    hit = only_hit(analyser, nlp, "4111 1111 1111 1111", "CREDIT_CARD")
    assert hit.reason.method == "pattern"
    assert hit.reason.validated is True
    assert hit.reason.validator == "Luhn checksum passed"
    assert hit.reason.context_word is None
    assert hit.score == hit.reason.score == 1.0
    assert hit.explanation == ("matched the 'All Credit Cards (weak)' pattern (score 0.30); Luhn checksum passed")


def test_context_raised_hit(analyser, nlp):
    hit = only_hit(analyser, nlp, "please call 07700 900123", "PHONE_NUMBER")
    assert hit.reason.method == "own"
    assert hit.reason.recogniser == "UkPhoneRegexRecognizer"
    assert hit.reason.context_word == "call"
    assert (hit.reason.base_score, hit.reason.score, hit.score) == (0.35, 0.7, 0.7)
    assert hit.explanation == (
        "matched the UK mobile number shape (an Ofcom range reserved for drama, so test data or "
        "fiction) (score 0.35); the word 'call' nearby raised it to 0.70"
    )


def test_context_raised_validated_hit_lists_both(analyser, nlp):
    hit = only_hit(analyser, nlp, "Email jo@example.com", "EMAIL_ADDRESS")
    assert (hit.reason.validator, hit.reason.context_word) == (
        "the domain has a known suffix", "email",
    )  # fmt: skip
    assert hit.explanation == (
        "matched the 'Email address' pattern (score 0.50); the domain has a known suffix; "
        "the word 'email' nearby raised it to 1.00"
    )


def test_a_validator_without_plain_words_is_named_generically():
    reason = PiiReason(recogniser="R", method="pattern", base_score=0.5, score=1.0, pattern="p", validated=True)
    assert str(reason) == "matched the 'p' pattern (score 0.50); its validator passed"


def test_reason_is_frozen_data():
    reason = PiiReason(recogniser="R", method="own", base_score=0.5, score=0.5, detail="why")
    with pytest.raises(dataclasses.FrozenInstanceError):
        reason.score = 1.0  # type: ignore[misc]
    assert str(reason) == "why (score 0.50)"


@pytest.mark.parametrize(("method", "missing"), [("pattern", "pattern"), ("own", "detail"), ("ner", "label")])
def test_reason_needs_what_its_method_is_explained_by(method, missing):
    with pytest.raises(ValueError, match=missing):
        PiiReason(recogniser="R", method=method, base_score=0.5, score=0.5)
