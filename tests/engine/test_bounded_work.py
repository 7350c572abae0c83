"""Bounded work on hostile posts: the limit after normalisation, capped findings, regex
timeouts that fail closed and loud."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from pausecheck import Checker, InputTooLargeError, Post, load_pack
from pausecheck.engine import MAX_FINDINGS_PER_RULE
from pausecheck.policy.loader import PACKS_DIR
from pausecheck.text.patterns import POST_REGEX_BUDGET_S

SLOW_RULE = """\
code: SMG-TST-{n:03d}
name: slow-pattern-{n}
title: A pattern that backtracks catastrophically
severity: advise
category: haste
clause: {{ref: Do 9, summary: Treat people with respect.}}
detectors:
  - kind: pattern
    patterns: [{{name: bad, regex: "(?:[a-z]|[a-z])+[0-9]"}}]
message: "never shown"
why: Because.
advice: Rephrase.
examples:
  fail: [a1, ab2, abc3]
  pass: [c, d, e]
"""


#: Distinct letters (stretched letters would be squeezed by the normaliser): 2^40 ways to fail.
SLOW_TEXT = ("abcdefghijklmnopqrstuvwxyz" * 2)[:40] + "."


def _pack_with(tmp_path: Path, rules: int) -> Path:
    dest = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    for n in range(rules):
        (dest / "rules" / f"slow-{n}.yaml").write_text(SLOW_RULE.format(n=n + 1), encoding="utf-8")
    return dest


def test_the_limit_is_measured_after_normalisation(checker: Checker) -> None:
    text = "\ufdfa" * 2000  # NFKC makes each of these 18 characters: 36,000 in all
    assert len(text) < checker.pack.manifest.settings.max_chars
    with pytest.raises(InputTooLargeError, match="once normalised"):
        checker.check(text)


def test_a_rule_lists_at_most_the_cap_and_says_how_many_more(checker: Checker) -> None:
    text = "Ring Mrs Jones on 07700 900123 about her bins. " * 200
    report = checker.check(Post(text))
    codes = [f.code for f in report.findings]
    assert len(codes) == len(set(codes))  # one finding per rule, however many spans it flags
    biggest = max(report.findings, key=lambda f: len(f.spans) + f.more)
    assert len(biggest.spans) == MAX_FINDINGS_PER_RULE
    assert biggest.more == 200 - MAX_FINDINGS_PER_RULE
    assert f"(and {200 - 1:,} more)" in biggest.message
    assert all(text[s.start:s.end] == s.match for f in report.findings for s in f.spans)
    assert [s.start for s in biggest.spans] == sorted(s.start for s in biggest.spans)


def test_a_regex_timeout_is_a_finding_and_a_warning_never_a_silent_pass(tmp_path: Path) -> None:
    checker = Checker(load_pack(_pack_with(tmp_path, 1)))
    report = checker.check(Post(SLOW_TEXT))
    [stuck] = [f for f in report.findings if f.code == "SMG-TST-001"]
    assert stuck.scope == "post" and "could not finish" in stuck.message and "check it by hand" in stuck.message
    assert any("SMG-TST-001" in w for w in report.warnings)


def test_the_post_budget_bounds_many_slow_patterns(tmp_path: Path) -> None:
    checker = Checker(load_pack(_pack_with(tmp_path, 20)))
    t = time.perf_counter()
    report = checker.check(Post(SLOW_TEXT))
    elapsed = time.perf_counter() - t
    stuck = [f for f in report.findings if f.code.startswith("SMG-TST-")]
    assert len(stuck) == 20  # every slow rule is reported, none passes in silence
    assert elapsed < POST_REGEX_BUDGET_S + 3.0  # 20 × 0.25 s would be 5 s without the budget
