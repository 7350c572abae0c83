"""The incremental audit: results kept in SQLite, reused when nothing changed, checked again after
a pack change, and an audit stopped half-way resumes to the same output."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_audit import mastodon_zip, run_cli, x_zip

from pausecheck import Checker, Post
from pausecheck.audit import AuditStats, CheckResult, audit, content_digest, write_audit
from pausecheck.audit.cache import AuditCache, checker_digest, default_cache_path
from pausecheck.audit.write import FILES
from pausecheck.importers import import_all


class Counting:
    """A checker that counts the posts it is given and can fail on its n-th batch."""

    def __init__(self, checker: Checker, fail_on_call: int | None = None) -> None:
        self.checker, self.fail_on_call = checker, fail_on_call
        self.pack, self.config = checker.pack, checker.config
        self.posts = 0
        self.calls = 0

    def check_many(self, posts: Iterable[Post], **kwargs: Any) -> Iterator[Any]:
        self.calls += 1
        if self.calls == self.fail_on_call:
            raise RuntimeError("the machine went to sleep")
        batch = list(posts)
        self.posts += len(batch)
        return self.checker.check_many(batch, **kwargs)


@pytest.fixture
def archives(tmp_path: Path) -> list[Path]:
    return [x_zip(tmp_path / "t.zip"), mastodon_zip(tmp_path / "m.zip")]


def files(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES}


def run(archives: list[Path], checker: Any, out: Path, cache: AuditCache | None, chunk: int = 2) -> AuditStats:
    stats = AuditStats()
    write_audit(audit(archives, checker, cache=cache, stats=stats, chunk=chunk), out, archives=len(archives))
    return stats


def test_results_round_trip_through_json(archives: list[Path], checker: Checker) -> None:
    posts = [p for a in archives for p in import_all(a) if p.has_text]
    reports = list(checker.check_many(p.post for p in posts))
    assert any(r.findings for r in reports)
    for post, report in zip(posts, reports, strict=True):
        result = CheckResult.from_report(report)
        assert [f.code for f in result.findings] == [f.code for f in report.findings]
        assert [[(s.start, s.end, s.match) for s in f.spans] for f in result.findings] == \
            [[(s.start, s.end, s.match) for s in f.spans] for f in report.findings]
        for given in (post.text, None, "something else"):
            assert CheckResult.from_json(result.to_json(imported_text=given), imported_text=given or post.text) \
                == result
    with pytest.raises(ValueError, match="format"):
        CheckResult.from_json({"v": 0, "verdict": "publish"})


def test_content_digest_follows_what_the_checker_reads() -> None:
    from datetime import UTC, datetime

    base = Post("hello", "councillor", datetime(2023, 1, 1, tzinfo=UTC), "x")
    same = Post("hello", "councillor", datetime(2023, 1, 1, tzinfo=UTC), "x")
    assert content_digest(base) == content_digest(same)
    for other in (Post("hello!", "councillor", base.at, "x"), Post("hello", "personal", base.at, "x"),
                  Post("hello", "councillor", datetime(2023, 1, 1, 23, tzinfo=UTC), "x"),
                  Post("hello", "councillor", base.at, "mastodon"),
                  Post("hello", "councillor", base.at, "x", in_meeting=True)):
        assert content_digest(other) != content_digest(base)


def test_rerun_with_no_change_checks_nothing_and_writes_the_same(
    archives: list[Path], checker: Checker, tmp_path: Path
) -> None:
    plain = tmp_path / "plain"
    run(archives, checker, plain, None)
    with AuditCache.for_checker(tmp_path / "cache.sqlite3", checker) as cache:
        first = Counting(checker)
        stats = run(archives, first, tmp_path / "first", cache)
        assert (stats.checked, stats.reused, first.posts) == (5, 0, 5)  # six posts, one repost without text
        assert cache.count() == 5
        again = Counting(checker)
        stats = run(archives, again, tmp_path / "again", cache)
        assert (stats.checked, stats.reused, again.posts) == (0, 5, 0)
    assert files(tmp_path / "first") == files(plain)
    assert files(tmp_path / "again") == files(plain)


def test_a_pack_change_checks_everything_again(archives: list[Path], checker: Checker, tmp_path: Path) -> None:
    other = Checker("lga-2020", resources=checker.resources)
    assert checker_digest(other) != checker_digest(checker)
    assert checker_digest(Checker(checker.pack, preview=True, resources=checker.resources)) != checker_digest(checker)
    path = tmp_path / "cache.sqlite3"
    with AuditCache.for_checker(path, checker) as cache:
        run(archives, checker, tmp_path / "a", cache)
    with AuditCache.for_checker(path, other) as cache:
        counted = Counting(other)
        stats = run(archives, counted, tmp_path / "b", cache)
        assert (stats.checked, stats.reused, counted.posts) == (5, 0, 5)
        counted = Counting(other)
        stats = run(archives, counted, tmp_path / "c", cache)
        assert (stats.checked, counted.posts) == (0, 0)
    # The first pack's results were replaced by the second's: back on the first, all are checked.
    with AuditCache.for_checker(path, checker) as cache:
        assert cache.count() == 0
        assert run(archives, Counting(checker), tmp_path / "d", cache).checked == 5


def test_an_interrupted_audit_resumes_and_ends_the_same(
    archives: list[Path], checker: Checker, tmp_path: Path
) -> None:
    plain = tmp_path / "plain"
    run(archives, checker, plain, None)
    path = tmp_path / "cache.sqlite3"
    out = tmp_path / "out"
    with AuditCache.for_checker(path, checker) as cache:
        failing = Counting(checker, fail_on_call=3)  # chunks of two posts: the third chunk fails
        with pytest.raises(RuntimeError, match="went to sleep"):
            run(archives, failing, out, cache)
        assert not out.exists()
        assert cache.count() == 3  # the X archive's three posts (two chunks); the Mastodon chunk failed
    with AuditCache.for_checker(path, checker) as cache:
        resumed = Counting(checker)
        stats = run(archives, resumed, out, cache)
    assert (stats.checked, stats.reused, resumed.posts) == (2, 3, 2)
    assert files(out) == files(plain)


def test_cli_keeps_results_by_default_and_not_with_no_cache(
    archives: list[Path], checker: Checker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    argv = ["audit", *map(str, archives), "--out", str(tmp_path / "out")]
    rc, stdout, _ = run_cli([*argv, "--no-cache"], checker, monkeypatch)
    assert rc == 2
    assert "reused" not in stdout
    assert not (tmp_path / "data").exists()
    rc, stdout, _ = run_cli(argv, checker, monkeypatch)
    assert default_cache_path() == tmp_path / "data" / "pausecheck" / "audit-cache.sqlite3"
    assert default_cache_path().is_file()
    assert "checked 5 post(s); 0 result(s) reused" in stdout
    rc, stdout, _ = run_cli(argv, checker, monkeypatch)
    assert rc == 2
    assert "checked 0 post(s); 5 result(s) reused" in stdout
    own = tmp_path / "mine.sqlite3"
    rc, stdout, _ = run_cli([*argv, "--cache", str(own)], checker, monkeypatch)
    assert "checked 5 post(s)" in stdout
    assert own.is_file()
    assert os.path.getsize(own) > 0


def test_an_unusable_cache_file_is_reported_and_the_audit_goes_on(
    archives: list[Path], checker: Checker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_sqlite = tmp_path / "notes.sqlite3"
    not_sqlite.write_text("this is not a database, and it is mine\n" * 200)
    rc, stdout, stderr = run_cli(["audit", *map(str, archives), "--out", str(tmp_path / "out"), "--cache",
                                  str(not_sqlite)], checker, monkeypatch)
    assert rc == 2
    assert "cannot use the cache" in stderr
    assert "audited 6 post(s)" in stdout
    assert not_sqlite.read_text() == "this is not a database, and it is mine\n" * 200
