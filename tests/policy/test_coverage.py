"""Every clause of the guidance maps to a rule or a checklist question, and every clause is tied
to its source text.

Each shipped pack (a folder under ``src/pausecheck/packs/``) names its source files in ``SOURCES``
below; the texts live in ``../shared/guidance`` beside the repo and are read, never shipped. A
clause's ``quote`` must be words of one of its pack's sources, and where a source has a list of
its own (numbered items, key points, code paragraphs), every item of it must open with a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pausecheck import load_pack
from pausecheck._types import CATEGORIES
from pausecheck.policy.coverage import coverage_table, uncovered
from pausecheck.policy.loader import PACKS_DIR, Pack

GUIDANCE_DIR = Path(__file__).resolve().parents[3] / "shared" / "guidance"
GUIDANCE = GUIDANCE_DIR / "leeds-members-social-media-guidance-2019.txt"


@dataclass(frozen=True)
class Items:
    """A list inside one source file whose every item must open with some clause's quote.

    ``regex`` (multiline) finds the items, group 1 being the item's text, in each part of the
    file between ``after`` and ``before``; ``skip`` maps the opening words of items that are
    description rather than guidance to the reason they are not clauses.
    """

    file: str
    regex: str
    after: str
    before: str
    count: int
    skip: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    files: tuple[str, ...]
    items: tuple[Items, ...] = ()


_LGA = "others/lga-councillors-and-social-media.txt"
_LGA_INTRO = "others/lga-introduction-social-media-for-councillors.txt"
_LGA_ROLE = "others/lga-guide-role-of-councillors-on-social-media.txt"
_LGA_CODE = "others/lga-model-code-2020-application-of-code.txt"
_WLGA = "others/wlga-councillors-guide-social-media.txt"
_WLGA_ABUSE = "others/wlga-social-media-and-online-abuse.txt"
_SC_PAUSE = "others/scotland-sc-pause-before-you-post-2021.txt"
_SC_CODE = "others/scotland-councillors-code-2021-extracts.txt"

#: Each shipped pack's source texts, relative to ../shared/guidance, and the lists in them.
SOURCES: dict[str, Source] = {
    "leeds-2019": Source(
        (GUIDANCE.name,),
        (Items(GUIDANCE.name, r"^\d+\.\s+(.+)$", "\nDo:\n", "Further Information", 21),),
    ),
    "lga-2020": Source(
        (_LGA, _LGA_INTRO, _LGA_ROLE, _LGA_CODE),
        (
            # Both stored versions: A's six key points and B's first three.
            Items(_LGA, r"^\s*•\s+(.+)$", "Key points", "1. Why you may find", 9),
            # The contents list's sections on staying safe, a councillor's duties and abuse.
            Items(_LGA_INTRO, r"^\s*•\s+(.+)$", "Staying safe and secure online", "Getting started on social media", 8),
            # The Model Code's Application section, paragraph by paragraph.
            Items(_LGA_CODE, r"^([A-Z][^\n]+[.:])$", "Application of the Code of Conduct\n", "[END OF SECTION", 5),
        ),
    ),
    "wlga-2021": Source(
        (_WLGA, _WLGA_ABUSE),
        (
            Items(_WLGA, r"^(\S[^\n]+\.)$", "Social Media\n", "[END OF PAGE", 3),
            # Paragraphs of the resource page (lines ending ':' introduce lists of links).
            Items(_WLGA_ABUSE, r"^(\S[^\n]+\.)$", "Social Media and Online Abuse\n", "[STORED COPY ENDS", 4),
        ),
    ),
    "scotland-2021": Source(
        (_SC_PAUSE, _SC_CODE),
        (
            Items(
                _SC_PAUSE,
                r"^(\S[^\n]+)$",
                "26th March 2021\n",
                "[STORED COPY ENDS",
                6,
                skip={
                    "We are all aware of the huge advantages": "the post's opening line, a preface",
                    "In addition,": "where the stored copy is cut",
                },
            ),
            Items(
                _SC_CODE,
                r"^(\d\.\d+ .+)$",
                "Section ",
                "[STORED COPY ENDS",
                16,
                skip={
                    "1.1 ": "who issued the Code",
                    "1.2 ": "the Code's purpose",
                    "1.3 ": "co-opted members",
                    "1.4 ": "the principles, which are in Section 2",
                },
            ),
        ),
    ),
}

PACK_NAMES = sorted(p.name for p in PACKS_DIR.iterdir() if (p / "pack.yaml").is_file())


def _body(file: str) -> str:
    """The source text, less the header block above the line of '=' that the others/ files have."""
    path = GUIDANCE_DIR / file
    assert path.is_file(), f"this test reads the guidance from ../shared/guidance beside the repo: {file}"
    text = path.read_text("utf-8")
    parts = re.split(r"^={10,}$", text, maxsplit=1, flags=re.M)
    return parts[-1]


def _squash(s: str) -> str:
    return " ".join(s.split())


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
    assert len(_numbered(dos, text)) == 13
    assert len(_numbered(donts, text)) == 8


def test_rule_categories_come_from_the_closed_list(pack: Pack) -> None:
    assert {r.category for r in pack.rules} <= set(CATEGORIES)


def test_coverage_rows_are_in_pack_order(pack: Pack) -> None:
    assert [row["clause"] for row in coverage_table(pack)] == [c.id for c in pack.manifest.clauses]


# --- Every shipped pack ------------------------------------------------------------------


def test_every_shipped_pack_names_its_source() -> None:
    missing = [name for name in PACK_NAMES if name not in SOURCES]
    assert not missing, f"add the source text of {missing} to SOURCES in this file"


@pytest.mark.parametrize("name", PACK_NAMES)
def test_every_clause_quote_is_in_its_packs_source(name: str) -> None:
    pack = load_pack(name)
    bodies = [_squash(_body(f)) for f in SOURCES[name].files]
    for clause in pack.manifest.clauses:
        assert any(_squash(clause.quote) in b for b in bodies), f"{name}: quote of {clause.id!r} is not in its source"
    # Every source file lends the pack at least one clause: a file listed but unused is a mistake.
    for f, b in zip(SOURCES[name].files, bodies, strict=True):
        assert any(_squash(c.quote) in b for c in pack.manifest.clauses), f"{name}: no clause quotes {f}"


@pytest.mark.parametrize("name", PACK_NAMES)
def test_every_listed_item_of_the_source_opens_a_clause(name: str) -> None:
    pack = load_pack(name)
    quotes = [_squash(c.quote) for c in pack.manifest.clauses]
    for spec in SOURCES[name].items:
        body = _body(spec.file)
        parts = re.findall(re.escape(spec.after) + r"(.*?)" + re.escape(spec.before), body, flags=re.S)
        assert parts, f"{spec.file}: no text between {spec.after!r} and {spec.before!r}"
        items = [_squash(i) for part in parts for i in re.findall(spec.regex, part, flags=re.M)]
        assert len(items) == spec.count, f"{spec.file}: expected {spec.count} items, found {len(items)}: {items}"
        for item in items:
            if any(item.startswith(s) for s in spec.skip):
                continue
            assert any(item.startswith(q) for q in quotes), f"{name}: source item without a clause: {item[:70]!r}"


@pytest.mark.parametrize("name", PACK_NAMES)
def test_every_clause_of_every_pack_is_covered(name: str) -> None:
    pack = load_pack(name)
    assert uncovered(pack) == [], f"{name}: clauses with no rule or checklist question"
    assert [row["clause"] for row in coverage_table(pack)] == [c.id for c in pack.manifest.clauses]
    assert {r.category for r in pack.rules} <= set(CATEGORIES)
