"""Ensemble kind: the mean of member models' logits, per head.

On validation data the mean of the linear model's and the MiniLM heads' logits beats either
model alone on every head (benchmarks/RESULTS.md). Spans come from one named member
(``attribution``), because occlusion on the embedding model costs ~0.1 s per post.
The manifest lists no files of its own: each member verifies its own files when it loads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.classifier import Manifest, Model


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    out: np.ndarray = np.log(p / (1 - p))
    return out


class EnsembleModel:
    def __init__(self, name: str, heads: tuple[str, ...], thresholds: dict[str, float],
                 members: Sequence[Model], attribution: Model) -> None:
        self.name = name
        self.heads = heads
        self.thresholds = thresholds
        self.members = tuple(members)
        self._attribution = attribution
        for m in self.members:
            if tuple(m.heads) != heads:
                raise ValueError(f"ensemble {name}: member {m.name} has heads {m.heads}, expected {heads}")

    @classmethod
    def from_manifest(cls, manifest: Manifest, loader: Callable[[str], Any]) -> EnsembleModel:
        """``loader`` loads each member by name (shared when a Resources loads the ensemble)."""
        from pausecheck.classifier import ModelError

        names = manifest.extra.get("members") or []
        if len(names) < 2:
            raise ModelError(f"ensemble {manifest.name}: needs at least two members")
        members = [loader(n) for n in names]
        attribution = loader(manifest.extra.get("attribution", names[0]))
        return cls(manifest.name, manifest.heads, manifest.thresholds, members, attribution)

    def predict(self, texts: Sequence[str]) -> Any:
        logits = np.mean([_logit(np.asarray(m.predict(texts), dtype=np.float64)) for m in self.members], axis=0)
        return 1.0 / (1.0 + np.exp(-logits))

    def attribute(self, text: str, head: str) -> list[tuple[int, int, float]]:
        return self._attribution.attribute(text, head)

    def attribute_all(self, text: str) -> dict[str, list[tuple[int, int, float]]]:
        return self._attribution.attribute_all(text)
