"""The evidence pack: a zip for the police or Legal Services.

``entries.csv`` and ``entries.json`` (every field of every entry exported, with its hash),
``timeline-<platform>-<handle>.html`` per sender (self-contained, every message quoted exactly
with its date and time in UTC and local time, URL, handle, categories and attachments' SHA-256,
and the notes and actions about it; all text escaped), ``impact-statement.txt`` when the member
gives one, ``report.pdf`` (the timelines and the impact statement, rendered offline by
:mod:`pausecheck.inbox.pdf`), ``README.txt`` (what is in the pack and how to check it) and ``MANIFEST.sha256``,
which ``sha256sum -c MANIFEST.sha256`` verifies in the unzipped folder.

With ``--all`` the entries form the whole chain, which anyone can re-compute from
``entries.json`` (see :mod:`pausecheck.store.evidence` for the encoding); a pack for one sender
holds that sender's entries only, with the log's head hash at the time of export.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.inbox.pdf import Screenshot
    from pausecheck.store import Store
    from pausecheck.store.models import EvidenceEntry

__all__ = ["CSV_FIELDS", "export_pack"]

CSV_FIELDS = ("seq", "kind", "action", "captured_at", "captured_local", "timezone", "received_at", "platform",
              "platform_id", "url", "sender", "content", "content_sha256", "attachments", "refers_to", "reference",
              "categories", "priority", "prev", "entry_hash")
_STYLE = """body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.5rem}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.4rem;
vertical-align:top;text-align:left}blockquote{margin:0;white-space:pre-wrap;font-family:ui-monospace,monospace}
.high{background:#fde2e2}code{word-break:break-all;font-size:.8rem}"""


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:60] or "unknown"


def _record(e: EvidenceEntry) -> dict[str, Any]:
    from pausecheck.store.evidence import chain_fields

    return {**chain_fields(e), "entry_hash": e.entry_hash}


def _csv(records: Sequence[dict[str, Any]]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(CSV_FIELDS)
    for r in records:
        row = {**r, "attachments": json.dumps(r["attachments"], ensure_ascii=False),
               "categories": ";".join(r["data"].get("categories") or ()), "priority": r["data"].get("priority", "")}
        w.writerow(["" if row.get(k) is None else row[k] for k in CSV_FIELDS])
    return buf.getvalue().encode("utf-8")


def _timeline(title: str, messages: Sequence[EvidenceEntry], about: dict[int, list[EvidenceEntry]],
              course: bool, head: str) -> bytes:
    esc = html.escape
    rows = []
    for m in messages:
        cats = ", ".join(m.data.get("categories") or ()) or "none"
        follow = "".join(
            f"<li>{esc(a.captured_local)}: {esc(a.action or a.kind)}"
            f"{esc(' (ref ' + a.reference + ')') if a.reference else ''}: {esc(a.content)}</li>"
            for a in about.get(m.id, ()))
        atts = "".join(f"<li>{esc(a['name'])}: <code>{esc(a['sha256'])}</code></li>" for a in m.attachments)
        url = f'<a href="{esc(m.url)}">{esc(m.url)}</a>' if m.url and m.url.startswith(("https://", "http://")) \
            else esc(m.url or "")
        received = m.received_at.isoformat() if m.received_at else ""
        rows.append(
            f'<tr class="{"high" if m.data.get("priority") == "high" else ""}"><td>#{m.id}</td>'
            f"<td>{esc(received)}<br>captured {esc(m.captured_local)}</td>"
            f"<td>{esc(m.platform or '')}<br>{esc(m.sender or '')}<br>{url}</td>"
            f"<td><blockquote>{esc(m.content)}</blockquote>"
            f"{'<ul>' + atts + '</ul>' if atts else ''}{'<ul>' + follow + '</ul>' if follow else ''}</td>"
            f"<td>{esc(cats)}</td></tr>")
    note = ("<p><strong>Two or more incidents: a possible course of conduct (Protection from Harassment Act 1997, "
            "s.7).</strong></p>") if course else ""
    doc = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
           f"<style>{_STYLE}</style></head><body><h1>{esc(title)}</h1>{note}"
           f"<p>Messages are quoted exactly as received. Log head at export: <code>{esc(head)}</code></p>"
           "<table><thead><tr><th>Entry</th><th>Sent (UTC) and captured (local)</th><th>Where, who</th>"
           f"<th>Message</th><th>Categories</th></tr></thead><tbody>{''.join(rows)}</tbody></table></body></html>")
    return doc.encode("utf-8")


def export_pack(store: Store, out: Path, *, sender: str | None = None, owner: str = "local",
                impact: str | None = None, screenshots: Sequence[Screenshot] = ()) -> list[str]:
    """Write the evidence pack to ``out`` (a zip); the names of the files in it. ``sender`` is
    ``PLATFORM:HANDLE`` (aliases merged in the log count as the same sender) or None for all.
    ``screenshots`` are shown in ``report.pdf`` beside the messages whose attachments they match."""
    from pausecheck.inbox import pdf
    from pausecheck.store import evidence

    with store.sessions() as s:
        every = list(evidence.entries(s))
        head = evidence.verify(s).head
        summaries = evidence.senders(s, owner=owner)
    mine = [e for e in every if e.owner == owner]
    chain = evidence.Chain(e for e in mine if e.kind == "merge")
    if sender is not None:
        platform, _, handle = sender.partition(":")
        root = chain.root(evidence.handle_key(platform, handle))
        summaries = [x for x in summaries if (x.platform, x.handle) == root]
        if not summaries:
            raise LookupError(f"no messages from {sender} in the log")
        ids = set(summaries[0].entry_ids)
        chosen = [e for e in mine if e.id in ids or e.refers_to in ids or (
            e.kind == "merge" and chain.root(evidence.handle_key(e.data["into"]["platform"],
                                                                 e.data["into"]["handle"])) == root)]
    else:
        chosen = mine
    about: dict[int, list[EvidenceEntry]] = {}
    for e in chosen:
        if e.refers_to is not None:
            about.setdefault(e.refers_to, []).append(e)
    files: dict[str, bytes] = {}
    records = [_record(e) for e in chosen]
    files["entries.json"] = json.dumps({"schema": "pausecheck.evidence/1", "head": head, "complete": sender is None,
                                        "entries": records}, ensure_ascii=False, indent=1).encode("utf-8")
    files["entries.csv"] = _csv(records)
    by_id = {e.id: e for e in chosen}
    sections = []
    for x in summaries:
        msgs = [by_id[i] for i in x.entry_ids if i in by_id]
        also = f" (also {', '.join(f'{p}:{h}' for p, h in x.aliases)})" if x.aliases else ""
        title = f"Messages from {x.platform}:{x.handle}{also}"
        files[f"timeline-{_slug(x.platform)}-{_slug(x.handle)}.html"] = _timeline(
            title, msgs, about, x.course_of_conduct, head)
        sections.append(pdf.SenderSection(title, msgs, x.course_of_conduct))
    files["report.pdf"] = pdf.render_pdf(pdf.report_html(
        sections, about, head=head, scope="the whole log" if sender is None else sender, impact=impact,
        screenshots=screenshots))
    if impact:
        files["impact-statement.txt"] = impact.encode("utf-8")
    files["README.txt"] = (
        "pausecheck evidence pack\n\n"
        "entries.csv / entries.json: the log's entries, verbatim, with capture times in UTC and local time.\n"
        "timeline-*.html: one page per sender.\n"
        "report.pdf: the same timelines with the impact statement, for printing.\n"
        f"Log head hash at export: {head}\n"
        f"This pack holds {'the whole log' if sender is None else 'the entries about ' + sender}.\n"
        "Each entry's entry_hash is the SHA-256 of the JSON of its fields (all of them in entries.json but\n"
        "entry_hash, with 'prev' the previous entry's hash), keys sorted, separators ',' and ':', UTF-8.\n"
        "Check the files: sha256sum -c MANIFEST.sha256\n").encode()
    names = sorted(files)
    manifest = "".join(f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n" for n in names)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for n in names:
            z.writestr(n, files[n])
        z.writestr("MANIFEST.sha256", manifest)
    return [*names, "MANIFEST.sha256"]
