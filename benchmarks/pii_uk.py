"""UK personal-data spans on our own generated set (tests/pii/uk_pii_set.py), dev and test halves.

    PYTHONPATH=src .venv/bin/python benchmarks/pii_uk.py [--per-template N] [--split dev|test]
    PYTHONPATH=src .venv/bin/python benchmarks/pii_uk.py --misses 40 [--entity STREET_ADDRESS]
    PYTHONPATH=src .venv/bin/python benchmarks/pii_uk.py --file training/dev/residents-spans.jsonl [--misses 40]

Two views of the same posts:

* **analyser**: ``PiiAnalyser.analyse`` with its default entities (``RESIDENT_NAME`` among
  them), per entity: recall and precision, by overlap and by exact offsets. A resident's
  name is gold ``PERSON``; the analyser's ``RESIDENT_NAME`` (and ``PERSON``, if it ever ran by
  default) count for it. A hit of a type the set never labels (a case reference, a number
  plate) is a false positive of its own row.
* **checker**: the whole checker with the default pack, personal-data findings only. Per
  entity, the share of gold spans a finding overlaps (and matches exactly); overall precision
  (findings that overlap some gold span, of all personal-data findings; a finding on a named
  volunteer counts neither way); post-level recall (posts with private data given at least one
  personal-data finding); public-only posts given a personal-data finding; public people
  (councillors, MPs, officers, businesses) overlapped by a personal-data finding.

The set's template families are split in two: tune on ``dev``, report ``test`` as held out.
``--file`` scores posts written by hand instead (``training/dev/residents-spans.jsonl``: each
post's private and public spans listed as exact substrings, in order), as a development set.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "pii"))
from uk_pii_set import ENTITIES, Span, UkPost, build_set  # noqa: E402

try:
    from pausecheck import Checker, Finding, Resources
except ImportError:  # run without PYTHONPATH=src
    sys.path.insert(0, str(ROOT / "src"))
    from pausecheck import Checker, Finding, Resources
from pausecheck.pii import DEFAULT_ENTITIES  # noqa: E402  (after the path fallback above)

#: analyser entity -> the set's entity
AS_GOLD = {"RESIDENT_NAME": "PERSON", "PERSON": "PERSON"}


def _overlaps(a: tuple[int, int], b: Span) -> bool:
    return a[0] < b.end and b.start < a[1]


class Tally:
    def __init__(self) -> None:
        self.gold: Counter[str] = Counter()
        self.hit: Counter[str] = Counter()
        self.exact: Counter[str] = Counter()
        self.pred: Counter[str] = Counter()
        self.good: Counter[str] = Counter()


def score_analyser(posts: list[UkPost], resources: Resources) -> Tally:
    nlp, analyser = resources.nlp(), resources.pii()
    t = Tally()
    for post in posts:
        hits = analyser.analyse(post.text, nlp(post.text), entities=DEFAULT_ENTITIES | {"RESIDENT_NAME"})
        typed = [(AS_GOLD.get(h.entity, h.entity), h.start, h.end) for h in hits]
        for g in post.spans:
            t.gold[g.entity] += 1
            same = [(s, e) for ent, s, e in typed if ent == g.entity]
            t.hit[g.entity] += any(_overlaps(x, g) for x in same)
            t.exact[g.entity] += (g.start, g.end) in same
        for ent, s, e in typed:
            if any(_overlaps((s, e), n) for n in post.neutral):
                continue
            t.pred[ent] += 1
            t.good[ent] += any(g.entity == ent and _overlaps((s, e), g) for g in post.spans)
    return t


class CheckerTally(Tally):
    def __init__(self) -> None:
        super().__init__()
        self.posts_private = self.posts_flagged = 0
        self.public_only = self.public_only_flagged = 0
        self.public_people = self.public_marked = 0
        self.findings = self.findings_good = 0


def score_checker(posts: list[UkPost], checker: Checker) -> CheckerTally:
    t = CheckerTally()
    for post in posts:
        report = checker.check(post.text)
        spans = [x for f in report.findings if f.category == "personal_data" for x in _spans(f)]
        for g in post.spans:
            t.gold[g.entity] += 1
            t.hit[g.entity] += any(_overlaps(x, g) for x in spans)
            t.exact[g.entity] += (g.start, g.end) in spans
        for x in spans:
            if any(_overlaps(x, n) for n in post.neutral) and not any(_overlaps(x, g) for g in post.spans):
                continue
            t.findings += 1
            t.findings_good += any(_overlaps(x, g) for g in post.spans)
        if post.spans:
            t.posts_private += 1
            t.posts_flagged += bool(spans)
        if post.public_only:
            t.public_only += 1
            t.public_only_flagged += bool(spans)
        for p in post.public:
            t.public_people += 1
            t.public_marked += any(_overlaps(x, p) for x in spans)
    return t


def _spans(finding: Finding) -> list[tuple[int, int]]:
    """Every span a finding marks: a finding may list several (one finding per rule) or one."""
    listed = getattr(finding, "spans", None)
    if listed is None:
        return [(finding.start, finding.end)] if finding.end > finding.start else []
    return [(s.start, s.end) for s in listed if s.end > s.start]


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "n/a"


def print_tables(name: str, a: Tally, c: CheckerTally) -> None:
    print(f"### {name}\n")
    print("| entity | gold | analyser recall (overlap) | (exact) | analyser precision | checker recall (overlap) | (exact) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for e in ENTITIES:
        print(f"| {e} | {a.gold[e]} | {_ratio(a.hit[e], a.gold[e])} | {_ratio(a.exact[e], a.gold[e])} "
              f"| {_ratio(a.good[e], a.pred[e])} | {_ratio(c.hit[e], c.gold[e])} | {_ratio(c.exact[e], c.gold[e])} |")
    g, h, x = sum(a.gold.values()), sum(a.hit.values()), sum(a.exact.values())
    good, pred = sum(a.good[e] for e in ENTITIES), sum(a.pred.values())
    print(f"| **all** | {g} | {_ratio(h, g)} | {_ratio(x, g)} | {_ratio(good, pred)} "
          f"| {_ratio(sum(c.hit.values()), g)} | {_ratio(sum(c.exact.values()), g)} |")
    others = sorted(e for e in a.pred if e not in ENTITIES)
    if others:
        print("\nAnalyser hits of types the set never labels (false positives): "
              + ", ".join(f"{e} {a.pred[e]}" for e in others))
    print()
    print("| whole checker (default pack) | value |")
    print("|---|---:|")
    print(f"| span recall, overlap (all entities) | {_ratio(sum(c.hit.values()), g)} |")
    print(f"| span precision (personal-data findings on private data) | {_ratio(c.findings_good, c.findings)} "
          f"({c.findings_good}/{c.findings}) |")
    print(f"| post-level recall (posts with private data flagged) | {_ratio(c.posts_flagged, c.posts_private)} "
          f"({c.posts_flagged}/{c.posts_private}) |")
    print(f"| public-only posts given a personal-data finding | {_ratio(c.public_only_flagged, c.public_only)} "
          f"({c.public_only_flagged}/{c.public_only}) |")
    print(f"| public people, businesses and their published details marked | {_ratio(c.public_marked, c.public_people)} "
          f"({c.public_marked}/{c.public_people}) |")
    print()


def print_misses(posts: list[UkPost], checker: Checker, resources: Resources, limit: int, entity: str | None) -> None:
    """Gold spans the whole checker leaves unmarked (dev half only), each with what the analyser
    made of it: nothing, a hit the checker then dropped (its score and why), or a hit of another
    type; and the checker's personal-data spans on no gold span. Tuning reads these; the test
    half is never printed."""
    nlp, analyser = resources.nlp(), resources.pii()
    why: Counter[str] = Counter()
    shown = 0
    for post in posts:
        if post.split != "dev":
            continue
        report = checker.check(post.text)
        spans = [x for f in report.findings if f.category == "personal_data" for x in _spans(f)]
        missed = [g for g in post.spans if not any(_overlaps(x, g) for x in spans)
                  and (entity is None or g.entity == entity)]
        for x in spans:
            if not any(_overlaps(x, g) for g in (*post.spans, *post.neutral)):
                on_public = any(_overlaps(x, p) for p in post.public)
                why["false positive" + (" on a public person or business" if on_public else "")] += 1
                if shown < limit:
                    shown += 1
                    print(f"- FALSE POSITIVE {post.text[x[0]:x[1]]!r} ({post.family} #{post.template})"
                          f"{' on a public one' if on_public else ''}\n    {post.text}")
        if not missed:
            continue
        hits = analyser.analyse(post.text, nlp(post.text), entities=DEFAULT_ENTITIES | {"RESIDENT_NAME"})
        for g in missed:
            near = [h for h in hits if _overlaps((h.start, h.end), g)]
            same = [h for h in near if AS_GOLD.get(h.entity, h.entity) == g.entity]
            kind = "analyser found it, checker dropped it" if same else (
                "analyser typed it otherwise" if near else "analyser missed it")
            why[f"{g.entity}: {kind}"] += 1
            if shown < limit:
                shown += 1
                print(f"- {g.entity} {post.text[g.start:g.end]!r} ({post.family} #{post.template}): {kind}")
                for h in near:
                    print(f"    {h.entity} {post.text[h.start:h.end]!r} {h.score:.2f} {h.reason}")
                print(f"    {post.text}")
    print("\n| missed span (dev) | count |\n|---|---:|")
    for k, n in why.most_common():
        print(f"| {k} | {n} |")


#: A hand-written post's span types -> the set's entities; types the set has no row for (a
#: number plate) count neither way, as a volunteer's first name does.
_FILE_TYPES = {"PERSON": "PERSON", "STREET_ADDRESS": "STREET_ADDRESS", "POSTCODE": "UK_POSTCODE",
               "PHONE": "PHONE_NUMBER", "EMAIL": "EMAIL_ADDRESS", "DATE_OF_BIRTH": "DATE_OF_BIRTH",
               "NHS_NUMBER": "UK_NHS", "NI_NUMBER": "UK_NINO"}


def load_file(path: Path) -> list[UkPost]:
    """Hand-written posts. Private spans are listed in the order they occur (a name written twice
    is listed twice), so each is the next occurrence of its text after the span before it;
    public ones are listed once each, and every occurrence counts."""
    posts = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        text = row["text"]
        spans: list[Span] = []
        neutral: list[Span] = []
        cursor = 0
        for item in row.get("private", []):
            at = text.find(item["text"], cursor)
            if at < 0:
                raise SystemExit(f"{path}:{n}: private span {item['text']!r} is not in the post (after offset {cursor})")
            cursor = at + len(item["text"])
            entity = _FILE_TYPES.get(item["type"])
            (spans if entity else neutral).append(Span(at, cursor, entity or item["type"]))
        public: list[Span] = []
        for piece in row.get("public", []):
            found = [m.start() for m in regex.finditer(regex.escape(piece), text)]
            if not found:
                raise SystemExit(f"{path}:{n}: public span {piece!r} is not in the post")
            public += [Span(at, at + len(piece), "PUBLIC") for at in found]
        posts.append(UkPost(text, tuple(spans), tuple(public), tuple(neutral), "file", n, "dev"))
    return posts


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-template", type=int, default=40, help="posts rendered from each template")
    ap.add_argument("--split", choices=["dev", "test"], help="only one half (default: both)")
    ap.add_argument("--misses", type=int, metavar="N", help="print N missed gold spans of the dev half and stop")
    ap.add_argument("--entity", choices=ENTITIES, help="with --misses: only this entity")
    ap.add_argument("--family", action="append", metavar="NAME", help="only these template families (repeatable)")
    ap.add_argument("--file", type=Path, help="score hand-written posts (JSON lines) instead of the generated set")
    args = ap.parse_args(argv)
    posts = load_file(args.file) if args.file else build_set(args.per_template)
    if args.family:
        if unknown := set(args.family) - {p.family for p in posts}:
            ap.error(f"unknown families: {', '.join(sorted(unknown))}")
        posts = [p for p in posts if p.family in args.family]
    resources = Resources()
    checker = Checker(resources=resources)
    if args.misses is not None:
        print_misses(posts, checker, resources, args.misses, args.entity)
        return
    if args.file:
        print_tables(f"{args.file.name} (hand-written, a development set): {len(posts)} posts",
                     score_analyser(posts, resources), score_checker(posts, checker))
        return
    for split in ("dev", "test"):
        if args.split and split != args.split:
            continue
        part = [p for p in posts if p.split == split]
        families = sorted({p.family for p in part})
        label = "tune on it" if split == "dev" else "held out"
        print_tables(f"UK personal-data set, {split} half ({label}): {len(part)} posts, "
                     f"families {', '.join(families)}", score_analyser(part, resources), score_checker(part, checker))


if __name__ == "__main__":
    main()
