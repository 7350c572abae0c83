"""Each fix strategy on the real default pack: the rewrite it proposes, checked again.

Expected rewrites are written by hand from the strategy's definition in docs/packs.md.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pausecheck import Checker, Post
from pausecheck.findings import Finding
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
    # calm
    ("SMG-HST-003", "WHY does NOBODY at the council answer the phone??? Been on hold 45 minutes!!!",
     "Why does nobody at the council answer the phone? Been on hold 45 minutes!", "safe"),
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
])
def test_strategy_rewrites_the_post(fixing: Checker, code: str, text: str, rewrite: str, safety: str) -> None:
    r = _finding(fixing, text, code).replacement
    assert r is not None
    assert (r.text, r.applicability) == (rewrite, safety)
    assert fixing.check_rule(Post(r.text), code) is None


def test_no_rewrite_when_the_words_cannot_be_dropped_tidily(fixing: Checker) -> None:
    # "p*** off": dropping the verb leaves its particle; the rule's map has no softer verb.
    assert _finding(fixing, "Tell the planning inspector to p*** off", "SMG-ABU-008").replacement is None


def test_no_rewrite_for_a_rule_without_a_fix(fixing: Checker) -> None:
    assert _finding(fixing, "Someone should shoot him for what he's done to this ward", "SMG-THR-002").replacement is None


def test_template_needs_someone_to_name(fixing: Checker) -> None:
    f = _finding(fixing, "What a performance from that fat oaf on Exec Board this morning.", "SMG-ABU-003")
    assert f.replacement is None


def test_a_rewrite_that_raises_a_new_rule_is_not_shown(checker: Checker) -> None:
    # A pack whose insult template itself swears: the rewrite clears the insult but is swearing.
    import shutil
    import tempfile
    from pathlib import Path

    from pausecheck.policy.loader import load_pack

    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "pack"
        shutil.copytree(checker.pack.path, dest)
        rule = dest / "rules" / "insult-personal.yaml"
        rule.write_text(rule.read_text("utf-8").replace(
            "I strongly disagree with {target_possessive} decision on this.",
            "{target_possessive} decision is bollocks."), "utf-8")
        strict = Checker(load_pack(dest), resources=checker.resources, fixes=True)
        f = strict.check_rule(Post("Cllr Smith is an idiot and everyone knows it"), "SMG-ABU-001")
        assert f is not None
        assert f.replacement is None


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
