"""Span-level precision/recall of PiiAnalyser on Presidio's synthetic PII set, and its speed.

    PYTHONPATH=src .venv/bin/python benchmarks/pii_quality.py

The data (Microsoft presidio-research ``synth_dataset_v2.json``, MIT) sits in the shared
data folder beside the repository and is not copied into it. It is US/international, not
UK: phone numbers from many countries, US-style and European addresses, no postcodes, NINOs
or NHS numbers. So read the table as a check of the mechanics, not of UK quality.

A prediction counts as correct when it overlaps a gold span of the mapped type ("overlap");
"exact" recall also asks for identical offsets. Gold DATE_TIME spans count as DATE_OF_BIRTH
only when a birth word ("born", "date of birth", ...) comes shortly before them.
Types we report that the set never labels (UK_NINO, CASE_REF, ...) are all false positives
here; they are listed as hits per 100 texts.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "training"))
from data import data_dir  # noqa: E402  ($PAUSECHECK_DATA or ../shared/data)

DATA = data_dir() / "presidio-synthetic-pii" / "synth_dataset_v2.json"

try:
    from pausecheck.pii import SUPPORTED_ENTITIES, PiiAnalyser
except ImportError:  # run without PYTHONPATH=src
    sys.path.insert(0, str(REPO / "src"))
    from pausecheck.pii import SUPPORTED_ENTITIES, PiiAnalyser
from pausecheck.text.nlp import load_pipeline

#: dataset label -> our entity
MAPPING = {
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN_CODE",
    "IP_ADDRESS": "IP_ADDRESS",
    "STREET_ADDRESS": "STREET_ADDRESS",
    "PERSON": "PERSON",
}
BIRTH_CUE = re.compile(r"(born|date of birth|d\.?o\.?b|birthday)\W+(?:\w+\W+){0,3}$", re.I)


def gold_spans(record: dict) -> list[tuple[str, int, int]]:
    out = []
    text = record["full_text"]
    for span in record["spans"]:
        label, start, end = span["entity_type"], span["start_position"], span["end_position"]
        if label in MAPPING:
            out.append((MAPPING[label], start, end))
        elif label == "DATE_TIME" and BIRTH_CUE.search(text[max(0, start - 60) : start]):
            out.append(("DATE_OF_BIRTH", start, end))
    return out


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def main() -> None:
    records = json.loads(DATA.read_text(encoding="utf-8"))
    nlp = load_pipeline()
    analyser = PiiAnalyser(nlp)
    wanted = SUPPORTED_ENTITIES  # PERSON included, so its quality is measured too

    tp_pred, n_pred, tp_gold, exact_gold, n_gold = (Counter() for _ in range(5))
    analyse_ms, total_ms = [], []
    for record in records:
        text = record["full_text"]
        t0 = time.perf_counter()
        doc = nlp(text)
        t1 = time.perf_counter()
        hits = analyser.analyse(text, doc, entities=wanted)
        t2 = time.perf_counter()
        analyse_ms.append((t2 - t1) * 1000)
        total_ms.append((t2 - t0) * 1000)

        gold = gold_spans(record)
        for hit in hits:
            n_pred[hit.entity] += 1
            if any(e == hit.entity and overlaps((s, t), (hit.start, hit.end)) for e, s, t in gold):
                tp_pred[hit.entity] += 1
        for entity, start, end in gold:
            n_gold[entity] += 1
            same = [h for h in hits if h.entity == entity]
            if any(overlaps((start, end), (h.start, h.end)) for h in same):
                tp_gold[entity] += 1
            if any((h.start, h.end) == (start, end) for h in same):
                exact_gold[entity] += 1

    print(f"{len(records)} texts from {DATA.name}\n")
    print("| entity | gold | predicted | precision | recall (overlap) | recall (exact) |")
    print("|---|---:|---:|---:|---:|---:|")
    for entity in sorted(n_gold):
        p = tp_pred[entity] / n_pred[entity] if n_pred[entity] else float("nan")
        r = tp_gold[entity] / n_gold[entity]
        x = exact_gold[entity] / n_gold[entity]
        print(f"| {entity} | {n_gold[entity]} | {n_pred[entity]} | {p:.2f} | {r:.2f} | {x:.2f} |")
    unlabelled = sorted(e for e in n_pred if e not in n_gold)
    print("\nTypes the set never labels (all false positives here), hits per 100 texts:")
    for entity in unlabelled:
        print(f"  {entity}: {n_pred[entity]} ({100 * n_pred[entity] / len(records):.1f})")
    if not unlabelled:
        print("  none predicted")
    print(
        f"\nanalyse only: p50 {statistics.median(analyse_ms):.2f} ms, "
        f"mean {statistics.fmean(analyse_ms):.2f} ms per text; "
        f"with the spaCy call: p50 {statistics.median(total_ms):.2f} ms, "
        f"mean {statistics.fmean(total_ms):.2f} ms"
    )


if __name__ == "__main__":
    main()
