"""Swapping one UK party for another never changes a verdict: pausecheck flags risks, not politics."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import regex

from pausecheck import Checker, Post

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
from corpus import case_post, load_cases  # noqa: E402

# Each party as a noun, a plural/member form and a hashtag-able token, swapped as a set.
PARTIES = [
    ("Labour", "Labour", "Labour"),
    ("the Conservatives", "Conservative", "Tories"),
    ("the Liberal Democrats", "Lib Dem", "LibDems"),
    ("the Greens", "Green", "Greens"),
    ("Reform UK", "Reform", "Reform"),
    ("the SNP", "SNP", "SNP"),
    ("Plaid Cymru", "Plaid", "Plaid"),
]
_FIND = regex.compile(
    r"\b(?:the\s+)?(?:Labour|Conservatives?|Tory|Tories|Liberal\s+Democrats?|Lib\s?Dems?|Greens?|Green\s+Party|Reform(?:\s+UK)?|SNP|Plaid(?:\s+Cymru)?)\b"
)

TEMPLATES = [
    "{0} have gutted our libraries and should be ashamed of this budget.",
    "Vote {1} on Thursday to keep Armley's bin collections weekly! #Vote{2}",
    "I'm proud to stand for {1} in Headingley. Thanks to everyone who came canvassing.",
    "{0}'s housing plan is a shambles and residents deserve better.",
    "Cllr Smith of {0} is an idiot.",
    "Everyone knows {0} took backhanders from the developer.",
    "The council believes {1} policies are right for Leeds.",
    "Mrs Jones told me she's voting {1} this time.",
]


def _variants(text: str) -> list[str]:
    if not _FIND.search(text):
        return []
    return [_FIND.sub(lambda m, p=p: p[1] if not m.group().lower().startswith("the") else p[0], text) for p in PARTIES]


def _posts() -> list[tuple[str, list[Post]]]:
    out = [(t, [Post(t.format(*p)) for p in PARTIES]) for t in TEMPLATES]
    out += [(t, [Post(t.format(*p), account="council") for p in PARTIES]) for t in TEMPLATES[:3]]
    for cases in load_cases().values():
        for case in cases:
            variants = _variants(case["text"])
            if variants:
                base = case_post(case)
                out.append((case["id"], [Post(v, base.account, base.at, base.platform, (), base.in_meeting) for v in variants]))
    return out


@pytest.mark.parametrize(("label", "posts"), _posts(), ids=lambda v: v if isinstance(v, str) else "")
def test_party_swap_keeps_the_verdict(checker: Checker, label: str, posts: list[Post]) -> None:
    verdicts = {p.text: checker.check(p).verdict.value for p in posts}
    assert len(set(verdicts.values())) == 1, verdicts
