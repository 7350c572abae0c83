"""Text preparation shared by training and run time for every learned model.

Training data and drafts are brought to one surface form before any feature is computed:

- user mentions (``@someone``, OLID's ``@USER``) become ``@user``, as TweetEval already has them;
- links (``https://…``, ``www.…``) become ``http``;
- HTML character entities (``&amp;``, ``&#39;``) are decoded, because tweet datasets keep them;
- praise said by denying its limit ("couldn't be prouder", "could not be happier") becomes the
  plain praise ("am very proud"): the encoder reads the negation and scores "Our new mayor is a
  gay man, and I couldn't be prouder" as an attack (put-down 1.00, identity 0.33).

Case is kept; each model lower-cases (or not) as it needs. ``prepare`` is idempotent, so text
that was prepared when a dataset was loaded can be prepared again at run time without change.
``prepare_with_offsets`` also returns, for each character of the prepared text, the span of the
original text it came from, so attributions computed on prepared text map back to what the member
typed.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from pausecheck.text.urls import find_urls

_PIECES = re.compile(
    r"(?P<mention>(?<![\w.@])@\w{1,50})"
    r"|(?P<entity>&(?:[A-Za-z]{2,8}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});)"
    r"|(?P<litotes>\b(?i:(?:could|can)(?:n['’]?t|\s+not)|cannot)\s+(?i:have\s+been|be)\s+(?i:any\s+)?(?i:more\s+)?"
    r"(?P<praise>(?i:proud|prouder|happy|happier|pleased|delighted|thrilled|grateful|chuffed|honoured|honored))\b)"
)
#: The plain form of each word of praise a litotes may use.
_PLAIN = {"prouder": "proud", "happier": "happy", "honored": "honoured"}


def _replacement(m: re.Match[str]) -> str:
    if m.lastgroup == "mention":
        return "@user"
    if m.group("praise") is not None:
        praise = m.group("praise").lower()
        return f"am very {_PLAIN.get(praise, praise)}"
    decoded = html.unescape(m.group(0))
    return decoded if decoded != m.group(0) else m.group(0)


def _pieces(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, replacement)`` for each link, mention and entity, in order."""
    pos = 0
    for us, ue in [*find_urls(text), (len(text), len(text))]:
        for m in _PIECES.finditer(text, pos, us):
            yield m.start(), m.end(), _replacement(m)
        if ue > us:
            yield us, ue, "http"
        pos = ue


def prepare(text: str) -> str:
    """The prepared form of ``text`` (mentions → ``@user``, links → ``http``, entities decoded)."""
    return prepare_with_offsets(text)[0]


def prepare_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """``(prepared, starts, ends)``: prepared character ``i`` came from ``text[starts[i]:ends[i]]``."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for ps, pe, rep in _pieces(text):
        for i in range(pos, ps):
            out.append(text[i])
            starts.append(i)
            ends.append(i + 1)
        out.append(rep)
        starts.extend([ps] * len(rep))
        ends.extend([pe] * len(rep))
        pos = pe
    for i in range(pos, len(text)):
        out.append(text[i])
        starts.append(i)
        ends.append(i + 1)
    return "".join(out), starts, ends


#: Characters that only shape an emoji (the emoji presentation selector, the zero-width joiner,
#: skin tones): dropped, so that "🤦‍♀️" is read as the face it shows.
_EMOJI_SHAPERS = frozenset([0xFE0F, 0xFE0E, 0x200D, *range(0x1F3FB, 0x1F400)])
_REGIONAL = range(0x1F1E6, 0x1F200)


@lru_cache(maxsize=4096)
def _emoji_words(ch: str) -> str | None:
    """The words for one emoji ("clown face", "pile of poo"), "" for a character that only
    shapes one, None for a character that is not an emoji."""
    cp = ord(ch)
    if cp in _EMOJI_SHAPERS:
        return ""
    if cp in _REGIONAL:
        return "flag"
    if cp < 0x2190 or unicodedata.category(ch) != "So":
        return None
    try:
        return unicodedata.name(ch).lower()
    except ValueError:  # newer than this Python's Unicode tables
        return ""


def name_emoji(text: str) -> str:
    """``text`` with each emoji written as its Unicode name ("Our MP today 🤡" → "Our MP today
    clown face"). The encoder's word pieces have no emoji: without this every one is the same
    unknown piece, so a clown face after a name reads like a thumbs-up. A model whose manifest
    says ``"emoji": "names"`` is trained and run on text passed through this."""
    out: list[str] = []
    flag = False
    for ch in text:
        words = _emoji_words(ch)
        if words is None:
            out.append(ch)
            flag = False
        elif words == "flag":
            if not flag:  # a flag is two regional letters
                out.append(" flag ")
            flag = not flag
        elif words:
            out.append(f" {words} ")
            flag = False
    return "".join(out)
