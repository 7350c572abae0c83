"""Write an audit's rows: ``findings.jsonl``, ``findings.csv``, ``posts.jsonl`` and ``report.html``.

:func:`write_audit` writes into a fresh temporary folder beside the destination and moves the
files into place only when every row has been written, so an archive that fails half-way (an
:class:`~pausecheck.ArchiveError`) leaves nothing behind. The rows stream through: the JSONL and
CSV files and the report's findings tables (one part file per clause) are written as they come;
only the posts to review (do-not-publish or revise) and the month-by-month counts of the risk
chart (:mod:`pausecheck.audit.chart`) are held, to list them newest first and draw the chart.

Everything from an archive is untrusted: every piece of it goes into the HTML through
:func:`html.escape`, a URL becomes a link only when it is ``http(s)://``, the page needs no
script and fetches nothing (a Content-Security-Policy says so), and CSV cells that a spreadsheet
would run as a formula are prefixed with ``'``.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path
from typing import IO, Any

from pausecheck._types import SEVERITIES
from pausecheck.audit.chart import MonthlyRisk
from pausecheck.audit.result import AuditFinding
from pausecheck.audit.run import NOT_CHECKED, AuditRow

__all__ = ["FILES", "FINDING_FIELDS", "VERDICTS", "AuditSummary", "AuditWriter", "csv_cell", "link", "staged",
           "write_audit", "write_rows"]

#: What an audit folder holds.
FILES = ("findings.jsonl", "findings.csv", "posts.jsonl", "report.html")
FINDING_FIELDS = ("platform", "id", "url", "created_at", "code", "name", "category", "severity", "clause", "match",
                  "message")
#: The verdicts, worst first, as the summary lists them.
VERDICTS = ("do-not-publish", "revise", "publish", NOT_CHECKED)
_REVIEW = frozenset({"do-not-publish", "revise"})
_VERDICT_WORDS = {"do-not-publish": "Do not publish", "revise": "Revise", "publish": "Publish",
                  NOT_CHECKED: "Not checked"}
_SEVERITY_WORDS = {"block": "block (do not publish)", "revise": "revise", "advise": "advice"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PART = ".clause-{}.part"


@dataclass
class AuditSummary:
    """The counts an audit ends with, and where its files are."""

    out: Path
    archives: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    #: clause ref → [title, number of findings]
    clauses: dict[str, list[Any]] = field(default_factory=dict)
    findings: int = 0
    exit_code: int = 0

    @property
    def posts(self) -> int:
        return sum(self.verdicts.values())

    def describe(self) -> str:
        counts = ", ".join(f"{self.verdicts[v]} {v}" for v in VERDICTS)
        return (f"audited {self.posts} post(s) from {self.archives} archive(s): {counts}; "
                f"{self.findings} finding(s)\nreport: {self.out / 'report.html'}")


def csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet will show as text: one starting ``= + - @``, tab or CR gets a ``'``."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def link(url: str | None, label: str | None = None) -> str:
    """``url`` as an escaped link when it is http(s), else as escaped text (never an href)."""
    if not url:
        return "<span>no link in the archive</span>"
    shown = escape(label if label is not None else url)
    if url.lower().startswith(("https://", "http://")):
        return f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer nofollow">{shown}</a>'
    return f"<code>{shown}</code>"


def _marked(text: str, findings: Iterable[AuditFinding]) -> str:
    """The text, escaped, with the flagged spans in ``<mark>`` (overlaps merged)."""
    spans = sorted((s.start, s.end) for f in findings for s in f.spans if 0 <= s.start < s.end <= len(text))
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at = [], 0
    for start, end in merged:
        out.append(escape(text[at:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def _when(row: AuditRow) -> str:
    return row.created_at.isoformat()


def _date_html(when: datetime) -> str:
    return f'<time datetime="{escape(when.isoformat())}">{escape(when.strftime("%d %b %Y %H:%M UTC"))}</time>'


class AuditWriter:
    """Write rows into ``folder`` (which must exist and be empty); :meth:`close` finishes the report.

    The findings table of each clause of the guidance streams into its own part file (a pack
    has a few dozen clauses at most), joined into the report at the end, so only the posts to
    review and the month-by-month counts are held in memory.
    """

    def __init__(self, folder: Path, *, title: str = "pausecheck audit report") -> None:
        self.folder = folder
        self.title = title
        self.summary = AuditSummary(out=folder)
        self._files: list[IO[str]] = []
        self._findings_jsonl = self._open("findings.jsonl")
        self._posts_jsonl = self._open("posts.jsonl")
        self._csv_file = self._open("findings.csv")
        self._csv = csv.writer(self._csv_file)
        self._csv.writerow(FINDING_FIELDS)
        #: clause ref → its part file (in the order clauses are first met)
        self._clause_parts: dict[str, IO[str]] = {}
        self._review: list[tuple[datetime, str]] = []
        self._not_checked: list[str] = []
        self.risk = MonthlyRisk()

    def _open(self, name: str) -> IO[str]:
        # errors="replace": a lone surrogate from a broken archive must not stop the audit.
        f = (self.folder / name).open("w", encoding="utf-8", errors="replace", newline="")
        self._files.append(f)
        return f

    def add(self, row: AuditRow) -> None:
        s = self.summary
        s.verdicts[row.verdict] += 1
        findings = row.result.findings if row.result is not None else ()
        if row.result is not None:
            s.exit_code = max(s.exit_code, row.result.exit_code)
            self.risk.add(row.created_at, [f.severity for f in findings])
        counts = Counter(f.severity for f in findings)
        self._posts_jsonl.write(json.dumps({
            "platform": row.platform, "id": row.platform_id, "url": row.url, "kind": row.kind,
            "created_at": _when(row), "source": row.source, "verdict": row.verdict,
            "counts": {sev: counts[sev] for sev in SEVERITIES}, "error": row.error,
        }, ensure_ascii=False) + "\n")
        for f in findings:
            s.findings += 1
            s.clauses.setdefault(f.clause_ref, [f.clause_title, 0])[1] += 1
            # A finding lists every stretch its rule flagged; the tables keep one row per stretch
            # (a whole-post finding: one row naming its subject), so no flagged word is lost.
            for match in [sp.match for sp in f.spans] or [f.subject]:
                self._row(row, f, match)
        if row.verdict in _REVIEW:
            self._review.append((row.created_at, self._review_item(row)))
        elif row.error is not None:
            self._not_checked.append(
                f"<li>{_date_html(row.created_at)}, {escape(row.platform)} {escape(row.kind)}: "
                f"{link(row.url)}: {escape(row.error)}</li>")

    def _part(self, clause_ref: str) -> IO[str]:
        part = self._clause_parts.get(clause_ref)
        if part is None:
            part = self._clause_parts[clause_ref] = self._open(_PART.format(len(self._clause_parts)))
        return part

    def _row(self, row: AuditRow, f: AuditFinding, match: str) -> None:
        record = {"platform": row.platform, "id": row.platform_id, "url": row.url, "created_at": _when(row),
                  "code": f.code, "name": f.name, "category": f.category, "severity": f.severity,
                  "clause": f.clause_ref, "match": match, "message": f.message}
        self._findings_jsonl.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._csv.writerow([csv_cell(record[k]) for k in FINDING_FIELDS])
        self._part(f.clause_ref).write(
            f"<tr><td>{_date_html(row.created_at)}</td><td>{escape(row.platform)}</td>"
            f"<td>{link(row.url, row.platform_id)}</td><td>{escape(_SEVERITY_WORDS.get(f.severity, f.severity))}</td>"
            f"<td>{escape(f.code)}</td><td>{escape(match)}</td><td>{escape(f.message)}</td></tr>\n")

    def _review_item(self, row: AuditRow) -> str:
        assert row.result is not None
        items = "".join(
            f"<li><strong>{escape(_SEVERITY_WORDS.get(f.severity, f.severity))}</strong>: {escape(f.message)} "
            f"<span class=\"clause\">({escape(f.clause_ref)} {escape(f.clause_title)}; rule {escape(f.code)})</span></li>"
            for f in row.result.findings)
        return (
            f"<article>\n<h3>{escape(_VERDICT_WORDS[row.verdict])}: {escape(row.platform)} {escape(row.kind)} "
            f"of {_date_html(row.created_at)}</h3>\n"
            f"<p>Link: {link(row.url)}<br>Archive entry: <code>{escape(row.source)}</code></p>\n"
            f"<blockquote class=\"post\">{_marked(row.result.text, row.result.findings)}</blockquote>\n"
            f"<ul>{items}</ul>\n</article>\n")

    def close(self) -> AuditSummary:
        for f in self._files:
            f.close()
        with (self.folder / "report.html").open("w", encoding="utf-8", errors="replace", newline="\n") as out:
            out.write(self._head())
            for i, (ref, (title, n)) in enumerate(self._clauses_in_order()):
                part = self.folder / _PART.format(i)
                out.write(f'<details id="clause-{i}">\n<summary>{escape(ref)} {escape(title)}: {n} finding(s)'
                          f'</summary>\n<table>\n<caption>Findings under {escape(ref)}</caption>\n<thead><tr>'
                          '<th scope="col">Date</th><th scope="col">Platform</th><th scope="col">Post</th>'
                          '<th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Match</th>'
                          '<th scope="col">Message</th></tr></thead>\n<tbody>\n')
                with part.open(encoding="utf-8") as table:
                    shutil.copyfileobj(table, out)
                out.write("</tbody>\n</table>\n</details>\n")
                part.unlink()
            out.write("</section>\n</main>\n</body>\n</html>\n")
        return self.summary

    def _clauses_in_order(self) -> list[tuple[str, tuple[str, int]]]:
        """(ref, (title, findings)) of every clause with findings, in part-file order."""
        return [(ref, (self.summary.clauses[ref][0], self.summary.clauses[ref][1])) for ref in self._clause_parts]

    def abort(self) -> None:
        for f in self._files:
            f.close()

    def _head(self) -> str:
        s = self.summary
        index = {ref: i for i, ref in enumerate(self._clause_parts)}
        verdict_rows = "".join(f"<tr><th scope=\"row\">{escape(_VERDICT_WORDS[v])}</th><td>{s.verdicts[v]}</td></tr>"
                               for v in VERDICTS)
        clause_rows = "".join(
            f"<tr><th scope=\"row\"><a href=\"#clause-{index[ref]}\">{escape(ref)}</a></th><td>{escape(title)}</td>"
            f"<td>{n}</td></tr>"
            for ref, (title, n) in sorted(s.clauses.items()))
        clauses = (f"<table>\n<caption>Findings by clause of the guidance</caption>\n<thead><tr><th scope=\"col\">Clause"
                   f"</th><th scope=\"col\">Title</th><th scope=\"col\">Findings</th></tr></thead>\n<tbody>{clause_rows}"
                   f"</tbody>\n</table>\n") if clause_rows else "<p>No findings.</p>\n"
        review = "".join(item for _, item in sorted(self._review, key=lambda r: r[0], reverse=True))
        review = review or "<p>No post needs review.</p>\n"
        not_checked = (f"<ul>{''.join(self._not_checked)}</ul>\n" if self._not_checked
                       else "<p>Every post was checked.</p>\n")
        return f"""{html_head(self.title)}
<body>
<main>
<h1>{escape(self.title)}</h1>
<section aria-labelledby="summary">
<h2 id="summary">Summary</h2>
<p>{s.posts} post(s) audited from {s.archives} archive(s); {s.findings} finding(s).</p>
<table>
<caption>Posts by verdict</caption>
<thead><tr><th scope="col">Verdict</th><th scope="col">Posts</th></tr></thead>
<tbody>{verdict_rows}</tbody>
</table>
{clauses}</section>
<section aria-labelledby="risk">
<h2 id="risk">Risk over time</h2>
{self.risk.html()}</section>
<section aria-labelledby="review">
<h2 id="review">To review or delete</h2>
<p>Posts whose verdict is do not publish or revise, newest first. Flagged words are marked.</p>
{review}</section>
<section aria-labelledby="not-checked">
<h2 id="not-checked">Not checked</h2>
{not_checked}</section>
<section aria-labelledby="all">
<h2 id="all">All findings, by clause</h2>
{self._all_intro()}"""

    def _all_intro(self) -> str:
        if not self._clause_parts:
            return "<p>No findings.</p>\n"
        return ("<p>One section per clause of the guidance; open one to see its findings. To search them, use your "
                "browser's find (Ctrl+F, or Cmd+F on a Mac): Chrome and Edge open a closed section that holds a "
                "match; in other browsers open the sections first. findings.csv, beside this page, opens in a "
                "spreadsheet to sort and filter.</p>\n")


#: The report's style sheet (inline: the page fetches nothing). Colours keep 4.5:1 on white.
STYLE = """\
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 1rem auto; padding: 0 1rem; line-height: 1.5;
       color: #111; background: #fff; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #666; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
caption { text-align: left; font-weight: bold; }
article { border-top: 2px solid #333; margin-top: 1rem; }
blockquote.post { white-space: pre-wrap; overflow-wrap: anywhere; border-left: 4px solid #666; margin: 0.5rem 0;
                  padding-left: 0.75rem; }
mark { background: #ffe066; color: #000; text-decoration: underline; font-weight: bold; }
.clause { color: #333; }
details { margin: 0.5rem 0; }
summary { cursor: pointer; font-weight: bold; }
a { color: #0645ad; }
figure { margin: 0.5rem 0 1rem; }
svg.chart { max-width: 100%; height: auto; }
.legend span { display: inline-block; margin-right: 1rem; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.3em; vertical-align: -0.1em;
          border: 1px solid #000; }"""


def write_rows(rows: Iterable[AuditRow], folder: Path, *, archives: int = 0,
               title: str = "pausecheck audit report") -> AuditSummary:
    """Write every row's files into ``folder`` (existing and empty), no staging."""
    writer = AuditWriter(folder, title=title)
    try:
        for row in rows:
            writer.add(row)
    except BaseException:
        writer.abort()
        raise
    writer.summary.archives = archives
    return writer.close()


@contextmanager
def staged(out: str | os.PathLike[str]) -> Iterator[Path]:
    """A fresh temporary folder beside ``out`` to write into; when the block ends without an
    error, each thing in it replaces the thing of that name in ``out`` (other files in ``out``
    stay). On an error the temporary folder is removed and ``out`` is left as it was."""
    dest = Path(out)
    if dest.exists() and not dest.is_dir():
        raise NotADirectoryError(f"{dest} exists and is not a folder")
    parent = dest.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=parent))
    try:
        yield tmp
        if dest.exists():
            for item in sorted(tmp.iterdir()):
                target = dest / item.name
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)
                os.replace(item, target)
            tmp.rmdir()
        else:
            os.replace(tmp, dest)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def write_audit(rows: Iterable[AuditRow], out: str | os.PathLike[str], *, archives: int = 0) -> AuditSummary:
    """Write every row's files into ``out``, all or nothing.

    The files are written into a temporary folder beside ``out`` and moved there at the end
    (an existing ``out`` folder keeps any other files; the audit's own four are replaced). If
    reading the rows raises (an ArchiveError…), the temporary folder is removed and the error
    propagates: ``out`` is left as it was.
    """
    with staged(out) as tmp:
        summary = write_rows(rows, tmp, archives=archives)
    summary.out = Path(out)
    return summary


def html_head(title: str, extra_style: str = "") -> str:
    """The start of a self-contained audit page up to ``</head>``: no script, nothing fetched
    (the Content-Security-Policy allows only the inline style), no referrer."""
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{escape(title)}</title>
<style>
{STYLE}
{extra_style}</style>
</head>"""
