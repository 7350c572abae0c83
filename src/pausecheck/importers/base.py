"""What every importer yields: an :class:`ImportedPost`, and the small helpers they share.

An importer turns one platform archive into ``ImportedPost`` values, each carrying the
:class:`~pausecheck.post.Post` to check plus where the post lives (platform, id, URL, the archive
file and entry it came from) and how it relates to other people's words (a reply, a quote, a
repost). Importers import nothing from pausecheck but ``post``, ``_types`` and ``_exceptions``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Literal, get_args

from pausecheck._exceptions import ArchiveError, InputError
from pausecheck._types import ACCOUNTS, Account
from pausecheck.post import Post

__all__ = [
    "KINDS",
    "PLATFORMS",
    "ImportedPost",
    "Kind",
    "Platform",
]

#: The platforms an importer reads; also the ``platform`` given to each :class:`Post`.
Platform = Literal["x", "facebook", "mastodon", "bluesky", "linkedin", "wordpress"]
PLATFORMS: tuple[Platform, ...] = get_args(Platform)

#: What an imported item is: the member's own ``post``; a ``reply`` to someone (or to
#: themselves, in a thread); a ``repost`` of someone else's item (a retweet, boost, share);
#: a ``quote`` (their words around someone else's item); a ``comment`` under someone's
#: item; a private ``message``.
Kind = Literal["post", "reply", "repost", "quote", "comment", "message"]
KINDS: tuple[Kind, ...] = get_args(Kind)


@dataclass(frozen=True, slots=True)
class ImportedPost:
    """One item from a platform archive, ready to check.

    ``post`` is what the checker reads: its ``text`` (for a repost, the reposted words when the
    archive has them, because sharing offensive content counts as publishing it: guidance
    Don't 7), the ``account`` the importer was given, ``at`` (the item's time) and ``platform``.

    ``platform_id`` identifies the item on its platform (a tweet id, an AT-URI…; for Facebook,
    which exports no ids, a stable key built from the time and text). ``url`` is where to find
    and delete it, when the archive tells. ``created_at`` is an aware datetime (UTC).
    ``in_reply_to`` is the id, URI or @handle replied to. ``quoted_text`` is the other
    person's words in a repost or quote, when the archive has them; ``quoted_ref`` is what was
    quoted or reposted (a URL, URI or @handle). ``author`` is None for the account holder's
    own items and names the writer otherwise (a visitor's comment on a WordPress post).
    ``deleted`` marks items the archive lists as already deleted (X's deleted-tweets.js).
    ``source`` is the archive file and entry, e.g. ``twitter.zip:data/tweets.js#12``.
    """

    post: Post
    platform: Platform
    platform_id: str
    url: str | None
    kind: Kind
    created_at: datetime
    source: str
    in_reply_to: str | None = None
    quoted_text: str | None = None
    quoted_ref: str | None = None
    author: str | None = None
    deleted: bool = False

    def __post_init__(self) -> None:
        if self.platform not in PLATFORMS:
            raise ValueError(f"unknown platform {self.platform!r}")
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if self.created_at.tzinfo is None or self.created_at.utcoffset() is None:
            raise ValueError("created_at must be an aware datetime")

    @property
    def text(self) -> str:
        """The text to check (``post.text``)."""
        return self.post.text

    @property
    def own(self) -> bool:
        """True when the account holder wrote or shared it (``author`` is None)."""
        return self.author is None

    @property
    def has_text(self) -> bool:
        """False for items the archive holds no words for (a boost of a URI, a bare repost
        record): list them for a look by hand rather than checking an empty post."""
        return bool(self.post.text.strip())


def check_account(account: str) -> Account:
    """``account`` as an :data:`~pausecheck._types.Account`, or an InputError naming the choices."""
    if account not in ACCOUNTS:
        raise InputError(f"unknown account {account!r}; expected one of {', '.join(ACCOUNTS)}")
    return account


@dataclass(frozen=True, slots=True)
class Where:
    """Where in an archive a value came from, for error messages and ``ImportedPost.source``."""

    archive: str  # the path as given, for messages
    label: str  # the archive's base name, for ``source``
    member: str | None = None
    entry: int | str | None = None

    def at(self, member: str | None = None, entry: int | str | None = None) -> Where:
        return Where(self.archive, self.label, member if member is not None else self.member, entry)

    @property
    def source(self) -> str:
        base = f"{self.label}:{self.member}" if self.member else self.label
        return f"{base}#{self.entry}" if self.entry is not None else base

    def error(self, message: str) -> ArchiveError:
        member = self.member
        if self.entry is not None:
            member = f"{member} entry {self.entry}" if member else f"entry {self.entry}"
        return ArchiveError(message, archive=self.archive, member=member)


# --- shape checks on decoded JSON (untrusted: every access goes through these) -------------


def obj(value: Any, where: Where, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise where.error(f"{what} should be an object, not {_kind(value)}")
    return value


def arr(value: Any, where: Where, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise where.error(f"{what} should be a list, not {_kind(value)}")
    return value


def text(value: Any, where: Where, what: str, *, required: bool = False) -> str | None:
    """A string field; None when absent (or an error when ``required``). Numbers are refused."""
    if value is None:
        if required:
            raise where.error(f"{what} is missing")
        return None
    if not isinstance(value, str):
        raise where.error(f"{what} should be a string, not {_kind(value)}")
    return value


def req_text(value: Any, where: Where, what: str) -> str:
    got = text(value, where, what, required=True)
    assert got is not None
    return got


def ident(value: Any, where: Where, what: str) -> str | None:
    """An id that archives write as a string or (older ones) as an integer."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise where.error(f"{what} should be an id string, not {_kind(value)}")
    got = str(value)
    if not got or len(got) > 200:
        raise where.error(f"{what} is not a usable id")
    return got


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


# --- times -------------------------------------------------------------------------------------

# Archives come from 2006 onwards; anything outside this window is a broken field.
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def in_range(when: datetime, where: Where, what: str) -> datetime:
    when = when.astimezone(UTC)
    if not _EARLIEST <= when < _LATEST:
        raise where.error(f"{what} {when.isoformat()} is not a plausible date")
    return when


def from_unix(value: Any, where: Where, what: str, *, millis: bool = False) -> datetime:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise where.error(f"{what} should be a Unix time, not {_kind(value)}")
    seconds = value / 1000 if millis else value
    if not -1e11 < seconds < 1e11:
        raise where.error(f"{what} {value!r} is not a plausible Unix time")
    return in_range(datetime.fromtimestamp(seconds, UTC), where, what)


_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?"
)


def from_iso(value: Any, where: Where, what: str, *, naive_is_utc: bool = True) -> datetime:
    """RFC 3339 / ISO 8601 date-times as the archives write them (``Z`` or an offset; up to
    nanoseconds, cut to microseconds). A time with no offset is UTC when ``naive_is_utc``."""
    raw = req_text(value, where, what)
    m = _ISO.fullmatch(raw.strip())
    if m is None:
        raise where.error(f"{what} {raw[:60]!r} is not an ISO 8601 date-time")
    year, month, day, hour, minute, second = (int(m.group(i)) for i in range(1, 7))
    micro = int((m.group(7) or "0")[:6].ljust(6, "0"))
    if m.group(8):
        tz: timezone | None = UTC
    elif m.group(9):
        sign = 1 if m.group(9) == "+" else -1
        tz = timezone(sign * timedelta(hours=int(m.group(10)), minutes=int(m.group(11))))
    else:
        tz = UTC if naive_is_utc else None
    if tz is None:
        raise where.error(f"{what} {raw!r} has no time zone")
    try:
        when = datetime(year, month, day, hour, minute, min(second, 59), micro, tzinfo=tz)
    except ValueError as exc:
        raise where.error(f"{what} {raw!r} is not a valid date: {exc}") from None
    return in_range(when, where, what)


_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1)}


def month_number(name: str) -> int | None:
    """An English month abbreviation's number, independent of the locale."""
    return _MONTHS.get(name[:3].title())


# --- building an ImportedPost ------------------------------------------------------------------


def worth_yielding(text_: str, quoted_ref: str | None, quoted_text: str | None) -> bool:
    """Items with no words and nothing quoted or reposted (a photo-only post) are skipped."""
    return bool(text_.strip() or quoted_ref or quoted_text)


def make(
    *,
    text_: str,
    account: Account,
    platform: Platform,
    platform_id: str,
    url: str | None,
    kind: Kind,
    created_at: datetime,
    where: Where,
    in_reply_to: str | None = None,
    quoted_text: str | None = None,
    quoted_ref: str | None = None,
    author: str | None = None,
    deleted: bool = False,
) -> ImportedPost:
    return ImportedPost(
        post=Post(text_, account=account, at=created_at, platform=platform),
        platform=platform,
        platform_id=platform_id,
        url=url,
        kind=kind,
        created_at=created_at,
        source=where.source,
        in_reply_to=in_reply_to,
        quoted_text=quoted_text,
        quoted_ref=quoted_ref,
        author=author,
        deleted=deleted,
    )
