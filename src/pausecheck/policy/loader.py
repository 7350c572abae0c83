"""Load a policy pack from disk, strictly, with errors that name the file and line.

A pack folder comes from a council, so it is untrusted input, and the desk loads packs all day:
every way a pack can be hostile is refused with a :class:`PackError`, quickly and in bounded
memory, never with a hang, a crash or an unbounded read.

Limits (each refusal names the file, and the line where there is one):

* **Plain files only.** pack.yaml, rules/**/*.yaml and vocab/*.txt must be regular files: a
  device, FIFO, socket or folder is refused from its ``lstat`` before it is opened, and the open
  itself uses ``O_NOFOLLOW | O_NONBLOCK`` and re-checks with ``fstat``, so a file swapped for a
  FIFO or a link in between can neither block nor be followed.
* **No symbolic links** where the loader would follow one: pack.yaml, the rules/ and vocab/
  folders, every folder under rules/, every rule and vocab file. This includes links that point
  inside the pack: a pack is a folder of plain files, and refusing every link (rather than
  resolving each one and checking where it lands) is what the ``O_NOFOLLOW`` open can enforce
  without a race. A link that leaves the pack says so in the message. The pack folder itself may
  be reached through a link (``--pack ./current``): "the pack" is where that link resolves.
* **Sizes.** Each file at most :data:`_MAX_FILE_BYTES` (2 MB), checked before reading and again
  by reading at most one byte more, so a file that grows after the check is still refused; all
  files together at most :data:`_MAX_PACK_BYTES`.
* **Counts.** At most :data:`_MAX_RULE_FILES` rule files, :data:`_MAX_VOCAB_FILES` vocab lists,
  and :data:`_MAX_DIR_ENTRIES` entries of any kind listed in rules/ (all its folders together)
  or in vocab/, so a folder of a million files is refused without listing it all.
* **YAML aliases are bounded.** The bundled pack shares a block between detectors with an
  anchor and aliases (``requires: &casework`` … ``requires: *casework``), so they are allowed,
  but each alias counts as the whole block it repeats, and a file whose aliases add more than
  :data:`_MAX_ALIAS_NODES` nodes to what it spells out is refused: an alias bomb ("billion
  laughs", a kilobyte that expands to gigabytes) stops at its third or fourth level. An alias
  to a block that contains it (a cycle) is refused too.
* **YAML depth.** Collections nest at most :data:`_MAX_DEPTH` levels, aliases included.
  Both YAML checks run on the parser's events while the node tree is composed (see
  :func:`_compose`), so nothing has been constructed or validated when the refusal comes.
* **YAML values.** A key that is a list or mapping (``{[a]: 1}``), or a value PyYAML cannot
  construct (``0x_``, ``!!timestamp soon``), is a PackError with its line, not a ``TypeError``
  or ``ValueError``.
* **No RecursionError escapes**, whatever its source (the YAML, pydantic, a pack regex nested
  thousands of groups deep): it becomes a PackError naming the file.

The pack is assumed not to be rewritten while it loads beyond what the above covers: folders
under rules/ are checked when listed, files again when opened.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from pausecheck._exceptions import PackError
from pausecheck.detectors.base import PackResources
from pausecheck.detectors.registry import KINDS
from pausecheck.policy import placeholders
from pausecheck.policy.schema import ChecklistItem, ClauseSpec, PackManifest, Rule, RuleOverride, Settings
from pausecheck.text.lexicons import parse_word_list

PACKS_DIR = Path(__file__).resolve().parent.parent / "packs"
DEFAULT_PACK = "leeds-2019"
_M = TypeVar("_M", bound=BaseModel)
#: Largest pack file, in bytes. The bundled pack's largest is about 14 KB.
_MAX_FILE_BYTES = 2 * 1024 * 1024
#: All the pack's files together, in bytes: 2,000 files of 2 MB each would be 4 GB. The bundled
#: pack is about 0.2 MB.
_MAX_PACK_BYTES = 16 * 1024 * 1024
#: Most rule files (rules/**/*.yaml) and vocab lists (vocab/*.txt) a pack may hold.
_MAX_RULE_FILES = 2_000
_MAX_VOCAB_FILES = 500
#: Most entries of any kind looked at while listing rules/ (all its folders) or vocab/.
_MAX_DIR_ENTRIES = 10_000
#: Deepest nesting of YAML collections (the top-level mapping is level 1). The bundled pack
#: goes 7 deep.
_MAX_DEPTH = 64
#: Most nodes YAML aliases may add to a file beyond what it spells out (an alias counts as the
#: whole block it repeats). The bundled pack's aliases add at most 80 to a file.
_MAX_ALIAS_NODES = 10_000

# Opening a checked file: never follow a link put there since the check, never block on a FIFO
# (open() of a FIFO for reading waits for a writer), never leak the descriptor to a child.
_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
)


#: Longest chain of ``extends`` (a pack, its parent, the parent's parent…).
_MAX_EXTENDS_DEPTH = 4
#: Most problems one load reports before it stops looking for more.
_MAX_PROBLEMS = 200


class PackErrors(PackError):
    """Several things wrong with a pack, all found in one load.

    Its own ``file``, ``line`` and message are the first problem's (so code that expects one
    :class:`PackError` still reads well); ``errors`` holds every one, in file order.
    """

    def __init__(self, errors: list[PackError]) -> None:
        first = errors[0]
        more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
        super().__init__(first.detail + more, file=first.file, line=first.line)
        self.errors = tuple(errors)


@dataclass(frozen=True)
class Pack:
    """A loaded, validated policy pack (with everything it inherits through ``extends``)."""

    manifest: PackManifest
    rules: tuple[Rule, ...]
    vocab: dict[str, tuple[str, ...]]
    path: Path
    rule_files: dict[str, Path] = field(default_factory=dict)
    #: SHA-256 over every file the pack was loaded from, its parents' included: changes
    #: whenever the pack, or a pack it extends, is edited.
    digest: str = ""
    #: Where rule examples' images are looked for: this pack's examples/ folder, then its parents'.
    example_dirs: tuple[Path, ...] = ()
    #: The ids of the packs this one extends, nearest first.
    lineage: tuple[str, ...] = ()

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
        found = _find_rule(self.rules, key)
        if found is None:
            raise KeyError(key)
        return found

    def words(self, names: list[str]) -> tuple[str, ...]:
        out: list[str] = []
        for n in names:
            out.extend(self.vocab[n])
        return tuple(out)


def _find_rule(rules: Iterable[Rule], key: str) -> Rule | None:
    wanted = key.strip()
    for r in rules:
        if wanted.upper() == r.code or wanted.lower() == r.name or wanted.lower() in r.redirects:
            return r
    return None


def load_pack(source: str | Path | None = None) -> Pack:
    """Load a pack by bundled name (``"leeds-2019"``) or by directory path.

    Raises :class:`PackError` for anything wrong with the pack, including every limit in the
    module docstring; where several things are wrong it is a :class:`PackErrors` holding them
    all, each with its file and line.
    """
    path = _resolve(source)
    problems = _Problems()
    try:
        tree = _load_tree(path, (), problems)
    except RecursionError:
        # Last resort: the YAML depth limit and the per-file catches below should leave nothing
        # recursing this deep, but a traceback must never be how a bad pack is reported.
        raise PackError("the pack is nested too deeply to load", file=str(problems.current or path)) from None
    if tree is None:  # pack.yaml itself could not be read
        problems.raise_any()
    assert tree is not None
    # Rendered and cross-checked even when some files failed, so that one load reports the
    # placeholder and reference problems of the files that did load too.
    pack = _render(tree, problems)
    problems.raise_any()
    return pack


class _Problems:
    """The problems found so far in one load (all packs of an ``extends`` chain together)."""

    def __init__(self) -> None:
        self.errors: list[PackError] = []
        self.current: Path | None = None

    def add(self, message: str, file: Path | str | None, line: int | None = None) -> None:
        self.errors.append(PackError(message, file=str(file) if file is not None else None, line=line))
        if len(self.errors) >= _MAX_PROBLEMS:
            self.raise_any()

    def extend(self, error: PackError) -> None:
        for e in getattr(error, "errors", (error,)):
            self.add(e.detail, e.file, e.line)

    def raise_any(self) -> None:
        if self.errors:
            raise self.errors[0] if len(self.errors) == 1 else PackErrors(self.errors)


@dataclass
class _RuleSource:
    """A rule before its wording is rendered, and where each of its fields was written."""

    rule: Rule
    file: Path
    #: Field name → (file, line) where it was written (an override's fields point to its file).
    origins: dict[str, tuple[Path, int]]
    #: The pack whose clauses and settings this rule was written against (for messages).
    pack_id: str


@dataclass
class _Tree:
    """A pack with its parents merged in, wording not yet rendered."""

    manifest: PackManifest
    manifest_file: Path
    manifest_node: yaml.Node | None
    rules: dict[str, _RuleSource]
    vocab: dict[str, tuple[str, ...]]
    path: Path
    example_dirs: list[Path]
    digest: str
    lineage: tuple[str, ...]
    #: The manifest files of this pack and its parents, with their nodes, for checklist lines.
    manifests: dict[str, tuple[Path, yaml.Node | None]] = field(default_factory=dict)


def _load_tree(path: Path, chain: tuple[str, ...], problems: _Problems) -> _Tree | None:
    """One pack and its ancestors, merged; problems are collected, not raised (except limits)."""
    reader = _Reader(path)
    manifest_file = path / "pack.yaml"
    read = _read_yaml(manifest_file, reader, problems)
    manifest: PackManifest | None = None
    node: yaml.Node | None = None
    if read is not None:
        data, node = read
        manifest = _validate(manifest_file, data, node, PackManifest, problems)
    parent: _Tree | None = None
    if manifest is not None and manifest.extends is not None:
        parent = _load_parent(path, manifest, manifest_file, node, (*chain, os.path.realpath(path)), problems)
    vocab = dict(parent.vocab) if parent else {}
    vocab.update(_load_vocab(path / "vocab", reader))
    reader.check_folder(path / "rules")
    if not (path / "rules").is_dir():
        if parent is None:
            problems.add("the pack has no rules/ directory", path / "rules")
        rule_files: list[Path] = []
    else:
        rule_files = reader.list_rule_files(path / "rules")
    own: list[_RuleSource] = []
    overrides: list[tuple[Path, RuleOverride, dict[str, int]]] = []
    for f in rule_files:
        read = _read_yaml(f, reader, problems)
        if read is None:
            continue
        data, rnode = read
        lines = _top_lines(rnode)
        if "overrides" in data:
            ov = _validate(f, data, rnode, RuleOverride, problems)
            if ov is not None:
                if parent is None:
                    problems.add("'overrides' needs the pack to extend another (extends: in pack.yaml)", f, lines.get("overrides"))
                else:
                    overrides.append((f, ov, lines))
            continue
        rule = _validate(f, data, rnode, Rule, problems)
        if rule is not None:
            own.append(_RuleSource(rule, f, {k: (f, n) for k, n in lines.items()}, manifest.id if manifest else path.name))
    if manifest is None:
        return None
    rules = _merge_rules(manifest, manifest_file, node, parent, own, overrides, problems)
    merged = _merge_manifest(manifest, parent)
    manifests = dict(parent.manifests) if parent else {}
    manifests[manifest.id] = (manifest_file, node)
    files = [manifest_file, *rule_files]
    digest = _digest(path, files, reader, parent.digest if parent else "")
    example_dirs = [path / "examples", *(parent.example_dirs if parent else [])]
    lineage = (parent.manifest.id, *parent.lineage) if parent else ()
    return _Tree(merged, manifest_file, node, rules, vocab, path, example_dirs, digest, lineage, manifests)


def _load_parent(
    path: Path, manifest: PackManifest, manifest_file: Path, node: yaml.Node | None,
    chain: tuple[str, ...], problems: _Problems,
) -> _Tree | None:
    assert manifest.extends is not None
    line = _top_lines(node).get("extends") if node is not None else None
    name = manifest.extends.pack
    if len(chain) > _MAX_EXTENDS_DEPTH:
        problems.add(f"extends goes more than {_MAX_EXTENDS_DEPTH} packs deep (at {name!r})", manifest_file, line)
        return None
    local = path / name
    if os.path.lexists(local / "pack.yaml"):
        target = local
    elif "/" not in name and (PACKS_DIR / name / "pack.yaml").is_file():
        target = PACKS_DIR / name
    else:
        problems.add(f"extends {name!r}: no such pack (a shipped pack's name, or a folder relative to this pack)",
                     manifest_file, line)
        return None
    real = os.path.realpath(target)
    if real in chain:
        problems.add(f"extends {name!r} makes a cycle: the pack extends itself through it", manifest_file, line)
        return None
    return _load_tree(target, chain, problems)


def _merge_rules(
    manifest: PackManifest, manifest_file: Path, node: yaml.Node | None, parent: _Tree | None,
    own: list[_RuleSource], overrides: list[tuple[Path, RuleOverride, dict[str, int]]], problems: _Problems,
) -> dict[str, _RuleSource]:
    """The pack's rules: the parent's (less disabled ones, changed by overrides), then its own."""
    rules: dict[str, _RuleSource] = {}
    ext = manifest.extends
    if parent is not None and ext is not None:
        inherited = [s.rule for s in parent.rules.values()]
        disabled: set[str] = set()
        line = _top_lines(node).get("extends") if node is not None else None
        for key in ext.disable:
            found = _find_rule(inherited, key)
            if found is None:
                problems.add(f"extends.disable: {parent.manifest.id} has no rule {key!r}", manifest_file, line)
            else:
                disabled.add(found.code)
        changed: dict[str, tuple[Path, RuleOverride, dict[str, int]]] = {}
        for f, ov, lines in overrides:
            found = _find_rule(inherited, ov.overrides)
            if found is None:
                problems.add(f"overrides: {parent.manifest.id} has no rule {ov.overrides!r}", f, lines.get("overrides"))
            elif found.code in disabled:
                problems.add(f"overrides: {found.code} is also disabled in pack.yaml (extends.disable)", f, lines.get("overrides"))
            elif found.code in changed:
                problems.add(f"overrides: {found.code} is also overridden by {changed[found.code][0].name}", f, lines.get("overrides"))
            else:
                changed[found.code] = (f, ov, lines)
        for code, src in parent.rules.items():
            if code in disabled or (ext.rules == "overridden" and code not in changed):
                continue
            if code not in changed:
                rules[code] = src
                continue
            f, ov, lines = changed[code]
            base = {name: getattr(src.rule, name) for name in Rule.model_fields}
            try:
                rule = Rule.model_validate({**base, **ov.changes})
            except ValidationError as e:
                for err in e.errors():
                    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in _UNION_TAGS))
                    where = ".".join(str(p) for p in loc) or "<top>"
                    top = str(loc[0]) if loc else "overrides"
                    problems.add(f"{where}: {err['msg']}", f, lines.get(top, lines.get("overrides")))
                continue
            origins = dict(src.origins)
            origins.update({k: (f, n) for k, n in lines.items()})
            rules[rule.code] = _RuleSource(rule, f, origins, manifest.id)
    for src in own:
        if src.rule.code in rules:
            if parent is not None and src.rule.code in parent.rules:
                how = f"is inherited from {parent.manifest.id}; to change it, write 'overrides: {src.rule.code}'"
            else:
                how = f"is also used in {rules[src.rule.code].file.name}"
            problems.add(f"rule code {src.rule.code} {how}", src.file, src.origins.get("code", (src.file, 1))[1])
            continue
        rules[src.rule.code] = src
    return rules


def _merge_manifest(own: PackManifest, parent: _Tree | None) -> PackManifest:
    """The pack's manifest with what it inherits: clauses, checklist and settings merged by id."""
    if parent is None:
        return own
    base = parent.manifest
    inherit = own.extends is not None and own.extends.clauses == "inherit"
    clauses = _merge_by_id(base.clauses, own.clauses) if inherit else list(own.clauses)
    checklist = _merge_by_id(base.checklist, own.checklist) if inherit else list(own.checklist)
    return own.model_copy(update={"clauses": clauses, "checklist": checklist,
                                  "settings": _merge_settings(base.settings, own.settings)})


def _merge_by_id(base: list[Any], own: list[Any]) -> list[Any]:
    """The parent's items in order, each replaced by the pack's item of the same id, then the
    pack's new items."""
    mine = {item.id: item for item in own}
    merged = [mine.pop(item.id, item) for item in base]
    return merged + [item for item in own if item.id in mine]


def _merge_settings(base: Settings, own: Settings) -> Settings:
    """The parent's settings, each one the pack wrote replacing the parent's whole. The council
    block too: it is one council's names, and two councils' must never mix."""
    return base.model_copy(update={name: getattr(own, name) for name in own.model_fields_set})


def _render(tree: _Tree, problems: _Problems) -> Pack:
    """The pack as the engine sees it: clause wording filled in, placeholders rendered, checked."""
    clauses = {c.id: c for c in tree.manifest.clauses}
    council = tree.manifest.settings.council
    rules: list[Rule] = []
    files: dict[str, Path] = {}
    for code, src in tree.rules.items():
        rule = src.rule
        clause = clauses.get(rule.clause.ref)
        update: dict[str, Any] = {}
        if clause is not None and not rule.clause.summary:
            update["clause"] = rule.clause.model_copy(update={"summary": clause.summary})
        known = placeholders.values(clause, council)
        for name in placeholders.TEMPLATE_FIELDS:
            text = getattr(rule, name)
            if text is None:
                continue
            try:
                update[name] = placeholders.render(text, known, allow_match=name == "message")
            except placeholders.PlaceholderError as e:
                file, line = src.origins.get(name, (src.file, None))
                inherited = f" (in the rule {tree.manifest.id} inherits; override its '{name}' or set what it needs)" \
                    if file != src.file and src.pack_id != tree.manifest.id else ""
                problems.add(f"{name}: {e}{inherited}", file, line)
        rules.append(rule.model_copy(update=update) if update else rule)
        files[code] = src.file
    checklist = []
    for item in tree.manifest.checklist:
        clause = clauses.get(item.clause)
        known = placeholders.values(clause, council)
        update = {}
        for name in ("question", "reason"):
            try:
                update[name] = placeholders.render(getattr(item, name), known, allow_match=False)
            except placeholders.PlaceholderError as e:
                file, line = _checklist_line(tree, item.id, name)
                problems.add(f"checklist {item.id} {name}: {e}", file, line)
        checklist.append(item.model_copy(update=update))
    manifest = tree.manifest.model_copy(update={"checklist": checklist})
    pack = Pack(manifest, tuple(rules), tree.vocab, tree.path, files, tree.digest,
                tuple(tree.example_dirs), tree.lineage)
    _cross_check(pack, tree, problems)
    return pack


def _checklist_line(tree: _Tree, item_id: str, key: str) -> tuple[Path, int | None]:
    """Where a checklist item's field is written: in this pack's pack.yaml or a parent's."""
    for file, node in tree.manifests.values():
        if node is None:
            continue
        lines = dict(_line_index(node))
        for path in lines:
            if len(path) == 3 and path[0] == "checklist" and path[2] == "id" and _node_value(node, path) == item_id:
                return file, lines.get(("checklist", path[1], key), lines[path])
    return tree.manifest_file, None


def _node_value(node: yaml.Node, path: tuple[Any, ...]) -> Any:
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found = [v for k, v in node.value if k.value == step]
            if not found:
                return None
            node = found[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return None
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _top_lines(node: yaml.Node | None) -> dict[str, int]:
    """Line of each top-level key of a mapping (cheap: one level only)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


def _digest(root: Path, files: list[Path], reader: _Reader, parent: str) -> str:
    # Hashes the text already read (not a second read): the digest is of what was loaded, and a
    # file cannot change between the two. A parent's digest goes in first, so editing the pack
    # this one extends changes this one's digest too.
    h = hashlib.sha256(parent.encode("ascii"))
    for f in [*files, *reader.vocab_files]:
        if f not in reader.texts:
            continue
        h.update(str(f.relative_to(root)).encode("utf-8") + b"\0")
        h.update(reader.texts[f].encode("utf-8") + b"\0")
    return h.hexdigest()


def _resolve(source: str | Path | None) -> Path:
    if source is None:
        source = DEFAULT_PACK
    candidate = Path(source)
    if not candidate.exists() and isinstance(source, str) and (PACKS_DIR / source).is_dir():
        candidate = PACKS_DIR / source
    if not candidate.is_dir():
        raise PackError("no such pack directory (expected a folder holding pack.yaml)", file=str(source))
    # lexists, not is_file: a pack.yaml that is a link or a FIFO is there, and the reader says
    # what is wrong with it.
    if not os.path.lexists(candidate / "pack.yaml"):
        raise PackError("pack.yaml is missing", file=str(candidate / "pack.yaml"))
    return candidate


def _load_vocab(folder: Path, reader: _Reader) -> dict[str, tuple[str, ...]]:
    vocab: dict[str, tuple[str, ...]] = {}
    reader.check_folder(folder)
    if not folder.is_dir():
        return vocab
    for f in reader.list_vocab_files(folder):
        vocab[f.stem] = parse_word_list(reader.read_text(f))
    return vocab


class _Reader:
    """Lists and reads one pack's files under the limits in the module docstring.

    Keeps the text of every file it read (for the digest) and the running byte total.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        # Resolved once, so that "outside the pack" is judged against where the pack really is.
        self.real_root = os.path.realpath(root)
        self.texts: dict[Path, str] = {}
        self.vocab_files: list[Path] = []
        self.total_bytes = 0
        #: The file being read or parsed, for the last-resort RecursionError message.
        self.current: Path | None = None

    def read_text(self, file: Path) -> str:
        """The file's text, or a PackError if it is not a plain, small, UTF-8 file in the pack."""
        self.current = file
        data = self._read_bytes(file)
        self.total_bytes += len(data)
        if self.total_bytes > _MAX_PACK_BYTES:
            raise PackError(f"the pack's files together are larger than {_MAX_PACK_BYTES // 2**20} MB", file=str(file))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise PackError(f"not valid UTF-8 (byte {e.start})", file=str(file)) from None
        self.texts[file] = text
        return text

    def _read_bytes(self, file: Path) -> bytes:
        # Check the type and size before opening: a FIFO would block open(), /dev/zero never
        # ends, and a 4 GB file should not be read to find out it is too big.
        try:
            st = os.lstat(file)
        except OSError as e:
            raise PackError(f"cannot read file: {e.strerror}", file=str(file)) from None
        self._check_entry(file, st)
        try:
            fd = os.open(file, _OPEN_FLAGS)
        except OSError as e:
            # ELOOP: the file became a link after the lstat (O_NOFOLLOW refused it).
            raise PackError(f"cannot read file: {e.strerror}", file=str(file)) from None
        with os.fdopen(fd, "rb") as f:
            # Again on the open descriptor: what was checked may have been swapped since.
            self._check_entry(file, os.fstat(f.fileno()))
            # One byte over the cap at most, so a file that grew since the check is refused
            # without reading the rest.
            data = f.read(_MAX_FILE_BYTES + 1)
        if len(data) > _MAX_FILE_BYTES:
            raise PackError(_too_big(), file=str(file))
        return data

    def _check_entry(self, file: Path, st: os.stat_result) -> None:
        if stat.S_ISLNK(st.st_mode):
            raise PackError(self._link_problem(file), file=str(file))
        if not stat.S_ISREG(st.st_mode):
            raise PackError(f"not a regular file ({_kind(st.st_mode)}); a pack holds plain files only", file=str(file))
        if st.st_size > _MAX_FILE_BYTES:
            raise PackError(_too_big(), file=str(file))

    def _link_problem(self, path: Path) -> str:
        target = os.path.realpath(path)
        if os.path.commonpath([self.real_root, target]) != self.real_root:
            return "is a symbolic link to a path outside the pack folder; a pack holds its own plain files"
        return "is a symbolic link; a pack holds plain files only (copy the file instead)"

    def check_folder(self, folder: Path) -> None:
        """Refuse a link in place of rules/ or vocab/ (a missing folder is for the caller)."""
        if folder.is_symlink():
            raise PackError(self._link_problem(folder), file=str(folder))

    def list_rule_files(self, rule_dir: Path) -> list[Path]:
        """rules/**/*.yaml, sorted, walking the folders without following any link."""
        found: list[Path] = []
        seen = 0
        pending = [rule_dir]
        while pending:
            folder = pending.pop()
            for entry in self._scan(folder):
                seen += 1
                if seen > _MAX_DIR_ENTRIES:
                    raise PackError(f"rules/ holds more than {_MAX_DIR_ENTRIES:,} entries", file=str(rule_dir))
                path = folder / entry.name
                is_yaml = entry.name.endswith(".yaml")
                if entry.is_symlink():
                    # A link the loader would follow: a rule file, or a folder it would walk.
                    if is_yaml or entry.is_dir():
                        raise PackError(self._link_problem(path), file=str(path))
                    continue
                if is_yaml:
                    # Type and size are checked when it is read (a folder named *.yaml is refused).
                    found.append(path)
                    if len(found) > _MAX_RULE_FILES:
                        raise PackError(f"the pack has more than {_MAX_RULE_FILES:,} rule files", file=str(rule_dir))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(path)
        return sorted(found)

    def list_vocab_files(self, folder: Path) -> list[Path]:
        """vocab/*.txt, sorted; links are refused."""
        found: list[Path] = []
        for seen, entry in enumerate(self._scan(folder), 1):
            if seen > _MAX_DIR_ENTRIES:
                raise PackError(f"vocab/ holds more than {_MAX_DIR_ENTRIES:,} entries", file=str(folder))
            if not entry.name.endswith(".txt"):
                continue
            path = folder / entry.name
            if entry.is_symlink():
                raise PackError(self._link_problem(path), file=str(path))
            found.append(path)
            if len(found) > _MAX_VOCAB_FILES:
                raise PackError(f"the pack has more than {_MAX_VOCAB_FILES:,} vocab lists", file=str(folder))
        self.vocab_files = sorted(found)
        return self.vocab_files

    @staticmethod
    def _scan(folder: Path) -> Iterator[os.DirEntry[str]]:
        try:
            with os.scandir(folder) as entries:
                yield from entries
        except OSError as e:
            raise PackError(f"cannot list folder: {e.strerror}", file=str(folder)) from None


def _too_big() -> str:
    return f"file is larger than {_MAX_FILE_BYTES // 2**20} MB"


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a plain file"


class _Refused(Exception):
    """A YAML limit (aliases, depth) exceeded, found while composing: message and 1-based line."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _PythonLineLoader(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, for where PyYAML was built without libyaml.

    Its scanner looks ahead through every "[" of "[[[[…" before the first event (any of them
    might start a key), checking each again per token: quadratic, half a second for 20,000
    levels and hours for a 2 MB file of them. libyaml stops at 1,000 levels; this stops where
    the pack's own limit does.
    """

    def fetch_flow_collection_start(self, TokenClass: type[yaml.Token]) -> None:
        if self.flow_level >= _MAX_DEPTH:
            raise _Refused(f"YAML nested deeper than {_MAX_DEPTH} levels", self.get_mark().line + 1)
        super().fetch_flow_collection_start(TokenClass)


class _LineLoader(getattr(yaml, "CSafeLoader", _PythonLineLoader)):  # type: ignore[misc]
    """A safe loader (libyaml's when available) that rejects duplicate and unhashable keys.

    Its node tree is composed by :func:`_compose`, not by the loader's own composer.
    """


_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"


def _construct_mapping(loader: _LineLoader, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
    if not isinstance(node, yaml.MappingNode):
        # "!!map [a]": PyYAML would unpack the wrong kind of node and raise a bare TypeError.
        raise yaml.constructor.ConstructorError(
            None, None, f"expected a mapping, but found a {type(node).__name__}", node.start_mark
        )
    if any(key_node.tag == _MERGE_TAG for key_node, _ in node.value):
        return _construct_merged_mapping(loader, node, deep)
    # One pass that builds the dict as it checks it: each key is constructed once (this runs
    # for every mapping in every file, so it is a good part of the load time).
    construct = loader.construct_object
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        # A plain string is its node's value (what construct_object would return, less five
        # calls); most keys and values are plain strings.
        if key_node.tag == _STR_TAG and type(key_node) is yaml.ScalarNode:
            key = key_node.value
        else:
            key = construct(key_node, deep=True)
        if _is_duplicate(key, mapping, key_node):
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        if value_node.tag == _STR_TAG and type(value_node) is yaml.ScalarNode:
            mapping[key] = value_node.value
        else:
            mapping[key] = construct(value_node, deep=deep)
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.Node) -> Iterator[list[Any]]:
    # PyYAML's construct_yaml_seq (a generator, so nested collections are filled in later and
    # not by recursion), with the plain-string shortcut of _construct_mapping.
    if not isinstance(node, yaml.SequenceNode):
        raise yaml.constructor.ConstructorError(
            None, None, f"expected a sequence, but found a {type(node).__name__}", node.start_mark
        )
    data: list[Any] = []
    yield data
    construct = loader.construct_object
    data.extend(
        item.value if item.tag == _STR_TAG and type(item) is yaml.ScalarNode else construct(item)
        for item in node.value
    )


def _construct_merged_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool) -> dict[Any, Any]:
    # With "<<" merge keys the written keys are checked for duplicates (a written key may
    # override a merged one, as YAML says), then PyYAML merges.
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if _is_duplicate(key, seen, key_node):
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)


def _is_duplicate(key: Any, seen: set[Any] | dict[Any, Any], key_node: yaml.Node) -> bool:
    try:
        return key in seen
    except TypeError:
        # {[a]: 1}: a list or mapping as a key; the lookup would raise a bare TypeError.
        raise yaml.constructor.ConstructorError(
            None, None, f"a mapping key must be a plain value, not a {type(key).__name__}", key_node.start_mark
        ) from None


for _loader_class in (_PythonLineLoader, _LineLoader):
    _loader_class.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader_class.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _attach(parent: yaml.Node, keys: list[yaml.Node | None], node: yaml.Node) -> None:
    """Add ``node`` to the open collection: an item of a sequence, or a mapping's key or value."""
    if isinstance(parent, yaml.SequenceNode):
        parent.value.append(node)
    elif keys[-1] is None:
        keys[-1] = node
    else:
        parent.value.append((keys[-1], node))
        keys[-1] = None


def _compose(loader: _LineLoader) -> yaml.Node | None:
    """The document's node tree, built from the parser's events with no recursion.

    This replaces the loader's own composer (libyaml's is C and cannot be hooked) so that the
    checks see every event before anything is built from it:

    * **Aliases are bounded.** The bundled pack uses anchors and aliases to share a block between
      detectors (``requires: &casework`` … ``requires: *casework``), so they are allowed, but an
      alias is counted as the whole block it stands for: once aliases have added more than
      :data:`_MAX_ALIAS_NODES` nodes to what the file spells out, the file is refused. An alias
      shares its node, so the tree stays small; what explodes is everything that walks it
      afterwards (pydantic, :func:`_line_index`), and that is what the count bounds. A "billion
      laughs" bomb is refused at its third or fourth level, after a few hundred events. An alias
      to a block that contains it (a cycle) is refused too.
    * **Depth is bounded.** A collection opened deeper than :data:`_MAX_DEPTH` is refused at its
      opening event, and so is an alias that would take the depth past it. The stack below is a
      list, so no depth raises RecursionError here; the limit is for what walks the tree after.

    Implicit tags are resolved, and undefined or duplicate anchors refused, as PyYAML's composer
    does. Returns None for an empty stream; raises ComposerError for a second document, as
    ``get_single_node`` does.
    """
    get_event = loader.get_event
    get_event()  # StreamStartEvent
    if loader.check_event(yaml.StreamEndEvent):
        get_event()
        return None
    document = get_event()  # DocumentStartEvent
    root: yaml.Node | None = None
    # Open collections, innermost last, each with: the key node waiting for its value (mappings),
    # the nodes it expands to so far (aliases counted in full), the height of its tallest child,
    # and its anchor name.
    stack: list[yaml.CollectionNode] = []
    keys: list[yaml.Node | None] = []
    sizes: list[int] = []
    heights: list[int] = []
    names: list[str | None] = []
    anchors: dict[str, yaml.Node] = {}
    #: Expanded size and height of each anchored node, once complete.
    done: dict[str, tuple[int, int]] = {}
    added = 0  # nodes the aliases so far add to the document
    scalar_event, scalar_node, resolve = yaml.ScalarEvent, yaml.ScalarNode, loader.resolve
    while True:
        event = get_event()
        kind = type(event)
        # Most events are plain scalars inside a collection: the fast path, same steps as below.
        if kind is scalar_event and stack and event.anchor is None:
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(scalar_node, event.value, event.implicit)
            node: yaml.Node = scalar_node(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            sizes[-1] += 1
            _attach(stack[-1], keys, node)
            continue
        if kind is yaml.DocumentEndEvent:
            break
        if kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            stack.pop().end_mark = event.end_mark
            keys.pop()
            size, height, name = sizes.pop(), heights.pop() + 1, names.pop()
            if name is not None:
                done[name] = (size, height)
            if sizes:
                sizes[-1] += size
                heights[-1] = max(heights[-1], height)
            continue
        name = event.anchor  # the rest (alias, scalar, collection start) all have one
        if kind is yaml.AliasEvent:
            if name not in anchors:
                raise yaml.composer.ComposerError(None, None, f"found undefined alias {name!r}", event.start_mark)
            if name not in done:
                raise _Refused(f"YAML alias *{name} refers to a block that contains it", _line(event))
            size, height = done[name]
            added += size
            if added > _MAX_ALIAS_NODES:
                raise _Refused(
                    f"YAML aliases expand this file by more than {_MAX_ALIAS_NODES:,} nodes (at *{name}); "
                    "aliases may share a small block, not build large data",
                    _line(event),
                )
            if len(stack) + height > _MAX_DEPTH:
                raise _Refused(f"YAML nested deeper than {_MAX_DEPTH} levels (through *{name})", _line(event))
            node = anchors[name]
        else:
            if name is not None and name in anchors:
                raise yaml.composer.ComposerError(
                    f"found duplicate anchor {name!r}; first occurrence", anchors[name].start_mark,
                    "second occurrence", event.start_mark,
                )
            tag = event.tag
            implicit = tag is None or tag == "!"
            if kind is scalar_event:
                if implicit:
                    tag = resolve(scalar_node, event.value, event.implicit)
                node = scalar_node(tag, event.value, event.start_mark, event.end_mark, style=event.style)
                size, height = 1, 0
                if name is not None:
                    done[name] = (size, height)
            else:
                if len(stack) >= _MAX_DEPTH:
                    raise _Refused(f"YAML nested deeper than {_MAX_DEPTH} levels", _line(event))
                if kind is yaml.SequenceStartEvent:
                    if implicit:
                        tag = resolve(yaml.SequenceNode, None, event.implicit)
                    node = yaml.SequenceNode(tag, [], event.start_mark, None, flow_style=event.flow_style)
                else:
                    if implicit:
                        tag = resolve(yaml.MappingNode, None, event.implicit)
                    node = yaml.MappingNode(tag, [], event.start_mark, None, flow_style=event.flow_style)
                size = height = 0  # counted into the parent when it closes
            if name is not None:
                anchors[name] = node
        # Attach the node to the open collection (a mapping takes key, then value).
        if not stack:
            root = node
        else:
            sizes[-1] += size
            heights[-1] = max(heights[-1], height)
            _attach(stack[-1], keys, node)
        if kind is not yaml.AliasEvent and isinstance(node, yaml.CollectionNode):
            stack.append(node)
            keys.append(None)
            sizes.append(1)
            heights.append(0)
            names.append(name)
    if not loader.check_event(yaml.StreamEndEvent):
        extra = loader.get_event()
        raise yaml.composer.ComposerError(
            "expected a single document in the stream", document.start_mark, "but found another document",
            extra.start_mark,
        )
    return root


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 0


def _failing_line(root: yaml.Node) -> int | None:
    """The line of the first scalar that does not construct on its own (only on the error path)."""
    probe = _LineLoader("")
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                probe.construct_object(node)
            except Exception:  # the same failures as _parse_text catches, and any other
                return int(node.start_mark.line) + 1
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            pending.extend(n for pair in reversed(node.value) for n in reversed(pair))
    return None


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


class _LimitError(PackError):
    """A file refused by one of the limits in the module docstring: the load stops there."""


def _read_yaml(file: Path, reader: _Reader, problems: _Problems) -> tuple[dict[str, Any], yaml.Node] | None:
    """The file's data and node tree, or None after recording why it cannot be read."""
    problems.current = file
    text = reader.read_text(file)
    try:
        return _yaml(file, text)
    except _LimitError as e:
        # A hostile file: stop here rather than spend more time on a pack built to waste it.
        problems.extend(e)
        problems.raise_any()
        raise  # not reached: raise_any raised
    except PackError as e:
        problems.extend(e)
        return None
    except RecursionError:
        # Not expected with the depth limit, but never a traceback (see load_pack).
        problems.add("nested too deeply to load", file)
        return None


def _yaml(file: Path, text: str) -> tuple[dict[str, Any], yaml.Node]:
    node: yaml.Node | None = None
    try:
        loader = _LineLoader(text)
        try:
            # Parse once: the node tree gives line numbers, and the data is built from it, but
            # only after _compose has bounded aliases and depth (construction and validation are
            # where an alias bomb would take the memory).
            node = _compose(loader)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except _Refused as e:
        raise _LimitError(e.message, file=str(file), line=e.line) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        if e.problem == "exceeded maximum nesting depth":
            # libyaml's own limit (1,000 levels), met before our events when its scanner looks
            # ahead through "[[[[…": the same problem as ours, said the same way.
            raise _LimitError(f"YAML nested deeper than {_MAX_DEPTH} levels", file=str(file), line=line) from None
        raise PackError(f"invalid YAML: {e.problem or e}", file=str(file), line=line) from None
    except yaml.YAMLError as e:
        raise PackError(f"invalid YAML: {e}", file=str(file)) from None
    except (ValueError, TypeError, AttributeError, LookupError, OverflowError) as e:
        # PyYAML's safe constructors trust what the resolver or a tag says: "0x_" resolves as an
        # int and int("", 16) raises ValueError, "!!timestamp soon" an AttributeError. Any of
        # these from construction is a value the file cannot have.
        line = _failing_line(node) if node is not None else None
        raise PackError(f"invalid YAML: a value cannot be read ({e})", file=str(file), line=line) from None
    if not isinstance(data, dict) or node is None:
        raise PackError("expected a mapping at the top level", file=str(file), line=1)
    return data, node


def _validate(file: Path, data: dict[str, Any], node: yaml.Node, model: type[_M], problems: _Problems) -> _M | None:
    """The data as ``model``, or None after recording every validation error with its line."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        # Line numbers only when there is an error to place: indexing every file costs a fifth
        # of the load time.
        lines = dict(_line_index(node))
        seen: set[tuple[str, int | None]] = set()
        for err in e.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in _UNION_TAGS))
            line = _nearest_line(lines, loc)
            where = ".".join(str(p) for p in loc) or "<top>"
            message = f"{where}: {err['msg']}"
            # A union reports each member's complaint about the same spot; once is enough.
            if (message, line) not in seen:
                seen.add((message, line))
                problems.add(message, file, line)
        return None
    except RecursionError:
        problems.add("nested too deeply to load", file)
        return None


# pydantic puts the chosen union member's tag into error locations; YAML has no such level.
_UNION_TAGS = frozenset({*KINDS, "str", "ExampleCase", "float", "literal['calibrated']"})


def _nearest_line(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int | None:
    for n in range(len(loc), -1, -1):
        key = tuple("pass" if p == "pass_" else p for p in loc[:n])
        if key in lines:
            return lines[key]
    return None


def _cross_check(pack: Pack, tree: _Tree, problems: _Problems) -> None:
    """Checks that span files: unique names, clause and vocab references, regexes."""
    names: dict[str, str] = {}
    resources = PackResources(vocab=pack.vocab)
    manifest_file = tree.manifest_file
    for rule in pack.rules:
        file = pack.rule_files[rule.code]
        for n in (rule.name, *rule.redirects):
            if n in names:
                problems.add(f"rule name {n!r} is also used by {names[n]}", file)
            names[n] = rule.code
        for ref in rule.clause_refs:
            if ref not in pack.clauses:
                own = tree.manifest.extends is not None and tree.manifest.extends.clauses == "own"
                hint = (f"; {pack.id} has its own clauses (extends.clauses: own), so override the rule's clause"
                        if own and file.parent.parent != pack.path else "")
                problems.add(f"{rule.code}: unknown clause {ref!r}{hint}", file)
        for spec in rule.detectors:
            try:
                spec.check_references(resources)
            except ValueError as e:
                problems.add(str(e), file)
            except RecursionError:
                # The regex parser recurses per group: '(((…)))' thousands deep in one string.
                problems.add("a pattern is nested too deeply to compile", file)
    for item in pack.checklist:
        if item.clause not in pack.clauses:
            problems.add(f"checklist item {item.id} names unknown clause {item.clause!r}", manifest_file)
    settings = pack.manifest.settings
    for name in (*settings.recovery_vocab, *settings.role_vocab, *settings.group_vocab, *settings.party_vocab):
        if name not in pack.vocab:
            problems.add(f"settings name unknown vocab list {name!r}", manifest_file)
