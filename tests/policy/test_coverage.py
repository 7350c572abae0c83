"""Every clause of the guidance maps to a rule or a checklist question."""

from __future__ import annotations

import re
from pathlib import Path

from pausecheck.policy.coverage import coverage_table, uncovered
from pausecheck.policy.loader import Pack
from pausecheck._types import CATEGORIES

GUIDANCE = Path(__file__).resolve().parents[3] / "shared" / "guidance" / "leeds-members-social-media-guidance-2019.txt"


def test_no_clause_is_uncovered(pack: Pack) -> None:
    assert uncovered(pack) == []


def test_pack_lists_every_section_of_the_guidance(pack: Pack) -> None:
    ids = set(pack.clauses)
    assert {f"Do {n}" for n in range(1, 14)} <= ids
    assert {f"Don't {n}" for n in range(1, 9)} <= ids
    assert {"Legal: Libel", "Legal: Copyright", "Legal: Data protection", "Legal: Confidentiality"} <= ids
    assert {"Code: Honesty and Integrity", "Code: Objectivity", "Code: Accountability", "Code: Leadership"} <= ids
    assert {"Target of abuse", "Meetings"} <= ids


def _numbered(section: str, text: str) -> list[str]:
    return re.findall(r"^\d+\.\s+(.+)$", section, flags=re.M)


def test_each_clause_quote_is_in_the_guidance_and_every_numbered_item_is_a_clause(pack: Pack) -> None:
    assert GUIDANCE.is_file(), "this test reads the guidance from ../shared/guidance beside the repo"
    text = GUIDANCE.read_text("utf-8")
    squashed = " ".join(text.split())
    for clause in pack.manifest.clauses:
        assert " ".join(clause.quote.split()) in squashed, clause.id
    dos, donts = text.split("\nDo:\n", 1)[1].split("\nDon't\n", 1)
    donts = donts.split("Further Information", 1)[0]
    quotes = [" ".join(c.quote.split()) for c in pack.manifest.clauses]
    for item in _numbered(dos, text) + _numbered(donts, text):
        assert any(" ".join(item.split()).startswith(q) for q in quotes), f"guidance item without a clause: {item[:60]}"
    assert len(_numbered(dos, text)) == 13 and len(_numbered(donts, text)) == 8


def test_rule_categories_come_from_the_closed_list(pack: Pack) -> None:
    assert {r.category for r in pack.rules} <= set(CATEGORIES)


def test_coverage_rows_are_in_pack_order(pack: Pack) -> None:
    assert [row["clause"] for row in coverage_table(pack)] == [c.id for c in pack.manifest.clauses]
