"""The text layout on real posts, pinned by golden files at a fixed width and time, and the
presentation model it is laid out from.

Set PAUSECHECK_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate layout change,
then read the diff (git diff tests/report/golden/posts) before committing.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest

from pausecheck import Checker, Post
from pausecheck.findings import Notice, Report, Verdict
from pausecheck.report import build_view, markdown_to_text, summarise, summary_to_text, terminal_width, to_text
from pausecheck.report.text import MAX_WIDTH, MIN_WIDTH

GOLDEN = Path(__file__).resolve().parent / "golden" / "posts"
IMAGES = Path(__file__).resolve().parents[2] / "examples" / "images"
DRAFTS = Path(__file__).resolve().parents[2] / "examples" / "drafts" / "drafts.jsonl"
WIDTH = 88
NOON = datetime(2026, 3, 10, 12, 0)

#: name -> the post; a small set that covers each part of the layout.
POSTS = {
    "clean": Post("Huge thanks to the volunteers who cleared Armley Park this morning. #Armley", at=NOON),
    "two-swears-late": Post("What a sh1t show. F*CKING RIDICULOUS!!!", account="personal",
                            at=datetime(2026, 3, 14, 23, 48)),
    "contact-details": Post("Mr Green at 14 Oak Road, LS12 3AB still hasn't had his bins collected. "
                            "Call him on 07700 900123 if you can help.", at=NOON),
    "agency-photo": Post("Great turnout at today's rally in Millennium Square!", account="party", at=NOON,
                         attachments=(str(IMAGES / "agency-photo.jpg"),)),
    "welsh": Post("Diolch i bawb a ddaeth i'r cyfarfod heno yn neuadd y pentref. Bydd y nodiadau ar-lein yfory.",
                  at=NOON),
}


@pytest.fixture(scope="module")
def fixing(checker: Checker) -> Checker:
    """As the command line checks: findings carry rewrites of the post (``--fix``'s, shown as a diff)."""
    return Checker(checker.pack, resources=checker.resources, fixes=True)


@pytest.fixture(scope="module")
def reports(fixing: Checker) -> dict[str, Report]:
    return {name: fixing.check(post) for name, post in POSTS.items()}


@pytest.mark.parametrize("name", sorted(POSTS))
def test_golden_layout(reports: dict[str, Report], name: str) -> None:
    got = to_text(reports[name], width=WIDTH, title=name)
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("PAUSECHECK_UPDATE_GOLDEN") == "1":
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text("utf-8")


def test_one_block_per_rule_listing_every_span(reports: dict[str, Report]) -> None:
    view = build_view(reports["contact-details"])
    [contact] = [e for e in view.entries if e.code == "SMG-PII-001"]
    assert [q.text for q in contact.quotes] == ["14 Oak Road", "LS12 3AB", "07700 900123"]
    out = to_text(reports["contact-details"], width=WIDTH)
    assert out.count("SMG-PII-001 resident-contact-details") == 1
    assert "Found 3 times" in out


def test_a_message_about_an_image_names_the_image(reports: dict[str, Report]) -> None:
    [photo] = [f for f in reports["agency-photo"].findings if f.code == "SMG-CPY-001"]
    assert photo.subject == "agency-photo.jpg"
    assert photo.message.startswith("'agency-photo.jpg' ")
    assert "''" not in to_text(reports["agency-photo"], width=WIDTH)


def test_the_header_says_what_was_not_checked(reports: dict[str, Report]) -> None:
    header = build_view(reports["agency-photo"]).header
    assert any("agency-photo.jpg" in n and "metadata" in n for n in header.not_checked)
    # The allegation rule (SMG-DEF-003) is the one learned rule in preview: every report says so.
    assert any("1 rule using the learned model is in preview" in n for n in header.not_checked)
    assert any("Welsh" in n for n in build_view(reports["welsh"]).header.not_checked)


def test_the_header_says_when_learned_rules_in_preview_did_not_run(tmp_path: Path, checker: Checker) -> None:
    import shutil

    from pausecheck import load_pack
    from pausecheck.policy.loader import PACKS_DIR

    dest = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    rule = dest / "rules" / "learned-identity-attack.yaml"
    rule.write_text(rule.read_text("utf-8").replace("status: stable", "status: preview"), "utf-8")
    report = Checker(load_pack(dest), resources=checker.resources).check(Post("Thanks to all who came along"))
    header = build_view(report).header
    assert any("preview" in n for n in header.not_checked)
    assert not header.headline.startswith("No problems found.")


def test_no_problems_found_only_when_nothing_was_found_or_left_unchecked(reports: dict[str, Report]) -> None:
    clean = reports["clean"]
    assert clean.verdict is Verdict.PUBLISH and not clean.findings
    # A learned rule in preview did not run, so the headline says "in what was checked".
    assert build_view(clean).header.headline.startswith("No problems found in what was checked")
    bare = Report(Verdict.PUBLISH, (), (), "Thanks all", notices=())
    assert build_view(bare).header.headline.startswith("No problems found.")
    advisory = reports["two-swears-late"]
    assert "No problems found" not in to_text(advisory, width=WIDTH)
    warned = Report(Verdict.PUBLISH, (), (), "Thanks all", warnings=("rule X (x) could not finish: too slow",))
    assert build_view(warned).header.not_checked == ("Rule X (x) could not finish: too slow.",)
    noted = Report(Verdict.PUBLISH, (), (), "Thanks all", notices=(Notice("language-not-checked", "Welsh."),))
    assert "No problems found." not in build_view(noted).header.headline


def test_checklist_questions_have_a_reason_from_the_post_at_most_three(reports: dict[str, Report]) -> None:
    for report in reports.values():
        assert all(q.trigger for q in report.checklist)
        assert len(build_view(report).questions) <= 3
    ids = [q.id for q in reports["clean"].checklist]
    assert "CHK-PAUSE" not in ids and "CHK-PRIVACY" not in ids  # no condition: the post gives no reason
    first = reports["agency-photo"].checklist[0]
    assert first.id == "CHK-IMAGE-RIGHTS" or "agency-photo.jpg" in first.trigger
    swear = [q.id for q in reports["two-swears-late"].checklist]
    assert swear[0] == "CHK-TAKEDOWN"  # raised by the swearing, the most serious reason
    # one question per reason before a second for any reason
    triggers = [q.trigger for q in reports["two-swears-late"].checklist]
    distinct = list(dict.fromkeys(triggers))
    assert triggers[: len(distinct)] == distinct


def test_width_follows_the_terminal_within_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "70")
    assert terminal_width() == 70
    monkeypatch.setenv("COLUMNS", "20")
    assert terminal_width() == MIN_WIDTH
    monkeypatch.setenv("COLUMNS", "400")
    assert terminal_width() == MAX_WIDTH
    report = Report(Verdict.PUBLISH, (), (), "word " * 60)
    for width in (60, 100):
        assert max(len(line) for line in to_text(report, width=width).splitlines()) == width


def test_every_demo_draft_fits_a_screen(fixing: Checker) -> None:
    from pausecheck.records import Defaults, GoodRecord, read_records

    records = [r for r in read_records(DRAFTS.read_text("utf-8"), Defaults(base=DRAFTS.parent))
               if isinstance(r, GoodRecord)]
    assert len(records) == len(DRAFTS.read_text("utf-8").splitlines())
    for rec in records:
        post = rec.post if rec.post.at else Post(rec.post.text, rec.post.account, NOON, rec.post.platform,
                                                 rec.post.attachments, rec.post.in_meeting)
        lines = to_text(fixing.check(post), width=100, title=rec.id).splitlines()
        assert len(lines) <= 40, (rec.id, len(lines))


def test_batch_summary_counts_verdicts_and_categories(reports: dict[str, Report]) -> None:
    summary = summarise(reports.values(), unreadable=1)
    assert sum(n for _, n in summary.by_verdict) == len(reports) == summary.posts
    rules = {f.code for r in reports.values() for f in r.findings if f.category == "personal_data"}
    assert dict(summary.by_category)["personal_data"] == len(rules)  # one finding per rule, not per span
    out = summary_to_text(summary, width=WIDTH)
    assert f"{len(reports)} posts checked:" in out and f"personal data {len(rules)}" in out
    assert "1 record could not be checked" in out
    assert "images not read in 1 post" in out


def test_rule_markdown_is_laid_out_for_the_terminal() -> None:
    out = markdown_to_text("# SMG-X-001 a-rule\n\n## Why\n\nBecause **this** matters.\n\n- one\n- two\n", width=60)
    assert "#" not in out and "**" not in out
    assert "SMG-X-001 a-rule" in out and "Because this matters." in out and "• one" in out


def test_json_keeps_every_span_with_its_offsets(reports: dict[str, Report]) -> None:
    from pausecheck.report import to_json

    data = json.loads(to_json(reports["contact-details"]))
    [contact] = [f for f in data["findings"] if f["code"] == "SMG-PII-001"]
    assert [data["post"]["text"][s["start"]:s["end"]] for s in contact["spans"]] == [
        s["match"] for s in contact["spans"]] == ["14 Oak Road", "LS12 3AB", "07700 900123"]
