"""Learned detectors: per-head probabilities for offensive, insult, identity attack, threat, obscene.

Models ship inside the package (``pausecheck/models/<name>/``), each described by a
``manifest.json`` that lists its files with their SHA-256; every file is verified when the
model loads, so a corrupted or substituted file is refused rather than used. A model is built
from the very bytes that were verified (:func:`verify` returns them), so a file is read and
hashed once, and nothing can change it between the check and its use. Nothing is ever
downloaded. A model kind is a small class with ``predict`` and ``attribute``; ``load_model``
picks it from the manifest's ``kind``.

Nothing is cached here: every ``load_model`` call loads and verifies. The caller that wants one
copy per process (a Checker, a server) holds it in a :class:`pausecheck.resources.Resources`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pausecheck._exceptions import PausecheckError
from pausecheck._types import HEADS

__all__ = ["DEFAULT_MODEL", "HEADS", "MODELS_DIR", "Manifest", "Model", "ModelError", "listed_file",
           "load_model", "model_folder", "read_manifest", "score", "verify"]

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
#: The model rules and ``score()`` use unless told otherwise; see benchmarks/RESULTS.md for why.
DEFAULT_MODEL = "minilm-ft-v7"


class ModelError(PausecheckError):
    """A shipped model is missing, corrupted (hash mismatch) or of an unknown kind."""


class Model(Protocol):
    name: str
    heads: tuple[str, ...]
    thresholds: dict[str, float]

    def predict(self, texts: Sequence[str]) -> Any:
        """An array of shape (len(texts), len(heads)) of probabilities in [0, 1]."""

    def attribute(self, text: str, head: str) -> list[tuple[int, int, float]]:
        """Spans of ``text`` (code-point offsets, half-open) with their weight towards ``head``."""

    def attribute_all(self, text: str) -> dict[str, list[tuple[int, int, float]]]:
        """:meth:`attribute` for every head at once (one pass where the model allows it)."""


@dataclass(frozen=True)
class Manifest:
    name: str
    kind: str
    version: str
    heads: tuple[str, ...]
    thresholds: dict[str, float]
    files: dict[str, str]
    extra: dict[str, Any]
    path: Path


def read_manifest(folder: Path) -> Manifest:
    try:
        raw = json.loads((folder / "manifest.json").read_text("utf-8"))
    except FileNotFoundError:
        raise ModelError(f"no model at {folder} (manifest.json missing)") from None
    except (OSError, ValueError) as e:
        raise ModelError(f"{folder / 'manifest.json'}: unreadable ({e})") from None
    known = {"name", "kind", "version", "heads", "thresholds", "files"}
    return Manifest(
        name=raw["name"],
        kind=raw["kind"],
        version=str(raw["version"]),
        heads=tuple(raw["heads"]),
        thresholds={k: float(v) for k, v in raw.get("thresholds", {}).items()},
        files=dict(raw["files"]),
        extra={k: v for k, v in raw.items() if k not in known},
        path=folder,
    )


def verify(manifest: Manifest) -> dict[str, bytes]:
    """Refuse a model whose files do not match the hashes in its manifest; return each listed
    file's content (build the model from these, not from a second read)."""
    contents: dict[str, bytes] = {}
    for name, expected in manifest.files.items():
        file = manifest.path / name
        try:
            data = file.read_bytes()
        except OSError as e:
            raise ModelError(f"model {manifest.name}: cannot read {name} ({e.strerror})") from None
        digest = hashlib.sha256(data).hexdigest()
        if digest != expected:
            raise ModelError(f"model {manifest.name}: {name} has sha256 {digest[:12]}…, expected {expected[:12]}…")
        contents[name] = data
    return contents


def listed_file(manifest: Manifest, files: Mapping[str, bytes], name: str) -> bytes:
    """The verified content of one of the model's files (a file the manifest does not list, and
    so does not hash, is refused)."""
    if name not in files:
        raise ModelError(f"model {manifest.name}: {name} is not listed (and hashed) in the manifest")
    return files[name]


def _kinds() -> dict[str, Any]:
    from pausecheck.classifier.ensemble import EnsembleModel
    from pausecheck.classifier.linear import LinearModel

    kinds: dict[str, Any] = {"linear": LinearModel, "ensemble": EnsembleModel}
    from pausecheck.classifier.embedding import EmbeddingModel
    from pausecheck.classifier.finetuned import FinetunedModel

    kinds["embedding"] = EmbeddingModel
    kinds["finetuned"] = FinetunedModel
    return kinds


def model_folder(name: str) -> Path:
    """The folder of a shipped model (by name) or of a model given by path."""
    return Path(name) if Path(name).is_dir() else MODELS_DIR / name


def load_model(name: str = DEFAULT_MODEL, loader: Callable[[str], Model] | None = None) -> Model:
    """Load and verify a model by shipped name or folder path.

    ``loader`` loads the models this one is built on (an ensemble's members); by default they
    are loaded afresh, and :class:`~pausecheck.resources.Resources` passes its own so they are
    shared.
    """
    manifest = read_manifest(model_folder(name))
    files = verify(manifest)
    kind = _kinds().get(manifest.kind)
    if kind is None:
        raise ModelError(f"model {manifest.name}: unknown kind {manifest.kind!r}")
    if manifest.kind == "ensemble":
        return kind.from_manifest(manifest, loader or load_model)  # type: ignore[no-any-return]
    return kind.from_manifest(manifest, files)  # type: ignore[no-any-return]


def score(texts: Sequence[str], model: str | Model = DEFAULT_MODEL) -> list[dict[str, float]]:
    """Per-head probabilities for each text: ``[{"offensive": 0.93, "insult": 0.81, …}, …]``.

    ``model`` is a shipped model's name (loaded for this call) or a loaded model.
    """
    if isinstance(texts, str):
        raise TypeError("score() takes a list of texts; wrap a single text in a list")
    m = load_model(model) if isinstance(model, str) else model
    if not texts:
        return []
    probs = m.predict(list(texts))
    return [{h: round(float(p), 4) for h, p in zip(m.heads, row, strict=True)} for row in probs]
