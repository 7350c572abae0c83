"""The ``glossed`` kind: learned heads on Welsh sentences read through the pack's glossary.

The Welsh drafts here were written for these tests; the rules' own examples are tested with every
rule's (tests/policy/test_rule_examples.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pausecheck import Checker, Post
from pausecheck.policy.loader import PACKS_DIR, PackError, load_pack

PUTDOWN, THREAT, GROUP = "SMG-ABU-012", "SMG-THR-006", "SMG-DIS-009"


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker()


@pytest.fixture
def leeds(tmp_path: Path) -> Path:
    """A copy of the default pack, to break one part of it."""
    pack = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", pack)
    return pack


def test_a_welsh_put_down_is_read_through_the_gloss_and_quotes_it(checker: Checker) -> None:
    text = "Cyfarfod y cabinet heno. Mae'r Cynghorydd Price yn hollol ddiwerth ac yn embaras i'r sir."
    fired = checker.check_rule(text, PUTDOWN)
    assert fired
    assert fired.match.startswith("Mae'r Cynghorydd Price")  # the sentence, in the member's own Welsh
    # the reading the model was given is shown, with the name read as the stand-in
    assert "read in English through the welsh-english glossary: 'the councillor Clarke is absolutely worthless" \
        in fired.explanation


def test_the_same_words_said_of_a_plan_are_not_aimed_at_anyone(checker: Checker) -> None:
    assert not checker.check_rule("Mae'r cynllun parcio newydd yn hollol ddiwerth ac yn embaras i'r sir.", PUTDOWN)


def test_a_veiled_threat_in_welsh_is_found_and_aimed_through_the_sentence_before(checker: Checker) -> None:
    text = "Dw i'n gwybod lle mae'r swyddog tai yn byw. Biti os bydd rhywbeth yn digwydd i'w gar o."
    fired = checker.check_rule(text, THREAT)
    assert fired
    assert fired.match.startswith("Biti os")
    assert checker.check(text).verdict.value == "do-not-publish"


def test_abuse_received_and_reported_is_lowered_below_the_bar(checker: Checker) -> None:
    text = ("Ges i neges neithiwr: 'biti os bydd rhywbeth yn digwydd i dy gar di'. "
            "Dw i wedi'i riportio i'r heddlu.")
    assert not checker.check_rule(text, THREAT)


def test_a_group_attack_needs_a_group_and_a_welcome_is_not_one(checker: Checker) -> None:
    assert checker.check_rule("Mae'r mewnfudwyr 'ma i gyd yn dwyn ein swyddi ni ac yn byw ar fudd-daliadau.", GROUP)
    assert not checker.check_rule("Croeso cynnes i'r mewnfudwyr sydd wedi symud i'r stryd. Dewch i'r bore coffi!",
                                  GROUP)


def test_english_posts_are_never_glossed(checker: Checker) -> None:
    # "Dim" and "man" are Welsh words too; an English post is read by the English rules only.
    for code in (PUTDOWN, THREAT, GROUP):
        assert not checker.check_rule("Cllr Price is a man with a plan, dim the lights and watch him go.", code)


def test_only_the_welsh_half_of_a_bilingual_post_is_glossed(checker: Checker) -> None:
    text = Post("The council meeting is on Monday at 6pm in the civic centre. "
                "Mae'r Cynghorydd Price yn hollol ddiwerth ac yn embaras i'r sir.")
    fired = checker.check_rule(text, PUTDOWN)
    assert fired and fired.match.startswith("Mae'r Cynghorydd Price")


def test_a_malformed_glossary_entry_is_a_pack_error_naming_it(leeds: Path) -> None:
    with (leeds / "vocab" / "welsh-english.txt").open("a", encoding="utf-8") as f:
        f.write("twpsyn fool\n")
    with pytest.raises(PackError, match="'twpsyn fool' is not 'welsh = english | pos'"):
        load_pack(leeds)


def test_a_glossary_that_is_not_a_vocab_list_is_a_pack_error(leeds: Path) -> None:
    (leeds / "vocab" / "welsh-english.txt").unlink()
    with pytest.raises(PackError, match="unknown vocab list 'welsh-english'"):
        load_pack(leeds)


def test_a_place_read_as_a_person_aims_nothing(checker: Checker) -> None:
    # The text analysis takes "Porth Dinllaen" for a person's name; after "ger" (near) it is a
    # place, and "keep to the path" (which the head reads, alone, as a hint) is aimed at no one.
    text = "Rhybudd: mae'r llwybr ger Porth Dinllaen wedi erydu. Cadwch at y llwybr dros dro."
    assert not checker.check_rule(text, THREAT)
    assert checker.check(text).verdict.value == "publish"


def test_words_the_text_analysis_takes_for_a_name_aim_nothing_when_the_glossary_knows_them(checker: Checker) -> None:
    # "Rhyddid Gwybodaeth" (Freedom of Information) is read as a person by the English analysis;
    # every word of it is Welsh the glossary knows, so it is nobody, and "the tenants have a
    # right to see it" is aimed at no one.
    text = ("Dw i wedi gwneud cais Rhyddid Gwybodaeth am adroddiad diogelwch tân y blociau tŵr. "
            "Mae gan denantiaid hawl i'w weld.")
    assert not checker.check_rule(text, THREAT)


def test_an_english_insult_that_is_a_welsh_word_is_the_welsh_word_in_welsh(checker: Checker) -> None:
    # "dim" is an English put-down and the commonest Welsh negative; SMG-ABU-001 reads a Welsh
    # sentence's words through the glossary first (its lexicon's ``other_languages``), so "Dim
    # 'haid', dim 'pla'" (no "swarm", no "plague") is not an insult.
    welsh = "Ymwelais â'r hostel i deuluoedd ym Mangor heddiw. Pobl sydd wedi ffoi rhag rhyfel a newyn. " \
            "Dim 'haid', dim 'pla' – teuluoedd."
    assert not checker.check_rule(welsh, "SMG-ABU-001")
    assert checker.check(welsh).verdict.value == "publish"
    # in English it is still the put-down
    assert checker.check_rule("You are dim, Cllr Smith, and everyone knows it.", "SMG-ABU-001")


def test_other_languages_must_name_a_glossary(leeds: Path) -> None:
    rule = leeds / "rules" / "insult-personal.yaml"
    rule.write_text(rule.read_text("utf-8").replace("other_languages: {cy: welsh-english}",
                                                    "other_languages: {cy: insults}"), encoding="utf-8")
    with pytest.raises(PackError, match="is not 'welsh = english | pos'"):
        load_pack(leeds)
