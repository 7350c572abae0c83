"""A streaming reader for the big JSON files in exports, in constant memory.

Exports hold one huge list (``tweets.js``, ``outbox.json``'s ``orderedItems``, a Messenger
thread's ``messages``) of small entries. :class:`JsonStream` walks the outer structure itself
(``[``, ``{``, keys, commas) and hands each entry to :meth:`json.JSONDecoder.raw_decode`, reading
the text in 64 KiB chunks: memory holds one entry and one chunk, never the file. An entry may be
at most ``max_entry`` characters (:data:`MAX_ENTRY_CHARS` by default); anything longer is
refused rather than buffered. When ``raw_decode`` fails because the buffer ends inside an entry,
the reader reads as much again (so a long entry costs at most twice its length in retries) and
tries once more; at the end of the file the failure is a broken-JSON error with its position.

X's ``.js`` files are ``window.YTD.tweets.part0 = [ … ]``: :meth:`JsonStream.take_prefix`
consumes the assignment up to the first ``=`` (at most 512 characters, else the file is not an
export file) and the list is then read the same way; a trailing ``;`` is allowed.

``NaN`` and ``Infinity`` are refused; nesting deeper than Python's recursion limit is refused
by the decoder (RecursionError, turned into an ArchiveError by the caller).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

from pausecheck.importers.base import Where

#: Characters in one entry of a list (one tweet, one status, one message).
MAX_ENTRY_CHARS = 16 * 2**20

_CHUNK = 1 << 16
_WS = re.compile(r"[ \t\r\n]*")


class JsonStream:
    def __init__(self, source: TextIO, where: Where, *, max_entry: int | None = None) -> None:
        self._source = source
        self._where = where
        self._max = MAX_ENTRY_CHARS if max_entry is None else max_entry
        self._buf = ""
        self._pos = 0
        self._base = 0  # characters dropped from the front of the buffer so far
        self._eof = False
        self._decoder = json.JSONDecoder(parse_constant=self._constant)

    def _constant(self, name: str) -> Any:
        raise self._where.error(f"holds {name}, which is not valid JSON")

    # --- buffer ---------------------------------------------------------------------------

    def _more(self, want: int) -> bool:
        if self._eof:
            return False
        try:
            chunk = self._source.read(max(want, _CHUNK))
        except UnicodeDecodeError:
            raise self._where.error("is not UTF-8 text") from None
        if not chunk:
            self._eof = True
            return False
        if self._pos:
            self._base += self._pos
            self._buf = self._buf[self._pos :]
            self._pos = 0
        self._buf += chunk
        return True

    def _grow(self) -> bool:
        pending = len(self._buf) - self._pos
        if pending > self._max:
            raise self._where.error(f"has an entry longer than {self._max // 2**20} MB of text; refused")
        return self._more(max(pending, _CHUNK))

    def _skip_ws(self) -> None:
        while True:
            m = _WS.match(self._buf, self._pos)
            self._pos = m.end() if m else self._pos
            if self._pos < len(self._buf) or not self._more(_CHUNK):
                return

    def peek(self) -> str:
        """The next non-blank character, or "" at the end of the file."""
        self._skip_ws()
        return self._buf[self._pos] if self._pos < len(self._buf) else ""

    def _unexpected(self, wanted: str) -> Exception:
        found = self.peek()
        if not found:
            return self._where.error("ends before its JSON is complete (truncated?)")
        return self._where.error(
            f"is not valid JSON: expected {wanted} at character {self._base + self._pos:,}, found {found!r}"
        )

    def expect(self, char: str, wanted: str) -> None:
        if self.peek() != char:
            raise self._unexpected(wanted)
        self._pos += 1

    # --- values ---------------------------------------------------------------------------

    def value(self) -> Any:
        """The next complete JSON value (bounded by ``max_entry``)."""
        self._skip_ws()
        while True:
            try:
                val, end = self._decoder.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                if self._grow():
                    continue
                if exc.pos >= len(self._buf.rstrip()) or exc.msg.startswith("Unterminated"):
                    raise self._where.error("ends before its JSON is complete (truncated?)") from None
                raise self._where.error(f"is not valid JSON: {exc.msg} at character {self._base + exc.pos:,}") from None
            except ValueError as exc:  # e.g. an integer with thousands of digits
                raise self._where.error(f"is not valid JSON: {exc}") from None
            if end == len(self._buf) and self._grow():
                continue  # a number may go on in the next chunk
            self._pos = end
            return val

    def skip(self) -> None:
        self.value()

    def iter_array(self) -> Iterator[Any]:
        """Each element of the list that starts here."""
        self.expect("[", "'['")
        if self.peek() == "]":
            self._pos += 1
            return
        while True:
            yield self.value()
            c = self.peek()
            self._pos += 1
            if c == ",":
                continue
            if c == "]":
                return
            self._pos -= 1
            raise self._unexpected("',' or ']'")

    def iter_object(self) -> Iterator[str]:
        """Each key of the object that starts here; the caller reads (or skips) its value
        before asking for the next key."""
        self.expect("{", "'{'")
        if self.peek() == "}":
            self._pos += 1
            return
        while True:
            if self.peek() != '"':
                raise self._unexpected("a key")
            key = self.value()
            self.expect(":", "':'")
            yield key
            c = self.peek()
            self._pos += 1
            if c == ",":
                continue
            if c == "}":
                return
            self._pos -= 1
            raise self._unexpected("',' or '}'")

    def take_prefix(self, limit: int = 512) -> str:
        """Consume ``window.YTD.x.part0 =`` (everything up to the first '='); return it."""
        while True:
            at = self._buf.find("=", self._pos)
            if at >= 0 and at - self._pos <= limit:
                prefix = self._buf[self._pos : at]
                self._pos = at + 1
                return prefix
            if len(self._buf) - self._pos > limit or not self._more(_CHUNK):
                raise self._where.error("does not start with an assignment such as 'window.YTD.tweets.part0 ='")

    def end(self) -> None:
        """Only blanks (and one ';') may follow the data."""
        if self.peek() == ";":
            self._pos += 1
        if self.peek():
            raise self._where.error(
                f"has unexpected text after its data at character {self._base + self._pos:,} (two files joined?)"
            )
