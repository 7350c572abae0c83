"""The ``group_claim`` kind: a sweeping claim about a whole group of people.

Standards panels see the same shape again and again in group attacks, whatever the words: a group
defined by who its members are (the pack's group vocabulary, and "they" once the post has named
one) is the subject of a generic statement ("Travellers are…", "they're all…", "every one of
them…"), and what is said of it is hostile; or the group is cast as a mass or a pest (a flood,
a swarm, a plague of people; people "overrunning" a town). The kind finds the shape; what makes
the claim hostile comes from two sources, so that no word list has to be complete:

- *words*: a term from the pack's vocabularies named in ``hostile`` (insults, allegations,
  dehumanising terms) inside the claim, which also anchors the span;
- *the model*: the learned head named in ``head`` (identity attack), run on the claim alone (the
  group and what is said of it, up to the end of its clause), at or above ``model_floor``. The
  frame supplies the precision that the head lacks on a whole post: "Migrants are welcome here,
  but the Home Office is useless" scores high as a post and low as the claim it makes.

Negated claims ("refugees are not criminals"), reported or quoted ones, and groups that are the
object rather than the subject ("we welcome refugees") are not raised. The ``metaphor`` frame
needs no hostile predicate: casting people as a flood or an infestation is the attack. It also
reads a place said to be overrun in the sentence that names a group or the one after it ("Another
60 asylum seekers at the hotel. The town is being overrun."), unless something else fills the
place ("flooded with offers of help", "overrun by tourists").

A third shape needs no claim at all: the member's own hostility to a group, said outright. With
``stances`` the speaker ("I", "we") holds a listed stance towards a group that is its object
("I can't stand Travellers", "we're sick of immigrants"); with ``revulsions`` the group is the
subject of what it does to the speaker ("gay people make me sick"). Neither is raised when it is
negated ("I don't hate refugees"), reported, or aimed at something the group does or suffers
rather than at the group ("I hate refugees being blamed for everything", "I hate Travellers
who fly-tip": behaviour and a subset, left to the other shapes and the model).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field, model_validator

from pausecheck._types import Head
from pausecheck.detectors.base import Detector, Inspection, PackResources, make_hit
from pausecheck.detectors.matching import Found, TermIndex
from pausecheck.detectors.options import KindOptions
from pausecheck.findings import Hit
from pausecheck.text.doc import GROUP_MASKED, GROUP_PHRASE, Doc

#: Words that may stand before a group noun used as a generic subject.
_SUBJECT_LEAD = frozenset(
    "all most many so too these those such every the of why do are and but because cos coz "
    "how when if".split()
)
#: Words right after the group that make it the subject of a generic claim.
_GENERIC_NEXT = frozenset(
    "are is were be all always never just only only really simply basically literally "
    "will would won't don't do can't cannot should need keep come came get take took bring aren't isn't weren't "
    "want think have has".split()
)
_QUANTIFIERS = frozenset("all every most these those".split())
_COPULA = frozenset("are is were was".split())
#: Quantified pronoun claims: "they're all", "they are all", "every one of them", "the lot of them".
_PRONOUN_CLAIM = regex.compile(
    r"(?i)\b(?:they(?:'re|’re| are|re)\s+(?:all|just|always|never|nothing but)\b"
    r"|(?:every(?:\s+single)?\s+one|each\s+one|the\s+lot|all)\s+of\s+them\b"
    r"|their\s+(?:kind|sort|lot)\b)"
)
#: Negation inside the claim, before the hostile word.
_NEGATION = frozenset("not no nothing".split())
#: Negation that denies a group what everyone is ("will never be one of us").
_DENYING = _NEGATION | {"never"}
#: Words that end the claim: what follows is said of something else ("…are welcome, but the
#: scheme is useless").
_CLAUSE_BREAK = frozenset("but while whereas although though unlike except".split())
_BREAK_CHARS = regex.compile(r"[,;:()\[\]—–]|\s-\s")
#: Words that may stand between a group and the metaphor it is the subject of.
_AUX = frozenset("are is were was keep kept just still now have has been already all literally simply "
                 "coming come".split())
#: Places that a mass metaphor may be said of when the post has just named a group: "Another 60
#: asylum seekers at the Royal Hotel. The town is being overrun." The metaphor is the attack on
#: the group named before it, though its subject is the town.
_PLACES = frozenset("town towns city cities country village villages area areas estate estates street streets "
                    "neighbourhood neighbourhoods ward community communities britain england wales scotland uk "
                    "nation borough county island".split())
#: Words after the metaphor that show the place is not what is overrun by the group: an agent
#: or filler ("with offers", "by tourists") or an object ("flooding the church").
_NOT_PASSIVE = frozenset("with by the a an our their his her its my your this that these those".split())
#: Words that may stand between such a place and the metaphor ("is being overrun", "has been flooded").
_PLACE_AUX = _AUX | frozenset("being getting got".split())
#: How many words after the group noun the claim may run (it also stops at the sentence end).
_CLAIM_WORDS = 14
#: Words that may follow a denial and leave it the claim's end: "not normal and never will be".
_AFTER_DENIAL = frozenset("and or but at all in here anyway whatever either though".split())
#: The speaker of a stance: "I hate", "we're sick of".
_SPEAKERS = frozenset("i we i'm we're im were i've we've i'd we'd".split())
#: Words that may stand between the speaker and the stance ("I really do hate", "I am sick of").
_STANCE_FILLERS = frozenset(
    "really just absolutely genuinely honestly truly do did all so totally utterly completely frankly am are "
    "getting got simply still always quite bloody have".split())
#: Words that may stand between the stance and the group it is held towards ("I hate all
#: immigrants", "sick of these asylum seekers").
_OBJECT_LEAD = frozenset("all the these those them".split())
#: A word right after the group that makes the object something the group does or suffers, or a
#: subset of it ("I hate refugees being blamed", "Travellers who fly-tip", "migrants to be
#: treated like this").
_NOT_THE_GROUP = frozenset("being getting having who that which whose to when like".split())
#: Verbs of saying that make a stance someone else's words about the member, unquoted ("anyone
#: who says I hate gay people", "the leaflet said I hate immigrants").
_SAYING = frozenset("say says said saying claim claims claimed claiming suggest suggests suggested suggesting "
                    "imply implies implied implying think thinks thought pretend pretends pretended post posts posted "
                    "write writes wrote tweeted shout shouts shouted".split())
#: The opening of an answer that denies a stance put as a question ("I hate Muslims? No.").
_DENIAL = frozenset("no nope never not".split())
#: The speaker a revulsion is felt by, right after it when its term does not name them.
_FELT_BY = frozenset("me us".split())
#: First-person words inside a revulsion term ("make me sick", "turn my stomach").
_FIRST_PERSON = frozenset("me us my our".split())
#: Words that may stand between a group and its revulsion ("Muslims honestly disgust me").
_REVULSION_FILLERS = frozenset("really just all honestly genuinely frankly literally simply actually".split())


class GroupClaimOptions(KindOptions):
    """A sweeping claim about a whole group, hostile by its words, by the model, or by metaphor."""

    kind: Literal["group_claim"]
    #: The pack vocabularies that name groups (protected characteristics, commonly targeted).
    groups: list[str] = Field(min_length=1)
    #: Vocabularies whose terms make a generic claim hostile (and mark the span).
    hostile: list[str] = []
    #: Vocabularies of mass and pest metaphors ("flood", "swarm", "overrunning"): a metaphor
    #: joined to a group is raised without a hostile predicate.
    metaphors: list[str] = []
    #: The learned head that can make a generic claim hostile without any listed word; empty to
    #: use words only.
    head: Head | Literal[""] = "identity_attack"
    #: The head's probability at or above which a generic claim counts as hostile.
    model_floor: float = Field(0.5, ge=0, le=1)
    #: The head's probability on the whole post below which its claims are not read at all (a
    #: cheap check: a post the head finds harmless holds no hostile claim). Unset: model_floor.
    #: A long post dilutes the head's reading of its one hostile claim ("Roma families just
    #: don't value education, that's why attendance … Stop wasting money on outreach": 0.29 as a
    #: post, 0.87 as the claim), so a rule may read claims in posts from a lower bar, where
    #: ``corroborate`` must agree on the claim.
    post_floor: float | None = Field(None, ge=0, le=1)
    #: Below model_floor on the whole post, the claim counts only when this head (the group-attack
    #: head) also reads it at ``corroborate_floor`` or more.
    corroborate: Head | Literal[""] = ""
    #: The probability at or above which ``corroborate`` agrees on the claim.
    corroborate_floor: float = Field(0.7, ge=0, le=1)
    model: str | None = None
    #: The score of a claim made hostile by words or by the model.
    score: float = Field(0.85, ge=0, le=1)
    score_metaphor: float = Field(0.8, ge=0, le=1)
    #: Vocabularies of what a group is said, negated, not to be ("normal", "human", "real
    #: Britons"): "Gay people are not normal" is hostile by its negation, where "Refugees are not
    #: criminals" defends them.
    denials: list[str] = []
    #: Vocabularies of stances the speaker may hold towards a group ("hate", "can't stand",
    #: "sick of"): "I hate immigrants" is raised without any claim about them.
    stances: list[str] = []
    #: Vocabularies of what a group may be said to do to the speaker ("disgust", "make me sick"):
    #: "Gay people disgust me".
    revulsions: list[str] = []
    #: Vocabularies of what a group should never have to suffer or has a right to ("should never
    #: have to", "deserves better"): a claim holding one defends the group, and the model, which
    #: reads the harm it names as an attack, is not asked.
    defended: list[str] = []
    #: The score of a stance or a revulsion towards a group.
    score_stance: float = Field(0.85, ge=0, le=1)
    skip_reported: bool = True

    @model_validator(mode="after")
    def _lower_bar_needs_a_second_head(self) -> GroupClaimOptions:
        if self.post_floor is not None and self.post_floor > self.model_floor:
            raise ValueError("'post_floor' may only lower the bar: it must not exceed 'model_floor'")
        if self.post_floor is not None and self.post_floor < self.model_floor and not self.corroborate:
            raise ValueError("a 'post_floor' below 'model_floor' needs 'corroborate': a second head that must "
                             "agree on the claim")
        if self.corroborate and self.corroborate == self.head:
            raise ValueError("a head cannot corroborate itself")
        if (self.post_floor is not None or self.corroborate) and not self.head:
            raise ValueError("'post_floor' and 'corroborate' need 'head'")
        return self

    def vocab_names(self) -> Iterator[str]:
        return iter([*self.groups, *self.hostile, *self.metaphors, *self.stances, *self.revulsions, *self.defended,
                     *self.denials])


class GroupClaimKind(Detector):
    kind = "group_claim"
    options = GroupClaimOptions
    spec: GroupClaimOptions

    def __init__(self, spec: GroupClaimOptions, pack: PackResources) -> None:
        super().__init__(spec, pack)
        self._groups = TermIndex(pack.words(spec.groups))
        self._hostile = TermIndex(pack.words(spec.hostile))
        self._metaphors = TermIndex(pack.words(spec.metaphors))
        self._stances = TermIndex(pack.words(spec.stances))
        self._revulsions = TermIndex(pack.words(spec.revulsions))
        self._defended = TermIndex(pack.words(spec.defended))
        self._denials = TermIndex(pack.words(spec.denials))

    @property
    def model_name(self) -> str:
        return self.spec.model or self.pack.settings.default_model

    def models(self) -> tuple[str, ...]:
        return (self.model_name,) if self.spec.head else ()

    def find(self, ins: Inspection, floor: float = 0.5) -> list[Hit]:
        doc = ins.doc
        words = doc.words
        groups = [(i, j) for i, j, _ in self._groups.find(words, doc.normalised)]
        # A group the text analysis built from a modifier and a noun of people ("Roma families"),
        # or found in a disguised spelling ("Mu$lims"), counts as named, unless it holds a group
        # from the pack's list already.
        for t in doc.targets:
            if t.label in (GROUP_PHRASE, GROUP_MASKED):
                i = bisect.bisect_left(doc.word_starts, t.n_start)
                j = bisect.bisect_left(doc.word_starts, t.n_end)
                if i < j and not any(a < j and i < b for a, b in groups):
                    groups.append((i, j))
        groups.sort()
        if not groups:
            return []
        hits: list[Hit] = []
        seen: set[tuple[int, int]] = set()

        def keep(hit: Hit) -> None:  # one hit per stretch, whichever shape found it first
            if (hit.start, hit.end) not in seen:
                seen.add((hit.start, hit.end))
                hits.append(hit)

        claims = self._claims(doc, groups)
        for i, j, strict, pronoun in claims:
            claim = self._claim_words(doc, j)
            if not claim:
                continue
            # A loose frame ("Travellers leave…") is generic only as the model reads it; words
            # alone would raise "Pensioners lose out as the useless council cuts buses".
            hit = (self._hostile_words(ins, i, j, claim) or self._denial(ins, i, j, claim) if strict else None) \
                or self._model(ins, i, j, claim, pronoun)
            if hit is not None:
                keep(hit)
        hits += self._metaphor_hits(ins, groups, seen)
        for hit in [*self._stance_hits(doc, groups), *self._revulsion_hits(doc, claims)]:
            keep(hit)
        return hits

    # -- the shape ----------------------------------------------------------------------------

    def _claims(self, doc: Doc, groups: list[tuple[int, int]]) -> list[tuple[int, int, bool, bool]]:
        """Token ranges of a group (or a pronoun standing for one) that is a generic subject.

        The third item says whether the frame is strict (a copula, quantifier or habitual word
        follows: "Travellers are…", "they're all…") or loose (any verb follows a group in
        subject position: "Travellers leave…"); the fourth, whether the subject is a pronoun
        standing for a group ("they're all…"), whose claim the model reads with its sentence.
        """
        words = doc.words
        out: list[tuple[int, int, bool, bool]] = []
        for i, j in groups:
            before = words[i - 1].key if i > 0 and words[i - 1].sentence == words[i].sentence else ""
            if j >= len(words) or words[j].sentence != words[i].sentence:
                continue
            if not before or before in _SUBJECT_LEAD:
                # "Every refugee in this valley is…": a quantified group keeps a strict frame
                # through a short phrase before its verb.
                ahead = [w.key for w in words[j:j + 5] if w.sentence == words[i].sentence]
                strict = words[j].key in _GENERIC_NEXT or (
                    before in _QUANTIFIERS and any(k in _COPULA for k in ahead))
                out.append((i, j, strict, False))
        for m in _PRONOUN_CLAIM.finditer(doc.normalised):
            i = bisect.bisect_left(doc.word_starts, m.start())
            j = bisect.bisect_left(doc.word_starts, m.end())
            if i >= len(words):
                continue
            # "they" stands for a group the post names before it, or later in the same sentence
            # ("they're all cheats, these asylum seekers").
            if any(gi < i or words[gi].sentence == words[i].sentence for gi, _ in groups):
                out.append((i, max(j, i + 1), True, True))
        return out

    @staticmethod
    def _claim_words(doc: Doc, j: int) -> tuple[int, int] | None:
        """The token range said of the group: up to the sentence end, at most _CLAIM_WORDS."""
        words = doc.words
        if j >= len(words):
            return None
        sentence = words[j - 1].sentence
        end = j
        while end < len(words) and end - j < _CLAIM_WORDS and words[end].sentence == sentence:
            if words[end].key in _CLAUSE_BREAK:
                break
            if end > j and _BREAK_CHARS.search(doc.normalised, words[end - 1].n_end, words[end].n_start):
                break
            end += 1
        return (j, end) if end > j else None

    @staticmethod
    def _negated(doc: Doc, j: int, k: int, negations: frozenset[str] = _NEGATION) -> bool:
        return any(t.key in negations or t.key.endswith("n't") for t in doc.words[j:k])

    @staticmethod
    def _aimed_elsewhere(doc: Doc, n_start: int, n_end: int) -> bool:
        """The claim also names someone else: a person, a role, a body or an organisation.

        "Disabled people deserve better from this useless government" and "Refugees are being
        failed by this council" are about the government and the council; the hostility is
        theirs to answer for, and defending a group from them is political speech.
        """
        return any(n_start <= t.n_start < n_end for t in doc.targets if t.kind not in ("group", "pronoun")) or any(
            n_start <= e.n_start < n_end for e in doc.entities if e.label == "ORG")

    def _reported(self, doc: Doc, n_start: int, n_end: int) -> bool:
        return self.spec.skip_reported and doc.is_reported(n_start, n_end)

    # -- what makes it hostile ------------------------------------------------------------------

    @staticmethod
    def _first_term(matcher: TermIndex, doc: Doc, claim: tuple[int, int]) -> tuple[int, int, str] | None:
        """The first of the matcher's terms in the claim: its first and past-the-end word in the
        post, and the term."""
        a, b = claim
        found = matcher.find(doc.words[a:b], doc.normalised) if matcher else []
        if not found:
            return None
        hi, hj, term = found[0]
        return a + hi, a + hj, term

    def _hostile_words(self, ins: Inspection, i: int, j: int, claim: tuple[int, int]) -> Hit | None:
        doc = ins.doc
        first = self._first_term(self._hostile, doc, claim)
        if first is None or self._negated(doc, j, first[0]):
            return None
        k, end, term = first
        return self._term_hit(doc, i, j, claim[1], k, end, "a claim about all of '{group}': '{term}'", term)

    def _term_hit(self, doc: Doc, i: int, j: int, b: int, lo: int, hi: int, why: str, term: str) -> Hit | None:
        """A claim about group ``i:j`` (running to ``b``) made hostile by the words ``lo:hi``, which
        hold ``term``; ``why`` names ``{group}`` and ``{term}``. None where reported or aimed at
        someone else."""
        words = doc.words
        ne = words[hi - 1].n_end
        if self._reported(doc, words[i].n_start, ne) or self._aimed_elsewhere(doc, words[j].n_start, words[b - 1].n_end):
            return None
        group = Found(words[i].n_start, words[j - 1].n_end, "group")
        return make_hit(doc, words[lo].n_start, ne, self.spec.score,
                        why.format(group=doc.normalised[group.n_start:group.n_end], term=term), evidence=[group])

    @staticmethod
    def _said_of_the_group(doc: Doc, k: int, end: int) -> bool:
        """The term ends what is said of the group, not describing a noun after it ("not normal
        users of the bus station", "human litter")."""
        words = doc.words
        return not (end < len(words) and words[end].sentence == words[k].sentence
                    and words[end].key not in _AFTER_DENIAL
                    and not _BREAK_CHARS.search(doc.normalised, words[end - 1].n_end, words[end].n_start))

    def _denial(self, ins: Inspection, i: int, j: int, claim: tuple[int, int]) -> Hit | None:
        """The group said not to be what everyone is: "Muslims are not real Britons"."""
        doc = ins.doc
        first = self._first_term(self._denials, doc, claim)
        if first is None:
            return None
        k, end, term = first
        # The negation opens the claim's verb phrase ("are not", "will never be"), right before
        # the term or its "real"/"proper".
        if k - j > 4 or not self._negated(doc, j, k, _DENYING) or not self._said_of_the_group(doc, k, end):
            return None
        return self._term_hit(doc, i, j, claim[1], j, end, "'{group}' said not to be '{term}'", term)

    def _model(self, ins: Inspection, i: int, j: int, claim: tuple[int, int], pronoun: bool) -> Hit | None:
        if not self.spec.head:
            return None
        doc = ins.doc
        words = doc.words
        b = claim[1]
        ns, ne = words[i].n_start, words[b - 1].n_end
        if self._reported(doc, ns, ne) or self._aimed_elsewhere(doc, words[j].n_start, ne):
            return None
        if self._defended and self._defended.find(words[j:b], doc.normalised):
            return None
        # "Gay people are normal": a group said to belong, which the head misreads (0.69).
        a = claim[0]
        if any(not self._negated(doc, j, a + hi, _DENYING) and self._said_of_the_group(doc, a + hi, a + hj)
               for hi, hj, _ in self._denials.find(words[a:b], doc.normalised)):
            return None
        # Cheap check first: a post the head finds harmless holds no hostile claim. Negation is
        # left to the model here: "aren't clever enough" is negated and hostile.
        post_p = ins.predictions(self.model_name).get(self.spec.head, 0.0)
        if post_p < (self.spec.post_floor if self.spec.post_floor is not None else self.spec.model_floor):
            return None
        # The model reads the claim; a pronoun's claim is read with its sentence, which names
        # the group ("they're all cheats, these asylum seekers").
        if pronoun:
            sentence = doc.sentences[words[i].sentence]
            text = doc.normalised[sentence.n_start:sentence.n_end]
        else:
            text = doc.normalised[ns:ne]
        row = ins.predict_texts(self.model_name, [text])[0]  # once per post, however many shapes ask
        p = row[self.spec.head]
        if p < self.spec.model_floor:
            return None
        why = (f"a generic claim about '{doc.normalised[words[i].n_start:words[j - 1].n_end]}'; "
               f"model head '{self.spec.head}' p={p:.2f} (floor {self.spec.model_floor:.2f})")
        if post_p < self.spec.model_floor:
            # Read from the lower bar: the second head must agree on the claim.
            q = row.get(self.spec.corroborate, 0.0)
            if q < self.spec.corroborate_floor:
                return None
            why += (f"; the post as a whole scores {post_p:.2f}, and head '{self.spec.corroborate}' "
                    f"reads the claim at {q:.2f} (floor {self.spec.corroborate_floor:.2f})")
        return make_hit(doc, ns, ne, self.spec.score, why)

    def _metaphor_hits(self, ins: Inspection, groups: list[tuple[int, int]], seen: set[tuple[int, int]]) -> list[Hit]:
        if not self._metaphors:
            return []
        doc = ins.doc
        words = doc.words
        hits: list[Hit] = []
        for k, end, term in self._metaphors.find(words, doc.normalised):
            sentence = words[k].sentence
            # Joined in one phrase: "a flood of (illegal) migrants", "migrants (are) overrunning".
            near = [(i, j) for i, j in groups if words[i].sentence == sentence and (
                (end < len(words) and words[end].key == "of" and 0 < i - end <= 3)
                or (j <= k and k - j <= 3 and all(w.key in _AUX for w in words[j:k])))]
            place = None
            if not near:
                place, near = self._place_frame(doc, groups, k, end)
            if not near:
                continue
            i, j = near[0]
            # A place frame's span is the place and the metaphor, not the sentence before it.
            lo, hi = (min(i, k), max(j, end)) if words[i].sentence == sentence or place is None else (place, end)
            if self._negated(doc, lo, hi) or (lo > 0 and self._negated(doc, lo - 1, lo)):
                continue
            ns, ne = words[lo].n_start, words[hi - 1].n_end
            if self._reported(doc, ns, ne) or (ns, ne) in seen:
                continue
            seen.add((ns, ne))
            group = Found(words[i].n_start, words[j - 1].n_end, "group")
            why = f"'{term}' casts '{doc.normalised[group.n_start:group.n_end]}' as a mass or a pest"
            hits.append(make_hit(doc, ns, ne, self.spec.score_metaphor, why, evidence=[group]))
        return hits

    def _stance_hits(self, doc: Doc, groups: list[tuple[int, int]]) -> list[Hit]:
        """The speaker's stance towards a group as its object: "I can't stand Travellers"."""
        if not self._stances:
            return []
        words = doc.words
        hits: list[Hit] = []
        for k, end, term in self._stances.find(words, doc.normalised):
            sentence = words[k].sentence
            speaker = k - 1
            while speaker >= 0 and k - speaker <= 4 and words[speaker].sentence == sentence \
                    and words[speaker].key in _STANCE_FILLERS:
                speaker -= 1
            if speaker < 0 or words[speaker].sentence != sentence or words[speaker].key not in _SPEAKERS:
                continue
            group = next(((i, j) for i, j in groups if i >= end and i - end <= 2 and words[i].sentence == sentence
                          and all(w.key in _OBJECT_LEAD for w in words[end:i])), None)
            if group is None:
                continue
            i, j = group
            # Only fillers stand between the speaker and the stance, so "I don't hate…" never
            # gets here: a negation is not one.
            if self._about_what_they_do(doc, j, sentence) or self._put_in_their_mouth(doc, speaker):
                continue
            hit = self._stance_hit(doc, speaker, j, (i, j), f"'{term}' said of")
            if hit is not None:
                hits.append(hit)
        return hits

    def _revulsion_hits(self, doc: Doc, claims: list[tuple[int, int, bool, bool]]) -> list[Hit]:
        """A group as the subject of what it does to the speaker: "Gay people make me sick"."""
        if not self._revulsions:
            return []
        words = doc.words
        found = {i: (j, term) for i, j, term in self._revulsions.find(words, doc.normalised)}
        hits: list[Hit] = []
        for i, j, _, pronoun in claims:
            k = j
            while k < len(words) and k - j < 2 and words[k].sentence == words[i].sentence \
                    and words[k].key in _REVULSION_FILLERS:
                k += 1
            if pronoun or k not in found or words[k].sentence != words[i].sentence:
                continue
            end, term = found[k]
            felt_by_speaker = any(w.key in _FIRST_PERSON for w in words[k:end])
            if not felt_by_speaker:
                if end >= len(words) or words[end].sentence != words[k].sentence or words[end].key not in _FELT_BY:
                    continue
                end += 1
            # As with a stance, only fillers stand between the group and the revulsion: "Muslims
            # don't disgust me" never gets here.
            hit = self._stance_hit(doc, i, end, (i, j), f"'{term}' said by the speaker of")
            if hit is not None:
                hits.append(hit)
        return hits

    @staticmethod
    def _put_in_their_mouth(doc: Doc, speaker: int) -> bool:
        """The stance is what someone else says the member holds, or a question the member denies.

        "Anyone who says I hate gay people…", "The leaflet said that I hate immigrants"; "I hate
        Muslims? No. I hate bigotry." A member quoting their own words ("I said I hate…") is
        still saying them.
        """
        words = doc.words
        sentence = words[speaker].sentence
        k = speaker - 1
        if k >= 0 and words[k].key == "that":
            k -= 1
        if k >= 0 and words[k].sentence == sentence and words[k].key in _SAYING \
                and not (k > 0 and words[k - 1].sentence == sentence and words[k - 1].key in _SPEAKERS):
            return True
        span = doc.sentences[sentence]
        if doc.normalised[span.n_start:span.n_end].rstrip().endswith("?"):
            later = [w for w in words[speaker:] if w.sentence == sentence + 1]
            return bool(later) and later[0].key in _DENIAL
        return False

    @staticmethod
    def _about_what_they_do(doc: Doc, j: int, sentence: int) -> bool:
        """The words after a group make it something the group does or suffers, or a subset."""
        words = doc.words
        if j >= len(words) or words[j].sentence != sentence:
            return False
        if _BREAK_CHARS.search(doc.normalised, words[j - 1].n_end, words[j].n_start):
            return False
        nxt = words[j].key
        return nxt in _NOT_THE_GROUP or nxt.endswith(("ing", "ed"))

    def _stance_hit(self, doc: Doc, lo: int, hi: int, group: tuple[int, int], said: str) -> Hit | None:
        words = doc.words
        ns, ne = words[lo].n_start, words[hi - 1].n_end
        if self._reported(doc, ns, ne):
            return None
        g = Found(words[group[0]].n_start, words[group[1] - 1].n_end, "group")
        why = f"{said} '{doc.normalised[g.n_start:g.n_end]}', a whole group of people"
        return make_hit(doc, ns, ne, self.spec.score_stance, why, evidence=[g])

    @staticmethod
    def _place_frame(doc: Doc, groups: list[tuple[int, int]], k: int,
                     end: int) -> tuple[int | None, list[tuple[int, int]]]:
        """(the place's token, the groups) a metaphor at ``k`` about a place stands for: "our town
        is being overrun" in the sentence that names the group or the one right after it; no
        groups if the place is said to be flooded with something else ("flooded with offers")."""
        words = doc.words
        sentence = words[k].sentence
        i = k - 1
        while i >= 0 and words[i].sentence == sentence and words[i].key in _PLACE_AUX:
            i -= 1
        if i < 0 or words[i].sentence != sentence or words[i].key not in _PLACES:
            return None, []
        after = words[end].key if end < len(words) and words[end].sentence == sentence else ""
        by_group = [(gi, gj) for gi, gj in groups if after in ("with", "by") and 0 < gi - end <= 3]
        if by_group:  # "the town is flooded with migrants"
            return i, by_group
        # "flooded with offers of help", "overrun by tourists": something else fills the place;
        # "flooding the church with donations": the place does something to an object.
        if after in _NOT_PASSIVE:
            return i, []
        return i, [(gi, gj) for gi, gj in groups if words[gi].sentence in (sentence, sentence - 1) and gj <= k]
