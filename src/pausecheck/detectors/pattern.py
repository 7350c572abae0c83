"""The ``pattern`` kind: regexes, with context words that raise the score and validators."""

from __future__ import annotations

from pausecheck.detectors._matching import TermIndex, compile_pattern, search
from pausecheck.detectors.base import Detector, Modifiers, make_hit
from pausecheck.detectors.validators import VALIDATORS
from pausecheck.findings import Hit
from pausecheck.policy.schema import PatternDetector
from pausecheck.post import Post
from pausecheck.text.doc import Doc


class PatternKind(Detector):
    kind = "pattern"
    spec: PatternDetector

    def __init__(self, spec: PatternDetector, pack) -> None:  # type: ignore[no-untyped-def]
        super().__init__(spec, pack)
        self.patterns = [(p, compile_pattern(p.regex, spec.case_sensitive, pack.vocab)) for p in spec.patterns]
        self.context = TermIndex(spec.context)
        self.validator = VALIDATORS[spec.validator] if spec.validator else None
        self.modifiers = Modifiers(spec.modifiers, pack)

    def find(self, doc: Doc, post: Post) -> list[Hit]:
        hits: list[Hit] = []
        for p, pattern in self.patterns:
            for m in search(pattern, doc.normalised):
                ns, ne = m.span()
                if ns == ne or (self.spec.skip_reported and doc.is_reported(ns, ne)):
                    continue
                if self.validator and not self.validator(m.group()):
                    continue
                score = p.score
                notes = [f"pattern '{p.name}' matched"]
                word = self._context_word(doc, ns, ne)
                if word:
                    score += self.spec.context_boost
                    notes.append(f"context word '{word}' nearby")
                if self.validator:
                    notes.append(f"{self.spec.validator} check passed")
                score, mod_notes = self.modifiers.apply(doc, (ns, ne), score)
                hits.append(make_hit(doc, ns, ne, score, "; ".join(notes + mod_notes), self.spec.replacement))
        return hits

    def _context_word(self, doc: Doc, ns: int, ne: int) -> str | None:
        if not self.context:
            return None
        words = doc.words
        idx = [k for k, t in enumerate(words) if t.n_end > ns and t.n_start < ne]
        if not idx:
            return None
        w = self.spec.context_window
        lo, hi = max(0, idx[0] - w), min(len(words), idx[-1] + 1 + w)
        for i, j, term in self.context.find(words[lo:hi], doc.normalised):
            return term
        return None
