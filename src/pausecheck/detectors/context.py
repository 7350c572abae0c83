"""The ``context`` kind: facts about when, where and from which account the post goes out."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from pausecheck.detectors.base import Detector, post_hit
from pausecheck.findings import Hit
from pausecheck.policy.schema import ContextDetector
from pausecheck.post import Post
from pausecheck.text.doc import Doc


def _clock(hhmm: str) -> time:
    h, m = hhmm.split(":")
    return time(int(h), int(m))


def local_time(at: datetime, tz: str) -> datetime:
    """Naive times are taken to be in the pack's timezone already."""
    return at if at.tzinfo is None else at.astimezone(ZoneInfo(tz))


def in_window(t: time, start: time, end: time) -> bool:
    return start <= t < end if start <= end else (t >= start or t < end)


class ContextKind(Detector):
    kind = "context"
    spec: ContextDetector

    def find(self, doc: Doc, post: Post) -> list[Hit]:
        s = self.spec
        notes: list[str] = []
        if s.late_night:
            if post.at is None:
                return []
            settings = self.pack.manifest.settings
            local = local_time(post.at, settings.timezone)
            window = settings.late_night
            if not in_window(local.time(), _clock(window.start), _clock(window.end)):
                return []
            notes.append(f"posting at {local:%H:%M} ({window.start}–{window.end} is late at night)")
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
