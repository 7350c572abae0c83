"""Audit tests build their archives with the importers' builders (tests/importers/archive_builders.py)."""

from __future__ import annotations

import sys
from pathlib import Path

_IMPORTERS = str(Path(__file__).resolve().parent.parent / "importers")
if _IMPORTERS not in sys.path:
    sys.path.insert(0, _IMPORTERS)


import pytest  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _user_data_dir(tmp_path_factory: pytest.TempPathFactory) -> object:
    """The default audit cache goes into the user's data folder: a throwaway one here."""
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
    yield
    mp.undo()
