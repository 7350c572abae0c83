"""The training drafts of our own (``training/drafts.py``, ``training/synthetic/``).

A pair split across training and validation would let a look-alike give its twin's answer away;
a label that is not 1, 0 or null would train a head on garbage; a draft that quotes the
development set would flatter the development figures.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training"))

import drafts  # noqa: E402
from pausecheck.classifier import HEADS  # noqa: E402


def test_every_pair_is_whole_labelled_and_on_one_side_of_the_split_and_lone_rows_are_clean() -> None:
    rows = drafts.rows()
    by_id = {r["id"]: r for r in rows}
    assert len(by_id) == len(rows), "ids are unique"
    for r in rows:
        if r["pair"] is None:
            # A hard negative stands alone (a notice, a war metaphor, a report of abuse received):
            # it may only ever teach "this is fine".
            assert all(r[h] == 0 for h in ("offensive", "insult", "identity_attack", "threat")), r["id"]
            continue
        twin = by_id[r["pair"]]
        assert twin["pair"] == r["id"]
        assert drafts.split_of(r) == drafts.split_of(twin)
        # One of a pair is the risk, the other its look-alike, clean on every head.
        risky, clean = (r, twin) if r["offensive"] == 1 else (twin, r)
        assert risky["offensive"] == 1
        assert any(risky[h] == 1 for h in ("insult", "identity_attack", "threat"))
        assert all(clean[h] == 0 for h in ("offensive", "insult", "identity_attack", "threat"))


def test_the_validation_side_is_held_out_and_about_its_share() -> None:
    train = drafts.synthetic_drafts("train")
    val = drafts.synthetic_drafts("val")
    assert not set(train.texts) & set(val.texts)
    share = len(val) / (len(train) + len(val))
    assert 0.08 < share < 0.25, share
    # Each head the drafts teach has positives and negatives on both sides.
    for corpus in (train, val):
        for h in ("insult", "identity_attack", "threat"):
            assert {0, 1} <= set(corpus.labels[h])


def _write(folder: Path, rows: list[dict]) -> None:
    folder.mkdir()
    (folder / "x.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")


def test_a_label_that_is_not_one_zero_or_null_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path / "bad", [{"id": "a", "pair": "b", "text": "hello there", "threat": 2}])
    with pytest.raises(ValueError, match="threat=2"):
        drafts.rows(tmp_path / "bad")


def test_a_row_without_text_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path / "bad", [{"id": "a", "pair": "b", "text": "  "}])
    with pytest.raises(ValueError, match="no text"):
        drafts.rows(tmp_path / "bad")


def test_a_draft_quoting_the_development_set_is_dropped(tmp_path: Path) -> None:
    dev = json.loads(drafts.DEV_SET.read_text("utf-8").splitlines()[0])["text"]
    own = "A sentence of our own about the bins on Tuesday morning in the ward."
    rows = [{"id": f"a{i}", "pair": f"b{i}", "text": t, **dict.fromkeys(HEADS, 0)}
            for i, t in enumerate([dev, own])]
    _write(tmp_path / "own", rows)
    kept = drafts.synthetic_drafts("train", tmp_path / "own").texts + drafts.synthetic_drafts("val", tmp_path / "own").texts
    assert kept == [own]
