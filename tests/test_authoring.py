"""pausecheck pack check: every problem at once, catastrophic regexes refused, examples run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import regex

from pausecheck.authoring import check_pack
from pausecheck.cli import main
from pausecheck.policy.loader import PACKS_DIR
from pausecheck.text.patterns import backtracks

BAD_RULE = """\
code: SMG-TST-001
name: slow-and-wrong
title: A rule with a catastrophic regex and a wrong example
severity: advise
category: haste
clause: {ref: Do 9, summary: Treat people with respect.}
detectors:
  - kind: pattern
    patterns: [{name: bad, regex: "(?:[a-z]|[a-z])+[0-9]"}]
message: "m"
why: Because.
advice: Rephrase.
examples:
  fail: [a1, ab2, "no digits here"]
  pass: [c, d, e]
"""


@pytest.mark.parametrize("pattern", [r"(?:[a-z]|[a-z])+[0-9]", r"(a|aa)+b"])
def test_catastrophic_patterns_are_found(pattern: str) -> None:
    assert backtracks(regex.compile(pattern, regex.IGNORECASE)) is not None


@pytest.mark.parametrize("pattern", [r"\bidiot\b", r"\b\d{2}[/-]\d{5}\b", r"(?:a|b)+c"])
def test_ordinary_patterns_pass(pattern: str) -> None:
    assert backtracks(regex.compile(pattern, regex.IGNORECASE)) is None


def _small_pack(tmp_path: Path) -> Path:
    """The bundled pack with only its insult rules, plus the bad rule."""
    dest = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    for f in (dest / "rules").glob("*.yaml"):
        if not f.name.startswith("insult-"):
            f.unlink()
    (dest / "rules" / "slow.yaml").write_text(BAD_RULE, encoding="utf-8")
    return dest


def test_every_problem_is_reported(tmp_path: Path) -> None:
    dest = _small_pack(tmp_path)
    result = check_pack(dest)
    messages = [str(p) for p in result.problems]
    assert any("backtracks catastrophically" in m and m.startswith(str(dest / "rules" / "slow.yaml")) for m in messages)
    assert any("does not trigger the rule: 'no digits here'" in m for m in messages)
    assert not result.ok and result.examples > 6


def test_cli_pack_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    dest = _small_pack(tmp_path)
    assert main(["pack", "check", str(dest)]) == 65
    out = capsys.readouterr()
    assert "backtracks catastrophically" in out.out and "problem(s)" in out.err
    (dest / "pack.yaml").write_text("id: [unclosed", encoding="utf-8")
    assert main(["pack", "check", str(dest)]) == 65
    assert "pack.yaml" in capsys.readouterr().out
