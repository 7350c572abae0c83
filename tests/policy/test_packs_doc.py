"""docs/packs.md is generated from the code; this fails when it is stale or its example breaks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pausecheck.authoring import check_pack
from pausecheck.cli import main
from pausecheck.detectors.registry import KINDS
from pausecheck.policy import packs_doc
from pausecheck.policy.loader import PACKS_DIR
from pausecheck.policy.packs_doc import (
    COMMAND,
    EXAMPLE_CHECK_OUTPUT,
    EXAMPLE_MANIFEST,
    EXAMPLE_RULE,
    EXAMPLE_RULE_FILE,
    packs_markdown,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "packs.md"


@pytest.fixture(scope="module")
def text() -> str:
    return packs_markdown()


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n{heading}\n")
    end = text.find("\n### ", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_the_guide_is_up_to_date(text: str) -> None:
    on_disk = DOC.read_text("utf-8") if DOC.exists() else ""
    assert on_disk == text, f"docs/packs.md is stale: run '{COMMAND}'"


def test_every_kind_has_a_section_listing_every_option(text: str) -> None:
    for kind, detector in KINDS.items():
        section = _section(text, f"### `{kind}`")
        for name, field in detector.options.model_fields.items():
            assert f"| `{field.alias or name}` |" in section, (kind, name)


def test_a_new_option_changes_the_guide(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import Field

    from pausecheck.detectors.options import KindOptions

    class ExtraOptions(KindOptions):
        """A kind made up for this test."""

        kind: str = "extra"
        depth: int = Field(3, ge=1, le=9, description="how deep to look")

    class Extra:
        options = ExtraOptions

    monkeypatch.setitem(KINDS, "extra", Extra)  # type: ignore[arg-type]
    section = _section(packs_markdown(), "### `extra`")
    assert "A kind made up for this test." in section
    assert "| `depth` | integer | `3` | >= 1, <= 9 | how deep to look |" in section


def test_every_category_severity_shape_and_validator_is_listed(text: str) -> None:
    from pausecheck._types import CATEGORIES, SEVERITIES
    from pausecheck.text.shapes import SHAPES, VALIDATORS

    for c in CATEGORIES:
        assert f"| `{c}` |" in text, c
    for s in SEVERITIES:
        assert f"- `{s}`:" in text, s
    for name in SHAPES:
        assert f"`{{shape:{name}}}`" in text, name
    for name in VALIDATORS:
        assert f"- `{name}`:" in text, name


def test_every_link_inside_the_guide_has_its_heading(text: str) -> None:
    headings = {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
                for h in re.findall(r"^#+ (.+)$", text, flags=re.M)}
    links = set(re.findall(r"\]\(#([^)]+)\)", text))
    assert links
    assert links <= headings, sorted(links - headings)


def test_descriptions_come_from_the_code_not_invented(text: str) -> None:
    # Field(description=...) and a `#:` comment both show; a field without either has none.
    assert "opening words in the guidance, to tie the clause to the text" in _section(text, "### ClauseSpec")
    assert "a party is never a person" in _section(text, "### Settings")
    assert "| `timezone` | string | `Europe/London` |  |  |" in _section(text, "### Settings")


def test_the_worked_example_loads_and_passes_its_examples(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    assert EXAMPLE_MANIFEST in text
    assert EXAMPLE_RULE in text
    pack = tmp_path / packs_doc.EXAMPLE_PACK_DIR
    shutil.copytree(PACKS_DIR / "leeds-2019", pack)
    shutil.rmtree(pack / "rules")
    (pack / "rules").mkdir()
    (pack / "pack.yaml").write_text(EXAMPLE_MANIFEST, encoding="utf-8")
    (pack / EXAMPLE_RULE_FILE).write_text(EXAMPLE_RULE, encoding="utf-8")

    result = check_pack(pack)
    assert result.ok, [str(p) for p in result.problems]

    assert main(["pack", "check", str(pack)]) == 0
    assert capsys.readouterr().out.strip() == EXAMPLE_CHECK_OUTPUT


def test_the_worked_example_really_tests_its_rule(tmp_path: Path) -> None:
    # A pass example that the rule flags is reported: the examples are not decoration.
    pack = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", pack)
    shutil.rmtree(pack / "rules")
    (pack / "rules").mkdir()
    (pack / "pack.yaml").write_text(EXAMPLE_MANIFEST, encoding="utf-8")
    broken = EXAMPLE_RULE.replace(
        '  pass:\n', '  pass:\n    - "I will vote against 24/01234/FU tonight."\n'
    )
    (pack / EXAMPLE_RULE_FILE).write_text(broken, encoding="utf-8")
    result = check_pack(pack)
    assert [p.message for p in result.problems] == [
        "NBC-PLN-001 planning-vote-declared: pass example triggers the rule: 'I will vote against 24/01234/FU tonight.'"
    ]
