"""The contact-details rule (SMG-PII-001) over the analyser: what its modifiers may and may not lower."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pausecheck import Checker
from pausecheck.detectors.entity import EntityOptions


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker()


def _marked(checker: Checker, text: str, code: str = "SMG-PII-001") -> list[str]:
    report = checker.check(text)
    return [text[s.start : s.end] for f in report.findings if f.code == code for s in f.spans]


def test_a_venue_word_inside_a_street_name_does_not_lower_the_address(checker):
    # "Park" and "Church" here name streets, not a park or a church.
    text = "Mrs Okoro's boiler at 6 New Park Grove has been broken since Friday; her sister on Church Lane agrees."
    assert "6 New Park Grove" in _marked(checker, text)


def test_a_venue_still_lowers_a_public_address(checker):
    assert _marked(checker, "Come along to the meeting at the library, 12 Town Street, on Friday.") == []


def test_a_residents_address_beside_my_surgery_is_still_theirs(checker):
    text = "Keys handed in at my surgery with a tag saying Ottilie Brandt, 12 Hawk Road. Come and collect them!"
    assert "12 Hawk Road" in _marked(checker, text)


def test_my_surgery_still_lowers_the_members_own_address(checker):
    assert _marked(checker, "My surgery is at 12 Hawk Road every Friday, all welcome.") == []


def test_beside_resident_ignores_must_name_a_modifier():
    spec = {"kind": "entity", "entities": ["STREET_ADDRESS"], "beside_resident_ignores": ["no such label"],
            "modifiers": [{"label": "a venue", "terms": ["library"], "factor": 0.5}]}
    with pytest.raises(ValidationError, match="no such label"):
        EntityOptions.model_validate(spec)


def test_a_reply_names_its_addressee_beside_their_address(checker):
    # Don't 5: a public reply that gives the person's address publishes it with their name.
    text = "@ottilie_b Hi Ms Brandt, your council tax appeal for 12 Hawk Road has gone to the review team."
    assert "Ms Brandt" in _marked(checker, text, "SMG-PII-003")
    assert "12 Hawk Road" in _marked(checker, text)


def test_a_reply_may_name_its_addressee_beside_their_own_case(checker):
    # They raised the case in public themselves; naming them back, with no details, is not flagged.
    text = "@ottilie_b Hi Ms Brandt, your boiler has been broken and you've been waiting weeks. Chasing today."
    assert _marked(checker, text, "SMG-PII-003") == []


def test_the_addressees_own_number_beside_an_officer_stays_theirs(checker):
    text = "@jo_b Thanks. I've passed your number (0113 496 0711) to officer Amos Reid from Highways."
    assert any("0113 496 0711" in m for m in _marked(checker, text))
    published = "Thanks. Officer Amos Reid from Highways is on 0113 496 0711 for the gritting routes."
    assert _marked(checker, published) == []


def test_my_number_in_a_residents_quoted_message_is_not_the_members(checker):
    # "My NI number" is the resident's own words: it must not read as the member's own line.
    text = ('Received by email from cheung.hao@example.com: "My NI number is HK139368B and my claim still '
            'has not been processed." I have passed this on for Mr Cheung.')
    assert "cheung.hao@example.com" in _marked(checker, text)


def test_the_members_own_words_still_lower_their_details(checker):
    assert _marked(checker, "Email me on jo.bloggs@example.com about my surgery on Friday.") == []


def test_text_speak_contact_words_raise_a_landline(checker):
    # A landline alone scores below the rule's floor; "msg her on" says whose it is.
    text = "anyone near Rowan Road seen Megan's cat?? ginger, v friendly. msg her on 0161 496 0790 x"
    assert "0161 496 0790" in _marked(checker, text)
    assert _marked(checker, "anyone near Rowan Road seen a ginger cat?? v friendly. 0161 496 0790 x") == []


def test_a_name_before_its_email_in_angle_brackets_is_marked(checker):
    text = "Forwarded message:\nFrom: Tomasz <tomasz.nowak@example.net>\nMy boiler has been broken for three weeks."
    assert "Tomasz" in _marked(checker, text, "SMG-PII-003")


def test_park_as_a_verb_does_not_lower_an_address(checker):
    # "can't park near" is no park; "the park" still lowers a venue's address.
    text = "A resident writes: 'My mum's carer can't park anywhere near 108 Oak Croft and she's missing visits.' Raised with Highways."
    assert "108 Oak Croft" in _marked(checker, text)
    assert _marked(checker, "Fun day at the park, 12 Town Street, on Saturday.") == []
