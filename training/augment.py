"""Identity-term training sentences of our own wording, for the fine-tuned model.

The public hate data learnt "a mention of women or refugees" as a sign of hate: HatEval's
targets are immigrants and women, so "Refugees are welcome here" scored as an attack. The
known remedy (Dixon et al., 2018, "Measuring and Mitigating Unintended Bias in Text
Classification") is to add non-hateful sentences that mention the same groups. We add three
kinds, over the groups of the pack's ``vocab/groups.txt``:

- ``supportive``: neutral or supportive statements, the things councillors post every week
  (clean on every head);
- ``negated``: a dehumanising claim negated or rejected ("X are not vermin"; clean on the
  identity, insult and threat heads);
- ``generalised``: the same claims asserted, and civil-worded generalisations ("X can't be
  trusted"), labelled as identity attacks, so that the pairs teach the difference rather than
  a word list.

A fourth kind, ``threats``, covers direct first-person threats, which ThreatGram (calls for
violence against third parties) lacks: "I will find you and hurt you" scored 0.00 before.
Each threat has a look-alike that is not one ("we will fight you at the ballot box", "this
budget will kill our high street"), labelled clean.

All templates are written here; none comes from an evaluation set. HateCheck tests the same
*functionalities* (its own templates), so its identity and negation figures for a model trained
with these sentences measure transfer across wordings, not across tasks: the model card says so.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import data

VOCAB = Path(__file__).resolve().parents[1] / "src" / "pausecheck" / "packs" / "leeds-2019" / "vocab"

SUPPORTIVE = (
    "{G} are welcome here.",
    "Proud to stand with {g} in our ward.",
    "{G} deserve the same respect as everyone else.",
    "Met {g} at the community centre today to talk about housing.",
    "Our city is stronger because of {g}.",
    "{G} make a huge contribution to Leeds.",
    "The report looks at how the cuts will affect {g}.",
    "I will always speak up for {g}.",
    "Many {g} in my ward tell me the new bus timetable does not work for them.",
    "{G} are part of our community and always will be.",
    "The council must do more to support {g}.",
    "Thank you to the {g} who volunteered at the food bank this weekend.",
    "Around two thousand {g} live in the ward, according to the census.",
    "No one should be afraid in this city because they are {g}.",
    "Great turnout from {g} at tonight's consultation meeting.",
    "How many {g} are on the housing waiting list? I have asked for the figures.",
    "{G} have the same right to safety as anyone.",
    "Listening to {g} about what would make the park safer.",
)
NEGATED = (
    "{G} are not {d}.",
    "It is simply untrue that {g} are {d}.",
    "Anyone who calls {g} {d} is wrong and should be ashamed.",
    "{G} are not {d}, they are our neighbours.",
    "I will never accept anyone describing {g} as {d}.",
)
ASSERTED = (
    "{G} are {d}.",
    "Let's be honest, {g} are {d}.",
    "{G} are nothing but {d}.",
)
GENERALISATIONS = (
    "{G} can't be trusted.",
    "{G} are ruining this country.",
    "{G} should all be sent back.",
    "{G} are a drain on our taxes and always will be.",
    "{G} don't belong in this town.",
    "{G} bring nothing but trouble to our streets.",
    "{G} are too stupid to be given a vote.",
    "{G} should be kept away from our children.",
    "Too many {g} round here. They've ruined it.",
    "{G} just don't have what it takes to run anything.",
)
THREAT_ACTS = ("hurt you", "kill you", "break your legs", "smash your face in", "make you pay", "shut you up for good",
               "burn your house down", "put you in hospital", "slit your throat", "end you")
THREATS = (
    "I will find you and {a}.",
    "I know where you live and I'm going to {a}.",
    "One of these nights I'm going to {a}.",
    "Keep talking and I'll {a}.",
    "If you vote for this I will {a}.",
    "Watch your back, we are coming to {a}.",
    "You won't see it coming when I {a}.",
    "Someone is going to {a}, and it might be me.",
)
NOT_THREATS = (
    "We will fight you at the ballot box.",
    "This budget will kill our high street.",
    "I'll see you at the count on Thursday.",
    "I will find you a seat at the back of the meeting.",
    "We know where the money went and we will keep asking.",
    "These cuts are going to hurt families across the ward.",
    "Watch this space: the campaign starts on Monday.",
    "I'm going to make sure you get a reply by Friday.",
    "Keep talking to us, we are listening.",
    "If you vote for this I will hold you to account at the next election.",
    "The traffic on Kirkstall Road is killing me.",
    "I could kill for a cup of tea after that six-hour meeting.",
)
DEHUMANISING = ("vermin", "rats", "cockroaches", "parasites", "animals", "savages", "subhuman", "scum",
                "a disease", "a plague", "invaders", "criminals", "filth")


def groups() -> list[str]:
    """Plural group names from the pack's word list (singular forms and ``islam`` left out)."""
    out = []
    for line in (VOCAB / "groups.txt").read_text("utf-8").splitlines():
        g = line.strip()
        if g and not g.startswith("#") and (g.endswith(("s", "people", "women", "men")) or g == "roma"):
            out.append(g)
    return out


PROPER = frozenset("muslims jews jewish hindus sikhs christians catholics asians asian africans pakistanis indians "
                   "chinese poles polish romanians eastern europeans gypsies travellers roma black".split())


def _fill(template: str, g: str, d: str = "") -> str:
    g = " ".join(w.capitalize() if w in PROPER else w for w in g.split())
    return template.format(G=g[0].upper() + g[1:], g=g, d=d)


def identity_sentences(n_each: int, seed: int) -> data.Corpus:
    """``n_each`` supportive, negated and asserted/generalised sentences, sampled with ``seed``."""
    rng = np.random.default_rng(seed)
    gs = groups()

    def sample(templates: tuple[str, ...], with_d: bool) -> list[str]:
        seen: set[str] = set()
        while len(seen) < n_each:
            t = templates[int(rng.integers(len(templates)))]
            d = DEHUMANISING[int(rng.integers(len(DEHUMANISING)))] if with_d else ""
            seen.add(_fill(t, gs[int(rng.integers(len(gs)))], d))
        return sorted(seen)

    supportive = sample(SUPPORTIVE, False)
    negated = sample(NEGATED, True)
    hateful = sorted(set(sample(ASSERTED, True)[: n_each // 2]) | set(sample(GENERALISATIONS, False)[: n_each // 2]))
    texts = supportive + negated + hateful
    n_s, n_n, n_h = len(supportive), len(negated), len(hateful)
    none: list[int | None] = [None]
    labels = {
        "offensive": [0] * n_s + none * n_n + [1] * n_h,
        "insult": [0] * n_s + [0] * n_n + none * n_h,
        "identity_attack": [0] * (n_s + n_n) + [1] * n_h,
        "threat": [0] * (n_s + n_n) + none * n_h,
        "obscene": [0] * n_s + none * (n_n + n_h),
    }
    return data.Corpus("identity-templates", texts, labels, sources=["identity-templates"] * len(texts))


def threat_sentences(seed: int) -> data.Corpus:
    """Every direct threat template × act (labelled threat), and the look-alikes (clean), each
    look-alike repeated so that both sides weigh the same."""
    rng = np.random.default_rng(seed)
    threats = sorted({t.format(a=a) for t in THREATS for a in THREAT_ACTS})
    repeat = max(1, len(threats) // len(NOT_THREATS))
    safe = [s for s in NOT_THREATS for _ in range(repeat)]
    texts = threats + safe
    order = rng.permutation(len(texts))
    texts = [texts[i] for i in order]
    is_threat = [t in set(threats) for t in texts]
    labels = {
        "offensive": [1 if x else 0 for x in is_threat],
        "insult": [None] * len(texts),
        "identity_attack": [0] * len(texts),
        "threat": [1 if x else 0 for x in is_threat],
        "obscene": [None if x else 0 for x in is_threat],
    }
    return data.Corpus("threat-templates", texts, labels, sources=["threat-templates"] * len(texts))
