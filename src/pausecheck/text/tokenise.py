"""The one tokeniser: how pausecheck splits text into words, for rules and for models.

``tokens`` is what the analysed Doc and every lexicon use: words (with inner apostrophes),
``@handles``, ``#hashtags`` and single punctuation marks, each keyed for matching by
:func:`word_key` (lower case, accents stripped, curly apostrophe straightened). A lexicon term
is split by the same function, so a term and the post always agree on what a word is.

The learned models were trained on their own word definitions, which are part of the shipped
weights (changing one silently changes every prediction). They are defined here too, as named
*feature schemes*, so that nothing else invents a sixth:

- ``MODEL_WORDS``: the linear model's word features (``\\w`` runs, ``#``/``@`` kept);
- ``SPAN_WORDS``: the toxic-span tagger's words (masks such as ``f*ck`` stay one word);
- ``OCCLUSION_WORDS``: whitespace-separated words, the unit the neural models occlude.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Literal

import regex

TokenKind = Literal["word", "handle", "hashtag", "punct"]

TOKEN = regex.compile(
    r"(?<![\p{L}\p{N}_.])[@#][\p{L}\p{N}_]+|[\p{L}\p{N}]+(?:['’][\p{L}]+)*|[^\s\p{L}\p{N}]"
)
MODEL_WORDS = re.compile(r"[#@]?\w+(?:['’]\w+)*")
SPAN_WORDS = re.compile(r"[\w*$@]+(?:['’][\w*$@]+)*")
OCCLUSION_WORDS = regex.compile(r"\S+")


def strip_accents(word: str) -> str:
    """'fück' -> 'fuck': used for matching keys, never for display."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def word_key(raw: str) -> str:
    """The form a word is matched by: lower case, accents stripped, straight apostrophe."""
    return strip_accents(raw.lower()).replace("’", "'")


def token_kind(raw: str) -> TokenKind:
    if len(raw) > 1 and raw[0] == "@":
        return "handle"
    if len(raw) > 1 and raw[0] == "#":
        return "hashtag"
    return "word" if raw[0].isalnum() else "punct"


def tokens(text: str) -> Iterator[tuple[TokenKind, int, int]]:
    """``(kind, start, end)`` of every token of ``text``, in order (code-point offsets)."""
    for m in TOKEN.finditer(text):
        yield token_kind(m.group()), m.start(), m.end()


def word_keys(text: str) -> tuple[str, ...]:
    """The keys of the words, handles and hashtags of ``text`` (punctuation skipped)."""
    return tuple(word_key(text[s:e]) for kind, s, e in tokens(text) if kind != "punct")
