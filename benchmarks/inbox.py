"""The member as a target: importing and scoring received messages, and threat triage.

Usage: python benchmarks/inbox.py [--messages 10000] [--workers 2] [--limit 300] [--skip-throughput] [--skip-quality]

* **throughput**: ``--messages`` synthetic received messages (from 300 senders, over a year)
  are written to a temporary JSON-lines file and imported the way ``pausecheck inbox import``
  does it: read, scored by the checker for received messages (default pack and model, the
  stable rules of the categories triage reads: threat, discrimination, personal data,
  defamation, obscenity, insult), triaged and
  appended to the hash-chained evidence log in a fresh SQLite file, in one transaction, with a
  progress bar on stderr (shown when stderr is a terminal), checked by ``--workers`` forked
  processes as ``pausecheck inbox import --workers N`` does. Then where the time goes: reading
  alone, ``check_many`` alone on the same texts in memory (with the workers, and in one process
  for comparison; the two must give the same reports), triage alone on those reports; what
  remains of the import is the log (dedupe look-ups, hashing, inserts, the commit), written by
  this process while the workers check. The issue's target is 300 messages a second on 2 cores.
  The synthetic messages repeat their templates (about one text in six is distinct); the
  checker keeps no cache, so a repeat costs what a new text does.
* **quality**: each set's messages go through ``check_many`` and :func:`~pausecheck.inbox.triage.triage`
  exactly as on import. Two figures per set: *recall* (threats given the 999 banner, i.e.
  ``threat_to_life_or_safety``; and given high priority, i.e. either threat category) and the
  *false-banner rate* (lawful messages given the 999 banner). Sets:

  - HateCheck: functionalities ``threat_dir_h`` and ``threat_norm_h`` are threats; every
    non-hateful functionality is lawful;
  - ThreatGram 101, the held-out Telegram channels of ``training/data.py`` (the lead's models
    never trained on them): label 2 (violent threat) is a threat; label 1 ("judicial": calls for
    arrest or jail) and label 0 are lawful, reported apart;
  - our own: threats to a councillor's life or safety against robust criticism of their
    decisions (below; written for this benchmark, never used to tune a rule).

  ``--limit N`` caps each side of each set at N (a seeded sample), to keep a run to minutes.

Prints Markdown tables; record them in benchmarks/RESULTS.md with the date and the machine.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pausecheck.engine import Checker  # noqa: E402
from pausecheck.inbox.messages import read_messages  # noqa: E402
from pausecheck.inbox.service import import_messages  # noqa: E402
from pausecheck.inbox.triage import RULE_CATEGORIES, triage  # noqa: E402
from pausecheck.post import Post  # noqa: E402
from pausecheck.report.progress import BatchProgress  # noqa: E402
from pausecheck.store import Store  # noqa: E402

#: Threats to a councillor's life or safety: direct, conditional and veiled.
OWN_THREATS = [
    "You'll be found dead in a ditch if you close that library, councillor.",
    "I know where you live. Vote for the flats again and see what happens to your family.",
    "Someone should put a bullet in Cllr Hayes before the next meeting.",
    "I'm going to smash your face in next time I see you at your surgery.",
    "Your house would burn nicely with you inside it.",
    "We'll be waiting outside the civic hall after the meeting. Bring a helmet.",
    "Keep pushing the clean air zone and you'll end up in hospital.",
    "I will stab you if you turn up at the community centre again.",
    "Hope you enjoy your last week, councillor. We know which car is yours.",
    "Close the tip and I'll come round and cut your throat.",
    "People like you get hanged from lampposts. Your turn is coming.",
    "I'm going to kill you, you traitor.",
    "Watch your back walking home from the ward surgery, Cllr Patel.",
    "Acid in the face is what you deserve and it's what you'll get.",
    "Your kids go to St Mary's, don't they? Be a shame if something happened to them.",
    "I will find you and break every bone in your body.",
    "Petrol through your letterbox tonight, see how you like it.",
    "One more vote like that and you're a dead man.",
    "We're coming for you and your family, councillor.",
    "I've got a knife with your name on it.",
    "If I see you in town I'll batter you senseless.",
    "You deserve to be shot for what you did to this estate.",
    "Someone will torch your office and I hope you're in it.",
    "I'm going to beat you to death with your own planning papers.",
    "Sleep well tonight, councillor. While you still can. I know your address.",
    "Keep an eye on your brake cables.",
    "We'll drag you out of the council chamber and string you up.",
    "I'll put you in the ground if the bus lane goes ahead.",
    "Your wife won't recognise you when I'm done with you.",
    "Be careful on your doorstep tonight, we're watching your house.",
    "I swear I will strangle you with my bare hands.",
    "Next time you knock on my door I'll set the dog on you and finish you off myself.",
]

#: Robust, unwelcome, lawful criticism of a councillor's decisions (some in violent metaphors).
OWN_CRITICISM = [
    "Your decision to close the library is a disgrace and I'll be voting you out in May.",
    "This budget will kill the high street and you voted for it.",
    "You have butchered the bus network. Resign.",
    "The planning committee's decision is a slap in the face to every resident on this street.",
    "You should be ashamed of the way you voted on the care home closures.",
    "Absolute incompetence from you and your cabinet on the bin strike.",
    "I will fight this decision every step of the way, in the courts if I have to.",
    "You are destroying our green belt and we will remember at the ballot box.",
    "Shameful. You promised to save the swimming baths and then voted to close them.",
    "I'm going to report you to the Monitoring Officer for this conflict of interest.",
    "The clean air zone is a war on drivers and you are leading the charge.",
    "Your housing policy is murdering any chance young people had of staying in this town.",
    "We'll be protesting outside the civic hall on Thursday, and we won't be quiet.",
    "You have blood on your hands over the cuts to mental health services.",
    "This council tax rise is daylight robbery.",
    "I hope you lose your seat. You deserve to.",
    "You've stabbed the residents of Armley in the back with this vote.",
    "Worst councillor this ward has ever had. Not fit for office.",
    "I'll be writing to the local paper and to every neighbour about how you voted.",
    "You're hiding from residents. Come to the meeting and face us.",
    "The new cycle lanes are a death trap, and you ignored every objection.",
    "You've killed off the youth club and I'll never forgive you for it.",
    "Your answers at full council were evasive and frankly insulting.",
    "We are going to campaign against you in every street in this ward.",
    "This decision will come back to haunt you at the election.",
    "Your party has gutted local services and you're happy to go along with it.",
    "I'm coming to your surgery on Saturday to demand answers about the flooding.",
    "You took our money and gave us potholes. Pathetic.",
    "Cllr Hayes, you are a coward for abstaining on the fire station vote.",
    "I will be submitting a formal complaint and an FOI request about this contract.",
    "Heads should roll over the school transport fiasco.",
    "Your decision is a nail in the coffin for the market.",
]

#: Everyday messages a member receives (the bulk of any inbox).
EVERYDAY = [
    "Thanks for sorting the streetlight on {street}, it makes a real difference",
    "Is the {ward} surgery still on this Saturday? I need to ask about my housing application",
    "The bins on {street} weren't collected again this week, can you chase it please",
    "Great to see you at the {ward} litter pick, thanks for coming along",
    "When is the consultation on the {street} parking scheme closing?",
    "Could you raise the flooding outside number {n} {street} with highways?",
    "Our residents' association would like to invite you to the AGM next month",
    "Any news on the planning application for the old mill on {street}?",
]
#: Unwelcome or abusive ones, in the proportions of a bad week (about one in five).
HOSTILE = [
    "You're a useless idiot and everyone in {ward} knows it",
    "What a load of shit from you on {street} again",
    "Cllr {name} is a liar and a fraud, plain and simple",
    "I know where you live and I'm coming for you tonight",
]
WARDS = ["Headingley", "Hyde Park", "Kirkstall", "Armley", "Chapel Allerton", "Roundhay"]
STREETS = ["Otley Road", "Cardigan Road", "Spen Lane", "Kirkstall Road", "Harehills Lane"]
NAMES = ["Smith", "Jones", "Brown", "Patel", "Green", "Khan"]


def synthetic_messages(n: int, seed: int = 17) -> list[dict[str, str]]:
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, 8, tzinfo=UTC)
    out = []
    for i in range(n):
        pool = rng.choice([HOSTILE, OWN_CRITICISM] if rng.random() < 0.2 else [EVERYDAY])
        text = rng.choice(pool).format(ward=rng.choice(WARDS), street=rng.choice(STREETS), name=rng.choice(NAMES),
                                       n=rng.randint(1, 200))
        sender = f"@resident{rng.randrange(300)}"
        at = start + timedelta(minutes=i * 50 + rng.randrange(50))
        out.append({"sender": sender, "platform": "x", "url": f"https://x.com/{sender[1:]}/status/{i + 1}",
                    "time": at.isoformat().replace("+00:00", "Z"), "text": text, "id": str(i + 1)})
    return out


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def throughput(checker: Checker, n: int, build_s: float, workers: int) -> None:
    rows = synthetic_messages(n)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "messages.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        zone = checker.pack.manifest.settings.timezone
        t = time.perf_counter()
        messages = read_messages(path, timezone=zone)
        read_s = time.perf_counter() - t
        store = Store(f"sqlite:///{Path(tmp) / 'desk.sqlite3'}")
        try:
            t = time.perf_counter()
            with BatchProgress(len(messages)) as bar:
                result = import_messages(store, checker, messages, progress=bar.advance, workers=workers)
            import_s = time.perf_counter() - t
            t = time.perf_counter()
            again = import_messages(store, checker, messages)
            reimport_s = time.perf_counter() - t
        finally:
            store.close()
    texts = [m.text for m in messages]
    posts = [Post(x, account="personal") for x in texts]
    t = time.perf_counter()
    reports = list(checker.check_many(posts))
    check_s = time.perf_counter() - t
    t = time.perf_counter()
    forked = list(checker.check_many(posts, workers=workers))
    forked_s = time.perf_counter() - t
    if forked != reports:
        raise SystemExit(f"check_many with {workers} workers gave other reports than in one process")
    t = time.perf_counter()
    triaged = [triage(x, r) for x, r in zip(texts, reports, strict=True)]
    triage_s = time.perf_counter() - t
    if len(result.added) != n or again.skipped != n or again.added:
        raise SystemExit(f"import added {len(result.added)} of {n}; the re-import added {len(again.added)}")
    log_s = max(import_s - forked_s - triage_s, 0.0)
    high = sum(1 for x in triaged if x.priority == "high")
    banner = sum(1 for x in triaged if x.banner)
    end_to_end = read_s + import_s
    print(f"### Import and score {n:,} received messages (300 senders; {high:,} high priority, "
          f"{banner:,} with the 999 banner)\n")
    print(table(["step", "time", "messages/s"], [
        ["build the Checker and load the models (once per process)", f"{build_s:.1f} s", ""],
        [f"**read + import (score in {workers} worker(s), triage, log; one transaction)**",
         f"**{end_to_end:.1f} s**", f"**{n / end_to_end:,.0f}**"],
        ["  of which: read the JSON-lines file", f"{read_s:.2f} s", f"{n / read_s:,.0f}"],
        [f"  of which: `check_many(workers={workers})` alone (same texts, in memory)", f"{forked_s:.1f} s",
         f"{n / forked_s:,.0f}"],
        ["  of which: triage alone", f"{triage_s:.2f} s", f"{n / max(triage_s, 1e-9):,.0f}"],
        ["  of which: the rest of the import (dedupe, hash chain, inserts, commit)",
         f"{log_s:.1f} s" if log_s >= 0.5 else "≈ 0 s (within the run-to-run noise of `check_many`)",
         f"{n / log_s:,.0f}" if log_s >= 0.5 else ""],
        ["re-import of the same file (every message found, nothing added)", f"{reimport_s:.1f} s",
         f"{n / reimport_s:,.0f}"],
        ["for comparison: `check_many` in this one process", f"{check_s:.1f} s", f"{n / check_s:,.0f}"],
    ]) + "\n")
    target = "met" if n / end_to_end >= 300 else "**missed**"
    print(f"Target ≥ 300 messages/s on 2 cores: {target} ({n / end_to_end:,.0f}/s with {workers} worker(s) on "
          f"{os.cpu_count()} cores; load average at the end {os.getloadavg()[0]:.1f}).\n")


def profile(checker: Checker, n: int) -> None:
    import cProfile
    import io
    import pstats

    posts = [Post(r["text"], account="personal") for r in synthetic_messages(n, seed=99)]
    prof = cProfile.Profile()
    prof.enable()
    list(checker.check_many(posts))
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(18)
    print(f"### Where `check_many` spends its time ({n:,} messages, cProfile, cumulative)\n")
    print("```\n" + "\n".join(out.getvalue().strip().splitlines()[-26:]) + "\n```\n")


def _sample(items: list[str], limit: int | None, seed: int) -> list[str]:
    if limit is None or len(items) <= limit:
        return items
    return random.Random(seed).sample(items, limit)


def quality_sets(limit: int | None) -> list[tuple[str, list[tuple[str, list[str]]], list[tuple[str, list[str]]]]]:
    """(set name, [(group, threats)], [(group, lawful)])."""
    sets = [("our own (councillor)", [("threats to life or safety", OWN_THREATS)],
             [("robust criticism of decisions", OWN_CRITICISM)])]
    data = Path(os.environ.get("PAUSECHECK_DATA") or ROOT / ".." / "shared" / "data")
    if not data.is_dir():
        print(f"(public data not found at {data}: only our own set)\n")
        return sets
    with (data / "hatecheck" / "test_suite_cases.csv").open(encoding="utf-8", newline="") as f:
        cases = list(csv.DictReader(f))
    threats = [r["test_case"].strip() for r in cases if r["functionality"] in ("threat_dir_h", "threat_norm_h")]
    lawful = [r["test_case"].strip() for r in cases if r["label_gold"] == "non-hateful"]
    sets.append(("HateCheck", [("threat_dir_h + threat_norm_h", _sample(threats, limit, 1))],
                 [("every non-hateful functionality", _sample(lawful, limit, 2))]))
    sys.path.insert(0, str(ROOT / "training"))
    from data import THREATGRAM_TEST_CHANNELS

    rows = json.loads((data / "threatgram101" / "Labeled_15076.json").read_text("utf-8"))
    held = [r for r in rows if r["telegramChannel"] in THREATGRAM_TEST_CHANNELS and (r.get("reply") or "").strip()]
    by = {lab: [r["reply"].strip() for r in held if int(r["Label"]) == lab] for lab in (0, 1, 2)}
    sets.append(("ThreatGram 101, held-out channels", [("label 2 (violent threat)", _sample(by[2], limit, 3))],
                 [("label 1 (\"judicial\": arrest, jail)", _sample(by[1], limit, 4)),
                  ("label 0 (no threat)", _sample(by[0], limit, 5))]))
    return sets


def quality(checker: Checker, limit: int | None) -> None:
    rows = []
    for name, positives, negatives in quality_sets(limit):
        for group, texts, is_threat in [(g, t, True) for g, t in positives] + [(g, t, False) for g, t in negatives]:
            reports = checker.check_many([Post(x, account="personal") for x in texts])
            tri = [triage(x, r) for x, r in zip(texts, reports, strict=True)]
            banner = sum(1 for t in tri if t.banner)
            high = sum(1 for t in tri if t.priority == "high")
            if is_threat:
                rows.append([name, f"{group} ({len(texts)})", f"**{banner / len(texts):.1%}** recall",
                             f"{high / len(texts):.1%} recall"])
            else:
                rows.append([name, f"{group} ({len(texts)})", f"**{banner / len(texts):.1%}** false banner",
                             f"{high / len(texts):.1%} given high priority"])
    print("### Threat triage: the 999 banner (threat to life or safety) and high priority (either threat)\n")
    print(table(["set", "messages", "999 banner", "high priority"], rows) + "\n")
    print("On threats, the banner's recall; on lawful messages, the share wrongly given the banner (and high "
          "priority, which keeps a message from being dismissed but shows no 999 banner).\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=10_000, help="synthetic messages to import (default 10,000)")
    ap.add_argument("--limit", type=int, default=None, help="cap each side of each quality set (seeded sample)")
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument("--skip-quality", action="store_true")
    ap.add_argument("--workers", type=int, default=2, help="processes that check the import (default 2: the "
                    "target is for 2 cores)")
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="also print the top functions of a cProfile of check_many on N synthetic messages")
    args = ap.parse_args()
    t = time.perf_counter()
    checker = Checker(categories=RULE_CATEGORIES)  # as `pausecheck inbox import` builds it
    checker.check("warm up the models")
    build_s = time.perf_counter() - t
    if not args.skip_throughput:
        throughput(checker, args.messages, build_s, args.workers)
    if args.profile:
        profile(checker, args.profile)
    if not args.skip_quality:
        quality(checker, args.limit)


if __name__ == "__main__":
    main()
