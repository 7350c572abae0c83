"""The analysed post: built once, shared read-only by every detector.

All structures carry spans in the *normalised* text (``n_start``/``n_end``) and in the
*original* text (``start``/``end``); detectors match on the first and report the second.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import regex

from pausecheck.text.normalise import NormalisedText, Vocabulary, normalise, strip_accents

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc as SpacyDoc

TargetKind = Literal["second_person", "person", "handle", "role", "pronoun"]

_TOKEN = regex.compile(r"(?<![\p{L}\p{N}_.])[@#][\p{L}\p{N}_]+|[\p{L}\p{N}]+(?:['’][\p{L}]+)*|[^\s\p{L}\p{N}]")
_URL = regex.compile(
    r"(?i)\b(?:https?://[^\s<>\"]+|www\.[^\s<>\"]+|(?<![@\w.])(?:[a-z0-9-]+\.)+[a-z]{2,12}/[^\s<>\"]+|"
    r"(?:[a-z0-9-]+\.)+(?:com|org|net|uk|co|io|ly|gl|me|gov|info|news|tv|link|page|site|online|xyz)"
    r"(?:/[^\s<>\"]*)?)(?<![.,;:!?)\]'])"
)
_TITLE_NAME = regex.compile(
    r"\b(?:Cllr|Councillor|Coun|Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lord|Lady|Prof|Professor|Rev|Revd|Reverend)\.?"
    r"\s+(?:\p{Lu}\.?\s+)?\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)?"
)
_SECOND_PERSON = frozenset(
    "you your yours you're youre yourself yourselves u ur ya yer you've youve you'll youll".split()
)
_PRONOUNS = frozenset("he she him her his hers himself herself".split())
# spaCy's small model tags some capitalised words as PERSON that are not people: parties,
# streets and buildings, and capitalised form labels.
_NOT_PEOPLE = frozenset(
    "email postcode dob tel phone mobile council cllr councillor ward lol omg rip thanks "
    "labour tory tories conservative conservatives libdem libdems green greens reform plaid snp sdp".split()
) | {"lib dem", "lib dems", "liberal democrat", "liberal democrats", "green party", "reform uk", "plaid cymru"}
_UK_PLACES = frozenset(
    line.strip().lower()
    for line in (Path(__file__).with_name("uk_places.txt")).read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
_PLACE_WORDS = regex.compile(
    r"(?i)\b(?:lane|road|rd|street|st|avenue|ave|close|crescent|drive|grove|terrace|place|way|gardens|"
    r"court|mount|view|walk|row|square|hill|green|rise|mews|parade|library|park|centre|center|hall|"
    r"school|homes|panel|committee)$"
)
_QUOTES = regex.compile(r"[\"“”„«»]([^\"“”„«»\n]{1,300})[\"“”„«»]|(?<![\p{L}\p{N}])['‘]([^'‘’\n]{1,200})['’](?![\p{L}\p{N}])")
_REPORTING = regex.compile(
    r"(?i)\b(?:call(?:ed|ing|s)?|label(?:l)?ed|brand(?:ed|ing)|said|says|wrote|writes|tweeted|posted|"
    r"messag(?:ed|es)|shout(?:ed|ing)|scream(?:ed|ing)|yell(?:ed|ing)|told|tells|sent|emailed|received|"
    r"heard|described|accus(?:ed|ing)|abuse[ds]?|abusive|unacceptable|no place|condemn\w*|report(?:ed|ing)?|"
    r"police|hate speech|vile|trolls?|trolling|misogyn\w*|racis[tm]|sexis[tm]|homophobi\w*|"
    r"this is what|this is the kind|comments? like|words like|saying|(?:statements?|things|phrases?|posts?|"
    r"tweets?|messages?|language|slogans?)\s+like|hurtful|hateful|bigot(?:s|ed|ry)?)\b"
)
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
# (_CONDEMNING), so "I'm calling it: X" or a threat of the member's own stays theirs.
_MENTIONED = regex.compile(
    r"(?i)\b(?:call(?:ing|s)?|refer(?:ring)?\s+to)\s+"
    r"(?!(?:and|or|but|out|up|back|off|on|in|at|to|for|the|it|this|that|me|us|you|him|her|them|"
    r"cllr|councillor|coun|mr|mrs|ms|miss|mx|dr|sir|dame|lord|lady|prof|professor|rev)\b)"
    r"(?:people|someone|somebody|anyone|anybody|others|other\s+people|(?:all\s+)?\p{L}+(?:\s+people)?)\s+"
    r"((?:an?\s+)?[^.!?\n,;]{1,40})"
    r"|\bthreats?\s+to\s+([^.!?\n,;]{1,60})"
    r"|\A\W*(?:threatening|wishing|calling\s+for)\s+([^.!?\n,;]{1,60})"
)
_CONDEMNING = regex.compile(
    r"(?i)\b(?:not\s+ok(?:ay)?|never\s+ok(?:ay)?|unacceptable|hateful|hurtful|wrong|stop|never|don'?t|do\s+not|"
    r"shouldn'?t|should\s+not|shameful|disgraceful|disgusting|bigot(?:s|ed|ry)?|racis[tm]|sexis[tm]|"
    r"homophobi\w*|transphobi\w*|jail|prison|arrest(?:ed)?|crime|criminal|offence|illegal|police|report(?:ed)?|"
    r"no\s+place|condemn\w*|ashamed)\b"
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
    kind: Literal["word", "handle", "hashtag", "punct"] = "word"
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
    #: Analyses run on demand and shared by detectors (e.g. Presidio's results); see detectors._shared.
    shared: dict[str, Any] = field(repr=False, default_factory=dict)

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

    def sentence_of(self, n_pos: int) -> int:
        for i, s in enumerate(self.sentences):
            if s.n_start <= n_pos < s.n_end:
                return i
        return max(0, len(self.sentences) - 1)

    def is_reported(self, n_start: int, n_end: int) -> bool:
        """True when the span lies inside someone else's quoted or reported words."""
        return any(r.n_start <= n_start and n_end <= r.n_end for r in self.reported)


def _relabel(label: str, name: str, text: str, start: int) -> str:
    """Correct the small model's commonest PERSON mistakes: parties, places, hashtags."""
    if label != "PERSON":
        return label
    name = name.strip()
    if name.lower() in _NOT_PEOPLE:
        return "ORG"
    if name.lower() in _UK_PLACES:
        return "GPE"
    if _PLACE_WORDS.search(name):
        return "FAC"
    if start > 0 and text[start - 1] in "#@":
        return "MISC"  # part of a hashtag or handle, which are targets in their own right
    return label


class Analyser:
    """Turns post text into a :class:`Doc`.

    ``vocabulary`` guides recovery of disguised words; ``roles`` are phrases that identify a
    person by office ("the council leader"), both supplied by the policy pack.
    """

    def __init__(
        self,
        vocabulary: Iterable[str] = (),
        roles: Iterable[str] = (),
        nlp: Language | None = None,
    ) -> None:
        self.vocabulary = Vocabulary(vocabulary)
        role_list = sorted({r.strip().lower() for r in roles if r.strip()}, key=len, reverse=True)
        self._roles = (
            regex.compile(r"(?i)\b(?:" + "|".join(regex.escape(r) for r in role_list) + r")\b")
            if role_list
            else None
        )
        self._nlp = nlp

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from pausecheck.text._nlp import spacy_pipeline

            self._nlp = spacy_pipeline()
        return self._nlp

    def analyse(self, text: str) -> Doc:
        norm = normalise(text, self.vocabulary)
        sdoc = self.nlp(norm.text)
        sentences = self._sentences(norm, sdoc)
        urls = tuple(self._span(norm, "URL", m.start(), m.end()) for m in _URL.finditer(norm.text))
        tokens = self._tokens(norm, sentences, urls)
        entities = tuple(
            self._span(norm, _relabel(e.label_, e.text, norm.text, e.start_char), e.start_char, e.end_char)
            for e in sdoc.ents
        )
        targets = self._targets(norm, tokens, entities)
        reported = self._reported(norm, sentences)
        return Doc(text, norm, tokens, sentences, entities, urls, targets, reported, sdoc)

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
        for m in _TOKEN.finditer(norm.text):
            ns, ne = m.span()
            while sent + 1 < len(sentences) and ns >= sentences[sent].n_end:
                sent += 1
            raw = m.group()
            kind: Literal["word", "handle", "hashtag", "punct"] = (
                "handle" if raw[0] == "@" and len(raw) > 1 else "hashtag" if raw[0] == "#" and len(raw) > 1 else "word" if raw[0].isalnum() else "punct"
            )
            start, end = norm.to_original(ns, ne)
            in_url = any(u.n_start <= ns < u.n_end for u in urls)
            key = strip_accents(raw.lower()).replace("’", "'")
            out.append(Token(raw, key, ns, ne, start, end, sent, kind, in_url))
        return tuple(out)

    def _targets(
        self, norm: NormalisedText, tokens: Sequence[Token], entities: Sequence[Span]
    ) -> tuple[Target, ...]:
        found: list[Target] = []

        def add(kind: TargetKind, ns: int, ne: int) -> None:
            start, end = norm.to_original(ns, ne)
            found.append(Target(kind, norm.original[start:end], ns, ne, start, end, kind))

        for t in tokens:
            if t.kind == "handle":
                add("handle", t.n_start, t.n_end)
            elif t.key in _SECOND_PERSON:
                add("second_person", t.n_start, t.n_end)
            elif t.key in _PRONOUNS:
                add("pronoun", t.n_start, t.n_end)
        titled = [m.span() for m in _TITLE_NAME.finditer(norm.text)]
        for ns, ne in titled:
            add("person", ns, ne)
        for e in entities:
            if e.label != "PERSON":
                continue
            if any(ns <= e.n_start < ne for ns, ne in titled):
                continue
            add("person", e.n_start, e.n_end)
        if self._roles is not None:
            for m in self._roles.finditer(norm.text):
                add("role", *m.span())
        found.sort(key=lambda t: (t.n_start, t.n_end))
        return tuple(found)

    def _reported(self, norm: NormalisedText, sentences: Sequence[Span]) -> tuple[Span, ...]:
        text = norm.text
        spans: list[Span] = []
        cue_anywhere = _REPORTING.search(text) is not None
        for m in _QUOTES.finditer(text):
            group = 1 if m.group(1) is not None else 2
            if cue_anywhere:
                spans.append(self._span(norm, "QUOTE", m.start(group), m.end(group)))
        for m in _REPORTED_UNQUOTED.finditer(text):
            group = 1 if m.group(1) is not None else 2
            spans.append(self._span(norm, "REPORTED", m.start(group), m.end(group)))
        for sentence in sentences:
            part = text[sentence.n_start:sentence.n_end]
            if not _CONDEMNING.search(part):
                continue
            for m in _MENTIONED.finditer(part):
                group = next(g for g in (1, 2, 3) if m.group(g) is not None)
                start, end = sentence.n_start + m.start(group), sentence.n_start + m.end(group)
                spans.append(self._span(norm, "MENTIONED", start, end))
        spans.sort(key=lambda s: s.n_start)
        return tuple(spans)
