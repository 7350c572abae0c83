"""Working on a policy pack as its author would: ``pausecheck pack new | check | diff``.

* ``pack new`` writes a pack that loads: one that extends a shipped pack (its rules, clauses
  and vocab inherited, the council's own names to fill in), or a blank one with one worked rule.
* ``pack check`` loads the pack (every schema, reference and placeholder error, in every file,
  each with its file and line), probes every regex for catastrophic backtracking, and runs
  every rule's examples (each ``fail`` example must trigger its rule, each ``pass`` example
  must not), and reports every problem found rather than stopping at the first.
* ``pack diff`` says which rules and clauses two packs add, remove or change, and which fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pausecheck._exceptions import InputError, PackError
from pausecheck.detectors.options import KindOptions, PatternSpec
from pausecheck.engine import Checker
from pausecheck.policy.loader import PACKS_DIR, Pack, load_pack
from pausecheck.policy.schema import ExampleCase, Rule
from pausecheck.post import Post
from pausecheck.resources import Resources
from pausecheck.text.patterns import backtracks, compile_pattern


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack, where it is."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


@dataclass(frozen=True)
class PackCheck:
    problems: tuple[Problem, ...]
    rules: int = 0
    patterns: int = 0
    examples: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check_pack(source: str | Path, resources: Resources | None = None) -> PackCheck:
    """Every problem with the pack at ``source`` (a folder or a bundled pack name)."""
    try:
        pack = load_pack(source)
    except PackError as e:
        # A PackErrors holds every problem the load found, in every file of the pack.
        found = getattr(e, "errors", (e,))
        return PackCheck(tuple(Problem(x.file or str(source), x.line, x.detail) for x in found))
    problems: list[Problem] = []
    patterns = 0
    for rule in pack.rules:
        file = str(pack.rule_files[rule.code])
        for spec, case_sensitive in _regexes(rule):
            patterns += 1
            how = backtracks(compile_pattern(spec.regex, case_sensitive, pack.vocab))
            if how:
                problems.append(Problem(file, None, f"pattern {spec.name!r} backtracks catastrophically: {how}"))
    checker = Checker(pack, preview=True, resources=resources)
    examples = 0
    for rule in pack.rules:
        file = str(pack.rule_files[rule.code])
        for expect, cases in (("fail", rule.examples.fail), ("pass", rule.examples.pass_)):
            for example in cases:
                examples += 1
                problem = _run_example(checker, pack, rule, example, expect)
                if problem:
                    problems.append(Problem(file, None, problem))
    return PackCheck(tuple(problems), len(pack.rules), patterns, examples)


def _regexes(rule: Rule) -> Iterator[tuple[PatternSpec, bool]]:
    for spec in rule.detectors:
        opts: KindOptions = spec
        yield from opts.regexes()
        for m in opts.matchers():
            yield from ((p, False) for p in m.patterns)


def example_post(pack: Pack, example: str | ExampleCase) -> Post:
    """A rule example as a post (image names are files in the pack's ``examples/`` folder)."""
    if isinstance(example, str):
        return Post(example)
    images = tuple(str(_example_image(pack, i)) for i in example.images)
    at = datetime.fromisoformat(example.at) if example.at else None
    return Post(example.text, example.account, at, example.platform, images, example.in_meeting)


def _example_image(pack: Pack, name: str) -> Path:
    # An inherited rule's images are in the examples/ folder of the pack that wrote it.
    for folder in pack.example_dirs or (pack.path / "examples",):
        if (folder / name).is_file():
            return folder / name
    return pack.path / "examples" / name


def _run_example(checker: Checker, pack: Pack, rule: Rule, example: str | ExampleCase, expect: str) -> str | None:
    text = example if isinstance(example, str) else example.text
    try:
        fired = checker.check_rule(example_post(pack, example), rule.code) is not None
    except (InputError, ValueError) as e:
        return f"{expect} example {text!r} cannot be checked: {e}"
    if expect == "fail" and not fired:
        return f"{rule.code} {rule.name}: fail example does not trigger the rule: {text!r}"
    if expect == "pass" and fired:
        return f"{rule.code} {rule.name}: pass example triggers the rule: {text!r}"
    return None


# --- pack new -----------------------------------------------------------------------------

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class NewPackError(ValueError):
    """The pack cannot be written where asked (bad name, folder already there, no such parent)."""


def code_prefix(name: str) -> str:
    """A rule-code prefix for a new pack: the letters of its name, two to five of them."""
    letters = "".join(ch for ch in name.split("-")[0].upper() if "A" <= ch <= "Z")
    return (letters[:3] if len(letters) >= 3 else (letters + "XX")[:3])


def new_pack(name: str, folder: Path, *, base: str | None = "leeds-2019") -> Path:
    """Write a new pack called ``name`` under ``folder`` and return its path.

    With ``base`` (a shipped pack's name or a pack folder) the pack extends it: every rule,
    clause and vocab list is inherited, and pack.yaml holds what is the council's own (its name,
    its Monitoring Officer, the procedure rules the wording cites). With ``base=None`` the pack
    is blank: two clauses, one worked rule, one vocab list. Either way it loads as written, and
    a rule file dropped into rules/ is checked with it.
    """
    if not _ID.match(name):
        raise NewPackError(f"pack name {name!r}: use lower-case letters, digits and hyphens (e.g. bradford-2024)")
    dest = folder / name
    if dest.exists():
        raise NewPackError(f"{dest} already exists; choose another name or folder")
    if base is not None:
        parent = load_pack(base)  # a PackError here names what is wrong with the base
        text = _extending_manifest(name, base, parent)
    else:
        text = _BLANK_MANIFEST.format(id=name, council=_council_name(name))
    (dest / "rules").mkdir(parents=True)
    (dest / "vocab").mkdir()
    (dest / "pack.yaml").write_text(text, encoding="utf-8")
    prefix = code_prefix(name)
    if base is None:
        (dest / "rules" / "rude-word.yaml").write_text(_BLANK_RULE.replace("XXX-", prefix + "-"), encoding="utf-8")
        (dest / "vocab" / "rude-words.txt").write_text(_BLANK_VOCAB, encoding="utf-8")
    (dest / "rules" / "README.md").write_text(_RULES_README.format(prefix=prefix, base=base or "this pack"),
                                              encoding="utf-8")
    return dest


def _extending_manifest(name: str, base: str, parent: Pack) -> str:
    council = parent.manifest.settings.council
    rules = "\n".join(
        f"      {key}: \"your council's procedure rules on {key.replace('_', ' ')}\"  # edit: the rule numbers"
        for key in (council.procedure_rules if council else {})
    )
    procedure = f"    procedure_rules:\n{rules}\n" if rules else ""
    extends = base if "/" not in base and (PACKS_DIR / base).is_dir() else str(Path(base).resolve())
    return _EXTENDING_MANIFEST.format(id=name, base=extends, parent=parent.id, procedure=procedure,
                                      council=_council_name(name))


def _council_name(name: str) -> str:
    return name.split("-")[0].capitalize() + " Council"


_EXTENDING_MANIFEST = """\
# {id}: a pausecheck policy pack that builds on {parent}. Every rule, clause, checklist question
# and vocab list of {parent} is inherited; this folder holds what is this council's own.
# `pausecheck pack check .` loads it and runs every rule's examples. See docs/packs.md.
id: {id}
version: "0.1.0"
title: "{id} (based on {parent})"
source:
  title: "The council's social media guidance for members"
  issued_by: "The Monitoring Officer"
  date: "2026-01-01"
  note: "Edit these three lines to name your guidance."

extends: {base}
# To leave out one of its rules:      extends: {{pack: {base}, disable: [CODE-OR-NAME]}}
# To change one: a file in rules/ holding `overrides: CODE` and the fields that change.
# Clauses written below replace the inherited clause with the same id, or add a new one.

settings:
  # The council's own names: rule wording says {{council.monitoring_officer}} and so on.
  council:
    name: "{council}"  # edit
    monitoring_officer: Monitoring Officer
{procedure}
clauses: []
"""

_BLANK_MANIFEST = """\
# {id}: a pausecheck policy pack. pack.yaml holds the guidance's clauses and the council's
# settings; rules/ one rule per file; vocab/ word lists. `pausecheck pack check .` loads it and
# runs every rule's examples. See docs/packs.md for every field and detector kind.
id: {id}
version: "0.1.0"
title: "{id}"
source:
  title: "The council's social media guidance for members"
  issued_by: "The Monitoring Officer"
  date: "2026-01-01"

settings:
  timezone: Europe/London
  council:
    name: "{council}"  # edit
    monitoring_officer: Monitoring Officer

# One entry per clause of the guidance, in its order; rules cite them by id.
clauses:
  - id: Respect
    section: do
    title: Treat people with respect
    summary: Treat everyone with respect online, including people who disagree with you.
    quote: Treat others with respect
  - id: Pause
    section: do
    title: Pause before posting
    summary: Read a post again before you publish it, and ask whether you would say it face to face.
    quote: Pause before you post

checklist:
  - id: CHK-PAUSE
    clause: Pause
    question: Would you say this to the person's face at a public meeting?
    reason: The guidance asks members to pause before posting.
"""

_BLANK_RULE = """\
# A worked example: one rule, one detector, its examples. Copy it for each new rule.
code: XXX-ABU-001
name: rude-word
title: A rude word aimed at someone
severity: revise
category: insult
# The clause's id in pack.yaml: the finding shows that clause's title and summary.
clause: Respect
detectors:
  - kind: lexicon
    vocab: [rude-words]  # vocab/rude-words.txt
message: "'{match}' is a rude word."
why: >
  {clause.summary} A rude word about a person is read as an attack on them, not on their
  argument.
advice: >
  Say what you disagree with, and leave out the word. The {council.monitoring_officer} can
  advise on the Code of Conduct.
examples:
  fail: ["What a numpty.", "Cllr Smith is a plonker.", "You absolute numpty."]
  pass: ["I disagree with the plan.", "The vote was close.", "Thanks to everyone who came."]
"""

_BLANK_VOCAB = """\
# One word or phrase a line; lines starting with # are comments.
numpty
plonker
"""

_RULES_README = """\
# Rules

One rule per YAML file. Codes in this pack start with `{prefix}-` (e.g. `{prefix}-ABU-101`),
so that a finding says which guidance it comes from. A rule file that starts with
`overrides: CODE` changes one of {base}'s rules instead: give only the fields that change.

Run `pausecheck pack check .` after each edit: it lists every problem at once, with its file
and line.
"""


# --- pack diff ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Changed:
    key: str
    name: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[Changed, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"added": list(self.added), "removed": list(self.removed),
                "changed": [{"id": c.key, "name": c.name, "fields": list(c.fields)} for c in self.changed]}


@dataclass(frozen=True)
class PackDiff:
    a: str
    b: str
    rules: Section = field(default_factory=Section)
    clauses: Section = field(default_factory=Section)
    settings: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.settings or any((s.added or s.removed or s.changed) for s in (self.rules, self.clauses)))

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "rules": self.rules.to_dict(), "clauses": self.clauses.to_dict(),
                "settings": list(self.settings)}

    def text(self) -> str:
        lines = [f"--- {self.a}", f"+++ {self.b}"]
        for title, sec in (("rules", self.rules), ("clauses", self.clauses)):
            lines.append(f"{title}: {len(sec.added)} added, {len(sec.removed)} removed, {len(sec.changed)} changed")
            lines += [f"  + {k}" for k in sec.added]
            lines += [f"  - {k}" for k in sec.removed]
            lines += [f"  ~ {c.key} ({c.name}): {', '.join(c.fields)}" for c in sec.changed]
        if self.settings:
            lines.append("settings changed: " + ", ".join(self.settings))
        return "\n".join(lines) + "\n"


def diff_packs(a: str | Path, b: str | Path) -> PackDiff:
    """What B adds, removes and changes relative to A (each a shipped name or a folder).

    Rules are matched by code, then (for a rule whose code changed, as when a pack extends
    another under its own prefix) by name; clauses by id. Changed fields are compared as loaded:
    wording with its placeholders filled in, clauses with their pack's wording.
    """
    pa, pb = load_pack(a), load_pack(b)
    rules = _diff_rules(pa, pb)
    ca, cb = pa.clauses, pb.clauses
    clauses = Section(
        tuple(k for k in cb if k not in ca), tuple(k for k in ca if k not in cb),
        tuple(Changed(k, ca[k].title, f) for k in ca if k in cb and (f := _fields(ca[k], cb[k]))),
    )
    sa, sb = pa.manifest.settings, pb.manifest.settings
    settings = tuple(n for n in type(sa).model_fields if getattr(sa, n) != getattr(sb, n))
    return PackDiff(pa.id, pb.id, rules, clauses, settings)


def _diff_rules(pa: Pack, pb: Pack) -> Section:
    by_code = {r.code: r for r in pb.rules}
    by_name = {r.name: r for r in pb.rules}
    matched: dict[str, Rule] = {}
    for r in pa.rules:
        other = by_code.get(r.code) or by_name.get(r.name)
        if other is not None and other.code not in {m.code for m in matched.values()}:
            matched[r.code] = other
    taken = {m.code for m in matched.values()}
    changed = []
    for r in pa.rules:
        if r.code in matched and (f := _fields(r, matched[r.code])):
            key = r.code if r.code == matched[r.code].code else f"{r.code} → {matched[r.code].code}"
            changed.append(Changed(key, r.name, f))
    return Section(tuple(f"{r.code} {r.name}" for r in pb.rules if r.code not in taken),
                   tuple(f"{r.code} {r.name}" for r in pa.rules if r.code not in matched), tuple(changed))


def _fields(x: Any, y: Any) -> tuple[str, ...]:
    return tuple(n for n in type(x).model_fields if getattr(x, n) != getattr(y, n))
