"""Word lists shipped with pausecheck's text analysis, and the one reader of word-list files.

A word-list file holds one entry per line; ``#`` followed by a space (or ending the line)
starts a comment, at a line's start or after an entry; blank lines are skipped. A ``#`` run into
a word is a hashtag and part of the entry (``#justsaying``). The same reader serves these
built-in lists and a policy pack's ``vocab/*.txt``.
"""

from __future__ import annotations

from importlib import resources

import regex

_COMMENT = regex.compile(r"(?:^|(?<=\s))#(?=\s|$)")


def parse_word_list(text: str) -> tuple[str, ...]:
    """The entries of a word-list file's text, in order."""
    out: list[str] = []
    for line in text.splitlines():
        entry = _COMMENT.split(line, 1)[0].strip()
        if entry:
            out.append(entry)
    return tuple(out)


def builtin(name: str) -> tuple[str, ...]:
    """A list shipped in this folder (``reporting-cues``, ``uk-places``, …)."""
    return parse_word_list(resources.files(__package__).joinpath(f"{name}.txt").read_text("utf-8"))
