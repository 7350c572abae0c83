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

import re
from pathlib import Path

import numpy as np

import data

VOCAB = Path(__file__).resolve().parents[1] / "src" / "pausecheck" / "packs" / "leeds-2019" / "vocab"

SUPPORTIVE = (
    "{G} are welcome here.",
    "Proud to stand with {g} in our ward.",
    "{G} deserve the same respect as everyone else.",
    "Spent the morning at the community centre hearing from {g} about housing.",
    "Our city is stronger because of {g}.",
    "{G} make a huge contribution to Leeds.",
    "The report looks at how the cuts will affect {g}.",
    "I will always speak up for {g}.",
    "Lots of {g} in my ward have told me the revised bus timetable does not suit them.",
    "{G} are part of our community and always will be.",
    "The council has to step up its support for {g}.",
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
    "Calling {g} {d} says more about the speaker than about them.",
    "{G} are not {d}, they are our neighbours.",
    "I will never accept anyone describing {g} as {d}.",
)
ASSERTED = (
    "{G} are {d}.",
    "Let's be honest, {g} are {d}.",
    "{G} are {d}. That is the truth of it.",
)
GENERALISATIONS = (
    "{G} are all liars, every last one of them.",
    "{G} are ruining this country.",
    "{G} should all be sent back.",
    "{G} are a drain on our taxes and always will be.",
    "{G} don't belong in this town.",
    "{G} only ever cause problems wherever they go.",
    "{G} are too stupid to be given a vote.",
    "{G} should be kept away from our children.",
    "This town went downhill the day the {g} arrived.",
    "{G} just don't have what it takes to run anything.",
)
THREAT_ACTS = ("hurt you", "kill you", "break your legs", "smash your face in", "make you pay", "shut you up for good",
               "burn your house down", "put you in hospital", "slit your throat", "end you")
THREATS = (
    "I will find you and {a}.",
    "I've found out your address and I'm going to {a}.",
    "One of these nights I'm going to {a}.",
    "Say one more word and I'll {a}.",
    "If you vote for this I will {a}.",
    "Sleep with one eye open, because we are coming to {a}.",
    "You won't see it coming when I {a}.",
    "Someone is going to {a}, and it might be me.",
)
NOT_THREATS = (
    "We'll beat you at the ballot box in May.",
    "These parking charges will be the death of the market.",
    "Looking forward to seeing you at the hustings on Thursday.",
    "I will find you a seat at the back of the meeting.",
    "We know where the money went and we will keep asking.",
    "These cuts are going to hurt families across the ward.",
    "Watch this space: the campaign starts on Monday.",
    "I'm going to make sure you get a reply by Friday.",
    "Keep talking to us, we are listening.",
    "If you vote for this I will hold you to account at the next election.",
    "The traffic on Kirkstall Road is killing me.",
    "I could murder a bacon sandwich after that six-hour meeting.",
)
DEHUMANISING = ("vermin", "rats", "cockroaches", "parasites", "animals", "savages", "subhuman", "scum",
                "a disease", "a plague", "invaders", "criminals", "filth")


# Frames that report or condemn abuse (the abuse labelled clean inside them) and frames that
# endorse it (labels kept, so quote marks alone never mean "clean"). The reporting frames are
# those of train_embeddings.TRAIN_FRAMES in the same order, less one whose closing sentence
# nearly repeated a regression-corpus draft, with its replacement last.
REPORT_FRAMES = (
    'Someone posted "{x}" under my update. I have reported it.',
    '"{x}" is the kind of message councillors receive every week. It has to stop.',
    'Comments such as "{x}" are unacceptable and have been passed to the police.',
    "It is wrong to say that {x}",
    "Nobody should ever have to read things like {x}",
    'I was sent this today: "{x}" Messages like this will not be tolerated.',
)
ENDORSE_FRAMES = (
    'Well said: "{x}"',
    '"{x}" Couldn\'t agree more.',
    "As my neighbour put it, {x} And they are right.",
)


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

    def sample(templates: tuple[str, ...], with_d: bool, n: int) -> list[str]:
        """``n`` distinct sentences (fewer if the templates cannot make that many)."""
        combos = len(templates) * len(gs) * (len(DEHUMANISING) if with_d else 1)
        seen: set[str] = set()
        while len(seen) < min(n, combos):
            t = templates[int(rng.integers(len(templates)))]
            d = DEHUMANISING[int(rng.integers(len(DEHUMANISING)))] if with_d else ""
            seen.add(_fill(t, gs[int(rng.integers(len(gs)))], d))
        return sorted(seen)

    supportive = sample(SUPPORTIVE, False, n_each)
    negated = sample(NEGATED, True, n_each)
    hateful = sample(ASSERTED, True, n_each // 2) + sample(GENERALISATIONS, False, n_each - n_each // 2)
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


# Civil-worded put-downs aimed at a person, the commonest councillor breach, paired with robust
# criticism of the same people's decisions, which is protected political speech. The public
# insult data is mostly profane tweets; without pairs like these the model either misses
# "X hasn't a brain cell" or flags "X's budget is a disaster".
PEOPLE = ("Cllr Smith", "Councillor Patel", "the council leader", "the member for Headingley", "@cllr_jones",
          "my opponent", "the Labour candidate", "the Conservative group leader", "the Green councillor",
          "the Lib Dem spokesperson", "the Reform candidate", "the executive member for housing")
PUT_DOWNS = (
    "{P} is a clueless waste of space.",
    "{P} hasn't got a brain cell to rub together.",
    "Nobody takes {P} seriously any more, a complete joke of a person.",
    "{P} has the intelligence of a damp sponge.",
    "What a pathetic little individual {P} is.",
    "{P} is a gutless little weasel.",
    "Honestly, {P} is the most incompetent fool I have ever met.",
    "{P} should crawl back under whatever rock they came from.",
    "{P} is a nasty, vile piece of work.",
    "I wouldn't trust {P} to run a bath, let alone a council.",
)
CRITICISM = (
    "{P}'s budget is a disaster for this city.",
    "{P} has failed to answer a single question about the bus cuts.",
    "{P} and I see the housing plan very differently.",
    "{P} voted to close the library. A shameful decision.",
    "The plan {P} put forward tonight is reckless and will cost residents dearly.",
    "{P} promised a new school and has not delivered it.",
    "{P} should resign over the handling of the bin strike.",
    "I challenge {P} to explain why the figures in the report do not add up.",
    "The consultation results contradict what {P} said about the park.",
    "Three years of broken promises from {P}. Residents deserve better.",
)


def insult_sentences(seed: int) -> data.Corpus:
    """Every put-down × person (insult) and every criticism × person (clean), in seeded order."""
    rng = np.random.default_rng(seed)
    def fill(t: str, p: str) -> str:
        s = t.format(P=p)
        return s[0].upper() + s[1:]

    insults = sorted({fill(t, p) for t in PUT_DOWNS for p in PEOPLE})
    fair = sorted({fill(t, p) for t in CRITICISM for p in PEOPLE})
    texts = insults + fair
    order = rng.permutation(len(texts))
    texts = [texts[i] for i in order]
    bad = set(insults)
    labels = {
        "offensive": [1 if t in bad else 0 for t in texts],
        "insult": [1 if t in bad else 0 for t in texts],
        "identity_attack": [0] * len(texts),
        "threat": [0] * len(texts),
        "obscene": [0] * len(texts),
    }
    return data.Corpus("insult-templates", texts, labels, sources=["insult-templates"] * len(texts))


_LEADING_MENTIONS = re.compile(r"^(?:\s*@user\b[\s:,]*)+")


def mix_leading_mentions(corpus: data.Corpus, seed: int, share: float = 0.25) -> data.Corpus:
    """The same rows with the leading ``@user`` mentions of replies made uninformative.

    Tweets (OLID, HatEval, Davidson) nearly all open with ``@user``; Telegram threats and our
    templates never do. Trained on that, the model read a leading mention as "not a threat"
    ("@bob I will find you and hurt you" scored 0.07, the same words alone 0.83), and a
    councillor's replies open with a mention. So a ``share`` of the rows lose their leading
    mentions and another ``share`` gain one, at random (seeded), whatever their source or label.
    Texts are prepared first (``textprep.prepare``: mentions are already ``@user``).
    """
    from pausecheck.classifier.textprep import prepare

    rng = np.random.default_rng(seed)
    texts = []
    for text in corpus.texts:
        t = prepare(text)
        u = rng.random()
        if u < share:
            t = _LEADING_MENTIONS.sub("", t) or t
        elif u < 2 * share and not _LEADING_MENTIONS.match(t):
            t = "@user " + t
        texts.append(t)
    return data.Corpus(corpus.name, texts, corpus.labels, sources=corpus.sources, groups=corpus.groups)
