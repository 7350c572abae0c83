"""X (Twitter) archives: the zip from "Download an archive of your data", or its folder.

Files are found by name anywhere in the archive (they moved under ``data/`` around 2019):

* tweets: ``tweets.js`` (since about December 2022; ``tweet.js`` before), large accounts adding
  ``tweets-part1.js``, ``tweets-part2.js``…; each is ``window.YTD.tweets.partN = [ … ]`` whose
  elements are ``{"tweet": {…}}`` (bare tweet objects in some older archives);
* ``deleted-tweets.js`` (``window.YTD.deleted_tweets.part0``): full tweets the account deleted,
  yielded with ``deleted=True``;
* the pre-2019 "Grailbird" layout, ``data/js/tweets/YYYY_MM.js`` with
  ``Grailbird.data.tweets_YYYY_MM =`` and ``text`` instead of ``full_text``;
* ``account.js`` for the handle (to build ``https://x.com/<handle>/status/<id>``) and the
  numeric account id (to tell the account's direct messages from those it received);
* ``direct-messages.js``, ``direct-messages-group.js`` and their parts
  (``window.YTD.direct_messages.part0``, ``window.YTD.direct_messages_group.part0``), read only
  when asked: with ``include_dms=True`` the messages the account *sent*, with ``received=True``
  those it *received* (``author`` = the sender's numeric id: the archive names no handles), both
  ``kind="message"``. A message is the account's when its ``senderId`` is ``account.js``'s
  ``accountId``; group conversations have a numeric ``conversationId`` and no ``recipientId``.
  Reactions, joins, leaves and renames (``reactionCreate``, ``joinConversation``…) are skipped.

Each ``.js`` file is read as a stream: the ``window.YTD… =`` assignment is consumed (at most
512 characters, else the file is refused), then the list is decoded one element at a time (see
``_json``), so a 2 GB ``tweets.js`` needs the memory of one tweet. Streaming rather than a size
cap because big accounts' tweet files run to hundreds of megabytes.

Text: ``full_text`` is HTML-escaped (``&amp;``); t.co links are replaced by their
``expanded_url`` from ``entities.urls`` and links to attached media (``entities.media``) are
removed, by matching the t.co URL itself rather than trusting ``indices`` (whose unit, code
points or UTF-16, is not settled for archives, and which refer to the escaped text); the rest
is unescaped. Numbers and ids are strings in these files and are read as such.

Kinds: ``RT @user: …`` is a ``repost`` whose post text is the retweeted words (truncated by X,
but still what the account republished), ``quoted_ref`` ``@user``; a tweet with
``in_reply_to_status_id`` (or only ``in_reply_to_screen_name``) is a ``reply``; a tweet linking
to ``twitter.com/<user>/status/<id>`` (or x.com) is a ``quote`` with that URL as ``quoted_ref``
(archives do not carry the quoted tweet's text).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Generator, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from pausecheck.importers._archive import Container, Member, open_text
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
    in_range,
    make,
    month_number,
    obj,
    text,
    worth_yielding,
)

_TWEETS = re.compile(r"(?:^|/)(?P<kind>tweets?|deleted-tweets?)(?:-part(?P<part>\d{1,6}))?\.js$")
_GRAILBIRD = re.compile(r"(?:^|/)data/js/tweets/(?P<year>\d{4})_(?P<month>\d{2})\.js$")
_DMS = re.compile(r"(?:^|/)direct-messages?(?P<group>-group)?(?:-part(?P<part>\d{1,6}))?\.js$")
_ACCOUNT = re.compile(r"(?:^|/)account\.js$")
_YTD = re.compile(r"\s*window\.YTD\.(?P<name>\w{1,80})\.part\d{1,6}\s*")
_GRAIL = re.compile(r"\s*Grailbird\.data\.(?P<name>\w{1,80})\s*")
_RT = re.compile(r"RT @(?P<user>\w{1,50}): ?")
_STATUS_URL = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?P<user>\w{1,50})/status(?:es)?/(?P<id>\d{1,30})"
)
_TWITTER_TIME = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?P<mon>[A-Z][a-z]{2}) (?P<d>\d{1,2}) (?P<H>\d{2}):(?P<M>\d{2}):(?P<S>\d{2}) "
    r"(?P<sign>[+-])(?P<oh>\d{2})(?P<om>\d{2}) (?P<Y>\d{4})"
)
_GRAIL_TIME = re.compile(
    r"(?P<Y>\d{4})-(?P<mon>\d{2})-(?P<d>\d{2}) (?P<H>\d{2}):(?P<M>\d{2}):(?P<S>\d{2}) (?P<sign>[+-])(?P<oh>\d{2})(?P<om>\d{2})"
)


def looks_like(names: list[str]) -> bool:
    return any(_TWEETS.search(n) or _GRAILBIRD.search(n) or _DMS.search(n) for n in names)


def twitter_time(value: Any, where: Where, what: str = "created_at") -> datetime:
    """``Sat Aug 12 16:10:37 +0000 2023`` (and Grailbird's ``2012-01-05 12:34:56 +0000``),
    read with a fixed English month table, whatever the locale."""
    raw = text(value, where, what, required=True) or ""
    m = _TWITTER_TIME.fullmatch(raw.strip())
    month = month_number(m.group("mon")) if m else None
    if m is None:
        m = _GRAIL_TIME.fullmatch(raw.strip())
        month = int(m.group("mon")) if m else None
    if m is None or month is None:
        if "T" in raw:
            return from_iso(raw, where, what)
        raise where.error(f"{what} {raw[:60]!r} is not a Twitter date")
    sign = 1 if m.group("sign") == "+" else -1
    tz = timezone(sign * timedelta(hours=int(m.group("oh")), minutes=int(m.group("om"))))
    try:
        when = datetime(
            int(m.group("Y")),
            month,
            int(m.group("d")),
            int(m.group("H")),
            int(m.group("M")),
            int(m.group("S")),
            tzinfo=tz,
        )
    except ValueError as exc:
        raise where.error(f"{what} {raw!r} is not a valid date: {exc}") from None
    return in_range(when.astimezone(UTC), where, what)


def _expand(raw: str, replacements: dict[str, str], *, unescape: bool) -> str:
    """Replace t.co links (by their own text, not by indices) and unescape what lies between."""
    undo = html.unescape if unescape else (lambda s: s)
    if not replacements:
        return undo(raw).strip()
    pattern = re.compile("|".join(re.escape(k) for k in sorted(replacements, key=len, reverse=True)))
    parts: list[str] = []
    last = 0
    for m in pattern.finditer(raw):
        parts.append(undo(raw[last : m.start()]))
        parts.append(replacements[m.group()])
        last = m.end()
    parts.append(undo(raw[last:]))
    return re.sub(r"[ \t]+\n", "\n", "".join(parts)).strip()


def _entity_urls(tweet: dict[str, Any], where: Where) -> tuple[dict[str, str], str | None]:
    """{t.co URL: replacement} and the first quoted-status URL among the links."""
    replacements: dict[str, str] = {}
    quoted: str | None = None
    entities = obj(tweet.get("entities") or {}, where, "entities")
    for i, raw in enumerate(arr(entities.get("urls"), where, "entities.urls")):
        u = obj(raw, where, f"entities.urls[{i}]")
        short = text(u.get("url"), where, "url")
        long = text(u.get("expanded_url"), where, "expanded_url") or text(u.get("expanded"), where, "expanded")
        if short and long:
            replacements[short] = long
            if quoted is None and _STATUS_URL.match(long):
                quoted = long
    media = list(arr(entities.get("media"), where, "entities.media"))
    extended = obj(tweet.get("extended_entities") or {}, where, "extended_entities")
    media += arr(extended.get("media"), where, "extended_entities.media")
    for i, m in enumerate(media):
        short = text(obj(m, where, f"media[{i}]").get("url"), where, "media url")
        if short:
            replacements.setdefault(short, "")
    return replacements, quoted


def _tweet(
    element: Any, where: Where, opts: Options, handle: str | None, *, deleted: bool, grailbird: bool
) -> ImportedPost | None:
    element = obj(element, where, "entry")
    tweet = obj(element["tweet"], where, "tweet") if "tweet" in element else element
    tid = ident(tweet.get("id_str"), where, "id_str") or ident(tweet.get("id"), where, "id")
    if tid is None:
        raise where.error("tweet has no id")
    created = twitter_time(tweet.get("created_at"), where)
    raw = text(tweet.get("full_text"), where, "full_text")
    if raw is None:
        raw = text(tweet.get("text"), where, "text") or ""
    replacements, quoted_url = _entity_urls(tweet, where)
    body = _expand(raw, replacements, unescape=True)

    kind: Kind = "post"
    in_reply_to = ident(tweet.get("in_reply_to_status_id_str"), where, "in_reply_to_status_id_str") or ident(
        tweet.get("in_reply_to_status_id"), where, "in_reply_to_status_id"
    )
    if in_reply_to is None:
        name = text(tweet.get("in_reply_to_screen_name"), where, "in_reply_to_screen_name")
        in_reply_to = f"@{name}" if name else None
    quoted_text: str | None = None
    quoted_ref: str | None = None
    original = tweet.get("retweeted_status") if grailbird else None
    rt = _RT.match(body)
    if isinstance(original, dict) and (
        otext := text(original.get("full_text") or original.get("text"), where, "retweeted_status.text")
    ):
        kind, quoted_text = "repost", html.unescape(otext)
        user = original.get("user")
        name = text(user.get("screen_name"), where, "screen_name") if isinstance(user, dict) else None
        oid = ident(original.get("id_str"), where, "retweeted_status.id_str")
        quoted_ref = f"https://x.com/{name}/status/{oid}" if name and oid else (f"@{name}" if name else None)
        body = quoted_text
    elif rt is not None:
        kind = "repost"
        body = body[rt.end() :]
        quoted_text = body
        quoted_ref = f"@{rt.group('user')}"
    elif in_reply_to is not None:
        kind = "reply"
    elif quoted_url is not None:
        kind = "quote"
    if quoted_url is not None and kind != "repost":
        quoted_ref = quoted_url
    if not worth_yielding(body, quoted_ref, quoted_text):
        return None
    url = f"https://x.com/{handle}/status/{tid}" if handle else f"https://x.com/i/web/status/{tid}"
    return make(
        text_=body,
        account=opts.account,
        platform="x",
        platform_id=tid,
        url=url,
        kind=kind,
        created_at=created,
        where=where,
        in_reply_to=in_reply_to if kind != "repost" else None,
        quoted_text=quoted_text,
        quoted_ref=quoted_ref,
        deleted=deleted,
    )


def _read_account(container: Container, where: Where) -> tuple[str | None, str | None]:
    """(account id, handle) from account.js, when the archive has one."""
    found = [m for m in container.members if _ACCOUNT.search(m.name)]
    if not found:
        return None, None
    member = min(found, key=lambda m: (m.depth, m.name))
    w = where.at(container.shown(member))
    with open_text(container, member, expect="an X data file") as f:
        js = JsonStream(f, w)
        _check_prefix(js.take_prefix(), w, grailbird=False)
        account_id = handle = None
        for i, element in enumerate(js.iter_array(), start=1):
            entry = obj(element, w.at(entry=i), "entry")
            acct = obj(entry.get("account", entry), w.at(entry=i), "account")
            account_id = account_id or ident(acct.get("accountId"), w, "accountId")
            handle = handle or text(acct.get("username"), w, "username")
        js.end()
    return account_id, handle


def _check_prefix(prefix: str, where: Where, *, grailbird: bool) -> None:
    pattern = _GRAIL if grailbird else _YTD
    if pattern.fullmatch(prefix) is None:
        expected = "Grailbird.data.tweets_YYYY_MM =" if grailbird else "window.YTD.<name>.partN ="
        raise where.error(f"does not start with {expected!r}; it is not an X archive data file")


def _part_order(member: Member) -> tuple[int, int, str]:
    m = _TWEETS.search(member.name)
    deleted = 1 if m and m.group("kind").startswith("deleted") else 0
    part = int(m.group("part")) if m and m.group("part") else 0
    return (deleted, part, member.name)


def posts(container: Container, where: Where, opts: Options) -> Iterator[ImportedPost]:
    names = [m.name for m in container.members]
    if not looks_like(names):
        raise where.error("has no tweets.js (or tweet.js, tweets-partN.js, deleted-tweets.js): not an X archive")
    account_id, handle = _read_account(container, where)
    tweet_files = sorted((m for m in container.members if _TWEETS.search(m.name)), key=_part_order)
    grail_files = sorted((m for m in container.members if _GRAILBIRD.search(m.name)), key=lambda m: m.name)
    for member in tweet_files + grail_files:
        grailbird = member in grail_files
        deleted = not grailbird and _part_order(member)[0] == 1
        w = where.at(container.shown(member))
        with open_text(container, member, expect="an X data file") as f:
            js = JsonStream(f, w)
            _check_prefix(js.take_prefix(), w, grailbird=grailbird)
            for i, element in enumerate(js.iter_array(), start=1):
                item = _tweet(element, w.at(entry=i), opts, handle, deleted=deleted, grailbird=grailbird)
                if item is not None:
                    yield item
            js.end()
    if opts.include_dms or opts.received:
        yield from _direct_messages(container, where, opts, account_id)


def _direct_messages(
    container: Container, where: Where, opts: Options, account_id: str | None
) -> Iterator[ImportedPost]:
    files = sorted((m for m in container.members if _DMS.search(m.name)), key=lambda m: m.name)
    if files and account_id is None:
        raise where.error(
            "has direct messages but no account.js, so your messages cannot be told from those you received"
        )
    for member in files:
        w = where.at(container.shown(member))
        with open_text(container, member, expect="an X data file") as f:
            js = JsonStream(f, w)
            _check_prefix(js.take_prefix(), w, grailbird=False)
            js.expect("[", "'['")
            # Conversations can be long: walk each one's messages as a stream too.
            index = 0
            if js.peek() == "]":
                js.expect("]", "']'")
            else:
                while True:
                    index += 1
                    yield from _conversation(js, w.at(entry=index), opts, account_id or "")
                    if js.peek() == ",":
                        js.expect(",", "','")
                        continue
                    js.expect("]", "',' or ']'")
                    break
            js.end()


def _conversation(js: JsonStream, where: Where, opts: Options, account_id: str) -> Iterator[ImportedPost]:
    if js.peek() != "{":
        raise where.error("entry should be an object")
    for key in js.iter_object():
        if key != "dmConversation":
            js.skip()
            continue
        if js.peek() != "{":
            raise where.error("dmConversation should be an object")
        conversation: str | None = None
        for ckey in js.iter_object():
            if ckey == "conversationId":
                conversation = ident(js.value(), where, "conversationId")
            elif ckey == "messages":
                for n, event in enumerate(js.iter_array(), start=1):
                    item = _message(event, where, opts, account_id, conversation, n)
                    if item is not None:
                        yield item
            else:
                js.skip()


def _message(
    event: Any, where: Where, opts: Options, account_id: str, conversation: str | None, n: int
) -> ImportedPost | None:
    event = obj(event, where, "message")
    if "messageCreate" not in event:
        return None  # reactions, joins, renames: nothing written
    msg = obj(event["messageCreate"], where, "messageCreate")
    sender = ident(msg.get("senderId"), where, "senderId")
    if sender is None:
        raise where.error(f"message {n} has no senderId")
    own = sender == account_id
    if not (opts.include_dms if own else opts.received):
        return None
    mid = ident(msg.get("id"), where, "message id")
    if mid is None:
        raise where.error("message has no id")
    replacements = {}
    for i, raw in enumerate(arr(msg.get("urls"), where, "urls")):
        u = obj(raw, where, f"urls[{i}]")
        short, long = text(u.get("url"), where, "url"), text(u.get("expanded"), where, "expanded")
        if short and long:
            replacements[short] = long
    body = _expand(text(msg.get("text"), where, "text") or "", replacements, unescape=False)
    if conversation is None:
        recipient = ident(msg.get("recipientId"), where, "recipientId")
        if recipient and recipient != "0":
            conversation = "-".join(sorted((account_id, recipient), key=lambda s: (len(s), s)))
    if not body.strip():
        return None
    return make(
        text_=body,
        account=opts.account,
        platform="x",
        platform_id=mid,
        url=f"https://x.com/messages/{conversation}" if conversation else None,
        kind="message",
        created_at=from_iso(msg.get("createdAt"), where, "createdAt"),
        where=where.at(entry=f"{where.entry}.{n}"),
        in_reply_to=conversation,
        author=None if own else sender,
    )


def iter_x(
    path: str | os.PathLike[str],
    *,
    include_dms: bool = False,
    account: str = "councillor",
    prevalidate: bool = True,
    received: bool = False,
) -> Generator[ImportedPost, None, None]:
    """Every post in an X (Twitter) archive at ``path``, as a stream (see :func:`pausecheck.importers.open_archive`
    for when errors are raised and what ``prevalidate`` does). ``include_dms`` also yields the direct messages the
    account sent; ``received``, those it received (``author`` = the sender's id)."""
    options = Options(check_account(account), include_dms, received)
    return stream(path, one_format(posts), options, prevalidate=prevalidate)
