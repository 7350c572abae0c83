"""Packs load strictly, and every error names the file and the line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pausecheck import PackError, load_pack
from pausecheck.policy.loader import PACKS_DIR

from pack_fixtures import RULE



@pytest.fixture()
def pack_dir(tmp_path: Path) -> Path:
    dest = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    for f in (dest / "rules").glob("*.yaml"):
        f.unlink()
    (dest / "rules" / "test-rule.yaml").write_text(RULE, encoding="utf-8")
    return dest


def _write(pack_dir: Path, text: str) -> Path:
    path = pack_dir / "rules" / "test-rule.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_pack_loads(pack_dir: Path) -> None:
    pack = load_pack(pack_dir)
    assert [r.code for r in pack.rules] == ["SMG-TST-001"]
    assert pack.rule("test-rule").code == pack.rule("smg-tst-001").code == "SMG-TST-001"


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("severity: revise", "severity: revise\ncolour: red", 5, "Extra inputs are not permitted"),
        ("severity: revise", "severity: maybe", 4, "severity"),
        ("    terms: [nincompoop]", "    terms: [nincompoop]\n    scope: everywhere", 10, "Extra inputs"),
        ("category: insult", "category: rudeness", 5, "category"),
        ("code: SMG-TST-001", "code: bad code", 1, "code"),
        ("  fail: [a nincompoop, you nincompoop, nincompoop!]", "  fail: [a nincompoop]", 14, "at least 3"),
        ("name: test-rule", "name: test-rule\nname: again", 3, "duplicate key"),
        ("title: A test rule", "title: [unclosed", 4, "invalid YAML"),
    ],
)
def test_errors_name_file_and_line(pack_dir: Path, old: str, new: str, line: int, words: str) -> None:
    path = _write(pack_dir, RULE.replace(old, new))
    with pytest.raises(PackError) as err:
        load_pack(pack_dir)
    assert err.value.file == str(path)
    assert err.value.line == line, str(err.value)
    assert words in str(err.value)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("clause: Do 9", "clause: Do 99", "unknown clause"),
        ("    terms: [nincompoop]", "    vocab: [no-such-list]", "unknown vocab list"),
        ("  - kind: lexicon\n    terms: [nincompoop]", "  - kind: pattern\n    patterns: [{name: broken, regex: '(unclosed'}]", "does not compile"),
        ("  - kind: lexicon\n    terms: [nincompoop]", "  - kind: pattern\n    patterns: [{name: p, regex: 'x'}]\n    validator: luhn_magic", "unknown validator"),
    ],
)
def test_cross_file_errors(pack_dir: Path, old: str, new: str, words: str) -> None:
    path = _write(pack_dir, RULE.replace(old, new))
    with pytest.raises(PackError) as err:
        load_pack(pack_dir)
    assert err.value.file == str(path)
    assert words in str(err.value)


def test_duplicate_codes_are_rejected(pack_dir: Path) -> None:
    (pack_dir / "rules" / "copy.yaml").write_text(RULE.replace("name: test-rule", "name: other-rule"), encoding="utf-8")
    with pytest.raises(PackError, match="also used"):
        load_pack(pack_dir)


def test_missing_and_binary_files(pack_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(PackError, match="no such pack"):
        load_pack(tmp_path / "nowhere")
    _write(pack_dir, "").write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(PackError, match="not valid UTF-8"):
        load_pack(pack_dir)


def test_the_default_pack_loads_by_name() -> None:
    pack = load_pack("leeds-2019")
    assert pack.id == "leeds-2019" and len(pack.rules) >= 20


def test_an_unknown_time_zone_is_a_load_error(tmp_path: Path) -> None:
    import shutil

    from pausecheck.policy.loader import PACKS_DIR

    dest = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    manifest = dest / "pack.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace("Europe/London", "Europe/Leeds"), encoding="utf-8")
    with pytest.raises(PackError, match="unknown time zone 'Europe/Leeds'") as e:
        load_pack(dest)
    assert e.value.file.endswith("pack.yaml") and e.value.line is not None


def test_calibrated_threshold_needs_learned_detectors(tmp_path: Path) -> None:
    import shutil

    from pausecheck.policy.loader import PACKS_DIR

    dest = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    rule = dest / "rules" / "insult-personal.yaml"
    rule.write_text(rule.read_text("utf-8").replace("\ndetectors:", "\nthreshold: calibrated\ndetectors:", 1),
                    encoding="utf-8")
    with pytest.raises(PackError, match="calibrated"):
        load_pack(dest)


def test_the_schema_union_is_built_from_the_registry() -> None:
    from typing import get_args

    from pausecheck.detectors.registry import KINDS, options_union

    union = get_args(get_args(options_union())[0])
    assert {m.model_fields["kind"].annotation.__args__[0] for m in union} == set(KINDS)
    assert all(KINDS[k].options.__module__ == KINDS[k].__module__ for k in KINDS)  # each kind owns its options
