"""Threat triage on messages of our own wording: threats to life or safety get the 999 banner;
robust criticism of the member's decisions, however blunt, does not."""

from __future__ import annotations

import pytest

from pausecheck import Checker, Post
from pausecheck.inbox.triage import BANNER, Contacts, advice_lines, triage

THREATS_TO_LIFE = [
    "I'm going to kill you for what you did to our estate",
    "I know where you live and I'm coming for you tonight",
    "Someone should burn your house down, councillor",
    "You deserve to be shot for closing the library",
    "Watch your back, we know your kids' school",
]
LAWFUL = [
    "Your decision on the bin strike was a disgrace and I will vote you out in May",
    "Resign now. You have failed this ward and everyone knows it",
    "This budget will kill the high street and you voted for it",
    "I'm coming to the full council meeting to ask you about the library closure",
    "The planning committee's decision is a betrayal of every resident on Elm Street",
    "You promised to fight the cuts and then voted for them. Shameful",
    "We will campaign against you at every door until the election",
    "I hope you lose your seat. You don't listen to anyone",
]


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker()


@pytest.mark.parametrize("text", THREATS_TO_LIFE)
def test_threats_to_life_are_high_priority_with_the_banner(checker: Checker, text: str) -> None:
    t = triage(text, checker.check(Post(text, account="personal")))
    assert "threat_to_life_or_safety" in t.categories
    assert t.priority == "high"
    assert t.banner
    assert not t.dismissible
    lines = advice_lines(t, Contacts(council="Leeds City Council", police_liaison="PC Example, 0113 000 0000"))
    assert lines[0] == f"!!! {BANNER}. !!!"
    assert "101" in lines[1]
    assert any("Monitoring Officer (Leeds City Council)" in line for line in lines)
    assert any("PC Example" in line for line in lines)


@pytest.mark.parametrize("text", [
    "I'll break your legs if you vote for the incinerator",
    "Next time I see you at the market I'm going to punch your lights out",
])
def test_violence_said_to_the_reader_gets_the_banner_without_words_of_death(checker: Checker, text: str) -> None:
    t = triage(text, checker.check(Post(text, account="personal")))
    assert t.banner


def test_violence_against_someone_else_is_high_priority_without_the_banner(checker: Checker) -> None:
    text = "Someone should slap Cllr Jones for that vote"
    t = triage(text, checker.check(Post(text, account="personal")))
    assert t.priority == "high"
    assert not t.banner


def test_the_learned_head_alone_never_gives_the_banner(checker: Checker) -> None:
    text = "I'll fight you every step of the way on the incinerator"
    report = checker.check(Post(text, account="personal"))
    # If the model ever calls this a threat, it stays high priority but never gets the banner.
    assert all(f.detector == "classifier" for f in report.findings if f.category == "threat")
    assert not triage(text, report).banner


@pytest.mark.parametrize("text", LAWFUL)
def test_robust_criticism_gets_no_banner(checker: Checker, text: str) -> None:
    t = triage(text, checker.check(Post(text, account="personal")))
    assert not t.banner
    assert "threat_to_life_or_safety" not in t.categories
    assert not any("999" in line for line in advice_lines(t, Contacts()))


def test_other_categories(checker: Checker) -> None:
    def cats(text: str) -> tuple[str, ...]:
        return triage(text, checker.check(Post(text, account="personal"))).categories

    assert "hate" in cats("Go back to where you came from you filthy immigrant")
    assert "false_statement" in cats("You're a lying crook who took bribes from the developer")
    assert "doxxing" in cats("Her address is 12 Elm Street, LS6 2AB, everyone go and visit")
    assert "grossly_offensive" in cats("you absolute c*nt")
    assert "persistent" in triage("hello again", checker.check(Post("hello again")), extra=["persistent"]).categories
    with pytest.raises(ValueError, match="unknown categories"):
        triage("x", checker.check(Post("hello")), extra=["rude"])
