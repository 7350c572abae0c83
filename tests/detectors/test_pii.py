"""PiiAnalyser on the real spaCy model: one table of cases per kind of personal data."""

from __future__ import annotations

import socket

import pytest
import tldextract
import tldextract.tldextract
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pausecheck.detectors._pii import (
    DEFAULT_ENTITIES,
    SUPPORTED_ENTITIES,
    PiiAnalyser,
    PiiHit,
)
from pausecheck.text._nlp import spacy_pipeline


@pytest.fixture(scope="module")
def nlp():
    return spacy_pipeline()


@pytest.fixture(scope="module")
def analyser(nlp):
    return PiiAnalyser(nlp)


def run(analyser, nlp, text, **kwargs):
    return analyser.analyse(text, nlp(text), **kwargs)


def found(hits, text):
    return [(h.entity, text[h.start : h.end]) for h in hits]


# (text, entity, exact span text)
POSITIVE = [
    # phones: drama ranges (libphonenumber calls them invalid), real ranges, +44 forms
    ("Call Mrs Jones on 07700 900123 about the bins", "PHONE_NUMBER", "07700 900123"),
    ("Ring +44 7700 900123 tonight", "PHONE_NUMBER", "+44 7700 900123"),
    ("text him: +447700900123", "PHONE_NUMBER", "+447700900123"),
    ("Leeds office 0113 496 0123.", "PHONE_NUMBER", "0113 496 0123"),
    ("Drama landline 01632 960123", "PHONE_NUMBER", "01632 960123"),
    ("London: 020 7946 0123", "PHONE_NUMBER", "020 7946 0123"),
    ("Her mobile is 07912 345678", "PHONE_NUMBER", "07912 345678"),
    ("Tel: 0113 222 3344", "PHONE_NUMBER", "0113 222 3344"),
    ("or +44 (0)113 496 0123 after six", "PHONE_NUMBER", "+44 (0)113 496 0123"),
    ("or +44 113 496 0123 after six", "PHONE_NUMBER", "+44 113 496 0123"),
    ("call (0113) 496 0123", "PHONE_NUMBER", "(0113) 496 0123"),
    ("freephone 0800 123 4567", "PHONE_NUMBER", "0800 123 4567"),
    # emails
    ("Email jo.bloggs@example.co.uk about it", "EMAIL_ADDRESS", "jo.bloggs@example.co.uk"),
    ("write to a_b+bins@leeds.gov.uk", "EMAIL_ADDRESS", "a_b+bins@leeds.gov.uk"),
    # National Insurance numbers
    ("NI number AB 12 34 56 C", "UK_NINO", "AB 12 34 56 C"),
    ("her NINO is AB123456C", "UK_NINO", "AB123456C"),
    # NHS numbers with a valid mod-11 check digit
    ("NHS number 943 476 5919", "UK_NHS", "943 476 5919"),
    ("nhs no 9434765919", "UK_NHS", "9434765919"),
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
    # dates of birth
    ("DOB: 03/04/1987", "DATE_OF_BIRTH", "03/04/1987"),
    ("D.O.B 3.4.87", "DATE_OF_BIRTH", "3.4.87"),
    ("She was born on 3 April 1987 in Leeds", "DATE_OF_BIRTH", "3 April 1987"),
    ("born 3rd April 87", "DATE_OF_BIRTH", "3rd April 87"),
    ("date of birth 1987-04-03", "DATE_OF_BIRTH", "1987-04-03"),
    ("his birthday is 3 April", "DATE_OF_BIRTH", "3 April"),
    ("born in St James's on April 3rd, 1987", "DATE_OF_BIRTH", "April 3rd, 1987"),
    ("03/04/1987 (her DOB)", "DATE_OF_BIRTH", "03/04/1987"),
    # council tax and case references, with context
    ("Her council tax account number is 5001234567", "COUNCIL_TAX_REF", "5001234567"),
    ("council tax ref 40012345", "COUNCIL_TAX_REF", "40012345"),
    ("On her council tax bill, ref: 40012345", "COUNCIL_TAX_REF", "40012345"),
    ("case no. HSG/2024/0113 is open", "CASE_REF", "HSG/2024/0113"),
    ("our ref 40012345", "CASE_REF", "40012345"),
    ("case ref CRM-123456", "CASE_REF", "CRM-123456"),
    ("account number 5001234567", "CASE_REF", "5001234567"),
    ("housing benefit claim 12345678", "CASE_REF", "12345678"),
    ("rent account 98765432", "CASE_REF", "98765432"),
    ("tenancy reference TEN-445566", "CASE_REF", "TEN-445566"),
    # other identifiers Presidio knows
    ("card 4111 1111 1111 1111", "CREDIT_CARD", "4111 1111 1111 1111"),
    ("IBAN GB82 WEST 1234 5698 7654 32", "IBAN_CODE", "GB82 WEST 1234 5698 7654 32"),
    ("from IP 192.168.0.1", "IP_ADDRESS", "192.168.0.1"),
    ("passport AB1234567", "UK_PASSPORT", "AB1234567"),
    ("driving licence MORGA657054SM9IJ", "UK_DRIVING_LICENCE", "MORGA657054SM9IJ"),
    ("car reg AB51 ABC", "UK_VEHICLE_REGISTRATION", "AB51 ABC"),
]


@pytest.mark.parametrize(("text", "entity", "span"), POSITIVE)
def test_finds(analyser, nlp, text, entity, span):
    hits = run(analyser, nlp, text)
    assert (entity, span) in found(hits, text)
    for hit in hits:
        assert 0.0 <= hit.score <= 1.0
        assert hit.recogniser and hit.explanation


# (text, entity that must NOT be reported; None = nothing at all)
NEGATIVE = [
    ("NI number QQ 12 34 56 C", "UK_NINO"),  # HMRC's specimen prefix
    ("NHS number 943 476 5918", "UK_NHS"),  # bad check digit
    ("the meeting on 3 April 2026", "DATE_OF_BIRTH"),
    ("Mrs Smith, aged 87, was born in Leeds", "DATE_OF_BIRTH"),
    ("The budget was set on 03/04/2025. Born and bred here, I voted for it.", "DATE_OF_BIRTH"),
    ("We got 40012345 views this week", None),  # bare number, no context
    ("Scunthorpe United won again", None),
    ("Surgery in Headingley & Hyde Park ward on Friday", None),
    ("Kirkstall and Little London wards", None),
    ("Church Lane is closed for resurfacing", None),
    ("Planning application 24/01234/FU is on the agenda", "COUNCIL_TAX_REF"),
    ("Planning application 24/01234/FU is on the agenda", "CASE_REF"),
    ("planning ref 24/01234/FU", "COUNCIL_TAX_REF"),
    ("planning ref 24/01234/FU", "CASE_REF"),
    ("A £1,250,000 budget for roads", None),
    ("In 2026 we will fix it", None),
    ("Over the M62 and A1 roads, it was 3 a.m.", None),
    ("Call the council on the number on its website", None),
    ("On 12 May the Council Tax rise was 4.99%", None),
]


@pytest.mark.parametrize(("text", "entity"), NEGATIVE)
def test_does_not_find(analyser, nlp, text, entity):
    hits = run(analyser, nlp, text)
    if entity is None:
        assert found(hits, text) == []
    else:
        assert entity not in {h.entity for h in hits}, found(hits, text)


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


def test_context_word_raises_score_and_is_explained(analyser, nlp):
    bare = run(analyser, nlp, "07700 900123")
    cued = run(analyser, nlp, "please call 07700 900123")
    assert cued[0].score > bare[0].score
    assert "'call'" in cued[0].explanation
    assert "drama" in bare[0].explanation


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
    with pytest.raises(ValueError):
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
    # every supported entity has a recogniser; no US_*, URL, DATE_TIME... recogniser is on
    assert set(analyser._engine.get_supported_entities()) == SUPPORTED_ENTITIES


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


def test_phone_after_plus44_is_not_an_nhs_number(analyser, nlp):
    # 113 496 0123 passes the NHS mod-11 check
    text = "+44 (0)113 496 0123"
    assert found(run(analyser, nlp, text), text) == [("PHONE_NUMBER", text)]


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


def test_no_socket_is_opened(nlp, monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    extractor = tldextract.tldextract.TLD_EXTRACTOR
    assert extractor.suffix_list_urls == ()
    # Forget any suffix list already read, so this test makes tldextract load it again.
    monkeypatch.setattr(extractor, "_extractor", None, raising=True)

    text = "Email jo.bloggs@example.co.uk or j@b.org.uk"
    hits = PiiAnalyser(nlp).analyse(text, nlp(text))
    assert found(hits, text) == [
        ("EMAIL_ADDRESS", "jo.bloggs@example.co.uk"),
        ("EMAIL_ADDRESS", "j@b.org.uk"),
    ]
    assert attempts == []


def check_invariants(hits, text):
    assert all(isinstance(h, PiiHit) for h in hits)
    for hit in hits:
        assert 0 <= hit.start < hit.end <= len(text)
        assert 0.0 <= hit.score <= 1.0
    for a, b in zip(hits, hits[1:]):
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
@given(
    parts=st.lists(
        st.one_of(FRAGMENTS, st.text(alphabet=NO_SURROGATES, max_size=6)), max_size=12
    )
)
def test_pii_like_text_is_safe(analyser, nlp, parts):
    text = "".join(parts)
    check_invariants(run(analyser, nlp, text, entities=SUPPORTED_ENTITIES), text)
