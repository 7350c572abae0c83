"""The store tests' fixtures: the databases (databases.py, shared with tests/desk)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from databases import DATABASES, PG_URL, db_url

__all__ = ["DATABASES", "PG_URL", "db_url"]
