"""Messages received: read from CSV, JSON lines or a platform archive, all or nothing.

CSV (a header row) and JSON lines (one object a line) carry ``sender``, ``platform``, ``url``,
``time`` (ISO 8601; a time without an offset is in the pack's time zone), ``text``, and
optionally ``id`` (the platform's id: re-imports are found by it, else by a hash of sender,
time and text), ``channel`` (comment, reply, message, email…) and ``attachments`` (JSON lines
only: paths relative to the file, hashed with SHA-256 on import). ``--platform`` fills a
missing platform.

Archives go through the importers (recognised by their contents, as the audit does), asked
for what others sent (``received=True``); the items *other people* wrote (``author`` set) are
the messages, the member's own are left out:

* WordPress (WXR): visitors' comments on the member's posts and pages (``channel`` comment);
* X: direct messages received, one-to-one and group (``channel`` message; the sender is the
  numeric account id, as the archive names no handles; the URL is the conversation);
* Facebook: Messenger messages received, in every box (``channel`` message; the sender is
  the display name).

Nothing received is in the other archives: Facebook exports none of others' comments on the
member's posts, Mastodon's ``outbox.json`` and Bluesky's repository hold the account's own
posts only, and LinkedIn's ``messages.csv`` is not read yet. For those, paste or use CSV.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pausecheck._exceptions import InputError

__all__ = ["MAX_BYTES", "Incoming", "read_messages"]

MAX_BYTES = 64 * 1024 * 1024
MAX_TEXT = 20_000
TABULAR = (".csv", ".jsonl", ".ndjson")


@dataclass(frozen=True, slots=True)
class Incoming:
    """One message received, as read: nothing scored yet."""

    text: str
    sender: str
    platform: str
    received_at: datetime
    url: str | None = None
    platform_id: str | None = None
    channel: str = "message"
    parent_id: str | None = None
    #: (file name, SHA-256) of each attachment or screenshot.
    attachments: tuple[tuple[str, str], ...] = field(default=())
    source: str = ""


def read_messages(path: Path, *, platform: str | None = None, timezone: str = "Europe/London") -> list[Incoming]:
    """Every message in ``path``, or an InputError (with the line) and none."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in TABULAR:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"{path} is larger than {MAX_BYTES:,} bytes")
        try:
            raw = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as e:
            raise InputError(f"{path} is not valid UTF-8 (offset {e.start})") from None
        rows = _csv_rows(raw, path) if suffix == ".csv" else _jsonl_rows(raw, path)
        return [_message(row, where, path, platform, ZoneInfo(timezone)) for where, row in rows]
    return _archive(path, platform)


def _csv_rows(raw: str, path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(raw, newline=""), strict=True)
    missing = {"sender", "time", "text"} - set(reader.fieldnames or ())
    if missing:
        raise InputError(f"{path}: the header lacks {', '.join(sorted(missing))} (expected sender, platform, url, "
                         "time, text)")
    try:
        for row in reader:
            if None in row:
                raise InputError(f"{path}:{reader.line_num}: more fields than the header names")
            yield f"{path.name}:{reader.line_num}", row
    except csv.Error as e:
        raise InputError(f"{path}:{reader.line_num}: {e}") from None


def _jsonl_rows(raw: str, path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"{path}:{n}: not JSON ({e.msg})") from None
        if not isinstance(value, dict):
            raise InputError(f"{path}:{n}: expected a JSON object")
        yield f"{path.name}:{n}", value


def _text_field(row: dict[str, Any], key: str, where: str, *, required: bool) -> str | None:
    value = row.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(f"{where}: '{key}' is missing or empty")
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise InputError(f"{where}: '{key}' should be text")
    return str(value)


def _message(row: dict[str, Any], where: str, path: Path, platform: str | None, zone: ZoneInfo) -> Incoming:
    text = _text_field(row, "text", where, required=True) or ""
    if len(text) > MAX_TEXT:
        raise InputError(f"{where}: the text is longer than {MAX_TEXT:,} characters")
    when = _text_field(row, "time", where, required=True) or ""
    try:
        at = datetime.fromisoformat(when.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{where}: time {when!r} is not ISO 8601 (e.g. 2026-03-14T21:05:00Z)") from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=zone)
    plat = (_text_field(row, "platform", where, required=False) or platform or "").strip().lower()
    if not plat:
        raise InputError(f"{where}: no platform (give a 'platform' column or --platform)")
    attachments: list[tuple[str, str]] = []
    for name in row.get("attachments") or ():
        if not isinstance(name, str):
            raise InputError(f"{where}: attachments should be a list of file paths")
        file = path.parent / name
        if not file.is_file():
            raise InputError(f"{where}: attachment {name!r} not found beside the file")
        attachments.append((file.name, hashlib.sha256(file.read_bytes()).hexdigest()))
    return Incoming(text=text, sender=(_text_field(row, "sender", where, required=True) or "").strip(),
                    platform=plat, received_at=at, url=_text_field(row, "url", where, required=False),
                    platform_id=_text_field(row, "id", where, required=False),
                    channel=_text_field(row, "channel", where, required=False) or "message",
                    parent_id=_text_field(row, "parent_id", where, required=False),
                    attachments=tuple(attachments), source=where)


def _archive(path: Path, platform: str | None) -> list[Incoming]:
    from pausecheck._exceptions import ArchiveError
    from pausecheck.importers import import_all

    try:
        items = import_all(path, received=True)
    except ArchiveError as e:
        raise InputError(str(e)) from None
    return [Incoming(text=i.text, sender=i.author or "", platform=platform or i.platform, received_at=i.created_at,
                     url=i.url, platform_id=i.platform_id, channel=i.kind, parent_id=i.in_reply_to, source=i.source)
            for i in items if not i.own and i.has_text]
