"""The acceptance test for rewrites: every shipped pack, every stable rule's fail examples.

Each example's rewrite (when the rule has a fix and the engine kept one) is checked again here
with a Checker that makes no rewrites: the rule must be gone and no rule may fire that did not
fire on the example. Rules with no fix strategy are counted, not failed; the share of examples
with a rewrite must stay at or above the floors measured when this was written (benchmarks/
rewrites.py prints the tables, benchmarks/RESULTS.md records them).
"""

from __future__ import annotations

import pytest

from pausecheck import Checker
from pausecheck.authoring import example_post
from pausecheck.policy.loader import load_pack

PACKS = ("leeds-2019", "lga-2020", "wlga-2021", "scotland-2021")
#: Measured on all four packs (449 fail examples): safe rewrites 66, any rewrite 170. Then 489
#: (2026-12-06): 66 and 186; the 24 fail examples of the veiled-threat and put-down rules (six
#: per pack) have no safe rewrite by design (a learned sentence's rewrite is always for review;
#: a threat gets none), so the safe floor is also held as a count. 2026-12-07: the allegation
#: rules offered as a hint (SMG-DEF-004, LGA-DEF-004) and in Welsh (SMG-DEF-005) add 16 fail
#: examples whose rewrite is for review by design (an allegation is never safely reworded), and
#: the share fell to 12.9 % with the count unchanged. 2026-12-08: the Welsh threat and group
#: rules (SMG-THR-005, SMG-DIS-008 and the WLGA pack's) add 22 fail examples with no rewrite by
#: design, as their English counterparts have none (a threat is never reworded, and a group
#: attack's point is the attack); the share fell to 12.1 % with the count unchanged. The Welsh
#: hint rule (SMG-DEF-006) then adds 4 whose rewrite is for review, as SMG-DEF-002's is: 11.9 %;
#: rewrites of any kind 37.0 % (the threat and group examples have none). 2026-12-07 (eighth
#: session): the Welsh confidential rule (SMG-CON-003: 6 fail examples, no rewrite, as
#: SMG-CON-001 has none: what was disclosed cannot be reworded away) and new threat and group
#: examples (none by design) take the share to 11.3 % of 604, while the count rose 66 → 68 (the
#: insult rules' new examples): the count's floor moves up to 68, the share's down to 11 %.
#: 2026-12-08 (ninth session): the Welsh rules that read a gloss (SMG-ABU-012, SMG-THR-006,
#: SMG-DIS-009 and the WLGA pack's) add 18 fail examples with no rewrite by design (the finding
#: quotes an English reading of a Welsh sentence, and a word swapped in the gloss is not a word
#: swapped in the post): the share falls to 10.9 % of 622 with the count unchanged, and its floor
#: moves to 10.5 %.
FLOOR_SAFE = 0.105
FLOOR_SAFE_COUNT = 68
FLOOR_ANY = 0.365


@pytest.fixture(scope="module")
def outcomes(checker: Checker) -> list[tuple[str, str, str | None]]:
    """(rule, applicability or None, problem or "") per fail example of every shipped pack."""
    out: list[tuple[str, str | None, str]] = []
    for name in PACKS:
        pack = load_pack(name)
        fixing = Checker(pack, resources=checker.resources, fixes=True)
        plain = Checker(pack, resources=checker.resources)
        for rule in pack.rules:
            if rule.status != "stable":
                continue
            for example in rule.examples.fail:
                post = example_post(pack, example)
                finding = fixing.check_rule(post, rule.code)
                assert finding is not None, (rule.code, post.text)
                r = finding.replacement
                if r is None:
                    out.append((rule.code, None, ""))
                    continue
                assert rule.fix is not None, f"{rule.code} has no fix but its finding has a rewrite"
                rewritten = post.__class__(r.text, post.account, post.at, post.platform, post.attachments,
                                           post.in_meeting)
                problem = ""
                if plain.check_rule(rewritten, rule.code) is not None:
                    problem = f"{rule.code}: the rewrite still raises the rule: {r.text!r}"
                before = {f.code for f in plain.check(post).findings} | {rule.code}
                for code in {f.code for f in plain.check(rewritten).findings} - before:
                    if plain.check_rule(post, code) is None:
                        problem = f"{rule.code}: the rewrite raises {code}: {r.text!r}"
                out.append((rule.code, r.applicability, problem))
    return out


def test_every_rewrite_clears_its_rule_and_raises_no_new_one(outcomes: list[tuple[str, str | None, str]]) -> None:
    problems = [p for _, _, p in outcomes if p]
    assert not problems, "\n".join(problems)


def test_share_of_fail_examples_with_a_rewrite_stays_above_the_floor(
        outcomes: list[tuple[str, str | None, str]]) -> None:
    n = len(outcomes)
    assert n >= 400
    safe = sum(1 for _, a, _ in outcomes if a == "safe") / n
    any_ = sum(1 for _, a, _ in outcomes if a is not None) / n
    assert safe >= FLOOR_SAFE, f"safe rewrites for {safe:.1%} of fail examples (floor {FLOOR_SAFE:.1%})"
    assert sum(1 for _, a, _ in outcomes if a == "safe") >= FLOOR_SAFE_COUNT
    assert any_ >= FLOOR_ANY, f"rewrites for {any_:.1%} of fail examples (floor {FLOOR_ANY:.0%})"
