"""Training sentences of our own wording for the detection gap, each kind paired with look-alikes.

The public sets teach profane tweets and US extremist hate; what councillors get wrong is
quieter. Three kinds, each with clean look-alikes that share its shape, so that the model learns
the difference rather than the words:

- ``veiled``: threats put as irony, a wish, a rhetorical question or a "friendly warning", about
  a person or role (threat); beside the same shapes about votes, deadlines and meetings (clean);
- ``putdowns``: everyday and civil-worded put-downs of a person, a role or a body, and
  allegations of dishonesty in idiom (insult); beside robust criticism of what the same people
  and bodies decided (clean), which is protected political speech;
- ``groups``: generic claims about a group, dehumanising metaphors (floods, plagues, vermin,
  animals), "send them back" and questions or jokes that carry the same claim (identity attack);
  beside the same metaphors about things, not people ("a flood of objections"), and neutral or
  supportive statements about the same groups (clean).

Some put-downs name the person in one sentence and insult them in the next, because that is
how posts are written, and the target resolution in the engine has to follow it too.

All sentences are written here; none comes from an evaluation set, the blind split or the
regression corpus (``tests/training/test_augment.py`` checks four-word overlaps with the corpus).
"""

from __future__ import annotations

import numpy as np

import data
from augment import _fill, groups

TARGETS = (
    "Cllr Okafor", "Councillor Hughes", "our MP", "the council leader", "the chief executive",
    "the planning officer", "the cabinet member for transport", "the mayor", "@cllr_whitley",
    "the portfolio holder", "the Labour group leader", "the Tory candidate", "the Reform councillor",
    "the Green member for Otley", "the Lib Dem leader", "the head of highways",
)
BODIES = (
    "the housing association", "the partnership board", "the highways department", "the parish council",
    "the planning committee", "the regeneration team", "the CCG", "the police and crime panel",
)

VEILED = (
    "It would be a real shame if something happened to {p}'s car.",
    "{P} should be careful walking home alone on these dark nights.",
    "Funny how people like {p} have a habit of falling down stairs.",
    "Wouldn't it be a pity if {p} woke up to find every window smashed?",
    "Someone ought to pay {p} a visit and sort them out properly.",
    "If I were {p} I'd think twice before showing my face on the estate again.",
    "{P} knows what's coming. Tick tock.",
    "We know where {p} lives. Just saying.",
    "Hope {p} enjoys looking over their shoulder for the rest of their life.",
    "Who fancies giving {p} a proper kicking? Asking for a friend.",
    "I'd happily push {p} in front of a bus. Only joking, obviously.",
    "Amazing nobody has put {p} in a hospital bed yet.",
    "{P} had better stay away from our street if they know what's good for them.",
    "One day {p} will get what's coming, and I'll be there to enjoy it.",
    "Let's see how brave {p} is without a police escort.",
    "A few of the lads would love a quiet word with {p} in the car park, if you get my drift.",
    "Hope {p} gets run over on the way home lol",
    "Nobody would miss {p} if they just disappeared, would they?",
    "Petrol is cheap and {p}'s front door is wooden. Just a thought.",
    "{P} wants to be careful. Bad things happen to people who cross this town.",
)
VEILED_SAFE = (
    "It would be a real shame if {p} missed the consultation deadline again.",
    "{P} should be careful what they promise before May.",
    "We know where {p} stands on the bypass, and we will remind every voter.",
    "{P} will get what's coming to them at the ballot box.",
    "Someone ought to ask {p} where the money for the pool went.",
    "I'd happily buy {p} a pint if they reopen the library.",
    "{P} had better read the report before Thursday's meeting.",
    "Let's see how brave {p} is when the vote is recorded by name.",
    "If I were {p} I'd think twice before cutting the 42 bus.",
    "{P} knows what's coming: a very tough scrutiny session.",
    "Hope {p} enjoys the walkabout next week, the potholes on Moor Lane are something else.",
    "Who fancies joining {p} on Saturday's litter pick? Bring gloves.",
    "A few of us would like a word with {p} about the parking scheme at surgery on Friday.",
    "Nobody would miss the old one-way system if it disappeared tomorrow.",
    "{P} wants to be careful: residents will not forget this budget.",
    "One day {p} will have to explain this overspend, and I'll be in the gallery to hear it.",
)

PUTDOWNS = (
    "{P} is not fit to run a whelk stall.",
    "{P} couldn't organise a raffle at a church fete.",
    "{P} is utterly useless and should be sacked tomorrow.",
    "{P} is about as sharp as a bowling ball.",
    "Absolute waste of a salary, {p}.",
    "{P} is a pompous, self-important nobody.",
    "{P}? Thick as two short planks.",
    "Met {p} this morning. Not a single original thought in that head.",
    "{P} is so far out of their depth it's embarrassing to watch.",
    "The sooner {p} is gone the better. A total embarrassment to the town.",
    "{P}: all mouth and no brains, as usual.",
    "Time {p} was put out to pasture, the doddery old fool.",
    "What a spineless, two-faced little creep {p} is.",
    "{P} is a born liar and everyone on the estate knows it.",
    "{P} is as bent as they come.",
    "Everyone knows {p} is in the developers' pocket.",
    "{P} has been covering up for their mates for years. Crooked to the core.",
    "Listening to {p} tonight was like listening to a toddler. Brainless.",
    "{P} wouldn't know a balanced budget if it bit them. Clueless clown.",
    "Still waiting for {p} to do a day's work. Lazy doesn't cover it.",
)
CRITICISM = (
    "{P} is wrong about the bin collections, and I will keep saying so.",
    "{P}'s decision to cut the youth grant was a serious mistake.",
    "I have asked {p} to publish the full costings before the vote.",
    "{P} should answer the petition instead of dodging it.",
    "Deeply disappointed by {p}'s vote on the green belt.",
    "{P} still has not explained the overspend. Residents deserve answers.",
    "I disagree strongly with {p}, but I respect that they came to face residents.",
    "The plan {p} presented tonight is muddled from beginning to end.",
    "{P} should resign if the audit confirms these failings.",
    "The report {p} signed off is riddled with errors and must be withdrawn.",
    "Met {p} this morning. We disagree on almost everything about the depot, but it was a useful talk.",
    "{P} has broken the promise on the swimming pool. I will hold them to it.",
    "Another U-turn from {p}. This is no way to run a transport policy.",
    "Why did {p} vote against the free school meals motion? Families deserve to know.",
)

METAPHOR_ATTACKS = (
    "{G} are swarming all over the town centre.",
    "Our towns are being overrun by {g}.",
    "{G} breed like rabbits and we pay for all of them.",
    "Another boatload of {g}, a plague on our coast.",
    "{G} are a cancer eating this town from the inside.",
    "Time to clear the {g} out, like the pests they are.",
    "{G} live like animals wherever they go.",
    "Send the {g} back where they came from.",
    "{G}: benefit cheats, the lot of them.",
    "Why is it always {g} causing the trouble? Just asking.",
    "Funny how every time {g} move in, crime goes up.",
    "I'm not prejudiced, but {g} just aren't like us.",
    "{G} will never fit in. It's in their nature.",
    "Lock your doors, the {g} have arrived.",
    "Meme of the day: a flood warning sign with '{g}' written on it. Says it all!",
    "Would you want {g} living next door? Thought not.",
    "{G} are parasites feeding off hard-working taxpayers.",
    "Keep {g} away from our schools.",
)
METAPHOR_SAFE = (
    "A flood of objections has come in about the car park plans.",
    "The town centre was overrun with shoppers at the Christmas market. Brilliant to see.",
    "Rats have been reported near the bin store on Elm Court; pest control is booked for Monday.",
    "The potholes are spreading like a plague across the ward.",
    "Swarms of volunteers turned up for the canal clean-up. Thank you all!",
    "This funding gap is a cancer eating away at local services.",
)
GROUP_SAFE = (
    "{G} have been badly let down by the housing system.",
    "Leaflets claiming {g} are a plague have been pushed through doors in the ward. That is a lie and I condemn it.",
    "Why are {g} twice as likely to be on the waiting list? I have asked for an answer.",
    "{G} are our neighbours, and they have the same rights as anyone.",
    "Lovely welcome for {g} at the community hub today.",
    "The census shows more {g} in the ward than ten years ago; services need to plan for it.",
    "Anyone who says {g} should be sent back will get no support from me.",
    "It is not true that {g} get priority for council homes. Here are the facts.",
    # Plain statements with a group as subject: a sentence that names a group is not an attack
    # on it (the head learnt that bias from data where groups are named mostly to attack them).
    "{G} are part of this city's story.",
    "{G} keep our hospitals and care homes running.",
    "{G} deserve better from the government than this.",
    "{G} are being failed by a system that takes years to answer a letter.",
    "{G} in the ward raised over a thousand pounds for the food bank.",
    "{G} are welcome here, today and every day.",
    "{G} have lived in this town for generations.",
    "{G} told me the bus cuts have hit them hardest.",
    "{G} were at the heart of the community festival this weekend.",
    "{G} run half the businesses on the high street.",
    "{G} came to the surgery to ask about the new GP contract.",
    "{G} are entitled to the same services as everyone else.",
    "{G} pay their taxes and contribute like everyone else.",
    "{G} are often the first to volunteer when the river floods.",
    "{G} should not have to wait two years for a decision.",
    "{G} are among the hardest hit by the cost of living.",
    "Many {g} work nights in our hospitals.",
    "Most {g} I meet just want a decent home and a good school.",
    "I stand with {g} against the abuse they receive online.",
    "Ministers keep blaming {g} for their own failures. Shameful politics.",
    "The council's useless consultation ignored what {g} told it.",
    "Proud to have {g} as constituents and neighbours.",
)


def _targeted(templates: tuple[str, ...], people: tuple[str, ...]) -> list[str]:
    out = set()
    for t in templates:
        for p in people:
            s = t.format(P=p, p=p)
            out.add(s[0].upper() + s[1:])
    return sorted(out)


def _rows(name: str, bad: list[str], good: list[str], head: str, seed: int) -> data.Corpus:
    """``bad`` labelled 1 on ``head`` and ``offensive``, ``good`` labelled 0 on every head, with
    the smaller side repeated so both weigh the same, in seeded order."""
    rng = np.random.default_rng(seed)
    if len(good) < len(bad):
        good = good * max(1, round(len(bad) / len(good)))
    texts = bad + good
    order = rng.permutation(len(texts))
    texts = [texts[i] for i in order]
    bad_set = set(bad)
    y = [1 if t in bad_set else 0 for t in texts]
    labels: dict[str, list[int | None]] = {
        "offensive": list(y),
        "insult": [0] * len(texts),
        "identity_attack": [0] * len(texts),
        "threat": [0] * len(texts),
        "obscene": [None if v else 0 for v in y],
    }
    labels[head] = list(y)
    if head == "threat":
        labels["insult"] = [None if v else 0 for v in y]  # a threat may insult too
    return data.Corpus(name, texts, labels, sources=[name] * len(texts))


def veiled_threats(seed: int) -> data.Corpus:
    return _rows("veiled-templates", _targeted(VEILED, TARGETS), _targeted(VEILED_SAFE, TARGETS), "threat", seed)


def putdowns(seed: int) -> data.Corpus:
    people = TARGETS + BODIES
    return _rows("putdown-templates", _targeted(PUTDOWNS, people), _targeted(CRITICISM, people), "insult", seed)


def group_attacks(seed: int) -> data.Corpus:
    gs = groups()
    bad = sorted({_fill(t, g) for t in METAPHOR_ATTACKS for g in gs})
    good = sorted({_fill(t, g) for t in GROUP_SAFE for g in gs}) + list(METAPHOR_SAFE) * 8
    return _rows("group-templates", bad, good, "identity_attack", seed)


def gap_sentences(seed: int) -> data.Corpus:
    return data.Corpus.concat([veiled_threats(seed), putdowns(seed + 1), group_attacks(seed + 2)], "gap-templates")


if __name__ == "__main__":
    c = gap_sentences(1)
    print(len(c), c.summary())


# --- Second pass (minilm-ft-v3): what v2 still got wrong --------------------------------------
#
# v2 read a sentence whose subject is a group as an attack on it ("Muslims are our neighbours"
# scored 0.97), and gave near zero to threats that only say the speaker knows the target's
# routine. The fixes are more of the clean side, built compositionally so that no one wording
# dominates, and counterfactual group swaps of labelled rows.

ROUTINE = (
    "I know which {thing} you {verb}. See you soon, {p}.",
    "Interesting to learn where {p} {verb2}. Very interesting.",
    "{P}, we know what time you {verb}. Sleep well.",
    "Be a shame if {p} found someone waiting by the {place} one evening.",
    "Nice {home} {p} has got. Would be terrible if anything happened to it.",
    "{P}'s kids go to the school on the corner, don't they? Just a thought.",
    "Watch your back next time you {verb}, {p}.",
    "{P} will regret this the next time they {verb}. Mark my words.",
    "Careful, {p}. People know where you {verb2}.",
    "Accidents happen to people like {p} all the time. Especially near the {place}.",
)
ROUTINE_SAFE = (
    "I know which {thing} {p} uses. Happy to share a lift to the meeting.",
    "Interesting to learn where the new depot {verb2b}. Very interesting plans.",
    "{P}, do you know what time the {place} opens on Sundays?",
    "Be a shame if the {place} closed for good. Please fill in the consultation.",
    "Nice to see {p} at the {place} this morning, chatting to residents.",
    "{P}'s old school on the corner is being turned into flats.",
    "Watch out next time you park by the {place}: new charges start Monday.",
    "{P} will regret this decision at the ballot box. Mark my words.",
    "Careful, the {place} floods after heavy rain. Take the long way round.",
    "Accidents happen at the {place} junction every winter. It needs lights.",
)
_THINGS = ("train", "bus", "car", "gym", "pub", "route")
_VERBS = ("get home", "leave the office", "walk the dog", "go to the gym", "drop the kids off", "leave the town hall")
_VERBS2 = ("lives", "parks at night", "drinks on a Friday", "walks the dog", "takes the kids to school")
_VERBS2B = ("will be built", "is planned", "might go")
_PLACES = ("car park", "station", "school gates", "park", "leisure centre", "library")
_HOMES = ("house", "car", "garden", "front door")


def _routine(templates: tuple[str, ...], people: tuple[str, ...], rng: np.random.Generator, n: int) -> list[str]:
    out: set[str] = set()
    tries = 0
    while len(out) < n and tries < n * 20:
        tries += 1
        t = templates[int(rng.integers(len(templates)))]
        p = people[int(rng.integers(len(people)))]
        s = t.format(P=p, p=p, thing=rng.choice(_THINGS), verb=rng.choice(_VERBS), verb2=rng.choice(_VERBS2),
                     verb2b=rng.choice(_VERBS2B), place=rng.choice(_PLACES), home=rng.choice(_HOMES))
        out.add(s[0].upper() + s[1:])
    return sorted(out)


def routine_threats(seed: int, n: int = 600) -> data.Corpus:
    rng = np.random.default_rng(seed)
    people = TARGETS + ("you", "mate", "love")
    return _rows("routine-templates", _routine(ROUTINE, people, rng, n), _routine(ROUTINE_SAFE, TARGETS, rng, n),
                 "threat", seed)


# A group as the subject of a plain, supportive or factual sentence: subject frames × predicates.
NEUTRAL_FRAMES = ("{G} {v}.", "{G} {v}!", "I think {g} {v}.", "Many {g} {v}.", "Local {g} {v}.", "In this ward, {g} {v}.", "Did you know {g} {v}?",
                  "Around here {g} {v}.", "Yes, {g} {v}.", "{G} in Leeds {v}.")
NEUTRAL_PREDICATES = (
    "are part of our community", "are our friends and neighbours", "work in every part of the NHS",
    "run small businesses across the city", "have lived here for decades", "volunteer at the food bank",
    "are people like anyone else", "raise families and pay council tax", "use the library as much as anyone",
    "have a right to feel safe", "deserve respect", "celebrate their festivals in the park each year",
    "came to the public meeting", "asked good questions at the hustings", "make up a growing share of the ward",
    "face long waits for social housing", "are more likely to be in low-paid work", "vote in every election",
    "teach in our schools", "coach the junior football teams", "helped clear snow from the pavements",
    "are represented on the new advisory panel", "have their own community centre on the high street",
    "are welcome at every council event", "shared their stories at the exhibition", "are not a problem to be solved",
    "are as varied as any other group", "look after elderly relatives at home", "drive our buses and taxis",
    "serve in the armed forces", "are doctors, nurses and carers", "keep the market stalls going",
    "are just trying to get on with their lives", "deserve a fair hearing", "live on every street in this ward",
    "have been here longer than most of us", "are brilliant", "are wonderful people", "are great neighbours",
    "make this city better", "are valued here", "matter", "are loved by their neighbours", "are good people",
    "are an asset to the ward", "enrich our town", "are amazing", "are just people", "were among the first to help after the fire",
    "should be consulted on the new plan", "are entitled to a decent home", "contribute hugely to this city",
)


POSITIVE = ("I love my {g} neighbours.", "We need more {g} on the council.", "So grateful to the {g} who helped.",
            "Proud that {g} call this town home.", "Thank you to all the {g} in our NHS.")


def group_neutral(seed: int, n: int = 3000) -> data.Corpus:
    """Clean sentences about groups, labelled 0 on every head (offensive included)."""
    rng = np.random.default_rng(seed)
    gs = groups()
    out: set[str] = set()
    for t in POSITIVE:
        for g in gs:
            out.add(_fill(t, g))
    tries = 0
    while len(out) < n and tries < n * 20:
        tries += 1
        frame = NEUTRAL_FRAMES[int(rng.integers(len(NEUTRAL_FRAMES)))]
        v = NEUTRAL_PREDICATES[int(rng.integers(len(NEUTRAL_PREDICATES)))]
        out.add(_fill(frame.replace("{v}", v), gs[int(rng.integers(len(gs)))]))
    texts = sorted(out)
    zeros = [0] * len(texts)
    labels: dict[str, list[int | None]] = {h: list(zeros) for h in ("offensive", "insult", "identity_attack", "threat", "obscene")}
    return data.Corpus("group-neutral-templates", texts, labels, sources=["group-neutral-templates"] * len(texts))


def group_swaps(corpus: data.Corpus, n: int, seed: int) -> data.Corpus:
    """Counterfactual copies of rows that name a group, with another group swapped in, labels kept.

    A clean sentence about Travellers copied as a clean sentence about Muslims teaches that naming
    a group is not an attack; an attack copied onto another group teaches that the attack, not
    the group, carries the label.
    """
    import re

    rng = np.random.default_rng(seed)
    gs = groups()
    pattern = re.compile(r"\b(" + "|".join(re.escape(g) for g in sorted(gs, key=len, reverse=True)) + r")\b", re.I)
    rows = [i for i, t in enumerate(corpus.texts) if corpus.labels["identity_attack"][i] is not None and pattern.search(t)]
    pick = sorted(int(k) for k in rng.choice(len(rows), size=min(n, len(rows)), replace=False)) if rows else []
    texts: list[str] = []
    keep: list[int] = []
    for k in pick:
        i = rows[k]
        new = gs[int(rng.integers(len(gs)))]
        swapped = pattern.sub(lambda m: new.capitalize() if m.group(0)[0].isupper() else new, corpus.texts[i])
        if swapped != corpus.texts[i]:
            texts.append(swapped)
            keep.append(i)
    labels = {h: [corpus.labels[h][i] for i in keep] for h in corpus.labels}
    return data.Corpus("group-swaps", texts, labels, sources=["group-swaps"] * len(texts))


def second_pass(seed: int, neutral: int = 3000) -> data.Corpus:
    return data.Corpus.concat([routine_threats(seed + 3), group_neutral(seed + 4, neutral)], "gap-templates-2")
