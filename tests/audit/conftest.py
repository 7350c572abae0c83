"""Audit tests build their archives with the importers' builders (tests/importers/archive_builders.py)."""

from __future__ import annotations

import sys
from pathlib import Path

_IMPORTERS = str(Path(__file__).resolve().parent.parent / "importers")
if _IMPORTERS not in sys.path:
    sys.path.insert(0, _IMPORTERS)
