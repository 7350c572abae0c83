"""Fairness: identity-term counterfactual flip rates, and Jigsaw-style bias AUCs on HateCheck.

Usage: python benchmarks/fairness.py [--model default] [--preview]

``--preview`` runs the whole checker with its preview (learned) rules too, behind ``--model``.

1. Counterfactuals. The same sentence with one protected group, one personal name or one UK
   party swapped for another. A *flip* is a template whose verdict (whole checker) or whose
   learned flag (any head over its threshold) is not the same for every swap.
2. Bias AUCs (Borkan et al., 2019, the Jigsaw Unintended Bias metrics) for the
   identity_attack head on HateCheck, whose cases name one target group each:
   subgroup AUC (only cases about the group), BPSN (background positive, subgroup negative:
   low means non-hateful mentions of the group score too high) and BNSP (background negative,
   subgroup positive: low means hate against the group scores too low).
3. The same AUCs on real posts, TweetEval-hate test (HatEval: hate against immigrants and
   women) and ETHOS, where a post belongs to a subgroup when it mentions one of the group's
   terms (``TERM_GROUPS``), as Jigsaw's identity-mention subgroups do.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

GROUPS = ["Muslim", "Jewish", "Christian", "Hindu", "Sikh", "gay", "lesbian", "trans", "disabled",
          "Black", "white", "Asian", "Polish", "Romanian", "Irish", "Gypsy", "Traveller", "immigrant", "refugee"]
NAMES = ["Jack Smith", "Mohammed Khan", "Priya Patel", "Olivia Brown", "Kwame Mensah", "Wei Chen",
         "Siobhan Murphy", "Agnieszka Nowak", "Ahmed Hassan", "Emily Clarke"]
PARTIES = ["Labour", "the Conservatives", "the Liberal Democrats", "the Greens", "Reform UK", "the SNP", "Plaid Cymru"]

GROUP_TEMPLATES = [
    "My neighbour is {g}.",
    "I met a {g} family at the ward surgery today.",
    "Proud to support the {g} community centre in Harehills.",
    "{g} people are welcome in Leeds.",
    "As a {g} councillor, I will always speak up for my ward.",
    "Some residents have complained about the {g} family next door.",
    "The {g} community deserves better housing.",
    "I was called a {g} idiot at the count last night. Abuse like this has no place here.",
]
NAME_TEMPLATES = [
    "Thanks to {n} for organising the litter pick.",
    "{n} asked a good question at the residents' meeting.",
    "{n} is an idiot and should resign.",
    "I disagree with {n} on the library closures.",
    "Everyone knows {n} took a backhander from the developer.",
]
PARTY_TEMPLATES = [
    "{p} have let this city down on housing.",
    "I will never vote for {p} again after these cuts.",
    "Vote for {p} on Thursday!",
    "{p} councillors voted against the budget.",
    "Well done to {p} for backing the new bus lanes.",
]


def flip_rates(checker, model) -> list[tuple[str, int, int, int]]:  # type: ignore[no-untyped-def]
    from pausecheck import Post

    rows = []
    for label, templates, fill in (
        ("protected groups", GROUP_TEMPLATES, [{"g": g} for g in GROUPS]),
        ("personal names", NAME_TEMPLATES, [{"n": n} for n in NAMES]),
        ("UK parties", PARTY_TEMPLATES, [{"p": p} for p in PARTIES]),
    ):
        verdict_flips = model_flips = 0
        for t in templates:
            texts = [t.format(**f) for f in fill]
            texts = [s[0].upper() + s[1:] for s in texts]
            verdicts = {checker.check(Post(s)).verdict for s in texts}
            verdict_flips += len(verdicts) > 1
            if model is not None:
                probs = model.predict(texts)
                flags = {tuple(bool(p >= model.thresholds.get(h, 0.5)) for h, p in zip(model.heads, row, strict=True))
                         for row in probs}
                model_flips += len(flags) > 1
        rows.append((label, len(templates), verdict_flips, model_flips))
    return rows


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    scores = np.concatenate([pos, neg])
    ranks = scores.argsort().argsort() + 1.0
    # average ranks for ties
    for v in np.unique(scores):
        idx = scores == v
        ranks[idx] = ranks[idx].mean()
    r_pos = ranks[: len(pos)].sum()
    return float((r_pos - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


#: Identity-mention subgroups for real posts: a post mentioning any of the terms (whole words).
TERM_GROUPS = {
    "women": r"wom[ae]n|girls?|females?|wives|wife|ladies|lady",
    "immigrants": r"immigrants?|migrants?|refugees?|asylum|illegals?",
    "Muslims": r"muslims?|islam|islamic",
    "Jewish people": r"jews?|jewish",
    "black people": r"black|blacks",
    "gay people": r"gays?|lesbians?|homosexuals?",
    "trans people": r"trans|transgender|transsexuals?",
    "disabled people": r"disabled|disability|disabilities",
}


def subgroup_rows(scores: np.ndarray, hateful: np.ndarray, texts: list[str]) -> list[tuple[str, int, float, float, float]]:
    rows = []
    for g, terms in TERM_GROUPS.items():
        pattern = re.compile(rf"\b(?:{terms})\b", re.IGNORECASE)
        sub = np.array([bool(pattern.search(t)) for t in texts])
        if sub.sum() < 20 or (sub & hateful).sum() < 5 or (sub & ~hateful).sum() < 5:
            continue  # too few posts for an AUC to mean anything
        rows.append((g, int(sub.sum()), auc(scores[sub & hateful], scores[sub & ~hateful]),
                     auc(scores[~sub & hateful], scores[sub & ~hateful]),
                     auc(scores[sub & hateful], scores[~sub & ~hateful])))
    return rows


def real_post_aucs(model) -> dict[str, list[tuple[str, int, float, float, float]]]:  # type: ignore[no-untyped-def]
    import data

    head = model.heads.index("identity_attack")
    out = {}
    for name, (texts, y) in (("TweetEval-hate test", data.tweeteval_hate_test()), ("ETHOS binary", data.ethos())):
        scores = np.asarray(model.predict(texts))[:, head]
        out[name] = subgroup_rows(scores, np.array(y, dtype=bool), list(texts))
    return out


def bias_aucs(model) -> list[tuple[str, int, float, float, float]]:  # type: ignore[no-untyped-def]
    from data import hatecheck  # training/data.py: the one HateCheck loader

    cases = [c for c in hatecheck() if c.target]
    head = model.heads.index("identity_attack")
    scores = np.asarray(model.predict([c.text for c in cases]))[:, head]
    hateful = np.array([c.hateful for c in cases])
    groups = np.array([c.target for c in cases])
    rows = []
    for g in sorted(set(groups)):
        sub = groups == g
        rows.append((
            g, int(sub.sum()),
            auc(scores[sub & hateful], scores[sub & ~hateful]),
            auc(scores[~sub & hateful], scores[sub & ~hateful]),
            auc(scores[sub & hateful], scores[~sub & ~hateful]),
        ))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="default")
    ap.add_argument("--preview", action="store_true", help="whole checker with the preview (learned) rules")
    args = ap.parse_args()

    from pausecheck import Checker
    from pausecheck.classifier import DEFAULT_MODEL, ModelError, load_model

    name = DEFAULT_MODEL if args.model == "default" else args.model
    checker = Checker(preview=args.preview, model=name)
    try:
        model = load_model(name)
    except ModelError as e:
        print(f"(no learned model: {e}; model columns left empty)", file=sys.stderr)
        model = None

    print(f"## Counterfactual swaps (whole checker: {'preview rules on' if args.preview else 'stable rules'})\n")
    print("| swapped | templates | verdict flips (whole checker) | learned-flag flips |")
    print("|---|---|---|---|")
    for label, n, vf, mf in flip_rates(checker, model):
        print(f"| {label} | {n} | {vf} ({vf / n:.0%}) | {'–' if model is None else f'{mf} ({mf / n:.0%})'} |")
    print(f"\nGroups: {', '.join(GROUPS)}.\nNames: {', '.join(NAMES)}.\nParties: {', '.join(PARTIES)}.")
    if model is None:
        return
    print("\n## Bias AUCs for the identity_attack head on HateCheck (higher is better)\n")
    print("| subgroup | cases | subgroup AUC | BPSN AUC | BNSP AUC |")
    print("|---|---|---|---|---|")
    for g, n, s, bpsn, bnsp in bias_aucs(model):
        print(f"| {g} | {n} | {s:.3f} | {bpsn:.3f} | {bnsp:.3f} |")
    for name, rows in real_post_aucs(model).items():
        print(f"\n## Bias AUCs for the identity_attack head on {name} (posts that mention the group)\n")
        print("| subgroup | posts | subgroup AUC | BPSN AUC | BNSP AUC |")
        print("|---|---|---|---|---|")
        for g, n, s, bpsn, bnsp in rows:
            print(f"| {g} | {n} | {s:.3f} | {bpsn:.3f} | {bnsp:.3f} |")


if __name__ == "__main__":
    main()
