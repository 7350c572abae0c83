"""docs/rules/ is generated from the pack; this fails when it is stale."""

from __future__ import annotations

from pathlib import Path

from pausecheck.policy.docs import generate
from pausecheck.policy.loader import Pack

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"


def test_rule_docs_are_up_to_date(pack: Pack) -> None:
    pages = generate(pack)
    on_disk = {p.name: p.read_text("utf-8") for p in DOCS.glob("*.md")}
    stale = sorted(n for n in pages if on_disk.get(n) != pages[n])
    extra = sorted(set(on_disk) - set(pages))
    assert not stale and not extra, f"run 'make docs' (stale: {stale}, extra: {extra})"


def test_every_rule_page_has_the_fixed_sections(pack: Pack) -> None:
    for name, text in generate(pack).items():
        if name == "README.md":
            continue
        for heading in ("## Why it matters", "## What to do instead", "## Examples that are flagged", "## Examples that pass"):
            assert heading in text, (name, heading)
