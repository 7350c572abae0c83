"""Table-driven tests of the detector kinds, on small inline packs built from the real schema."""

from __future__ import annotations

from datetime import datetime

import pytest

from pausecheck import Post, Resources
from pausecheck.detectors.base import Inspection, PackResources
from pausecheck.detectors.context import in_window
from pausecheck.detectors.cooccurrence import CooccurrenceKind, CooccurrenceOptions
from pausecheck.detectors.lexicon import LexiconKind, LexiconOptions
from pausecheck.detectors.links import LinksKind, LinksOptions, url_host
from pausecheck.engine import pack_resources
from pausecheck.policy.loader import Pack
from pausecheck.text.doc import Analyser
from pausecheck.text.shapes import nhs_number, planning_reference, uk_postcode

RESOURCES = Resources()
ANALYSER = Analyser(vocabulary=["tits", "idiot"], load_nlp=RESOURCES.nlp)


def _ins(text: str) -> Inspection:
    return Inspection(ANALYSER.analyse(text), Post(text), RESOURCES)


@pytest.fixture(scope="module")
def kit(pack: Pack) -> PackResources:
    return pack_resources(pack, RESOURCES)


def _lexicon(kit: PackResources, **kw: object) -> LexiconKind:
    return LexiconKind(LexiconOptions.model_validate({"kind": "lexicon", **kw}), kit)


@pytest.mark.parametrize(
    ("text", "hits"),
    [
        ("What a pair of tits", ["tits"]),
        ("Blue tits nesting in Meanwood", []),
        ("blue tits and then tits again", ["tits"]),
    ],
)
def test_lexicon_allow_phrases(kit: PackResources, text: str, hits: list[str]) -> None:
    det = _lexicon(kit, terms=["tits"], allow=["blue tits"])
    found = det.find(_ins(text))
    assert [text[h.start:h.end] for h in found] == hits


@pytest.mark.parametrize(
    ("text", "target", "hits"),
    [
        ("You are an idiot", "required", 1),
        ("What an idiotic policy", "required", 0),
        ("Someone called me an idiot today", "required", 0),  # reported speech
        ("What an idiot", "any", 1),
    ],
)
def test_lexicon_target_awareness(kit: PackResources, text: str, target: str, hits: int) -> None:
    det = _lexicon(kit, terms=["idiot", "idiotic"], target=target)
    assert len(det.find(_ins(text))) == hits


@pytest.mark.parametrize(
    ("text", "hits"),
    [
        ("read it at bit.ly/3xYz now", ["bit.ly/3xYz"]),
        ("https://tinyurl.com/abc", ["https://tinyurl.com/abc"]),
        ("papers: is.gd/LeedsBudget26", ["is.gd/LeedsBudget26"]),
        ("please don't use bit.ly links", []),
        ("see https://www.leeds.gov.uk/budget", []),
    ],
)
def test_shorteners_need_a_destination(kit: PackResources, text: str, hits: list[str]) -> None:
    det = LinksKind(LinksOptions(kind="links", check="shortener"), kit)
    found = det.find(_ins(text))
    assert [text[h.start:h.end] for h in found] == hits


def test_url_host() -> None:
    assert url_host("https://WWW.Example.co.uk/path") == "example.co.uk"
    assert url_host("bit.ly/x") == "bit.ly"
    assert url_host("http://[broken") == ""


@pytest.mark.parametrize(("value", "ok"), [("943 476 5919", True), ("943 476 5918", False), ("123", False)])
def test_nhs_number(value: str, ok: bool) -> None:
    assert nhs_number(value) is ok


@pytest.mark.parametrize(("value", "ok"), [("LS6 2AB", True), ("ls62ab", True), ("QQ1 1AA", False), ("LS6 2CI", False)])
def test_uk_postcode(value: str, ok: bool) -> None:
    assert uk_postcode(value) is ok


def test_planning_reference() -> None:
    assert planning_reference("23/01234/FU") and planning_reference("21-02971-FU") and not planning_reference("2023/1")


@pytest.mark.parametrize(
    ("hhmm", "inside"),
    [((23, 0), True), ((2, 30), True), ((5, 0), False), ((22, 59), False), ((12, 0), False)],
)
def test_late_night_window_wraps_midnight(hhmm: tuple[int, int], inside: bool) -> None:
    t = datetime(2026, 1, 1, *hhmm).time()
    assert in_window(t, datetime(2026, 1, 1, 23, 0).time(), datetime(2026, 1, 1, 5, 0).time()) is inside


@pytest.mark.parametrize(("text", "scores"), [
    # The sentence-wide modifier lowers every "idiot" in the sentence; the windowed one only the
    # word its match stands beside.
    ("Sorry, that idiot and then much later on in a very long sentence another idiot",
     {"sentence": [0.3, 0.3], "window": [0.3, 0.6]}),
    ("That idiot, sorry", {"sentence": [0.3], "window": [0.3]}),
])
def test_a_modifier_may_carry_a_scope_of_its_own(kit: PackResources, text: str,
                                                 scores: dict[str, list[float]]) -> None:
    for scope in ("sentence", "window"):
        modifier = {"label": "apology", "terms": ["sorry"], "factor": 0.5,
                    **({"scope": "window", "window": 3} if scope == "window" else {})}
        det = _lexicon(kit, terms=["idiot"], score=0.6, target="any", modifiers=[modifier])
        assert [round(h.score, 2) for h in det.find(_ins(text))] == scores[scope], scope


def test_a_long_window_match_is_found_past_a_shorter_one_inside_it(kit: PackResources) -> None:
    # "plan on the bus cuts is" starts before "cuts" and ends after it: the walk back from
    # "idiotic" meets "cuts" (one word away, out of a window of 0) first, and must not stop there.
    modifier = {"label": "said of a thing", "scope": "window", "window": 0, "patterns": [
        {"name": "thing-is", "regex": "\\bplan(?:\\s+\\w+){0,4}?\\s+is\\b"},
        {"name": "thing", "regex": "\\bcuts\\b"}], "factor": 0.5}
    det = _lexicon(kit, terms=["idiotic"], score=0.6, target="any", modifiers=[modifier])
    assert [round(h.score, 2) for h in det.find(_ins("The plan on the bus cuts is idiotic"))] == [0.3]
    # Out of the window, the long match does not lower the word.
    assert [round(h.score, 2) for h in det.find(_ins("The plan on the bus cuts is, frankly, idiotic"))] == [0.6]


def test_a_modifier_window_without_its_scope_is_refused() -> None:
    from pydantic import ValidationError

    from pausecheck.detectors.options import Modifier

    with pytest.raises(ValidationError, match="needs 'scope: window'"):
        Modifier.model_validate({"terms": ["sorry"], "factor": 0.5, "window": 3})
    assert Modifier.model_validate({"terms": ["sorry"], "factor": 0.5, "scope": "window", "window": 3}).window == 3


def _cooccurrence(kit: PackResources, **kw: object) -> CooccurrenceKind:
    spec = {"kind": "cooccurrence", "anchor": {"terms": ["crook", "thief"]},
            "requires": [{"targets": ["person", "handle", "pronoun"]}], **kw}
    return CooccurrenceKind(CooccurrenceOptions.model_validate(spec), kit)


@pytest.mark.parametrize(
    ("text", "carry", "hits"),
    [
        # A fragment with no target of its own is about the one named just before.
        ("@ty_roofer took my nan's deposit and never came back. Thief.", True, ["Thief"]),
        ("@ty_roofer took my nan's deposit and never came back. Thief.", False, []),
        ("@ty_roofer took my nan's deposit and never came back. Total crook, avoid.", True, ["crook"]),
        # A longer sentence says whom it is about; one opening with its own subject is about that.
        ("Cllr Ames opened the fete. Every thief in the county was there for the cake stall.", True, []),
        ("Cllr Ames proposed the scheme. It's a crook's charter.", True, []),
    ],
)
def test_cooccurrence_carries_a_target_into_a_fragment(kit: PackResources, text: str, carry: bool,
                                                       hits: list[str]) -> None:
    found = _cooccurrence(kit, carry=carry).find(_ins(text))
    assert [text[h.start:h.end] for h in found] == hits


@pytest.mark.parametrize(
    ("text", "pointer", "hits"),
    [
        # "That's <the word>" names what the sentence before said someone did, at any length.
        ("Cllr Ames took the float from the till. That's theft, and I have the receipts.", True, ["theft"]),
        ("Cllr Ames took the float from the till. This is pure theft and everyone saw it.", True, ["theft"]),
        ("Cllr Ames took the float from the till. It was theft.", True, ["theft"]),
        # Without the option, or where the word is not what "that" is called, nothing carries.
        ("Cllr Ames took the float from the till. That's theft, and I have the receipts.", False, []),
        ("Cllr Ames took the float from the till. That's why theft is up this year.", True, []),
        ("Cllr Ames opened the fete. That reminds me, theft from cars is up this year.", True, []),
        # "That's" opens a sentence with a subject of its own, like "that" and "it's".
        ("Cllr Ames took the float. That's theft.", False, []),
    ],
)
def test_cooccurrence_carries_a_target_through_a_pointer(kit: PackResources, text: str, pointer: bool,
                                                         hits: list[str]) -> None:
    det = _cooccurrence(kit, anchor={"terms": ["theft"]}, carry=True, carry_pointer=pointer)
    assert [text[h.start:h.end] for h in det.find(_ins(text))] == hits


def test_a_pointer_needs_carry() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="needs 'carry: true'"):
        CooccurrenceOptions.model_validate({"kind": "cooccurrence", "anchor": {"terms": ["theft"]},
                                            "requires": [{"targets": ["person"]}], "carry_pointer": True})


def test_no_word_supports_itself_nor_a_name_holding_it(kit: PackResources) -> None:
    # "Crook Town" is read as a name; the word inside it cannot be its own target.
    text = "Lovely day. Crook Town won the cup."
    assert _cooccurrence(kit).find(_ins(text)) == []
    hit = _cooccurrence(kit).find(_ins("Cllr Ames is a crook."))
    assert [h.explanation for h in hit] == ["term: 'crook'; target: person 'Cllr Ames'"]
