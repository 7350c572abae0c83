"""Shared fixtures: the real default pack and one Checker for the whole session."""

from __future__ import annotations

import pytest

from pausecheck import Checker, load_pack
from pausecheck.policy.loader import Pack


@pytest.fixture(autouse=True)
def daytime_clock(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A check with no time of its own is "now"; pin that to a weekday afternoon, so that a test
    run late at night does not meet the late-night rule. Tests of that rule give the time; tests
    marked ``real_clock`` read the real one."""
    from datetime import datetime

    if request.node.get_closest_marker("real_clock") is not None:
        return

    def local_now(self: Checker) -> datetime:
        from zoneinfo import ZoneInfo

        return datetime(2026, 3, 11, 14, 30, tzinfo=ZoneInfo(self.pack.manifest.settings.timezone))

    monkeypatch.setattr(Checker, "local_now", local_now)


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack()


@pytest.fixture(scope="session")
def checker(pack: Pack) -> Checker:
    return Checker(pack)
