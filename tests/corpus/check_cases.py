#!/usr/bin/env python3
"""Validate the pausecheck regression corpus (tests/corpus/cases/*.yaml).

Standalone: needs only the standard library and PyYAML.

    .venv/bin/python tests/corpus/check_cases.py [--quiet] [CASES_DIR]

Exit status 0 when every case is well formed, labels are consistent with the
severity policy in tests/corpus/README.md, and the corpus-level balance
requirements hold; 1 otherwise (all problems are listed).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import yaml

CATEGORIES = (
    "insult", "discrimination", "threat", "obscenity", "defamation",
    "confidential", "personal_data", "casework", "predetermination",
    "capacity", "council_resources", "public_views_without_consent",
    "copyright", "haste", "links", "security", "meetings",
)

# Severity policy (see README.md, "Labelling policy").
BLOCK = {"threat", "discrimination", "defamation", "confidential", "personal_data"}
REVISE = {"insult", "obscenity", "casework", "predetermination",
          "council_resources", "public_views_without_consent", "copyright"}
# Context-dependent: revise in some situations, advice-only in others.
#   capacity: revise when the council's voice is claimed for party/personal
#             views; advice-only for "as your councillor" on a personal account.
#   links:    revise for deny-listed/derogatory targets; advice-only for URL
#             shorteners.
#   security: block when a post leaks a password or code; revise for risky
#             downloads; advice-only for habits (holiday announcements).
CONTEXT = {"capacity", "links", "security"}
ADVISORY = {"haste", "meetings"}
assert BLOCK | REVISE | CONTEXT | ADVISORY == set(CATEGORIES)

VERDICTS = ("publish", "revise", "do-not-publish")
ACCOUNTS = ("personal", "councillor", "party", "council")
PLATFORMS = ("x", "facebook", "instagram", "linkedin", "threads", "bluesky", "nextdoor")

REQUIRED_KEYS = {"id", "text", "account", "label", "note"}
OPTIONAL_KEYS = {"at", "platform", "in_meeting"}
LABEL_KEYS = {"verdict", "categories"}

# Corpus-level balance requirements.
MIN_CASES = 170
MIN_CLEAN = 60
MIN_CLEAN_POLITICAL = 35
POLITICAL_FILE = "political-criticism"
MIN_FAILING_PER_CATEGORY = 8

# Local-time window in which posting counts as late-night haste.
HASTE_START_HOUR, HASTE_END_HOUR = 23, 5


def allowed_verdicts(categories: set[str]) -> set[str]:
    if categories & BLOCK:
        return {"do-not-publish"}
    if categories & REVISE:
        return {"revise"}
    if "security" in categories:
        return {"do-not-publish", "revise", "publish"}
    if categories & CONTEXT:
        return {"revise", "publish"}
    return {"publish"}


def check_case(case, stem: str, where: str, errors: list[str]) -> None:
    def err(msg: str) -> None:
        errors.append(f"{where}: {msg}")

    if not isinstance(case, dict):
        err("case is not a mapping")
        return
    keys = set(case)
    missing = REQUIRED_KEYS - keys
    extra = keys - REQUIRED_KEYS - OPTIONAL_KEYS
    if missing:
        err(f"missing keys {sorted(missing)}")
    if extra:
        err(f"unknown keys {sorted(extra)}")

    cid = case.get("id")
    if not isinstance(cid, str) or not re.fullmatch(rf"{re.escape(stem)}-\d{{3}}", cid):
        err(f"id {cid!r} must look like '{stem}-NNN'")

    text = case.get("text")
    if not isinstance(text, str) or not text.strip():
        err("text must be a non-empty string")

    if case.get("account") not in ACCOUNTS:
        err(f"account {case.get('account')!r} not in {ACCOUNTS}")

    if "platform" in case and case["platform"] not in PLATFORMS:
        err(f"platform {case['platform']!r} not in {PLATFORMS}")

    if "in_meeting" in case and not isinstance(case["in_meeting"], bool):
        err("in_meeting must be a boolean")

    at = None
    if "at" in case:
        raw = case["at"]
        if not isinstance(raw, str):
            err("at must be a quoted ISO-8601 string")
        else:
            try:
                at = datetime.fromisoformat(raw)
            except ValueError:
                err(f"at {raw!r} is not ISO-8601")
            else:
                if at.tzinfo is None:
                    err(f"at {raw!r} must carry a UTC offset")

    note = case.get("note")
    if not isinstance(note, str) or not note.strip():
        err("note must be a non-empty string")

    label = case.get("label")
    if not isinstance(label, dict):
        err("label must be a mapping")
        return
    if set(label) != LABEL_KEYS:
        err(f"label keys must be exactly {sorted(LABEL_KEYS)}, got {sorted(label)}")
    verdict = label.get("verdict")
    cats = label.get("categories")
    if verdict not in VERDICTS:
        err(f"verdict {verdict!r} not in {VERDICTS}")
    if not isinstance(cats, list):
        err("categories must be a list")
        return
    unknown = [c for c in cats if c not in CATEGORIES]
    if unknown:
        err(f"unknown categories {unknown}")
    if len(set(cats)) != len(cats):
        err("duplicate categories")
    catset = set(cats) - set(unknown)
    if verdict in VERDICTS and verdict not in allowed_verdicts(catset):
        err(f"verdict {verdict!r} inconsistent with categories {sorted(catset)} "
            f"(allowed: {sorted(allowed_verdicts(catset))})")

    # Context consistency: the optional fields imply certain flags.
    if case.get("in_meeting") is True and "meetings" not in catset:
        err("in_meeting: true but 'meetings' not in categories")
    if at is not None and at.tzinfo is not None:
        late = at.hour >= HASTE_START_HOUR or at.hour < HASTE_END_HOUR
        if late and "haste" not in catset:
            err(f"at {case['at']} is in the 23:00-05:00 window but 'haste' not in categories")


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    args = [a for a in argv if not a.startswith("--")]
    cases_dir = Path(args[0]) if args else Path(__file__).resolve().parent / "cases"
    files = sorted(cases_dir.glob("*.yaml")) + sorted(cases_dir.glob("*.yml"))
    errors: list[str] = []
    if not files:
        print(f"no YAML files in {cases_dir}")
        return 1

    seen: dict[str, str] = {}
    per_file: Counter = Counter()
    per_file_clean: Counter = Counter()
    per_verdict: Counter = Counter()
    per_cat: Counter = Counter()
    per_cat_verdict: dict[str, Counter] = {c: Counter() for c in CATEGORIES}
    per_account: Counter = Counter()
    total = 0

    for path in files:
        stem = path.stem
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            errors.append(f"{path.name}: YAML error: {exc}")
            continue
        if not isinstance(data, list) or not data:
            errors.append(f"{path.name}: top level must be a non-empty list")
            continue
        for i, case in enumerate(data):
            where = f"{path.name}[{i}]"
            if isinstance(case, dict) and "id" in case:
                where = f"{path.name}:{case['id']}"
            check_case(case, stem, where, errors)
            if not isinstance(case, dict):
                continue
            cid = case.get("id")
            if isinstance(cid, str):
                if cid in seen:
                    errors.append(f"{where}: duplicate id (also in {seen[cid]})")
                seen[cid] = path.name
            total += 1
            per_file[path.name] += 1
            per_account[case.get("account")] += 1
            label = case.get("label") if isinstance(case.get("label"), dict) else {}
            verdict = label.get("verdict")
            cats = label.get("categories") or []
            per_verdict[verdict] += 1
            if verdict == "publish" and not cats:
                per_file_clean[path.name] += 1
            for c in cats if isinstance(cats, list) else []:
                per_cat[c] += 1
                if c in per_cat_verdict:
                    per_cat_verdict[c][verdict] += 1

    clean = sum(per_file_clean.values())
    clean_political = per_file_clean.get(f"{POLITICAL_FILE}.yaml", 0)
    if total < MIN_CASES:
        errors.append(f"corpus: {total} cases, need at least {MIN_CASES}")
    if clean < MIN_CLEAN:
        errors.append(f"corpus: {clean} clean cases, need at least {MIN_CLEAN}")
    if clean_political < MIN_CLEAN_POLITICAL:
        errors.append(f"corpus: {clean_political} clean cases in {POLITICAL_FILE}.yaml, "
                      f"need at least {MIN_CLEAN_POLITICAL}")
    for c in CATEGORIES:
        if per_cat[c] < MIN_FAILING_PER_CATEGORY:
            errors.append(f"corpus: category {c!r} has {per_cat[c]} cases, "
                          f"need at least {MIN_FAILING_PER_CATEGORY}")

    if not quiet:
        print(f"cases: {total}   clean (publish, []): {clean}   "
              f"clean political criticism: {clean_political}\n")
        print("per verdict:")
        for v in VERDICTS:
            print(f"  {v:<16} {per_verdict[v]:>4}")
        print("\nper category (cases carrying it; by verdict):")
        for c in CATEGORIES:
            pv = per_cat_verdict[c]
            detail = ", ".join(f"{v}={pv[v]}" for v in VERDICTS if pv[v])
            print(f"  {c:<30} {per_cat[c]:>4}   ({detail})")
        print("\nper account:")
        for a in ACCOUNTS:
            print(f"  {a:<12} {per_account[a]:>4}")
        print("\nper file (cases / clean):")
        for name in sorted(per_file):
            print(f"  {name:<28} {per_file[name]:>4} / {per_file_clean[name]:>3}")

    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for e in errors:
            print(f"  - {e}")
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
