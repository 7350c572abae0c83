"""A word-by-word English reading of a Welsh sentence, for models that learnt English only.

pausecheck's learned heads were trained on English. A Welsh post used to reach them as noise (so
the learned rules skip Welsh posts), and the Welsh pattern rules catch only the words and shapes
they list. A gloss is the cheap middle way: each Welsh word is replaced by a short English one
from a pack's glossary, and the heads read the result. "Os dw i'n gweld y swyddog cynllunio eto mi
ga i air efo fo tu allan" becomes, roughly, "if I am see the officer planning again I get word
with him outside": broken English, but the heads judge content words and the threat survives.

What the gloss undoes, so that one glossary entry serves every form a word takes in a post:

- **mutations**: Welsh changes a word's first sound after certain words ("cath", "gath",
  "nghath", "chath"); a word not in the glossary is looked up again under each radical form it
  could come from (soft, nasal, aspirate, and the h- before a vowel);
- **clitics**: "mae'r", "ni'n", "wedi'i" are split into the word and its short form;
- **accents**: "ty" finds "tŷ", as posts often drop the circumflex;
- **the particle yn**: before a verb-noun or an adjective it is the mark of the continuous or the
  predicate ("mae o'n lladd", "mae hi'n dwp") and is dropped; before the article or a place it
  means "in";
- **word order**, twice, where English reads otherwise: a verb before its pronoun subject ("mae
  o" → "he is") and an adjective after its noun ("dyn twp" → "stupid man").

A word the glossary lacks is kept as written (an English word, a name, a place). Fixed phrases of
up to :data:`MAX_PHRASE` words are looked up before their words ("gwastraff lle" is "waste of
space", not "waste place"). The gloss keeps, for each English piece, the stretch of the original
it came from, so a finding can point at the Welsh words.

A glossary is pack data: a vocabulary list whose entries read ``welsh = english | pos``, where
``pos`` is one of :data:`POS`. :meth:`Glossary.parse` refuses any other shape, naming the entry.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import regex

from pausecheck.text.doc import NAME_STAND_IN

__all__ = ["MAX_PHRASE", "POS", "TITLES", "Gloss", "GlossError", "Glossary"]

#: Parts of speech a glossary entry may carry. v: a verb-noun (its English is a bare verb); vf: an
#: inflected verb; the rest as their names say.
POS = frozenset("n adj v vf pron prep det conj adv neg num excl phrase".split())
#: Longest fixed phrase looked up, in words.
MAX_PHRASE = 4

#: A word with its clitics: letters, digits, apostrophes and hyphens inside it.
_WORD = regex.compile(r"[\p{L}\p{N}](?:[\p{L}\p{N}'’-]*[\p{L}\p{N}])?|['’][\p{L}]+")
#: Short forms written after a word, split off and read as their full forms.
_CLITICS = {"r": "y", "n": "yn", "i": "ei", "w": "ei", "m": "fy", "th": "dy", "u": "eu", "ch": "eich",
            "ma": "yma", "na": "yna", "di": "wedi", "s": "ys", "dan": "ydan", "dach": "ydach", "da": "ydan"}
#: Words that are a pronoun after a verb and a preposition elsewhere: (pronoun, preposition).
_PRONOUN_OR_PREPOSITION = {"i": ("I", "to"), "o": ("he", "of")}
#: Pronouns after which a spoken 'm is "not" ("dw i'm isio", "'dan ni'm yn mynd"), not "my".
_NEGATED_BY_M = frozenset("i ni ti chi nhw fo o hi e fe".split())
#: Radical forms a mutated first sound may come from, longest prefix first.
_UNMUTATE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ngh", ("c",)), ("mh", ("p",)), ("nh", ("t",)), ("ng", ("g",)),
    ("ph", ("p",)), ("th", ("t",)), ("ch", ("c",)), ("dd", ("d",)),
    ("b", ("p",)), ("d", ("t",)), ("g", ("c",)), ("f", ("b", "m")), ("l", ("ll",)), ("r", ("rh",)),
    ("m", ("b",)), ("n", ("d",)), ("h", ("",)),
)
_VOWELS = frozenset("aeiouwyâêîôûŵŷáéíóúàèìòùäëïöü")
#: English determiners that open a noun phrase a verb-first Welsh clause puts after its verb.
_DETERMINERS = frozenset("the our his her my your their this that these those every".split())
#: The object pronoun of each English possessive, for a possessive before a verb-noun.
_OBJECTS = {"his": "him", "her": "her", "their": "them", "my": "me", "your": "you", "our": "us", "its": "it"}
#: English pronouns that a verb-first Welsh clause puts after its verb.
_SUBJECTS = frozenset("i you he she it we they".split())
#: Titles after which a capitalised unknown word is a person's name (read as the checker's
#: stand-in, so that no name moves a score).
TITLES = frozenset("councillor cllr mr mrs ms miss dr mp".split())


class GlossError(ValueError):
    """A glossary entry that is not ``welsh = english | pos``."""


@dataclass(frozen=True, slots=True)
class Piece:
    """One English piece and the stretch of the original text it reads. ``welsh`` is the form
    looked up (lower case, clitics expanded); ``pos`` is the entry's, or ``name`` (a capitalised
    word the glossary lacks) or ``?`` (any other word it lacks, kept as written), prefixed
    ``predicate`` where "yn" made it the predicate ("predicate adj")."""

    start: int
    end: int
    english: str
    pos: str
    welsh: str = ""


@dataclass(frozen=True, slots=True)
class Gloss:
    """A sentence read in English: the text and the pieces it is made of."""

    text: str
    pieces: tuple[Piece, ...]
    #: Share of the sentence's words the glossary knew (names and English words count as unknown).
    known: float


def _strip_accents(word: str) -> str:
    """The word without accents: posts often drop the circumflex ("ty" for "tŷ")."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _ing(verb: str) -> str:
    """An English verb's -ing form ("kill" → "killing", "make" → "making", "lie" → "lying"),
    on its first word ("keep an eye on" → "keeping an eye on")."""
    head, _, rest = verb.partition(" ")
    if not head.isalpha() or head.endswith("ing"):
        return verb
    if head.endswith("ie"):
        head = head[:-2] + "y"
    elif head.endswith("e") and not head.endswith(("ee", "ye", "oe")) and len(head) > 2:
        head = head[:-1]
    elif (3 <= len(head) <= 4 and head[0] not in "aeiou" and head[-1] not in "aeiouwxy" and head[-2] in "aeiou"
          and head[-3] not in "aeiou"):
        head += head[-1]  # "stop" → "stopping", "run" → "running"; not "open" or "edit"
    return f"{head}ing" + (f" {rest}" if rest else "")


class Glossary:
    """Welsh words and phrases with their English and part of speech (see the module docstring)."""

    def __init__(self, entries: dict[str, tuple[str, str]]) -> None:
        self._entries = entries
        self._accentless_index: dict[str, tuple[str, str]] | None = None

    @property
    def _accentless(self) -> dict[str, tuple[str, str]]:
        """The accentless spelling of each entry (built on the first word not found as written:
        a Checker that never sees Welsh never pays for it)."""
        if self._accentless_index is None:
            self._accentless_index = {}
            for welsh, value in self._entries.items():
                self._accentless_index.setdefault(_strip_accents(welsh), value)
        return self._accentless_index

    def __len__(self) -> int:
        return len(self._entries)

    @classmethod
    def parse(cls, lines: Iterable[str], name: str = "glossary") -> Glossary:
        entries: dict[str, tuple[str, str]] = {}
        for line in lines:
            welsh, eq, rest = line.partition("=")
            english, bar, pos = rest.rpartition("|")
            welsh, english, pos = " ".join(welsh.lower().replace("’", "'").split()), english.strip(), pos.strip()
            if not (eq and bar and welsh and english) or pos not in POS:
                raise GlossError(f"{name}: {line!r} is not 'welsh = english | pos' (pos one of "
                                 f"{', '.join(sorted(POS))})")
            if len(welsh.split()) > MAX_PHRASE:
                raise GlossError(f"{name}: {line!r} has more than {MAX_PHRASE} Welsh words")
            # Keyed as the post's words are read: "gwybod lle ti'n byw" is "gwybod lle ti yn byw".
            key = (" ".join(t[2] for t in cls._tokens(welsh, 0, len(welsh))) or welsh) if "'" in welsh else welsh
            entries.setdefault(key, (english, pos))  # the first entry of a word wins, as in a list
        return cls(entries)

    def lookup(self, word: str) -> tuple[str, str] | None:
        """A word's English and part of speech, under its own form or a radical one it may be a
        mutation of; None where the glossary knows neither."""
        word = word.lower().replace("’", "'")
        for form in (word, *self._radicals(word)):
            hit = self._entries.get(form) or self._accentless.get(_strip_accents(form))
            if hit is not None:
                return hit
        return None

    def english_of(self, words: str) -> str | None:
        """The English of each of ``words`` (split on spaces, outer punctuation dropped), joined;
        None unless the glossary knows every one ("Rhyddid Gwybodaeth" is "freedom knowledge",
        "Gareth Jones" is None)."""
        found = [self.lookup(w.strip(".,;:!?'’\"")) for w in words.split()]
        if not found or any(f is None for f in found):
            return None
        return " ".join(f[0] for f in found if f is not None)

    @staticmethod
    def _radicals(word: str) -> list[str]:
        out = []
        for prefix, radicals in _UNMUTATE:
            if word.startswith(prefix) and len(word) > len(prefix):
                out += [r + word[len(prefix):] for r in radicals]
        if word[:1] in _VOWELS:
            out.append("g" + word)  # soft mutation drops a g: "wneud" ← "gwneud", "air" ← "gair"
        return out

    def _phrase(self, forms: list[str]) -> tuple[int, tuple[str, str]] | None:
        """The longest fixed phrase at the start of ``forms`` (its first word may be mutated)."""
        for n in range(min(MAX_PHRASE, len(forms)), 1, -1):
            rest = forms[1:n]
            for first in (forms[0], *self._radicals(forms[0])):
                hit = self._entries.get(" ".join([first, *rest]))
                if hit is not None:
                    return n, hit
        return None

    def gloss(self, text: str, start: int = 0, end: int | None = None,
              skip: Callable[[int, int], bool] | None = None) -> Gloss:
        """The English reading of ``text[start:end]``; pieces keep offsets into ``text``. Words
        for which ``skip(start, end)`` is true are left out (someone else's quoted words)."""
        end = len(text) if end is None else end
        tokens = self._tokens(text, start, end)
        if skip is not None:
            tokens = [t for t in tokens if not skip(t[0], t[1])]
        pieces: list[Piece] = []
        known = 0
        i = 0
        while i < len(tokens):
            s, e, form, capital = tokens[i]
            phrase = self._phrase([t[2] for t in tokens[i:i + MAX_PHRASE]])
            if phrase is not None:
                n, (english, pos) = phrase
                pieces.append(Piece(s, tokens[i + n - 1][1], english, pos, " ".join(t[2] for t in tokens[i:i + n])))
                known += n
                i += n
                continue
            hit = self.lookup(form)
            # A capitalised word after a title is a name even where it is also a word ("Cyng. Rhys");
            # so is one inside the sentence whose English is a common word: place names are made
            # of them ("ym Mhen Llŷn" is not "in head lake"). A title, a people or a country
            # ("Cyngor", "Saeson", "Cymru") keeps its English.
            after_title = bool(pieces) and pieces[-1].english.lower().rstrip(".") in TITLES
            place = (capital and i > 0 and hit is not None and hit[0][:1].islower()
                     and hit[0].lower() not in TITLES and hit[1] in ("n", "adj", "v"))
            if hit is not None and not place and not (capital and after_title and form not in self._entries):
                pieces.append(Piece(s, e, hit[0], hit[1], form))
                known += 1
            else:
                pieces.append(Piece(s, e, text[s:e], "name" if capital else "?", form))
            i += 1
        pieces = self._subject_first(self._english_order(pieces))
        return Gloss(" ".join(p.english for p in pieces if p.english), tuple(pieces),
                     known / len(tokens) if tokens else 0.0)

    @staticmethod
    def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str, bool]]:
        """Words as (start, end, lower-case form, capitalised), clitics split off ("mae'r" →
        "mae", "y"); a word that begins with an apostrophe ("'na") is read as its full form."""
        out: list[tuple[int, int, str, bool]] = []
        for m in _WORD.finditer(text, start, end):
            word = m.group().replace("’", "'")
            s = m.start()
            if word.startswith("'"):
                out.append((s, m.end(), _CLITICS.get(word[1:].lower(), word[1:].lower()), False))
                continue
            head, apos, tail = word.partition("'")
            out.append((s, s + len(head), head.lower(), head[:1].isupper()))
            if apos and tail:
                clitic = tail.lower()
                full = "ddim" if clitic == "m" and head.lower() in _NEGATED_BY_M else _CLITICS.get(clitic, clitic)
                out.append((s + len(head), m.end(), full, False))
        return out

    @staticmethod
    def _english_order(pieces: list[Piece]) -> list[Piece]:
        """The particle yn, the preverbal particles, names after a title, a second "not", and
        the two reorderings of the module docstring."""
        out: list[Piece] = []
        for i, piece in enumerate(pieces):
            p = piece  # rebound below where a word reads otherwise in context
            nxt = pieces[i + 1] if i + 1 < len(pieces) else None
            prev = out[-1] if out else None
            if p.welsh == "yn" and nxt is not None:
                # An adverb may stand between ("mae hi'n hollol ddiwerth"): the word after it decides.
                head = next((q for q in pieces[i + 1:i + 3] if q.pos != "adv"), nxt)
                if head.pos == "adj" and nxt.pos == "adv":
                    continue
                if nxt.pos == "v":
                    pieces[i + 1] = replace(nxt, english=_ing(nxt.english))
                    continue
                after = pieces[i + 2] if i + 2 < len(pieces) else None
                if nxt.pos == "det" and nxt.english.lower() in _OBJECTS and after is not None and after.pos == "v":
                    pieces[i + 2] = replace(after, english=_ing(after.english))
                    continue  # "mae o'n eu gweld": he is seeing them
                if nxt.pos == "phrase" and not (nxt.english[:1].isupper() or nxt.english.startswith("the ")):
                    continue  # "yn mynd i": going to; "yn dda i ddim": good for nothing
                if nxt.pos == "det" and nxt.english.lower() not in _DETERMINERS:
                    continue  # "yn ddigon": enough (but "yn y dref", "yn fy marn i": in)
                # The predicate: marked, so that no reordering takes it for part of a noun phrase.
                if nxt.pos in ("adj", "?"):
                    pieces[i + 1] = replace(nxt, pos=f"predicate {nxt.pos}")
                    continue  # "mae hi'n dwp": she is stupid; "mae o'n useless"
                if nxt.pos == "n" and not nxt.english[:1].isupper():
                    pieces[i + 1] = replace(nxt, pos="predicate n")
                    out.append(replace(p, english="a"))  # "mae o'n ffŵl": he is a fool
                    continue
                out.append(replace(p, english="in"))  # "yn y dref", "yng Nghaerdydd"
                continue
            if p.welsh in ("mi", "fe") and nxt is not None and nxt.pos == "vf":
                continue  # the affirmative particle: "mi wna i", "fe aeth"
            if p.welsh in _PRONOUN_OR_PREPOSITION:
                # "i" is "I" after a verb ("dw i", "ges i", "mi wna i") and "to" elsewhere ("yn ôl i
                # Birmingham"); "o" is "he" after a verb ("fydd o'n mynd") and "of" elsewhere.
                pronoun, preposition = _PRONOUN_OR_PREPOSITION[p.welsh]
                p = replace(p, english=pronoun if prev is not None and prev.pos == "vf" else preposition)
            if p.pos == "name" and prev is not None:
                if prev.english.lower().rstrip(".") in TITLES:
                    out.append(replace(p, english=NAME_STAND_IN[-1]))
                    continue
                if prev.english == NAME_STAND_IN[-1]:
                    continue  # the rest of the name
            if p.english == "not" and any("n't" in q.english or q.english.endswith(" not") for q in out[-3:]):
                continue  # "dydi hi ddim": the verb already says "isn't"
            if prev is not None and prev.pos == "vf" and p.english.lower() in _SUBJECTS:
                if prev.english.lower().split(" ", 1)[0] == p.english.lower():
                    continue  # "maen nhw" is "they are" already
                out[-1:] = [p, prev]  # "mae o" → "he is"
                continue
            if p.pos == "det" and p.english.lower() in _OBJECTS and nxt is not None and nxt.pos == "v":
                # A possessive before a verb-noun is its object: "eu gweld" is "see them", "ei
                # wneud" is "do it"; the verb comes first in English.
                pieces[i + 1] = replace(nxt, english=f"{nxt.english} {_OBJECTS[p.english.lower()]}")
                continue
            if p.pos == "adj" and prev is not None and prev.pos == "n":
                k = len(out) - 1
                while k > 0 and out[k - 1].pos == "n":
                    k -= 1  # before the whole compound: "cynllun parcio newydd" → "new plan parking"
                out.insert(k, p)  # "dyn twp" → "stupid man"
                continue
            out.append(p)
        return out

    @staticmethod
    def _subject_first(pieces: list[Piece]) -> list[Piece]:
        """A noun phrase after a verb is its subject, and English puts it first: "dydi'r arweinydd
        ddim yn ffit" is read "the leader isn't fit", not "isn't the leader not fit"."""
        out: list[Piece] = []
        i = 0
        while i < len(pieces):
            p = pieces[i]
            j = i + 1
            if p.pos in ("vf", "neg") and j < len(pieces) and pieces[j].english.lower() in _DETERMINERS:
                j += 1
                if j < len(pieces) and pieces[j].pos == "phrase":
                    j += 1  # a fixed phrase right after the article is a noun: "mae'r ceiswyr lloches"
                while j < len(pieces) and pieces[j].pos in ("n", "name", "adj"):
                    j += 1
                if j > i + 2:
                    out += [*pieces[i + 1:j], p]
                    i = j
                    continue
            if p.pos == "det" and p.welsh in ("y", "yr") and out and out[-1].pos == "n":
                # A noun before "y" is owned by what follows: "sŵn y defaid" is "the noise of the sheep".
                out.append(replace(p, english="of the"))
                i += 1
                continue
            if p.english.split(" ", 1)[0] == "not" and any("n't" in q.english or q.english.endswith(" not")
                                                            for q in out[-2:]):
                rest = p.english[4:]  # "dydi o ddim yn ffit": the verb said "is not" already
                if rest:
                    out.append(replace(p, english=rest))
                i += 1
                continue
            out.append(p)
            i += 1
        return out

