"""Presidio's own recognisers as tuned here: UK identifiers, cards, phone regions."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap

import pytest
from pii_helpers import assert_does_not_find, assert_finds, found, run

from pausecheck.pii import PiiAnalyser
from pausecheck.pii.recognisers import presidio_tuned

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


@pytest.mark.parametrize(("text", "word"), [
    ("drives a silver Corsa YD14 HWR", "drives"),
    ("the red Fiesta KX17 BNO parking in the disabled bay", "parking"),
])
def test_a_plate_someone_drives_or_parks_is_raised_to_a_finding(analyser, nlp, text, word):
    # A plate's shape alone scores 0.30, below the identifiers rule's 0.5: acronyms share it.
    [plate] = [h for h in run(analyser, nlp, text) if h.entity == "UK_VEHICLE_REGISTRATION"]
    assert plate.score >= 0.5
    assert f"the word '{word}' nearby raised it" in plate.explanation


def test_phone_after_plus44_is_not_an_nhs_number(analyser, nlp):
    # 113 496 0123 passes the NHS mod-11 check
    text = "+44 (0)113 496 0123"
    assert found(run(analyser, nlp, text), text) == [("PHONE_NUMBER", text)]


def test_nhs_checksum_alone_scores_below_a_council_tax_ref(analyser, nlp):
    (bare,) = run(analyser, nlp, "9434765919")
    (cued,) = run(analyser, nlp, "NHS number 9434765919")
    assert (bare.entity, bare.score) == ("UK_NHS", 0.8)
    assert (cued.entity, cued.score) == ("UK_NHS", 1.0)


