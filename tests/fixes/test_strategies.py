"""Each fix strategy on the real default pack: the rewrite it proposes, checked again.

Expected rewrites are written by hand from the strategy's definition in docs/packs.md.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from pausecheck import Checker, Post
from pausecheck.findings import Finding
from pausecheck.policy.loader import load_pack
from pausecheck.policy.schema import Fix


@pytest.fixture(scope="module")
def fixing(checker: Checker) -> Checker:
    return Checker(checker.pack, resources=checker.resources, fixes=True)


def _finding(checker: Checker, text: str, code: str) -> Finding:
    found = checker.check_rule(Post(text), code)
    assert found is not None, (code, text)
    return found


@pytest.mark.parametrize(("code", "text", "rewrite", "safety"), [
    # redact: the whole stretch, neighbouring stretches as one placeholder
    ("SMG-PII-001", "The man at 7 Gledhow Avenue, LS8 1AB is running a garage off his drive.",
     "The man at [contact details removed] is running a garage off his drive.", "safe"),
    # redact, part: value: only what follows "is"
    ("SMG-SEC-001", "My PIN is 0451, can someone top up my council phone?",
     "My PIN is [removed], can someone top up my council phone?", "safe"),
    # soften: a mapped word, a word dropped with its dangling "the", a capital kept
    ("SMG-ABU-002", "Absolutely fuming, what a load of bollocks", "Absolutely fuming, what a load of nonsense", "safe"),
    ("SMG-ABU-002", "What the f*ck is the council playing at", "What is the council playing at", "safe"),
    ("SMG-ABU-002", "Bins not emptied. F.u.c.k.i.n.g ridiculous.", "Bins not emptied. Ridiculous.", "safe"),
    # soften: a two-word key takes the flagged word and the word after it
    ("SMG-ABU-002", "This sh1t show of a budget", "This shambles of a budget", "safe"),
    ("SMG-ABU-008", "Tell the planning inspector to p*** off", "Tell the planning inspector to clear off", "safe"),
    ("SMG-ABU-002", "What a load of shit", "What a load of rubbish", "safe"),
    # calm
    ("SMG-HST-003", "WHY does NOBODY at the council answer the phone??? Been on hold 45 minutes!!!",
     "Why does nobody at the council answer the phone? Been on hold 45 minutes!", "safe"),
    # calm: intensifying adverbs dropped, a sentence's capital moved on
    ("SMG-HST-003", "Absolutely fuming. Utterly sick and tired of Highways ignoring Kirkstall Lane. Totally unacceptable.",
     "Fuming. Sick and tired of Highways ignoring Kirkstall Lane. Unacceptable.", "safe"),
    # unlink
    ("SMG-LNK-002", "Read this and weep: https://www.leeds-truth-exposed.net/all-councillors-are-paedos",
     "Read this and weep", "review"),
    # private: the reply's handle kept
    ("SMG-CWK-001", "@ahmed_ls9 I've checked and your housing bid is at position 47 for a 2-bed in Gipton.",
     "@ahmed_ls9 Thanks for getting in touch: I've contacted you privately so we can pick this up.", "review"),
    # template: the real person, the role, "your" in a reply
    ("SMG-ABU-001", "Cllr Smith is an idiot and everyone knows it",
     "I strongly disagree with Cllr Smith's decision on this.", "review"),
    ("SMG-ABU-001", "The council leader is too thick to read a budget",
     "I strongly disagree with the council leader's decision on this.", "review"),
    ("SMG-ABU-001", "@LeedsCllrJones you are a complete moron",
     "@LeedsCllrJones I strongly disagree with your decision on this.", "review"),
    ("SMG-ABU-001", "I told you idiots this would happen.", "I strongly disagree with your decision on this.", "review"),
    # template: a name-call aside is dropped and the member's sentence kept, which is safe
    ("SMG-ABU-001", "@LeedsCllrJones you absolute idiot, read the budget papers first",
     "@LeedsCllrJones read the budget papers first", "safe"),
    ("SMG-ABU-001", "You absolute idiot, read the report.", "Read the report.", "safe"),
    ("SMG-ABU-001", "Read the report before you comment, you idiot.", "Read the report before you comment.", "safe"),
    ("SMG-ABU-001", "Listen, you idiot, the budget is fine.", "Listen, the budget is fine.", "safe"),
])
def test_strategy_rewrites_the_post(fixing: Checker, code: str, text: str, rewrite: str, safety: str) -> None:
    r = _finding(fixing, text, code).replacement
    assert r is not None
    assert (r.text, r.applicability) == (rewrite, safety)
    assert fixing.check_rule(Post(r.text), code) is None


@pytest.mark.parametrize("text", [
    # "f*** off": dropping the verb leaves its particle; the rule's map has no softer verb.
    "Tell them to f*** off",
    # A masked insult noun is all its sentence says; dropping it would leave "The lot of them".
    "Another week of roadworks. Absolute c***s the lot of them",
])
def test_no_rewrite_when_the_words_cannot_be_dropped_tidily(fixing: Checker, text: str) -> None:
    assert _finding(fixing, text, "SMG-ABU-008").replacement is None


@pytest.mark.parametrize("text", ["You idiot!", "@dave, you idiot"])
def test_an_aside_that_is_the_whole_post_gets_the_template(fixing: Checker, text: str) -> None:
    r = _finding(fixing, text, "SMG-ABU-001").replacement
    assert r is not None
    assert r.applicability == "review"
    assert r.text.endswith("disagree with your decision on this.")


def test_no_rewrite_for_a_rule_without_a_fix(fixing: Checker) -> None:
    assert _finding(fixing, "Someone should shoot him for what he's done to this ward", "SMG-THR-002").replacement is None


def test_template_needs_someone_to_name(fixing: Checker) -> None:
    f = _finding(fixing, "What a performance from that fat oaf on Exec Board this morning.", "SMG-ABU-003")
    assert f.replacement is None


def _with_insult_rule_edited(checker: Checker, tmp_path: Path, old: str, new: str) -> Checker:
    """A fixing Checker on a copy of the default pack whose insult rule has ``old`` replaced."""
    dest = tmp_path / "pack"
    shutil.copytree(checker.pack.path, dest)
    rule = dest / "rules" / "insult-personal.yaml"
    rule.write_text(rule.read_text("utf-8").replace(old, new, 1), "utf-8")
    return Checker(load_pack(dest), resources=checker.resources, fixes=True)


def test_a_rewrite_that_raises_a_new_rule_is_not_shown(checker: Checker, tmp_path: Path) -> None:
    # A pack whose insult template itself swears: the rewrite clears the insult but is swearing.
    strict = _with_insult_rule_edited(checker, tmp_path, "I strongly disagree with {target_possessive} decision on this.",
                                      "{target_possessive} decision is bollocks.")
    f = strict.check_rule(Post("Cllr Smith is an idiot and everyone knows it"), "SMG-ABU-001")
    assert f is not None
    assert f.replacement is None


def test_a_rewrite_that_does_not_check_clean_gives_way_to_its_fallback(checker: Checker, fixing: Checker,
                                                                        tmp_path: Path) -> None:
    # A pack whose insult rule also flags a reply that opens with "read": dropping the aside
    # leaves "@dave read the report", which the rule flags again, so the template is shown.
    text = "@dave you absolute idiot, read the report"
    dropped = _finding(fixing, text, "SMG-ABU-001").replacement
    assert dropped is not None
    assert (dropped.text, dropped.applicability) == ("@dave read the report", "safe")
    strict = _with_insult_rule_edited(
        checker, tmp_path, "detectors:\n",
        "detectors:\n  - kind: pattern\n    patterns:\n"
        "      - {name: opens-with-read, regex: \"^@\\\\w+ read\\\\b\", score: 0.7}\n")
    r = _finding(strict, text, "SMG-ABU-001").replacement
    assert r is not None
    assert (r.text, r.applicability) == ("@dave I strongly disagree with your decision on this.", "review")
    assert r.fallback is None


def test_without_fixes_findings_carry_no_replacement(checker: Checker) -> None:
    assert all(f.replacement is None for f in checker.check("Cllr Smith is an idiot. Call 07700 900123").findings)


def test_fix_combines_safe_rewrites_and_rechecks(fixing: Checker) -> None:
    text = "What the f*ck is this. Her number is 07700 900412. Cllr Smith is an idiot"
    safe = fixing.fix(text)
    assert safe.text == "What is this. Her number is [contact details removed]. Cllr Smith is an idiot"
    assert set(safe.applied) == {"SMG-ABU-002", "SMG-PII-001"}
    assert [f.code for f in safe.report.findings] == ["SMG-ABU-001"]
    both = fixing.fix(text, unsafe=True)
    assert both.text.endswith("I strongly disagree with Cllr Smith's decision on this.")
    assert both.report.verdict.value == "publish"


@pytest.mark.parametrize(("spec", "problem"), [
    ({"strategy": "redact"}, "needs 'text'"),
    ({"strategy": "drop", "text": "x"}, "takes no 'text'"),
    ({"strategy": "soften"}, "needs 'words'"),
    ({"strategy": "template", "text": "I disagree with {tagret}."}, "unknown placeholder {tagret}"),
    ({"strategy": "private", "text": "Hi {target}"}, "unknown placeholder {target}"),
    ({"strategy": "rephrase"}, "strategy"),
])
def test_fix_specs_are_checked_at_load(spec: dict[str, object], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem.replace("{", r"\{").replace("}", r"\}")):
        Fix.model_validate(spec)
