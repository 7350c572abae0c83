"""Rewrites of the member's own post: a rule's fix strategy turned into edits of the text.

A rule declares how its finding is fixed (``fix:`` in the rule, a closed set of strategies, see
:class:`~pausecheck.policy.schema.Fix`); :func:`propose` turns the finding's spans and the
analysed post into :class:`~pausecheck.findings.Edit`\\ s on the original text (code points,
half-open). Nothing here decides whether a rewrite is shown: the engine applies the edits, checks
the rewritten post again with the same Checker, and keeps the rewrite only when that check finds
neither the rule nor any rule the original post did not already raise.

The edits keep the member's words around the flagged ones. The tidying is English-first (a
dangling "a" or "the" before a dropped word, a capital at the start of a sentence); a rule whose
words it cannot tidy says so by having no fix, or a ``soften`` map with ``otherwise: keep``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, NamedTuple

from pausecheck.findings import Edit, Span
from pausecheck.policy.schema import Fix
from pausecheck.text.doc import Doc, Target

__all__ = ["Proposal", "propose", "word_key"]

#: Words that dangle once the word after them is dropped ("a complete moron", "absolute c***s").
_DANGLING = frozenset({"a", "an", "complete", "total", "utter", "absolute", "absolutely", "such", "right",
                       "bloody", "proper", "so"})
_WH = frozenset({"what", "who", "why", "how", "where", "when"})
#: After a dropped word, one of these means it was the noun ("a load of X is", "absolute X the lot"),
#: so an "a" before it dangles; any other word means it qualified that word ("a sh1t show").
_FUNCTION = frozenset({"the", "is", "are", "was", "were", "of", "and", "or", "but", "to", "in", "on", "at", "for",
                       "with", "this", "that", "it", "be", "going", "happening"})
#: Look-alike digits and signs as letters, for matching a flagged word against a ``soften`` map.
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
_MASK = frozenset("*#%_-")
_SENTENCE_END = ".!?\n"
_LEAD = re.compile(r"(?:(?:replying\s+to|hi|hello|dear|thanks|thank\s+you)\s+)?(?:@\w+[\s,:;]*)+", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"(\w+)([ \t]+)$")
_CAPS_WORD = re.compile(r"\b[A-Z][A-Z']*[A-Z]\b")
_REPEATED = re.compile(r"([!?])[!?]+")
#: Adverbs that only turn up the heat ("absolutely fuming", "utterly sick of"): calm drops them.
_INTENSIFIER = re.compile(r"\b(?:absolutely|utterly|totally|completely)[ \t]+(?=\w)", re.IGNORECASE)
#: A name-call aside: "you" and at most two words before the flagged ones ("you absolute idiot").
_YOU = re.compile(r"\byou\b", re.IGNORECASE)
_BETWEEN = re.compile(r"(?:[ \t]+[^\W\d_]+,?){0,2}[ \t]+")
#: Words that make "you …" a sentence about the person, not an aside ("you are a", "you look like").
_NOT_ASIDE = frozenset({"are", "were", "is", "was", "be", "a", "an", "the", "look", "looks", "sound", "seem", "and",
                        "or", "not", "to", "that", "who", "lot", "all", "have", "had", "must", "should", "will",
                        "would", "can", "could", "might", "do", "did", "really", "just", "still", "get", "got", "you",
                        "your", "told", "said", "asked", "like", "than", "for", "with", "about", "if"})
#: Short capitalised words that are shouting, not acronyms.
_SHOUTED_SHORT = frozenset({"WHY", "WHO", "HOW", "NOT", "YOU", "ALL", "NOW", "THE", "AND", "ARE", "OUR", "GET",
                            "SO", "NO", "IS", "IT", "OF", "TO", "ME", "MY", "DO", "WE", "BE", "AT", "ON", "IN",
                            "OR", "UP", "AM", "HAS", "WAS", "FOR", "CAN", "YET", "OFF", "OUT", "ANY"})


def word_key(word: str) -> str:
    """A flagged word as a ``soften`` map spells it: lower case, dots gone, look-alikes as letters."""
    return word.lower().replace(".", "").translate(_LEET)


class Proposal(NamedTuple):
    """A rewrite's edits and whether it is safe; a strategy may offer a second, ``fallback``,
    for the engine to try when the first does not check clean."""

    edits: tuple[Edit, ...]
    applicability: Literal["safe", "review"]
    fallback: Proposal | None = None


def propose(fix: Fix, spans: Sequence[Span], doc: Doc) -> Proposal | None:
    """The rewrite ``fix`` makes of the post for a finding with these spans; None when it has none.

    ``template`` first tries the member's own sentence without the flagged words when they are
    only a name-call aside ("@dave you absolute idiot, read the report"): dropping an aside keeps
    everything the sentence says, so that rewrite is safe (unless the rule says ``review``), and
    the template sentence is its fallback."""
    edits = _edits(fix, spans, doc)
    proposal = Proposal(edits, fix.safety) if edits else None
    if fix.strategy == "template":
        asides = _asides(doc.text, [s for s in spans if s.end > s.start])
        if asides:
            return Proposal(asides, fix.applicability or "safe", proposal)
    return proposal


def _edits(fix: Fix, spans: Sequence[Span], doc: Doc) -> tuple[Edit, ...]:
    spans = [s for s in spans if s.end > s.start]
    if not spans and fix.strategy != "calm":
        return ()
    text = doc.text
    if fix.strategy == "redact":
        assert fix.text is not None
        return _joined(text, [_redact(text, s, fix.text, fix.part) for s in spans])
    if fix.strategy in ("soften", "drop", "unlink"):
        out: list[Edit] = []
        for s in spans:
            if fix.strategy == "soften":
                edit = _soften(text, s, fix)
            else:
                edit = _drop(text, s.start, s.end, link=fix.strategy == "unlink")
            if edit is None:
                return ()
            out.append(edit)
        return _disjoint(out)
    if fix.strategy == "calm":
        return _calm(text)
    assert fix.text is not None
    return _sentences(doc, spans, fix.text, fill=fix.strategy == "template")


def _disjoint(edits: Sequence[Edit]) -> tuple[Edit, ...]:
    """The edits in text order, overlapping ones merged into one (the earlier one's text first)."""
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if out and e.start < out[-1].end:
            prev = out[-1]
            out[-1] = Edit(prev.start, max(prev.end, e.end), prev.text)
        else:
            out.append(e)
    return tuple(out)


def _joined(text: str, edits: Sequence[Edit]) -> tuple[Edit, ...]:
    """Redactions next to each other ("22 Cliff Road, LS6 2EZ") as one placeholder."""
    out: list[Edit] = []
    for e in _disjoint(edits):
        if out and out[-1].text == e.text and not text[out[-1].end:e.start].strip(" ,"):
            out[-1] = Edit(out[-1].start, e.end, e.text)
        else:
            out.append(e)
    return tuple(out)


def _at_sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_END


def _redact(text: str, span: Span, placeholder: str, part: str) -> Edit:
    start = span.start
    if part == "value":
        marks = list(re.finditer(r"(?:\bis\b|\bwas\b|:)\s*", span.match, re.IGNORECASE))
        if marks and marks[-1].end() < len(span.match):
            start = span.start + marks[-1].end()
    return Edit(start, span.end, placeholder)


def _masked_match(key: str, word: str) -> bool:
    """``b******s`` matches ``bollocks``: same length, every unmasked letter equal."""
    return len(key) == len(word) and any(c in _MASK for c in key) and all(
        c in _MASK or c == w for c, w in zip(key, word, strict=True))


def _lookup(words: dict[str, str], key: str) -> str | None:
    softer = words.get(key)
    if softer is None:
        softer = next((v for k, v in words.items() if _masked_match(key, k)), None)
    return softer


def _soften(text: str, span: Span, fix: Fix) -> Edit | None:
    """The flagged word as the ``words`` map has it, softer; dropped when the map says "". A
    key of two words takes the flagged word with the word after it ("piss off": "clear off")."""
    key = word_key(span.match)
    after = re.compile(r"[ \t]+([^\W\d_]+)").match(text, span.end)
    if after:
        phrase = _lookup(fix.words, f"{key} {after.group(1).lower()}")
        if phrase is not None:
            if span.match[:1].isupper():
                phrase = phrase[:1].upper() + phrase[1:]
            return Edit(span.start, after.end(), phrase) if phrase else _drop(text, span.start, after.end())
    softer = _lookup(fix.words, key)
    if softer is None and span.replacement is not None:
        softer = span.replacement
    if softer is None:
        if fix.otherwise == "keep":
            return None
        softer = ""
    if not softer:
        return _drop(text, span.start, span.end)
    if span.match[:1].isupper():
        softer = softer[:1].upper() + softer[1:]
    return Edit(span.start, span.end, softer)


def _drop(text: str, start: int, end: int, *, link: bool = False) -> Edit | None:
    """Delete ``[start, end)`` and tidy: a dangling "a"/"the" before it, the space on one side,
    a colon left pointing at nothing, the capital of a sentence. None when the words cannot be
    dropped tidily (a verb with its particle: "p*** off")."""
    s, e = start, end
    following = re.compile(r"[ \t]*(\w*)").match(text, e)
    head = following is None or not following.group(1) or following.group(1).lower() in _FUNCTION
    if not link and head:
        while m := _WORD_BEFORE.search(text, 0, s):
            word = m.group(1).lower()
            before = _WORD_BEFORE.search(text, 0, m.start(1))
            if word in _DANGLING or (word == "the" and before is not None and before.group(1).lower() in _WH):
                s = m.start(1)
            else:
                break
    if not link and re.compile(r"[ \t]+(?:off|up|about|around)\b", re.IGNORECASE).match(text, e):
        return None
    at_start = _at_sentence_start(text, s)
    rest = text[e:]
    if link and (rest.strip(" \t")[:1] in ("", "\n") or rest[:1] in ".!?"):
        # The link (or word) ended its sentence: take the colon or "here:" that pointed at it.
        lead = re.compile(r"[ \t]*(?:\bhere)?[ \t]*:[ \t]*$", re.IGNORECASE).search(text, 0, s)
        if lead:
            s = lead.start()
    if at_start:
        # The sentence now starts after the dropped words: take the space and a comma or colon.
        m = re.compile(r"[ \t]*[,:;]?[ \t]*").match(text, e)
        e = m.end() if m else e
        nxt = text[e:e + 1]
        if nxt.islower():
            return Edit(s, e + 1, nxt.upper())
        return Edit(s, e, "")
    while s > 0 and text[s - 1] in " \t":
        s -= 1
    if s == 0 or text[s - 1] == "\n":  # no space before: take the one after instead
        while e < len(text) and text[e] in " \t":
            e += 1
    return Edit(s, e, "")


def _asides(text: str, spans: Sequence[Span]) -> tuple[Edit, ...]:
    """Edits dropping every span as a name-call aside, or () unless every span is one.

    An aside is "you" and the flagged words (at most two words between: "you absolute idiot"),
    set off from a sentence that goes on without it: at the start of a sentence or after a
    reply's @handles with a comma after it ("@dave you absolute idiot, read the report"), or
    after a comma, in the middle of a sentence or at its end ("shut up, you idiot"). "You are
    an idiot" is no aside: the insult is all the sentence says."""
    out: list[Edit] = []
    for span in spans:
        edit = _aside(text, span)
        if edit is None or any(e.start < edit.end and edit.start < e.end for e in out):
            return ()
        out.append(edit)
    return tuple(sorted(out, key=lambda e: e.start))


def _aside(text: str, span: Span) -> Edit | None:
    you = list(_YOU.finditer(text, 0, span.start))
    if not you:
        return None
    between = text[you[-1].end():span.start]
    if not _BETWEEN.fullmatch(between) or any(w.lower() in _NOT_ASIDE for w in re.findall(r"[^\W\d_]+", between)):
        return None
    start = you[-1].start()
    before = text[:start].rstrip(" \t")
    lead = _LEAD.match(text)
    after_lead = lead is not None and lead.end() == start
    follow = re.compile(r"[ \t]*,[ \t]*(?=[^\W\d_@#])").match(text, span.end)
    if follow and (not before or before[-1] in _SENTENCE_END or after_lead):
        nxt = text[follow.end()]
        if not after_lead and nxt.islower():
            return Edit(start, follow.end() + 1, nxt.upper())
        return Edit(start, follow.end(), "")
    if before.endswith(",") and (follow or re.compile(r"[ \t]*(?:[.!?\n]|$)").match(text, span.end)) \
            and re.search(r"[^\W\d_]", text[lead.end() if lead else 0:len(before)]):
        return Edit(len(before) - 1, span.end, "")
    return None


def _calm(text: str) -> tuple[Edit, ...]:
    """Shouting capitals to lower case (a capital kept where a sentence starts, and "I"); "!!!"
    and "?!?" to their first mark; "absolutely", "utterly" and the like dropped. Short capitals
    that may be acronyms (NHS, DWP) stay."""
    edits: list[Edit] = []
    caps = list(_CAPS_WORD.finditer(text))
    run = {m.start() for i, m in enumerate(caps)
           if (i > 0 and not text[caps[i - 1].end():m.start()].strip(" ,.!?'")) or
           (i + 1 < len(caps) and not text[m.end():caps[i + 1].start()].strip(" ,.!?'"))}
    for m in caps:
        word = m.group()
        if len(word) <= 3 and word not in _SHOUTED_SHORT and m.start() not in run:
            continue
        low = word.lower()
        if _at_sentence_start(text, m.start()) or low == "i":
            low = low[:1].upper() + low[1:]
        if low != word:
            edits.append(Edit(m.start(), m.end(), low))
    edits.extend(Edit(m.start(), m.end(), m.group(1)) for m in _REPEATED.finditer(text))
    for m in _INTENSIFIER.finditer(text):
        edit = _drop(text, m.start(), m.start() + len(m.group().rstrip()))
        # A shouted intensifier ("ABSOLUTELY FUMING") is calmed, not dropped: the two edits would overlap.
        if edit is not None and not any(e.start < edit.end and edit.start < e.end for e in edits):
            edits.append(edit)
    return _disjoint(edits)


def _sentences(doc: Doc, spans: Sequence[Span], sentence: str, *, fill: bool) -> tuple[Edit, ...]:
    """Replace the sentences holding the spans with ``sentence``, keeping a reply's leading
    @handles; ``{target}`` and ``{target_possessive}`` name whom the first of them is about."""
    text = doc.text
    held = [s for s in doc.sentences if any(s.start <= sp.start < max(s.end, s.start + 1) for sp in spans)]
    if not held:
        return ()
    start, end = min(s.start for s in held), max(s.end for s in held)
    while end > start and text[end - 1].isspace():
        end -= 1
    lead = _LEAD.match(text, start) if start == 0 else None
    kept_handle = False
    if lead and lead.end() < end:
        start, kept_handle = lead.end(), True
        if text[:start].rstrip().endswith(",") and sentence[:2] != "I ":
            sentence = sentence[:1].lower() + sentence[1:]  # "Hi @dave, thanks for…"
    if fill:
        first = min(sp.start for sp in spans)
        who = _target(doc, held[0].start, held[0].end, first, kept_handle)
        if who is None:
            if "{target" in sentence:
                return ()
            who = ("", "")
        sentence = sentence.replace("{target_possessive}", who[1]).replace("{target}", who[0])
    return (Edit(start, end, sentence),)


def _target(doc: Doc, start: int, end: int, flagged: int, replying: bool) -> tuple[str, str] | None:
    """(name, possessive) of whom the sentence ``[start, end)`` is about: "you"/"your" in a reply
    to a handle; else the person, role or handle named last before the flagged words (or first
    after them); else "you" when the sentence says it; None if it names no one."""
    own = [t for t in doc.targets if start <= t.start < end and not doc.is_reported(t.n_start, t.n_end)]
    kinds = {t.kind for t in own}
    if replying and kinds & {"second_person", "handle"}:
        return "you", "your"
    named: list[Target] = [t for t in own if t.kind in ("person", "role", "handle")]
    before = [t for t in named if t.start < flagged]
    chosen = before[-1] if before else (named[0] if named else None)
    if chosen is None:
        return ("you", "your") if "second_person" in kinds else None
    name = chosen.text
    if name[:4] == "The ":
        name = "the " + name[4:]
    return name, name + "'s"
