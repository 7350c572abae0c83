"""The regression corpus: every draft's findings are diffed against a committed snapshot.

Set PAUSECHECK_UPDATE_SNAPSHOTS=1 to rewrite the snapshots after a deliberate change, then
review the diff (git diff tests/corpus/snapshots) before committing.
"""

from __future__ import annotations

import json
import os

import pytest

from pausecheck import Checker

from corpus import SNAPSHOT_DIR, case_post, load_cases, snapshot

CASES = load_cases()
UPDATE = os.environ.get("PAUSECHECK_UPDATE_SNAPSHOTS") == "1"


@pytest.fixture(scope="module")
def results(checker: Checker) -> dict[str, dict[str, dict]]:
    return {
        stem: {case["id"]: snapshot(checker.check(case_post(case))) for case in cases}
        for stem, cases in CASES.items()
    }


@pytest.mark.parametrize("stem", sorted(CASES))
def test_snapshot(results: dict[str, dict[str, dict]], stem: str) -> None:
    path = SNAPSHOT_DIR / f"{stem}.json"
    got = results[stem]
    if UPDATE:
        SNAPSHOT_DIR.mkdir(exist_ok=True)
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    want = json.loads(path.read_text("utf-8"))
    changed = {k: {"was": want.get(k), "now": got.get(k)} for k in sorted(set(got) | set(want)) if got.get(k) != want.get(k)}
    assert not changed, "snapshot changed:\n" + json.dumps(changed, ensure_ascii=False, indent=1)


def test_corpus_is_large_and_balanced() -> None:
    cases = [c for cs in CASES.values() for c in cs]
    assert len(cases) >= 150
    assert sum(1 for c in cases if c["label"]["verdict"] == "publish") >= 60


def test_political_criticism_is_never_blocked_or_revised(results: dict[str, dict[str, dict]]) -> None:
    """Robust political speech must stay publish (advisories allowed)."""
    wrong = {cid: r for cid, r in results["political-criticism"].items() if r["verdict"] != "publish"}
    assert not wrong, json.dumps(wrong, ensure_ascii=False, indent=1)


def test_every_rule_fires_somewhere_in_the_corpus(results: dict[str, dict[str, dict]], checker: Checker) -> None:
    fired = {f["code"] for per_file in results.values() for r in per_file.values() for f in r["findings"]}
    # Image rules need attachments, which corpus drafts (text only) cannot carry.
    image_only = {r.code for r in checker.pack.rules if all(d.kind == "image" for d in r.detectors)}
    # Preview rules do not run by default, so they cannot fire here; their examples still run.
    stable = {r.code for r in checker.pack.rules if r.status == "stable"}
    missing = sorted(stable - fired - image_only)
    assert not missing, f"rules never triggered by the corpus: {missing}"
