"""Party scale on a real Dask LocalCluster (two worker processes): the same findings as the local
audit, one Checker per worker, Parquet, per-member reports and the candidate-vetting summary.

The cluster is started once for the module (each worker loads the models once per audit call),
so these tests are few and share one party audit where they can.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from archive_builders import tweet, write_zip, ytd
from distributed import Client, LocalCluster
from test_audit import mastodon_zip, run_cli, x_zip

from pausecheck import Checker
from pausecheck._exceptions import ArchiveError
from pausecheck.audit import AuditSummary, audit, write_audit
from pausecheck.audit.party import PLUGIN, MemberSummary, audit_party, member_name, rank_members
from pausecheck.engine import CheckerConfig

ODD_NAME = "=cand<i>date.zip"  # no account.js: the member is named by the file; a formula and a tag in it


def anonymous_x(path: Path) -> Path:
    tweets = [tweet("201", "Vote for the park plan on Tuesday", created_at="Mon Jan 09 10:00:00 +0000 2023"),
              tweet("202", "Cllr Grey is a moron", created_at="Tue Jan 10 10:00:00 +0000 2023")]
    return write_zip(path, {"data/tweets.js": ytd("tweets", 0, tweets)})


@pytest.fixture(scope="module")
def cluster() -> Iterator[Client]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc, \
            Client(lc) as client:
        yield client


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("party")
    return [x_zip(root / "twitter.zip"), anonymous_x(root / ODD_NAME), mastodon_zip(root / "mastodon.zip")]


@pytest.fixture(scope="module")
def party(cluster: Client, archives: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("party-out") / "out"
    return audit_party(archives, out, CheckerConfig(), client=cluster), out


def jsonl_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_dask_and_local_give_identical_findings(party: Any, archives: list[Path], checker: Checker,
                                               tmp_path: Path) -> None:
    summary, out = party
    write_audit(audit(archives, checker), tmp_path / "local", archives=len(archives))
    local = jsonl_lines(tmp_path / "local" / "findings.jsonl")
    dask = [line for m in summary.members for line in jsonl_lines(out / m.folder / "findings.jsonl")]
    assert len(local) >= 5
    assert sorted(dask) == sorted(local)
    local_posts = jsonl_lines(tmp_path / "local" / "posts.jsonl")
    dask_posts = [line for m in summary.members for line in jsonl_lines(out / m.folder / "posts.jsonl")]
    assert sorted(dask_posts) == sorted(local_posts)


def test_each_worker_built_one_checker_for_all_its_tasks(party: Any, cluster: Client) -> None:
    summary, _ = party
    assert summary.workers == 2
    assert set(summary.checkers_built.values()) == {1}
    built = cluster.run(lambda dask_worker: dask_worker.plugins[PLUGIN].built)
    assert sorted(built.values()) == [1, 1]


def test_parquet_holds_every_members_findings(party: Any) -> None:
    summary, out = party
    table = pq.read_table(out / "findings.parquet")
    rows = table.to_pylist()
    expected = [(m.name, json.loads(line)) for m in summary.members
                for line in jsonl_lines(out / m.folder / "findings.jsonl")]
    assert len(rows) == len(expected)
    for row, (name, record) in zip(rows, expected, strict=True):
        assert row["member"] == name
        assert row["created_at"] == datetime.fromisoformat(record["created_at"]).astimezone(UTC)
        assert {k: v for k, v in row.items() if k not in ("member", "archive", "created_at")} == \
            {k: v for k, v in record.items() if k != "created_at"}
    assert {r["archive"] for r in rows} == {"twitter.zip", ODD_NAME, "mastodon.zip"}


def test_members_are_named_from_their_accounts_or_files(party: Any) -> None:
    summary, out = party
    assert [m.name for m in summary.members] == ["@cllr_alice (X)", ODD_NAME, "@alice@ex.social (Mastodon)"]
    for m in summary.members:
        assert (out / m.folder / "report.html").is_file()
        assert Path(m.folder).parent == Path("members")
        assert "<" not in m.folder
    page = (out / summary.members[1].folder / "report.html").read_text(encoding="utf-8")
    assert "<title>pausecheck audit report: =cand&lt;i&gt;date.zip</title>" in page


def test_vetting_summary_ranks_members_and_links_to_their_reports(party: Any) -> None:
    summary, out = party
    with (out / "vetting.csv").open(encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    # Mastodon's member has a do-not-publish post; X's has two posts to revise, the odd one one.
    # Cells a spreadsheet would run (starting "=" or "@") are shown as text.
    assert [r["member"] for r in table] == ["'@alice@ex.social (Mastodon)", "'@cllr_alice (X)", "'" + ODD_NAME]
    assert [r["rank"] for r in table] == ["1", "2", "3"]
    first = table[0]
    assert (first["posts"], first["do_not_publish"], first["revise"], first["not_checked"]) == ("3", "1", "1", "1")
    for r in table:  # the findings by severity add up to the findings
        assert int(r["findings"]) == int(r["block"]) + int(r["revise_findings"]) + int(r["advise"])
    assert all((out / r["report"]).is_file() for r in table)
    page = (out / "vetting.html").read_text(encoding="utf-8")
    assert "=cand&lt;i&gt;date.zip" in page
    assert "<i>" not in page
    order = [page.index(m) for m in ("@alice@ex.social", "@cllr_alice", "=cand&lt;i&gt;")]
    assert order == sorted(order)
    for r in table:
        assert f'href="{r["report"]}"' in page
    assert summary.exit_code == 2


def test_rank_members_worst_first() -> None:
    def member(name: str, dnp: int, rev: int, findings: int) -> MemberSummary:
        s = AuditSummary(out=Path("x"))
        s.verdicts["do-not-publish"], s.verdicts["revise"], s.findings = dnp, rev, findings
        return MemberSummary(name, name, name, s)

    ranked = rank_members([member("a", 0, 5, 9), member("b", 1, 0, 1), member("c", 0, 5, 12), member("d", 0, 0, 0)])
    assert [m.name for m in ranked] == ["b", "c", "a", "d"]


def test_member_name_falls_back_to_the_file_name(tmp_path: Path) -> None:
    assert member_name([], tmp_path / "someone.car") == "someone.car"


def test_a_bad_archive_fails_the_party_and_writes_nothing(cluster: Client, archives: list[Path],
                                                          tmp_path: Path) -> None:
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04 this is not a zip file at all")
    with pytest.raises(ArchiveError, match=r"broken\.zip"):
        audit_party([archives[0], bad], tmp_path / "out", CheckerConfig(), client=cluster)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.zip"]


def test_cli_engine_dask_on_a_scheduler(cluster: Client, archives: list[Path], tmp_path: Path,
                                        checker: Checker, monkeypatch: pytest.MonkeyPatch) -> None:
    address = cluster.scheduler.address
    before = cluster.run(lambda dask_worker: id(dask_worker.plugins[PLUGIN].checker))
    rc, stdout, _ = run_cli(["audit", "--engine", "dask", "--scheduler", address, str(archives[0]),
                             "--out", str(tmp_path / "out")], checker, monkeypatch)
    assert rc == 1
    assert "audited 3 post(s) of 1 member(s) on 2 Dask worker(s)" in stdout
    assert (tmp_path / "out" / "vetting.html").is_file()
    # The same checker settings as the module's party audit: the workers kept their Checkers.
    assert cluster.run(lambda dask_worker: id(dask_worker.plugins[PLUGIN].checker)) == before
    for argv in (["--workers", "2"], ["--scheduler", address], ["--engine", "dask", "--scheduler", address,
                                                                "--workers", "2"],
                 ["--engine", "dask", "--workers", "0"], ["--engine", "dask", "--cache", str(tmp_path / "c")]):
        with pytest.raises(SystemExit) as e:
            run_cli(["audit", *argv, str(archives[0])], checker, monkeypatch)
        assert e.value.code == 64
