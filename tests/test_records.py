"""The batch record format: strict types, bad records in place, lines split on \\n only."""

from __future__ import annotations

import json

import pytest

from pausecheck.records import BadRecord, Defaults, GoodRecord, parse_line, read_records


def _one(obj: object) -> GoodRecord | BadRecord:
    return parse_line(json.dumps(obj, ensure_ascii=False), 7)


def test_a_good_record_becomes_a_post_with_defaults() -> None:
    rec = _one({"id": 12, "text": "Hello", "images": ["a.jpg"], "in_meeting": True})
    assert isinstance(rec, GoodRecord) and rec.id == "12" and rec.line == 7
    assert rec.post.account == "councillor" and rec.post.in_meeting and rec.post.attachments == ("a.jpg",)


@pytest.mark.parametrize(
    ("obj", "why"),
    [
        ({"text": "x", "images": None}, "images"),
        ({"text": "x", "images": 3}, "images"),
        ({"text": "x", "images": "p.jpg"}, "images"),
        ({"text": "x", "in_meeting": "false"}, "in_meeting"),
        ({"text": "x", "account": "mayor"}, "account"),
        ({"text": 5}, "text"),
        ({"id": "a"}, "text"),
        ({"text": "x", "at": "yesterday"}, "ISO-8601"),
    ],
)
def test_bad_fields_are_refused_with_the_field_named(obj: dict[str, object], why: str) -> None:
    rec = _one(obj)
    assert isinstance(rec, BadRecord) and why in rec.reason and "line 7" in rec.reason


def test_a_five_thousand_digit_id_is_a_bad_record() -> None:
    rec = parse_line('{"text": "x", "id": ' + "9" * 5000 + "}", 7)
    assert isinstance(rec, BadRecord) and "line 7" in rec.reason and "digits" in rec.reason


def test_a_null_id_is_not_the_string_none() -> None:
    rec = _one({"id": None, "text": "x"})
    assert isinstance(rec, GoodRecord) and rec.id == "line-7"


def test_deep_nesting_is_a_bad_record_not_a_crash() -> None:
    rec = parse_line('{"text": "x", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}", 3)
    assert isinstance(rec, BadRecord) and "line 3" in rec.reason


def test_unicode_line_separators_inside_strings_do_not_split_records() -> None:
    text = "\n".join(json.dumps({"id": i, "text": f"a\u2028b\u2029c\u0085d {i}"}, ensure_ascii=False) for i in range(3))
    recs = list(read_records(text))
    assert [r.id for r in recs] == ["0", "1", "2"] and all(isinstance(r, GoodRecord) for r in recs)
    assert isinstance(recs[0], GoodRecord) and "\u2028" in recs[0].post.text


def test_blank_lines_are_skipped_and_numbering_is_kept() -> None:
    text = '{"text": "a"}\n\n  \n{"text": "b"}\r\n'
    assert [r.line for r in read_records(text)] == [1, 4]


def test_image_paths_are_relative_to_the_base(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rec = parse_line('{"text": "x", "images": ["p.jpg"]}', 1, Defaults(base=tmp_path))
    assert isinstance(rec, GoodRecord) and rec.post.attachments == (str(tmp_path / "p.jpg"),)
