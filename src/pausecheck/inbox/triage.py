"""Threat triage: a report on a message *received* mapped to the categories of abuse received,
a priority, and what to do (the 999 banner, the police's non-emergency routes, the council's
contacts).

The message is checked by the same :class:`~pausecheck.engine.Checker` as a draft; the pack's
rules find threats, slurs, sexual and obscene words, personal data and allegations. This module
only reads the findings (a :class:`~pausecheck.findings.Report`) and applies the inbox's policy:

======================== ================================================================
category                 when
======================== ================================================================
threat_to_life_or_safety a threat finding, and the message speaks of death or serious harm
                         (kill, shoot, stab, burn, acid, rape…) or of finding the member
                         (where you live, your house, your family, coming for you, watch
                         your back): the Online Safety Act 2023 s.181 kind of threat; or a
                         word-list threat finding (violent words) in a sentence that speaks
                         to the member ("you", "your"): violence threatened against the
                         person who reads it is a threat to their safety
threat_of_violence       any threat finding
hate                     a discrimination finding (slur, dehumanising, "go back")
sexual                   a sexual-obscenity finding
doxxing                  a personal-data finding (an address, phone number, identifier)
false_statement          a defamation finding (an allegation stated as fact)
grossly_offensive        an obscenity finding
abusive                  an insult finding (abusive but often lawful: never the police banner)
persistent               the sender's third message or more within seven days (set on import)
impersonation            set by hand (no detector looks for it yet)
======================== ================================================================

Priority: ``high`` for either threat (never dismissed automatically), ``medium`` for hate,
sexual, doxxing, false statements and grossly offensive messages, ``low`` for the rest with a
category, ``none`` without. Only a threat to life or safety gets the 999 banner; robust
criticism of the member's decisions has no finding and so no category at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pausecheck.findings import Report

__all__ = ["BANNER", "CATEGORIES", "PRIORITIES", "RULE_CATEGORIES", "Contacts", "Triage", "advice_lines", "triage"]

CATEGORIES = ("threat_to_life_or_safety", "threat_of_violence", "hate", "sexual", "doxxing", "impersonation",
              "false_statement", "grossly_offensive", "abusive", "persistent")
HIGH = frozenset({"threat_to_life_or_safety", "threat_of_violence"})
MEDIUM = frozenset({"hate", "sexual", "doxxing", "false_statement", "grossly_offensive", "impersonation"})
PRIORITIES = ("high", "medium", "low", "none")

BANNER = "If you or anyone is in immediate danger, call 999"
POLICE_ROUTES = ("Otherwise report it to the police on 101 (non-emergency), or online through your police force's "
                 "website (police.uk)")

#: Death or serious harm, or being found: what turns a threat into a threat to life or safety.
_SERIOUS = re.compile(
    r"\b(?:kill\w*|murder\w*|die|dead|death|shoot\w*|shot|stab\w*|hang(?:ed|ing)?|lynch\w*|burn\w*|torch\w*|petrol|"
    r"acid|bomb\w*|blow\w* (?:you|your|him|her|them) up|rap(?:e|ed|ing)|strangl\w*|slit|throat|bullet\w*|guns?|"
    r"knife|knives|machete|behead\w*|execut\w*|hunt\w* (?:you|him|her|them) down|"
    r"where (?:you|he|she|they) live\w*|(?:your|his|her|their) (?:house|home|family|kids|children|wife|husband|"
    r"address|car|door)|coming for (?:you|him|her|them)|watch (?:your|his|her|their) back|outside your|find you|"
    r"see you (?:soon|tonight))\b",
    re.IGNORECASE,
)

#: Words after a violent word that show it is aimed at a person ("kill you", "burn your house").
_PERSON = frozenset("you your yours yourself ya ye u ur him his her them their he she they councillor cllr "
                    "family kids children wife husband mp".split())
#: Words after a violent word that show it is aimed at a thing ("kill the high street").
_THING = frozenset("the this that these those our it its off".split())
_WORD = re.compile(r"[a-z']+")
#: The member, addressed: a received message's "you" is its reader.
_SECOND_PERSON = frozenset("you your yours yourself ya ye u ur you'll you're you've you'd".split())
_SENTENCE_END = re.compile(r"[.!?\n]")


def aimed(text: str, end: int) -> bool:
    """Whether the threat word ending at ``end`` is aimed at a person: a person word among the
    next four words, unless the next word starts a thing ("will kill the high street"). The
    engine's threat rules gate on a person anywhere in the sentence, which is right for a draft
    (better to pause) but would put a police banner on "this budget will kill the high street
    and you voted for it"; a received message is judged on what the word is aimed at."""
    words = _WORD.findall(text[end:end + 60].lower())[:4]
    if any(w in _PERSON for w in words):
        return True
    return not (words and words[0] in _THING)


def speaks_to_reader(text: str, start: int, end: int) -> bool:
    """Whether the sentence(s) holding ``text[start:end]`` address the reader ("you", "your")."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    sentence = text[before[-1] if before else 0:after.end() if after else len(text)]
    return any(w in _SECOND_PERSON for w in _WORD.findall(sentence.lower()))


_BY_CATEGORY: Mapping[str, str] = {
    "threat": "threat_of_violence",
    "discrimination": "hate",
    "personal_data": "doxxing",
    "defamation": "false_statement",
    "obscenity": "grossly_offensive",
    "insult": "abusive",
}
#: The categories of rule whose findings triage reads: a Checker for received messages runs
#: only these (``Checker(categories=RULE_CATEGORIES)``), since a draft's timing, capacity or
#: copyright rules say nothing about abuse received.
RULE_CATEGORIES: tuple[str, ...] = tuple(_BY_CATEGORY)
#: Rules whose findings are sexual (the pack's sexual-obscenity rule).
SEXUAL_RULES = frozenset({"SMG-ABU-004", "obscene-sexual"})


@dataclass(frozen=True, slots=True)
class Contacts:
    """Who to tell: the council's people from the pack (``settings.council``) or a config file."""

    council: str | None = None
    monitoring_officer: str = "Monitoring Officer"
    monitoring_officer_contact: str | None = None
    police_liaison: str | None = None
    legal_services: str | None = None


@dataclass(frozen=True, slots=True)
class Triage:
    categories: tuple[str, ...]
    priority: str
    #: The rule codes behind the categories (for the log and the evidence pack).
    rules: tuple[str, ...]

    @property
    def banner(self) -> bool:
        return "threat_to_life_or_safety" in self.categories

    @property
    def dismissible(self) -> bool:
        """A threat is never dismissed automatically."""
        return self.priority != "high"


def triage(text: str, report: Report, *, extra: Iterable[str] = ()) -> Triage:
    """The categories and priority of a received message from its report (and ``extra``
    categories the caller knows, e.g. ``persistent``)."""
    found: set[str] = set(extra)
    rules: list[str] = []
    to_reader = False
    for f in report.findings:
        cat = _BY_CATEGORY.get(f.category)
        if cat is None:
            continue
        if cat == "threat_of_violence":
            if f.end - f.start <= 20 and not aimed(text, f.end):
                continue
            # A violent word (the lexicon rules' evidence) said to the reader; the learned head
            # alone also scores robust words ("I'll fight you every step of the way") as threats,
            # so on its own it gives high priority but never the banner.
            if f.detector != "classifier":
                to_reader = to_reader or speaks_to_reader(text, f.start, f.end)
        rules.append(f.code)
        found.add(cat)
        if f.code in SEXUAL_RULES or f.name in SEXUAL_RULES:
            found.add("sexual")
    if "threat_of_violence" in found and (to_reader or _SERIOUS.search(text)):
        found.add("threat_to_life_or_safety")
    unknown = found - set(CATEGORIES)
    if unknown:
        raise ValueError(f"unknown categories {sorted(unknown)}")
    cats = tuple(c for c in CATEGORIES if c in found)
    if found & HIGH:
        priority = "high"
    elif found & MEDIUM:
        priority = "medium"
    elif found:
        priority = "low"
    else:
        priority = "none"
    return Triage(cats, priority, tuple(dict.fromkeys(rules)))


def advice_lines(t: Triage, contacts: Contacts) -> list[str]:
    """What the CLI and the desk print first for this message: the banner and the routes for a
    threat to life or safety, the police's routes for another threat, nothing otherwise."""
    if t.priority != "high":
        return []
    lines = [f"!!! {BANNER}. !!!", POLICE_ROUTES] if t.banner else [
        "This may be a threat of violence: " + POLICE_ROUTES[0].lower() + POLICE_ROUTES[1:]]
    mo = contacts.monitoring_officer + (f" ({contacts.council})" if contacts.council else "")
    lines.append(f"Tell the {mo}" + (f": {contacts.monitoring_officer_contact}" if contacts.monitoring_officer_contact
                                     else "") + ".")
    if contacts.police_liaison:
        lines.append(f"The council's police liaison: {contacts.police_liaison}.")
    if contacts.legal_services:
        lines.append(f"Legal Services (evidence for an injunction): {contacts.legal_services}.")
    lines.append("Keep the message: it is in the evidence log (pausecheck evidence export).")
    return lines
