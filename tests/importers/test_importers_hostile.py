"""Hostile and broken archives: each is refused with a clear message, before the first post,
and nothing is returned or left behind (``refused`` checks all three)."""

from __future__ import annotations

import io
import json
import os
import stat
import struct
import tarfile
import zipfile
from pathlib import Path

import pytest
from archive_builders import (
    ACCOUNT_JS,
    add_zip_entry,
    listing,
    refused,
    tweet,
    write_folder,
    write_tar_gz,
    write_zip,
    ytd,
)

from pausecheck.importers import ArchiveError, _archive, _json, import_all, open_archive

TWEETS = ytd("tweets", 0, [tweet("1", "hello")])
ONE = json.dumps(tweet("1", "hello"))


@pytest.fixture
def good_zip(tmp_path: Path) -> Path:
    return write_zip(tmp_path / "twitter.zip", {"data/account.js": ACCOUNT_JS, "data/tweets.js": TWEETS})


# --- paths ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "match"),
    [
        ("../evil.js", "points outside the archive"),
        ("data/../../evil.js", "points outside the archive"),
        ("..\\..\\evil.js", "points outside the archive"),
        ("/etc/cron.d/evil", "has an absolute path"),
        ("C:\\Windows\\evil.js", "has an absolute path"),
    ],
)
def test_zip_slip_and_absolute_paths(good_zip: Path, name: str, match: str) -> None:
    add_zip_entry(good_zip, name, "x")
    refused(good_zip, match)


def test_symlink_in_zip(good_zip: Path) -> None:
    add_zip_entry(good_zip, "data/link.js", "/etc/passwd", mode=stat.S_IFLNK | 0o777)
    err = refused(good_zip, "is a symbolic link")
    assert err.member == "data/link.js"


def test_fifo_entry_in_zip(good_zip: Path) -> None:
    add_zip_entry(good_zip, "data/pipe", "", mode=stat.S_IFIFO | 0o644)
    refused(good_zip, "FIFO")


def test_duplicate_names_in_zip(good_zip: Path) -> None:
    with pytest.warns(UserWarning, match="Duplicate name"):
        add_zip_entry(good_zip, "data/tweets.js", ytd("tweets", 0, [tweet("2", "other")]))
    refused(good_zip, "appears twice")


def test_encrypted_member(good_zip: Path) -> None:
    add_zip_entry(good_zip, "data/secret.js", "x", encrypted=True)
    refused(good_zip, "is encrypted")


def test_symlink_in_folder(tmp_path: Path) -> None:
    root = write_folder(tmp_path / "export", {"data/tweets.js": TWEETS})
    (root / "data" / "passwd.js").symlink_to("/etc/passwd")
    refused(root, "is a symbolic link")


def test_folder_symlink_to_outside(tmp_path: Path) -> None:
    outside = write_folder(tmp_path / "elsewhere", {"data/tweets.js": TWEETS})
    root = write_folder(tmp_path / "export", {"README.txt": "x"})
    (root / "data").symlink_to(outside / "data", target_is_directory=True)
    refused(root, "is a symbolic link")


def test_fifo_given_as_the_archive(tmp_path: Path) -> None:
    fifo = tmp_path / "archive.zip"
    os.mkfifo(fifo)
    refused(fifo, "not a regular file or folder")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="cannot be opened: No such file"):
        import_all(tmp_path / "nope.zip")


# --- bombs ---------------------------------------------------------------------------------------


def test_zip_bomb_ratio_from_the_headers(good_zip: Path) -> None:
    add_zip_entry(good_zip, "data/tweets_media/big.bin", b"\0" * (3 * 2**20))
    err = refused(good_zip, r"times its compressed size; the limit is 200:1 \(a zip bomb\?\)")
    assert err.member == "data/tweets_media/big.bin"


def test_total_size_from_the_headers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_archive, "MAX_TOTAL_BYTES", 1000)
    path = write_zip(tmp_path / "t.zip", {"data/tweets.js": TWEETS, "data/tweets_media/a.jpg": os.urandom(2000)})
    refused(path, "unpacks to more than 1,000 bytes in all")


def test_too_many_entries_checked_before_the_directory_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_zip(tmp_path / "t.zip", {"data/tweets.js": TWEETS} | {f"data/m/{i}.jpg": b"x" for i in range(20)})
    monkeypatch.setattr(_archive, "MAX_MEMBERS", 10)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("zipfile read the central directory")

    monkeypatch.setattr(zipfile.ZipFile, "__init__", never)
    refused(path, "holds 21 entries; the limit is 10")


def test_data_member_over_the_limit(good_zip: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_archive, "MAX_DATA_BYTES", 10)
    err = refused(good_zip, "larger than the 10 bytes limit for one file")
    assert err.member == "data/account.js"


def test_forged_size_in_the_zip_header(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "t.zip", {"data/tweets.js": TWEETS * 50}, compression=zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    # Halve the uncompressed size in the central directory entry: the member then reads short
    # and its CRC no longer matches.
    at = data.index(b"PK\x01\x02")
    size = struct.unpack_from("<L", data, at + 24)[0]
    struct.pack_into("<L", data, at + 24, size // 2)
    path.write_bytes(bytes(data))
    refused(path, r"is damaged \(Bad CRC-32")


def test_gzip_bomb_caught_while_reading(tmp_path: Path) -> None:
    # Half zeros, half noise: the whole file's ratio is about 2:1, so only the check made while
    # unpacking sees that the first member inflates past 200:1.
    path = write_tar_gz(
        tmp_path / "archive.tar.gz",
        {"media/zeros.bin": b"\0" * (4 * 2**20), "media/noise.bin": os.urandom(4 * 2**20), "outbox.json": "{}"},
    )
    assert path.stat().st_size > 4 * 2**20
    refused(path, "while being read")


def test_tar_links_and_paths(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        info = tarfile.TarInfo("outbox.json")
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/passwd"
        tf.addfile(info)
    path = tmp_path / "archive.tar.gz"
    path.write_bytes(buf.getvalue())
    refused(path, "is a link")
    write_tar_gz(path, {"../../outbox.json": "{}"})
    refused(path, "points outside the archive")


def test_gzip_that_is_not_a_tar(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "archive.tar.gz"
    path.write_bytes(gzip.compress(b"just some text, not a tar"))
    refused(path, "is a gzip file but not a tar archive|damaged tar")


# --- nested archives and files that are not what they say ----------------------------------------


def test_an_archive_holding_only_another_archive(tmp_path: Path, good_zip: Path) -> None:
    outer = write_zip(tmp_path / "outer.zip", {"twitter-2024.zip": good_zip.read_bytes()})
    refused(
        outer, r"holds other archives \(twitter-2024.zip\) but no export files: archives inside archives are not opened"
    )


def test_a_nested_archive_beside_the_export_is_not_opened(tmp_path: Path) -> None:
    inner = write_zip(tmp_path / "inner.zip", {"data/tweets.js": ytd("tweets", 0, [tweet("99", "inner")])})
    outer = write_zip(tmp_path / "outer.zip", {"data/tweets.js": TWEETS, "data/old-archive.zip": inner.read_bytes()})
    assert [p.platform_id for p in import_all(outer)] == ["1"]


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (
            b"PK\x03\x04" + b"\0" * 40,
            r"is a zip archive, not an X data file \(archives inside the archive are not opened\)",
        ),
        (b"\x1f\x8b\x08\x00" + b"\0" * 40, "is a gzip archive"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "is a PNG image, not an X data file"),
        (b"\xff\xfew\x00i\x00", "UTF-16"),
        (b"window.YTD.tweets.part0 = [\xff\xfe]", "is not UTF-8 text"),
        (b'[{"tweet": {}}]', "does not start with an assignment"),
        (b"window.evil = [];", "does not start with 'window.YTD.<name>.partN ='"),
    ],
)
def test_data_files_that_are_not_what_their_name_says(tmp_path: Path, content: bytes, match: str) -> None:
    path = write_zip(tmp_path / "t.zip", {"data/tweets.js": content})
    refused(path, match)


def test_a_png_named_zip(tmp_path: Path) -> None:
    path = tmp_path / "archive.zip"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(100))
    refused(
        path, r"is not an X, Facebook, Mastodon, Bluesky, LinkedIn or WordPress export \(it looks like a PNG image\)"
    )


def test_a_truncated_zip(good_zip: Path) -> None:
    data = good_zip.read_bytes()
    good_zip.write_bytes(data[: len(data) // 2])
    refused(good_zip, r"is not a complete zip archive \(no end-of-archive record: truncated\?\)")


def test_random_text_and_empty_inputs(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("just some notes")
    refused(text, "is not an X, Facebook")
    empty = tmp_path / "empty.zip"
    write_zip(empty, {})
    refused(empty, "is empty")
    nothing = tmp_path / "nothing.bin"
    nothing.write_bytes(b"")
    refused(nothing, "is empty")


def test_two_platforms_in_one_archive(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "both.zip", {"data/tweets.js": TWEETS, "outbox.json": "{}"})
    refused(path, r"holds more than one platform's export \(X \(Twitter\) and Mastodon\)")


# --- broken JSON ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ('window.YTD.tweets.part0 = [{"tweet": {"id_str": "1",}}]', "is not valid JSON: Expecting property name"),
        (f"window.YTD.tweets.part0 = [{ONE} {ONE}]", "expected ',' or ']'"),
        (
            'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "unfinished',
            "ends before its JSON is complete",
        ),
        (f"window.YTD.tweets.part0 = [{ONE},", "ends before its JSON is complete"),
        ("window.YTD.tweets.part0 = ", "ends before its JSON is complete"),
        ("window.YTD.tweets.part0 = [NaN]", "holds NaN"),
        ("window.YTD.tweets.part0 = [1" + "0" * 5000 + "]", "is not valid JSON"),
        ("window.YTD.tweets.part0 = []\nwindow.YTD.tweets.part1 = []", "unexpected text after its data"),
        ("window.YTD.tweets.part0 = [" + "[" * 100_000 + "]" * 100_000 + "]", "nested too deeply"),
        ("window.YTD.tweets.part0 = [42]", "entry should be an object"),
    ],
)
def test_broken_json(tmp_path: Path, content: str, match: str) -> None:
    path = write_zip(tmp_path / "t.zip", {"data/tweets.js": content})
    refused(path, match)


def test_an_entry_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_json, "MAX_ENTRY_CHARS", 100_000)
    path = write_zip(tmp_path / "t.zip", {"data/tweets.js": ytd("tweets", 0, [tweet("1", "x" * 300_000)])})
    refused(path, "has an entry longer than")


def test_a_fault_late_in_the_archive_is_found_before_the_first_post(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "t.zip",
        {
            "data/tweets.js": ytd("tweets", 0, [tweet(str(i), f"post {i}") for i in range(1, 500)]),
            "data/tweets-part1.js": ytd("tweets", 1, [tweet("1000", "fine")])[:-5],  # cut short
        },
    )
    err = refused(path, "ends before its JSON is complete")
    assert err.member == "data/tweets-part1.js"
    # Without the first pass, the posts before the fault come out first: the streaming contract.
    stream = open_archive(path, prevalidate=False)
    assert next(stream).platform_id == "1"
    with pytest.raises(ArchiveError, match="ends before"):
        list(stream)


def test_nothing_is_written_anywhere(tmp_path: Path, good_zip: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("an importer created a temporary file")

    monkeypatch.setattr(tempfile, "mkstemp", forbidden)
    monkeypatch.setattr(tempfile, "mkdtemp", forbidden)
    before = listing(tmp_path)
    assert len(import_all(good_zip)) == 1
    assert listing(tmp_path) == before
