"""Latency of the whole checker: cold start, warm p50/p95 per post, throughput.

Usage: python benchmarks/latency.py [--runs N] [--preview] [--model NAME] [--batch N]
Prints a Markdown table; record it in benchmarks/RESULTS.md with the date and machine.
``--preview`` also runs the preview rules (the learned ones), with ``--model`` behind them.
``--batch N`` (default 10,000) also checks N short posts (the corpus's, repeated) with
``Checker.check_many`` and one at a time, and prints both rates in posts per second.

Cold starts are timed as installed: pip compiles a wheel's modules to bytecode when it installs
them, but an editable install leaves that to the first import, which skips it where
``PYTHONDONTWRITEBYTECODE`` is set (about 0.1 s more on every start). The benchmark compiles
pausecheck's own modules first (into the ``__pycache__`` folders git ignores) and says so.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "corpus"))

COLD = (
    "import sys, time; t=time.perf_counter(); from pausecheck import Checker;"
    " Checker(preview=sys.argv[1] == 'preview', model=sys.argv[2] or None)"
    ".check(sys.argv[3]); print(time.perf_counter()-t)"
)
COLD_POST = "Thanks to everyone who came to the surgery"


def cold_start(preview: bool, model: str, repeats: int = 3) -> tuple[float, float]:
    """Median seconds of ``repeats`` cold starts: from a fresh interpreter to the first report
    (import + load + first check, measured inside), and one ``pausecheck check`` command as a
    whole process (``python -m pausecheck``, the console script's path, start to exit)."""
    inner, wall = [], []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", COLD, "preview" if preview else "stable", model, COLD_POST],
                             check=True, capture_output=True, text=True, env={**os.environ})
        inner.append(float(out.stdout.strip().splitlines()[-1]))
        command = [sys.executable, "-m", "pausecheck", "check", COLD_POST, *(["--preview"] if preview else []),
                   *(["--model", model] if model else [])]
        t = time.perf_counter()
        done = subprocess.run(command, check=False, capture_output=True, text=True, env={**os.environ})
        wall.append(time.perf_counter() - t)
        if done.returncode not in (0, 1, 2):  # 0-2 are verdicts; anything else is a failure
            raise SystemExit(f"pausecheck check failed ({done.returncode}): {done.stderr.strip()}")
    return statistics.median(inner), statistics.median(wall)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3, help="passes over the corpus")
    ap.add_argument("--preview", action="store_true", help="also run the preview (learned) rules")
    ap.add_argument("--model", default="", help="shipped model behind classifier rules that name none")
    ap.add_argument("--batch", type=int, default=10_000, help="posts for the check_many comparison (0: skip)")
    args = ap.parse_args()

    from corpus import case_post, load_cases

    from pausecheck import Checker
    from pausecheck.classifier import DEFAULT_MODEL

    import pausecheck

    package = Path(pausecheck.__file__).parent
    if not compileall.compile_dir(package, quiet=1):
        raise SystemExit(f"could not compile {package} to bytecode")
    cold_inner, cold_wall = cold_start(args.preview, args.model)
    model = args.model or DEFAULT_MODEL
    checker = Checker(preview=args.preview, model=model)
    posts = [case_post(c) for cs in load_cases().values() for c in cs]
    short = [p for p in posts if len(p.text) <= 280]
    long_text = " ".join(p.text for p in posts[:25])[:2000]
    for p in short[:20]:
        checker.check(p)  # warm caches
    times: list[float] = []
    t0 = time.perf_counter()
    for _ in range(args.runs):
        for p in short:
            t = time.perf_counter()
            checker.check(p)
            times.append((time.perf_counter() - t) * 1000)
    elapsed = time.perf_counter() - t0
    long_times = []
    for _ in range(20):
        t = time.perf_counter()
        checker.check(long_text)
        long_times.append((time.perf_counter() - t) * 1000)
    batch_rates: tuple[float, float] | None = None
    if args.batch:
        stream = [short[i % len(short)] for i in range(args.batch)]
        t = time.perf_counter()
        for p in stream:
            checker.check(p)
        one = len(stream) / (time.perf_counter() - t)
        t = time.perf_counter()
        n = sum(1 for _ in checker.check_many(stream))
        many = n / (time.perf_counter() - t)
        batch_rates = (one, many)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    rules = f"preview rules on, model {model}" if args.preview else "stable rules"
    print(f"pausecheck latency ({rules}) — {len(short)} short corpus posts (≤280 chars) × {args.runs} passes, "
          f"{os.cpu_count()} CPUs\n")
    print("| measure | value | target |")
    print("|---|---|---|")
    print(f"| warm p50, short post | {pct(times, 50):.1f} ms | ≤ 15 ms |")
    print(f"| warm p95, short post | {pct(times, 95):.1f} ms | ≤ 50 ms |")
    print(f"| warm max, short post | {max(times):.1f} ms | – |")
    print(f"| throughput, one at a time | {len(times) / elapsed:.0f} posts/s | – |")
    print(f"| long post ({len(long_text)} chars) p50 | {pct(long_times, 50):.1f} ms | – |")
    if batch_rates is not None:
        print(f"| {args.batch:,} short posts, one by one (check) | {batch_rates[0]:.0f} posts/s | – |")
        print(f"| {args.batch:,} short posts, batched (check_many) | {batch_rates[1]:.0f} posts/s | – |")
    print(f"| cold start: import + load + first check | {cold_inner:.2f} s | ≤ 1.5 s |")
    print(f"| cold start: one `pausecheck check`, whole process | {cold_wall:.2f} s | ≤ 1.5 s |")
    print(f"| peak RSS | {rss_mb:.0f} MB | – |")
    print("\n(cold starts with pausecheck's modules compiled to bytecode, as a wheel install leaves them)")


if __name__ == "__main__":
    main()
