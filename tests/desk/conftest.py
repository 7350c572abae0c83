"""Desk apps for the tests: one Checker that proposes rewrites (sharing the session's models), a fresh database per test (SQLite, and
PostgreSQL too when ``make test`` gives one), single-user or council mode."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parents[1] / "store"))
from databases import db_url  # noqa: F401  (the database fixture, shared with the store tests)

from pausecheck import Checker
from pausecheck.desk import DeskConfig, create_app
from pausecheck.policy.loader import Pack


@pytest.fixture(scope="session")
def desk_checker(pack: Pack, checker: Checker) -> Checker:
    """The desk's Checker proposes rewrites, as ``create_app`` builds it (same models as ``checker``)."""
    return Checker(pack, resources=checker.resources, fixes=True)


@pytest.fixture
def make_client(desk_checker: Checker, db_url: str) -> Iterator[Callable[..., TestClient]]:  # noqa: F811
    clients: list[TestClient] = []

    def make(**config: object) -> TestClient:
        config.setdefault("database", db_url)
        app = create_app(DeskConfig(**config), checker=desk_checker)  # type: ignore[arg-type]
        base = "https://testserver" if config.get("mode") == "council" else "http://testserver"
        client = TestClient(app, base_url=base)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.sqlite3"


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """One Playwright for the whole run: a second sync_playwright() in the same process fails."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Any) -> Iterator[Any]:
    from browser_support import CHROMIUM_ARGS, chromium_path

    b = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture
def pages(browser: Any) -> Iterator[Any]:
    from browser_support import Pages

    p = Pages(browser)
    yield p
    for ctx in p.contexts:
        ctx.close()
    assert not [m for m in p.console if "Content Security Policy" in m], p.console
