"""Bluesky repository exports: the ``.car`` file from Settings → "Export my data" (or
``com.atproto.sync.getRepo``).

The CAR is read with the strict reader in ``_cbor`` (varints, CIDs, DAG-CBOR, every block's
SHA-256 checked against its CID). Records are reached the way the repository defines them:
from the root commit (``did``, ``data``) through the Merkle Search Tree, whose entries give
each record's key ``<collection>/<rkey>`` (key prefixes are compressed: ``key = previous[:p] +
k``). Keys must come out strictly sorted, every node the tree names must be in the file, and the
walk is bounded in depth and never visits a node twice.

Reading is two sweeps over the file: the first decodes and checks every block and keeps an
index (CID → offset and length) of tree nodes, posts and reposts only, about 150 bytes per
post, never the records themselves; the second walks the tree and reads each wanted record
back by its offset. Likes, follows and other records are checked but not kept.

Records:

* ``app.bsky.feed.post``: ``text`` with ``facets`` whose ``byteStart``/``byteEnd`` count UTF-8
  **bytes**; :func:`utf8_span_to_codepoints` converts them to the code-point offsets Python
  strings (and pausecheck's findings) use, and a ``#link`` facet's shortened display text
  (``example.com/long…``) is replaced by its full ``uri``. A facet that does not fall on
  character boundaries is ignored. ``reply.parent.uri`` makes a ``reply``; an
  ``app.bsky.embed.record`` or ``recordWithMedia`` embed a ``quote`` (``quoted_ref`` the quoted
  post's AT-URI); an ``app.bsky.embed.external`` link card's URI is added to the text when the
  text does not already hold it.
* ``app.bsky.feed.repost``: a ``repost`` with ``quoted_ref`` the reposted post's AT-URI; the
  repository has no text for it (``has_text`` is False).

``createdAt`` is client-declared; when it is missing or unreadable the time is taken from the
record key (a TID holds microseconds since 1970). ``platform_id`` is the AT-URI; ``url`` the
post's page on bsky.app.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Generator, Iterator
from datetime import UTC, datetime
from typing import Any, BinaryIO

from pausecheck._exceptions import ArchiveError
from pausecheck.importers import _archive
from pausecheck.importers._archive import Container, FileArchive
from pausecheck.importers._cbor import (
    CID,
    CODEC_DAG_CBOR,
    decode_dag_cbor,
    iter_blocks,
    read_header,
)
from pausecheck.importers._run import Options, one_format, stream
from pausecheck.importers.base import (
    ImportedPost,
    Kind,
    Where,
    check_account,
    from_iso,
    in_range,
    make,
    text,
)

POST = "app.bsky.feed.post"
REPOST = "app.bsky.feed.repost"
_WANTED = {POST: "post", REPOST: "repost"}
MAX_TREE_DEPTH = 64
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


def looks_like(head: bytes) -> bool:
    """Whether a file's first bytes are a CAR header (a small varint, then a CBOR map)."""
    if not head or head[0] & 0x80 or head[0] == 0 or len(head) < 2:
        return False
    return head[1] >> 5 == 5 and b"roots" in head[:80] and b"version" in head[:80]


def utf8_span_to_codepoints(value: str, byte_start: int, byte_end: int) -> tuple[int, int] | None:
    """A facet's UTF-8 byte span ``[byte_start, byte_end)`` as code-point offsets into
    ``value``; None when it is out of range or does not fall on character boundaries."""
    data = value.encode("utf-8", "surrogatepass")
    if not 0 <= byte_start <= byte_end <= len(data):
        return None

    def boundary(b: int) -> bool:
        return b == len(data) or (data[b] & 0xC0) != 0x80

    if not (boundary(byte_start) and boundary(byte_end)):
        return None
    start = len(data[:byte_start].decode("utf-8", "surrogatepass"))
    return start, start + len(data[byte_start:byte_end].decode("utf-8", "surrogatepass"))


def tid_time(rkey: str) -> datetime | None:
    """The time inside a TID record key (13 base32-sortable characters), if it is one."""
    if len(rkey) != 13 or any(c not in _TID_ALPHABET for c in rkey):
        return None
    n = 0
    for c in rkey:
        n = n * 32 + _TID_ALPHABET.index(c)
    micros = (n & ~(1 << 63)) >> 10
    try:
        return datetime.fromtimestamp(micros / 1e6, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _expand_links(body: str, facets: Any) -> str:
    """Replace each ``#link`` facet's text by its full URI (shortened displays hide it)."""
    if not isinstance(facets, list):
        return body
    spans: list[tuple[int, int, str]] = []
    for facet in facets:
        if not isinstance(facet, dict):
            continue
        index, features = facet.get("index"), facet.get("features")
        if not isinstance(index, dict) or not isinstance(features, list):
            continue
        start, end = index.get("byteStart"), index.get("byteEnd")
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        uri = next(
            (
                f["uri"]
                for f in features
                if isinstance(f, dict)
                and f.get("$type") == "app.bsky.richtext.facet#link"
                and isinstance(f.get("uri"), str)
            ),
            None,
        )
        span = utf8_span_to_codepoints(body, start, end)
        if uri and span:
            spans.append((span[0], span[1], uri))
    out: list[str] = []
    last = 0
    for start, end, uri in sorted(spans):
        if start < last:
            continue  # overlapping facets: keep the first
        out.append(body[last:start])
        out.append(uri)
        last = end
    out.append(body[last:])
    return "".join(out)


def _uri_at(value: Any, *path: str) -> str | None:
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value if isinstance(value, str) and value else None


def _created(record: dict[str, Any], rkey: str, where: Where) -> datetime:
    raw = record.get("createdAt")
    if isinstance(raw, str):
        try:
            return from_iso(raw, where, "createdAt")
        except ArchiveError:
            pass
    when = tid_time(rkey)
    if when is None:
        raise where.error("record has no readable createdAt and its key is not a TID")
    return in_range(when, where, "record key time")


def _record(
    record: dict[str, Any], collection: str, rkey: str, did: str, where: Where, opts: Options
) -> ImportedPost | None:
    uri = f"at://{did}/{collection}/{rkey}"
    created = _created(record, rkey, where)
    if collection == REPOST:
        subject = _uri_at(record, "subject", "uri")
        if subject is None:
            return None
        return make(
            text_="",
            account=opts.account,
            platform="bluesky",
            platform_id=uri,
            url=None,
            kind="repost",
            created_at=created,
            where=where,
            quoted_ref=subject,
        )
    body = text(record.get("text"), where, "text") or ""
    body = _expand_links(body, record.get("facets"))
    embed = record.get("embed")
    embed_type = embed.get("$type") if isinstance(embed, dict) else None
    quoted: str | None = None
    if embed_type == "app.bsky.embed.record":
        quoted = _uri_at(embed, "record", "uri")
    elif embed_type == "app.bsky.embed.recordWithMedia":
        quoted = _uri_at(embed, "record", "record", "uri")
    elif embed_type == "app.bsky.embed.external":
        link = _uri_at(embed, "external", "uri")
        if link and link not in body:
            body = f"{body}\n\n{link}" if body.strip() else link
    parent = _uri_at(record, "reply", "parent", "uri")
    kind: Kind = "reply" if parent else "quote" if quoted else "post"
    if not body.strip() and not quoted:
        return None  # images only
    return make(
        text_=body,
        account=opts.account,
        platform="bluesky",
        platform_id=uri,
        url=f"https://bsky.app/profile/{did}/post/{rkey}",
        kind=kind,
        created_at=created,
        where=where,
        in_reply_to=parent,
        quoted_ref=quoted,
    )


def _role(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    kind = value.get("$type")
    if isinstance(kind, str):
        return _WANTED.get(kind)
    if "e" in value and "l" in value and isinstance(value["e"], list):
        return "node"
    return None


class _Repo:
    def __init__(self, f: BinaryIO, where: Where) -> None:
        self.f = f
        self.where = where
        self.index: dict[CID, tuple[int, int, str]] = {}
        self.commit: Any = None

    def fail(self, message: str) -> ArchiveError:
        return self.where.error(message)

    def scan(self) -> None:
        roots = read_header(self.f, self.fail)
        for block in iter_blocks(self.f, self.fail):
            if block.cid.codec != CODEC_DAG_CBOR:
                continue
            value = decode_dag_cbor(block.data, self.fail)
            if block.cid == roots[0]:
                self.commit = value
            role = _role(value)
            if role is not None and block.cid not in self.index:
                self.index[block.cid] = (block.offset, len(block.data), role)
        if self.commit is None:
            raise self.fail("does not contain its root commit block: an incomplete repository export")

    def load(self, cid: CID, role: str) -> Any:
        found = self.index.get(cid)
        if found is None or found[2] != role:
            what = "tree node" if role == "node" else f"{role} record"
            raise self.fail(f"names a {what} {cid} that is not in the file: an incomplete repository export")
        offset, length, _ = found
        self.f.seek(offset)
        data = self.f.read(length)
        if len(data) != length or hashlib.sha256(data).digest() != cid.digest:
            raise self.fail("changed on disk while it was being read")
        return decode_dag_cbor(data, self.fail)

    def did_and_tree(self) -> tuple[str, CID]:
        commit = self.commit
        if not isinstance(commit, dict):
            raise self.fail("has a root commit that is not a map")
        did, data = commit.get("did"), commit.get("data")
        if not isinstance(did, str) or not did.startswith("did:") or not isinstance(data, CID):
            raise self.fail("has a root commit without a DID and a data tree: not a Bluesky repository")
        if commit.get("version") not in (2, 3):
            raise self.fail(f"has a repository commit of version {commit.get('version')!r}; versions 2 and 3 are read")
        return did, data

    def keys(self, root: CID) -> Iterator[tuple[str, CID]]:
        """(key, record CID) for every post and repost, in key order."""
        visited: set[CID] = set()
        last = ""

        def walk(cid: CID, depth: int) -> Iterator[tuple[str, CID]]:
            nonlocal last
            if depth > MAX_TREE_DEPTH:
                raise self.fail(f"has a record tree deeper than {MAX_TREE_DEPTH} levels")
            if cid in visited:
                raise self.fail("has a record tree that loops back on itself")
            visited.add(cid)
            node = self.load(cid, "node")
            left, entries = node.get("l"), node.get("e")
            if left is not None:
                if not isinstance(left, CID):
                    raise self.fail("has a tree node whose 'l' is not a link")
                yield from walk(left, depth + 1)
            previous = b""
            for entry in entries:
                if not isinstance(entry, dict):
                    raise self.fail("has a tree entry that is not a map")
                p, k, v, t = entry.get("p"), entry.get("k"), entry.get("v"), entry.get("t")
                if (
                    not isinstance(p, int)
                    or not isinstance(k, bytes)
                    or not isinstance(v, CID)
                    or not 0 <= p <= len(previous)
                ):
                    raise self.fail("has a malformed tree entry")
                key_bytes = previous[:p] + k
                previous = key_bytes
                try:
                    key = key_bytes.decode("ascii")
                except UnicodeDecodeError:
                    raise self.fail("has a record key that is not ASCII") from None
                if key <= last:
                    raise self.fail(f"has record keys out of order at {key!r}")
                last = key
                if key.split("/", 1)[0] in _WANTED:
                    yield key, v
                if t is not None:
                    if not isinstance(t, CID):
                        raise self.fail("has a tree entry whose 't' is not a link")
                    yield from walk(t, depth + 1)

        yield from walk(root, 0)


def posts(container: Container, where: Where, opts: Options) -> Iterator[ImportedPost]:
    if not isinstance(container, FileArchive):
        raise where.error(
            f"is a {container.kind}, not a .car file: give the Bluesky export (.car) itself "
            "(a CAR inside another archive is not opened)"
        )
    member = container.members[0]
    if member.size > _archive.MAX_DATA_BYTES:
        raise where.error(
            f"is larger than the {_archive.human_size(_archive.MAX_DATA_BYTES)} limit for a repository export"
        )
    with container.open_seekable(member) as raw, io.BufferedReader(raw, buffer_size=1 << 16) as f:
        repo = _Repo(f, where)
        repo.scan()
        did, root = repo.did_and_tree()
        for key, cid in repo.keys(root):
            collection, _, rkey = key.partition("/")
            w = Where(where.archive, where.label, None, key)
            record = repo.load(cid, _WANTED[collection])
            item = _record(record, collection, rkey, did, w, opts)
            if item is not None:
                yield item


def iter_bluesky(
    path: str | os.PathLike[str],
    *,
    account: str = "councillor",
    prevalidate: bool = True,
) -> Generator[ImportedPost, None, None]:
    """Every post in a Bluesky repository export (.car) at ``path``, as a stream (see :func:`pausecheck.importers.open_archive`
    for when errors are raised and what ``prevalidate`` does)."""
    return stream(path, one_format(posts), Options(check_account(account), False), prevalidate=prevalidate)
