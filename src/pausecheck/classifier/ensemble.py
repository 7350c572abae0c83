"""Ensemble kind: the mean of member models' logits, per head.

On validation data the mean of the fine-tuned MiniLM's and the linear model's logits beats
either model alone on every head (``ensemble-v2``; benchmarks/RESULTS.md). Spans come from one
named member (``attribution``), because occlusion on an encoder model costs ~0.1 s per post.
The manifest lists no files of its own: each member verifies its own files when it loads.

Members are named in the manifest. A member that is a sibling folder of the ensemble's own
folder is loaded from there (so an ensemble kept outside the package, such as the archived
``training/models/ensemble-v1``, finds its archived members); any other is a shipped model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.classifier import Manifest, Model


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    out: np.ndarray = np.log(p / (1 - p))
    return out


def member_ref(ensemble_folder: Path, member: str) -> str:
    """What to pass the loader for ``member`` of the ensemble in ``ensemble_folder``.

    A sibling folder of an ensemble kept outside the package comes first (as its path); a
    shipped ensemble's members stay plain names, so a Resources shares them with the checker's
    own model of the same name.
    """
    from pausecheck.classifier import MODELS_DIR

    folder = Path(ensemble_folder).parent
    sibling = folder / member
    if (sibling / "manifest.json").is_file() and folder.resolve() != MODELS_DIR:
        return str(sibling)
    return member


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
        """``loader`` loads each member by name or folder (shared when a Resources loads the ensemble)."""
        from pausecheck.classifier import ModelError

        names = manifest.extra.get("members") or []
        if len(names) < 2:
            raise ModelError(f"ensemble {manifest.name}: needs at least two members")
        members = [loader(member_ref(manifest.path, n)) for n in names]
        attribution = loader(member_ref(manifest.path, manifest.extra.get("attribution", names[0])))
        return cls(manifest.name, manifest.heads, manifest.thresholds, members, attribution)

    def predict(self, texts: Sequence[str]) -> Any:
        logits = np.mean([_logit(np.asarray(m.predict(texts), dtype=np.float64)) for m in self.members], axis=0)
        return 1.0 / (1.0 + np.exp(-logits))

    def attribute(self, text: str, head: str) -> list[tuple[int, int, float]]:
        return self._attribution.attribute(text, head)

    def attribute_all(self, text: str) -> dict[str, list[tuple[int, int, float]]]:
        return self._attribution.attribute_all(text)
