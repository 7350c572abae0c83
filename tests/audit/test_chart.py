"""Risk over time: the month-by-month counts, the SVG drawn from them, and the table beside it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from test_audit import mastodon_zip, x_zip

from pausecheck import Checker
from pausecheck.audit import audit, write_audit
from pausecheck.audit.chart import COLOURS, MonthlyRisk, months_between

SVG = "{http://www.w3.org/2000/svg}"


def at(y: int, m: int, d: int = 10) -> datetime:
    return datetime(y, m, d, 12, tzinfo=UTC)


def sample() -> MonthlyRisk:
    risk = MonthlyRisk()
    risk.add(at(2023, 1), ["revise", "block"])  # worst: block
    risk.add(at(2023, 1), ["revise"])
    risk.add(at(2023, 1), [])
    risk.add(at(2023, 3), ["advise", "advise"])  # one post, counted once
    risk.add(at(2023, 3), ["block"])
    risk.add(at(2023, 3), ["block"])
    return risk


def test_months_between_crosses_years() -> None:
    assert months_between((2022, 11), (2023, 2)) == [(2022, 11), (2022, 12), (2023, 1), (2023, 2)]
    assert months_between((2023, 5), (2023, 5)) == [(2023, 5)]


def test_each_post_counts_once_under_its_worst_severity() -> None:
    rows = sample().rows()
    assert rows == [
        ((2023, 1), {"block": 1, "revise": 1, "advise": 0}, 3),
        ((2023, 3), {"block": 2, "revise": 0, "advise": 1}, 3),
    ]  # February had no post with findings: left out of the table
    assert sample().months() == [(2023, 1), (2023, 2), (2023, 3)]


def test_months_are_utc_months() -> None:
    risk = MonthlyRisk()
    # 00:30 on 1 Feb in UTC+2 is still 31 January in UTC.
    risk.add(datetime(2023, 2, 1, 0, 30, tzinfo=timezone(timedelta(hours=2))), ["block"])
    assert risk.rows()[0][0] == (2023, 1)


def bars(svg: str) -> list[tuple[str, float, float, str]]:
    root = ET.fromstring(svg)
    out = []
    for rect in root.iter(f"{SVG}rect"):
        title = rect.find(f"{SVG}title")
        assert title is not None
        out.append((rect.get("fill", ""), float(rect.get("height", "0")), float(rect.get("x", "0")), title.text or ""))
    return out


def test_svg_stacks_one_bar_per_month_and_severity_with_heights_in_proportion() -> None:
    risk = sample()
    drawn = bars(risk.svg("description"))
    assert len(drawn) == 4  # Jan block, Jan revise, Mar block, Mar advise
    by_title = {t: (fill, h, x) for fill, h, x, t in drawn}
    jan_block = by_title["Jan 2023: 1 block (do not publish)"]
    mar_block = by_title["Mar 2023: 2 block (do not publish)"]
    mar_advise = by_title["Mar 2023: 1 advice"]
    assert jan_block[0] == COLOURS["block"]
    assert mar_advise[0] == COLOURS["advise"]
    assert mar_block[1] == 2 * jan_block[1]
    assert mar_advise[1] == jan_block[1]
    assert mar_block[2] > jan_block[2]  # later months to the right
    assert by_title["Jan 2023: 1 revise"][2] == jan_block[2]  # the same column


def test_svg_is_labelled_for_assistive_technology() -> None:
    svg = sample().svg("3 posts <b>")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    ids = (root.get("aria-labelledby") or "").split()
    found = {el.get("id"): el for el in root if el.get("id")}
    assert ids
    assert all(i in found for i in ids)
    assert found["risk-chart-desc"].text == "3 posts <b>"  # escaped in the source, text once parsed


def test_html_describes_the_chart_and_gives_its_numbers_as_a_table() -> None:
    page = sample().html()
    assert "5 post(s) with findings from Jan 2023 to Mar 2023, in 2 of 3 month(s); the most in Mar 2023, with 3" in page
    table = page[page.index("<table>"):page.index("</table>")]
    rows = re.findall(r"<tr><th scope=\"row\">([^<]+)</th>((?:<td>\d+</td>)+)</tr>", table)
    assert [(m, re.findall(r"\d+", cells)) for m, cells in rows] == [
        ("Jan 2023", ["1", "1", "0", "2", "3"]),
        ("Mar 2023", ["2", "0", "1", "3", "3"]),
    ]
    assert table.count('<th scope="col">') == 6
    assert "<caption>" in table


def test_nothing_to_chart() -> None:
    assert "nothing to chart" in MonthlyRisk().html()
    quiet = MonthlyRisk()
    quiet.add(at(2020, 5), [])
    assert quiet.html() == "<p>No post from May 2020 to May 2020 has a finding.</p>\n"


def test_a_long_archive_is_labelled_by_year_without_crowding() -> None:
    risk = MonthlyRisk()
    risk.add(at(2008, 6), ["advise"])
    risk.add(at(2024, 2), ["block"])
    root = ET.fromstring(risk.svg("d"))
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert 6 <= len(labels) <= 12
    assert all(label is not None and re.fullmatch(r"20\d\d", label) for label in labels)
    assert labels == sorted(labels)


def test_audit_report_carries_the_chart(tmp_path: Path, checker: Checker) -> None:
    archives = [x_zip(tmp_path / "t.zip"), mastodon_zip(tmp_path / "m.zip")]
    write_audit(audit(archives, checker), tmp_path / "out", archives=2)
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    section = page[page.index('id="risk"'):page.index('id="review"')]
    assert "<svg" in section
    assert "from Mar 2023 to Aug 2023, in 3 of 6 month(s); the most in Aug 2023, with 2" in section
    months = re.findall(r"<tr><th scope=\"row\">([^<]+)</th>", section)
    assert months == ["Mar 2023", "Apr 2023", "Aug 2023"]


def test_a_clean_archive_says_there_are_no_findings(tmp_path: Path, checker: Checker) -> None:
    from archive_builders import ACCOUNT_JS, tweet, write_zip, ytd

    clean = write_zip(tmp_path / "c.zip", {"data/account.js": ACCOUNT_JS, "data/tweets.js": ytd(
        "tweets", 0, [tweet("1", "A lovely day at the park", created_at="Mon Aug 14 09:00:00 +0000 2023")])})
    write_audit(audit([clean], checker), tmp_path / "out", archives=1)
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<p>No post from Aug 2023 to Aug 2023 has a finding.</p>" in page
    assert page[page.index('id="all"'):].count("<p>No findings.</p>") == 1
    assert "<details" not in page
