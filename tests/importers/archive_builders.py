"""Builders for export fixtures in the platforms' real formats, written into a test's tmp_path.

Every fixture is made here in Python (zips, tar.gz, CARs, XML) so that each test shows the
bytes it feeds the importer, and the awkward cases from the platform reference can be added one
line at a time. ``cbor`` is a tiny canonical DAG-CBOR *encoder* used only to build CAR files.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import struct
import tarfile
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from pausecheck.importers import ArchiveError, import_all, open_archive

# --- containers --------------------------------------------------------------------------------

Files = Mapping[str, bytes | str]


def _bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def write_zip(path: Path, files: Files, *, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, data in files.items():
            zf.writestr(name, _bytes(data))
    return path


def add_zip_entry(
    path: Path, name: str, data: bytes | str, *, mode: int | None = None, encrypted: bool = False
) -> None:
    """Append one deflated entry with a hand-set Unix mode (a symlink, a FIFO), or marked as
    encrypted (zipfile cannot write that flag, so it is patched into both headers)."""
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.create_system = 3
    info.compress_type = zipfile.ZIP_DEFLATED
    if mode is not None:
        info.external_attr = mode << 16
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(info, _bytes(data))
    if encrypted:
        raw = bytearray(path.read_bytes())
        encoded = name.encode()
        central = raw.index(b"PK\x01\x02")
        while raw[central + 46 : central + 46 + len(encoded)] != encoded:
            central = raw.index(b"PK\x01\x02", central + 4)
        local = struct.unpack_from("<L", raw, central + 42)[0]
        raw[central + 8] |= 0x1
        raw[local + 6] |= 0x1
        path.write_bytes(bytes(raw))


def write_folder(root: Path, files: Files) -> Path:
    for name, data in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_bytes(data))
    return root


def write_tar_gz(path: Path, files: Files, *, level: int = 9) -> Path:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        for name, data in files.items():
            raw = _bytes(data)
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            info.mtime = 1_700_000_000
            tf.addfile(info, io.BytesIO(raw))
    path.write_bytes(gzip.compress(buf.getvalue(), compresslevel=level, mtime=0))
    return path


def listing(root: Path) -> list[str]:
    """Every path under ``root``, to show an import left nothing behind."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


# --- X ------------------------------------------------------------------------------------------


def ytd(name: str, part: int, elements: list[Any], *, pretty: bool = True) -> str:
    body = json.dumps(elements, indent=2 if pretty else None, ensure_ascii=False)
    return f"window.YTD.{name}.part{part} = {body}"


def tweet(
    tid: str,
    full_text: str,
    *,
    created_at: str = "Sat Aug 12 16:10:37 +0000 2023",
    urls: Iterable[tuple[str, str]] = (),
    media: Iterable[str] = (),
    mentions: Iterable[str] = (),
    **extra: Any,
) -> dict[str, Any]:
    entities: dict[str, Any] = {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
            {"screen_name": m, "name": m.title(), "id_str": "9", "id": "9", "indices": ["0", "1"]} for m in mentions
        ],
        "urls": [{"url": s, "expanded_url": e, "display_url": e[8:30], "indices": ["0", "1"]} for s, e in urls],
    }
    if media:
        entities["media"] = [
            {"url": m, "media_url_https": "https://pbs.twimg.com/x.jpg", "type": "photo", "indices": ["0", "1"]}
            for m in media
        ]
    body = {
        "id_str": tid,
        "id": tid,
        "created_at": created_at,
        "full_text": full_text,
        "favorite_count": "0",
        "retweet_count": "0",
        "retweeted": False,
        "favorited": False,
        "truncated": False,
        "lang": "en",
        "display_text_range": ["0", str(len(full_text))],
        "entities": entities,
    }
    body.update(extra)
    return {"tweet": body}


ACCOUNT_JS = ytd(
    "account",
    0,
    [
        {
            "account": {
                "accountId": "1001",
                "username": "cllr_alice",
                "accountDisplayName": "Alice",
                "createdAt": "2020-01-01T00:00:00.000Z",
            }
        }
    ],
)

# --- Facebook -----------------------------------------------------------------------------------


def fb_json(value: Any) -> str:
    """JSON the way Facebook writes it: every non-ASCII UTF-8 byte as its own \\u00XX escape."""

    def mangle(v: Any) -> Any:
        if isinstance(v, str):
            return v.encode("utf-8").decode("latin-1")
        if isinstance(v, list):
            return [mangle(x) for x in v]
        if isinstance(v, dict):
            return {k: mangle(x) for k, x in v.items()}
        return v

    return json.dumps(mangle(value), ensure_ascii=True, indent=2)


# --- Bluesky: a canonical DAG-CBOR encoder and a CAR writer -------------------------------------


class Link:
    """A CID link inside a record (encoded as tag 42)."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError(n)


def cbor(value: Any) -> bytes:
    if value is None:
        return b"\xf6"
    if value is True:
        return b"\xf5"
    if value is False:
        return b"\xf4"
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, Link):
        return b"\xd8\x2a" + cbor(b"\x00" + value.raw)
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(cbor(v) for v in value)
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: (len(k.encode()), k.encode()))
        return _head(5, len(value)) + b"".join(cbor(k) + cbor(value[k]) for k in keys)
    raise TypeError(type(value))


def cid_of(data: bytes, *, codec: int = 0x71) -> bytes:
    return bytes([0x01, codec, 0x12, 0x20]) + hashlib.sha256(data).digest()


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


class Car:
    """A repository CAR: records under keys, one MST node, a commit, in CAR v1 framing."""

    def __init__(self, did: str = "did:plc:alice") -> None:
        self.did = did
        self.records: dict[str, bytes] = {}
        self.extra_blocks: list[tuple[bytes, bytes]] = []

    def add(self, key: str, record: dict[str, Any]) -> bytes:
        data = cbor(record)
        self.records[key] = data
        return cid_of(data)

    def blocks(self) -> tuple[bytes, list[tuple[bytes, bytes]]]:
        blocks: list[tuple[bytes, bytes]] = []
        entries = []
        previous = b""
        for key in sorted(self.records):
            data = self.records[key]
            kb = key.encode()
            p = 0
            while p < min(len(kb), len(previous)) and kb[p] == previous[p]:
                p += 1
            entries.append({"p": p, "k": kb[p:], "v": Link(cid_of(data)), "t": None})
            previous = kb
            blocks.append((cid_of(data), data))
        node = cbor({"l": None, "e": entries})
        blocks.append((cid_of(node), node))
        commit = cbor(
            {
                "did": self.did,
                "version": 3,
                "data": Link(cid_of(node)),
                "rev": "3kabc2222222a",
                "prev": None,
                "sig": b"\x01" * 64,
            }
        )
        blocks.append((cid_of(commit), commit))
        return cid_of(commit), blocks + self.extra_blocks

    def write(self, path: Path, *, order: str = "commit-first") -> Path:
        root, blocks = self.blocks()
        if order == "commit-first":
            blocks = blocks[-1 - len(self.extra_blocks) : len(blocks) - len(self.extra_blocks)] + [
                b for b in blocks if b[0] != root
            ]
        path.write_bytes(car_bytes([root], blocks))
        return path


def car_bytes(roots: list[bytes], blocks: list[tuple[bytes, bytes]]) -> bytes:
    header = cbor({"version": 1, "roots": [Link(r) for r in roots]})
    out = varint(len(header)) + header
    for cid, data in blocks:
        out += varint(len(cid) + len(data)) + cid + data
    return out


# --- WordPress ----------------------------------------------------------------------------------

WXR_HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your site. -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>Cllr Alice</title>
	<link>https://alice.example</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://alice.example</wp:base_site_url>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[alice]]></wp:author_login><wp:author_email><![CDATA[alice@alice.example]]></wp:author_email><wp:author_display_name><![CDATA[Alice]]></wp:author_display_name></wp:author>
"""
WXR_TAIL = "</channel>\n</rss>\n"


def wxr_comment(
    cid: int,
    content: str,
    *,
    author: str = "Bob",
    user_id: int = 0,
    email: str = "bob@example.org",
    approved: str = "1",
    parent: int = 0,
    ctype: str = "",
    date_gmt: str = "2023-05-02 09:00:00",
) -> str:
    return f"""		<wp:comment>
			<wp:comment_id>{cid}</wp:comment_id>
			<wp:comment_author><![CDATA[{author}]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[{email}]]></wp:comment_author_email>
			<wp:comment_author_url>https://bob.example</wp:comment_author_url>
			<wp:comment_author_IP><![CDATA[192.0.2.1]]></wp:comment_author_IP>
			<wp:comment_date><![CDATA[2023-05-02 10:00:00]]></wp:comment_date>
			<wp:comment_date_gmt><![CDATA[{date_gmt}]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[{content}]]></wp:comment_content>
			<wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
			<wp:comment_type><![CDATA[{ctype}]]></wp:comment_type>
			<wp:comment_parent>{parent}</wp:comment_parent>
			<wp:comment_user_id>{user_id}</wp:comment_user_id>
		</wp:comment>
"""


def wxr_item(
    post_id: int,
    title: str,
    content: str,
    *,
    status: str = "publish",
    post_type: str = "post",
    date_gmt: str = "2023-05-01 12:00:00",
    comments: str = "",
) -> str:
    return f"""	<item>
		<title><![CDATA[{title}]]></title>
		<link>https://alice.example/{post_id}/</link>
		<pubDate>Mon, 01 May 2023 12:00:00 +0000</pubDate>
		<dc:creator><![CDATA[alice]]></dc:creator>
		<guid isPermaLink="false">https://alice.example/?p={post_id}</guid>
		<description></description>
		<content:encoded><![CDATA[{content}]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>{post_id}</wp:post_id>
		<wp:post_date><![CDATA[2023-05-01 13:00:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[{date_gmt}]]></wp:post_date_gmt>
		<wp:status><![CDATA[{status}]]></wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:post_type><![CDATA[{post_type}]]></wp:post_type>
		<category domain="category" nicename="news"><![CDATA[News]]></category>
{comments}	</item>
"""


# --- refusals -----------------------------------------------------------------------------------


def refused(path: Path, match: str, **options: Any) -> ArchiveError:
    """``path`` is refused with a message matching ``match``: the stream raises before its first
    post, ``import_all`` raises (so returns nothing), and nothing is left beside the archive."""
    before = listing(path.parent)
    stream = open_archive(path, **options)
    with pytest.raises(ArchiveError, match=match):
        next(stream)
    with pytest.raises(ArchiveError, match=match) as err:
        import_all(path, **options)
    assert listing(path.parent) == before
    return err.value
