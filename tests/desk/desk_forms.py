"""Form helpers for the desk's TestClient tests (a module of its own: pytest loads every
folder's conftest.py, so ``from conftest import`` finds the store's when both folders run)."""

from __future__ import annotations

import re

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(page: str) -> str:
    found = CSRF.search(page)
    assert found, "the page has no CSRF token"
    return found.group(1)
