"""Presidio's own recognisers as tuned here: UK identifiers, cards, emails checked offline."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap

import pytest
from pii_helpers import assert_does_not_find, assert_finds, found, run

from pausecheck.pii import PiiAnalyser
from pausecheck.pii.recognisers import presidio_tuned
from pausecheck.pii.recognisers.presidio_tuned import OfflineEmailRecognizer

POSITIVE = [
    # emails
    ("Email jo.bloggs@example.co.uk about it", "EMAIL_ADDRESS", "jo.bloggs@example.co.uk"),
    ("write to a_b+bins@leeds.gov.uk", "EMAIL_ADDRESS", "a_b+bins@leeds.gov.uk"),
    # National Insurance numbers
    ("NI number AB 12 34 56 C", "UK_NINO", "AB 12 34 56 C"),
    ("her NINO is AB123456C", "UK_NINO", "AB123456C"),
    # NHS numbers with a valid mod-11 check digit
    ("NHS number 943 476 5919", "UK_NHS", "943 476 5919"),
    ("nhs no 9434765919", "UK_NHS", "9434765919"),
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
    assert_finds(analyser, nlp, text, entity, span)


NEGATIVE = [
    ("NI number QQ 12 34 56 C", "UK_NINO"),  # HMRC's specimen prefix
    ("NHS number 943 476 5918", "UK_NHS"),  # bad check digit
    ("Over the M62 and A1 roads, it was 3 a.m.", None),  # case-sensitive: not number plates
]


@pytest.mark.parametrize(("text", "entity"), NEGATIVE)
def test_does_not_find(analyser, nlp, text, entity):
    assert_does_not_find(analyser, nlp, text, entity)


def test_phone_after_plus44_is_not_an_nhs_number(analyser, nlp):
    # 113 496 0123 passes the NHS mod-11 check
    text = "+44 (0)113 496 0123"
    assert found(run(analyser, nlp, text), text) == [("PHONE_NUMBER", text)]


def test_nhs_checksum_alone_scores_below_a_council_tax_ref(analyser, nlp):
    (bare,) = run(analyser, nlp, "9434765919")
    (cued,) = run(analyser, nlp, "NHS number 9434765919")
    assert (bare.entity, bare.score) == ("UK_NHS", 0.8)
    assert (cued.entity, cued.score) == ("UK_NHS", 1.0)


@pytest.mark.parametrize(
    ("address", "accepted"),
    [
        ("jo@example.com", True),
        ("jo.bloggs@example.co.uk", True),
        ("j@b.org.uk", True),
        ("someone@leeds.gov.uk", True),
        ("jo@example.notarealsuffix", False),
    ],
)
def test_email_domain_checked_against_the_bundled_suffix_list(address, accepted):
    assert OfflineEmailRecognizer(context=["email"]).validate_result(address) is accepted


def test_no_socket_is_opened(nlp, monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    extractor = presidio_tuned._OFFLINE_SUFFIXES
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


# Run in a fresh interpreter: nothing else in this test session may have touched tldextract.
_TLDEXTRACT_LEFT_ALONE = textwrap.dedent(
    """
    import socket

    def refuse(*args, **kwargs):
        raise OSError("network use")

    socket.socket.connect = socket.socket.connect_ex = refuse
    socket.create_connection = socket.getaddrinfo = refuse

    import tldextract
    import tldextract.tldextract

    before = tldextract.tldextract.TLD_EXTRACTOR
    extract = tldextract.extract

    from pausecheck.pii import PiiAnalyser
    from pausecheck.text.nlp import load_pipeline

    def settings(extractor):
        return (
            extractor.suffix_list_urls,
            extractor.fallback_to_snapshot,
            extractor.include_psl_private_domains,
            extractor._cache.enabled,
            extractor._cache.cache_dir,
        )

    assert tldextract.tldextract.TLD_EXTRACTOR is before
    assert tldextract.extract is extract
    assert settings(before) == settings(tldextract.TLDExtract())

    nlp = load_pipeline()
    text = "Write to jo.bloggs@example.co.uk with the details"
    hits = PiiAnalyser(nlp).analyse(text, nlp(text))
    assert [(h.entity, text[h.start : h.end]) for h in hits] == [
        ("EMAIL_ADDRESS", "jo.bloggs@example.co.uk")
    ], hits
    assert "the domain has a known suffix" in hits[0].explanation
    # tldextract's own default extractor was never used, so it never read a suffix list.
    assert before._extractor is None
    print("ok")
    """
)


def test_importing_leaves_tldextract_alone_and_emails_are_found_offline():
    done = subprocess.run(
        [sys.executable, "-c", _TLDEXTRACT_LEFT_ALONE],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith("ok")
