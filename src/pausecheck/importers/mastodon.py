"""Mastodon account archives: ``archive-….zip`` (since 2023), ``archive-….tar.gz`` (before), an
extracted folder, or ``outbox.json`` alone.

``outbox.json`` is an ActivityStreams ``OrderedCollection`` whose ``orderedItems`` are read as a
stream (see ``_json``); ``actor.json`` (the account's ``Person``) gives the actor URI used to
tell visibility. Items:

* ``Create`` of a ``Note`` (or ``Question``, a poll, whose options are added as lines): the
  text is the content warning (``summary``), if any, then the HTML ``content`` (or the first
  ``contentMap`` entry) turned into plain text with :mod:`html.parser` (``_html``): nothing is
  executed or fetched. ``inReplyTo`` makes it a ``reply``; ``quote``/``quoteUri``/
  ``_misskey_quote`` a ``quote``. A status addressed to neither the public nor the followers
  collection is a direct message: ``kind="message"``, yielded only with ``include_dms=True``.
* ``Announce`` (a boost): a ``repost``. Its ``object`` is usually just the boosted status's URI
  (``quoted_ref``; there is no text to check: ``has_text`` is False). When the Note is inlined
  (a self-boost of a followers-only post) its text is both the post text and ``quoted_text``.

Other activity types are skipped. Times are ``published`` (ISO 8601, UTC).

Nothing received is in this archive: ``outbox.json`` holds the account's own statuses only
(Mastodon's ``BackupService``), so replies and mentions others sent (and direct messages
received) cannot be imported from it; ``received=True`` adds nothing here.
"""

from __future__ import annotations

import json
import os
from collections.abc import Generator, Iterator
from typing import Any

from pausecheck.importers._archive import Container, Member, open_text, read_small
from pausecheck.importers._html import html_to_text
from pausecheck.importers._json import JsonStream
from pausecheck.importers._run import Options, one_format, stream
from pausecheck.importers.base import (
    ImportedPost,
    Kind,
    Where,
    arr,
    check_account,
    from_iso,
    ident,
    make,
    obj,
    text,
    worth_yielding,
)

_PUBLIC = frozenset({"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"})


def looks_like(names: list[str]) -> bool:
    return any(n.rsplit("/", 1)[-1] == "outbox.json" for n in names)


def _find(container: Container, basename: str) -> Member | None:
    found = [m for m in container.members if m.basename == basename]
    return min(found, key=lambda m: (m.depth, m.name)) if found else None


def _addresses(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _is_direct(note: dict[str, Any], activity: dict[str, Any], followers: str | None) -> bool:
    audience = set()
    for holder in (note, activity):
        audience.update(_addresses(holder.get("to")))
        audience.update(_addresses(holder.get("cc")))
    if not audience:
        return False  # no addressing at all: not enough to call it private
    if audience & _PUBLIC:
        return False
    return not any(a == followers or a.endswith("/followers") for a in audience)


def _note_text(note: dict[str, Any], where: Where) -> str:
    content = text(note.get("content"), where, "content")
    if content is None:
        content_map = note.get("contentMap")
        if isinstance(content_map, dict):
            content = next((v for v in content_map.values() if isinstance(v, str)), None)
    parts = []
    summary = text(note.get("summary"), where, "summary")
    if summary and summary.strip():
        parts.append(html_to_text(summary))
    if content:
        parts.append(html_to_text(content))
    for key in ("oneOf", "anyOf"):
        for option in arr(note.get(key), where, key):
            if isinstance(option, dict) and (name := text(option.get("name"), where, "poll option")):
                parts.append(name.strip())
    return "\n\n".join(p for p in parts if p)


def _item(element: Any, where: Where, opts: Options, followers: str | None) -> ImportedPost | None:
    activity = obj(element, where, "item")
    kind_of = activity.get("type")
    if kind_of == "Announce":
        return _boost(activity, where, opts)
    if kind_of != "Create":
        return None
    note = activity.get("object")
    if not isinstance(note, dict):
        return None  # a Create that only names its object: nothing to read
    body = _note_text(note, where)
    in_reply_to = (
        text(note.get("inReplyTo"), where, "inReplyTo") if not isinstance(note.get("inReplyTo"), dict) else None
    )
    quote = next(
        (q for key in ("quote", "quoteUri", "_misskey_quote") if isinstance(q := note.get(key), str) and q), None
    )
    kind: Kind
    if _is_direct(note, activity, followers):
        if not opts.include_dms:
            return None
        kind = "message"
    elif in_reply_to:
        kind = "reply"
    elif quote:
        kind = "quote"
    else:
        kind = "post"
    if not worth_yielding(body, quote, None):
        return None
    status_id = ident(note.get("id"), where, "object id") or ident(activity.get("id"), where, "id")
    if status_id is None:
        raise where.error("status has no id")
    url = note.get("url")
    url = url if isinstance(url, str) else status_id
    return make(
        text_=body,
        account=opts.account,
        platform="mastodon",
        platform_id=status_id,
        url=url,
        kind=kind,
        created_at=from_iso(note.get("published") or activity.get("published"), where, "published"),
        where=where,
        in_reply_to=in_reply_to or None,
        quoted_ref=quote,
    )


def _boost(activity: dict[str, Any], where: Where, opts: Options) -> ImportedPost | None:
    target = activity.get("object")
    quoted_text: str | None = None
    if isinstance(target, dict):
        ref = ident(target.get("id"), where, "object id")
        quoted_text = _note_text(target, where) or None
    else:
        ref = text(target, where, "object")
    activity_id = ident(activity.get("id"), where, "id")
    if activity_id is None:
        raise where.error("boost has no id")
    if not worth_yielding("", ref, quoted_text):
        return None
    return make(
        text_=quoted_text or "",
        account=opts.account,
        platform="mastodon",
        platform_id=activity_id,
        url=None,
        kind="repost",
        created_at=from_iso(activity.get("published"), where, "published"),
        where=where,
        quoted_text=quoted_text,
        quoted_ref=ref,
    )


def _actor_followers(container: Container, where: Where) -> str | None:
    member = _find(container, "actor.json")
    if member is None:
        return None
    w = where.at(container.shown(member))
    try:
        actor = json.loads(read_small(container, member, expect="a JSON file"))
    except json.JSONDecodeError as exc:
        raise w.error(f"is not valid JSON ({exc.msg} at character {exc.pos:,})") from None
    actor = obj(actor, w, "actor")
    followers = text(actor.get("followers"), w, "followers")
    if followers:
        return followers
    actor_id = text(actor.get("id"), w, "id")
    return f"{actor_id}/followers" if actor_id else None


def posts(container: Container, where: Where, opts: Options) -> Iterator[ImportedPost]:
    outbox = _find(container, "outbox.json")
    if outbox is None:
        raise where.error("has no outbox.json: not a Mastodon archive")
    followers = _actor_followers(container, where)
    w = where.at(container.shown(outbox))
    with open_text(container, outbox, expect="a JSON file") as f:
        js = JsonStream(f, w)
        if js.peek() != "{":
            js.expect("{", "'{' (an ActivityStreams collection)")
        seen_items = False
        for key in js.iter_object():
            if key != "orderedItems":
                js.skip()
                continue
            seen_items = True
            for i, element in enumerate(js.iter_array(), start=1):
                item = _item(element, w.at(entry=i), opts, followers)
                if item is not None:
                    yield item
        js.end()
    if not seen_items:
        raise w.error("has no orderedItems: not a Mastodon outbox")


def iter_mastodon(
    path: str | os.PathLike[str],
    *,
    include_dms: bool = False,
    account: str = "councillor",
    prevalidate: bool = True,
) -> Generator[ImportedPost, None, None]:
    """Every post in a Mastodon archive at ``path``, as a stream (see :func:`pausecheck.importers.open_archive`
    for when errors are raised and what ``prevalidate`` does). ``include_dms`` also yields the direct messages the account sent."""
    return stream(path, one_format(posts), Options(check_account(account), include_dms), prevalidate=prevalidate)
