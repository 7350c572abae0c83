"""LinkedIn data exports: the zip ("Get a copy of your data"), its folder, or ``Shares.csv`` /
``Comments.csv`` on their own.

* ``Shares.csv``: ``Date, ShareLink, ShareCommentary, SharedUrl, MediaUrl, Visibility``. The
  commentary is the member's post; with no commentary and a ``SharedUrl`` it is a ``repost``;
  with commentary and a ``SharedUrl`` pointing at a LinkedIn post it is a ``quote``.
* ``Comments.csv``: ``Date, Link, Message``: the member's comments (``kind="comment"``,
  ``in_reply_to`` the commented activity's link).

Quirks handled (from the maintained cleaner the reference cites): a UTF-8 BOM; fields with
embedded newlines (read by :mod:`csv`, never split on lines); ``Comments.csv`` escapes quotes
with a backslash (``\\"``, read with ``escapechar``); ``ShareCommentary`` sometimes arrives
quoted twice, leaving ``""`` and ``"\\n"`` artefacts after CSV decoding, which are undone only
when they are present. ``Date`` is ``YYYY-MM-DD HH:MM:SS`` in UTC (a `` UTC`` suffix is
accepted). Rows are streamed; a field longer than :mod:`csv`'s limit (131,072 characters) is
refused. Messages (``messages.csv``) are not read: the export names senders only by display
name, so the member's own cannot be told apart reliably.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import urllib.parse
from collections.abc import Generator, Iterator
from datetime import datetime

from pausecheck.importers._archive import Container, Member, open_text
from pausecheck.importers._run import Options, one_format, stream
from pausecheck.importers.base import ImportedPost, Kind, Where, check_account, from_iso, make

_SHARES = ("Date", "ShareLink", "ShareCommentary")
_COMMENTS = ("Date", "Link", "Message")
_URN = re.compile(r"urn:li:(?:share|ugcPost|activity|comment):[\w(),:-]{1,200}")
_LINKEDIN_POST = re.compile(r"https?://(?:[\w-]+\.)?linkedin\.com/(?:feed/update|posts)/")


def looks_like(names: list[str]) -> bool:
    return any(n.rsplit("/", 1)[-1].lower() in ("shares.csv", "comments.csv") for n in names)


def clean_commentary(value: str) -> str:
    """Undo the double quoting some ``ShareCommentary`` values carry (see the docstring)."""
    if '""' in value or '"\n"' in value:
        if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
            value = value[1:-1]
        value = value.replace('"\n"', "\n").replace('""', '"')
    return value.strip()


def _urn(link: str) -> str | None:
    m = _URN.search(urllib.parse.unquote(link))
    return m.group() if m else None


#: Longest CSV field read (the csv module's default limit, applied here whatever it is set to).
MAX_FIELD_CHARS = 131_072


def _rows(
    container: Container, member: Member, where: Where, required: tuple[str, ...], *, backslash: bool
) -> Iterator[tuple[int, dict[str, str]]]:
    w = where.at(container.shown(member))
    with open_text(container, member, expect="a CSV file") as f:
        reader = csv.reader(f, escapechar="\\" if backslash else None, doublequote=True)
        header = next(reader, None)
        if header is None:
            return
        columns = [h.strip() for h in header]
        missing = [c for c in required if c not in columns]
        if missing:
            raise w.error(f"lacks the column(s) {', '.join(missing)}: not a LinkedIn {member.basename}")
        n = 0
        for row in reader:
            n += 1
            # csv's own limit is process-wide state any other code may raise; ours is fixed here.
            if any(len(cell) > MAX_FIELD_CHARS for cell in row):
                raise w.at(entry=n).error(
                    f"field larger than field limit ({MAX_FIELD_CHARS:,} characters; line {reader.line_num})"
                )
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(columns):
                raise w.at(entry=n).error(
                    f"has {len(row)} fields where the header has {len(columns)} (line {reader.line_num})"
                )
            yield n, dict(zip(columns, row + [""] * (len(columns) - len(row)), strict=True))


def _shares(container: Container, member: Member, where: Where, opts: Options) -> Iterator[ImportedPost]:
    for n, row in _rows(container, member, where, _SHARES, backslash=False):
        w = where.at(container.shown(member), n)
        body = clean_commentary(row.get("ShareCommentary", ""))
        shared = row.get("SharedUrl", "").strip() or None
        link = row.get("ShareLink", "").strip() or None
        kind: Kind
        if body and shared and _LINKEDIN_POST.match(shared):
            kind = "quote"
        elif body:
            kind = "post"
        elif shared:
            kind = "repost"
        else:
            continue  # media only
        created = _date(row.get("Date", ""), w)
        pid = (_urn(link) if link else None) or link or _hashed("share", created.isoformat(), body)
        yield make(
            text_=body,
            account=opts.account,
            platform="linkedin",
            platform_id=pid,
            url=link,
            kind=kind,
            created_at=created,
            where=w,
            quoted_ref=shared if kind != "post" else None,
        )


def _comments(container: Container, member: Member, where: Where, opts: Options) -> Iterator[ImportedPost]:
    for n, row in _rows(container, member, where, _COMMENTS, backslash=True):
        w = where.at(container.shown(member), n)
        body = row.get("Message", "").strip()
        if not body:
            continue
        link = row.get("Link", "").strip() or None
        created = _date(row.get("Date", ""), w)
        yield make(
            text_=body,
            account=opts.account,
            platform="linkedin",
            platform_id=_hashed("comment", (link and _urn(link)) or link or "", created.isoformat(), body),
            url=link,
            kind="comment",
            created_at=created,
            where=w,
            in_reply_to=link,
        )


def _date(value: str, where: Where) -> datetime:
    raw = value.strip()
    if raw.upper().endswith(" UTC"):
        raw = raw[:-4].strip()
    return from_iso(raw, where, "Date")


def _hashed(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts[1:]).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{parts[0]}:{digest}"


def posts(container: Container, where: Where, opts: Options) -> Iterator[ImportedPost]:
    shares = sorted((m for m in container.members if m.basename.lower() == "shares.csv"), key=lambda m: m.name)
    comments = sorted((m for m in container.members if m.basename.lower() == "comments.csv"), key=lambda m: m.name)
    if not shares and not comments:
        raise where.error("has no Shares.csv or Comments.csv: not a LinkedIn export")
    for member in shares:
        yield from _shares(container, member, where, opts)
    for member in comments:
        yield from _comments(container, member, where, opts)


def iter_linkedin(
    path: str | os.PathLike[str],
    *,
    account: str = "councillor",
    prevalidate: bool = True,
) -> Generator[ImportedPost, None, None]:
    """Every post in a LinkedIn export at ``path``, as a stream (see :func:`pausecheck.importers.open_archive`
    for when errors are raised and what ``prevalidate`` does)."""
    return stream(path, one_format(posts), Options(check_account(account), False), prevalidate=prevalidate)
