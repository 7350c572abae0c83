"""A small, strict, bounded reader for CAR v1 files and the DAG-CBOR blocks in them.

No CBOR library is installed, and a repository export is untrusted input, so this reads only
what atproto writes and refuses everything else with a message:

* **Varints** (unsigned LEB128) at most 9 bytes, minimally encoded.
* **CIDs** version 1 only, codec ``dag-cbor`` (0x71) or ``raw`` (0x55), hash SHA-256 with a
  32-byte digest. Each block's digest is recomputed and must match its CID.
* **DAG-CBOR**: definite lengths only (no indefinite strings, lists or maps, no "break"),
  minimal integer encodings, map keys that are text and unique, text that is valid UTF-8, tag
  42 (a CID link, with its 0x00 prefix) and no other tag, ``false``/``true``/``null`` and 64-bit
  floats that are finite; nothing else. Nesting is limited to :data:`MAX_DEPTH`; a length can
  never claim more bytes or items than remain in the block, so nothing is allocated up front.
* **Sizes**: a block at most :data:`MAX_BLOCK_BYTES`, the header at most
  :data:`MAX_HEADER_BYTES`, at most :data:`MAX_BLOCKS` blocks.
"""

from __future__ import annotations

import base64
import hashlib
import math
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from pausecheck._exceptions import ArchiveError

MAX_DEPTH = 64
MAX_BLOCK_BYTES = 2 * 2**20
MAX_HEADER_BYTES = 64 * 2**10
MAX_BLOCKS = 5_000_000

CODEC_DAG_CBOR = 0x71
CODEC_RAW = 0x55
_SHA2_256 = 0x12

Fail = Callable[[str], ArchiveError]


@dataclass(frozen=True, slots=True)
class CID:
    """A content identifier (binary form); ``str()`` gives the usual base32 ``bafy…`` form."""

    raw: bytes

    @property
    def codec(self) -> int:
        return self.raw[1]

    @property
    def digest(self) -> bytes:
        return self.raw[-32:]

    def __str__(self) -> str:
        return "b" + base64.b32encode(self.raw).decode("ascii").lower().rstrip("=")


def read_varint(buf: bytes, pos: int, fail: Fail) -> tuple[int, int]:
    """An unsigned LEB128 varint at ``pos`` in ``buf``: (value, position after it)."""
    value = 0
    for i in range(9):
        if pos + i >= len(buf):
            raise fail("ends inside a varint (truncated)")
        byte = buf[pos + i]
        value |= (byte & 0x7F) << (7 * i)
        if not byte & 0x80:
            if byte == 0 and i > 0:
                raise fail("has a varint that is not minimally encoded")
            return value, pos + i + 1
    raise fail("has a varint longer than 9 bytes")


def read_cid(buf: bytes, pos: int, fail: Fail) -> tuple[CID, int]:
    """A binary CIDv1 at ``pos``: (CID, position after it)."""
    start = pos
    if buf[pos : pos + 2] == b"\x12\x20":
        raise fail("has a version 0 CID; atproto repositories use version 1")
    version, pos = read_varint(buf, pos, fail)
    if version != 1:
        raise fail(f"has a CID of version {version}; only version 1 is read")
    codec, pos = read_varint(buf, pos, fail)
    if codec not in (CODEC_DAG_CBOR, CODEC_RAW):
        raise fail(f"has a CID with codec 0x{codec:x}; only dag-cbor and raw are read")
    hash_code, pos = read_varint(buf, pos, fail)
    length, pos = read_varint(buf, pos, fail)
    if hash_code != _SHA2_256 or length != 32:
        raise fail(f"has a CID with hash 0x{hash_code:x}/{length} bytes; only SHA-256 is read")
    if pos + 32 > len(buf):
        raise fail("ends inside a CID (truncated)")
    return CID(bytes(buf[start : pos + 32])), pos + 32


class _Decoder:
    def __init__(self, data: bytes, fail: Fail) -> None:
        self.data = data
        self.pos = 0
        self.fail = fail

    def _take(self, n: int) -> bytes:
        if n > len(self.data) - self.pos:
            raise self.fail("has CBOR that claims more bytes than the block holds")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def _argument(self, info: int) -> int:
        if info < 24:
            return info
        if info == 31:
            raise self.fail("has an indefinite-length CBOR item, which DAG-CBOR forbids")
        if info > 27:
            raise self.fail(f"has a reserved CBOR additional-information value {info}")
        size = 1 << (info - 24)
        value = int.from_bytes(self._take(size), "big")
        minimum = 24 if size == 1 else 1 << (4 * size)  # 24, 2**8, 2**16, 2**32
        if value < minimum:
            raise self.fail("has a CBOR integer or length that is not minimally encoded")
        return value

    def item(self, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(f"has CBOR nested more than {MAX_DEPTH} levels deep")
        initial = self._take(1)[0]
        major, info = initial >> 5, initial & 0x1F
        if major == 7:
            return self._simple(info)
        arg = self._argument(info)
        if major == 0:
            return arg
        if major == 1:
            return -1 - arg
        if major == 2:
            return self._take(arg)
        if major == 3:
            try:
                return self._take(arg).decode("utf-8")
            except UnicodeDecodeError:
                raise self.fail("has a CBOR text string that is not UTF-8") from None
        if major == 4:
            if arg > len(self.data) - self.pos:
                raise self.fail("has a CBOR list longer than the block")
            return [self.item(depth + 1) for _ in range(arg)]
        if major == 5:
            if arg * 2 > len(self.data) - self.pos:
                raise self.fail("has a CBOR map longer than the block")
            result: dict[str, Any] = {}
            for _ in range(arg):
                key_initial = self.data[self.pos] if self.pos < len(self.data) else -1
                if key_initial >> 5 != 3:
                    raise self.fail("has a CBOR map key that is not a text string")
                key = self.item(depth + 1)
                if key in result:
                    raise self.fail(f"has a CBOR map with the key {key!r} twice")
                result[key] = self.item(depth + 1)
            return result
        # major 6: tags; only 42 (a CID link)
        if arg != 42:
            raise self.fail(f"has CBOR tag {arg}; DAG-CBOR allows only tag 42")
        content = self.item(depth + 1)
        if not isinstance(content, bytes) or not content.startswith(b"\x00"):
            raise self.fail("has a CID link (tag 42) that is not a 0x00-prefixed byte string")
        cid, end = read_cid(content, 1, self.fail)
        if end != len(content):
            raise self.fail("has a CID link with bytes after the CID")
        return cid

    def _simple(self, info: int) -> Any:
        if info == 20:
            return False
        if info == 21:
            return True
        if info == 22:
            return None
        if info == 27:
            value: float = struct.unpack(">d", self._take(8))[0]
            if not math.isfinite(value):
                raise self.fail("has a CBOR float that is NaN or infinite, which DAG-CBOR forbids")
            return value
        if info in (25, 26):
            raise self.fail("has a 16- or 32-bit CBOR float; DAG-CBOR uses 64-bit floats only")
        raise self.fail(f"has a CBOR simple value {info} that DAG-CBOR does not allow")


def decode_dag_cbor(data: bytes, fail: Fail) -> Any:
    """One complete DAG-CBOR value, which must use every byte of ``data``."""
    decoder = _Decoder(data, fail)
    value = decoder.item(0)
    if decoder.pos != len(data):
        raise fail("has bytes after its CBOR value")
    return value


@dataclass(frozen=True, slots=True)
class Block:
    cid: CID
    offset: int  # of the block's data in the file
    data: bytes


def _read_exact(f: IO[bytes], n: int, fail: Fail, what: str) -> bytes:
    data = f.read(n)
    if len(data) != n:
        raise fail(f"ends inside {what} (truncated)")
    return data


def _read_length(f: IO[bytes], fail: Fail) -> int | None:
    """The varint before a section; None at a clean end of file."""
    raw = bytearray()
    while True:
        b = f.read(1)
        if not b:
            if raw:
                raise fail("ends inside a section length (truncated)")
            return None
        raw += b
        if not b[0] & 0x80:
            return read_varint(bytes(raw), 0, fail)[0]
        if len(raw) >= 9:
            raise fail("has a section length varint longer than 9 bytes")


def read_header(f: IO[bytes], fail: Fail) -> list[CID]:
    """The CAR v1 header's roots (the file must be positioned at its start)."""
    length = _read_length(f, fail)
    if length is None:
        raise fail("is empty")
    if length == 0 or length > MAX_HEADER_BYTES:
        raise fail(f"has a header of {length:,} bytes: not a CAR file")
    header = decode_dag_cbor(_read_exact(f, length, fail, "the header"), fail)
    if not isinstance(header, dict) or header.get("version") != 1:
        raise fail("is not a CAR version 1 file")
    roots = header.get("roots")
    if not isinstance(roots, list) or not roots or not all(isinstance(r, CID) for r in roots):
        raise fail("has a CAR header with no roots")
    return roots


def iter_blocks(f: IO[bytes], fail: Fail) -> Iterator[Block]:
    """Every block after the header, each checked against its CID's SHA-256."""
    count = 0
    while True:
        length = _read_length(f, fail)
        if length is None:
            return
        count += 1
        if count > MAX_BLOCKS:
            raise fail(f"has more than {MAX_BLOCKS:,} blocks")
        if length == 0 or length > MAX_BLOCK_BYTES + 64:
            raise fail(f"has a block of {length:,} bytes; the limit is {MAX_BLOCK_BYTES // 2**20} MB")
        start = f.tell()
        section = _read_exact(f, length, fail, "a block")
        cid, at = read_cid(section, 0, fail)
        data = section[at:]
        if hashlib.sha256(data).digest() != cid.digest:
            raise fail(f"has a block whose content does not match its CID {cid} (damaged or forged)")
        yield Block(cid, start + at, data)
