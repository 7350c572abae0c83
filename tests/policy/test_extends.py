"""Packs that extend packs, rule wording from pack.yaml, council words as settings, placeholders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pausecheck import PackError, load_pack
from pausecheck.policy.loader import PACKS_DIR, PackErrors
from pausecheck.policy.placeholders import PlaceholderError, render, values
from pausecheck.policy.schema import ClauseSpec, Council

from pack_fixtures import RULE

CHILD = """\
id: child
version: "1"
title: A council that builds on {parent}
source: {{title: t, issued_by: i, date: "2026"}}
extends: {extends}
settings:
  council: {{name: Kirklees Council, procedure_rules: {{exempt_information: Kirklees Rule 10}}}}
"""


def _child(tmp_path: Path, extends: str = "leeds-2019", parent: str = "leeds-2019") -> Path:
    dest = tmp_path / "child"
    (dest / "rules").mkdir(parents=True)
    (dest / "pack.yaml").write_text(CHILD.format(extends=extends, parent=parent), encoding="utf-8")
    return dest


def _errors(err: PackError) -> list[PackError]:
    return list(err.errors) if isinstance(err, PackErrors) else [err]


def test_a_pack_that_extends_leeds_inherits_everything(tmp_path: Path) -> None:
    leeds = load_pack("leeds-2019")
    pack = load_pack(_child(tmp_path))
    assert [r.code for r in pack.rules] == [r.code for r in leeds.rules]
    assert pack.clauses.keys() == leeds.clauses.keys() and pack.vocab.keys() == leeds.vocab.keys()
    assert pack.lineage == ("leeds-2019",) and pack.digest != leeds.digest
    # The council's own words, re-rendered into the inherited wording.
    why = pack.rule("SMG-CON-001").why
    assert "Kirklees Rule 10" in why and "Leeds" not in why
    assert "Leeds Access to Information" in leeds.rule("SMG-CON-001").why


def test_disable_and_override_by_code_or_name(tmp_path: Path) -> None:
    dest = _child(tmp_path, extends="{pack: leeds-2019, disable: [SMG-CWK-001, posting-after-drinking]}")
    (dest / "rules" / "unfit.yaml").write_text(
        "overrides: civil-put-down\ncode: SMG-ABU-103\nthreshold: 0.9\nmessage: \"'{match}' is a put-down.\"\n",
        encoding="utf-8")
    pack = load_pack(dest)
    codes = {r.code for r in pack.rules}
    assert "SMG-CWK-001" not in codes and "SMG-HST-002" not in codes and "SMG-ABU-003" not in codes
    rule = pack.rule("civil-put-down")
    leeds = load_pack("leeds-2019").rule("civil-put-down")
    assert (rule.code, rule.threshold, rule.message) == ("SMG-ABU-103", 0.9, "'{match}' is a put-down.")
    assert rule.detectors == leeds.detectors and rule.examples == leeds.examples
    assert pack.rule_files["SMG-ABU-103"] == dest / "rules" / "unfit.yaml"


def test_own_clauses_and_only_overridden_rules(tmp_path: Path) -> None:
    dest = _child(tmp_path, extends="{pack: leeds-2019, clauses: own, rules: overridden}")
    manifest = dest / "pack.yaml"
    manifest.write_text(manifest.read_text("utf-8") + (
        "clauses:\n  - {id: Be kind, section: do, title: Kindness, summary: Be kind to everyone you write about.,"
        " quote: Be kind always}\n"), encoding="utf-8")
    (dest / "rules" / "a.yaml").write_text("overrides: SMG-ABU-003\ncode: KIR-ABU-003\nclause: Be kind\nalso: []\n",
                                           encoding="utf-8")
    pack = load_pack(dest)
    assert [r.code for r in pack.rules] == ["KIR-ABU-003"]
    assert list(pack.clauses) == ["Be kind"]
    assert pack.rules[0].clause.summary == "Be kind to everyone you write about."


def test_an_inherited_rule_citing_a_clause_the_pack_lacks_is_an_error(tmp_path: Path) -> None:
    dest = _child(tmp_path, extends="{pack: leeds-2019, clauses: own}")
    manifest = dest / "pack.yaml"
    manifest.write_text(manifest.read_text("utf-8") + (
        "clauses:\n  - {id: Be kind, section: do, title: Kindness, summary: Be kind to everyone you write about.,"
        " quote: Be kind always}\n"), encoding="utf-8")
    with pytest.raises(PackErrors) as err:
        load_pack(dest)
    # Every inherited rule is reported at once, each in its own file.
    assert len(err.value.errors) >= 30
    assert all("unknown clause" in e.detail for e in err.value.errors)


@pytest.mark.parametrize(
    ("override", "line", "words"),
    [
        ("overrides: no-such-rule\n", 1, "has no rule 'no-such-rule'"),
        ("overrides: SMG-ABU-003\ncolour: red\n", 1, "'colour' is not a rule field"),
        ("overrides: SMG-ABU-003\n\nseverity: maybe\n", 3, "severity"),
        ("overrides: SMG-ABU-003\nadvice: Ask the {council.monitoring_oficer}.\n", 2, "did you mean {council.monitoring_officer}"),
    ],
)
def test_override_errors_name_file_and_line(tmp_path: Path, override: str, line: int, words: str) -> None:
    dest = _child(tmp_path)
    path = dest / "rules" / "o.yaml"
    path.write_text(override, encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(dest)
    assert (err.value.file, err.value.line) == (str(path), line), str(err.value)
    assert words in str(err.value)


def test_a_new_rule_may_not_reuse_an_inherited_code(tmp_path: Path) -> None:
    dest = _child(tmp_path)
    (dest / "rules" / "r.yaml").write_text(RULE.replace("SMG-TST-001", "SMG-ABU-003"), encoding="utf-8")
    with pytest.raises(PackError, match="is inherited from leeds-2019; to change it, write 'overrides: SMG-ABU-003'"):
        load_pack(dest)


def test_cycles_and_depth_are_load_errors(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for me, other in ((a, "../b"), (b, "../a")):
        (me / "rules").mkdir(parents=True)
        (me / "pack.yaml").write_text(CHILD.format(extends=other, parent=other), encoding="utf-8")
    with pytest.raises(PackError, match="makes a cycle") as err:
        load_pack(a)
    assert err.value.file is not None and err.value.file.endswith("pack.yaml") and err.value.line == 5
    chain = [tmp_path / f"p{i}" for i in range(7)]
    for i, me in enumerate(chain):
        (me / "rules").mkdir(parents=True)
        parent = f"../p{i + 1}" if i + 1 < len(chain) else "leeds-2019"
        (me / "pack.yaml").write_text(CHILD.format(extends=parent, parent=parent), encoding="utf-8")
    with pytest.raises(PackError, match="more than 4 packs deep"):
        load_pack(chain[0])
    lineage = load_pack(chain[3]).lineage  # p4, p5, p6, leeds-2019: four deep is allowed
    assert len(lineage) == 4 and lineage[-1] == "leeds-2019"


def test_the_digest_covers_the_parent(tmp_path: Path) -> None:
    base = tmp_path / "base"
    shutil.copytree(PACKS_DIR / "leeds-2019", base)
    child = _child(tmp_path, extends="../base")
    before = load_pack(child).digest
    rule = base / "rules" / "insult-unfit.yaml"
    rule.write_text(rule.read_text("utf-8").replace("score: 0.7", "score: 0.71", 1), encoding="utf-8")
    assert load_pack(child).digest != before


def test_inherited_example_images_come_from_the_parent(tmp_path: Path) -> None:
    from pausecheck.authoring import example_post

    pack = load_pack(_child(tmp_path))
    rule = pack.rule("someone-elses-photo")
    post = example_post(pack, next(e for e in rule.examples.fail if not isinstance(e, str) and e.images))
    assert post.attachments and all(Path(i).is_file() for i in post.attachments)


def test_rules_take_their_clause_wording_from_pack_yaml(tmp_path: Path) -> None:
    dest = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    manifest = dest / "pack.yaml"
    text = manifest.read_text("utf-8")
    old = "summary: Never attack, insult, abuse, defame or discriminate"
    assert old in text
    manifest.write_text(text.replace(old, "summary: EDITED. Never attack, insult, abuse, defame or discriminate"),
                        encoding="utf-8")
    pack = load_pack(dest)
    assert pack.rule("civil-put-down").clause.summary.startswith("EDITED.")


def test_no_shipped_rule_repeats_its_clause_wording_or_names_leeds_in_its_wording() -> None:
    for name in ("leeds-2019", "lga-2020", "wlga-2021", "scotland-2021"):
        for f in (PACKS_DIR / name / "rules").glob("*.yaml"):
            assert "  summary:" not in f.read_text("utf-8"), f
        for rule in load_pack(name).rules:
            for field in ("message", "why", "advice", "rewrite"):
                text = getattr(rule, field) or ""
                assert "{" not in text.replace("{match}", ""), (rule.code, field)
                if name != "leeds-2019":
                    assert "Leeds" not in text, (name, rule.code, field)


@pytest.mark.parametrize(
    ("template", "allow_match", "words"),
    [
        ("'{matched}' is rude", True, "did you mean {match}"),
        ("see {council.standards_team}", False, "needs settings.council.standards_team"),
        ("'{match}' here", False, "only in 'message'"),
        ("{match!r}", True, "may not have a format"),
        ("a { stray", False, "literal braces"),
        ("{council.procedure_rules.nope}", False, "unknown placeholder"),
    ],
)
def test_placeholders_that_cannot_be_filled(template: str, allow_match: bool, words: str) -> None:
    known = values(None, Council(name="X Council", procedure_rules={"exempt": "Rule 9"}))
    with pytest.raises(PlaceholderError, match=None) as err:
        render(template, known, allow_match=allow_match)
    assert words in str(err.value)


def test_placeholders_that_fill() -> None:
    clause = ClauseSpec(id="Do 9", section="do", title="Respect", summary="Treat everyone with respect.",
                        quote="Show respect")
    known = values(clause, Council(name="X Council", procedure_rules={"exempt": "Rule 9"}))
    assert render("'{match}': {clause.summary} ({council.procedure_rules.exempt}) {{x}}", known,
                  allow_match=True) == "'{match}': Treat everyone with respect. (Rule 9) {x}"


def test_an_unknown_placeholder_in_a_rule_is_a_load_error_with_its_line(tmp_path: Path) -> None:
    dest = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    for f in (dest / "rules").glob("*.yaml"):
        f.unlink()
    path = dest / "rules" / "r.yaml"
    path.write_text(RULE.replace("message: \"'{match}' is rude.\"", "message: \"'{matched}' is rude.\""),
                    encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(dest)
    assert (err.value.file, err.value.line) == (str(path), 10)
    assert "unknown placeholder {matched}" in err.value.detail
