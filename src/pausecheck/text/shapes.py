"""Shapes of UK identifiers, each defined once: postcodes, planning references, street words, NHS
numbers; and one phrase shape that several rules share (a subject said to be something).

Pack regexes use them through the ``{shape:NAME}`` macro (see :mod:`pausecheck.text.patterns`),
the PII recognisers build on the same bodies, and ``pattern`` rules name the validators.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

#: A full UK postcode (outward and inward code), upper case, one optional space. The Royal Mail
#: letter rules: no Q, V, X in first place; no I, J, Z in second; inward letters skip C I K M O V.
POSTCODE = (
    r"(?:GIR ?0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})"
)
#: A planning application reference as English councils print them: year, serial, optional
#: type suffix ("24/01234/FU", "23-04567", "19/0456/LBC").
PLANNING_REFERENCE = r"(?:[0-9]{2}[/-][0-9]{4,6}(?:[/-][A-Z]{2,4})?)"

#: The word that ends a UK street's name ("Road", "Rd", "Close", "Fold"): an address needs
#: one, and a venue word just before one ("Church Lane", "Park View") names a street, not a venue.
STREET_WORD = (
    r"(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Crescent|Cres|Drive|Dr|Grove|Gr|Terrace|Terr"
    r"|Tce|Place|Pl|Way|Gardens|Gdns|Court|Ct|Mount|View|Walk|Row|Square|Sq|Hill|Green|Rise"
    r"|Mews|Parade|Fold|Garth|Croft|Approach|Boulevard|Chase|Dale|Grange|Heights|Vale|Wharf"
    r"|Yard|Wynd|Lea|Brow|Nook|Meadows?|Fields|Mead|Crest|Glade|Paddock|Orchard|Walks)"
)

#: What follows a subject's first word when something is said of it: up to eight more words of
#: the subject ("answer on the bus cuts", "decision by Cllr Lee"), not a new clause, then the
#: verb that says it ("is", "was", "has been", "seems") with any intensifiers and an article
#: ("is frankly useless", "was a joke"). The insult rules read "Cllr Smith's plan is useless" with
#: it as scorn said of the plan, not of Cllr Smith.
SUBJECT_THEN_COPULA = (
    r"(?:\s+(?!(?:and|but|while|because)\b)[\w'’-]+){0,8}?\s+"
    r"(?:is|was|are|were|'s|’s|has\s+been|have\s+been|looks|looked|seems|seemed|sounds|sounded)"
    r"(?:\s+(?:absolutely|utterly|totally|completely|frankly|just|simply|so|really|quite|pretty|bloody|plain"
    r"|downright|beyond))*(?:\s+(?:a|an))?"
)

#: Shapes a pack regex may name as ``{shape:NAME}``.
SHAPES: dict[str, str] = {
    "uk_postcode": POSTCODE,
    "planning_reference": PLANNING_REFERENCE,
    "street_word": STREET_WORD,
    "subject_then_copula": SUBJECT_THEN_COPULA,
}

_POSTCODE_WHOLE = regex.compile(rf"^{POSTCODE}$")
_PLANNING_WHOLE = regex.compile(rf"^{PLANNING_REFERENCE}$")


def nhs_number(text: str) -> bool:
    """Modulus 11 check digit (weights 10..2); a computed check of 10 means invalid."""
    digits = [int(c) for c in text if c.isdigit()]
    if len(digits) != 10:
        return False
    check = 11 - sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    if check == 11:
        check = 0
    return check != 10 and check == digits[9]


def uk_postcode(text: str) -> bool:
    """True for a whole, well-formed UK postcode (any case, spacing normalised)."""
    return bool(_POSTCODE_WHOLE.match(" ".join(text.upper().split())))


def planning_reference(text: str) -> bool:
    """True for a whole planning application reference."""
    return bool(_PLANNING_WHOLE.match(text.strip().upper()))


#: Checks a ``pattern`` rule can name (``validator: nhs_number``).
VALIDATORS: dict[str, Callable[[str], bool]] = {
    "nhs_number": nhs_number,
    "uk_postcode": uk_postcode,
    "planning_reference": planning_reference,
}
