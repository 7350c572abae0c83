"""A normalised view of a post, with a map back to the original text.

Abuse is often disguised so that a word list misses it: zero-width characters, Cyrillic
look-alike letters, leetspeak (``sh1t``), masks (``f*ck``), spaced letters (``f.u.c.k``) and
stretched letters (``fuuuuck``). Detectors match on the normalised view; every span they
report is mapped back through the offset map, so highlights always point into the text the
member typed.

Recovery of leet, masks and spaced letters is *vocabulary-guided*: a token is rewritten only
when the result is a word the pack cares about. That keeps ``B4``, ``LS6 2AB`` and ``U.K.``
as they are, which a blind character map would mangle.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from pausecheck.text.tokenise import strip_accents
from pausecheck.text.urls import find_urls

# Look-alike letters from other scripts, folded to the Latin letter they imitate. Only the
# letters that are used to disguise English words; NFKC already folds full-width and
# mathematical alphanumerics.
_HOMOGLYPHS = {
    # Cyrillic
    "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "һ": "h", "і": "i", "ј": "j", "к": "k",
    "ӏ": "l", "м": "m", "н": "h", "о": "o", "р": "p", "ԛ": "q", "ѕ": "s", "т": "t", "у": "y",
    "х": "x", "ԝ": "w", "ѵ": "v", "ё": "e", "ї": "i",
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K", "М": "M",
    "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "У": "Y", "Х": "X", "Ԝ": "W",
    # Greek
    "α": "a", "ο": "o", "ρ": "p", "ι": "i", "κ": "k", "ν": "v", "τ": "t", "υ": "u", "χ": "x",
    "ε": "e", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Latin look-alikes outside ASCII that NFKC leaves alone
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "ℓ": "l", "ꜱ": "s",
}

# Leetspeak: each symbol with the letters it commonly stands for, most likely first.
_LEET = {
    "0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
    "@": "a", "$": "s", "!": "i", "|": "l", "+": "t", "€": "e",
}
_MASKS = frozenset("*#%")
_KEEP_CONTROLS = frozenset("\n\t")

# A token that may hide a word: letters mixed with leet or mask symbols.
_DISGUISED = regex.compile(r"(?<![\w@#$*])[\p{L}0-9@$!|+€*#%]{3,24}(?![\w*#])")
# Single letters separated by one repeated separator: f.u.c.k, f u c k, f-u-c-k.
_SPACED = regex.compile(r"(?<![\p{L}\p{N}])\p{L}(?:([.\-_*·~ ])\p{L}(?![\p{L}\p{N}])(?:\1\p{L}(?![\p{L}\p{N}]))+)")
#: Runs of symbols longer than this are cut to it (see ``_squeeze``).
MAX_SYMBOL_RUN = 8
_SQUEEZABLE = regex.compile(rf"(\p{{L}})\1{{2,}}|[^\p{{L}}\p{{N}}\s]{{{MAX_SYMBOL_RUN + 1},}}")


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """The normalised string and, for each of its characters, the original span it came from."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the normalised text to the original text."""
        if not self.text:
            return (0, 0)
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        if start == end:
            anchor = self.starts[start] if start < len(self.text) else len(self.original)
            return (anchor, anchor)
        return (self.starts[start], self.ends[end - 1])


#: Printable ASCII, newlines and tabs: text that stage 1 leaves exactly as it is.
_PLAIN_ASCII = regex.compile(r"[\x20-\x7e\n\t]*")


def is_hidden_char(ch: str) -> bool:
    """Zero-width, bidi and other format controls, plus C0/C1 controls other than newline and tab."""
    if ch in _KEEP_CONTROLS:
        return False
    cat = unicodedata.category(ch)
    return cat in ("Cf", "Cc", "Cs", "Co", "Cn") and ch not in "\r"


def _char_units(text: str) -> Iterable[tuple[int, int]]:
    """Yield (start, end) of each base character with the combining marks that follow it."""
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        yield i, j
        i = j


def _fold_characters(text: str) -> tuple[list[str], list[int], list[int]]:
    """Stage 1: drop hidden characters, apply NFKC per unit, fold homoglyphs."""
    if _PLAIN_ASCII.fullmatch(text):
        # Most posts: every character is its own unit, NFKC leaves it as it is and nothing is
        # hidden, so the per-character pass below would copy the text one character at a time.
        return list(text), list(range(len(text))), list(range(1, len(text) + 1))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for s, e in _char_units(text):
        unit = "".join(c for c in text[s:e] if not is_hidden_char(c))
        if not unit:
            continue
        if unit == "\r":
            unit = "\n" if not text.startswith("\n", e) else ""
            if not unit:
                continue
        for ch in unicodedata.normalize("NFKC", unit):
            if is_hidden_char(ch):
                continue
            chars.append(ch)
            starts.append(s)
            ends.append(e)
    _fold_homoglyph_words(chars)
    return chars, starts, ends


def _fold_homoglyph_words(chars: list[str]) -> None:
    """Fold look-alike letters, but only in words that are disguised Latin.

    A word is folded when it mixes Latin letters with look-alikes, or consists only of
    look-alikes; genuine Cyrillic or Greek words (which have letters outside the table) stay.
    """
    i, n = 0, len(chars)
    while i < n:
        if not chars[i].isalpha():
            i += 1
            continue
        j = i
        while j < n and chars[j].isalpha():
            j += 1
        word = chars[i:j]
        lookalikes = sum(1 for c in word if c in _HOMOGLYPHS)
        if lookalikes:
            latin = sum(1 for c in word if "a" <= c.lower() <= "z")
            if latin + lookalikes == len(word):
                for k in range(i, j):
                    chars[k] = _HOMOGLYPHS.get(chars[k], chars[k])
        i = j


def skeleton(word: str) -> str:
    """Collapse every run of a repeated letter: lets 'fuuuck' meet 'fuck' and 'kiiilll' meet 'kill'."""
    out: list[str] = []
    for ch in word:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


class Vocabulary:
    """Words that disguised tokens may be recovered into, indexed for the three recoveries."""

    def __init__(self, words: Iterable[str]) -> None:
        ordered: dict[str, None] = {}
        for w in words:
            key = strip_accents(w.strip().lower())
            if key and " " not in key and key.isalpha():
                ordered.setdefault(key, None)
        self.words: tuple[str, ...] = tuple(ordered)
        self._exact = frozenset(self.words)
        self._skeletons: dict[str, str] = {}
        self._by_length: dict[int, list[str]] = {}
        for w in self.words:
            self._skeletons.setdefault(skeleton(w), w)
            self._by_length.setdefault(len(w), []).append(w)

    def __contains__(self, word: str) -> bool:
        return word in self._exact

    def __len__(self) -> int:
        return len(self.words)

    def by_skeleton(self, word: str) -> str | None:
        return self._skeletons.get(skeleton(word))

    def match_mask(self, pattern: Sequence[str | None]) -> str | None:
        """First word of the same length agreeing on every known letter (None = masked)."""
        for w in self._by_length.get(len(pattern), ()):
            if all(p is None or p == c for p, c in zip(pattern, w, strict=True)):
                return w
        return None


def _recover_token(token: str, vocab: Vocabulary) -> str | None:
    """Return the vocabulary word a disguised token stands for, or None."""
    lower = token.lower()
    if not any(c in _LEET or c in _MASKS for c in lower) or not any(c.isalpha() for c in lower):
        return None
    # Candidate letters per position: a mask is unknown, leet symbols have a few readings.
    options: list[str | None] = []
    for c in lower:
        if c in _MASKS:
            options.append(None)
        elif c in _LEET:
            options.append(_LEET[c])
        else:
            options.append(c)
    if sum(1 for o in options if o is None) * 2 > len(options):
        return None  # mostly masks ('f***') would match too many words
    for reading in _readings(options):
        if None not in reading:
            word = "".join(reading)  # type: ignore[arg-type]
            if word in vocab:
                return word
        else:
            found = vocab.match_mask(reading)
            if found:
                return found
    return None


def _readings(options: list[str | None], limit: int = 16) -> list[list[str | None]]:
    """Expand leet alternatives into at most ``limit`` concrete readings (first choices first)."""
    readings: list[list[str | None]] = [[]]
    for opt in options:
        if opt is None or len(opt) == 1:
            for r in readings:
                r.append(opt)
            continue
        readings = [[*r, alt] for r in readings for alt in opt][:limit]
    return readings


class _Builder:
    """Stage 2 output: rewritten characters with the original spans they map to."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, ch: str, start: int, end: int) -> None:
        self.chars.append(ch)
        self.starts.append(start)
        self.ends.append(end)


def normalise(text: str, vocabulary: Vocabulary | None = None) -> NormalisedText:
    """Build the normalised view of ``text``. Never raises on any ``str``."""
    chars, starts, ends = _fold_characters(text)
    folded = "".join(chars)
    vocab = vocabulary or Vocabulary(())
    # Characters already spoken for: inside a link (a link is never a disguised word) or
    # inside an earlier recovery. One byte per character keeps each test linear in the span.
    taken = bytearray(len(folded))
    for ps, pe in find_urls(folded):
        taken[ps:pe] = b"\x01" * (pe - ps)

    # Each replacement: (start, end) in folded -> list of (char, orig_start, orig_end).
    edits: dict[int, tuple[int, list[tuple[str, int, int]]]] = {}

    def free(s: int, e: int) -> bool:
        return taken.find(1, s, e) < 0

    def claim(s: int, e: int, out: list[tuple[str, int, int]]) -> None:
        edits[s] = (e, out)
        taken[s:e] = b"\x01" * (e - s)

    if len(vocab):
        for m in _SPACED.finditer(folded):
            s, e = m.span()
            letters = [(i, folded[i]) for i in range(s, e) if folded[i].isalpha()]
            word = strip_accents("".join(c for _, c in letters).lower())
            if (word in vocab or vocab.by_skeleton(word)) and free(s, e):
                claim(s, e, [(c, starts[i], ends[i]) for i, c in letters])
        for m in _DISGUISED.finditer(folded):
            s, e = m.span()
            recovered = _recover_token(m.group(), vocab)
            if recovered and free(s, e):
                src = folded[s:e]
                shout = sum(c.isupper() for c in src) > sum(c.islower() for c in src)
                out = [
                    (w.upper() if shout or src[k].isupper() else w, starts[s + k], ends[s + k])
                    for k, w in enumerate(recovered)
                ]
                claim(s, e, out)

    builder = _Builder()
    i, n = 0, len(folded)
    while i < n:
        if i in edits:
            e, out = edits[i]
            for ch, os_, oe in out:
                builder.add(ch, os_, oe)
            i = e
            continue
        builder.add(folded[i], starts[i], ends[i])
        i += 1
    return _squeeze(text, builder, protected_text="".join(builder.chars))


def _squeeze(original: str, b: _Builder, protected_text: str) -> NormalisedText:
    """Stage 3: squeeze letters repeated three or more times to one, outside URLs, and cut
    runs of symbols to :data:`MAX_SYMBOL_RUN` characters.

    The symbol cap is what keeps analysis linear: spaCy's tokenizer splits prefixes and
    suffixes off a long run of punctuation one character at a time, in time quadratic in the
    run (a post of 8,000 '!' took 13 s). The last kept symbol maps to the end of the run, so a
    highlight still covers everything the member typed.
    """
    in_url = bytearray(len(protected_text))
    for us, ue in find_urls(protected_text):
        in_url[us:ue] = b"\x01" * (ue - us)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _SQUEEZABLE.finditer(protected_text):
        s, e = m.span()
        if m.group(1) is not None:  # a stretched letter: one copy, outside links
            if in_url.find(1, s, e) >= 0:
                continue
            keep = 1
        else:  # a run of symbols: the first MAX_SYMBOL_RUN, anywhere
            keep = MAX_SYMBOL_RUN
        chars.extend(b.chars[pos:s + keep])
        starts.extend(b.starts[pos:s + keep])
        ends.extend(b.ends[pos:s + keep - 1])
        ends.append(b.ends[e - 1])
        pos = e
    chars.extend(b.chars[pos:])
    starts.extend(b.starts[pos:])
    ends.extend(b.ends[pos:])
    return NormalisedText(original, "".join(chars), tuple(starts), tuple(ends))
