"""The benchmark scripts run end to end on the real data and real models (smoke runs).

Their figures are recorded in benchmarks/RESULTS.md by full runs; here we only check that every
code path of a fresh clone's benchmarks still runs and prints its tables. The data folder is
``$PAUSECHECK_DATA`` or ``../shared/data``, which CI always has beside the clone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("PAUSECHECK_DATA") or ROOT / ".." / "shared" / "data")

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"public data sets not found at {DATA}")


def _run(*args: str) -> str:
    out = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=900,
                         env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


@needs_data
def test_quality_benchmark_prints_every_table() -> None:
    out = _run("benchmarks/quality.py", "--limit", "12", "--skip-speed", "--model", "linear-v1", "--checker")
    for title in ("TweetEval offensive test", "TweetEval hate test", "OLID level B", "OLID level C", "HateCheck",
                  "ThreatGram", "ETHOS", "Toxic spans", "Summary"):
        assert f"### {title}" in out, title
    assert "pausecheck checker (linear-v1, preview rules on)" in out
    assert "Smoke run" in out


@needs_data
def test_group_heads_benchmark_reads_both_heads_and_the_checker() -> None:
    out = _run("benchmarks/group_heads.py", "--limit", "40", "--checker")
    assert "### HateCheck and TweetEval hate" in out and "Smoke run" in out
    for reading in ("identity_attack", "group_attack", "either"):
        assert f"| minilm-ft-v7 {reading} |" in out, reading
    assert "| pausecheck checker (minilm-ft-v7, stable rules) |" in out
    assert "functionalities where the readings differ most" in out


def test_corpus_heads_benchmark() -> None:
    out = _run("benchmarks/corpus_heads.py", "linear-v1")
    assert "| linear-v1 | insult |" in out and "political criticism flagged" in out


def test_ort_threads_benchmark_compares_each_setting() -> None:
    out = _run("benchmarks/ort_threads.py", "--rounds", "1", "--threads", "1", "2", "--limit", "8")
    assert "8 short corpus posts, fastest of 1 interleaved passes" in out
    assert out.count("\n| 1 | ") == 1 and out.count("\n| 2 | ") == 1


def test_audit_benchmark_local_and_memory_tables() -> None:
    out = _run("benchmarks/audit.py", "--throughput", "40", "--sizes", "30", "--skip-dask")
    assert "### Local audit, whole checker, 40 short posts" in out
    assert "| re-run with no change (every result from the cache) |" in out
    assert "**re-run speed-up**" in out
    assert "| 30 | " in out  # the memory table's row for the 30-post archive


@needs_data
def test_inbox_benchmark_throughput_and_triage_tables() -> None:
    out = _run("benchmarks/inbox.py", "--messages", "60", "--limit", "6")
    assert "### Import and score 60 received messages" in out
    assert "| re-import of the same file (every message found, nothing added) |" in out
    assert "Target ≥ 300 messages/s on 2 cores:" in out
    for row in ("| our own (councillor) | threats to life or safety (32) |",
                "| our own (councillor) | robust criticism of decisions (32) |",
                "| HateCheck | threat_dir_h + threat_norm_h (6) |", "| HateCheck | every non-hateful functionality (6) |",
                "| ThreatGram 101, held-out channels | label 2 (violent threat) (6) |"):
        assert row in out, row


def test_uk_personal_data_benchmark_scores_hand_written_posts(tmp_path: Path) -> None:
    posts = [
        {"id": "a", "text": "Fixed the damp at 14 Cardigan Terrace for Mrs Okafor. Ring me on 07700 900123, Mrs Okafor.",
         "private": [{"text": "14 Cardigan Terrace", "type": "STREET_ADDRESS"}, {"text": "Okafor", "type": "PERSON"},
                     {"text": "07700 900123", "type": "PHONE"}, {"text": "Okafor", "type": "PERSON"}],
         "public": []},
        {"id": "b", "text": "Cllr Jane Holt's surgery is at Bramley Library, call 0113 378 1000.",
         "private": [], "public": ["Cllr Jane Holt", "0113 378 1000"]},
    ]
    good = tmp_path / "posts.jsonl"
    good.write_text("\n".join(json.dumps(p) for p in posts) + "\n", "utf-8")
    out = _run("benchmarks/pii_uk.py", "--file", str(good))
    assert "posts.jsonl (hand-written, a development set): 2 posts" in out
    assert "| PERSON | 2 |" in out and "| STREET_ADDRESS | 1 |" in out  # a name written twice is two spans
    assert "public-only posts given a personal-data finding | 0.000 (0/1) |" in out
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({**posts[1], "private": [{"text": "Mrs Nobody", "type": "PERSON"}]}) + "\n", "utf-8")
    failed = subprocess.run([sys.executable, "benchmarks/pii_uk.py", "--file", str(bad)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert failed.returncode != 0 and "'Mrs Nobody' is not in the post" in failed.stderr
