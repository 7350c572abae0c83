"""LinkedIn CSV exports: BOM, embedded newlines and quotes, backslash escapes, reshares."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from archive_builders import refused, write_folder, write_zip

from pausecheck.importers import detect_format, import_all, iter_linkedin
from pausecheck.importers.linkedin import clean_commentary

SHARES = (
    "\ufeffDate,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\r\n"
    '2024-01-02 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A123,"First line\r\nsecond, with ""quotes""",,,MEMBER_NETWORK\r\n'
    "2024-01-03 10:00:00 UTC,https://www.linkedin.com/feed/update/urn:li:share:124,,https://news.example/article,,CONNECTIONS\r\n"
    '2024-01-04 10:00:00,https://www.linkedin.com/feed/update/urn:li:ugcPost:125,"My thoughts",https://www.linkedin.com/posts/bob_x-activity-9,,PUBLIC\r\n'
    "2024-01-05 10:00:00,https://www.linkedin.com/feed/update/urn:li:share:126,,,https://media.example/a.jpg,PUBLIC\r\n"
    '2024-01-06 10:00:00,https://www.linkedin.com/feed/update/urn:li:share:127,"""Wrapped twice""\n""second line""",,,PUBLIC\r\n'
)
COMMENTS = (
    "Date,Link,Message\n"
    '2024-02-01 09:00:00,https://www.linkedin.com/feed/update/urn:li:activity:5,"wrote \\"great post\\" today"\n'
    '2024-02-02 09:00:00,https://www.linkedin.com/feed/update/urn:li:activity:6,"multi\nline, comment"\n'
    "2024-02-03 09:00:00,https://www.linkedin.com/feed/update/urn:li:activity:7,   \n"
)


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_zip(
        tmp_path / "Basic_LinkedInDataExport_01-02-2024.zip",
        {"Shares.csv": SHARES, "Comments.csv": COMMENTS, "Profile.csv": "First Name\nAlice\n"},
    )


def test_shares_and_comments(export: Path) -> None:
    assert detect_format(export) == "linkedin"
    posts = import_all(export)
    assert [(p.kind, p.text) for p in posts] == [
        ("post", 'First line\r\nsecond, with "quotes"'),
        ("repost", ""),
        ("quote", "My thoughts"),
        ("post", "Wrapped twice\nsecond line"),
        ("comment", 'wrote "great post" today'),
        ("comment", "multi\nline, comment"),
    ]
    first, reshare, quote = posts[:3]
    assert first.platform_id == "urn:li:share:123"
    assert first.url == "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A123"
    assert first.created_at == datetime(2024, 1, 2, 10, tzinfo=UTC)
    assert first.source == "Basic_LinkedInDataExport_01-02-2024.zip:Shares.csv#1"
    assert reshare.quoted_ref == "https://news.example/article"
    assert reshare.created_at == datetime(2024, 1, 3, 10, tzinfo=UTC)
    assert quote.quoted_ref == "https://www.linkedin.com/posts/bob_x-activity-9"
    comment = posts[4]
    assert comment.in_reply_to == comment.url == "https://www.linkedin.com/feed/update/urn:li:activity:5"
    assert comment.platform_id.startswith("comment:")


def test_lone_csv_and_folder(tmp_path: Path) -> None:
    lone = tmp_path / "Comments.csv"
    lone.write_text(COMMENTS, encoding="utf-8")
    assert detect_format(lone) == "linkedin"
    assert len(list(iter_linkedin(lone))) == 2
    folder = write_folder(tmp_path / "export", {"Shares.csv": SHARES})
    assert len(import_all(folder)) == 4


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("plain", "plain"),
        ('"Quote of the day"', '"Quote of the day"'),  # left alone: no artefacts
        ('"line one"\n"line two"', "line one\nline two"),
        ('"says ""hi"" once"', 'says "hi" once'),
    ],
)
def test_clean_commentary(raw: str, clean: str) -> None:
    assert clean_commentary(raw) == clean


def test_missing_columns(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "li.zip", {"Shares.csv": "Date,Link\n2024-01-01 00:00:00,x\n"})
    refused(path, "lacks the column")


def test_more_fields_than_the_header(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "li.zip", {"Comments.csv": 'Date,Link,Message\n2024-01-01 00:00:00,x,"a",b\n'})
    refused(path, "has 4 fields where the header has 3")


def test_bad_date(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "li.zip", {"Comments.csv": "Date,Link,Message\nsometime later,x,hello\n"})
    err = refused(path, "is not an ISO 8601 date-time")
    assert err.member == "Comments.csv entry 1"


def test_a_huge_field_is_refused(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "li.zip", {"Comments.csv": 'Date,Link,Message\n2024-01-01 00:00:00,x,"' + "a" * 200_000 + '"\n'}
    )
    refused(path, "field larger than field limit")


def test_the_field_limit_holds_whatever_the_process_wide_csv_limit(tmp_path: Path) -> None:
    import csv

    before = csv.field_size_limit(10_000_000)  # as a data-loading script might set it
    try:
        test_a_huge_field_is_refused(tmp_path)
    finally:
        csv.field_size_limit(before)
