"""The streaming JSON reader agrees with json.loads however the text is cut into chunks."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from archive_builders import Car, refused, write_zip
from hypothesis import given, settings
from hypothesis import strategies as st

from pausecheck.importers import ArchiveError, _archive, _json
from pausecheck.importers._json import JsonStream
from pausecheck.importers.base import Where

WHERE = Where("a.zip", "a.zip", "x.json")

scalars = st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.text(max_size=12)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


def read_all(text: str) -> dict[str, Any]:
    js = JsonStream(io.StringIO(text), WHERE)
    out: dict[str, Any] = {}
    for key in js.iter_object():
        out[key] = list(js.iter_array()) if js.peek() == "[" else js.value()
    js.end()
    return out


@settings(max_examples=200, deadline=None)
@given(
    doc=st.dictionaries(st.text(max_size=8), values | st.lists(values, max_size=5), max_size=5), chunk=st.integers(1, 9)
)
def test_streaming_matches_json_loads(doc: dict[str, Any], chunk: int) -> None:
    text = json.dumps(doc, indent=1, ensure_ascii=False)
    old = _json._CHUNK
    _json._CHUNK = chunk
    try:
        assert read_all(text) == json.loads(text)
    finally:
        _json._CHUNK = old


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('{"a": 1', "ends before"),
        ('{"a" 1}', "expected ':'"),
        ('{"a": [1, 2}', "expected ',' or ']'"),
        ("{1: 2}", "expected a key"),
        ('{"a": 1} x', "unexpected text after"),
    ],
)
def test_structural_errors(text: str, match: str) -> None:
    with pytest.raises(ArchiveError, match=match):
        read_all(text)


def test_the_entry_cap_holds_on_a_slow_drip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_json, "_CHUNK", 5)
    js = JsonStream(io.StringIO('[{"a": "' + "x" * 1000 + '"}]'), WHERE, max_entry=100)
    with pytest.raises(ArchiveError, match="has an entry longer than"):
        list(js.iter_array())


def test_large_car_is_refused_by_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    car = Car()
    car.add(
        "app.bsky.feed.post/3kabc2222222a",
        {"$type": "app.bsky.feed.post", "text": "x" * 500, "createdAt": "2024-05-01T10:00:00Z"},
    )
    path = car.write(tmp_path / "repo.car")
    monkeypatch.setattr(_archive, "MAX_DATA_BYTES", 100)
    refused(path, "larger than the 100 bytes limit for a repository export")


def test_errors_in_a_lone_file_name_the_entry(tmp_path: Path) -> None:
    from archive_builders import WXR_HEAD, WXR_TAIL, wxr_item

    path = tmp_path / "export.xml"
    path.write_text(
        WXR_HEAD
        + wxr_item(1, "x", "y")
        .replace("<wp:post_id>1</wp:post_id>", "")
        .replace('<guid isPermaLink="false">https://alice.example/?p=1</guid>', "")
        + WXR_TAIL
    )
    err = refused(path, "item has no wp:post_id")
    assert err.member == "entry 1"
    assert str(err) == f"{path}: entry 1: item has no wp:post_id"


def test_broken_json_in_every_json_format(tmp_path: Path) -> None:
    cases = {
        "fb.zip": {"posts/your_posts_1.json": '[{"timestamp": 1700000000, "data": [{"post": "x"}]}, {"timestamp": }]'},
        "masto.zip": {
            "outbox.json": '{"orderedItems": [{"type": "Create", "object": {"id": "1", "content": "x", "published": "2023-01-01T00:00:00Z"}} ,, ]}'
        },
    }
    for name, files in cases.items():
        refused(write_zip(tmp_path / name, files), "is not valid JSON")
