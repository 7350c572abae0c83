"""Training drafts of our own: councillor-style posts written for the detection gap, each with a
look-alike that a Monitoring Officer would let through, and hard negatives of their own (notices,
war metaphors, reports of abuse received, support for a group) that stand alone.

``training/synthetic/*.jsonl`` were written by helper sessions that read only the guidance and
``training/synthetic/README.md``'s brief (never the rules, the development set or a test split).
One object per line: ``id``, ``text``, ``kind``, ``pair`` (the id of its look-alike, or null for a lone negative) and a label
per head (1, 0 or null; a head not given is unknown, so the row does not train it).

A pair stays on one side of the split (a hash of the pair's ids), so a look-alike never tells
the model the answer for its twin in validation. Rows sharing six words in a row with the
development set are dropped here, so the development figures stay a fair check of what the
model learnt rather than of what it was shown; the blind split is kept out by a test
(``tests/blind/test_blind.py``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import regex

import data
from pausecheck.classifier import HEADS

HERE = Path(__file__).resolve().parent
SYNTHETIC = HERE / "synthetic"
DEV_SET = HERE / "dev" / "gap-drafts.jsonl"
#: Share of pairs held out for validation (never trained on).
VAL_SHARE = 0.15


def shingles(text: str, n: int = 6) -> set[tuple[str, ...]]:
    words = regex.findall(r"[\p{L}\p{N}']+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def rows(folder: Path = SYNTHETIC) -> list[dict]:
    """Every row of every file, in file and line order; a malformed row is an error, not a skip."""
    out: list[dict] = []
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if not isinstance(row.get("text"), str) or not row["text"].strip():
                raise ValueError(f"{path.name}:{n}: no text")
            for h in HEADS:
                if row.get(h) not in (None, 0, 1):
                    raise ValueError(f"{path.name}:{n}: label {h}={row[h]!r} is not 1, 0 or null")
            row["file"] = path.name
            out.append(row)
    return out


def split_of(row: dict) -> str:
    """"val" or "train", the same for both rows of a pair (a lone row splits by its own id)."""
    key = "|".join(sorted(filter(None, (row.get("id"), row.get("pair")))))
    digest = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)
    return "val" if digest / 0xFFFFFFFF < VAL_SHARE else "train"


def _dev_shingles() -> set[tuple[str, ...]]:
    if not DEV_SET.exists():
        return set()
    return {s for line in DEV_SET.read_text("utf-8").splitlines() if line.strip()
            for s in shingles(json.loads(line)["text"])}


def synthetic_drafts(split: str, folder: Path = SYNTHETIC) -> data.Corpus:
    """The drafts of one split as a Corpus (source ``synthetic-<file stem>``)."""
    dev = _dev_shingles()
    seen: set[str] = set()
    keep = []
    for row in rows(folder):
        key = data.text_key(row["text"])
        if split_of(row) != split or key in seen or shingles(row["text"]) & dev:
            continue
        seen.add(key)
        keep.append(row)
    return data.Corpus(
        f"synthetic-{split}",
        [r["text"] for r in keep],
        {h: [r.get(h) for r in keep] for h in HEADS},
        sources=[f"synthetic-{Path(r['file']).stem}" for r in keep],
    )
