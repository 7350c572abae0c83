"""Facebook "Download your information" exports in JSON (the zip, or its folder).

Three folder layouts are read, found by path anywhere in the archive (so a zip with an extra
top folder works too):

=============  ==================================================================================
2018–2021      ``posts/your_posts_1.json`` (``_2``…), ``comments/comments.json`` (key ``comments``)
               or ``comments_and_reactions/comments.json`` (``comments_v2``), ``messages/inbox/…``
~2022–2024     ``your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_1.json``,
               ``your_activity_across_facebook/comments_and_reactions/comments.json``, ``…/messages/…``
2024–          the same under ``your_facebook_activity/``; Messenger threads also in
               ``archived_threads``, ``filtered_threads``, ``message_requests`` and ``e2ee_cutover``
=============  ==================================================================================

Group posts (``groups/your_posts_in_groups.json``, ``group_posts_and_comments.json``) and group
comments (``groups/your_comments_in_groups.json``) are read too. A posts file may be a list or
an object holding lists (both seen); each file is streamed entry by entry (see ``_json``).

**Mojibake.** Facebook writes each UTF-8 byte as its own ``\\u00XX`` escape, so ``’`` arrives
as ``\\u00e2\\u0080\\u0099`` and decodes to ``â\\x80\\x99``. :func:`fix_mojibake` re-reads every
maximal run of U+0080–U+00FF characters as UTF-8 bytes, keeping any byte that is not part of a
valid sequence as it was (so a string that also holds real characters, such as ``“``, or a
genuine ``é`` standing alone, is not damaged). It is applied to every string after decoding.

Entries carry no id and no URL: ``platform_id`` is ``<kind>:<timestamp>:<hash of the text>``
and ``url`` is None. Photo-only entries with no words are skipped. An entry with no text but a
shared link (``external_context``) is a ``repost`` of that link. Comments are ``comment``;
Messenger messages are ``message``, read only when asked: with ``include_dms=True`` the ones
the account holder sent, with ``received=True`` the ones others sent them (``author`` = the
sender's display name: Messenger exports no handles or ids for people). The holder's name
comes from ``profile_information/profile_information.json`` (or, failing that, the author of
their comments). A thread spans ``message_1.json``, ``message_2.json``… in one folder, in every
box (``inbox``, ``archived_threads``, ``filtered_threads``, ``message_requests``,
``e2ee_cutover``); a message's ``platform_id`` is ``<thread folder>/<timestamp_ms>`` (with
``#2``, ``#3``… for a second message in the same millisecond). Group notices in old exports
(``type`` ``Unsubscribe``, ``Subscribe``, ``Call``) hold no one's words and are skipped.

Others' comments on the holder's posts are **not** in the export (it holds only the holder's
own activity), so there is nothing received to read but Messenger.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Generator, Iterator
from typing import Any

from pausecheck.importers._archive import Container, Member, open_text, read_small
from pausecheck.importers._json import JsonStream
from pausecheck.importers._run import Options, one_format, stream
from pausecheck.importers.base import (
    ImportedPost,
    Kind,
    Where,
    arr,
    check_account,
    from_unix,
    make,
    obj,
    text,
    worth_yielding,
)

_POSTS = re.compile(r"(?:^|/)posts/your_posts(?:__check_ins__photos_and_videos)?_(?P<n>\d{1,6})\.json$")
_GROUP_POSTS = re.compile(r"(?:^|/)groups/(?:your_posts_in_groups|group_posts_and_comments)\.json$")
_COMMENTS = re.compile(r"(?:^|/)comments(?:_and_reactions)?/comments\.json$")
_GROUP_COMMENTS = re.compile(r"(?:^|/)groups/your_comments_in_groups\.json$")
_THREAD = re.compile(
    r"(?:^|/)messages/(?P<box>inbox|archived_threads|filtered_threads|message_requests|e2ee_cutover)/"
    r"(?P<thread>[^/]+)/message_(?P<n>\d{1,6})\.json$"
)
_PROFILE = re.compile(r"(?:^|/)profile_information/profile_information\.json$")

_RUN = re.compile(r"[\x80-\xff]+")
_ESCAPED = re.compile(r"[\udc80-\udcff]")


def looks_like(names: list[str]) -> bool:
    return any(
        _POSTS.search(n) or _COMMENTS.search(n) or _GROUP_POSTS.search(n) or _GROUP_COMMENTS.search(n) for n in names
    ) or (any(_THREAD.search(n) for n in names) and any(_PROFILE.search(n) for n in names))


def fix_mojibake(value: str) -> str:
    """Undo Facebook's Latin-1 escaping of UTF-8 bytes in one string (see the module docstring)."""

    def repair(m: re.Match[str]) -> str:
        decoded = m.group().encode("latin-1").decode("utf-8", "surrogateescape")
        return _ESCAPED.sub(lambda s: chr(ord(s.group()) - 0xDC00), decoded)

    return _RUN.sub(repair, value)


def _fixed(value: Any) -> Any:
    """``value`` with :func:`fix_mojibake` applied to every string in it, keys included."""
    if isinstance(value, str):
        return fix_mojibake(value)
    if isinstance(value, list):
        return [_fixed(v) for v in value]
    if isinstance(value, dict):
        return {fix_mojibake(k): _fixed(v) for k, v in value.items()}
    return value


def _platform_id(kind: str, stamp: Any, body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{kind}:{stamp}:{digest}"


def _entries(js: JsonStream) -> Iterator[Any]:
    """The entries of a file that is a list, or an object holding one or more lists."""
    first = js.peek()
    if first == "[":
        yield from js.iter_array()
    elif first == "{":
        for _key in js.iter_object():
            if js.peek() == "[":
                yield from js.iter_array()
            else:
                js.skip()
    else:
        js.expect("[", "'[' or '{'")
    js.end()


def _post(element: Any, where: Where, opts: Options) -> ImportedPost | None:
    entry = obj(_fixed(element), where, "entry")
    texts = []
    for d in arr(entry.get("data"), where, "data"):
        if isinstance(d, dict) and (t := text(d.get("post"), where, "post")):
            texts.append(t.strip())
    body = "\n\n".join(t for t in texts if t)
    link: str | None = None
    shared = False
    for att in arr(entry.get("attachments"), where, "attachments"):
        for d in arr(obj(att, where, "attachment").get("data"), where, "attachment data"):
            if isinstance(d, dict) and "external_context" in d:
                shared = True
                link = (
                    link or text(obj(d["external_context"], where, "external_context").get("url"), where, "url") or None
                )
    kind: Kind = "repost" if not body and shared else "post"
    quoted_ref = link if kind == "repost" else None
    if not worth_yielding(body, quoted_ref, None):
        return None
    created = from_unix(entry.get("timestamp"), where, "timestamp")
    return make(
        text_=body,
        account=opts.account,
        platform="facebook",
        platform_id=_platform_id(kind, entry.get("timestamp"), body + (quoted_ref or "")),
        url=None,
        kind=kind,
        created_at=created,
        where=where,
        quoted_ref=quoted_ref,
    )


def _comments(element: Any, where: Where, opts: Options) -> Iterator[ImportedPost]:
    entry = obj(_fixed(element), where, "entry")
    for n, d in enumerate(arr(entry.get("data"), where, "data"), start=1):
        if not isinstance(d, dict) or "comment" not in d:
            continue
        comment = obj(d["comment"], where, "comment")
        body = (text(comment.get("comment"), where, "comment") or "").strip()
        if not body:
            continue
        stamp = comment.get("timestamp", entry.get("timestamp"))
        yield make(
            text_=body,
            account=opts.account,
            platform="facebook",
            platform_id=_platform_id("comment", stamp, body),
            url=None,
            kind="comment",
            created_at=from_unix(stamp, where, "timestamp"),
            where=where if n == 1 else where.at(entry=f"{where.entry}.{n}"),
        )


def _own_name(container: Container, where: Where) -> str | None:
    """The account holder's name as Messenger writes it (sender_name)."""
    for member in sorted((m for m in container.members if _PROFILE.search(m.name)), key=lambda m: m.depth):
        w = where.at(container.shown(member))
        try:
            data = _fixed(json.loads(read_small(container, member, expect="a JSON file")))
        except json.JSONDecodeError as exc:
            raise w.error(f"is not valid JSON ({exc.msg} at character {exc.pos:,})") from None
        profile = data.get("profile_v2") or data.get("profile") if isinstance(data, dict) else None
        name = profile.get("name") if isinstance(profile, dict) else None
        full = name.get("full_name") if isinstance(name, dict) else name
        if isinstance(full, str) and full.strip():
            return full.strip()
    for member in (m for m in container.members if _COMMENTS.search(m.name)):
        w = where.at(container.shown(member))
        with open_text(container, member, expect="a JSON file") as f:
            for element in _entries(JsonStream(f, w)):
                entry = _fixed(element)
                for d in entry.get("data", []) if isinstance(entry, dict) else []:
                    comment = d.get("comment") if isinstance(d, dict) else None
                    author = comment.get("author") if isinstance(comment, dict) else None
                    if isinstance(author, str) and author.strip():
                        return author.strip()
    return None


def _thread_order(member: Member) -> tuple[str, str, int]:
    m = _THREAD.search(member.name)
    assert m is not None
    return (m.group("box"), m.group("thread"), int(m.group("n")))


def _messages(container: Container, where: Where, opts: Options) -> Iterator[ImportedPost]:
    threads = sorted((m for m in container.members if _THREAD.search(m.name)), key=_thread_order)
    if not threads:
        return
    me = _own_name(container, where)
    if me is None:
        raise where.error(
            "has Messenger threads but no profile_information.json (nor comments) naming you, "
            "so your messages cannot be told from those you received"
        )
    seen: dict[str, set[str]] = {}  # thread -> platform ids given, so two in one millisecond differ
    for member in threads:
        box, thread, _n = _thread_order(member)
        # Per box: the same message in inbox/ and e2ee_cutover/ keeps one id, so it is stored once.
        taken = seen.setdefault(f"{box}/{thread}", set())
        w = where.at(container.shown(member))
        with open_text(container, member, expect="a Messenger JSON file") as f:
            js = JsonStream(f, w)
            if js.peek() != "{":
                js.expect("{", "'{'")
            for key in js.iter_object():
                if key != "messages":
                    js.skip()
                    continue
                for i, element in enumerate(js.iter_array(), start=1):
                    item = _message(element, w.at(entry=i), opts, me, thread, taken)
                    if item is not None:
                        yield item
            js.end()


_NOTICES = frozenset({"Unsubscribe", "Subscribe", "Call"})


def _message(
    element: Any, where: Where, opts: Options, me: str, thread: str, taken: set[str]
) -> ImportedPost | None:
    msg = obj(_fixed(element), where, "message")
    sender = (text(msg.get("sender_name"), where, "sender_name") or "").strip()
    own = sender == me
    if not (opts.include_dms if own else opts.received):
        return None
    if not own and not sender:
        raise where.error("message has no sender_name")
    if text(msg.get("type"), where, "type") in _NOTICES:
        return None
    body = (text(msg.get("content"), where, "content") or "").strip()
    share = msg.get("share")
    link = text(share.get("link"), where, "share.link") if isinstance(share, dict) else None
    if not worth_yielding(body, link, None):
        return None
    stamp = msg.get("timestamp_ms")
    created = from_unix(stamp, where, "timestamp_ms", millis=True)
    platform_id = base_id = f"{thread}/{stamp}"
    n = 1
    while platform_id in taken:
        n += 1
        platform_id = f"{base_id}#{n}"
    taken.add(platform_id)
    return make(
        text_=body,
        account=opts.account,
        platform="facebook",
        platform_id=platform_id,
        url=None,
        kind="message",
        created_at=created,
        where=where,
        in_reply_to=thread,
        quoted_ref=link,
        author=None if own else sender,
        deleted=bool(msg.get("is_unsent")),
    )


def posts(container: Container, where: Where, opts: Options) -> Iterator[ImportedPost]:
    names = [m.name for m in container.members]
    if not looks_like(names):
        raise where.error(
            "has no your_posts…json, comments.json or Messenger threads: not a Facebook export in JSON "
            "(the HTML export cannot be read; choose JSON when downloading)"
        )

    def by_number(m: Member) -> tuple[str, int]:
        found = _POSTS.search(m.name)
        return (m.name.rsplit("/", 1)[0], int(found.group("n")) if found else 0)

    post_files = sorted((m for m in container.members if _POSTS.search(m.name)), key=by_number)
    post_files += sorted((m for m in container.members if _GROUP_POSTS.search(m.name)), key=lambda m: m.name)
    comment_files = sorted(
        (m for m in container.members if _COMMENTS.search(m.name) or _GROUP_COMMENTS.search(m.name)),
        key=lambda m: m.name,
    )
    for member in post_files:
        w = where.at(container.shown(member))
        with open_text(container, member, expect="a JSON file") as f:
            for i, element in enumerate(_entries(JsonStream(f, w)), start=1):
                item = _post(element, w.at(entry=i), opts)
                if item is not None:
                    yield item
    for member in comment_files:
        w = where.at(container.shown(member))
        with open_text(container, member, expect="a JSON file") as f:
            for i, element in enumerate(_entries(JsonStream(f, w)), start=1):
                yield from _comments(element, w.at(entry=i), opts)
    if opts.include_dms or opts.received:
        yield from _messages(container, where, opts)


def iter_facebook(
    path: str | os.PathLike[str],
    *,
    include_dms: bool = False,
    account: str = "councillor",
    prevalidate: bool = True,
    received: bool = False,
) -> Generator[ImportedPost, None, None]:
    """Every post in a Facebook export (JSON) at ``path``, as a stream (see :func:`pausecheck.importers.open_archive`
    for when errors are raised and what ``prevalidate`` does). ``include_dms`` also yields the Messenger messages
    the account sent; ``received``, those it received (``author`` = the sender's name)."""
    options = Options(check_account(account), include_dms, received)
    return stream(path, one_format(posts), options, prevalidate=prevalidate)
