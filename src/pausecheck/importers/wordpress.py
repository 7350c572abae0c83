"""WordPress exports (WXR): the ``.xml`` from Tools → Export, several of them in a folder, or
the zip WordPress.com sends.

**Hardening.** Before the parser sees a byte, the prolog (everything before the root element,
at most :data:`MAX_PROLOG_BYTES`) is scanned: a ``<!DOCTYPE`` (and with it any ``<!ENTITY``
declaration, internal or external) is refused, as the official importer does, so no entity can
be defined, expanded ("billion laughs") or fetched; the declared encoding must be an
ASCII-compatible one (UTF-8, ASCII, ISO-8859-n, windows-125n) so that the scan sees the real
bytes. Any ``&name;`` the file then uses other than XML's five is an undefined entity and a
parse error. The file is fed to :class:`xml.etree.ElementTree.XMLPullParser` in 64 KiB chunks
and each ``<item>`` is dropped from the tree once read, so memory holds one item; an item larger
than :data:`MAX_ITEM_BYTES` is refused.

**Content.** The root must be ``<rss>`` with ``channel/wp:wxr_version`` (any
``http://wordpress.org/export/1.x/`` namespace). Items whose ``wp:post_type`` is ``post`` or
``page`` and whose ``wp:status`` is ``publish`` are yielded as ``post`` (text: the title, a blank
line, then ``content:encoded`` turned from HTML, CDATA and block comments into plain text, with
WordPress's media shortcodes removed). Their approved ``wp:comment`` entries (not pingbacks or
trackbacks, not spam or pending) are yielded as ``comment``: this is the one export that holds
comments *other people* left, so a comment is the site's own (``author`` None) when its
``comment_user_id`` or e-mail belongs to one of the export's ``wp:author`` accounts, and is
otherwise attributed to its ``comment_author``. Times are the ``_gmt`` columns (UTC), else
``pubDate``, else the site-local date read as UTC.
"""

from __future__ import annotations

import email.utils
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Generator, Iterator
from datetime import UTC, datetime

from pausecheck.importers._archive import Container, Member, open_binary_checked
from pausecheck.importers._html import html_to_text
from pausecheck.importers._run import Options, one_format, stream
from pausecheck.importers.base import ImportedPost, Where, check_account, from_iso, in_range, make

MAX_PROLOG_BYTES = 64 * 2**10
MAX_ITEM_BYTES = 32 * 2**20
_CHUNK = 1 << 16

_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_WP_NS = re.compile(r"\{(http://wordpress\.org/export/\d+\.\d+/)\}")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")
_SAFE_ENCODINGS = re.compile(r"utf-?8|us-ascii|ascii|iso-8859-\d{1,2}|latin-?1|windows-125\d|cp125\d", re.IGNORECASE)
_SHORTCODE = re.compile(r"\[/?(?:caption|gallery|embed|audio|video|playlist|wp_caption)\b[^\]]{0,2000}\]")
_ZERO_DATE = "0000-00-00 00:00:00"


def looks_like(names: list[str]) -> bool:
    return any(n.lower().endswith(".xml") for n in names)


def _prolog_end(buf: bytes, where: Where) -> int | None:
    """Where the root element starts, None if more bytes are needed; refuses a DOCTYPE."""
    i = 3 if buf.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while i < len(buf) and buf[i] in b" \t\r\n":
            i += 1
        if i >= len(buf):
            return None
        if buf[i : i + 1] != b"<":
            raise where.error("does not start with XML markup: not a WordPress export")
        if buf.startswith(b"<?", i):
            end = buf.find(b"?>", i)
            if end < 0:
                return None
            declaration = buf[i : end + 2]
            m = _ENCODING.search(declaration)
            if declaration.startswith(b"<?xml") and m and not _SAFE_ENCODINGS.fullmatch(m.group(1).decode("ascii")):
                raise where.error(f"declares the encoding {m.group(1).decode('ascii')!r}; WordPress exports are UTF-8")
            i = end + 2
            continue
        if len(buf) - i < 4:
            return None
        if buf.startswith(b"<!--", i):
            end = buf.find(b"-->", i + 4)
            if end < 0:
                return None
            i = end + 3
            continue
        if buf.startswith(b"<!", i):
            raise where.error(
                "has a DOCTYPE (or ENTITY) declaration; these are refused so that no entity can be expanded or fetched"
            )
        return i


def _gmt(value: str | None, where: Where, what: str) -> datetime | None:
    if not value or not value.strip() or value.strip() == _ZERO_DATE:
        return None
    return from_iso(value.strip(), where, what)


def _pub_date(value: str | None, where: Where) -> datetime | None:
    if not value or not value.strip():
        return None
    try:
        when = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        raise where.error(f"pubDate {value.strip()[:60]!r} is not an RFC 822 date") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return in_range(when, where, "pubDate")


class _Item:
    """Reads one <item>'s children in the export's wp namespace."""

    def __init__(self, elem: ET.Element, wp: str) -> None:
        self.elem = elem
        self.wp = wp

    def wp_text(self, name: str, elem: ET.Element | None = None) -> str | None:
        return (elem if elem is not None else self.elem).findtext(f"{{{self.wp}}}{name}")


def _post_items(
    item: ET.Element, wp: str, where: Where, opts: Options, authors: set[str], emails: set[str]
) -> Iterator[ImportedPost]:
    it = _Item(item, wp)
    if (it.wp_text("post_type") or "").strip() not in ("post", "page"):
        return
    if (it.wp_text("status") or "").strip() != "publish":
        return
    post_id = (it.wp_text("post_id") or "").strip() or (item.findtext("guid") or "").strip()
    if not post_id:
        raise where.error("item has no wp:post_id")
    link = (item.findtext("link") or "").strip() or None
    created = (
        _gmt(it.wp_text("post_date_gmt"), where, "wp:post_date_gmt")
        or _pub_date(item.findtext("pubDate"), where)
        or _gmt(it.wp_text("post_date"), where, "wp:post_date")
    )
    if created is None:
        raise where.error("item has no date (wp:post_date_gmt, pubDate or wp:post_date)")
    title = (item.findtext("title") or "").strip()
    body = html_to_text(_SHORTCODE.sub("", item.findtext(_CONTENT) or ""))
    full = "\n\n".join(p for p in (title, body) if p)
    if full:
        yield make(
            text_=full,
            account=opts.account,
            platform="wordpress",
            platform_id=post_id,
            url=link,
            kind="post",
            created_at=created,
            where=where,
        )
    for comment in item.findall(f"{{{wp}}}comment"):
        got = _comment(it, comment, post_id, link, created, where, opts, authors, emails)
        if got is not None:
            yield got


def _comment(
    it: _Item,
    comment: ET.Element,
    post_id: str,
    link: str | None,
    post_time: datetime,
    where: Where,
    opts: Options,
    authors: set[str],
    emails: set[str],
) -> ImportedPost | None:
    if (it.wp_text("comment_approved", comment) or "").strip() != "1":
        return None
    if (it.wp_text("comment_type", comment) or "").strip() not in ("", "comment"):
        return None
    comment_id = (it.wp_text("comment_id", comment) or "").strip()
    w = where.at(entry=f"{where.entry}/comment/{comment_id or '?'}")
    body = html_to_text(it.wp_text("comment_content", comment) or "")
    if not body:
        return None
    user_id = (it.wp_text("comment_user_id", comment) or "").strip()
    email_ = (it.wp_text("comment_author_email", comment) or "").strip().lower()
    own = (user_id not in ("", "0") and user_id in authors) or (bool(email_) and email_ in emails)
    author = None if own else ((it.wp_text("comment_author", comment) or "").strip() or "anonymous")
    parent = (it.wp_text("comment_parent", comment) or "").strip()
    created = (
        _gmt(it.wp_text("comment_date_gmt", comment), w, "wp:comment_date_gmt")
        or _gmt(it.wp_text("comment_date", comment), w, "wp:comment_date")
        or post_time
    )
    return make(
        text_=body,
        account=opts.account,
        platform="wordpress",
        platform_id=f"{post_id}/comment/{comment_id}",
        url=f"{link}#comment-{comment_id}" if link and comment_id else link,
        kind="comment",
        created_at=created,
        where=w,
        in_reply_to=f"{post_id}#comment-{parent}" if parent not in ("", "0") else post_id,
        author=author,
    )


def _element_events(parser: ET.XMLPullParser) -> list[tuple[str, ET.Element]]:
    out: list[tuple[str, ET.Element]] = []
    for ev in parser.read_events():
        if isinstance(ev, tuple) and len(ev) == 2 and isinstance(ev[1], ET.Element):
            out.append((str(ev[0]), ev[1]))
    return out


def _read(container: Container, member: Member, where: Where, opts: Options) -> Iterator[ImportedPost]:
    w = where.at(container.shown(member))
    with open_binary_checked(container, member, expect="a WordPress export (XML)") as f:
        head = b""
        while (start := _prolog_end(head, w)) is None:
            chunk = f.read(_CHUNK)
            if not chunk:
                raise w.error("ends before its first element: not a WordPress export")
            head += chunk
            if len(head) > MAX_PROLOG_BYTES and _prolog_end(head[:MAX_PROLOG_BYTES], w) is None:
                raise w.error(f"has no root element in its first {MAX_PROLOG_BYTES // 1024} KB")
        del start
        parser: ET.XMLPullParser = ET.XMLPullParser(events=("start", "end"))
        depth = 0
        channel: ET.Element | None = None
        wp: str | None = None
        authors: set[str] = set()
        emails: set[str] = set()
        fed = 0
        item_started: int | None = None
        items = 0
        chunk = head
        while True:
            try:
                if chunk:
                    parser.feed(chunk)
                    fed += len(chunk)
                else:
                    parser.close()
                events = _element_events(parser)
            except ET.ParseError as exc:
                raise w.error(f"is not well-formed XML ({exc})") from None
            for event, elem in events:
                if event == "start":
                    depth += 1
                    if depth == 1 and elem.tag != "rss":
                        raise w.error(f"is XML with root <{elem.tag}>, not a WordPress export (<rss>)")
                    if depth == 2 and elem.tag == "channel":
                        channel = elem
                    if depth == 3 and elem.tag == "item":
                        if wp is None:
                            raise w.error("has items before its wp:wxr_version: not a WordPress export")
                        item_started = fed
                    continue
                depth -= 1
                if depth != 2 or channel is None:
                    continue
                tag = str(elem.tag)
                if tag.endswith("}wxr_version") and (m := _WP_NS.match(tag)):
                    if not re.fullmatch(r"\d+\.\d+", (elem.text or "").strip()):
                        raise w.error(
                            f"has wp:wxr_version {(elem.text or '').strip()[:20]!r}; expected a number like 1.2"
                        )
                    wp = m.group(1)
                elif wp is not None and tag == f"{{{wp}}}author":
                    it = _Item(elem, wp)
                    if (aid := (it.wp_text("author_id") or "").strip()) and aid != "0":
                        authors.add(aid)
                    if mail := (it.wp_text("author_email") or "").strip().lower():
                        emails.add(mail)
                elif tag == "item" and wp is not None:
                    items += 1
                    yield from _post_items(elem, wp, w.at(entry=items), opts, authors, emails)
                    item_started = None
                channel.remove(elem)
            if item_started is not None and fed - item_started > MAX_ITEM_BYTES:
                raise w.at(entry=items + 1).error(f"has an item larger than {MAX_ITEM_BYTES // 2**20} MB; refused")
            if not chunk:
                break
            chunk = f.read(_CHUNK)
        if wp is None:
            raise w.error("has no wp:wxr_version: not a WordPress export")


def posts(container: Container, where: Where, opts: Options) -> Iterator[ImportedPost]:
    files = sorted((m for m in container.members if m.basename.lower().endswith(".xml")), key=lambda m: m.name)
    if not files:
        raise where.error("has no .xml file: not a WordPress export")
    for member in files:
        yield from _read(container, member, where, opts)


def iter_wordpress(
    path: str | os.PathLike[str],
    *,
    account: str = "councillor",
    prevalidate: bool = True,
) -> Generator[ImportedPost, None, None]:
    """Every post in a WordPress export (WXR) at ``path``, as a stream (see :func:`pausecheck.importers.open_archive`
    for when errors are raised and what ``prevalidate`` does)."""
    return stream(path, one_format(posts), Options(check_account(account), False), prevalidate=prevalidate)
