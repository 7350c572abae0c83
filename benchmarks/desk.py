"""The desk under load, on loopback only: ``POST /api/v1/check`` with short posts from N
concurrent clients for S seconds, and the time from starting ``pausecheck desk`` to its first page.

    python benchmarks/desk.py [--seconds 30] [--clients 50] [--database URL ...]

Each database gets its own desk process (``python -m pausecheck desk`` on a free 127.0.0.1 port;
default: a SQLite file in a temporary folder); the clients are httpx's async client in this
process. Prints one table: start to first page, requests, errors, throughput, p50/p95/p99.
The issue's targets: zero errors, p95 at most 200 ms, start to first page at most 3 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

POSTS = [
    "Lovely afternoon at the Roundhay summer fete, thank you to all the volunteers.",
    "Cllr Smith is a liar and an idiot.",
    "Surgery this Saturday 10-12 at the library, all welcome.",
    "The cabinet's plan for the ring road is a disgrace and they know it.",
    "Great to see the new crossing on Otley Road finally open.",
    "What a load of rubbish from the opposition benches tonight.",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_desk(database: str, port: int) -> tuple[subprocess.Popen[bytes], float]:
    """The desk's process and the seconds from its start to a 200 for ``GET /``."""
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pausecheck", "desk", "--port", str(port), "--database", database],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = t0 + 120
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the desk exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=1).status_code == 200:
                return proc, time.perf_counter() - t0
        except httpx.TransportError:
            pass
        time.sleep(0.02)
    proc.kill()
    raise RuntimeError("the desk did not answer within 120 s")


async def load(url: str, clients: int, seconds: float) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as http:
        # One untimed request each, so the connections are open before the clock starts.
        await asyncio.gather(*(http.post("/api/v1/check", json={"text": POSTS[0]}) for _ in range(clients)))
        stop = time.perf_counter() + seconds

        async def client(i: int) -> None:
            nonlocal errors
            n = i
            while time.perf_counter() < stop:
                t = time.perf_counter()
                try:
                    r = await http.post("/api/v1/check", json={"text": POSTS[n % len(POSTS)]})
                    ok = r.status_code == 200 and r.json()["schema"] == "pausecheck.report/2"
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - t)
                errors += not ok
                n += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(client(i) for i in range(clients)))
        elapsed = time.perf_counter() - t0
    return latencies, errors, elapsed


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--database", action="append", help="SQLAlchemy URL (repeatable; default: a temporary SQLite)")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="pausecheck-bench-") as tmp:
        for database in args.database or [f"sqlite:///{Path(tmp) / 'desk.sqlite3'}"]:
            port = free_port()
            proc, started = start_desk(database, port)
            try:
                latencies, errors, elapsed = asyncio.run(load(f"http://127.0.0.1:{port}", args.clients, args.seconds))
            finally:
                proc.terminate()
                proc.wait(30)
            rows.append((database.split(":", 1)[0].split("+")[0], started, len(latencies), errors,
                         len(latencies) / elapsed, pct(latencies, 50), pct(latencies, 95), pct(latencies, 99)))
    print(f"POST /api/v1/check, short posts, {args.clients} concurrent clients, {args.seconds:g} s, loopback; "
          f"{os.cpu_count()} CPU(s)\n")
    print("| database | start to first page (s) | requests | errors | throughput (req/s) | p50 (ms) | p95 (ms) "
          "| p99 (ms) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, started, n, errors, rate, p50, p95, p99 in rows:
        print(f"| {name} | {started:.2f} | {n} | {errors} | {rate:.1f} | {p50:.0f} | {p95:.0f} | {p99:.0f} |")


if __name__ == "__main__":
    main()
