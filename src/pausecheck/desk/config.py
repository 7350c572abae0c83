"""What a desk runs with: where it stores, which pack, single-user or the council's server."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pausecheck.store.defaults import RETENTION_DAYS

__all__ = ["COOLING_OFF_LATE_SECONDS", "COOLING_OFF_SECONDS", "DeskConfig"]

#: After a check with findings, "Copy / Ready to post" waits this long (the pack schema has no
#: setting for it yet, so this is the documented default, docs/desk.md) …
COOLING_OFF_SECONDS = 30
#: … and this long when the member is checking inside the pack's late-night window.
COOLING_OFF_LATE_SECONDS = 120
#: A late-night draft's reminder falls due at this local time the next morning.
MORNING = "08:00"


@dataclass(frozen=True)
class DeskConfig:
    """``mode``: ``single`` (one member on their own machine: no account, loopback only) or
    ``council`` (accounts and roles, secure cookies, behind the council's HTTPS proxy).
    ``database``: a SQLAlchemy URL (None: SQLite under the user's data folder)."""

    mode: Literal["single", "council"] = "single"
    database: str | None = None
    pack: str | None = None
    preview: bool = False
    model: str | None = None
    retention_days: int = RETENTION_DAYS
    cooling_off_seconds: int = COOLING_OFF_SECONDS
    cooling_off_late_seconds: int = COOLING_OFF_LATE_SECONDS
    #: The local time (pack's time zone) a "remind me in the morning" reminder falls due.
    morning: str = MORNING
    #: Cookies marked Secure (HTTPS only). Off for the single-user desk on http://127.0.0.1.
    secure_cookies: bool | None = None
    #: Refused sign-ins per user name or address in LOGIN_WINDOW_MINUTES before sign-in is refused.
    login_attempts: int = 5
    login_window_minutes: int = 15

    @property
    def council(self) -> bool:
        return self.mode == "council"

    @property
    def cookies_secure(self) -> bool:
        return self.council if self.secure_cookies is None else self.secure_cookies
