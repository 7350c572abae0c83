"""Bluesky repository CARs: posts, facets after emoji (UTF-8 bytes to code points), replies,
quotes, reposts; and the strict CAR / DAG-CBOR reader refusing every kind of bad block."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from archive_builders import Car, Link, car_bytes, cbor, cid_of, refused, varint

from pausecheck.importers import ArchiveError, _cbor, detect_format, import_all, iter_bluesky
from pausecheck.importers.bluesky import tid_time, utf8_span_to_codepoints

BOB_POST = "at://did:plc:bob/app.bsky.feed.post/3kbob2222222a"


def post(text: str, **extra: Any) -> dict[str, Any]:
    return {
        "$type": "app.bsky.feed.post",
        "text": text,
        "createdAt": "2024-05-01T10:00:00.000Z",
        "langs": ["en"],
        **extra,
    }


def link_facet(text: str, shown: str, uri: str) -> dict[str, Any]:
    start = text.encode().index(shown.encode())
    return {
        "index": {"byteStart": start, "byteEnd": start + len(shown.encode())},
        "features": [{"$type": "app.bsky.richtext.facet#link", "uri": uri}],
    }


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    car = Car()
    car.add(
        "app.bsky.feed.post/3kabc2222222a",
        post(
            "héllo @bob.bsky.social",
            facets=[
                {
                    "index": {"byteStart": 7, "byteEnd": 23},
                    "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:bob"}],
                }
            ],
        ),
    )
    emoji = "😀👍🏽 read example.com/plan… now"
    car.add(
        "app.bsky.feed.post/3kabc2222223a",
        post(emoji, facets=[link_facet(emoji, "example.com/plan…", "https://example.com/planning/2024")]),
    )
    strong = {"uri": BOB_POST, "cid": "bafyreib"}
    car.add("app.bsky.feed.post/3kabc2222224a", post("I disagree", reply={"root": strong, "parent": strong}))
    car.add(
        "app.bsky.feed.post/3kabc2222225a", post("Look", embed={"$type": "app.bsky.embed.record", "record": strong})
    )
    car.add(
        "app.bsky.feed.post/3kabc2222226a",
        post(
            "",
            embed={
                "$type": "app.bsky.embed.recordWithMedia",
                "record": {"record": strong},
                "media": {"$type": "app.bsky.embed.images", "images": []},
            },
        ),
    )
    car.add(
        "app.bsky.feed.post/3kabc2222227a",
        post(
            "Read this",
            embed={"$type": "app.bsky.embed.external", "external": {"uri": "https://news.example/a", "title": "A"}},
        ),
    )
    car.add("app.bsky.feed.post/3kabc2222228a", post("", embed={"$type": "app.bsky.embed.images", "images": []}))
    car.add(
        "app.bsky.feed.repost/3kabc2222229a",
        {"$type": "app.bsky.feed.repost", "subject": strong, "createdAt": "2024-05-02T10:00:00Z"},
    )
    car.add(
        "app.bsky.feed.like/3kabc222222aa",
        {"$type": "app.bsky.feed.like", "subject": strong, "createdAt": "2024-05-02T10:00:00Z"},
    )
    car.add("app.bsky.actor.profile/self", {"$type": "app.bsky.actor.profile", "displayName": "Alice"})
    return car.write(tmp_path / "repo.car")


def test_posts_replies_quotes_reposts(repo: Path) -> None:
    assert detect_format(repo) == "bluesky"
    posts = import_all(repo)
    by_key = {p.platform_id.rsplit("/", 1)[-1]: p for p in posts}
    assert len(posts) == 7  # the image-only post, the like and the profile are not posts to check
    first = by_key["3kabc2222222a"]
    assert first.text == "héllo @bob.bsky.social"
    assert first.platform_id == "at://did:plc:alice/app.bsky.feed.post/3kabc2222222a"
    assert first.url == "https://bsky.app/profile/did:plc:alice/post/3kabc2222222a"
    assert first.created_at == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert first.source == "repo.car#app.bsky.feed.post/3kabc2222222a"
    # The shortened link after three emoji (one with a skin-tone modifier) is expanded in place.
    assert by_key["3kabc2222223a"].text == "😀👍🏽 read https://example.com/planning/2024 now"
    assert (by_key["3kabc2222224a"].kind, by_key["3kabc2222224a"].in_reply_to) == ("reply", BOB_POST)
    assert (by_key["3kabc2222225a"].kind, by_key["3kabc2222225a"].quoted_ref) == ("quote", BOB_POST)
    assert (by_key["3kabc2222226a"].kind, by_key["3kabc2222226a"].quoted_ref) == ("quote", BOB_POST)
    assert by_key["3kabc2222227a"].text == "Read this\n\nhttps://news.example/a"
    repost = by_key["3kabc2222229a"]
    assert (repost.kind, repost.text, repost.quoted_ref, repost.url) == ("repost", "", BOB_POST, None)


def test_block_order_does_not_matter(tmp_path: Path) -> None:
    car = Car()
    car.add("app.bsky.feed.post/3kabc2222222a", post("one"))
    car.add("app.bsky.feed.post/3kabc2222223a", post("two"))
    path = car.write(tmp_path / "repo.car", order="records-first")
    assert [p.text for p in iter_bluesky(path)] == ["one", "two"]


@pytest.mark.parametrize(
    ("text", "byte_span", "cp_span"),
    [
        ("héllo @bob.bsky.social", (7, 23), (6, 22)),  # the reference's example
        ("😀 @bob", (5, 9), (2, 6)),
        ("👍🏽👍🏽 x", (17, 18), (5, 6)),
        ("abc", (0, 3), (0, 3)),
        ("abc", (3, 3), (3, 3)),
        ("😀", (1, 4), None),  # inside a character
        ("abc", (2, 9), None),  # past the end
        ("abc", (2, 1), None),  # backwards
    ],
)
def test_utf8_spans_to_code_points(text: str, byte_span: tuple[int, int], cp_span: tuple[int, int] | None) -> None:
    assert utf8_span_to_codepoints(text, *byte_span) == cp_span
    if cp_span is not None:
        assert text[cp_span[0] : cp_span[1]].encode() == text.encode()[byte_span[0] : byte_span[1]]


def test_a_facet_that_is_off_the_characters_is_ignored(tmp_path: Path) -> None:
    car = Car()
    text = "😀 example.com"
    car.add(
        "app.bsky.feed.post/3kabc2222222a",
        post(
            text,
            facets=[
                {
                    "index": {"byteStart": 1, "byteEnd": 9},
                    "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://evil.example"}],
                }
            ],
        ),
    )
    (item,) = import_all(car.write(tmp_path / "repo.car"))
    assert item.text == text


def test_created_at_falls_back_to_the_record_key(tmp_path: Path) -> None:
    car = Car()
    car.add("app.bsky.feed.post/3kabc2222222a", {"$type": "app.bsky.feed.post", "text": "no date"})
    (item,) = import_all(car.write(tmp_path / "repo.car"))
    assert item.created_at == tid_time("3kabc2222222a")
    assert item.created_at.year == 2023


# --- hostile and damaged CARs ------------------------------------------------------------------


def one_block_car(data: bytes, *, cid: bytes | None = None) -> bytes:
    """A CAR whose root is one block (the commit): enough to reach the block reader."""
    cid = cid or cid_of(data)
    return car_bytes([cid], [(cid, data)])


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"\xbf\x61a\x01\xff", "indefinite-length"),  # indefinite map
        (b"\x7f\x61a\xff", "indefinite-length"),  # indefinite text
        (cbor({"a": 1}) + b"\x00", "bytes after its CBOR value"),
        (b"\x18\x05", "not minimally encoded"),  # 5 written in two bytes
        (b"\xa1\x01\x02", "key that is not a text string"),
        (b"\xa2\x61a\x01\x61a\x02", "with the key 'a' twice"),
        (b"\xc1\x00", "tag 1"),
        (b"\xd8\x2a\x41\x01", "not a 0x00-prefixed"),
        (b"\xfb\x7f\xf8\x00\x00\x00\x00\x00\x00", "NaN or infinite"),
        (b"\xf9\x3c\x00", "16- or 32-bit"),
        (b"\xf7", "simple value 23"),
        (b"\x62\xff\xfe", "not UTF-8"),
        (b"\x5a\xff\xff\xff\xff", "claims more bytes"),
        (b"\x9b" + (2**62).to_bytes(8, "big"), "list longer than the block"),
        (b"\x81" * 70 + b"\x00", "nested more than 64"),
        (b"\x1c", "reserved"),
    ],
)
def test_bad_cbor_is_refused(tmp_path: Path, data: bytes, match: str) -> None:
    path = tmp_path / "repo.car"
    path.write_bytes(one_block_car(data))
    refused(path, match)


def test_block_whose_content_does_not_match_its_cid(tmp_path: Path) -> None:
    data = cbor({"did": "did:plc:alice"})
    path = tmp_path / "repo.car"
    path.write_bytes(one_block_car(data, cid=cid_of(b"something else")))
    refused(path, "does not match its CID")


@pytest.mark.parametrize(
    ("cid", "match"),
    [
        (b"\x12\x20" + bytes(32), "version 0"),
        (b"\x02\x71\x12\x20" + bytes(32), "version 2"),
        (b"\x01\x70\x12\x20" + bytes(32), "codec 0x70"),
        (b"\x01\x71\x13\x40" + bytes(64), "only SHA-256"),
    ],
)
def test_bad_cids_are_refused(tmp_path: Path, cid: bytes, match: str) -> None:
    data = cbor({"a": 1})
    header = cbor({"version": 1, "roots": [Link(cid_of(data))]})
    path = tmp_path / "repo.car"
    path.write_bytes(varint(len(header)) + header + varint(len(cid) + len(data)) + cid + data)
    refused(path, match)


def test_bad_varints_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "repo.car"
    header = cbor({"version": 1, "roots": [Link(cid_of(b"x"))]})
    path.write_bytes(varint(len(header)) + header + b"\xff" * 10)
    refused(path, "varint longer than 9 bytes")
    path.write_bytes(varint(len(header)) + header + b"\x85\x00")
    refused(path, "not minimally encoded")


def test_truncated_car_is_refused(repo: Path) -> None:
    data = repo.read_bytes()
    repo.write_bytes(data[: len(data) - 20])
    refused(repo, "truncated")


def test_oversized_block_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_cbor, "MAX_BLOCK_BYTES", 1024)
    path = tmp_path / "repo.car"
    path.write_bytes(one_block_car(cbor({"t": "x" * 5000})))
    refused(path, "the limit is")


def test_missing_tree_node_or_record_is_refused(tmp_path: Path) -> None:
    car = Car()
    car.add("app.bsky.feed.post/3kabc2222222a", post("one"))
    root, blocks = car.blocks()
    records_only = [b for b in blocks if b[1] != car.records["app.bsky.feed.post/3kabc2222222a"]]
    path = tmp_path / "repo.car"
    path.write_bytes(car_bytes([root], records_only))
    refused(path, "not in the file: an incomplete repository")


def test_missing_root_commit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "repo.car"
    data = cbor({"a": 1})
    path.write_bytes(car_bytes([cid_of(b"absent")], [(cid_of(data), data)]))
    refused(path, "does not contain its root commit")


def test_tree_keys_out_of_order_are_refused(tmp_path: Path) -> None:
    rec_a, rec_b = cbor(post("a")), cbor(post("b"))
    node = cbor(
        {
            "l": None,
            "e": [
                {"p": 0, "k": b"app.bsky.feed.post/3kz", "v": Link(cid_of(rec_a)), "t": None},
                {"p": 0, "k": b"app.bsky.feed.post/3ka", "v": Link(cid_of(rec_b)), "t": None},
            ],
        }
    )
    commit = cbor(
        {"did": "did:plc:alice", "version": 3, "data": Link(cid_of(node)), "rev": "x", "prev": None, "sig": b"s"}
    )
    path = tmp_path / "repo.car"
    path.write_bytes(
        car_bytes(
            [cid_of(commit)],
            [(cid_of(commit), commit), (cid_of(node), node), (cid_of(rec_a), rec_a), (cid_of(rec_b), rec_b)],
        )
    )
    refused(path, "out of order")


def test_a_tree_that_loops_is_refused(tmp_path: Path) -> None:
    # A node cannot name itself by hash, so the loop goes through a CID that *is* its own
    # content's hash only in a forged file: build node A → B → A by reusing A's CID in B.
    leaf = cbor({"l": None, "e": []})
    loop = cbor({"l": Link(cid_of(leaf)), "e": []})
    again = cbor(
        {"l": Link(cid_of(loop)), "e": [{"p": 0, "k": b"a/b", "v": Link(cid_of(leaf)), "t": Link(cid_of(loop))}]}
    )
    commit = cbor(
        {"did": "did:plc:alice", "version": 3, "data": Link(cid_of(again)), "rev": "x", "prev": None, "sig": b"s"}
    )
    path = tmp_path / "repo.car"
    path.write_bytes(
        car_bytes(
            [cid_of(commit)],
            [(cid_of(commit), commit), (cid_of(again), again), (cid_of(loop), loop), (cid_of(leaf), leaf)],
        )
    )
    refused(path, "loops back on itself")


def test_not_a_repository_commit(tmp_path: Path) -> None:
    path = tmp_path / "repo.car"
    path.write_bytes(one_block_car(cbor({"hello": "world"})))
    refused(path, "without a DID and a data tree")


def test_car_header_must_be_version_1(tmp_path: Path) -> None:
    header = cbor({"version": 2, "roots": [Link(cid_of(b"x"))]})
    path = tmp_path / "repo.car"
    path.write_bytes(varint(len(header)) + header)
    with pytest.raises(ArchiveError, match="CAR version 1"):
        list(iter_bluesky(path))


def test_a_car_inside_a_zip_is_not_opened(tmp_path: Path, repo: Path) -> None:
    from archive_builders import write_zip

    path = write_zip(tmp_path / "bsky.zip", {"repo.car": repo.read_bytes()})
    refused(path, "archives inside archives are not opened")


def test_decoder_round_trip() -> None:
    value = {"a": [1, -5, 2**40, "é", b"\x00\x01", None, True, False, 1.5], "bb": {"c": Link(cid_of(b"z"))}}
    decoded = _cbor.decode_dag_cbor(cbor(value), ArchiveError)
    assert decoded["a"] == [1, -5, 2**40, "é", b"\x00\x01", None, True, False, 1.5]
    assert decoded["bb"]["c"].raw == cid_of(b"z")
    assert str(decoded["bb"]["c"]).startswith("bafyrei")
    assert decoded["bb"]["c"].digest == hashlib.sha256(b"z").digest()
