"""The context kind's date ranges and weekdays (a pre-election period, weekday rules)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from pausecheck import Checker, PackError, Post, load_pack
from pausecheck.policy.loader import PACKS_DIR

RULE = """\
code: SMG-TST-001
name: pre-election-period
title: Posting during the pre-election period
severity: advise
category: capacity
clause: {ref: Do 9, summary: Treat people with respect.}
detectors:
  - kind: context
    dates: [{start: 2027-03-23, end: 2027-05-06, label: the pre-election period}]
    account: [council]
message: "Council accounts must stay neutral during the pre-election period."
why: Because.
advice: Wait until after polling day.
examples:
  fail:
    - {text: "Our new park opens today", account: council, at: "2027-04-01T10:00"}
    - {text: "Bins will be collected as normal", account: council, at: "2027-03-23T00:10"}
    - {text: "Library hours change", account: council, at: "2027-05-06T21:59"}
  pass:
    - {text: "Our new park opens today", account: council, at: "2027-05-07T10:00"}
    - {text: "Our new park opens today", account: councillor, at: "2027-04-01T10:00"}
    - "Our new park opens today"
"""


@pytest.fixture(scope="module")
def checker(tmp_path_factory: pytest.TempPathFactory) -> Checker:
    dest = tmp_path_factory.mktemp("pack") / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    for f in (dest / "rules").glob("*.yaml"):
        f.unlink()
    (dest / "rules" / "pre-election.yaml").write_text(RULE, encoding="utf-8")
    (dest / "rules" / "weekend.yaml").write_text(
        RULE.replace("SMG-TST-001", "SMG-TST-002").replace("pre-election-period", "weekend-post")
        .replace("dates: [{start: 2027-03-23, end: 2027-05-06, label: the pre-election period}]", "weekdays: [sat, sun]"),
        encoding="utf-8")
    return Checker(load_pack(dest))


@pytest.mark.parametrize(
    ("at", "account", "codes"),
    [
        ("2027-04-01T10:00", "council", {"SMG-TST-001"}),          # a Thursday, inside
        ("2027-05-07T10:00", "council", set()),                    # the day after, a Friday
        ("2027-04-03T10:00", "council", {"SMG-TST-001", "SMG-TST-002"}),  # a Saturday, inside
        ("2027-04-01T10:00", "councillor", set()),
        ("2027-05-06T22:30+00:00", "council", {"SMG-TST-001"}),  # 23:30 in London (BST) on 6 May
        ("2027-05-06T23:30+00:00", "council", set()),            # 00:30 on 7 May in London
    ],
)
def test_dates_and_weekdays_in_the_pack_time_zone(checker: Checker, at: str, account: str, codes: set[str]) -> None:
    report = checker.check(Post("Our new park opens today", account, datetime.fromisoformat(at)))
    assert {f.code for f in report.findings} == codes


def test_the_finding_names_the_period(checker: Checker) -> None:
    report = checker.check(Post("Park opens", "council", datetime.fromisoformat("2027-04-01T10:00")))
    [f] = report.findings
    assert "within the pre-election period" in f.explanation


def test_a_post_without_a_time_meets_no_date_condition(checker: Checker) -> None:
    assert checker.check(Post("Park opens", "council")).findings == ()


def test_a_range_that_ends_before_it_starts_is_a_load_error(tmp_path: Path) -> None:
    dest = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    (dest / "rules" / "bad.yaml").write_text(RULE.replace("end: 2027-05-06", "end: 2027-01-06"), encoding="utf-8")
    with pytest.raises(PackError, match=r"ends .* before it starts"):
        load_pack(dest)
