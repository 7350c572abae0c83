"""Shared fixtures: the real default pack and one Checker for the whole session."""

from __future__ import annotations

import socket

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


@pytest.fixture
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every way out to the network refused for the test; the attempts made, for it to assert
    there were none (nothing leaves the machine)."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network use in a test")

    for owner, name in ((socket.socket, "connect"), (socket.socket, "connect_ex"), (socket, "create_connection"),
                        (socket, "getaddrinfo")):
        monkeypatch.setattr(owner, name, refuse)
    return attempts
