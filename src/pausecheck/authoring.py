"""Checking a policy pack as its author would: ``pausecheck pack check DIR``.

Loads the pack (every schema and reference error), probes every regex for catastrophic
backtracking, and runs every rule's examples (each ``fail`` example must trigger its rule, each
``pass`` example must not), and reports every problem found rather than stopping at the first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pausecheck._exceptions import InputError, PackError
from pausecheck.detectors.options import KindOptions, PatternSpec
from pausecheck.engine import Checker
from pausecheck.policy.loader import Pack, load_pack
from pausecheck.policy.schema import ExampleCase, Rule
from pausecheck.post import Post
from pausecheck.resources import Resources
from pausecheck.text.patterns import backtracks, compile_pattern


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack, where it is."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


@dataclass(frozen=True)
class PackCheck:
    problems: tuple[Problem, ...]
    rules: int = 0
    patterns: int = 0
    examples: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check_pack(source: str | Path, resources: Resources | None = None) -> PackCheck:
    """Every problem with the pack at ``source`` (a folder or a bundled pack name)."""
    try:
        pack = load_pack(source)
    except PackError as e:
        return PackCheck((Problem(e.file or str(source), e.line, e.detail),))
    problems: list[Problem] = []
    patterns = 0
    for rule in pack.rules:
        file = str(pack.rule_files[rule.code])
        for spec, case_sensitive in _regexes(rule):
            patterns += 1
            how = backtracks(compile_pattern(spec.regex, case_sensitive, pack.vocab))
            if how:
                problems.append(Problem(file, None, f"pattern {spec.name!r} backtracks catastrophically: {how}"))
    checker = Checker(pack, preview=True, resources=resources)
    examples = 0
    for rule in pack.rules:
        file = str(pack.rule_files[rule.code])
        for expect, cases in (("fail", rule.examples.fail), ("pass", rule.examples.pass_)):
            for example in cases:
                examples += 1
                problem = _run_example(checker, pack, rule, example, expect)
                if problem:
                    problems.append(Problem(file, None, problem))
    return PackCheck(tuple(problems), len(pack.rules), patterns, examples)


def _regexes(rule: Rule) -> Iterator[tuple[PatternSpec, bool]]:
    for spec in rule.detectors:
        opts: KindOptions = spec
        yield from opts.regexes()
        for m in opts.matchers():
            yield from ((p, False) for p in m.patterns)


def example_post(pack: Pack, example: str | ExampleCase) -> Post:
    """A rule example as a post (image names are files in the pack's ``examples/`` folder)."""
    if isinstance(example, str):
        return Post(example)
    images = tuple(str(pack.path / "examples" / i) for i in example.images)
    at = datetime.fromisoformat(example.at) if example.at else None
    return Post(example.text, example.account, at, example.platform, images, example.in_meeting)


def _run_example(checker: Checker, pack: Pack, rule: Rule, example: str | ExampleCase, expect: str) -> str | None:
    text = example if isinstance(example, str) else example.text
    try:
        report = checker.check(example_post(pack, example))
    except (InputError, ValueError) as e:
        return f"{expect} example {text!r} cannot be checked: {e}"
    fired = any(f.code == rule.code for f in report.findings)
    if expect == "fail" and not fired:
        return f"{rule.code} {rule.name}: fail example does not trigger the rule: {text!r}"
    if expect == "pass" and fired:
        return f"{rule.code} {rule.name}: pass example triggers the rule: {text!r}"
    return None
