"""Load a policy pack from disk, strictly, with errors that name the file and line."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from pausecheck._exceptions import PackError
from pausecheck.detectors.base import PackResources
from pausecheck.detectors.registry import KINDS
from pausecheck.policy.schema import ChecklistItem, ClauseSpec, PackManifest, Rule
from pausecheck.text.lexicons import parse_word_list

PACKS_DIR = Path(__file__).resolve().parent.parent / "packs"
DEFAULT_PACK = "leeds-2019"
_MAX_FILE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Pack:
    """A loaded, validated policy pack."""

    manifest: PackManifest
    rules: tuple[Rule, ...]
    vocab: dict[str, tuple[str, ...]]
    path: Path
    rule_files: dict[str, Path] = field(default_factory=dict)
    #: SHA-256 over every file the pack was loaded from: changes whenever the pack is edited.
    digest: str = ""

    @property
    def id(self) -> str:
        return self.manifest.id

    @property
    def version(self) -> str:
        return self.manifest.version

    @functools.cached_property
    def clauses(self) -> dict[str, ClauseSpec]:
        return {c.id: c for c in self.manifest.clauses}

    @property
    def checklist(self) -> tuple[ChecklistItem, ...]:
        return tuple(self.manifest.checklist)

    def rule(self, key: str) -> Rule:
        """Find a rule by code, name or a former name (redirect)."""
        wanted = key.strip()
        for r in self.rules:
            if wanted.upper() == r.code or wanted.lower() == r.name or wanted.lower() in r.redirects:
                return r
        raise KeyError(key)

    def words(self, names: list[str]) -> tuple[str, ...]:
        out: list[str] = []
        for n in names:
            out.extend(self.vocab[n])
        return tuple(out)


def load_pack(source: str | Path | None = None) -> Pack:
    """Load a pack by bundled name (``"leeds-2019"``) or by directory path."""
    path = _resolve(source)
    manifest_file = path / "pack.yaml"
    manifest = _parse(manifest_file, PackManifest)
    vocab = _load_vocab(path / "vocab")
    rules: list[Rule] = []
    files: dict[str, Path] = {}
    rule_dir = path / "rules"
    if not rule_dir.is_dir():
        raise PackError("the pack has no rules/ directory", file=str(rule_dir))
    for f in sorted(rule_dir.rglob("*.yaml")):
        rule = _parse(f, Rule)
        if rule.code in files:
            raise PackError(f"rule code {rule.code} is also used in {files[rule.code].name}", file=str(f))
        rules.append(rule)
        files[rule.code] = f
    pack = Pack(manifest, tuple(rules), vocab, path, files, _digest(path, [manifest_file, *files.values()]))
    _cross_check(pack, manifest_file)
    return pack


def _digest(root: Path, files: list[Path]) -> str:
    h = hashlib.sha256()
    vocab = root / "vocab"
    listed = sorted(vocab.glob("*.txt")) if vocab.is_dir() else []
    for f in [*files, *listed]:
        h.update(str(f.relative_to(root)).encode("utf-8") + b"\0")
        h.update(_read_text(f).encode("utf-8") + b"\0")
    return h.hexdigest()


def _resolve(source: str | Path | None) -> Path:
    if source is None:
        source = DEFAULT_PACK
    candidate = Path(source)
    if not candidate.exists() and isinstance(source, str) and (PACKS_DIR / source).is_dir():
        candidate = PACKS_DIR / source
    if not candidate.is_dir():
        raise PackError("no such pack directory (expected a folder holding pack.yaml)", file=str(source))
    if not (candidate / "pack.yaml").is_file():
        raise PackError("pack.yaml is missing", file=str(candidate / "pack.yaml"))
    return candidate


def _load_vocab(folder: Path) -> dict[str, tuple[str, ...]]:
    vocab: dict[str, tuple[str, ...]] = {}
    if not folder.is_dir():
        return vocab
    for f in sorted(folder.glob("*.txt")):
        vocab[f.stem] = parse_word_list(_read_text(f))
    return vocab


def _read_text(file: Path) -> str:
    try:
        data = file.read_bytes()
    except OSError as e:
        raise PackError(f"cannot read file: {e.strerror}", file=str(file)) from None
    if len(data) > _MAX_FILE_BYTES:
        raise PackError("file is larger than 2 MB", file=str(file))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise PackError(f"not valid UTF-8 (byte {e.start})", file=str(file)) from None


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader (libyaml's when available) that rejects duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _line_index(node: yaml.Node, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], int]]:
    yield path, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            yield (*path, key), key_node.start_mark.line + 1
            for sub in _line_index(value_node, (*path, key)):
                if sub[0] != (*path, key):
                    yield sub
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _line_index(item, (*path, i))


def _parse(file: Path, model: type[BaseModel]) -> Any:
    text = _read_text(file)
    loader = _LineLoader(text)
    try:
        # Parse once: the node tree gives line numbers, and the data is built from it.
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        raise PackError(f"invalid YAML: {e.problem or e}", file=str(file), line=line) from None
    except yaml.YAMLError as e:
        raise PackError(f"invalid YAML: {e}", file=str(file)) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise PackError("expected a mapping at the top level", file=str(file), line=1)
    lines = dict(_line_index(node)) if node is not None else {}
    try:
        return model.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in _UNION_TAGS))
        line = _nearest_line(lines, loc)
        where = ".".join(str(p) for p in loc) or "<top>"
        raise PackError(f"{where}: {err['msg']}", file=str(file), line=line) from None


# pydantic puts the chosen union member's tag into error locations; YAML has no such level.
_UNION_TAGS = frozenset({*KINDS, "str", "ExampleCase", "float", "literal['calibrated']"})


def _nearest_line(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int | None:
    for n in range(len(loc), -1, -1):
        key = tuple("pass" if p == "pass_" else p for p in loc[:n])
        if key in lines:
            return lines[key]
    return None


def _cross_check(pack: Pack, manifest_file: Path) -> None:
    """Checks that span files: unique names, clause and vocab references, regexes."""
    names: dict[str, str] = {}
    resources = PackResources(vocab=pack.vocab)
    for rule in pack.rules:
        file = pack.rule_files[rule.code]
        for n in (rule.name, *rule.redirects):
            if n in names:
                raise PackError(f"rule name {n!r} is also used by {names[n]}", file=str(file))
            names[n] = rule.code
        for ref in rule.clause_refs:
            if ref not in pack.clauses:
                raise PackError(f"unknown clause {ref!r}", file=str(file))
        for spec in rule.detectors:
            try:
                spec.check_references(resources)
            except ValueError as e:
                raise PackError(str(e), file=str(file)) from None
    for item in pack.checklist:
        if item.clause not in pack.clauses:
            raise PackError(f"checklist item {item.id} names unknown clause {item.clause!r}", file=str(manifest_file))
    settings = pack.manifest.settings
    for name in (*settings.recovery_vocab, *settings.role_vocab, *settings.party_vocab):
        if name not in pack.vocab:
            raise PackError(f"settings name unknown vocab list {name!r}", file=str(manifest_file))
