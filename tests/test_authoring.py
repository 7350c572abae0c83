"""pausecheck pack check: every problem at once, catastrophic regexes refused, examples run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import regex

from pausecheck.authoring import check_pack
from pausecheck.cli import main
from pausecheck import load_pack
from pausecheck.policy.loader import PACKS_DIR
from pausecheck.text.patterns import backtracks

BAD_RULE = """\
code: SMG-TST-001
name: slow-and-wrong
title: A rule with a catastrophic regex and a wrong example
severity: advise
category: haste
clause: Do 9
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


NEW_RULE = """\
code: {prefix}-ABU-101
name: pompous-windbag
title: Calling someone a windbag
severity: revise
category: insult
clause: Respect
detectors:
  - kind: lexicon
    terms: [windbag, windbags]
message: "'{{match}}' is a put-down."
why: "{{clause.summary}}"
advice: Say what you disagree with; the {{council.monitoring_officer}} can advise.
examples:
  fail: ["Cllr Jones is a windbag.", "What a windbag.", "Those windbags on the committee."]
  pass: ["The wind farm plan is out.", "A bag of windfalls.", "The committee met today."]
"""


def test_pack_new_then_one_rule_then_pack_check_passes_in_one_round(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pausecheck.authoring import code_prefix

    assert main(["pack", "new", "bradford-2024", "--blank", "--dir", str(tmp_path)]) == 0
    dest = tmp_path / "bradford-2024"
    prefix = code_prefix("bradford-2024")
    (dest / "rules" / "windbag.yaml").write_text(NEW_RULE.format(prefix=prefix), encoding="utf-8")
    assert main(["pack", "check", str(dest)]) == 0
    assert "pack OK: 2 rules" in capsys.readouterr().out
    rule = load_pack(dest).rule("pompous-windbag")
    assert rule.advice.startswith("Say what you disagree with; the Monitoring Officer")
    assert main(["pack", "new", "bradford-2024", "--blank", "--dir", str(tmp_path)]) == 64  # already there


def test_pack_new_from_a_shipped_pack_extends_it_and_loads(tmp_path: Path) -> None:
    from pausecheck.authoring import new_pack

    dest = new_pack("kirklees-2025", tmp_path, base="leeds-2019")
    (dest / "rules" / "windbag.yaml").write_text(
        NEW_RULE.format(prefix="SMG").replace("clause: Respect", "clause: Do 9"), encoding="utf-8")
    pack = load_pack(dest)
    assert pack.lineage == ("leeds-2019",)
    assert len(pack.rules) == len(load_pack("leeds-2019").rules) + 1
    assert "Leeds" not in pack.rule("SMG-CON-001").why  # the council's words are its own


def test_every_load_error_is_reported_at_once_with_file_and_line(tmp_path: Path) -> None:
    dest = _small_pack(tmp_path)
    (dest / "rules" / "slow.yaml").unlink()
    (dest / "rules" / "a.yaml").write_text(BAD_RULE.replace("severity: advise", "severity: maybe"), encoding="utf-8")
    (dest / "rules" / "b.yaml").write_text(
        BAD_RULE.replace("SMG-TST-001", "SMG-TST-002").replace("slow-and-wrong", "other")
        .replace('message: "m"', "message: \"'{matched}'\""), encoding="utf-8")
    result = check_pack(dest)
    where = {(Path(p.file).name, p.line) for p in result.problems}
    assert ("a.yaml", 4) in where and ("b.yaml", 10) in where, result.problems
    assert any("unknown placeholder {matched}" in p.message for p in result.problems)


def test_pack_diff_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from pausecheck.authoring import diff_packs

    diff = diff_packs("leeds-2019", "lga-2020")
    assert "SMG-CWK-001 public-reply-to-casework" in diff.rules.removed
    changed = {c.name: c.fields for c in diff.rules.changed}
    assert "code" in changed["civil-put-down"] and "detectors" not in changed["civil-put-down"]
    assert "Key point 4" in diff.clauses.added and "Do 9" in diff.clauses.removed
    assert diff_packs("leeds-2019", "leeds-2019").empty
    assert main(["pack", "diff", "leeds-2019", "wlga-2021", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["a"] == "leeds-2019" and data["rules"]["removed"] and data["clauses"]["added"]
    assert main(["pack", "diff", "leeds-2019", "scotland-2021"]) == 0
    assert "rules: 1 added" in capsys.readouterr().out
