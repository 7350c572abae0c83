"""Checksum and format validators a ``pattern`` rule can name (``validator: nhs_number``)."""

from __future__ import annotations

from collections.abc import Callable

import regex

_POSTCODE = regex.compile(
    r"^(?:GIR ?0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)
_PLANNING_REF = regex.compile(r"^\d{2}[/-]\d{5}(?:[/-][A-Z]{2,4})?$")


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
    return bool(_POSTCODE.match(" ".join(text.upper().split())))


def planning_reference(text: str) -> bool:
    return bool(_PLANNING_REF.match(text.strip().upper()))


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "nhs_number": nhs_number,
    "uk_postcode": uk_postcode,
    "planning_reference": planning_reference,
}
