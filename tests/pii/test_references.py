"""Council-tax and case references: an ID right after a cue word; planning refs are not."""

from __future__ import annotations

import pytest
from pii_helpers import assert_does_not_find, assert_finds, found, run

POSITIVE = [
    ("Her council tax account number is 5001234567", "COUNCIL_TAX_REF", "5001234567"),
    ("council tax ref 40012345", "COUNCIL_TAX_REF", "40012345"),
    ("council tax 12345678", "COUNCIL_TAX_REF", "12345678"),
    ("On her council tax bill, ref: 40012345", "COUNCIL_TAX_REF", "40012345"),
    ("case no. HSG/2024/0113 is open", "CASE_REF", "HSG/2024/0113"),
    ("our ref 40012345", "CASE_REF", "40012345"),
    ("case ref CRM-123456", "CASE_REF", "CRM-123456"),
    ("account number 5001234567", "CASE_REF", "5001234567"),
    ("housing benefit claim 12345678", "CASE_REF", "12345678"),
    ("rent account 98765432", "CASE_REF", "98765432"),
    ("tenancy reference TEN-445566", "CASE_REF", "TEN-445566"),
]


@pytest.mark.parametrize(("text", "entity", "span"), POSITIVE)
def test_finds(analyser, nlp, text, entity, span):
    assert_finds(analyser, nlp, text, entity, span)


NEGATIVE = [
    ("We got 40012345 views this week", None),  # bare number, no context
    ("Planning application 24/01234/FU is on the agenda", "COUNCIL_TAX_REF"),
    ("Planning application 24/01234/FU is on the agenda", "CASE_REF"),
    ("application 24/01234/FU", "CASE_REF"),
    ("planning ref 24/01234/FU", "COUNCIL_TAX_REF"),
    ("planning ref 24/01234/FU", "CASE_REF"),
    ("On 12 May the Council Tax rise was 4.99%", None),
]


@pytest.mark.parametrize(("text", "entity"), NEGATIVE)
def test_does_not_find(analyser, nlp, text, entity):
    assert_does_not_find(analyser, nlp, text, entity)


@pytest.mark.parametrize("ref", ["24/01234/FU", "23-04567", "19/0456/LBC", "24/012345"])
def test_planning_references_are_never_case_refs(analyser, nlp, ref):
    # Any reference in the shared planning shape, even straight after a case cue word.
    text = f"our ref {ref}"
    assert found(run(analyser, nlp, text), text) == []


def test_council_tax_sentence_makes_a_reference_council_tax(analyser, nlp):
    text = "Her council tax is in arrears, account 5001234567"
    (hit,) = run(analyser, nlp, text)
    assert (hit.entity, text[hit.start : hit.end]) == ("COUNCIL_TAX_REF", "5001234567")
    assert hit.explanation.endswith("in a sentence about council tax (score 0.85)")
