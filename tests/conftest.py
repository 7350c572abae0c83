"""Shared fixtures: the real default pack and one Checker for the whole session."""

from __future__ import annotations

import pytest

from pausecheck import Checker, load_pack
from pausecheck.policy.loader import Pack


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack()


@pytest.fixture(scope="session")
def checker(pack: Pack) -> Checker:
    return Checker(pack)
