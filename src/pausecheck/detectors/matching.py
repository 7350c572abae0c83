"""Shared matching machinery: term indexes, compiled matchers, scopes and negation.

Everything here works in *normalised* offsets (``n_start``/``n_end``); detectors map to
the original text at the very end, through ``Doc.to_original``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pausecheck.detectors.options import Matcher
from pausecheck.text.doc import Doc, Target, Token
from pausecheck.text.normalise import skeleton
from pausecheck.text.patterns import compile_pattern, search
from pausecheck.text.tokenise import word_keys

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.detectors.base import Inspection

_NEGATION = frozenset(
    "not no never nobody none nothing neither nor isn't aren't wasn't weren't don't doesn't didn't "
    "won't can't cannot shouldn't wouldn't ain't".split()
)
_SPACY_LABELS = frozenset(
    "PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE DATE TIME PERCENT MONEY QUANTITY ORDINAL CARDINAL".split()
)


@dataclass(frozen=True, slots=True)
class Found:
    """A match in normalised offsets, with what matched it (for explanations)."""

    n_start: int
    n_end: int
    what: str
    score: float = 1.0


def term_keys(term: str) -> tuple[str, ...]:
    """Split a lexicon term the way post text is tokenised (the one tokeniser), keyed."""
    return word_keys(term)


class TermIndex:
    """Whole-word terms and phrases. A trailing ``*`` on a term matches any word ending."""

    def __init__(self, terms: Iterable[str]) -> None:
        self._first: dict[str, list[tuple[tuple[str, ...], bool, str]]] = {}
        self._prefixes: list[tuple[tuple[str, ...], str]] = []
        self._skeletons: dict[str, list[tuple[tuple[str, ...], bool, str]]] = {}
        for term in terms:
            wildcard = term.endswith("*")
            keys = term_keys(term.rstrip("*"))
            if not keys:
                continue
            entry = (keys, wildcard, term)
            if wildcard and len(keys) == 1:
                self._prefixes.append((keys, term))
            else:
                self._first.setdefault(keys[0], []).append(entry)
                self._skeletons.setdefault(skeleton(keys[0]), []).append(entry)

    def __bool__(self) -> bool:
        return bool(self._first or self._prefixes)

    def find(self, words: Sequence[Token], text: str) -> list[tuple[int, int, str]]:
        """Return (first token index, last token index + 1, term) for every match."""
        out: list[tuple[int, int, str]] = []
        for i, tok in enumerate(words):
            candidates = self._first.get(tok.key)
            if candidates is None and _stretched(tok):
                candidates = self._skeletons.get(skeleton(tok.key))
            for keys, wildcard, term in candidates or ():
                j = _match_from(words, i, keys, wildcard)
                if j:
                    out.append((i, j, term))
            for (prefix,), term in self._prefixes:
                if tok.key.startswith(prefix):
                    out.append((i, i + 1, term))
        return out


def _stretched(tok: Token) -> bool:
    return (tok.end - tok.start) > (tok.n_end - tok.n_start)


def _match_from(words: Sequence[Token], i: int, keys: tuple[str, ...], wildcard: bool) -> int:
    if i + len(keys) > len(words):
        return 0
    for k, key in enumerate(keys):
        tok = words[i + k]
        last = k == len(keys) - 1
        if k and tok.sentence != words[i].sentence:
            return 0
        if k and _gap(words[i + k - 1], tok):
            return 0
        if tok.key == key or (last and wildcard and tok.key.startswith(key)):
            continue
        if _stretched(tok) and skeleton(tok.key) == skeleton(key):
            continue
        return 0
    return i + len(keys)


def _gap(a: Token, b: Token) -> bool:
    """Phrase words must be adjacent: only spaces (or a hyphen) between them."""
    return b.n_start - a.n_end > 3


class CompiledMatcher:
    """A :class:`Matcher` from the pack, ready to run against a Doc."""

    def __init__(self, spec: Matcher, vocab: Mapping[str, Sequence[str]]) -> None:
        self.label = spec.label or _default_label(spec)
        self.terms = TermIndex([*spec.terms, *(w for name in spec.vocab for w in vocab[name])])
        self.patterns = [(p, compile_pattern(p.regex, vocab=vocab)) for p in spec.patterns]
        self.targets = frozenset(spec.targets)
        self.spacy_labels = frozenset(e for e in spec.entities if e in _SPACY_LABELS)
        self.pii_labels = frozenset(e for e in spec.entities if e not in _SPACY_LABELS)

    def find(self, ins: Inspection) -> list[Found]:
        doc = ins.doc
        found: list[Found] = []
        words = doc.words
        for i, j, term in self.terms.find(words, doc.normalised):
            found.append(Found(words[i].n_start, words[j - 1].n_end, f"{self.label}: '{term}'"))
        for spec, pattern in self.patterns:
            for m in search(pattern, doc.normalised, ins.budget):
                found.append(Found(m.start(), m.end(), f"{self.label}: pattern '{spec.name}'", spec.score))
        for t in doc.targets:
            if t.kind in self.targets:
                found.append(Found(t.n_start, t.n_end, f"{self.label}: {t.kind.replace('_', ' ')} '{t.text}'"))
        for e in doc.entities:
            if e.label in self.spacy_labels:
                found.append(Found(e.n_start, e.n_end, f"{self.label}: {e.label} '{e.text}'"))
        if self.pii_labels:
            for h in ins.pii():
                if h.entity in self.pii_labels:
                    found.append(Found(h.start, h.end, f"{self.label}: {h.entity}", h.score))
        found.sort(key=lambda f: (f.n_start, f.n_end))
        return found


def _default_label(spec: Matcher) -> str:
    if spec.targets:
        return "target"
    if spec.entities:
        return "entity"
    return "term"


def in_scope(doc: Doc, a: Found | tuple[int, int], b: Found, scope: str, window: int) -> bool:
    a_start, a_end = (a.n_start, a.n_end) if isinstance(a, Found) else a
    if scope == "post":
        return True
    if scope == "sentence":
        return doc.sentence_of(a_start) == doc.sentence_of(b.n_start)
    lo, hi = min(a_end, b.n_end), max(a_start, b.n_start)
    starts = doc.word_starts
    between = bisect.bisect_left(starts, hi) - bisect.bisect_left(starts, lo) if hi > lo else 0
    return between <= window


#: The longest sentence that takes its target from the sentence before (a kind's ``carry``).
CARRY_WORDS = 4


#: Words that point back at what the sentence before said, then the verb that names it: "That's
#: fraud", "This is theft", "It was corruption".
_POINTERS = frozenset("that's thats this's it's that this it".split())
_POINTER_VERBS = frozenset("is was".split())
#: Words allowed between the pointer and the name it gives: "That's pure theft", "This is
#: simply corruption", "That is a fraud".
_POINTER_FILLERS = frozenset("pure plain simply just outright blatant a an".split())


def points_back_at(doc: Doc, sentence: int, n_pos: int) -> bool:
    """The sentence opens by naming what the sentence before said: "That's <the word at n_pos>",
    "This is pure <…>", "It was <…>", with nothing but a filler or two between (``n_pos`` may
    also be the pointer's own, for an anchor that spans the whole phrase)."""
    words = doc.words
    k = bisect.bisect_left(doc.word_starts, doc.sentences[sentence].n_start)
    if k >= len(words) or words[k].sentence != sentence or words[k].key not in _POINTERS:
        return False
    if words[k].n_start == n_pos:
        return True
    k += 1
    if words[k - 1].key in ("that", "this", "it"):
        if k >= len(words) or words[k].key not in _POINTER_VERBS:
            return False
        k += 1
    for _ in range(3):
        if k >= len(words) or words[k].sentence != sentence:
            return False
        if words[k].n_start == n_pos:
            return True
        if words[k].key not in _POINTER_FILLERS:
            return False
        k += 1
    return False


def carried_targets(doc: Doc, sentence: int, kinds: Iterable[str], *, pointer_at: int | None = None) -> list[Target]:
    """The targets a short fragment takes from the sentence before: "… took my nan's deposit and
    never came back. Thief." is about them. Only a sentence of at most :data:`CARRY_WORDS` words
    with no target of its own and no subject of its own (Doc.targets_in); a longer sentence says
    whom it is about ("Every thief in the county was there").

    With ``pointer_at`` (an anchor's offset), a sentence of any length that opens by naming what
    the sentence before said ("… meetings she never attended. That's fraud, and I've got the
    dates.": :func:`points_back_at`) takes that sentence's targets too. "That" is the subject,
    but what it names is the act, and so the one who did it."""
    if (sentence > 0 and pointer_at is not None and points_back_at(doc, sentence, pointer_at)
            and not doc.targets_in(sentence, kinds)):
        return doc.targets_in(sentence - 1, kinds)
    span = doc.sentences[sentence]
    starts = doc.word_starts
    if bisect.bisect_left(starts, span.n_end) - bisect.bisect_left(starts, span.n_start) > CARRY_WORDS:
        return []
    return doc.targets_in(sentence, kinds, carry=True)


def negated_between(doc: Doc, a: tuple[int, int], b: tuple[int, int], lead: int = 3) -> str | None:
    """A negation word between two spans, or just before the earlier one ("no X is Y")."""
    lo, hi = min(a[0], b[0]), max(a[1], b[1])
    words = doc.words
    first = bisect.bisect_right(doc.word_ends, lo)  # the first word ending after lo
    for k in range(max(0, first - lead), len(words)):
        t = words[k]
        if t.n_start >= hi:
            break
        if t.key in _NEGATION or t.key.endswith("n't"):
            inside_a = a[0] <= t.n_start < a[1]
            inside_b = b[0] <= t.n_start < b[1]
            if not (inside_a or inside_b):
                return t.text
    return None


