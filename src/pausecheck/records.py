"""The batch record format: one JSON object per line, one post per object.

``{"id": …, "text": …, "account"?: …, "at"?: …, "platform"?: …, "images"?: […], "in_meeting"?: …}``

This is what ``pausecheck check --jsonl`` reads, and what the archive audit and the desk hand to
:meth:`~pausecheck.Checker.check_many`. Lines are split on ``\\n`` only (a U+2028 inside a JSON
string is part of the string). A record that cannot become a post is a :class:`BadRecord` in
its place, with its line number and reason, so a batch never loses a good record.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError

from pausecheck._types import Account
from pausecheck.post import Post

#: Longest id kept (a 5,000-digit number is not an id).
MAX_ID_CHARS = 200


class Record(BaseModel):
    """One line of a batch, strictly typed: booleans are booleans, ``images`` a list of strings."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)

    id: Annotated[StrictStr, Field(max_length=MAX_ID_CHARS)] | Annotated[
        StrictInt, Field(ge=-(10**18), le=10**18)] | None = None
    text: StrictStr
    account: Account | None = None
    at: StrictStr | None = None
    platform: Annotated[StrictStr, Field(max_length=40)] | None = None
    images: list[StrictStr] = []
    in_meeting: StrictBool | None = None


@dataclass(frozen=True)
class Defaults:
    """Context for records that do not give their own (the command line's options)."""

    account: Account = "councillor"
    platform: str | None = None
    in_meeting: bool = False
    base: Path | None = None  # image paths are relative to this folder


@dataclass(frozen=True)
class GoodRecord:
    line: int
    id: str
    post: Post


@dataclass(frozen=True)
class BadRecord:
    line: int
    id: str
    reason: str


def _reason(e: ValidationError) -> str:
    err = e.errors()[0]
    where = ".".join(str(p) for p in err["loc"] if not isinstance(p, int) or len(err["loc"]) == 1)
    return f"'{where}': {err['msg']}" if where else err["msg"]


def parse_line(line: str, n: int, defaults: Defaults = Defaults()) -> GoodRecord | BadRecord:
    """One line (without its ``\\n``) as a post, or the reason it cannot be one."""
    ident = f"line-{n}"
    try:
        obj: Any = json.loads(line)
    except json.JSONDecodeError as e:
        return BadRecord(n, ident, f"line {n}: not valid JSON ({e.msg})")
    except RecursionError:
        return BadRecord(n, ident, f"line {n}: JSON nested too deeply")
    except ValueError as e:  # e.g. an integer of thousands of digits
        return BadRecord(n, ident, f"line {n}: cannot be read ({e})")
    if not isinstance(obj, dict):
        return BadRecord(n, ident, f"line {n}: expected a JSON object")
    raw_id = obj.get("id")
    if (isinstance(raw_id, str) and len(raw_id) <= MAX_ID_CHARS) or (isinstance(raw_id, int) and not isinstance(
            raw_id, bool) and abs(raw_id) <= 10**18):
        ident = str(raw_id)
    try:
        rec = Record.model_validate(obj)
    except (ValidationError, RecursionError) as e:
        reason = _reason(e) if isinstance(e, ValidationError) else "nested too deeply"
        return BadRecord(n, ident, f"line {n}: {reason}")
    at = None
    if rec.at is not None:
        try:
            at = datetime.fromisoformat(rec.at)
        except ValueError:
            return BadRecord(n, ident, f"line {n}: 'at' is not an ISO-8601 time")
    base = defaults.base
    images = tuple(str(base / i) if base is not None else i for i in rec.images)
    post = Post(
        rec.text,
        rec.account or defaults.account,
        at,
        rec.platform if rec.platform is not None else defaults.platform,
        images,
        rec.in_meeting if rec.in_meeting is not None else defaults.in_meeting,
    )
    return GoodRecord(n, ident, post)


def read_records(text: str, defaults: Defaults = Defaults()) -> Iterator[GoodRecord | BadRecord]:
    """Every non-blank line of a JSON-lines document, in order. Lines are split on ``\\n`` only."""
    for n, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        if line.strip():
            yield parse_line(line, n, defaults)


__all__ = ["BadRecord", "Defaults", "GoodRecord", "Record", "parse_line", "read_records"]
