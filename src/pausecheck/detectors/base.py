"""The detector interface. A detector finds; it never decides severity or wording."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pausecheck.detectors._matching import CompiledMatcher, Found, in_scope
from pausecheck.findings import Hit
from pausecheck.post import Post
from pausecheck.text.doc import Doc

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.policy.loader import Pack
    from pausecheck.policy.schema import Modifier


class Detector(ABC):
    """One configured detector of a rule. Built once per pack, run once per post."""

    kind: str = ""

    def __init__(self, spec: Any, pack: Pack) -> None:
        self.spec = spec
        self.pack = pack

    @abstractmethod
    def find(self, doc: Doc, post: Post) -> list[Hit]:
        """Return hits with offsets into the original text."""


class Modifiers:
    """Matchers near a hit that scale its score: opinion markers, open-mind wording, aggravators."""

    def __init__(self, specs: Sequence[Modifier], pack: Pack) -> None:
        self._items = [(CompiledMatcher(m, pack.vocab), m.factor) for m in specs]

    def apply(self, doc: Doc, span: tuple[int, int], score: float, scope: str = "sentence",
              window: int = 12) -> tuple[float, list[str]]:
        notes: list[str] = []
        for matcher, factor in self._items:
            near = [f for f in matcher.find(doc) if in_scope(doc, span, f, scope, window)]
            if near:
                score *= factor
                verb = "lowered" if factor < 1 else "raised"
                notes.append(f"{verb} by {near[0].what}")
        return min(score, 1.0), notes


def make_hit(doc: Doc, n_start: int, n_end: int, score: float, explanation: str,
             replacement: str | None = None, evidence: Sequence[Found] = ()) -> Hit:
    start, end = doc.to_original(n_start, n_end)
    ev = tuple((f.what, doc.text[slice(*doc.to_original(f.n_start, f.n_end))]) for f in evidence)
    return Hit(start, end, round(min(max(score, 0.0), 1.0), 4), explanation, "span", replacement, ev)


def post_hit(score: float, explanation: str, evidence: Sequence[tuple[str, str]] = ()) -> Hit:
    return Hit(0, 0, round(score, 4), explanation, "post", None, tuple(evidence))
