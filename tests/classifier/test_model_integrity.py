"""Every shipped model file is verified at load: a changed byte or a missing file is refused.

One test for every model folder, so a new model cannot ship without the check.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pausecheck.classifier import MODELS_DIR, ModelError, load_model, read_manifest
from pausecheck.classifier.spans import load_span_tagger

SHIPPED = sorted(p.parent.name for p in MODELS_DIR.glob("*/manifest.json"))
WITH_FILES = [n for n in SHIPPED if read_manifest(MODELS_DIR / n).files]


def _load(folder: Path) -> object:
    manifest = read_manifest(folder)
    return load_span_tagger(str(folder)) if manifest.kind == "spans" else load_model(str(folder))


def _copy(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(MODELS_DIR / name, folder)
    return folder


def test_every_model_with_weights_is_covered() -> None:
    assert {"linear-v1", "minilm-heads-v1", "minilm-ft-v1", "spans-v1"} <= set(WITH_FILES)


@pytest.mark.parametrize("name", WITH_FILES)
def test_a_changed_byte_is_refused(tmp_path: Path, name: str) -> None:
    for i, file in enumerate(read_manifest(MODELS_DIR / name).files):
        folder = _copy(tmp_path / str(i), name)
        raw = bytearray((folder / file).read_bytes())
        raw[len(raw) // 2] ^= 0x01
        (folder / file).write_bytes(bytes(raw))
        with pytest.raises(ModelError, match="sha256"):
            _load(folder)


@pytest.mark.parametrize("name", WITH_FILES)
def test_a_missing_file_is_refused(tmp_path: Path, name: str) -> None:
    for i, file in enumerate(read_manifest(MODELS_DIR / name).files):
        folder = _copy(tmp_path / str(i), name)
        (folder / file).unlink()
        with pytest.raises(ModelError):
            _load(folder)
