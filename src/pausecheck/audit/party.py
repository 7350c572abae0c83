"""Party scale: many members' archives audited on a Dask distributed cluster.

``pausecheck audit --engine dask [--scheduler ADDRESS] [--workers N] ARCHIVE…`` gives each
archive to a worker as one task (one member per archive). Each worker builds its own
:class:`~pausecheck.Checker` once, when it joins (:class:`CheckerPlugin`, a worker plugin sent
the :class:`~pausecheck.engine.CheckerConfig`, never a Checker: ONNX sessions do not pickle), and
every task on that worker reuses it. A task imports and checks its archive exactly as the local
audit does (:func:`~pausecheck.audit.run.audit`) and sends back the rows; the client writes, in
the archives' order and all or nothing (a staged folder moved into ``--out``):

* ``members/NNN-name/``: each member's own report (``report.html``, ``findings.jsonl``,
  ``findings.csv``, ``posts.jsonl``), the same files a local audit writes;
* ``findings.parquet``: every member's findings, with a ``member`` and ``archive`` column;
* ``vetting.html`` and ``vetting.csv``: the candidate-vetting summary, ranking members by the
  posts they should not have published, then those to revise, then the number of findings,
  each row linking to the member's report.

Without ``--scheduler`` a ``LocalCluster`` of ``--workers`` processes (one thread each) is
started and closed. With one, the workers read the archives from the paths given, so those
must be reachable by every worker (shared storage). Nothing is cached here: the incremental
cache is the local audit's.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
from distributed import Client, LocalCluster, WorkerPlugin, get_worker

from pausecheck.audit.run import CHUNK, AuditRow, audit
from pausecheck.audit.write import FINDING_FIELDS, AuditSummary, csv_cell, html_head, staged, write_rows

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.engine import Checker, CheckerConfig

__all__ = ["PLUGIN", "CheckerPlugin", "MemberSummary", "PartySummary", "audit_party", "member_name",
           "rank_members"]

PLUGIN = "pausecheck-checker"
VETTING_FIELDS = ("rank", "member", "archive", "posts", "do_not_publish", "revise", "not_checked", "findings",
                  "block", "revise_findings", "advise", "report")
_SCHEMA = pa.schema([
    ("member", pa.string()), ("archive", pa.string()), ("platform", pa.string()), ("id", pa.string()),
    ("url", pa.string()), ("created_at", pa.timestamp("us", tz="UTC")), ("code", pa.string()),
    ("name", pa.string()), ("category", pa.string()), ("severity", pa.string()), ("clause", pa.string()),
    ("match", pa.string()), ("message", pa.string()),
])


class CheckerPlugin(WorkerPlugin):
    """Builds one Checker per worker, when the worker starts (or when the plugin is registered
    with a worker already running); tasks find it with :func:`worker_checker`."""

    name = PLUGIN

    def __init__(self, config: CheckerConfig) -> None:
        self.config = config
        self.checker: Checker | None = None
        self.built = 0

    def setup(self, worker: Any) -> None:
        from pausecheck.engine import Checker

        self.checker = Checker.from_config(self.config)
        # A worker is one process per core: a two-thread ONNX pool in each would have the
        # workers fight over the same cores (classifier/session.py).
        self.checker.resources.single_threaded()
        self.built += 1


def worker_checker() -> Checker:
    """The Checker the running worker's plugin built."""
    plugin = get_worker().plugins[PLUGIN]
    assert isinstance(plugin, CheckerPlugin)
    assert plugin.checker is not None
    return plugin.checker


def _audit_archive(path: str, account: str, include_dms: bool, chunk: int) -> tuple[list[AuditRow], int, int]:
    """A task: every row of one archive; also the worker's process id and how many Checkers its
    plugin has built (one, however many tasks it ran)."""
    rows = list(audit([path], worker_checker(), account=account, include_dms=include_dms, chunk=chunk))
    plugin = get_worker().plugins[PLUGIN]
    assert isinstance(plugin, CheckerPlugin)
    return rows, os.getpid(), plugin.built


_X_URL = re.compile(r"^https://(?:x|twitter)\.com/(?!i/)([A-Za-z0-9_]{1,50})/status/")
_ACTOR = re.compile(r"^https://([A-Za-z0-9.-]+)/users/([A-Za-z0-9_.-]{1,64})/")
_AT_URI = re.compile(r"^at://(did:[a-z]+:[A-Za-z0-9._:%-]{1,128})/")


def member_name(rows: Sequence[AuditRow], archive: str | os.PathLike[str]) -> str:
    """Who an archive belongs to: the account as the archive names it (an X handle from a post's
    link, a Mastodon ``@user@server``, a Bluesky DID), else the archive's file name."""
    for row in rows:
        if row.platform == "x" and row.url and (m := _X_URL.match(row.url)):
            return f"@{m.group(1)} (X)"
        if row.platform == "mastodon" and (m := _ACTOR.match(row.platform_id)):
            return f"@{m.group(2)}@{m.group(1)} (Mastodon)"
        if row.platform == "bluesky" and (m := _AT_URI.match(row.platform_id)):
            return f"{m.group(1)} (Bluesky)"
    return Path(archive).name


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")[:40] or "member"


@dataclass
class MemberSummary:
    name: str
    archive: str
    folder: str  # relative to the output folder
    summary: AuditSummary
    severities: dict[str, int] = field(default_factory=dict)

    @property
    def rank_key(self) -> tuple[int, int, int, int, int]:
        v = self.summary.verdicts
        s = self.severities
        return (-v["do-not-publish"], -v["revise"], -self.summary.findings, -s.get("block", 0), -s.get("revise", 0))


def rank_members(members: Sequence[MemberSummary]) -> list[MemberSummary]:
    """Worst first: most posts not to publish, then to revise, then most findings (and of those,
    most at block, then revise); ties keep the archives' order."""
    return sorted(members, key=lambda m: m.rank_key)


@dataclass
class PartySummary:
    out: Path
    members: list[MemberSummary]
    workers: int
    checkers_built: dict[int, int]  # worker process id → Checkers its plugin built

    @property
    def posts(self) -> int:
        return sum(m.summary.posts for m in self.members)

    @property
    def findings(self) -> int:
        return sum(m.summary.findings for m in self.members)

    @property
    def exit_code(self) -> int:
        return max((m.summary.exit_code for m in self.members), default=0)

    def describe(self) -> str:
        return (f"audited {self.posts} post(s) of {len(self.members)} member(s) on {self.workers} Dask worker(s); "
                f"{self.findings} finding(s)\nvetting summary: {self.out / 'vetting.html'}")


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator[Client]:
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        yield client


def audit_party(
    archives: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    config: CheckerConfig,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    client: Client | None = None,
    account: str = "councillor",
    include_dms: bool = False,
    chunk: int = CHUNK,
) -> PartySummary:
    """Audit each archive as one member on a Dask cluster and write ``out`` (see the module).

    ``client``: an existing client to use (its cluster is left running); else one to
    ``scheduler``, or to a LocalCluster of ``workers`` processes started for this call.
    Raises the first ArchiveError a task meets; ``out`` is then left as it was.
    """
    if client is not None:
        return _run(client, archives, out, config, account, include_dms, chunk)
    with _client(scheduler, workers) as made:
        return _run(made, archives, out, config, account, include_dms, chunk)


def _run(client: Client, archives: Sequence[str | os.PathLike[str]], out: str | os.PathLike[str],
         config: CheckerConfig, account: str, include_dms: bool, chunk: int) -> PartySummary:
    _ensure_plugin(client, config)
    paths = [str(Path(a).resolve()) for a in archives]
    futures = [client.submit(_audit_archive, p, account, include_dms, chunk, key=f"pausecheck-audit-{i}-{_slug(p)}",
                             pure=False) for i, p in enumerate(paths)]
    members: list[MemberSummary] = []
    built: dict[int, int] = {}
    try:
        with staged(out) as tmp:
            (tmp / "members").mkdir()
            with pq.ParquetWriter(tmp / "findings.parquet", _SCHEMA) as parquet:
                for i, (given, future) in enumerate(zip(archives, futures, strict=True)):
                    rows, pid, count = future.result()
                    future.release()  # the worker may drop the rows now
                    built[pid] = count
                    members.append(_write_member(tmp, i, given, rows, parquet))
            _write_vetting(tmp, members)
    except BaseException:
        client.cancel([f for f in futures if not f.done()])
        raise
    for m in members:
        m.summary.out = Path(out) / m.folder
    return PartySummary(Path(out), members, len(client.scheduler_info().get("workers", {})), built)


def _plugin_config(dask_worker: Any) -> Any:
    plugin = dask_worker.plugins.get(PLUGIN)
    return plugin.config if isinstance(plugin, CheckerPlugin) else None


def _ensure_plugin(client: Client, config: CheckerConfig) -> None:
    """Register the Checker plugin unless every worker already has one for ``config`` (a cluster
    that audits again keeps its workers' Checkers and loaded models)."""
    configs = client.run(_plugin_config)
    if not configs or any(c != config for c in configs.values()):
        client.register_plugin(CheckerPlugin(config), name=PLUGIN)


def _write_member(tmp: Path, i: int, archive: str | os.PathLike[str], rows: list[AuditRow],
                  parquet: Any) -> MemberSummary:
    name = member_name(rows, archive)
    folder = f"members/{i + 1:03d}-{_slug(name)}"
    (tmp / folder).mkdir()
    summary = write_rows(rows, tmp / folder, archives=1, title=f"pausecheck audit report: {name}")
    # Findings (one per rule per post, as the summary counts them) by severity.
    severities = dict(Counter(f.severity for row in rows if row.result is not None for f in row.result.findings))
    columns: dict[str, list[Any]] = {f: [] for f in _SCHEMA.names}
    with (tmp / folder / "findings.jsonl").open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            columns["member"].append(name)
            columns["archive"].append(Path(archive).name)
            for key in FINDING_FIELDS:
                value = record[key]
                columns[key].append(datetime.fromisoformat(value) if key == "created_at" else value)
    if columns["member"]:
        parquet.write_table(pa.table(columns, schema=_SCHEMA))
    return MemberSummary(name, Path(archive).name, folder, summary, severities)


def _write_vetting(tmp: Path, members: Sequence[MemberSummary]) -> None:
    ranked = rank_members(members)
    with (tmp / "vetting.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(VETTING_FIELDS)
        for rank, m in enumerate(ranked, 1):
            v, s = m.summary.verdicts, m.severities
            writer.writerow([csv_cell(x) for x in (
                rank, m.name, m.archive, m.summary.posts, v["do-not-publish"], v["revise"], v["not checked"],
                m.summary.findings, s.get("block", 0), s.get("revise", 0), s.get("advise", 0),
                f"{m.folder}/report.html")])
    rows = "".join(
        f'<tr><td>{rank}</td><th scope="row"><a href="{escape(m.folder, quote=True)}/report.html">{escape(m.name)}'
        f"</a></th><td>{escape(m.archive)}</td><td>{m.summary.posts}</td><td>{m.summary.verdicts['do-not-publish']}"
        f"</td><td>{m.summary.verdicts['revise']}</td><td>{m.summary.verdicts['not checked']}</td>"
        f"<td>{m.summary.findings}</td><td>{m.severities.get('block', 0)}</td><td>{m.severities.get('revise', 0)}</td>"
        f"<td>{m.severities.get('advise', 0)}</td></tr>\n"
        for rank, m in enumerate(ranked, 1))
    cols = ("Rank", "Member", "Archive", "Posts", "Do not publish", "Revise", "Not checked", "Findings",
            "Block findings", "Revise findings", "Advice findings")
    head = "".join(f'<th scope="col">{c}</th>' for c in cols)
    posts = sum(m.summary.posts for m in members)
    head_html = html_head("pausecheck candidate vetting summary", "body { max-width: 80rem; }\n")
    page = f"""{head_html}
<body>
<main>
<h1>Candidate vetting summary</h1>
<p>{len(members)} member(s), {posts} post(s) audited. Members are ranked worst first: by posts that should not
have been published, then posts to revise, then the number of findings. Each name links to that member's
report, which lists every post to review or delete with a link to it.</p>
<table>
<caption>Members ranked by their findings</caption>
<thead><tr>{head}</tr></thead>
<tbody>
{rows}</tbody>
</table>
</main>
</body>
</html>
"""
    (tmp / "vetting.html").write_text(page, encoding="utf-8", errors="replace")
