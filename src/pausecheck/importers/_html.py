"""HTML to plain text for Mastodon statuses and WordPress posts, with the standard library only.

:class:`html.parser.HTMLParser` tokenises; nothing is executed, fetched or resolved (no
scripts, no images, no external entities). Text inside ``script``, ``style`` and similar
elements is dropped; block elements and ``<br>`` become line breaks; character references are
decoded. Mastodon's link markup (``<span class="invisible">https://</span>…``) keeps every
span's text, so a shortened display gives back the whole URL.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg", "math", "head", "title"})
_BREAK = frozenset({"br", "hr"})
_BLOCK = frozenset(
    {
        "p", "div", "li", "ul", "ol", "blockquote", "pre", "section", "article", "header", "footer",
        "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "figure", "figcaption", "dl", "dt", "dd",
    }
)  # fmt: skip
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag in _BREAK:
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The readable text of an HTML fragment: paragraphs separated by a blank line."""
    if "<" not in markup and "&" not in markup:
        return markup.strip()
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    text = _SPACES.sub(" ", "".join(collector.parts))
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()
