"""The importers' contract: lazy streams vs all-or-nothing, constant memory on big archives,
the ImportedPost value, and the layer rule (importers import only post, _types, _exceptions)."""

from __future__ import annotations

import ast
import json
import time
import tracemalloc
from datetime import datetime
from pathlib import Path

import pytest
from archive_builders import ACCOUNT_JS, WXR_HEAD, WXR_TAIL, tweet, write_zip, wxr_item, ytd

import pausecheck.importers
from pausecheck import Checker, InputError, Post, Verdict
from pausecheck.importers import (
    PLATFORMS,
    ArchiveError,
    ImportedPost,
    _archive,
    import_all,
    iter_mastodon,
    iter_x,
    open_archive,
)

PACKAGE = Path(pausecheck.importers.__file__).parent


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_zip(
        tmp_path / "t.zip",
        {"data/account.js": ACCOUNT_JS, "data/tweets.js": ytd("tweets", 0, [tweet("1", "a"), tweet("2", "b")])},
    )


def test_streams_are_lazy(tmp_path: Path) -> None:
    stream = open_archive(tmp_path / "missing.zip")  # nothing opened yet
    with pytest.raises(ArchiveError, match="cannot be opened"):
        next(stream)


def test_arguments_are_checked_at_the_call(small: Path) -> None:
    with pytest.raises(InputError, match="unknown account 'mayor'"):
        open_archive(small, account="mayor")
    with pytest.raises(InputError, match="unknown account"):
        iter_x(small, account="")


def test_a_stream_can_be_left_early(small: Path) -> None:
    stream = open_archive(small)
    assert next(stream).platform_id == "1"
    stream.close()  # releases the archive; nothing else to do
    assert [p.platform_id for p in import_all(small)] == ["1", "2"]


def test_a_change_between_the_two_reads_is_an_error(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_archive.Container, "changed", lambda self: True)
    with pytest.raises(ArchiveError, match="changed on disk while it was being read"):
        import_all(small)


def test_the_wrong_importer_says_what_is_missing(small: Path) -> None:
    with pytest.raises(ArchiveError, match=r"has no outbox\.json: not a Mastodon archive"):
        list(iter_mastodon(small))


def test_imported_post_is_a_checked_value() -> None:
    when = datetime.fromisoformat("2024-01-01T00:00:00+00:00")
    item = ImportedPost(Post("hi", at=when, platform="x"), "x", "1", None, "post", when, "a.zip:tweets.js#1")
    assert item.own
    assert item.has_text
    assert item.text == "hi"
    with pytest.raises(ValueError, match="aware"):
        ImportedPost(Post("hi"), "x", "1", None, "post", datetime(2024, 1, 1), "s")
    with pytest.raises(ValueError, match="unknown kind"):
        ImportedPost(Post("hi"), "x", "1", None, "like", when, "s")  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        item.kind = "reply"  # type: ignore[misc]
    assert set(PLATFORMS) == {"x", "facebook", "mastodon", "bluesky", "linkedin", "wordpress"}


def _peak_while_streaming(path: Path) -> tuple[int, int, float]:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        count = sum(1 for _ in open_archive(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return count, peak, time.perf_counter() - start


def test_a_big_tweets_file_streams_in_constant_memory(tmp_path: Path) -> None:
    n = 6_000
    elements = ",".join(json.dumps(tweet(str(i), f"Post number {i} about the ward budget " * 8)) for i in range(n))
    text = f"window.YTD.tweets.part0 = [{elements}]"
    assert len(text) > 3 * 2**20
    path = write_zip(tmp_path / "big.zip", {"data/tweets.js": text})
    del elements, text
    count, peak, _elapsed = _peak_while_streaming(path)
    assert count == n
    assert peak < 2 * 2**20, f"peak {peak / 2**20:.1f} MB for a {n}-tweet file read twice"


def test_a_big_wordpress_export_streams_in_constant_memory(tmp_path: Path) -> None:
    items = "".join(wxr_item(i, f"Post {i}", "<p>" + "Words about the ward. " * 60 + "</p>") for i in range(1_000))
    path = tmp_path / "export.xml"
    path.write_text(WXR_HEAD + items + WXR_TAIL, encoding="utf-8")
    assert path.stat().st_size > 1.5 * 2**20
    count, peak, _elapsed = _peak_while_streaming(path)
    assert count == 1_000
    assert peak < 2 * 2**20, f"peak {peak / 2**20:.1f} MB"


ALLOWED = {"pausecheck.post", "pausecheck._types", "pausecheck._exceptions"}


@pytest.mark.parametrize("module", sorted(p.name for p in PACKAGE.glob("*.py")))
def test_importers_import_only_the_plain_values(module: str) -> None:
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            if name == "pausecheck" or name.startswith("pausecheck."):
                assert name in ALLOWED or name.startswith("pausecheck.importers"), f"{module} imports {name}"


def test_importing_opens_no_socket(tmp_path: Path, network_attempts: list[object]) -> None:
    xml = tmp_path / "export.xml"
    xml.write_text(
        WXR_HEAD
        + wxr_item(1, "Links", '<p><img src="https://tracker.example/p.gif"> https://example.com</p>')
        + WXR_TAIL
    )
    tweets = write_zip(
        tmp_path / "t.zip",
        {
            "tweets.js": ytd(
                "tweets", 0, [tweet("1", "see https://t.co/x", urls=[("https://t.co/x", "https://example.com")])]
            )
        },
    )
    assert [p.text for p in import_all(xml)] == ["Links\n\nhttps://example.com"]
    assert [p.text for p in import_all(tweets)] == ["see https://example.com"]
    assert network_attempts == []


def test_imported_posts_go_straight_to_the_checker(tmp_path: Path, checker: Checker) -> None:
    path = write_zip(
        tmp_path / "t.zip",
        {
            "data/tweets.js": ytd(
                "tweets",
                0,
                [tweet("1", "RT @bob: Cllr Smith is an idiot"), tweet("2", "Lovely morning at the ward surgery")],
            )
        },
    )
    retweet, own = import_all(path)
    assert checker.check(retweet.post).verdict != Verdict.PUBLISH  # a retweet republishes the words
    assert checker.check(own.post).verdict == Verdict.PUBLISH
    reports = list(checker.check_many([p.post for p in import_all(path)], errors="return"))
    assert len(reports) == 2
