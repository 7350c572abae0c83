"""The frozen blind test split, asserted against its human labels (never against our output).

The figures in ratchet.json may only improve: per-category recall is a floor, the share of
clean drafts held back and of risky drafts passed are ceilings. When a change improves them,
record the new figures with ``python benchmarks/blind_quality.py --write-ratchet``; a floor
lowered or a ceiling raised on purpose is listed, with its figures and reason, in README.md.
"""

from __future__ import annotations

import json

import pytest
import regex
import yaml

from pausecheck import Checker
from pausecheck.policy.loader import PACKS_DIR

from blind import SPLITS, VERDICTS, Figures, load_drafts, score

DRAFTS = [d for split in SPLITS for d in load_drafts(split)]
CATEGORIES_OK = {
    "insult", "discrimination", "threat", "obscenity", "defamation", "confidential", "personal_data",
    "casework", "predetermination", "capacity", "council_resources", "public_views_without_consent",
    "copyright", "haste", "links", "security", "meetings",
}


@pytest.fixture(scope="module", params=sorted(SPLITS))
def split(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def figures(checker: Checker, split: str) -> Figures:
    return score(load_drafts(split), lambda posts: list(checker.check_many(posts)))


def ratchet(split: str) -> dict:
    return json.loads(SPLITS[split][1].read_text("utf-8"))


def test_the_split_is_well_formed() -> None:
    assert all(len(load_drafts(split)) >= 150 for split in SPLITS)
    assert len({d["id"] for d in DRAFTS}) == len(DRAFTS)
    for d in DRAFTS:
        assert d["verdict"] in VERDICTS and set(d["categories"]) <= CATEGORIES_OK, d["id"]
        assert bool(d["categories"]) == (d["verdict"] != "publish"), d["id"]
        assert d["why"].strip(), d["id"]


def test_recall_per_category_never_falls(figures: Figures, split: str) -> None:
    floor = ratchet(split)["recall"]
    # The ratchet holds figures rounded to four places; compare at that precision.
    fell = {c: (round(figures.recall(c), 4), r) for c, r in floor.items() if round(figures.recall(c), 4) < r}
    assert not fell, f"recall fell below the ratchet (now, floor): {fell}"


def test_false_alarms_never_rise(figures: Figures, split: str) -> None:
    held = ratchet(split)
    clean_rate = figures.clean_held_back / figures.clean
    assert round(clean_rate, 4) <= held["clean_false_alarm_rate"], (
        f"clean drafts held back: {figures.clean_held_back}/{figures.clean}")
    risky_rate = figures.risky_passed / figures.risky
    assert round(risky_rate, 4) <= held["risky_passed_rate"], f"risky passed: {figures.risky_passed}/{figures.risky}"


def _rule_texts() -> list[tuple[str, str]]:
    """Every example and regex written in the bundled packs, with the file it is in."""
    out: list[tuple[str, str]] = []
    for f in sorted(PACKS_DIR.rglob("*.yaml")):
        data = yaml.safe_load(f.read_text("utf-8"))

        def walk(node: object) -> None:
            if isinstance(node, dict):
                for k, v in node.items():
                    if k in ("regex", "text") and isinstance(v, str):
                        out.append((f.name, v))
                    elif k in ("fail", "pass") and isinstance(v, list):
                        out.extend((f.name, x if isinstance(x, str) else x.get("text", "")) for x in v)
                    walk(v)
            elif isinstance(node, list):
                for x in node:
                    walk(x)

        walk(data)
    return out


def _shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = regex.findall(r"[\p{L}\p{N}']+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_no_rule_quotes_the_test_split() -> None:
    """No rule example or regex may share eight words in a row with a test-split draft."""
    drafts = {s: d["id"] for d in DRAFTS for s in _shingles(d["text"])}
    quoted = []
    for file, text in _rule_texts():
        for s in _shingles(regex.sub(r"\\[a-zA-Z]|[\\()?:|+*\[\]{}^$]", " ", text)):
            if s in drafts:
                quoted.append((file, " ".join(s), drafts[s]))
    assert not quoted, f"rules quote the blind test split: {quoted[:10]}"


def test_the_ratchet_covers_every_labelled_category(split: str) -> None:
    labelled = {c for d in load_drafts(split) for c in d["categories"]}
    assert set(ratchet(split)["recall"]) == labelled


#: Six-word phrases that batch 5 (written 2026-12-05, blind to everything in the repository)
#: shares by chance with training texts written before it: stock wording ("make of that what you
#: will", "asked her to correct the record"). Listed so that any new overlap still fails; the
#: batch's README entry names the drafts whose figures they may flatter. Batch 7 (2026-12-08)
#: shares one with a training draft written a day before it: "ac mi fydda i'n pleidleisio yn
#: erbyn" (and I will be voting against), a councillor's stock Welsh.
COINCIDENT = frozenset({
    ("f001", "breed like rabbits and we pay"), ("f001", "like rabbits and we pay for"),
    ("f025", "of the budget meeting rather than"), ("f025", "out of the budget meeting rather"),
    ("f025", "the budget meeting rather than vote"), ("f025", "walked out of the budget meeting"),
    ("f026", "ar gau o ddydd llun am"), ("f026", "gau o ddydd llun am bythefnos"),
    ("f034", "asked for it to be removed"), ("f034", "for it to be removed today"),
    ("f034", "i've asked for it to be"), ("f126", "asked her to correct the record"),
    ("f126", "i've asked her to correct the"), ("f144", "and i will keep saying so"),
    ("f198", "a joke before anyone reports me"), ("f215", "make of that what you will"),
    ("f253", "blocked house rules pinned at the"), ("f253", "house rules pinned at the top"),
    ("f258", "couldn't organise a raffle at a"), ("fth03-1", "will be there to take questions"),
    ("x099", "mi fydda i'n pleidleisio yn erbyn"), ("x099", "ac mi fydda i'n pleidleisio yn"),
})  # fmt: skip


def test_no_training_template_quotes_the_test_split() -> None:
    """The training sentences of our own wording (training/augment*.py) may not share six words
    in a row with a test-split draft: a model trained on the split's wording would flatter it."""
    from pathlib import Path

    drafts = {s: d["id"] for d in DRAFTS for s in _shingles(d["text"], 6)}
    root = Path(__file__).resolve().parents[2] / "training"
    quoted = []
    for path in sorted(root.glob("augment*.py")):
        for literal in regex.findall(r'"((?:[^"\\\n]|\\.){12,})"', path.read_text("utf-8")):
            text = regex.sub(r"\{[A-Za-z]\}", "someone", literal)
            quoted += [(path.name, " ".join(s), drafts[s]) for s in _shingles(text, 6)
                       if s in drafts and (drafts[s], " ".join(s)) not in COINCIDENT]
    assert not quoted, f"training templates quote the blind test split: {quoted[:10]}"


def test_no_training_draft_quotes_the_test_split() -> None:
    """Nor may the training drafts of our own (training/synthetic/), which were written blind to
    the split: six words in a row shared with a draft would mean the split leaked into them."""
    import json
    from pathlib import Path

    drafts = {s: d["id"] for d in DRAFTS for s in _shingles(d["text"], 6)}
    folder = Path(__file__).resolve().parents[2] / "training" / "synthetic"
    rows = [json.loads(line) for path in sorted(folder.rglob("*.jsonl"))
            for line in path.read_text("utf-8").splitlines() if line.strip()]
    assert rows, "no training drafts found"
    quoted = [(r["id"], " ".join(s), drafts[s]) for r in rows for s in _shingles(r["text"], 6)
              if s in drafts and (drafts[s], " ".join(s)) not in COINCIDENT]
    assert not quoted, f"training drafts quote the blind test split: {quoted[:10]}"
