"""The ``group_claim`` kind: sweeping claims about a whole group, and what only looks like one."""

from __future__ import annotations

import pytest

from pausecheck import Checker, Post, Resources
from pausecheck.detectors.base import Inspection, PackResources
from pausecheck.detectors.group_claim import GroupClaimKind, GroupClaimOptions
from pausecheck.engine import pack_resources
from pausecheck.policy.loader import Pack
from pausecheck.text.doc import Analyser

RESOURCES = Resources()
ANALYSER = Analyser(load_nlp=RESOURCES.nlp)
WORDS_ONLY = {"groups": ["groups"], "hostile": ["insults", "allegations"],
              "metaphors": ["group-metaphors"], "head": ""}


@pytest.fixture(scope="module")
def kit(pack: Pack) -> PackResources:
    return pack_resources(pack, RESOURCES)


def _hits(kit: PackResources, text: str, **kw: object) -> list[str]:
    det = GroupClaimKind(GroupClaimOptions.model_validate({"kind": "group_claim", **(kw or WORDS_ONLY)}), kit)
    return [text[h.start:h.end] for h in det.find(Inspection(ANALYSER.analyse(text), Post(text), RESOURCES))]


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        # A group as the subject of a generic claim, made hostile by a listed word.
        ("Immigrants are thieves", ["thieves"]),
        ("All refugees are liars", ["liars"]),
        ("Why are Travellers always such thieves?", ["thieves"]),
        ("We housed migrants last year. They're all thieves.", ["thieves"]),
        # Not a claim about the group: negated, another clause, object position, reported.
        ("Immigrants are not criminals", []),
        ("Migrants are welcome, but the Home Office is useless", []),
        ("The useless Home Office keeps failing refugees", []),
        ('He said "refugees are criminals" and I reported him', []),
        ("They're all idiots at the depot", []),  # no group named: "they" is not a group
        # Metaphors joined to a group, and the same words elsewhere.
        ("A flood of migrants at the port", ["flood of migrants"]),
        ("Asylum seekers are flooding in", ["Asylum seekers are flooding"]),
        ("Flooding in the ward affected pensioners", []),
        ("A flood of complaints about the park", []),
        # A place said to be overrun right after a group is named: the metaphor is about them.
        ("Travellers are camped on the rec again. The whole area is being overrun.", ["area is being overrun"]),
        ("Romanians moved onto the estate. Now the estate is flooded with Romanians.", ["flooded with Romanians"]),
        ("Refugees arrived at the church hall. The town was flooded with offers of help.", []),
        ("Our town is being overrun by tourists this summer", []),
        ("Forty homes flooded on Kirkstall Road. The town is being flooded every winter.", []),
        # Age is a protected characteristic too.
        ("Boomers are thieves, the lot of them", ["thieves"]),
    ],
)
def test_claims_by_words_and_metaphors(kit: PackResources, text: str, spans: list[str]) -> None:
    assert _hits(kit, text) == spans


def test_pronoun_claims_may_name_the_group_later_in_the_sentence(kit: PackResources) -> None:
    assert _hits(kit, "Honestly, they're all thieves, these refugees") == ["thieves"]


def test_a_loose_frame_is_not_raised_on_words_alone(kit: PackResources) -> None:
    # "Pensioners lose out" puts a group in subject position, but the hostile word is about the council.
    assert _hits(kit, "Pensioners lose out as the useless council cuts buses") == []


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Honestly, they're all thieves and liars, these Travellers", True),
        ("Muslims are taking over our town", True),
        ("Another flood of asylum seekers arriving this week", True),
        ("Women are underrepresented on the council", False),
        ("Refugees are welcome in Leeds", False),
        ("Muslims in my ward raised £3,000 for the hospice", False),
        # Defending a group from a body is political speech, whatever is said of the body.
        ("Disabled people deserve better from this useless government", False),
        ("Refugees are being failed by this useless council", False),
    ],
)
def test_the_default_pack_reads_group_claims(checker: Checker, text: str, flagged: bool) -> None:
    report = checker.check(Post(text))
    assert ("SMG-DIS-005" in {f.code for f in report.findings}) is flagged, report.findings


STANCES = {"groups": ["groups"], "stances": ["group-stances"], "revulsions": ["group-revulsions"], "head": ""}


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        # The speaker's own hostility to a group, said outright: no claim about the group.
        ("I hate immigrants.", ["I hate immigrants"]),
        ("Honestly I really do despise all Travellers", ["I really do despise all Travellers"]),
        ("We're sick of these asylum seekers", ["We're sick of these asylum seekers"]),
        ("Muslims honestly disgust me", ["Muslims honestly disgust me"]),
        ("Gay people make me sick.", ["Gay people make me sick"]),
        # Negated, someone else's, reported, or aimed at what the group does or suffers.
        ("I don't hate immigrants, I hate the chaos at the border", []),
        ("He hates Muslims and it shows", []),
        ('She told me "I hate immigrants" and I reported it', []),
        ("I hate refugees being blamed for the housing crisis", []),
        ("I hate Travellers who fly-tip on the rec", []),
        ("I hate seeing refugees treated like this", []),
        ("Muslims don't disgust me; bigots do", []),
        # A revulsion needs the speaker: a verb alone is something else.
        ("Refugees revolt against the conditions in the hotel", []),
        # No group: the same words about a thing.
        ("I hate the new parking scheme", []),
    ],
)
def test_stances_and_revulsions_towards_a_group(kit: PackResources, text: str, spans: list[str]) -> None:
    assert _hits(kit, text, **STANCES) == spans


DENIALS = {"groups": ["groups"], "denials": ["group-denials"], "head": ""}


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        # What everyone is, denied to a group: hostile by its negation.
        ("Muslims are not real Britons.", ["are not real Britons"]),
        ("Travellers will never be one of us", ["will never be one of us"]),
        ("Gay people aren't normal and never will be", ["aren't normal"]),
        # Not negated, a plain fact, or the word describes something else.
        ("Gay people are normal", []),
        ("Asylum seekers are not British citizens, so they cannot vote", []),
        ("Disabled people are not normal users of the bus station", []),
    ],
)
def test_denials_of_belonging(kit: PackResources, text: str, spans: list[str]) -> None:
    assert _hits(kit, text, **DENIALS) == spans


def test_a_stance_names_the_group_as_evidence(checker: Checker) -> None:
    finding = next(f for f in checker.check(Post("I can't stand Travellers")).findings if f.code == "SMG-DIS-005")
    assert ("group", "Travellers") in finding.evidence
    assert finding.spans[0].match == "I can't stand Travellers"


MODEL_PATH = {"groups": ["groups"], "head": "identity_attack", "model_floor": 0.5}


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # No listed word: the identity head, run on the claim alone, judges it.
        ("Travellers leave mess wherever they go", True),
        # The post scores high as a whole; the claim about the group does not.
        ("Migrants are welcome here, but the Home Office's processing is useless", False),
        ("Refugees are being failed by this useless council", False),
    ],
)
def test_the_model_path_reads_the_claim_alone(kit: PackResources, text: str, flagged: bool) -> None:
    assert bool(_hits(kit, text, **MODEL_PATH)) is flagged


def test_a_finding_names_the_group_as_evidence(checker: Checker) -> None:
    finding = next(f for f in checker.check(Post("Travellers are thieves")).findings if f.code == "SMG-DIS-005")
    assert ("group", "Travellers") in finding.evidence


def test_a_vocabulary_the_pack_lacks_is_a_pack_error(kit: PackResources) -> None:
    spec = GroupClaimOptions.model_validate({"kind": "group_claim", "groups": ["groups"], "hostile": ["no-such-list"]})
    with pytest.raises(ValueError, match="no-such-list"):
        spec.check_references(kit)


LONG_CLAIM = ("Roma families just don't value education, that's why attendance at the academy is so poor. "
              "Stop wasting money on outreach.")
MODEL = {"groups": ["groups"], "head": "identity_attack", "model_floor": 0.5}


def test_a_claim_in_a_long_post_is_read_from_the_lower_bar_when_a_second_head_agrees(kit: PackResources) -> None:
    # The post as a whole scores under the identity head's floor; the claim alone does not.
    assert _hits(kit, LONG_CLAIM, **MODEL) == []
    lower = {**MODEL, "post_floor": 0.25, "corroborate": "group_attack", "corroborate_floor": 0.7}
    assert _hits(kit, LONG_CLAIM, **lower) == ["Roma families just don't value education"]
    # The second head must agree: at a floor no claim reaches, nothing is raised.
    assert _hits(kit, LONG_CLAIM, **{**lower, "corroborate_floor": 1.0}) == []
    # A long post that says something fair about the group is not raised from the lower bar.
    fair = ("Roma families value education, that's why attendance at the academy is up. "
            "Keep funding the outreach.")
    assert _hits(kit, fair, **lower) == []


@pytest.mark.parametrize(("extra", "error"), [
    ({"post_floor": 0.3}, "needs 'corroborate'"),
    ({"post_floor": 0.7, "corroborate": "group_attack"}, "only lower the bar"),
    ({"post_floor": 0.3, "corroborate": "identity_attack"}, "cannot corroborate itself"),
])
def test_a_lower_post_bar_is_refused_without_a_second_head(extra: dict[str, object], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        GroupClaimOptions.model_validate({"kind": "group_claim", **MODEL, **extra})
