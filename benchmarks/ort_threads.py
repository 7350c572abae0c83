"""Warm latency of the whole checker with the model's ONNX session on 1, 2, … intra-op threads.

Usage: python benchmarks/ort_threads.py [--rounds N] [--threads 1 2 …] [--limit N]

One process, one Checker: only the default model's session is swapped between passes, and the
passes take turns (1, 2, 1, 2, …), so a slow spell on a shared machine falls on every setting
alike. Each post's time is the fastest of its ``--rounds`` passes under a setting, which is
what the setting allows once the machine's noise is set aside; p50 and p95 are over posts.
The short corpus posts are the ones ``latency.py`` times. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "corpus"))


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3, help="passes over the posts under each setting")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="intra-op thread counts to compare")
    ap.add_argument("--limit", type=int, default=0, help="time only the first N posts (0: all; a smoke run)")
    args = ap.parse_args()

    from corpus import case_post, load_cases

    from pausecheck import Checker
    from pausecheck.classifier.finetuned import FinetunedModel

    checker = Checker()
    posts = [p for p in (case_post(c) for cs in load_cases().values() for c in cs) if len(p.text) <= 280]
    if args.limit:
        posts = posts[:args.limit]
    for p in posts[:20]:
        checker.check(p)  # loads everything and warms the caches
    model = checker.resources.model()
    if not isinstance(model, FinetunedModel):
        raise SystemExit(f"the default model {model.name} has no ONNX session of its own to swap")
    sessions = {n: model.net.session.with_threads(n) for n in args.threads}
    fastest = {n: [float("inf")] * len(posts) for n in sessions}
    for _ in range(args.rounds):
        for n, session in sessions.items():
            model.net.session = session
            for i, post in enumerate(posts):
                t = time.perf_counter()
                checker.check(post)
                fastest[n][i] = min(fastest[n][i], (time.perf_counter() - t) * 1000)

    print(f"warm latency by ONNX intra-op threads — {len(posts)} short corpus posts, fastest of "
          f"{args.rounds} interleaved passes each\n")
    print("| threads | p50 | p95 | mean |")
    print("|---:|---:|---:|---:|")
    for n, times in fastest.items():
        print(f"| {n} | {pct(times, 50):.1f} ms | {pct(times, 95):.1f} ms | {statistics.fmean(times):.1f} ms |")


if __name__ == "__main__":
    main()
