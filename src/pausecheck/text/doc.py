"""The analysed post: built once, shared read-only by every detector.

All structures carry spans in the *normalised* text (``n_start``/``n_end``) and in the
*original* text (``start``/``end``); detectors match on the first and report the second.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import regex

from pausecheck._types import TargetKind
from pausecheck.text.lexicons import builtin
from pausecheck.text.normalise import NormalisedText, Vocabulary, normalise
from pausecheck.text.tokenise import TOKEN, TokenKind, token_kind, word_key
from pausecheck.text.urls import find_urls

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc as SpacyDoc

#: Titles that stand before a person's name.
_TITLE_WORDS = ("Cllr", "Councillor", "Coun", "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Sir", "Dame", "Lord", "Lady",
                "Prof", "Professor", "Rev", "Revd", "Reverend")
_TITLE_NAME = regex.compile(
    r"\b(?:" + "|".join(_TITLE_WORDS) + r")\.?"
    r"\s+(?:\p{Lu}\.?\s+)?\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)?"
)
#: The same in a post typed all in lower case ("spoke to cllr dean halloran about…"): only the
#: abbreviation, which stands before a name and nothing else ("the councillor said" does not),
#: and one or two words after it that are not words a sentence goes on with ("ask ur cllr about it").
_NOT_NAME_WORDS = (
    "a an the and or but for of to in on at by about with from who which that this is was are were be "
    "has have had hes shes will would should could can did does do just again today tonight said says "
    "my our your ur their his her its it me us them i we you they he she not no yes please thanks too"
).split()
_NOT_NAME = "(?:" + "|".join(_NOT_NAME_WORDS) + r")\b"
_LOWER_TITLE_NAME = regex.compile(
    r"(?<![\p{L}\p{N}@#])cllr\.?\s+(?!" + _NOT_NAME + r")\p{Ll}[\p{Ll}'’-]+"
    # A second word in -ed or -ing is the verb of the sentence ("cllr patel voted").
    r"(?:\s+(?!" + _NOT_NAME + r"|\p{Ll}+(?:ed|ing)\b)\p{Ll}[\p{Ll}'’-]+)?"
)
#: What a learned model reads in place of a person's name after a title (first name and
#: surname, or the surname alone: "Cllr Sam Clarke", "Cllr Clarke"). The models learnt from
#: words, and a name's word pieces can read as anything: "Lovely to see Cllr Giddings at the
#: fun day" scored 0.94 as a threat, and benign posts naming South Asian, Polish and West
#: African surnames were held back more often than those naming English ones
#: (benchmarks/name_fairness.py). One common name,
#: read the same everywhere, makes the verdict the same whoever is named. Clarke was the surname
#: whose head scores sat nearest the median of 98 surnames' on fine and risky template posts.
NAME_STAND_IN = ("Sam", "Clarke")
_TITLES = frozenset(t.lower() for t in _TITLE_WORDS)
#: A title or a name word, in any case ("Cllr", "cllr", "Pryce-Williams", "O’Brien").
_NAME_PART = regex.compile(r"[\p{L}][\p{L}'’.-]*")
_PLACE_WORDS = regex.compile(
    r"(?i)\b(?:lane|road|rd|street|st|avenue|ave|close|crescent|drive|grove|terrace|place|way|gardens|"
    r"court|mount|view|walk|row|square|hill|green|rise|mews|parade|library|park|centre|center|hall|"
    r"school|homes|panel|committee)$"
)
# Single quotes may hold an apostrophe between two letters ('I can't stand them'); one beside a
# space or a mark is the closing quote.
_QUOTES = regex.compile(r"[\"“”„«»]([^\"“”„«»\n]{1,300})[\"“”„«»]|(?<![\p{L}\p{N}])['‘]((?:[^'‘’\n]|(?<=\p{L})['’](?=\p{L})){1,200})['’](?![\p{L}\p{N}])")
# "called me a …", "told me I was a …": what follows is someone else's words.
_REPORTED_UNQUOTED = regex.compile(
    r"(?i)\b(?:call(?:ed|ing)|label(?:l)?ed|brand(?:ed|ing)|nam(?:ed|ing))\s+"
    r"(?:me|us|him|her|them|my\s+\w+|our\s+\w+|a\s+colleague|(?:cllr|councillor)\s+\w+)\s+"
    r"([^.!?\n,;]{1,60})"
    r"|\b(?:told|tell(?:ing)?|said|saying)\s+(?:me|us|him|her|them)?\s*(?:that\s+)?(?:i|we|he|she|they)\s+"
    r"(?:was|were|am|are|is|'m|’m)\s+([^.!?\n,;]{1,60})"
)
# Abuse *mentioned* in order to condemn it, without quote marks: "stop calling people X",
# "threatening to kill anyone is a crime". Counts only in a sentence that also condemns
# (the condemning cues), so "I'm calling it: X" or a threat of the member's own stays theirs.
_MENTIONED = regex.compile(
    r"(?i)\b(?:call(?:ing|s)?|refer(?:ring)?\s+to)\s+"
    r"(?!(?:and|or|but|out|up|back|off|on|in|at|to|for|the|it|this|that|me|us|you|him|her|them|"
    r"cllr|councillor|coun|mr|mrs|ms|miss|mx|dr|sir|dame|lord|lady|prof|professor|rev)\b)"
    r"(?:people|someone|somebody|anyone|anybody|others|other\s+people|(?:all\s+)?\p{L}+(?:\s+people)?)\s+"
    r"((?:an?\s+)?[^.!?\n,;]{1,40})"
    r"|\bthreats?\s+to\s+([^.!?\n,;]{1,60})"
    r"|\A\W*(?:threatening|wishing|calling\s+for)\s+([^.!?\n,;]{1,60})"
)


def _cue_regex(alternatives: Iterable[str]) -> regex.Pattern[str]:
    return regex.compile(r"(?i)\b(?:" + "|".join(alternatives) + r")\b")


def _phrase_regex(phrases: Iterable[str]) -> regex.Pattern[str] | None:
    """Any of the phrases as whole words, longest first, ignoring case; None for no phrases."""
    found = sorted({p.strip().lower() for p in phrases if p.strip()}, key=len, reverse=True)
    return regex.compile(r"(?i)\b(?:" + "|".join(regex.escape(p) for p in found) + r")\b") if found else None


def _alternation(words: Iterable[str]) -> str:
    """Any of the words or phrases, longest first; a phrase's words may be split by spaces or hyphens."""
    return "|".join(r"[\s-]+".join(regex.escape(p) for p in w.split())
                    for w in sorted(set(words), key=len, reverse=True))


def _group_phrase_regex(modifiers: Iterable[str], heads: Iterable[str]) -> regex.Pattern[str]:
    """A group modifier, at most one word, then a plain noun of people: "the asylum hotel lot"."""
    return regex.compile(r"(?i)(?<![\p{L}\p{N}'’])(?:" + _alternation(modifiers) + r")(?:[\s-]+[\p{L}'’]+)?\s+(?:"
                         + _alternation(heads) + r")\b")


def _pointed_group_regex(heads: Iterable[str]) -> regex.Pattern[str]:
    """A plain noun of people pointed at, with at most one word (or a word in scare quotes)
    between: "these claimants", "those 'anxiety' claimants", "them lads". Which people is for the
    sentence to say; the group is who it is about."""
    return regex.compile(r"(?i)\b(?:these|those|them|such)\s+(?:['‘\"“][\p{L}'’\s-]{1,30}['’\"”]\s+|[\p{L}-]+\s+)?(?:"
                         + _alternation(heads) + r")\b")


def _condition_group_regex(heads: Iterable[str], conditions: Iterable[str]) -> regex.Pattern[str]:
    """People named by a condition they have: "people with epilepsy", "those suffering from
    depression", "kids who have ADHD" (disability, which the Equality Act protects). ``heads``
    are the plain nouns of people of group-heads.txt; "those" and "anyone" stand for them too."""
    people = [*heads, "those", "anyone", "anybody"]
    return regex.compile(r"(?i)\b(?:" + _alternation(people) + r")\s+(?:with|who\s+(?:have|has|['’]ve\s+got)|"
                         r"living\s+with|suffering\s+(?:from|with)|diagnosed\s+with)\s+(?:" + _alternation(conditions)
                         + r")(?![\p{L}\p{N}])")


def _origin_regex(origins: Iterable[str]) -> regex.Pattern[str]:
    """Where people come from: "from Romania", "out of Eastern Europe", "from abroad". Whose
    origin it is, a plain noun of people just before, is read by :func:`_origin_groups` from a set,
    so that this pattern stays small to compile."""
    return regex.compile(r"(?i)\b(?:from|out\s+of)\s+(?:the\s+)?(?:" + _alternation(origins) + r")(?![\p{L}\p{N}])")


#: What may stand between the people and where they come from: "lads just arrived from Albania".
_PEOPLE_BEFORE_ORIGIN = regex.compile(r"(?i)\b(\p{L}+)\s+(?:(?:who\s+(?:have\s+)?came|coming|arriving|fresh|just\s+arrived)"
                                      r"\s+)?$")


def _origin_groups(text: str, origins: regex.Pattern[str], people: frozenset[str]) -> Iterator[tuple[int, int]]:
    """People named by where they come from: "the new families from Romania", "people from
    abroad" (national origin, which the Equality Act protects as race): a plain noun of people
    (group-heads.txt) or "those" just before an origin."""
    for m in origins.finditer(text):
        before = _PEOPLE_BEFORE_ORIGIN.search(text, max(0, m.start() - 40), m.start())
        if before is not None and before.group(1).lower() in people:
            yield before.start(), m.end()


#: A word that may be a plural noun, for "them" to refer to: a word ending in "s" that is not a
#: common word of another kind, or a plural without the "s". Without a tagger this errs towards
#: finding one, so that "them" is taken as an unnamed group only where nothing came before it.
_PLURAL_WORD = regex.compile(
    r"(?i)\b(?!(?:this|is|was|has|does|its|his|hers|ours|yours|theirs|always|perhaps|towards|across|unless|"
    r"thus|less|yes|plus|whereas|sometimes|besides|us|as|news|series|means|status|bus|gas|dress|address|"
    r"business|process|access|progress|success|class)\b)\p{L}{2,}s\b"
    r"|\b(?:people|men|women|children|kids|police|mice|geese|sheep|cattle|folk|staff|crowd|lot|family)\b")


def _mass_group_regex(masses: Iterable[str]) -> regex.Pattern[str]:
    """A mass noun before "of them": "swarms of them". Group 1 is the people meant ("them")."""
    return regex.compile(r"(?i)\b(?:" + _alternation(masses) + r")\s+of\s+(them)\b")


def _body_regex(heads: Iterable[str], *, possessive: bool = False) -> regex.Pattern[str]:
    """A determiner, at most three words, then a body's head noun: "the housing association".

    With ``possessive``, a capitalised name's possessive is a determiner too ("Labour's
    candidate", "Bradford's chief exec"): it says whose post, as "the" does.
    """
    alternatives = "|".join(regex.escape(h) for h in sorted(set(heads), key=len, reverse=True))
    whose = r"|(?-i:\p{Lu}[\p{L}-]+)['’]s" if possessive else ""
    return regex.compile(
        r"(?i)\b(?:the|this|that|these|those|our|your|their|his|her|its" + whose + r")\s+"
        r"(?:[\p{L}'’&-]+\s+){0,3}?(?:" + alternatives + r")\b"
    )


def _titled_role_regex(heads: Iterable[str]) -> regex.Pattern[str]:
    """A post named as a title at the start of a sentence or clause, with what it is for:
    "Cabinet member for highways", "Head of planning", "Convener of education". The determiner
    frame of :func:`_body_regex` misses these, and they name one person as surely as "the"
    does. Up to two words may lead ("Deputy cabinet member for…")."""
    alternatives = _alternation(heads)
    return regex.compile(
        r"(?i)(?<=^|[.!?:;\n—–]\s{0,3}|\s-\s)(?:[\p{L}'’&-]+\s+){0,2}?(?:" + alternatives
        + r")\s+(?:for|of)\s+(?:the\s+)?[\p{L}'’&-]+"
    )


def _person_noun_regex(nouns: Iterable[str]) -> regex.Pattern[str]:
    """One person picked out by description: "this/that" and the noun ("that dreadful man"), or
    "the" and the noun with what singles them out after it ("the woman who chairs…", "the lady
    from the residents' association", "the bloke on the planning committee"). A bare "the man"
    is as often anyone ("the man in the street", left out too) as someone. "Whoever" and what
    they did is someone too ("whoever signed off the closure", "whoever's in charge of…")."""
    nouns_ = _alternation(nouns)
    return regex.compile(
        # "that" is also a conjunction ("police say that a man…"): only adjectives may stand between.
        r"(?i)\b(?:(?:this|that)\s+(?:(?!(?:a|an|the|it|he|she|they|we|i|you|is|was)\b)[\p{L}'’-]+\s+){0,2}?(?:"
        + nouns_ + r")\b"
        r"|the\s+(?:[\p{L}'’-]+\s+){0,2}?(?:" + nouns_ + r")(?=\s+(?:who|whom|from|at|on|in|behind|running|"
        r"chairing|that|with)\b)(?!\s+(?:in\s+the\s+street|on\s+the\s+clapham)\b)"
        # Deeds of an office only: "whoever invented self-checkouts" is nobody anyone could find,
        # and "whoever wrote this consultation" is its author's work, criticised.
        r"|whoever\s+(?:(?:at|in)\s+[\p{L}'’-]+\s+)?(?:signed|approved|decided|agreed|authori[sz]ed|sanctioned|"
        r"ordered|appointed|allowed|closed|shut|binned|scrapped|axed|runs|ran|manages|managed|chairs|chaired|"
        r"(?:is|was)\s+(?:responsible|in\s+charge|running|managing|chairing|heading))\b"
        r"|whoever['’]s\s+(?:responsible|in\s+charge|running|managing|chairing|heading)\b)"
    )


def _office_holders_regex(holders: Iterable[str], parties: Iterable[str]) -> regex.Pattern[str]:
    """A defined set of office-holders: "the"/"these"/"three of the" and at most two words
    before the plural ("the Tory councillors"), then what defines them ("… in Swindon", "… who
    voted for this", "… on the planning committee"); or a party's name and the plural, then a
    place or a body ("Labour councillors on this council"). The plural alone is no one."""
    holders_ = _alternation(holders)
    parties_ = _alternation(parties) if parties else r"(?!)"
    lead = r"(?:the|these|those|our|your|their|all\s+the|all|both|two|three|four|five|six|several|(?:some|most|all|two|three|four|five|six|several)\s+of\s+the)"
    defined = r"(?=\s+(?:who|that|on|in|at|of|for|from|behind|running)\b)"
    return regex.compile(
        r"(?i)\b(?:" + lead + r"\s+(?:(?!(?:who|that|are|were|is|was)\b)[\p{L}'’-]+\s+){0,2}?(?:" + holders_ + r")\b" + defined
        + r"|(?:" + parties_ + r")\s+(?:" + holders_ + r")\b(?=\s+(?:on|in|at|of|for|who)\b))"
    )


#: Capitalised words that never start a firm's name: determiners, prepositions, imperatives
#: that open a post ("Avoid Kingsway Lettings"), and the public words of "Council Homes" or "New
#: Homes Bonus", which name a public scheme.
_NOT_FIRM_START = ("The|This|That|These|Those|Our|Your|Their|My|His|Her|Its|A|An|And|But|So|Or|If|At|In|On|From|"
                   "By|For|To|Of|With|As|Is|Are|Was|Were|Avoid|Ask|Why|Where|When|How|What|Who|Dear|Thanks|"
                   "Council|Councils|Borough|City|County|Social|Affordable|New|Public|Private|Local|NHS|Trust|"
                   "Authority|Government|Housing|Every|All|No|Not|Any|Some")


def _business_regex(words: Iterable[str], places: Iterable[str]) -> regex.Pattern[str]:
    """A trading firm, by name or by premises pointed at.

    By name: one to three capitalised words, then a word that ends a firm's name, written
    capitalised ("Kingsway Lettings", "Redfern Motors Ltd", "Bellamy Care Homes"). By premises:
    a determiner, at most two words, a kind of premises and the capitalised place it is on ("the
    care home on Beech Road", "that chippy on Queen St"). A firm's owner is who such a claim is
    about, and a firm can itself sue where it loses money.
    """
    ends = "|".join(r"\s+".join(regex.escape(p) for p in w.split())
                    for w in sorted(set(words), key=len, reverse=True))
    name = (r"(?-i:(?<![\p{L}\p{N}'’@#])(?:(?!(?:" + _NOT_FIRM_START + r")\b)\p{Lu}[\p{L}&'’.-]*\s+){1,3}"
            r"(?:" + ends + r")(?:\s+(?:Ltd|Limited|plc|PLC|LLP))?(?![\p{L}\p{N}]))")
    premises = (r"(?i:\b(?:the|that|this|those|these)\s+(?:[\p{L}'’-]+\s+){0,2}?(?:" + _alternation(places) + r")"
                r"\s+(?:on|in|at|off|near|by)\s+(?:the\s+)?(?-i:\p{Lu}[\p{L}'’-]*)(?:\s+(?-i:\p{Lu}[\p{L}'’.-]*)){0,2})")
    return regex.compile(name + "|" + premises)


#: People at a body, just before its name: "everyone at ", "the staff in ", "the lot running ".
_PEOPLE_AT = regex.compile(r"(?i)\b(?:every(?:one|body)|any(?:one|body)|the\s+(?:people|staff|lot|team|folk)|"
                           r"all\s+(?:the\s+)?(?:people|staff))\s+(?:at|in|from|on|running|who\s+run)\s+$")

#: A word of a person's name as written: capitalised, letters with an inner hyphen or apostrophe
#: ("Pryce-Williams", "O'Neill"); a trailing possessive is spaCy's, not the name's.
_NAME_WORD = regex.compile(r"\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)*(?:['’]s)?")

#: The label of a group target found as a modifier and a noun of people ("Roma families"), not
#: named by the pack's group list nor pointed at ("these people").
GROUP_PHRASE = "group-phrase"

#: The label of a group target named in a disguised spelling: letters swapped for look-alike
#: digits or symbols, masked, or split by spaces ("Mu$lims", "imm1grants", "m*slims", "w o m e n").
GROUP_MASKED = "group-masked"

#: Characters that stand in for a letter in a disguised spelling; "*" stands for any letter.
_LOOK_ALIKES: dict[str, tuple[str, ...]] = {
    "@": ("a",), "4": ("a",), "3": ("e",), "1": ("i", "l"), "!": ("i",), "|": ("i", "l"), "0": ("o",),
    "5": ("s",), "$": ("s",), "7": ("t",), "+": ("t",), "9": ("g",), "8": ("b",)}
#: Names shorter than this (letters only) are matched only as written: "jews" or "roma"
#: disguised would too often be something else.
_MIN_DISGUISED = 5
#: A run of letters and the characters that may stand in for them.
_CHUNK = regex.compile(r"[\p{L}\p{N}@$!|+*]+")
#: Most chunks a name may be split into by spaces ("m u s l i m s").
_MOST_PIECES = 14


class _DisguisedNames:
    """A group's name in a disguised spelling: letters swapped for look-alikes or masked with "*"
    ("Mu$lims", "imm1grants", "m*slims"), split by single spaces ("m u s l i m s", "ref ugees"),
    or a phrase's words run together ("gaypeople"). Set lookups over the post's chunks, so that
    nothing is compiled: a pattern of every name's every spelling took 60 ms to build, a third
    of the cold-start budget's margin."""

    def __init__(self, phrases: Iterable[str]) -> None:
        keys = {"".join(p.lower().split()) for p in phrases if p.strip()}
        self._keys = frozenset(k for k in keys if len(k) >= _MIN_DISGUISED and k.isalpha())
        self._by_length: dict[int, list[str]] = {}
        for k in self._keys:
            self._by_length.setdefault(len(k), []).append(k)
        self._longest = max(self._by_length, default=0)

    def __bool__(self) -> bool:
        return bool(self._keys)

    def _name(self, letters: str) -> bool:
        """Whether the characters, read with look-alikes and masks, spell one of the names."""
        if letters in self._keys:
            return True
        # Letters alone spell a name exactly or not at all; look-alikes and masks are read
        # against the names of the same length.
        return not letters.isalpha() and any(
            all(c in ("*", k) or k in _LOOK_ALIKES.get(c, ()) for c, k in zip(letters, key, strict=True))
            for key in self._by_length.get(len(letters), ()))

    def find(self, text: str) -> list[tuple[int, int]]:
        chunks = [m.span() for m in _CHUNK.finditer(text)]
        lowered = text.lower()
        out: list[tuple[int, int]] = []
        i = 0
        while i < len(chunks):
            # The longest run of chunks from here, each after a single space, that spells a name.
            found = None
            letters = ""
            k = i
            while k < len(chunks) and k - i < _MOST_PIECES:
                if k > i and not (chunks[k][0] - chunks[k - 1][1] == 1 and text[chunks[k - 1][1]] == " "):
                    break
                letters += lowered[chunks[k][0]:chunks[k][1]]
                if len(letters) > self._longest:
                    break
                k += 1
                start, end = chunks[i][0], chunks[k - 1][1]
                if len(letters) >= _MIN_DISGUISED and self._name(letters) and _plausibly_disguised(text[start:end]):
                    found = (start, end, k)
            if found is None:
                i += 1
                continue
            out.append(found[:2])
            i = found[2]
        return out


def _plausibly_disguised(found: str) -> bool:
    """Most of it still letters, and no mask at either end: "*****", "**1394**" and markdown's
    "*Bible Black*" are not a group's name."""
    chars = [c for c in found if not c.isspace()]
    letters = sum(c.isalpha() for c in chars)
    return letters >= 3 and letters >= 0.6 * len(chars) and found[0] != "*" and found[-1] != "*"


#: Words that open a sentence with a subject of its own that is not a person: "It's stupid."
#: after "Cllr X proposed the scheme." is about the scheme, so the person does not carry over.
_OWN_SUBJECT = frozenset("it it's its this this's that that's thats these those there here which".split())


#: An office held for a place: the name after it is a ward, a division or a constituency, not a
#: person, whatever the small model says ("Honoured to be your councillor for Armley").
_SEAT_OF = regex.compile(r"(?i)\b(?:councillor|cllr|mp|msp|ms|mla|candidate|member|mayor|member of parliament)"
                         r"\s+for\s+(?:the\s+)?$")

#: The poster describing themself to readers: "honoured to be your councillor", "as your MP",
#: "I'm your Labour candidate". The "your" and the role after it are the poster, not a target.
_SELF_AS = regex.compile(r"(?i)\b(?:to be|i am|i['’]m|im|as|being|remain|stay)\s+(your)\s")


def _without_self_reference(text: str, found: list[Target]) -> list[Target]:
    """``found`` without the "your" and the role of a self-description (``_SELF_AS``): a role
    must start within three words of the "your"."""
    drop: set[tuple[int, int]] = set()
    for m in _SELF_AS.finditer(text):
        ys, ye = m.span(1)
        # The role's span may hold the "your" itself ("your councillor").
        roles = [t for t in found if t.kind == "role" and ys <= t.n_start and len(text[ye:t.n_start].split()) <= 2]
        if roles:
            drop.add((ys, ye))
            drop.add((roles[0].n_start, roles[0].n_end))
    return [t for t in found if (t.n_start, t.n_end) not in drop] if drop else found


@dataclass(frozen=True)
class Cues:
    """The word lists the analysis uses to tell who is speaking and who is meant.

    The defaults are English and ship in ``text/lexicons/``; a pack may add party names and
    roles (``Analyser(parties=…, roles=…)``).
    """

    second_person: frozenset[str]
    pronouns: frozenset[str]
    not_people: frozenset[str]
    places: frozenset[str]
    reporting: regex.Pattern[str]
    condemning: regex.Pattern[str]
    #: Words that adopt quoted words as the poster's own ("Couldn't have put it better").
    endorsing: regex.Pattern[str] | None = None
    group_pronouns: frozenset[str] = frozenset()
    #: Phrases pointing at an unnamed group of people ("these people", "the lot of them").
    group_deixis: regex.Pattern[str] | None = None
    #: A group named by what its people are and a plain noun of people ("Roma families"), or
    #: premises named for them, which stand for their community ("another Polish shop").
    group_phrases: regex.Pattern[str] | None = None
    #: A group named by a condition its people have ("people with epilepsy").
    group_conditions: regex.Pattern[str] | None = None
    #: "Them" after a mass noun ("swarms of them"); group 1 is the people. Not "these" or
    #: "those", which a noun may follow ("a flood of those complaints").
    group_masses: regex.Pattern[str] | None = None
    #: Where people come from ("from Romania"); with ``people`` before it, a group.
    origins: regex.Pattern[str] | None = None
    #: Plain nouns of people (group-heads.txt, and "those"), as single words.
    people: frozenset[str] = frozenset()
    #: A plain noun of people pointed at ("these claimants", "them lads").
    group_pointed: regex.Pattern[str] | None = None
    #: A community by its places, practices or dress ("a new mosque application").
    group_proxies: regex.Pattern[str] | None = None
    bodies: regex.Pattern[str] | None = None
    body_people: regex.Pattern[str] | None = None
    #: A person by the post they hold, in the words people use ("the housing director").
    role_phrases: regex.Pattern[str] | None = None
    #: A post used as a title, with no determiner, at the start of a clause: "Cabinet member for
    #: highways is…", "Convener of education: …".
    titled_roles: regex.Pattern[str] | None = None
    #: One person by description ("the woman who chairs…", "that bloke on the committee").
    person_nouns: regex.Pattern[str] | None = None
    #: Plural nouns of office-holders; with the pack's parties, a defined set of them ("the Tory
    #: councillors in Swindon"): see :func:`_office_holders_regex`.
    office_holders: tuple[str, ...] = ()
    #: Words that make a name an organisation's ("Castlefield Developments", "Yorkshire Water").
    org_words: frozenset[str] = frozenset()
    #: A trading firm by its name or its premises ("Kingsway Lettings", "the chippy on Queen St").
    businesses: regex.Pattern[str] | None = None
    #: Set phrases whose "you" means anyone ("makes you think twice"): not a target.
    generic_you: regex.Pattern[str] | None = None

    @classmethod
    def english(cls) -> Cues:
        return cls(
            group_pronouns=frozenset(builtin("group-pronouns")),
            group_deixis=_phrase_regex(builtin("group-deixis")),
            group_phrases=_group_phrase_regex(builtin("group-modifiers"),
                                              [*builtin("group-heads"), *builtin("group-premises")]),
            group_conditions=_condition_group_regex(builtin("group-heads"), builtin("group-conditions")),
            group_masses=_mass_group_regex(builtin("group-masses")),
            origins=_origin_regex(builtin("group-origins")),
            people=frozenset([*(h.split()[-1] for h in builtin("group-heads")), "those"]),
            group_pointed=_pointed_group_regex(builtin("group-heads")),
            group_proxies=_phrase_regex(builtin("group-proxies")),
            bodies=_body_regex(builtin("bodies")),
            body_people=_body_regex(builtin("body-people")),
            role_phrases=_body_regex(builtin("role-heads"), possessive=True),
            titled_roles=_titled_role_regex(builtin("role-heads")),
            person_nouns=_person_noun_regex(builtin("person-nouns")),
            office_holders=tuple(builtin("office-holders")),
            org_words=frozenset(w.lower() for w in builtin("org-words")),
            businesses=_business_regex(builtin("business-words"), builtin("business-places")),
            generic_you=_phrase_regex(builtin("generic-you")),
            second_person=frozenset(builtin("second-person")),
            pronouns=frozenset(builtin("pronouns")),
            not_people=frozenset(w.lower() for w in builtin("not-people")),
            places=frozenset(w.lower() for w in builtin("uk-places")),
            reporting=_cue_regex(builtin("reporting-cues")),
            condemning=_cue_regex(builtin("condemning-cues")),
            endorsing=_cue_regex(builtin("endorsing-cues")),
        )


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as it appears in the normalised text
    key: str  # lower-case, accents stripped: what lexicons match
    n_start: int
    n_end: int
    start: int
    end: int
    sentence: int
    kind: TokenKind = "word"
    in_url: bool = False


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled stretch of the post (sentence, entity, URL, target, reported speech)."""

    label: str
    text: str  # original text
    n_start: int
    n_end: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Target(Span):
    kind: TargetKind = "person"


@dataclass(eq=False)
class Doc:
    """Everything detectors need about one post. Treat as read-only."""

    text: str
    norm: NormalisedText
    tokens: tuple[Token, ...]
    sentences: tuple[Span, ...]
    entities: tuple[Span, ...]
    urls: tuple[Span, ...]
    targets: tuple[Target, ...]
    reported: tuple[Span, ...]
    spacy_doc: Any = field(repr=False, default=None)

    @property
    def normalised(self) -> str:
        return self.norm.text

    @property
    def handles(self) -> tuple[Token, ...]:
        return tuple(t for t in self.tokens if t.kind == "handle")

    @property
    def hashtags(self) -> tuple[Token, ...]:
        return tuple(t for t in self.tokens if t.kind == "hashtag")

    @cached_property
    def words(self) -> tuple[Token, ...]:
        """Word tokens outside URLs: what lexicons match against."""
        return tuple(t for t in self.tokens if t.kind != "punct" and not t.in_url)

    def to_original(self, n_start: int, n_end: int) -> tuple[int, int]:
        return self.norm.to_original(n_start, n_end)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.n_start for s in self.sentences]

    @cached_property
    def _reported_index(self) -> tuple[list[int], list[int]]:
        """Reported spans' starts (sorted) and the running maximum of their ends."""
        spans = sorted((r.n_start, r.n_end) for r in self.reported)
        starts, reach, far = [], [], -1
        for a, b in spans:
            far = max(far, b)
            starts.append(a)
            reach.append(far)
        return starts, reach

    @cached_property
    def word_starts(self) -> list[int]:
        """``n_start`` of each of :attr:`words`, for binary search."""
        return [t.n_start for t in self.words]

    @cached_property
    def target_starts(self) -> list[int]:
        """``n_start`` of each target (targets are sorted by start)."""
        return [t.n_start for t in self.targets]

    @cached_property
    def name_stand_ins(self) -> tuple[tuple[int, int, str], ...]:
        """Where a person's name stands (normalised offsets, in order), each with the name a
        learned model reads instead (see :data:`NAME_STAND_IN`); a title before it is kept."""
        out: list[tuple[int, int, str]] = []
        at = 0
        for t in self.targets:
            if t.kind != "person" or t.n_start < at:
                continue
            words = list(_NAME_PART.finditer(self.normalised, t.n_start, t.n_end))
            # Only a name after a title ("Cllr Giddings", "Mrs Okafor"): the name finder also
            # reads places as people ("what Hebden Bridge went through"), and a place read as a
            # person's name changes what the sentence says.
            if not words or words[0].group().rstrip(".").lower() not in _TITLES:
                continue
            words = words[1:]
            # A name, not a description ("whoever signed off the closure"): a word or four,
            # each capitalised unless the whole post is typed in lower case.
            if not 1 <= len(words) <= 4:
                continue
            if any(w.group()[:1].islower() for w in words) and any(c.isupper() for c in self.normalised):
                continue
            stand_in = NAME_STAND_IN[-1] if len(words) == 1 else " ".join(NAME_STAND_IN)
            end = words[-1].end()
            if words[-1].group()[-2:] in ("'s", "’s"):
                end -= 2  # "Cllr Dobson's nephew" is read as "Cllr Clarke's nephew"
            out.append((words[0].start(), end, stand_in))
            at = t.n_end
        return tuple(out)

    @cached_property
    def model_text(self) -> str:
        """The normalised text with every person's name read as one stand-in: what the learned
        models read, so that no name changes a verdict."""
        return self.with_stand_ins(0, len(self.normalised), ())

    def with_stand_ins(self, start: int, end: int, more: Sequence[tuple[int, int, str]]) -> str:
        """The normalised text from ``start`` to ``end`` with each name read as its stand-in and
        each of ``more`` (a rule's own neutral terms: offsets and the phrase read instead)
        replaced; where two overlap, the first wins."""
        out, at = [], start
        for s, e, phrase in sorted([*self.name_stand_ins, *more]):
            if s < at or e > end:
                continue
            out += [self.normalised[at:s], phrase]
            at = e
        return "".join([*out, self.normalised[at:end]])

    @cached_property
    def names_someone(self) -> bool:
        """True when the post names a person, a role or a handle (so a pronoun can mean them)."""
        return any(t.kind in ("person", "role", "handle") for t in self.targets)

    @cached_property
    def word_ends(self) -> list[int]:
        """``n_end`` of each of :attr:`words` (increasing: words never overlap)."""
        return [t.n_end for t in self.words]

    def targets_in(self, sentence: int, kinds: Iterable[str], *, carry: bool = False) -> list[Target]:
        """The targets of the given kinds in a sentence (reported speech left out).

        With ``carry``, a sentence with none of its own takes those of the sentence before when
        it does not open with a subject of its own: "Met Cllr X today. Useless." is about Cllr
        X; "Cllr X proposed the scheme. It's useless." is about the scheme.
        """
        wanted = set(kinds)
        if not self.names_someone:
            wanted.discard("pronoun")
        own = [t for t in self._targets_by_sentence.get(sentence, ()) if t.kind in wanted
               and (not self.is_reported(t.n_start, t.n_end) or self._scare_quoted(t))]
        if own or not carry or sentence == 0:
            return own
        words = self.words
        k = bisect.bisect_left(self.word_starts, self.sentences[sentence].n_start)
        first = words[k] if k < len(words) and words[k].sentence == sentence else None
        if first is None or first.key in _OWN_SUBJECT:
            return []
        return self.targets_in(sentence - 1, wanted)

    @cached_property
    def _targets_by_sentence(self) -> dict[int, list[Target]]:
        """Each sentence's targets, in order: found once, so asking per sentence stays linear."""
        by: dict[int, list[Target]] = {}
        for t in self.targets:
            by.setdefault(self.sentence_of(t.n_start), []).append(t)
        return by

    def _scare_quoted(self, target: Target) -> bool:
        """The target is a word or two in quotes of the poster's own ("Trans 'women'", "these
        'anxiety' claimants"): a label the poster doubts, not someone else's words, so the
        people it names are still the ones the sentence is about."""
        return any(r.label == "QUOTE" and r.n_start <= target.n_start and target.n_end <= r.n_end
                   and len(r.text.split()) <= 2 for r in self.reported)

    def sentence_of(self, n_pos: int) -> int:
        """The sentence holding a normalised offset (the last sentence when none does)."""
        i = bisect.bisect_right(self._sentence_starts, n_pos) - 1
        if i >= 0 and n_pos < self.sentences[i].n_end:
            return i
        return max(0, len(self.sentences) - 1)

    def is_reported(self, n_start: int, n_end: int) -> bool:
        """True when the span lies inside someone else's quoted or reported words."""
        starts, reach = self._reported_index
        k = bisect.bisect_right(starts, n_start)
        return k > 0 and reach[k - 1] >= n_end


def _relabel(label: str, name: str, text: str, start: int, cues: Cues, parties: frozenset[str]) -> str:
    """Correct the small model's commonest PERSON mistakes: parties, places, hashtags."""
    if label != "PERSON":
        return label
    name = name.strip().lower()
    if name in cues.not_people or name in parties:
        return "ORG"
    if name in cues.places:
        return "GPE"
    if _PLACE_WORDS.search(name):
        return "FAC"
    if start > 0 and text[start - 1] in "#@":
        return "MISC"  # part of a hashtag or handle, which are targets in their own right
    if _SEAT_OF.search(text, max(0, start - 40), start):
        return "GPE"  # "councillor for Armley", "MP for Morley": a ward or a constituency
    return label


class Analyser:
    """Turns post text into a :class:`Doc`.

    ``vocabulary`` guides recovery of disguised words; ``roles`` are phrases that identify a
    person by office ("the council leader"); ``parties`` are party names, never people. All three
    come from the policy pack. ``nlp`` is the spaCy pipeline (see ``Resources.nlp``); ``cues``
    the word lists of :class:`Cues` (English by default).
    """

    def __init__(
        self,
        vocabulary: Iterable[str] = (),
        roles: Iterable[str] = (),
        nlp: Language | None = None,
        *,
        parties: Iterable[str] = (),
        groups: Iterable[str] = (),
        cues: Cues | None = None,
        load_nlp: Callable[[], Language] | None = None,
    ) -> None:
        self.cues = cues or Cues.english()
        self._groups = _phrase_regex(groups)
        self._disguised_groups = _DisguisedNames(groups)
        self.parties = frozenset(" ".join(p.lower().split()) for p in parties)
        self.vocabulary = Vocabulary(vocabulary)
        self._roles = _phrase_regex(roles)
        self._office_holders = _office_holders_regex(self.cues.office_holders, parties) \
            if self.cues.office_holders else None
        self._nlp = nlp
        self._load_nlp = load_nlp

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline: given, or loaded on first use (by ``load_nlp`` when given)."""
        if self._nlp is None:
            if self._load_nlp is None:
                from pausecheck.text.nlp import load_pipeline

                self._load_nlp = load_pipeline
            self._nlp = self._load_nlp()
        return self._nlp

    def normalise(self, text: str) -> NormalisedText:
        """The normalised view of ``text`` with this analyser's recovery vocabulary."""
        return normalise(text, self.vocabulary)

    def analyse(self, text: str | NormalisedText) -> Doc:
        norm = text if isinstance(text, NormalisedText) else self.normalise(text)
        return self._build(norm, self.nlp(norm.text))

    def analyse_many(self, texts: Sequence[str | NormalisedText], batch_size: int = 64) -> list[Doc]:
        """Analyse several posts, running spaCy over them as one batch (``nlp.pipe``)."""
        norms = [t if isinstance(t, NormalisedText) else self.normalise(t) for t in texts]
        if len(norms) == 1:
            return [self.analyse(norms[0])]
        sdocs = self.nlp.pipe((n.text for n in norms), batch_size=batch_size)
        return [self._build(norm, sdoc) for norm, sdoc in zip(norms, sdocs, strict=True)]

    def _build(self, norm: NormalisedText, sdoc: SpacyDoc) -> Doc:
        sentences = self._sentences(norm, sdoc)
        urls = tuple(self._span(norm, "URL", s, e) for s, e in find_urls(norm.text))
        tokens = self._tokens(norm, sentences, urls)
        entities = tuple(
            self._span(norm, _relabel(e.label_, e.text, norm.text, e.start_char, self.cues, self.parties),
                       e.start_char, e.end_char)
            for e in sdoc.ents
        )
        targets = self._targets(norm, tokens, entities)
        reported = self._reported(norm, sentences)
        return Doc(norm.original, norm, tokens, sentences, entities, urls, targets, reported, sdoc)

    @staticmethod
    def _span(norm: NormalisedText, label: str, n_start: int, n_end: int) -> Span:
        start, end = norm.to_original(n_start, n_end)
        return Span(label, norm.original[start:end], n_start, n_end, start, end)

    def _sentences(self, norm: NormalisedText, sdoc: SpacyDoc) -> tuple[Span, ...]:
        spans = [self._span(norm, "SENT", s.start_char, s.end_char) for s in sdoc.sents]
        return tuple(spans) or (self._span(norm, "SENT", 0, len(norm.text)),)

    def _tokens(
        self, norm: NormalisedText, sentences: Sequence[Span], urls: Sequence[Span]
    ) -> tuple[Token, ...]:
        out: list[Token] = []
        sent = 0
        u = 0
        for m in TOKEN.finditer(norm.text):
            ns, ne = m.span()
            while sent + 1 < len(sentences) and ns >= sentences[sent].n_end:
                sent += 1
            while u < len(urls) and urls[u].n_end <= ns:
                u += 1  # URLs are sorted and disjoint: one pass over both
            raw = m.group()
            start, end = norm.to_original(ns, ne)
            in_url = u < len(urls) and urls[u].n_start <= ns
            out.append(Token(raw, word_key(raw), ns, ne, start, end, sent, token_kind(raw), in_url))
        return tuple(out)

    def _targets(
        self, norm: NormalisedText, tokens: Sequence[Token], entities: Sequence[Span]
    ) -> tuple[Target, ...]:
        found: list[Target] = []

        def add(kind: TargetKind, ns: int, ne: int, label: str | None = None) -> None:
            start, end = norm.to_original(ns, ne)
            found.append(Target(label or kind, norm.original[start:end], ns, ne, start, end, kind))

        generic = [m.span() for m in self.cues.generic_you.finditer(norm.text)] if self.cues.generic_you else []
        generic_starts = [g[0] for g in generic]  # in order, never overlapping

        def means_anyone(pos: int) -> bool:
            k = bisect.bisect_right(generic_starts, pos) - 1
            return k >= 0 and pos < generic[k][1]

        for t in tokens:
            if t.kind == "handle":
                add("handle", t.n_start, t.n_end)
            elif t.key in self.cues.second_person:
                if not means_anyone(t.n_start):
                    add("second_person", t.n_start, t.n_end)
            elif t.key in self.cues.pronouns:
                add("pronoun", t.n_start, t.n_end)
        titled = [m.span() for m in _TITLE_NAME.finditer(norm.text)]
        titled += [m.span() for m in _LOWER_TITLE_NAME.finditer(norm.text)]
        for ns, ne in titled:
            add("person", ns, ne)
        for e in entities:
            if e.label != "PERSON":
                continue
            if any(ns <= e.n_start < ne for ns, ne in titled):
                continue
            # spaCy reads a lone shouted word as a name ("What a show. RIDICULOUS!!!"); a name in
            # capitals is rare enough in a post to give up.
            if e.text.isupper() and len(e.text) > 2 and not any(c.isspace() for c in e.text):
                continue
            # Nor is a phrase whose last word is written in lower case where the post uses
            # capitals ("Rotten boroughs, brown envelopes"): names end in a capitalised word.
            last = e.text.split()[-1] if e.text.split() else ""
            if last[:1].islower() and any(c.isupper() for c in norm.text):
                continue
            add("person", e.n_start, e.n_end)
        if self._roles is not None:
            for m in self._roles.finditer(norm.text):
                add("role", *m.span())
        if self.cues.body_people is not None:
            for m in self.cues.body_people.finditer(norm.text):
                add("role", *m.span())
        # Overlapped: "these pen-pushers at the partnership" holds a role and, after it, a body.
        bodies = [m.span() for m in self.cues.bodies.finditer(norm.text, overlapped=True)] \
            if self.cues.bodies is not None else []
        if self.cues.role_phrases is not None:
            held = [(t.n_start, t.n_end) for t in found if t.kind == "role"]
            # "the Executive Board": a role word inside a body's name names the body (the bodies'
            # pass below); "the new cabinet member": a body's word before the post's noun names
            # the person who holds it.
            for m in self.cues.role_phrases.finditer(norm.text):
                if not any(s < m.end() and m.start() < e for s, e in held) and not any(
                        s < m.end() and m.start() < e and e >= m.end() for s, e in bodies):
                    add("role", *m.span())
        for pattern in filter(None, (self.cues.titled_roles, self.cues.person_nouns, self._office_holders)):
            held = [(t.n_start, t.n_end) for t in found if t.kind == "role"]
            for m in pattern.finditer(norm.text):
                if not any(s < m.end() and m.start() < e for s, e in held):
                    add("role", *m.span())
        taken = [(t.n_start, t.n_end) for t in found if t.kind == "role"]
        for bs, be in bodies:
            if not any(s < be and bs < e for s, e in taken):
                add("body", bs, be)
            # "Everyone at the housing association", "the staff in the planning department":
            # the people who work there, as "these pen-pushers at the partnership" are.
            lead = _PEOPLE_AT.search(norm.text, max(0, bs - 40), bs)
            if lead is not None:
                add("role", lead.start(), be)
        firms = [m.span() for m in self.cues.businesses.finditer(norm.text)] if self.cues.businesses is not None else []
        for ns, ne in firms:
            add("business", ns, ne)
        for e in entities:
            if e.label == "ORG" and " ".join(e.text.lower().split()) not in self.parties:
                if any(ns < e.n_end and e.n_start < ne for ns, ne in firms):
                    continue  # spaCy's ORG over a firm's name: the firm, not a public body
                add("person" if self._named_person(norm.text, tokens, e) else "body", e.n_start, e.n_end)
        if self._groups is not None:
            groups = [m.span() for m in self._groups.finditer(norm.text)]
            for ns, ne in groups:
                add("group", ns, ne)
            if self._disguised_groups:
                # A name written differently from the list: disguised, unless it only differs in
                # case or in the spaces between a phrase's words.
                for ns, ne in self._disguised_groups.find(norm.text):
                    if not any(s < ne and ns < e for s, e in groups) and \
                            self._groups.fullmatch(" ".join(norm.text[ns:ne].split())) is None:
                        add("group", ns, ne, label=GROUP_MASKED)
                        groups.append((ns, ne))
        unnamed: set[tuple[int, int]] = set()  # groups pointed at, never named ("these people")
        if self.cues.group_deixis is not None:
            for m in self.cues.group_deixis.finditer(norm.text):
                add("group", *m.span())
                unnamed.add(m.span())
        if self.cues.group_masses is not None:
            for m in self.cues.group_masses.finditer(norm.text):
                # "A plague of rats … Swarms of them", "Tourists everywhere, swarms of them": a
                # plural named before is what "them" means, and it may be no group at all.
                if _PLURAL_WORD.search(norm.text, 0, m.start()) is None:
                    add("group", *m.span(1))
                    unnamed.add(m.span(1))
        named = [(t.n_start, t.n_end) for t in found if t.kind == "group"]
        for phrases in filter(None, (self.cues.group_phrases, self.cues.group_conditions, self.cues.group_pointed,
                                     self.cues.group_proxies)):
            for m in phrases.finditer(norm.text, overlapped=True):
                if not any(s <= m.start() and m.end() <= e for s, e in named):
                    add("group", *m.span(), label=GROUP_PHRASE)
        if self.cues.origins is not None:
            for ns, ne in _origin_groups(norm.text, self.cues.origins, self.cues.people):
                if not any(s <= ns and ne <= e for s, e in named):
                    add("group", ns, ne, label=GROUP_PHRASE)
        # "They" after a group is named refers to it, whether it was named by the list ("Roma")
        # or by a phrase ("Roma families", "another Polish shop"). Not after a group pointed at:
        # "send them back" holds its own pronoun, and may be said of faulty laptops.
        first = min((t.n_start for t in found if t.kind == "group" and (t.n_start, t.n_end) not in unnamed),
                    default=None)
        if first is not None:
            for t in tokens:
                if t.n_start > first and t.key in self.cues.group_pronouns:
                    add("group", t.n_start, t.n_end)
        found = _without_self_reference(norm.text, found)
        found.sort(key=lambda t: (t.n_start, t.n_end))
        return tuple(found)

    def _named_person(self, text: str, tokens: Sequence[Token], e: Span) -> bool:
        """An ORG of spaCy's that is a person's name: two or three capitalised words with no word
        of an organisation's or a place's, that "he" or "she" ("he's") later refers to or that is
        followed by "'s". The small model calls many names ORG, more often names from Wales, Ireland and
        South Asia ("Rhodri Evans", "Priya Mistry"), which would otherwise go unprotected."""
        words = e.text.split()
        if not 2 <= len(words) <= 3 or not all(_NAME_WORD.fullmatch(w) for w in words):
            return False
        keys = [w.lower().strip("'’") for w in words]
        if any(k in self.cues.org_words or k in self.cues.places for k in keys) or " ".join(keys) in self.cues.places:
            return False
        if text[e.n_end:e.n_end + 2] in ("'s", "’s"):
            return True
        return any(t.n_start >= e.n_end and t.key.split("'")[0] in self.cues.pronouns for t in tokens)

    def _reported(self, norm: NormalisedText, sentences: Sequence[Span]) -> tuple[Span, ...]:
        text = norm.text
        spans: list[Span] = []
        cue_anywhere = self.cues.reporting.search(text) is not None
        quotes = list(_QUOTES.finditer(text))
        if cue_anywhere and self.cues.endorsing is not None:
            # Quoted words the poster endorses are published again, as theirs.
            starts = [q.start() for q in quotes]  # in order, never overlapping

            def quoted(pos: int) -> bool:
                k = bisect.bisect_right(starts, pos) - 1
                return k >= 0 and pos < quotes[k].end()

            cue_anywhere = all(quoted(m.start()) for m in self.cues.endorsing.finditer(text))
        for m in quotes:
            group = 1 if m.group(1) is not None else 2
            if cue_anywhere:
                spans.append(self._span(norm, "QUOTE", m.start(group), m.end(group)))
        for m in _REPORTED_UNQUOTED.finditer(text):
            group = 1 if m.group(1) is not None else 2
            spans.append(self._span(norm, "REPORTED", m.start(group), m.end(group)))
        for sentence in sentences:
            part = text[sentence.n_start:sentence.n_end]
            if not self.cues.condemning.search(part):
                continue
            for m in _MENTIONED.finditer(part):
                group = next(g for g in (1, 2, 3) if m.group(g) is not None)
                start, end = sentence.n_start + m.start(group), sentence.n_start + m.end(group)
                spans.append(self._span(norm, "MENTIONED", start, end))
        spans.sort(key=lambda s: s.n_start)
        return tuple(spans)
