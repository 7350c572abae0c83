"""check_many(workers=N): batches checked in forked copies of the process, the same reports in
the same order; checked in-process where forking is unsafe (another thread is running)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from pausecheck import Checker, EmptyInputError, Report
from pausecheck.engine import can_fork

TEXTS = ["Lovely day at the gala", "Cllr Smith is an idiot", "Call me on 07700 900123 about the bins",
         "Everyone knows the planning officer takes backhanders", "   ", "Thanks to the bin crews"]

# A clean interpreter: pytest's own process may be running a test server's thread by now, and
# then check_many would rightly refuse to fork. The wrapper records which process checked each
# batch; forked workers inherit it, as they inherit the Checker.
SCRIPT = textwrap.dedent("""
    import json, os, sys
    from pausecheck import Checker, InputError
    from pausecheck import engine

    pids_file = sys.argv[1]
    texts = json.loads(sys.argv[2])
    real = engine._check_forked

    def recording(posts, raise_errors):
        with open(pids_file, "a") as f:
            f.write(f"{os.getpid()}\\n")
        return real(posts, raise_errors)

    engine._check_forked = recording
    assert engine.can_fork(), "a fresh interpreter runs no other thread"
    checker = Checker()
    one = list(checker.check_many(texts, errors="return", batch_size=4))
    session = checker.resources.model().net.session
    threads = [session.threads]
    forked = list(checker.check_many(texts, errors="return", batch_size=4, workers=2))
    def key(r):
        return ("error", type(r).__name__, str(r)) if isinstance(r, InputError) else (r.verdict.value, r.findings)
    assert [key(r) for r in forked] == [key(r) for r in one], "forked workers changed a report"
    threads.append(session.threads)
    try:
        list(checker.check_many(texts, batch_size=4, workers=2))
    except InputError as e:
        raised = type(e).__name__
    else:
        raised = None
    print(json.dumps({"parent": os.getpid(), "verdicts": [key(r)[0] for r in forked], "raised": raised,
                      "threads": threads}))
""")


def test_forked_workers_give_the_same_reports_in_order(tmp_path: Path) -> None:
    import json

    pids = tmp_path / "pids"
    texts = TEXTS * 4
    env = {**os.environ, "PAUSECHECK_ORT_THREADS": "2"}  # two whatever the machine's cores
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(pids), json.dumps(texts)], capture_output=True,
                          text=True, timeout=300, check=False, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    workers = {int(p) for p in pids.read_text().split()}
    assert workers
    assert out["parent"] not in workers
    assert len(workers) <= 4  # two calls, a pool of two workers each
    assert out["verdicts"][4::6] == ["error"] * 4  # the blank post, in its place each time
    assert out["raised"] == "EmptyInputError"  # errors="raise" raises in the parent
    # The model ran on a two-thread pool until the first fork, and has run on none since.
    assert out["threads"] == [2, 1]


def test_with_another_thread_running_it_checks_in_process(checker: Checker) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert not can_fork()
        out = list(checker.check_many(TEXTS, errors="return", workers=2))
    finally:
        stop.set()
        thread.join()
    assert isinstance(out[4], EmptyInputError)
    assert [r.verdict for r in out if isinstance(r, Report)] == [
        checker.check(t).verdict for t in TEXTS if t.strip()]


def test_workers_must_be_positive(checker: Checker) -> None:
    with pytest.raises(ValueError, match="workers"):
        checker.check_many(["a post"], workers=0)


