"""The evidence pack's ``report.pdf``: listed in the manifest, its first page rendered to pixels
(pypdfium2) is A4, not blank, and its text holds the handle, a message verbatim and the log's
head hash; a supplied screenshot is drawn; hostile text is escaped; rendering fetches nothing."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import shutil
import subprocess
import threading
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from pausecheck.cli import main
from pausecheck.inbox.pdf import OfflineFetcher, render_pdf
from pausecheck.store import Store, evidence

T0 = datetime(2026, 3, 11, 21, 30, tzinfo=UTC)
QUOTE = "Councillor, I know where you live & I'll be waiting <b>tonight</b>."
A4_PT = (210 / 25.4 * 72, 297 / 25.4 * 72)  # ISO 216, in PDF points
RED = (220, 20, 20)


def _png(colour: tuple[int, int, int], size: tuple[int, int] = (240, 120)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, format="PNG")
    return buf.getvalue()


class _Server:
    """A local HTTP server that records every request (none should arrive)."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        seen = self.paths

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                seen.append(self.path)
                self.send_response(404)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def server() -> Iterator[_Server]:
    s = _Server()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def _pixels(pdf: bytes, index: int = 0, scale: float = 1.0) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[index].render(scale=scale).to_pil().convert("RGB")
    finally:
        doc.close()


def _texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].get_textpage().get_text_range().replace("\r\n", "\n").replace("\r", "\n")
                for i in range(len(doc))]
    finally:
        doc.close()


def _count(img: Image.Image, test: Callable[[int, int, int], bool]) -> int:
    raw = img.convert("RGB").tobytes()
    return sum(1 for i in range(0, len(raw), 3) if test(raw[i], raw[i + 1], raw[i + 2]))


def _reddish(img: Image.Image) -> int:
    return _count(img, lambda r, g, b: r > 180 and g < 80 and b < 80)


def _squash(text: str) -> str:
    """Without whitespace: the PDF wraps long lines where it must."""
    return "".join(text.split())


def test_pack_pdf_first_page(tmp_path: Path, server: _Server) -> None:
    shot = _png(RED)
    hostile = f'<img src="{server.url}/pixel.png"><link rel="stylesheet" href="{server.url}/s.css">'
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    store = Store(url)
    with store.sessions.begin() as s:
        evidence.append(s, kind="message", content=QUOTE, platform="x", platform_id="9", sender="@troll",
                        url="https://x.com/troll/status/9", received_at=T0, at=T0 + timedelta(minutes=5),
                        attachments=[evidence.Attachment("reply.png", hashlib.sha256(shot).hexdigest())],
                        data={"categories": ["threat_to_life_or_safety"], "priority": "high"})
        evidence.append(s, kind="message", content=hostile + "\nsecond line", platform="x", platform_id="10",
                        sender="@troll", received_at=T0 + timedelta(days=1), at=T0 + timedelta(days=1),
                        attachments=[evidence.Attachment("notes.txt", hashlib.sha256(b"not an image").hexdigest())],
                        data={"categories": ["grossly_offensive"], "priority": "medium"})
    store.close()
    (tmp_path / "reply.png").write_bytes(shot)
    (tmp_path / "notes.txt").write_bytes(b"not an image")
    impact = tmp_path / "impact.txt"
    impact.write_text("I have stopped walking home after meetings.", encoding="utf-8")
    out = tmp_path / "pack.zip"
    assert main(["evidence", "export", "--sender", "x:@troll", "--out", str(out), "--database", url,
                 "--impact", str(impact), "--screenshot", str(tmp_path / "reply.png"),
                 str(tmp_path / "notes.txt")]) == 0
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(out) as z:
        z.extractall(folder)
    sha256sum = shutil.which("sha256sum")
    assert sha256sum is not None
    ok = subprocess.run([sha256sum, "-c", "MANIFEST.sha256"], cwd=folder, capture_output=True, text=True,
                        check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "report.pdf: OK" in ok.stdout
    pdf = (folder / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    head = json.loads((folder / "entries.json").read_bytes())["head"]
    assert len(head) == 64

    # the first page as pixels: A4 at 72 dpi and at 2x, not blank, mostly white paper
    page = _pixels(pdf)
    assert abs(page.width - A4_PT[0]) <= 1
    assert abs(page.height - A4_PT[1]) <= 1
    big = _pixels(pdf, scale=2)
    assert abs(big.width - 2 * A4_PT[0]) <= 2
    assert abs(big.height - 2 * A4_PT[1]) <= 2
    grey = page.convert("L").tobytes()
    dark = sum(1 for v in grey if v < 128)
    white = sum(1 for v in grey if v > 250)
    assert dark > 0.005 * page.width * page.height  # there is text on it
    assert white > 0.5 * page.width * page.height  # and it is a page, not a black box
    # the screenshot is drawn (red pixels, ~240x120 px at 72 dpi fit in the column), on some page
    pages = [_pixels(pdf, i) for i in range(len(_texts(pdf)))]
    assert max(_reddish(p) for p in pages) > 0.8 * 240 * 120 * (72 / 96) ** 2

    texts = _texts(pdf)
    first = texts[0]
    assert "@troll" in first
    assert head in first
    assert QUOTE in first  # verbatim, the markup-like text and the ampersand as written
    assert "2026-03-11 21:30:00 UTC (2026-03-11 21:30:00 GMT, Europe/London)" in first
    assert "https://x.com/troll/status/9" in first
    assert "threat_to_life_or_safety" in first
    assert hashlib.sha256(shot).hexdigest() in first
    whole = "\n".join(texts)
    assert _squash(hostile + "\nsecond line") in _squash(whole)  # escaped, so shown as text, not obeyed
    assert "notes.txt supplied but not shown: not a PNG or JPEG" in whole
    assert "I have stopped walking home after meetings." in whole
    assert server.paths == []


def test_offline_fetcher_refuses_all_but_data(tmp_path: Path, server: _Server) -> None:
    local = tmp_path / "local.png"
    local.write_bytes(_png((20, 20, 220)))
    import base64

    data = "data:image/png;base64," + base64.b64encode(_png(RED)).decode()
    page = (f'<html><head><link rel="stylesheet" href="{server.url}/style.css">'
            f'<style>@import url("{server.url}/more.css");body{{background:url("{server.url}/bg.png")}}</style>'
            f'</head><body><p>offline</p><img src="{server.url}/remote.png" alt="remote">'
            f'<img src="{local.as_uri()}" alt="local"><img src="{data}" alt="inline"></body></html>')
    fetcher = OfflineFetcher()
    pdf = render_pdf(page, fetcher)
    assert server.paths == []
    assert set(fetcher.refused) == {f"{server.url}/style.css", f"{server.url}/more.css", f"{server.url}/bg.png",
                                    f"{server.url}/remote.png", local.as_uri()}
    img = _pixels(pdf)
    assert _reddish(img) > 1000  # the data: image is drawn
    assert _count(img, lambda r, g, b: b > 180 and r < 80 and g < 80) == 0  # the file: one is not


def test_rendering_leaves_pillow_strict_about_truncated_images() -> None:
    """WeasyPrint turns on Pillow's process-wide LOAD_TRUNCATED_IMAGES at import; the image
    detector needs it off to refuse a truncated attachment."""
    from PIL import ImageFile

    from pausecheck.inbox.pdf import render_pdf

    assert render_pdf("<html><body><p>x</p></body></html>").startswith(b"%PDF")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
