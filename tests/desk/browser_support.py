"""What the browser tests need: a desk served by uvicorn on a free loopback port (in a thread),
Debian's chromium driven by Playwright, and axe-core injected into a page.

Chromium is Debian's package (``make test`` installs it with apt where it is missing; locally:
``apt-get install chromium``), launched headless with Playwright's ``executable_path``:
Playwright's own browser download (``playwright install``) is never used.
"""

from __future__ import annotations

import shutil
import socket
import struct
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, BrowserContext, Page

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
#: What the tests assert on: no violation of these impacts on any page.
BLOCKING_IMPACTS = ("serious", "critical")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: Generous: the tests run on small shared machines.
TIMEOUT_MS = 30_000


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("Debian's chromium is not installed: `make test` installs it with apt "
                    "(or run `apt-get install chromium`)", pytrace=False)
    return found


class LiveDesk:
    """``app`` served by uvicorn on 127.0.0.1 at a free port, in a background thread."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self._thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self._socket]}, daemon=True)

    def __enter__(self) -> LiveDesk:
        self._thread.start()
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the desk did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self._thread.join(TIMEOUT_MS / 1000)
        self._socket.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now.

    Injected with ``evaluate`` (the DevTools protocol), which the desk's Content-Security-Policy
    does not govern, so the page's own policy stays as strict as it is for a member.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    assert page.evaluate("() => window.axe.version") == AXE_VERSION
    found: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const r = await window.axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' -> ' + (n.failureSummary || ''))}));
        }""")
    return [v for v in found if v["impact"] in BLOCKING_IMPACTS]


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe on {page.url}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:5]) for v in violations)


def png_size(data: bytes) -> tuple[int, int]:
    """A PNG's width and height, read from its IHDR chunk (and proof that it is a PNG)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


VIEWPORT = {"width": 1100, "height": 760}


class Pages:
    """New browser contexts (each its own cookies), closed at the end of the test; every page
    records what the console says, so a test can show the CSP refused nothing."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.contexts: list[BrowserContext] = []
        self.console: list[str] = []

    def new(self, base_url: str) -> Page:
        context = self.browser.new_context(base_url=base_url, viewport=VIEWPORT, locale="en-GB",  # type: ignore[arg-type]
                                           timezone_id="Europe/London")
        context.set_default_timeout(TIMEOUT_MS)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}") if m.type == "error" else None)
        return page
