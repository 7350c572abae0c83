"""The ``context`` kind: facts about when, where and from which account the post goes out."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, model_validator

from pausecheck._types import Account
from pausecheck.detectors.base import Detector, Inspection, post_hit
from pausecheck.detectors.options import KindOptions, Strict
from pausecheck.findings import Hit

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class DateRange(Strict):
    """Days from ``start`` to ``end``, both included, in the pack's time zone (a pre-election
    period, a consultation, a by-election campaign)."""

    start: date
    end: date
    label: str | None = None  # shown in the finding: "the pre-election period"

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            raise ValueError(f"the range ends ({self.end}) before it starts ({self.start})")
        return self


class ContextOptions(KindOptions):
    """Facts about the post's context rather than its words: when (late at night, within a date
    range, on certain days), where (in a meeting), from which account, with images or not.
    Every condition given must hold; a post with no time never meets a time condition."""

    kind: Literal["context"]
    late_night: bool = False
    dates: list[DateRange] | None = None
    weekdays: list[Weekday] | None = None
    in_meeting: bool | None = None
    has_images: bool | None = None
    account: list[Account] | None = None
    score: float = Field(0.8, ge=0, le=1)


def local_time(at: datetime, tz: str) -> datetime:
    """Naive times are taken to be in the pack's timezone already."""
    return at if at.tzinfo is None else at.astimezone(ZoneInfo(tz))


def in_window(t: time, start: time, end: time) -> bool:
    return start <= t < end if start <= end else (t >= start or t < end)


class ContextKind(Detector):
    kind = "context"
    options = ContextOptions
    spec: ContextOptions

    def find(self, ins: Inspection, floor: float = 0.5) -> list[Hit]:
        s, post = self.spec, ins.post
        notes: list[str] = []
        if s.late_night:
            if post.at is None:
                return []
            settings = self.pack.settings
            local = local_time(post.at, settings.timezone)
            start, end = settings.late_night
            if not in_window(local.time(), start, end):
                return []
            notes.append(f"posting at {local:%H:%M} ({start:%H:%M}–{end:%H:%M} is late at night)")
        if s.dates is not None or s.weekdays is not None:
            if post.at is None:
                return []
            day = local_time(post.at, self.pack.settings.timezone).date()
            if s.dates is not None:
                inside = next((r for r in s.dates if r.start <= day <= r.end), None)
                if inside is None:
                    return []
                name = inside.label or f"{inside.start:%-d %b %Y}–{inside.end:%-d %b %Y}"
                notes.append(f"posting on {day:%-d %b %Y}, within {name}")
            if s.weekdays is not None:
                weekday = WEEKDAYS[day.weekday()]
                if weekday not in s.weekdays:
                    return []
                notes.append(f"posting on a {day:%A}")
        if s.in_meeting is not None:
            if post.in_meeting != s.in_meeting:
                return []
            notes.append("posting during a meeting" if s.in_meeting else "not in a meeting")
        if s.has_images is not None:
            if bool(post.attachments) != s.has_images:
                return []
            notes.append(f"{len(post.attachments)} image(s) attached")
        if s.account is not None:
            if post.account not in s.account:
                return []
            notes.append(f"posting from the {post.account} account")
        return [post_hit(s.score, "; ".join(notes))]
