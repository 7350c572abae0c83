"""A draft post and the context it will be published in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pausecheck._exceptions import InputError
from pausecheck._types import ACCOUNTS, Account

__all__ = ["ACCOUNTS", "Account", "Post"]


@dataclass(frozen=True, slots=True)
class Post:
    """What the member is about to publish.

    ``account`` is the account it goes out from: their ``personal`` profile, their
    ``councillor`` profile, a ``party`` or group account, or a ``council``-run account or
    council equipment. ``at`` is the intended posting time (naive times are read in the
    pack's timezone); ``attachments`` are image file paths; ``in_meeting`` says the member is
    posting from a council meeting.
    """

    text: str
    account: Account = "councillor"
    at: datetime | None = None
    platform: str | None = None
    attachments: tuple[str, ...] = field(default_factory=tuple)
    in_meeting: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise InputError(f"post text must be a str, not {type(self.text).__name__}")
        if self.account not in ACCOUNTS:
            raise InputError(f"unknown account {self.account!r}; expected one of {', '.join(ACCOUNTS)}")
        if isinstance(self.attachments, (str, bytes)):
            raise InputError("attachments must be a list of file paths, not a single string")
        object.__setattr__(self, "attachments", tuple(str(a) for a in self.attachments))
