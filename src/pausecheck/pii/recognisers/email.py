"""E-mail addresses, with the domain checked against a Public Suffix List bundled in the package.

The domain must end in a known public suffix ("leeds.gov.uk", "gmail.com"), which tldextract's
bundled snapshot of the list answers offline: no list URL is fetched and no cache is written.
tldextract is imported on the first address to check, not with the analyser: its import brings
requests, urllib3 and ssl with it (about 0.1 s), and most posts hold no address at all.

This is our own pattern rather than Presidio's ``EmailRecognizer``, whose module imports
tldextract at the top; the registry name stays ``EmailRecognizer``, since names appear in
findings.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from presidio_analyzer import Pattern, PatternRecognizer

if TYPE_CHECKING:
    import tldextract

# RFC 5322's dot-atom: runs of letters, digits and the printable specials, joined by single
# dots. The domain: labels of word characters, inner hyphens allowed (punycode "xn--..."), at
# least two. A character that could continue the address on either side rules the match out.
_ATOM = r"[\w!#$%&'*+/=?^`{|}~-]+"
_LABEL = r"\w+(?:-+\w+)*"
_ADDRESS = rf"(?<![\w!#$%&'*+/=?^`{{|}}~.@-]){_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+(?![\w-]|@)"

#: What a passed validator means, in plain words (the explanation quotes it).
VALIDATOR = "the domain has a known suffix"


@functools.cache
def _suffix_list() -> tldextract.TLDExtract:
    import tldextract  # deferred: see the module docstring

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class OfflineEmailRecognizer(PatternRecognizer):
    """An e-mail address whose domain ends in a known public suffix (0.5 before context)."""

    PATTERNS = [Pattern("Email address", _ADDRESS, 0.5)]

    def __init__(self, context: list[str]) -> None:
        super().__init__(
            supported_entity="EMAIL_ADDRESS", patterns=self.PATTERNS, context=context, name="EmailRecognizer"
        )

    def validate_result(self, pattern_text: str) -> bool:
        return _suffix_list()(pattern_text.rpartition("@")[2]).fqdn != ""
