"""The one URL finder: links with a scheme, ``www.`` links, and bare domains.

Used by the normaliser (a link is never "recovered" as a disguised word: ``bit.ly/sh1t`` stays
as typed), by the analysed Doc (the links rule checks each host) and by model text preparation
(links become ``http``).

Written as a single left-to-right scan rather than one big regex: the obvious regex for
"labels separated by dots" nests quantifiers, and on a post such as ``f.f.f.f…`` it backtracks
in time quadratic or worse in the length of the run. Here each dotted run is parsed once.
"""

from __future__ import annotations

import regex

#: Bare domains without a path count as links only under these top-level labels; with a path
#: (``example.org.uk/x``) any alphabetic top-level label of 2-12 letters counts.
BARE_TLDS = frozenset(
    "com org net uk co io ly gl me gov info news tv link page site online xyz".split()
)
_CHUNK = regex.compile(r"[^\s<>\"]+")
_LABEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
#: A link never ends on sentence punctuation that follows it ("see bit.ly/x.").
_TRAILING = frozenset(".,;:!?)]'")
_SCHEMES = ("http://", "https://")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _trim(text: str, start: int, end: int, keep: int) -> int:
    """Drop trailing punctuation from ``text[start:end]``, never going below ``start + keep``."""
    while end > start + keep and text[end - 1] in _TRAILING:
        end -= 1
    return end


def _labels(text: str, p: int, end: int) -> list[tuple[int, int]]:
    """The dotted run of ``[A-Za-z0-9-]+`` labels starting at ``p`` (single dots between)."""
    out: list[tuple[int, int]] = []
    i = p
    while True:
        j = i
        while j < end and text[j] in _LABEL_CHARS:
            j += 1
        if j == i:
            break
        out.append((i, j))
        if j + 1 < end and text[j] == "." and text[j + 1] in _LABEL_CHARS:
            i = j + 1
            continue
        break
    return out


def _scheme_link(text: str, p: int, end: int) -> int:
    """End of a ``http(s)://`` or ``www.`` link starting at ``p``, or -1."""
    head = text[p:p + 8].lower()
    prefix = next((s for s in _SCHEMES if head.startswith(s)), "www." if head.startswith("www.") else "")
    if not prefix or p + len(prefix) >= end:
        return -1
    return _trim(text, p, end, len(prefix) + 1)


def _domain_link(text: str, p: int, end: int, labels: list[tuple[int, int]]) -> int:
    """End of a bare-domain link over ``labels`` (starting at ``p``), or -1."""
    if len(labels) < 2 or (p > 0 and text[p - 1] == "@"):
        return -1  # one word is not a domain; after '@' it is an email address
    last_start, last_end = labels[-1]
    last = text[last_start:last_end]
    has_path = last_end + 1 < end and text[last_end] == "/"
    if has_path and last.isascii() and last.isalpha() and 2 <= len(last) <= 12 and text[p - 1:p] != ".":
        return _trim(text, last_end, end, 2)
    # No path (or one the rule above refused): the run counts up to its last known top label.
    for k in range(len(labels) - 1, 0, -1):
        s, e = labels[k]
        if text[s:e].lower() in BARE_TLDS:
            if k == len(labels) - 1 and last_end < end and text[last_end] == "/":
                return _trim(text, last_end, end, 0)
            return e
    return -1


def find_urls(text: str) -> list[tuple[int, int]]:
    """Spans (code points, half-open) of the links in ``text``, in order, never overlapping.

    Runs in time linear in ``len(text)``.
    """
    found: list[tuple[int, int]] = []
    for chunk in _CHUNK.finditer(text):
        word = chunk.group()
        if "." not in word and "://" not in word:
            continue  # every kind of link has a dot or a scheme: most words are skipped whole
        p, end = chunk.span()
        run_end = p  # inside a dotted run already parsed (and refused) as a domain
        while p < end:
            if not _is_word(text[p]) or (p > 0 and _is_word(text[p - 1])):
                p += 1
                continue
            stop = _scheme_link(text, p, end)
            if stop < 0 and p >= run_end:
                labels = _labels(text, p, end)
                stop = _domain_link(text, p, end, labels)
                if stop < 0:
                    run_end = labels[-1][1] if labels else p + 1
            if stop > p:
                found.append((p, stop))
                p = stop
            else:
                p += 1
    return found
