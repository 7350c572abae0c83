"""The learned rules in the default verdict: thresholds from the model card, and their gates.

Each case is a post of our own wording; the model's scores on it are real (nothing is faked), so
a retrained model that loses one of these behaviours fails here.
"""

from __future__ import annotations

import json

import pytest

from pausecheck import Checker, Post
from pausecheck.classifier import DEFAULT_MODEL, MODELS_DIR


def codes(checker: Checker, text: str) -> set[str]:
    return {f.code for f in checker.check(Post(text)).findings}


def test_precise_thresholds_come_from_the_model_card(checker: Checker) -> None:
    card = json.loads((MODELS_DIR / DEFAULT_MODEL / "manifest.json").read_text("utf-8"))
    assert checker.threshold("SMG-ABU-005") == pytest.approx(card["precise_thresholds"]["insult"])
    # The threat rule runs down to the best-F1 threshold, with the offensive head's agreement
    # below the precise one (its detector's ``alone`` and ``corroborate``).
    assert checker.threshold("SMG-THR-003") == pytest.approx(card["thresholds"]["threat"])
    # Stricter than the best-F1 threshold: a rule in the default verdict must rarely misfire.
    assert card["precise_thresholds"]["insult"] > card["thresholds"]["insult"]


def test_the_learned_personal_attack_and_threat_rules_are_in_the_default_verdict(checker: Checker) -> None:
    active = {r.rule.code for r in checker._rules}
    assert {"SMG-ABU-005", "SMG-THR-003", "SMG-DIS-005"} <= active


@pytest.mark.parametrize(
    "text",
    [
        # A put-down of someone named in the sentence before.
        "Met our MP today. Absolutely useless, a total waste of space.",
        # People of a body, by role.
        "These pen-pushers at the partnership are a bunch of overpaid clowns",
    ],
)
def test_civil_worded_put_downs_are_raised(checker: Checker, text: str) -> None:
    assert "SMG-ABU-005" in codes(checker, text)


@pytest.mark.parametrize(
    "text",
    [
        # The council as an institution: political speech.
        "This council is useless and pathetic",
        # An idiom that reads as violence to the model.
        "Cllr Grant voted to close the library. She should hang her head in shame.",
    ],
)
def test_criticism_of_a_body_and_idioms_are_not_raised(checker: Checker, text: str) -> None:
    found = codes(checker, text)
    assert not found & {"SMG-ABU-005", "SMG-THR-003", "SMG-THR-001"}, found


def test_calling_for_a_sacking_is_not_a_threat(checker: Checker) -> None:
    # The threat head rates this well above its threshold; "sacked" is in the rule's allow list.
    report = checker.check(Post("Our MP is a waste of space and should be sacked"))
    assert "threat" not in {f.category for f in report.findings}
    assert report.verdict.value == "revise"  # still a put-down


def test_a_real_threat_beside_an_idiom_is_still_raised(checker: Checker) -> None:
    report = checker.check(Post("Cllr Grant voted to close the library. Someone should hang her from a lamppost."))
    assert report.verdict.value == "do-not-publish"
    assert "threat" in {f.category for f in report.findings}


def test_a_learned_finding_gives_way_to_a_word_list_finding_on_the_same_words(checker: Checker) -> None:
    # The insult head rates this post far above its threshold; the word list explains it better.
    insults = [f for f in checker.check(Post("Cllr Smith is an idiot")).findings if f.category == "insult"]
    assert [f.code for f in insults] == ["SMG-ABU-001"]
    # An allegation already held back is not also reported as a put-down.
    found = codes(checker, "Cllr Jones is a liar and a fraud")
    assert "SMG-DEF-001" in found and "SMG-ABU-005" not in found


def test_a_learned_threat_is_reported_beside_a_finding_of_another_category(checker: Checker) -> None:
    # The personal-data rule holds this sentence back for the name; the veiled threat in it must
    # still be named, or the member is told the wrong reason.
    post = Post("If Neil Brannigan turns up at the Bramley gala on Saturday there'll be a few lads waiting to "
                "have a word. I won't be stopping them.", "personal")
    found = {f.code for f in checker.check(post).findings}
    assert {"SMG-THR-004", "SMG-PII-003"} <= found


@pytest.mark.parametrize("surname", ["Giddings", "Begum", "Wójcik", "Yilmaz", "Hargreaves", "Clarke"])
def test_a_fine_post_gets_the_same_verdict_whoever_it_names(checker: Checker, surname: str) -> None:
    # The learned models once read "Lovely to see Cllr Giddings at the fun day" as a threat
    # (0.94), and fine posts naming some surnames were held back more often than others
    # (benchmarks/name_fairness.py): a name's word pieces must not decide a verdict.
    for template in ("Lovely to see Cllr {} at the fun day", "Cllr {} at full council again"):
        report = checker.check(Post(template.format(surname), "councillor"))
        assert report.verdict.value == "publish", (template, report.findings)
