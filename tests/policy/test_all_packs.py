"""Every shipped pack (each folder under ``src/pausecheck/packs/``): it loads by name, every rule's
examples behave as declared (each ``fail`` example triggers its rule, each ``pass`` example does
not, preview rules included), codes and names are unique, and every clause is covered by a rule
or a checklist question. One Checker per pack, all sharing the session's Resources.

The clause-to-source ties (each ``quote`` in its pack's own source text) are checked in
test_coverage.py.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pausecheck import Checker, load_pack
from pausecheck._exceptions import PackError
from pausecheck.authoring import example_post
from pausecheck.policy.coverage import uncovered
from pausecheck.policy.loader import PACKS_DIR, Pack
from pausecheck.policy.schema import ExampleCase

PACK_NAMES = sorted(p.name for p in PACKS_DIR.iterdir() if p.is_dir() and (p / "pack.yaml").is_file())


def _load_all() -> tuple[dict[str, Pack], dict[str, PackError]]:
    packs: dict[str, Pack] = {}
    errors: dict[str, PackError] = {}
    for name in PACK_NAMES:
        try:
            packs[name] = load_pack(name)
        except PackError as e:  # reported by test_every_shipped_pack_loads_by_name
            errors[name] = e
    return packs, errors


_PACKS, _LOAD_ERRORS = _load_all()
_RULES = [(name, rule.code) for name, pack in _PACKS.items() for rule in pack.rules]


@pytest.fixture(scope="module")
def preview_checker(checker: Checker) -> Callable[[str], Checker]:
    """The pack's preview-enabled Checker, built once per pack on the session's Resources."""
    built: dict[str, Checker] = {}

    def get(name: str) -> Checker:
        if name not in built:
            built[name] = Checker(_PACKS[name], preview=True, resources=checker.resources)
        return built[name]

    return get


def test_there_are_several_packs() -> None:
    assert {"leeds-2019", "lga-2020", "scotland-2021"} <= set(PACK_NAMES)
    assert any(n.startswith("wlga-") for n in PACK_NAMES)


def test_every_shipped_pack_loads_by_name() -> None:
    assert not _LOAD_ERRORS, "\n".join(f"{n}: {e}" for n, e in _LOAD_ERRORS.items())
    for name, pack in _PACKS.items():
        assert pack.id == name, f"pack.yaml id {pack.id!r} differs from its folder {name!r}"
        assert pack.rules, name


@pytest.mark.parametrize("name", PACK_NAMES)
def test_codes_names_and_clauses_are_sound(name: str) -> None:
    pack = _PACKS[name]
    codes = [r.code for r in pack.rules]
    names = [r.name for r in pack.rules]
    assert len(codes) == len(set(codes)), f"{name}: duplicate rule codes"
    assert len(names) == len(set(names)), f"{name}: duplicate rule names"
    # One code prefix per pack, so that a finding says which guidance it comes from.
    assert len({c.split("-")[0] for c in codes}) == 1, f"{name}: mixed code prefixes"
    for rule in pack.rules:
        assert len(rule.examples.fail) >= 3, rule.code
        assert len(rule.examples.pass_) >= 3, rule.code
        assert all(ref in pack.clauses for ref in rule.clause_refs), rule.code
        assert all(s.strip() for s in (rule.title, rule.why, rule.advice, rule.message)), rule.code


def test_code_prefixes_differ_between_packs() -> None:
    prefixes = {name: {r.code.split("-")[0] for r in pack.rules} for name, pack in _PACKS.items()}
    seen: dict[str, str] = {}
    for name, ps in prefixes.items():
        for p in ps:
            assert p not in seen, f"code prefix {p} is used by {seen[p]} and {name}"
            seen[p] = name


@pytest.mark.parametrize("name", PACK_NAMES)
def test_every_clause_is_covered(name: str) -> None:
    assert uncovered(_PACKS[name]) == []


@pytest.mark.parametrize(("name", "code"), _RULES, ids=[f"{n}:{c}" for n, c in _RULES])
def test_rule_examples_behave_as_declared(preview_checker: Callable[[str], Checker], name: str, code: str) -> None:
    pack = _PACKS[name]
    rule = pack.rule(code)
    checker = preview_checker(name)
    wrong: list[str] = []
    for expect, cases in (("fail", rule.examples.fail), ("pass", rule.examples.pass_)):
        for example in cases:
            # The rule on its own: a report leaves out a learned finding that repeats a word-list one.
            fired = checker.check_rule(example_post(pack, example), code)
            text = example.text if isinstance(example, ExampleCase) else example
            if expect == "fail" and not fired:
                wrong.append(f"should flag: {text!r}")
            if expect == "pass" and fired:
                wrong.append(f"should not flag: {text!r}; got {(fired.match, fired.explanation)}")
    assert not wrong, f"{name} {code}:\n" + "\n".join(wrong)
