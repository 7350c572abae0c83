"""The evidence pack's PDF report (``report.pdf``), rendered with WeasyPrint (the ``evidence`` extra).

One section per sender (aliases merged): each message quoted exactly, with the date and time it
was sent and captured (UTC and the member's local time), its platform, URL and handle, the
categories it was scored with, its attachments' SHA-256, and the notes and actions about it; a
screenshot the member supplies is shown when its SHA-256 matches an attachment's and it is a PNG or
JPEG of at most :data:`MAX_IMAGE_BYTES`. Then the member's impact statement, and the log's head
hash on every page.

Everything from the log is escaped before it reaches the HTML. Rendering never touches the
network or the disk: :class:`OfflineFetcher` refuses every URL but ``data:`` (the embedded
screenshots), and the HTML has no base URL.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.store.models import EvidenceEntry

__all__ = ["MAX_IMAGE_BYTES", "OfflineFetcher", "Screenshot", "SenderSection", "render_pdf", "report_html"]

#: A screenshot larger than this is listed by name and hash but not embedded.
MAX_IMAGE_BYTES = 5 * 1024 * 1024
_MAGIC = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))

_CSS = """@page{size:A4;margin:18mm 16mm 20mm;
@bottom-left{content:"Log head " string(head);font:7pt 'DejaVu Sans Mono',monospace;color:#333}
@bottom-right{content:"Page " counter(page) " of " counter(pages);font:8pt 'DejaVu Sans',sans-serif}}
body{font:10pt/1.4 'DejaVu Sans',sans-serif;color:#000}
h1{font-size:16pt;margin:0 0 4mm}h2{font-size:13pt;margin:8mm 0 2mm;break-after:avoid}
.head{string-set:head content()}
code,.hash{font-family:'DejaVu Sans Mono',monospace;font-size:8pt;overflow-wrap:anywhere}
.msg{border:1px solid #777;padding:2mm 3mm;margin:0 0 3mm;break-inside:avoid}
.msg.high{border:2px solid #000}
.meta{font-size:8.5pt;margin:0 0 1mm}
blockquote{margin:1mm 0;padding:1mm 2mm;border-left:3px solid #000;white-space:pre-wrap;
font-family:'DejaVu Sans Mono',monospace;font-size:9pt;overflow-wrap:anywhere}
ul{margin:1mm 0;padding-left:5mm;font-size:8.5pt}img{max-width:100%;max-height:120mm;border:1px solid #999}
.impact{white-space:pre-wrap}"""


def _weasyprint() -> Any:
    """Import WeasyPrint without letting it change Pillow for the whole process.

    ``weasyprint.images`` sets Pillow's global ``ImageFile.LOAD_TRUNCATED_IMAGES`` at import, which
    would make the image detector read a truncated attachment as a whole one; the screenshots
    drawn here are checked before they reach WeasyPrint, so the strict default is put back.
    """
    from PIL import ImageFile

    strict = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        import weasyprint
        import weasyprint.images  # the module that sets the flag
        import weasyprint.urls
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = strict
    return weasyprint


class OfflineFetcher:
    """A WeasyPrint URL fetcher that only decodes ``data:`` URLs and refuses everything else
    (``http``, ``https``, ``file``, …); ``refused`` lists what it turned away."""

    def __init__(self) -> None:
        self._inner = _weasyprint().urls.URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)
        self._fail_on_errors = False  # read by weasyprint.urls.fetch
        self.refused: list[str] = []

    def __call__(self, url: str) -> Any:
        if not url.lower().startswith("data:"):
            self.refused.append(url)
            raise ValueError(f"pausecheck renders offline: refused {url[:80]!r}")
        return self._inner.fetch(url)

    fetch = __call__


@dataclass(frozen=True, slots=True)
class Screenshot:
    """A file the member supplied: its name and bytes (matched to attachments by SHA-256)."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def media_type(self) -> str | None:
        return next((t for magic, t in _MAGIC if self.data.startswith(magic)), None)


@dataclass(frozen=True, slots=True)
class SenderSection:
    title: str
    messages: Sequence[EvidenceEntry]
    course_of_conduct: bool


def _when(value: datetime | None, zone: str) -> str:
    if value is None:
        return "not known"
    local = value.astimezone(ZoneInfo(zone))
    return (f"{value.strftime('%Y-%m-%d %H:%M:%S')} UTC "
            f"({local.strftime('%Y-%m-%d %H:%M:%S')} {local.tzname()}, {zone})")


def _image(att: Mapping[str, str], shots: Mapping[str, Screenshot]) -> str:
    esc = html.escape
    shot = shots.get(att["sha256"])
    if shot is None:
        return ""
    kind = shot.media_type()
    if kind is None:
        return f"<p>Screenshot {esc(shot.name)} supplied but not shown: not a PNG or JPEG.</p>"
    if len(shot.data) > MAX_IMAGE_BYTES:
        return (f"<p>Screenshot {esc(shot.name)} supplied but not shown: larger than "
                f"{MAX_IMAGE_BYTES // (1024 * 1024)} MiB.</p>")
    uri = f"data:{kind};base64,{base64.b64encode(shot.data).decode('ascii')}"
    return f'<p><img src="{uri}" alt="Screenshot {esc(shot.name)}, SHA-256 {esc(att["sha256"])}"></p>'


def _message(m: EvidenceEntry, about: Sequence[EvidenceEntry], shots: Mapping[str, Screenshot]) -> str:
    esc = html.escape
    cats = ", ".join(m.data.get("categories") or ()) or "none"
    high = m.data.get("priority") == "high"
    atts = "".join(f"<li>{esc(a['name'])}: SHA-256 <span class=\"hash\">{esc(a['sha256'])}</span>"
                   f"{_image(a, shots)}</li>" for a in m.attachments)
    follow = "".join(
        f"<li>{esc(_when(a.captured_at, a.timezone))}: {esc(a.action or a.kind)}"
        f"{esc(' (ref ' + a.reference + ')') if a.reference else ''}: {esc(a.content)}</li>" for a in about)
    return (
        f'<section class="msg{" high" if high else ""}">'
        f'<p class="meta"><strong>Entry #{m.id}</strong>{" (high priority)" if high else ""}. '
        f"Sent: {esc(_when(m.received_at, m.timezone))}<br>"
        f"Captured: {esc(_when(m.captured_at, m.timezone))}<br>"
        f"Platform: {esc(m.platform or 'not known')}. Handle: {esc(m.sender or 'not known')}<br>"
        f"URL: {esc(m.url or 'none')}<br>Categories: {esc(cats)}</p>"
        f"<blockquote>{esc(m.content)}</blockquote>"
        f"{'<p class=meta>Attachments:</p><ul>' + atts + '</ul>' if atts else ''}"
        f"{'<p class=meta>Notes and actions:</p><ul>' + follow + '</ul>' if follow else ''}"
        "</section>")


def report_html(sections: Sequence[SenderSection], about: Mapping[int, Sequence[EvidenceEntry]], *, head: str,
                scope: str, impact: str | None, screenshots: Sequence[Screenshot] = ()) -> str:
    """The report as one self-contained HTML page (no external resources, every value escaped)."""
    esc = html.escape
    shots = {s.sha256: s for s in screenshots}
    body = []
    for sec in sections:
        note = ("<p><strong>Two or more incidents: a possible course of conduct (Protection from Harassment "
                "Act 1997, s.7).</strong></p>") if sec.course_of_conduct else ""
        msgs = "".join(_message(m, about.get(m.id, ()), shots) for m in sec.messages)
        body.append(f"<h2>{esc(sec.title)}</h2>{note}{msgs}")
    statement = (f'<h2>Impact statement</h2><p class="impact">{esc(impact)}</p>' if impact
                 else "<h2>Impact statement</h2><p>None given.</p>")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Evidence report</title>'
        f"<style>{_CSS}</style></head><body><h1>Evidence report: {esc(scope)}</h1>"
        "<p>Messages are quoted exactly as received, from pausecheck's hash-chained log. "
        "Times are given in UTC and in the member's local time.</p>"
        f'<p>Log head hash at export:<br><span class="hash head">{esc(head)}</span></p>'
        f"{''.join(body) or '<p>No messages.</p>'}{statement}</body></html>")


def render_pdf(document: str, fetcher: OfflineFetcher | None = None) -> bytes:
    """Render :func:`report_html`'s page to PDF bytes, offline."""
    try:
        html = _weasyprint().HTML
    except ImportError as e:  # pragma: no cover - the extra is in the lock
        raise RuntimeError("the PDF report needs WeasyPrint: pip install 'pausecheck[evidence]'") from e
    out = html(string=document, url_fetcher=fetcher or OfflineFetcher()).write_pdf()
    assert isinstance(out, bytes)
    return out
