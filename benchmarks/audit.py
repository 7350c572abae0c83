"""Auditing past posts: local throughput, memory against archive size, the re-run, and Dask.

Usage: python benchmarks/audit.py [--throughput 3000] [--sizes 10000,200000] [--posts 20000]
                                  [--members 4] [--skip-dask] [--skip-memory] [--profile]

Every archive is synthetic, generated into a temporary folder in X's real export format (a zip
with ``data/account.js`` and ``data/tweets.js``): short posts (40-120 characters) drawn from a
mix of everyday council posts, one in ten written with an insult, a swear word, a resident's
phone number or a libel (the checker finds something, often only advice, in about a third).
Everything runs the whole checker (the default pack and model, stable rules).

* **local**: ``pausecheck audit`` on ``--throughput`` posts with no cache, end to end (import,
  check, write); then where the time goes: importing alone, ``check_many`` alone on the same
  posts in memory, writing alone. ``--profile`` adds the top functions of a cProfile of the
  end-to-end run.
* **memory**: peak RSS of a fresh process auditing ``--sizes`` posts end to end (each size in
  its own child process, ``ru_maxrss``).
* **re-run**: the same ``--throughput`` archive audited again with the cache filled by a first
  run: the speed-up over the first run.
* **dask**: ``--posts`` posts split into ``--members`` archives, audited with ``--engine dask``
  on a LocalCluster of 1 and then 2 worker processes (one thread each). The clock starts after
  a warm-up audit has built every worker's Checker and loaded the models (the cluster keeps
  them); throughput is posts over wall time, peak memory is each worker's ``ru_maxrss``, and
  the workers' CPU time (user + system) shows how much of the wall time they had the cores for.

Prints Markdown tables; record them in benchmarks/RESULTS.md with the date and the machine.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

CLEAN = [
    "Great turnout at the {ward} litter pick this morning, thank you all for coming",
    "Surgery at {ward} library on Saturday from 10 till 12, drop in with any issue",
    "The new bus shelter on {street} is finally in, after two years of asking",
    "Budget meeting tonight: I will be asking about the youth centre funding again",
    "Lovely to meet the residents of {street} about the parking scheme",
    "Bin collections in {ward} move to Tuesday from next month, please share",
    "Proud to support the food bank appeal, drop donations at the community centre",
    "Planning committee deferred the {street} application for a site visit",
    "Pothole on {street} reported and the council says it will be fixed this week",
    "Congratulations to {ward} primary on their outstanding inspection report",
]
RISKY = [
    "Cllr {name} is an idiot and everyone in {ward} knows it",
    "What a load of shit from the cabinet on {street} again",
    "Call Mrs {name} on 07700 900{n:03d} about her housing case",
    "Cllr {name} is a liar and a fraud, plain and simple",
]
WARDS = ["Headingley", "Hyde Park", "Kirkstall", "Armley", "Chapel Allerton", "Roundhay"]
STREETS = ["Otley Road", "Cardigan Road", "Spen Lane", "Kirkstall Road", "Harehills Lane"]
NAMES = ["Smith", "Jones", "Brown", "Patel", "Green", "Khan"]


def synthetic_texts(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        template = rng.choice(RISKY) if rng.random() < 0.1 else rng.choice(CLEAN)
        out.append(template.format(ward=rng.choice(WARDS), street=rng.choice(STREETS), name=rng.choice(NAMES),
                                   n=i % 1000))
    return out


def write_x_archive(path: Path, n: int, *, handle: str = "cllr_bench", seed: int = 7, first_id: int = 1) -> Path:
    """An X archive zip of ``n`` short tweets, streamed into the zip (constant memory)."""
    account = [{"account": {"accountId": "42", "username": handle, "accountDisplayName": handle,
                            "createdAt": "2015-01-01T00:00:00.000Z"}}]
    start = datetime(2015, 1, 1, 9, tzinfo=UTC)
    step = timedelta(minutes=max(1, (10 * 365 * 24 * 60) // max(n, 1)))  # spread over ten years
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data/account.js", "window.YTD.account.part0 = " + json.dumps(account))
        with zf.open("data/tweets.js", "w", force_zip64=True) as f:
            f.write(b"window.YTD.tweets.part0 = [\n")
            for i, text in enumerate(synthetic_texts(n, seed)):
                tid = str(first_id + i)
                when = (start + i * step).strftime("%a %b %d %H:%M:%S +0000 %Y")
                body = {"tweet": {"id_str": tid, "id": tid, "created_at": when, "full_text": text,
                                  "favorite_count": "0", "retweet_count": "0", "retweeted": False, "lang": "en",
                                  "display_text_range": ["0", str(len(text))],
                                  "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []}}}
                f.write((("," if i else "") + json.dumps(body) + "\n").encode())
            f.write(b"]\n")
    return path


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f} posts/s" if seconds > 0 else "-"


def local(args: argparse.Namespace, tmp: Path) -> None:
    from pausecheck import Checker
    from pausecheck.audit import AuditStats, audit, write_audit
    from pausecheck.audit.cache import AuditCache
    from pausecheck.audit.run import audit_posts
    from pausecheck.importers import open_archive

    n = args.throughput
    archive = write_x_archive(tmp / "local.zip", n)
    checker = Checker()
    list(checker.check_many(["Warm-up: Cllr Smith is an idiot"] * 8))  # load spaCy and the models first
    t = time.perf_counter()
    write_audit(audit([archive], checker), tmp / "out-first", archives=1)
    end_to_end = time.perf_counter() - t

    t = time.perf_counter()
    posts = list(open_archive(archive))
    importing = time.perf_counter() - t
    t = time.perf_counter()
    reports = list(checker.check_many(p.post for p in posts))
    checking = time.perf_counter() - t
    rows = list(audit_posts(posts, checker))
    t = time.perf_counter()
    write_audit(rows, tmp / "out-write", archives=1)
    writing = time.perf_counter() - t
    flagged = sum(1 for r in reports if r.findings)

    cache_path = tmp / "cache.sqlite3"
    with AuditCache.for_checker(cache_path, checker) as cache:
        t = time.perf_counter()
        write_audit(audit([archive], checker, cache=cache), tmp / "out-cached-first", archives=1)
        first = time.perf_counter() - t
        stats = AuditStats()
        t = time.perf_counter()
        write_audit(audit([archive], checker, cache=cache, stats=stats), tmp / "out-rerun", archives=1)
        rerun = time.perf_counter() - t
    assert (stats.checked, stats.reused) == (0, n), stats

    print(f"\n### Local audit, whole checker, {n:,} short posts ({flagged:,} with findings)\n")
    print("| measure | time | rate |\n|---|---|---|")
    print(f"| end to end (import, check, write), no cache | {end_to_end:.1f} s | {_rate(n, end_to_end)} |")
    print(f"| importing alone (open_archive, prevalidated) | {importing:.2f} s | {_rate(n, importing)} |")
    print(f"| check_many alone (posts in memory) | {checking:.1f} s | {_rate(n, checking)} |")
    print(f"| writing alone (jsonl, csv, report.html) | {writing:.2f} s | {_rate(n, writing)} |")
    print(f"| first run filling the cache | {first:.1f} s | {_rate(n, first)} |")
    print(f"| re-run with no change (every result from the cache) | {rerun:.2f} s | {_rate(n, rerun)} |")
    print(f"| **re-run speed-up** | **{first / rerun:.0f}×** | |")
    if args.profile:  # a separate run: cProfile slows what it watches
        profile = cProfile.Profile()
        profile.enable()
        write_audit(audit([archive], checker), tmp / "out-profiled", archives=1)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(30)
        print("\nProfile of one end-to-end run (cProfile, cumulative):\n\n```\n"
              + "\n".join(out.getvalue().splitlines()[:60]) + "\n```")


_MEMORY_CHILD = """
import resource, sys, time
from pathlib import Path
from pausecheck import Checker
from pausecheck.audit import audit, write_audit
archive, out = sys.argv[1], sys.argv[2]
t = time.perf_counter()
summary = write_audit(audit([archive], Checker()), Path(out), archives=1)
print(summary.posts, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def memory(args: argparse.Namespace, tmp: Path) -> None:
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    print("\n### Peak memory against archive size (a fresh process each, whole checker, no cache)\n")
    print("| posts | archive | time | rate | peak RSS |\n|---|---|---|---|---|")
    for n in sizes:
        archive = write_x_archive(tmp / f"mem-{n}.zip", n)
        done = subprocess.run([sys.executable, "-c", _MEMORY_CHILD, str(archive), str(tmp / f"mem-out-{n}")],
                              check=True, capture_output=True, text=True)
        posts, seconds, rss_kb = done.stdout.split()
        print(f"| {int(posts):,} | {archive.stat().st_size / 2**20:.1f} MB zip | {float(seconds):.0f} s | "
              f"{_rate(int(posts), float(seconds))} | {int(rss_kb) / 1024:.0f} MB |", flush=True)


def dask(args: argparse.Namespace, tmp: Path) -> None:
    from distributed import Client, LocalCluster

    from pausecheck.audit.party import audit_party
    from pausecheck.engine import CheckerConfig

    per = args.posts // args.members
    archives = [write_x_archive(tmp / f"member-{i}.zip", per, handle=f"cllr_{i}", seed=i, first_id=i * per + 1)
                for i in range(args.members)]
    warm = [write_x_archive(tmp / f"warm-{i}.zip", 20, handle=f"warm_{i}", seed=100 + i) for i in range(2)]
    print(f"\n### Dask LocalCluster: {per * args.members:,} posts in {args.members} archives "
          f"(one thread per worker; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the start)\n")
    print("| workers | wall time | throughput | speed-up | workers' CPU time | CPU ms per post | peak RSS per worker |\n"
          "|---|---|---|---|---|---|---|")
    base = None
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          memory_limit=0) as cluster, Client(cluster) as client:
            audit_party(warm, tmp / f"warm-out-{workers}", CheckerConfig(), client=client)
            cpu_before = sum(client.run(_cpu_seconds).values())
            t = time.perf_counter()
            summary = audit_party(archives, tmp / f"dask-out-{workers}", CheckerConfig(), client=client)
            wall = time.perf_counter() - t
            cpu = sum(client.run(_cpu_seconds).values()) - cpu_before
            rss = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        base = base or wall
        peaks = ", ".join(f"{kb / 1024:.0f} MB" for kb in sorted(rss.values()))
        print(f"| {workers} | {wall:.1f} s | {_rate(summary.posts, wall)} | {base / wall:.2f}× | {cpu:.0f} s | "
              f"{1000 * cpu / summary.posts:.1f} | {peaks} |", flush=True)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--throughput", type=int, default=3000, help="posts for the local runs (default 3000)")
    ap.add_argument("--sizes", default="10000,200000", help="archive sizes for the memory runs")
    ap.add_argument("--posts", type=int, default=20000, help="posts for the Dask runs (the issue's: 1000000)")
    ap.add_argument("--members", type=int, default=4, help="archives the Dask posts are split into (default 4)")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--skip-local", action="store_true")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of the local end-to-end run")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pausecheck-audit-bench-") as d:
        tmp = Path(d)
        if not args.skip_local:
            local(args, tmp)
        if not args.skip_memory:
            memory(args, tmp)
        if not args.skip_dask:
            dask(args, tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
