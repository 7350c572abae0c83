"""The ``links`` kind: shortened links that hide where they go, and deny-listed domains."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field

from pausecheck.detectors.base import Detector, Inspection, PackResources, make_hit
from pausecheck.detectors.options import KindOptions
from pausecheck.findings import Hit


class LinksOptions(KindOptions):
    """URLs whose destination is hidden (shorteners) or on the pack's deny-list."""

    kind: Literal["links"]
    check: Literal["shortener", "deny"]
    domains: list[str] = []  # adds to the pack settings' list
    score: float = Field(0.8, ge=0, le=1)


def url_host(url: str) -> str:
    """The lower-case host of a URL written with or without a scheme."""
    raw = url if "://" in url else "http://" + url
    try:
        host = urlsplit(raw).hostname or ""
    except ValueError:
        return ""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _has_path(url: str) -> bool:
    raw = url if "://" in url else "http://" + url
    try:
        return urlsplit(raw).path.strip("/") != ""
    except ValueError:
        return False


def domain_matches(host: str, domain: str) -> bool:
    domain = domain.lower().lstrip(".")
    return host == domain or host.endswith("." + domain)


class LinksKind(Detector):
    kind = "links"
    options = LinksOptions
    spec: LinksOptions

    def __init__(self, spec: LinksOptions, pack: PackResources) -> None:
        super().__init__(spec, pack)
        settings = pack.settings
        base = settings.shorteners if spec.check == "shortener" else settings.deny_domains
        self.domains = tuple(dict.fromkeys([*base, *spec.domains]))

    def find(self, ins: Inspection, floor: float = 0.5) -> list[Hit]:
        doc = ins.doc
        hits: list[Hit] = []
        for u in doc.urls:
            url = doc.normalised[u.n_start:u.n_end]
            host = url_host(url)
            if self.spec.check == "shortener" and not _has_path(url):
                continue  # naming a shortener ("avoid bit.ly links") links to nothing
            domain = next((d for d in self.domains if domain_matches(host, d)), None)
            if domain is None:
                continue
            what = "a link shortener" if self.spec.check == "shortener" else "on the deny-list"
            hits.append(make_hit(doc, u.n_start, u.n_end, self.spec.score, f"host '{host}' is {what} ({domain})"))
        return hits
