"""Every model file is verified at load: a changed byte or a missing file is refused.

One test for every model folder, shipped (``src/pausecheck/models/``, in the wheel) or archived
(``training/models/``, superseded models kept for reproducing benchmarks/RESULTS.md), so a new
model cannot ship or be archived without the check. And the wheel holds only the models that a
rule or a documented ``--model`` choice uses.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from pausecheck.classifier import DEFAULT_MODEL, MODELS_DIR, Manifest, ModelError, load_model, read_manifest
from pausecheck.classifier.spans import SpanTagger, load_span_tagger

ROOT = Path(__file__).resolve().parents[2]
ARCHIVE = ROOT / "training" / "models"
PACKS = ROOT / "src" / "pausecheck" / "packs"
FOLDERS = {f"{where}/{p.parent.name}": p.parent
           for where, base in (("shipped", MODELS_DIR), ("archived", ARCHIVE))
           for p in sorted(base.glob("*/manifest.json"))}
WITH_FILES = sorted(k for k, folder in FOLDERS.items() if read_manifest(folder).files)

#: What the wheel carries: the default model, the other documented ``--model`` choice
#: (linear-v1, which the span tagger also reads), the span tagger, and the MiniLM spec. The
#: fine-tunes it replaced (minilm-ft-v1 to -v6, ensemble-v2) are archived in training/models.
WHEEL_MODELS = {"minilm-ft-v7", "linear-v1", "spans-v1", "minilm"}


def _load(folder: Path) -> object:
    manifest = read_manifest(folder)
    return load_span_tagger(str(folder)) if manifest.kind == "spans" else load_model(str(folder))


def _copy(tmp_path: Path, key: str) -> Path:
    folder = tmp_path / FOLDERS[key].name
    shutil.copytree(FOLDERS[key], folder)
    return folder


def test_every_model_with_weights_is_covered() -> None:
    assert {"shipped/linear-v1", "shipped/minilm-ft-v7", "shipped/spans-v1", "archived/minilm-heads-v1",
            "archived/minilm-ft-v1", "archived/minilm-ft-v2", "archived/minilm-ft-v3",
            "archived/minilm-ft-v4", "archived/minilm-ft-v5", "archived/minilm-ft-v6"} <= set(WITH_FILES)


def test_the_wheel_ships_exactly_the_models_in_use() -> None:
    assert {p.name for p in MODELS_DIR.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))} == WHEEL_MODELS
    assert {p.name for p in ARCHIVE.iterdir() if p.is_dir()} >= {"minilm-heads-v1", "ensemble-v1", "minilm-ft-v1",
                                                                   "minilm-ft-v2", "minilm-ft-v3", "ensemble-v2"}
    assert not WHEEL_MODELS & {p.name for p in ARCHIVE.iterdir() if p.is_dir()}


def _named_models(node: object) -> set[str]:
    """Every ``model:`` (and a pack's ``default_model:``) anywhere in a parsed YAML document."""
    if isinstance(node, dict):
        found = {str(v) for k, v in node.items() if k in ("model", "default_model") and isinstance(v, str)}
        return found.union(*(_named_models(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_named_models(v) for v in node))
    return set()


def test_every_model_a_rule_or_the_default_names_is_shipped() -> None:
    rules = sorted(PACKS.glob("**/rules/*.yaml"))
    assert rules
    named = {DEFAULT_MODEL}
    for file in rules + sorted(PACKS.glob("*/pack.yaml")):
        named |= _named_models(yaml.safe_load(file.read_text("utf-8")))
    assert named <= WHEEL_MODELS, named - WHEEL_MODELS
    for name in named:
        assert (MODELS_DIR / name / "manifest.json").is_file(), name
    # Each shipped ensemble's members are shipped too.
    for folder in (MODELS_DIR / n for n in WHEEL_MODELS):
        if (folder / "manifest.json").is_file() and read_manifest(folder).kind == "ensemble":
            assert set(read_manifest(folder).extra["members"]) <= WHEEL_MODELS, folder.name


@pytest.mark.parametrize("key", WITH_FILES)
def test_a_changed_byte_is_refused(tmp_path: Path, key: str) -> None:
    for i, file in enumerate(read_manifest(FOLDERS[key]).files):
        folder = _copy(tmp_path / str(i), key)
        raw = bytearray((folder / file).read_bytes())
        raw[len(raw) // 2] ^= 0x01
        (folder / file).write_bytes(bytes(raw))
        with pytest.raises(ModelError, match="sha256"):
            _load(folder)


@pytest.mark.parametrize("key", WITH_FILES)
def test_a_missing_file_is_refused(tmp_path: Path, key: str) -> None:
    for i, file in enumerate(read_manifest(FOLDERS[key]).files):
        folder = _copy(tmp_path / str(i), key)
        (folder / file).unlink()
        with pytest.raises(ModelError):
            _load(folder)


@pytest.mark.parametrize("key", sorted(FOLDERS))
def test_every_model_loads_and_verifies_where_it_is(key: str) -> None:
    _load(FOLDERS[key])


@pytest.mark.parametrize("key", ["shipped/linear-v1", "shipped/minilm-ft-v7", "shipped/spans-v1"])
def test_a_model_runs_the_bytes_that_were_verified(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    # Each file is read once: a file replaced after its hash was checked is never used.
    from pausecheck import classifier

    texts = ["You are a pathetic liar and a coward.", "Thanks to everyone who came to the surgery."]

    def run(model: object) -> object:
        if isinstance(model, SpanTagger):
            return [model.toxic_spans(t) for t in texts]
        return model.predict(texts).tolist()  # type: ignore[attr-defined]

    expected = run(_load(FOLDERS[key]))
    folder = _copy(tmp_path, key)
    real = classifier.verify

    def verify_then_replace(manifest: Manifest) -> dict[str, bytes]:
        files = real(manifest)
        if manifest.path.is_relative_to(tmp_path):
            for name in files:
                (manifest.path / name).write_bytes(b"not the file whose hash was checked")
        return files

    monkeypatch.setattr(classifier, "verify", verify_then_replace)
    assert run(_load(folder)) == expected
    assert (folder / next(iter(read_manifest(folder).files))).read_bytes().startswith(b"not the file")
