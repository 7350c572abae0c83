"""Generate docs/packs.md, the pack author's guide, with its reference taken from the code.

The prose is written here; every table of fields (pack.yaml, rule files, each detector kind's
options, the shared matcher pieces) is built at run time from the pydantic models, and the lists
of categories, severities, shapes and validators from the constants that define them, so a new
option or kind changes the guide. Run ``python -m pausecheck.policy.packs_doc docs/packs.md`` to
regenerate it; a test fails when the committed file differs from what this module writes.
"""

from __future__ import annotations

import ast
import inspect
import io
import json
import re
import sys
import textwrap
import tokenize
import types
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types as at
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pausecheck._types import CATEGORIES, SEVERITIES
from pausecheck.detectors.options import KindOptions, Matcher, Modifier, PatternSpec
from pausecheck.detectors.registry import KINDS
from pausecheck.policy.loader import PACKS_DIR
from pausecheck.policy.schema import (
    ChecklistItem,
    ClauseRef,
    ClauseSpec,
    ExampleCase,
    Examples,
    Fix,
    PackManifest,
    PackSource,
    Rule,
    Settings,
    TimeWindow,
    When,
)
from pausecheck.text.shapes import SHAPES, VALIDATORS

COMMAND = "python -m pausecheck.policy.packs_doc docs/packs.md"

#: What each severity does to the verdict (a new severity must be described here).
SEVERITY_EFFECT = {
    "block": "Any `block` finding makes the verdict **do not publish** (exit code 2).",
    "revise": "Any `revise` finding, with no `block`, makes the verdict **revise** (exit code 1).",
    "advise": "A note for the member; the verdict stays **publish** (exit code 0).",
}

#: What each category covers (a new category must be described here).
CATEGORY_MEANING = {
    "insult": "put-downs and name-calling aimed at a person, civil-worded ones included",
    "discrimination": "slurs; dehumanising or generic attacks on a protected group",
    "threat": "violence aimed at a person, direct, veiled or incited",
    "obscenity": "swearing and obscene language",
    "defamation": "factual allegations of wrongdoing about an identifiable person",
    "confidential": "exempt or confidential council information (Part B, pink papers, Schedule 12A)",
    "personal_data": "residents' contact details and identifiers",
    "casework": "a person's problem with a council service discussed in public",
    "predetermination": "a closed mind on a live planning or licensing decision",
    "capacity": "official-capacity signals; the council's voice claimed for personal or party views",
    "council_resources": "council accounts or equipment used for party-political or campaign content",
    "public_views_without_consent": "a member of the public's political views published",
    "copyright": "agency photos and pasted articles",
    "haste": "late-night posting, drink, anger (advice only: a cooling-off pause, never a block)",
    "links": "shortened links that hide their destination; deny-listed domains",
    "security": "passwords or codes in a post; malware and phishing",
    "meetings": "posting from a meeting",
}

# --- The worked example: a new council's pack.yaml and one rule (the test loads both) --------

EXAMPLE_PACK_DIR = "northbury-2025"
EXAMPLE_RULE_FILE = "rules/planning-vote-declared.yaml"

EXAMPLE_MANIFEST = """\
id: northbury-2025
version: "0.1.0"
title: Northbury Borough Council - Members' social media protocol (2025)
source:
  title: "Protocol on members' use of social media"
  issued_by: "Monitoring Officer, Northbury Borough Council"
  date: "2025-01-15"
  note: "A made-up council, for the pack author's guide."
clauses:
  - id: "Para 6.2"
    section: code
    title: Open mind on planning
    summary: Members of the planning committee must not say how they will vote before they have heard the application.
    quote: Members who sit on the Planning Committee should not
"""

EXAMPLE_RULE = r"""code: NBC-PLN-001
name: planning-vote-declared
title: A vote declared on a named planning application before the committee meets
severity: revise
category: predetermination
clause: "Para 6.2"
detectors:
  - kind: cooccurrence
    anchor:
      label: a planning application reference
      patterns:
        - {name: planning-ref, regex: "{shape:planning_reference}", score: 1.0}
    requires:
      - label: a vote already decided
        patterns:
          - {name: decided-vote, regex: "\\bI(?:\\s+will|'ll|\\s+am\\s+going\\s+to|'m\\s+going\\s+to)\\s+(?:be\\s+)?vot(?:e|ing)\\s+(?:against|for)\\b|\\bmy\\s+mind\\s+is\\s+made\\s+up\\b"}
    scope: post
    score: 0.8
message: "'{match}' says how you will vote before the application has been heard."
why: >
  A member who decides a planning application before hearing it risks the decision being
  quashed, and the protocol asks members on the committee to keep an open mind until then.
advice: >
  Say what you think of the issues and that you will listen to everyone at the meeting, but
  not how you will vote.
rewrite: "I have heard residents' worries about 24/01234/FU and will raise them at committee."
examples:
  fail:
    - "I will vote against 24/01234/FU at Thursday's committee, whatever the officers say."
    - "Application 23/04567/OUT is a disgrace and I'm going to be voting against it."
    - "My mind is made up on 24-05678: I'll vote for it."
    - text: "Speaking personally: I am going to vote for 24/00321/HH next week."
      account: personal
  pass:
    - "Application 24/01234/FU comes to committee on Thursday; I will listen to everyone before I decide."
    - "I will vote against the cuts to our libraries at Full Council."
    - "Comments on 23/04567/OUT close on Friday: have your say on the planning portal."
"""

#: What ``pausecheck pack check`` prints for the example pack (the test runs it and compares).
EXAMPLE_CHECK_OUTPUT = "pack OK: 1 rules, 2 patterns probed, 7 examples run"

_INTRO = """\
# Writing a policy pack

This guide is for whoever turns a council's social-media guidance into a pausecheck **policy
pack**. No Python is needed: a pack is a folder of YAML and text files, and `pausecheck pack
check` tells you what is wrong with it.

The reference sections (every field of every file, and every option of every detector kind) are
generated from the code by `{command}`, so they always match what the loader accepts. Do not
edit this file by hand; a test fails when it is stale.

## Contents

- [What a pack is](#what-a-pack-is)
- [Starting a pack](#starting-a-pack)
- [Rules](#rules)
- [Regular expressions: macros and validators](#regular-expressions-macros-and-validators)
- [A worked example](#a-worked-example)
- [Reference: pack.yaml](#reference-packyaml)
- [Reference: rule files](#reference-rule-files)
- [Reference: detector kinds](#reference-detector-kinds)
- [Reference: shared pieces](#reference-shared-pieces)

## What a pack is

A pack is one folder:

```
my-council-2025/
  pack.yaml          the pack's name, its source, its settings, every clause and the checklist
  rules/*.yaml       one rule per file (sub-folders are allowed; every *.yaml below rules/ is read)
  vocab/*.txt        word lists, one entry per line
  examples/          images that rule examples attach (optional)
```

- **pack.yaml** names the guidance the pack follows (`source`), lists each of its clauses with a
  summary in your own words and the opening words of the clause (`quote`, which ties the
  summary to the text), holds the questions the member is asked to consider (`checklist`), and
  the `settings` (time zone, the late-night window, link shorteners, deny-listed domains, and
  which word lists name roles and parties).
- **rules/*.yaml**: one rule per file. A rule says what to look for (its detectors), how serious
  it is, which clause it implements, what to tell the member, and at least three posts it must
  flag and three it must let through.
- **vocab/*.txt**: a list is named after its file (`vocab/parties.txt` is the list `parties`).
  One entry per line; a phrase is one entry; `#` followed by a space starts a comment (a `#` run
  into a word is a hashtag entry, `#justsaying`), and blank lines are ignored. Rules use lists by name, so one list (every UK party, say) serves every rule.

The schema is strict: a misspelt or unknown key is an error that names the file and line, never
something quietly ignored. A pack is untrusted input, so files must be plain files (no symbolic
links) of modest size.

## Starting a pack

1. `pausecheck pack new NAME` writes a folder `NAME/` whose `pack.yaml` says `extends:
   leeds-2019` (or `--from` another pack): every rule, clause, checklist question and vocab
   list is inherited, and the file holds only what is your council's own (its name, its
   Monitoring Officer, the procedure rules the wording cites). `pausecheck pack new NAME
   --blank` writes a pack of its own instead, with two clauses and one worked rule.
2. Edit `pack.yaml`: your guidance as `source`, and your guidance's clauses. A rule names its
   clause by id (`clause: Don't 4`) and shows that clause's title and summary, so editing a
   clause here changes every rule citing it.
3. Write or adapt the rules, one file each, and their examples. In a pack that extends another,
   a file that starts `overrides: CODE` changes one inherited rule (give only the fields that
   change: a `threshold`, the wording, the examples, the `clause`); `extends: {{pack: NAME,
   disable: [CODE]}}` leaves one out. `clauses: own` says your guidance is a different text
   (only your own clauses and checklist), and `rules: overridden` takes only the rules you
   have an override for. Extending is at most four packs deep, and a cycle is a load error.
4. Run `pausecheck pack check DIR`. It loads the pack, probes every regular expression for
   catastrophic backtracking, and runs every rule's examples, and it reports **every** problem
   at once, in every file, one per line as `FILE[:LINE]: MESSAGE` (exit code 65 when there are
   any). When all is well it prints a single `pack OK` line. `pausecheck pack diff A B` lists
   the rules and clauses B adds, removes and changes (with the fields), as text or
   `--format json`.
Wording is a template. `message`, `why`, `advice` and `rewrite` (and checklist questions) may
use `{{clause.id}}`, `{{clause.title}}`, `{{clause.summary}}`, and the council's settings:
`{{council.name}}`, `{{council.area}}`, `{{council.monitoring_officer}}`,
`{{council.standards_team}}`, `{{council.contact}}`, `{{council.procedure_rules.KEY}}`.
`{{match}}`, the matched words, is filled per finding and only in `message`. A placeholder
the pack cannot fill (a misspelt `{{matched}}`, a council setting not set) is a load error
with its file and line; write `{{{{` and `}}}}` for literal braces.

5. Use the pack: `pausecheck check --pack DIR`. `pausecheck rules --pack DIR` lists its rules.

## Rules

Each file under `rules/` holds one rule. The fields are listed in
[Reference: rule files](#rule); the sections below explain the ones that need more than a line.

- **`code`** is stable and never reused (`SMG-ABU-001`: the pack's prefix, an area, a number),
  and **`name`** is a short kebab-case name (`personal-insult`). If you rename a rule, put the old
  name in `redirects` so saved settings that name it still work.
- **`message`** is what the member sees; `{{match}}` in it is replaced by the words that were
  found. **`why`** explains the risk, **`advice`** what to do instead, and **`rewrite`** (optional)
  is an example wording, shown as advice. **`fix`** (optional) says how to rewrite the member's
  own post: see [Fixes: rewrites of the post](#fixes-rewrites-of-the-post).
- **`clause`** ties the rule to the guidance: a clause id from `pack.yaml` (`clause: Para 6.2`).
  The finding shows that clause's title and summary. Other clauses the rule relates to go in `also`.

### Detectors and thresholds

`detectors` is a list of one or more detectors, each picked by its `kind` from the closed set in
[Reference: detector kinds](#reference-detector-kinds): {kinds}. Each detector scores what it
finds between 0 and 1, and a hit that scores at least the rule's **`threshold`** becomes a
finding. The threshold is a number between 0 and 1 (default 0.5), or the word `calibrated`,
which is allowed only when every detector of the rule is a learned one ({learned}): it means the
threshold the model card gives for that head, so a retrained model brings its own threshold.

### Severities

The verdict follows the most serious finding:

{severities}

### Categories

`category` is one of a closed list (the report groups findings by it, and the checklist can ask
questions when a finding has one):

{categories}

### Status

- `stable`: the rule runs in every check.
- `preview`: the rule runs only when preview rules are asked for (`pausecheck check --preview`,
  or `Checker(..., preview=True)`); `pack check` runs the examples of preview rules too. Use it
  for a rule that is not yet good enough to bother every member.
- `deprecated`: the rule is kept (its code stays taken) but never runs.

### `when` conditions

`when` (optional) limits a rule to posts in a given context; every condition given must hold,
and a condition left out always holds. For example `when: {{account: [council]}}` makes a rule
about the council's voice apply only to posts from the council's own account. The same
conditions can be put on a checklist item, which can also ask about `categories` (shown when a
finding of one of them was made). The fields are in [When](#when).

### Fixes: rewrites of the post

`fix` (optional) picks one strategy from a closed set; the engine turns the finding's flagged
words into edits of the member's own text, applies them, checks the rewritten post again with
the same pack, and shows the rewrite only when that check finds neither this rule nor any rule
the post did not already raise. A rule without `fix` gets no rewrite.

{strategies}

Each rewrite is `safe` (it keeps what the post means: a redaction, a swear word dropped, capitals
calmed, a name-call aside dropped) or needs `review` (it changes what the post says); `applicability` overrides the
strategy's default. `pausecheck check --fix` prints the post with the safe rewrites applied
(`--unsafe-fixes` adds the ones that need review). The fields are in [Fix](#fix).

```yaml
fix:
  strategy: template
  text: "I strongly disagree with {{target_possessive}} decision on this."
```

### Examples are tests

Every rule needs at least three `fail` examples (posts it must flag) and three `pass` examples
(posts it must let through, ideally near misses). They are run as tests by `pausecheck pack
check` and by the project's own test suite. An example is either a plain string, or an object
when the context matters:

```yaml
examples:
  fail:
    - "A plain post."
    - text: "Posted from the council account at midnight."
      account: council
      at: "2025-03-01T00:10"
      in_meeting: false
      platform: x
      images: [agency-photo.jpg]     # files in the pack's examples/ folder
```

The fields are in [Examples](#examples) and [ExampleCase](#examplecase).

## Regular expressions: macros and validators

Regexes (in `pattern` detectors and in any [matcher](#matcher)) use the Python `regex`
module's syntax and are case-insensitive unless a detector says `case_sensitive: true`. Inside
YAML double quotes a backslash is written twice (`"\\\\bword\\\\b"`). Two macros are expanded when the
pack loads:

- `{{vocab:NAME}}` is replaced by an alternation of the list `vocab/NAME.txt`, longest entry first,
  with any run of spaces in an entry matching any whitespace. One list then serves every regex
  that needs it, so no rule can favour an entry by leaving it out.
- `{{shape:NAME}}` is replaced by the one definition of a UK identifier's shape. The shapes are:

{shapes}

A `pattern` detector can also name a **validator**, a check each match must pass before it
counts (a check digit, say):

{validators}

`pausecheck pack check` tries every regex against long, awkward inputs and reports one that
backtracks catastrophically, since such a regex could stall a check.
"""

_WORKED = """\
## A worked example

Northbury Borough Council (a made-up council) has a protocol whose paragraph 6.2 asks members of
the planning committee not to say how they will vote before the meeting. Its pack starts as a
copy of a shipped pack, with this `pack.yaml` (the `vocab/` lists of the copy are kept; the
shipped rules are deleted):

```yaml
{manifest}```

and one rule, `{rule_file}`. It flags a planning reference (the `planning_reference` shape)
in the same post as a declared vote. The anchor's regex says `score: 1.0` because a
`cooccurrence` hit scores the detector's `score` times the anchor's, and a regex scores 0.6 unless
it says otherwise: 0.8 x 0.6 would fall below the rule's threshold of 0.5, and `pack check` would
say that every `fail` example does not trigger the rule. The last `fail` example is one with
context: writing from a personal account does not change what the post says.

```yaml
{rule}```

Checking the folder:

```
$ pausecheck pack check {folder}
{output}
```

Had one of the `pass` examples been flagged, the check would instead print a line naming the
rule file, the rule and the example, and exit with code 65.
"""


# --- Rendering types, defaults, constraints and descriptions from the models -----------------


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    s = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return s.replace(" ", "-")


def _link(model: type[BaseModel]) -> str:
    return f"[{model.__name__}](#{_slug(model.__name__)})"


def _type(tp: Any, seen: list[type[BaseModel]]) -> str:
    """A readable name for a field's annotation; models met on the way are added to ``seen``."""
    origin = get_origin(tp)
    if tp is type(None):
        return "null"
    if origin is Annotated:
        base, *meta = get_args(tp)
        if any(getattr(m, "discriminator", None) == "kind" for m in meta):
            return "a [detector](#reference-detector-kinds)"
        limits = _constraints([x for m in meta for x in (m.metadata if isinstance(m, FieldInfo) else [m])], base)
        return _type(base, seen) + (f" ({limits})" if limits else "")
    if origin in (Union, types.UnionType):
        # A null value means "not set", as the default column says: it is not shown as a type.
        args = [a for a in get_args(tp) if a is not type(None)]
        if all(get_origin(a) is Literal for a in args):
            return _literal([v for a in args for v in get_args(a)])
        return " or ".join(_type(a, seen) for a in args)
    if origin is Literal:
        return _literal(list(get_args(tp)))
    if origin is list:
        item = get_args(tp)[0]
        if get_origin(item) is Literal and len(get_args(item)) > 1 and set(get_args(item)) != set(CATEGORIES):
            return "list, each " + _literal(list(get_args(item)))
        return "list of " + _type(item, seen)
    if origin is dict:
        k, v = get_args(tp)
        return f"mapping of {_type(k, seen)} to {_type(v, seen)}"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if tp not in seen:
            seen.append(tp)
        return _link(tp)
    names = {str: "string", int: "integer", float: "number", bool: "true or false", date: "date (YYYY-MM-DD)",
             datetime: "date and time (ISO 8601)", time: "time (HH:MM)"}
    if tp in names:
        return names[tp]
    return f"`{getattr(tp, '__name__', tp)}`"


def _code(value: Any) -> str:
    """A value as inline code; the empty string as `""`, which a bare pair of backticks would lose."""
    return f"`{value}`" if value != "" else '`""`'


def _literal(values: list[Any]) -> str:
    if set(values) == set(CATEGORIES):
        return "a [category](#categories)"
    if len(values) == 1:
        return _code(values[0])
    return "one of " + ", ".join(_code(v) for v in values)


def _constraints(metadata: list[Any], annotation: Any) -> str:
    items = get_origin(annotation) in (list, dict)
    unit = "items" if items else "characters"
    out = []
    for m in metadata:
        if isinstance(m, at.Ge):
            out.append(f">= {m.ge}")
        elif isinstance(m, at.Gt):
            out.append(f"> {m.gt}")
        elif isinstance(m, at.Le):
            out.append(f"<= {m.le}")
        elif isinstance(m, at.Lt):
            out.append(f"< {m.lt}")
        elif isinstance(m, at.MinLen):
            out.append(f"at least {m.min_length} {unit if m.min_length != 1 else unit[:-1]}")
        elif isinstance(m, at.MaxLen):
            out.append(f"at most {m.max_length} {unit if m.max_length != 1 else unit[:-1]}")
        elif getattr(m, "pattern", None):
            out.append(f"matches `{m.pattern}`")
    return ", ".join(out)


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "required"
    value = field.get_default(call_default_factory=True)
    if value is None:
        return "not set"
    if isinstance(value, BaseModel):
        return "each field's default" if value == type(value)() else f"`{value.model_dump_json()}`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return _code(value)
    return f"`{json.dumps(value, ensure_ascii=False)}`"


@cache
def _comments(cls: type) -> dict[str, str]:
    """Field name -> its ``#:`` comment (the lines above) or the comment at the end of its line."""
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):  # pragma: no cover (no source, e.g. a frozen build)
        return {}
    lines = source.splitlines()
    trailing: dict[int, str] = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT and lines[tok.start[0] - 1][: tok.start[1]].strip():
            trailing[tok.start[0]] = tok.string.lstrip("#").strip()
    found: dict[str, str] = {}
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.ClassDef)
    for stmt in node.body:
        if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
            continue
        above: list[str] = []
        i = stmt.lineno - 2
        while i >= 0 and lines[i].strip().startswith("#:"):
            above.insert(0, lines[i].strip()[2:].strip())
            i -= 1
        text = " ".join(above) or trailing.get(stmt.end_lineno or stmt.lineno, "")
        if text and not text.startswith(("noqa", "type:")):
            found[stmt.target.id] = text
    return found


def _description(model: type[BaseModel], name: str, field: FieldInfo) -> str:
    if field.description:
        return field.description
    for cls in model.__mro__:
        if name in getattr(cls, "__annotations__", {}):
            return _comments(cls).get(name, "")
    return ""


def _markdown(s: str) -> str:
    """Docstring markup (reStructuredText's double backticks) as Markdown."""
    return s.replace("``", "`")


def _cell(s: str) -> str:
    return " ".join(_markdown(s).split()).replace("|", "\\|")


def fields_table(model: type[BaseModel], seen: list[type[BaseModel]]) -> str:
    """A Markdown table of a model's fields: name, type, default, constraints, description."""
    rows = ["| field | type | default | constraints | description |", "|---|---|---|---|---|"]
    for name, field in model.model_fields.items():
        key = field.alias or name
        row = [
            f"`{key}`",
            _type(field.annotation, seen),
            _default(field),
            _constraints(field.metadata, field.annotation),
            _description(model, name, field),
        ]
        rows.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(rows)


def _doc(obj: Any) -> str:
    doc = obj.__dict__.get("__doc__") if isinstance(obj, type) else getattr(obj, "__doc__", None)
    return _markdown(inspect.cleandoc(doc)) if doc else ""


def _model_section(model: type[BaseModel], seen: list[type[BaseModel]], intro: str = "") -> list[str]:
    out = [f"### {model.__name__}", ""]
    text = intro or _doc(model)
    if text:
        out += [text, ""]
    return [*out, fields_table(model, seen), ""]


def kind_section(kind: str, seen: list[type[BaseModel]]) -> str:
    """One detector kind: its options model's docstring and the table of its options."""
    options: type[KindOptions] = KINDS[kind].options
    out = [f"### `{kind}`", ""]
    if _doc(options):
        out += [_doc(options), ""]
    if getattr(options, "calibrated", False):
        out += ["A learned kind: a rule whose detectors are all of learned kinds may say `threshold: calibrated`.", ""]
    out += [f"Options (`{options.__name__}`):", "", fields_table(options, seen), ""]
    return "\n".join(out)


_PACK_INTROS: dict[type[BaseModel], str] = {
    PackManifest: "The top level of `pack.yaml`.",
    Settings: "`settings:` in `pack.yaml`. Every list of vocabulary names must name files in `vocab/`.",
    ClauseSpec: "One entry of `clauses:`: a clause of the guidance. Its `id` is what rules name in `clause.ref`.",
    ChecklistItem: "One entry of `checklist:`: a question the report asks the member to consider, for what text "
    "cannot show. `clause` names a clause id; `when` limits when it is asked.",
}
_RULE_INTROS: dict[type[BaseModel], str] = {
    Rule: "The top level of a file in `rules/`.",
    ClauseRef: "`clause:` in a rule: the id of the clause it implements (`clause: Don't 4`); the wording comes from pack.yaml.",
}


#: What each fix strategy does, for the guide (one line each; the schema lists the same set).
FIX_STRATEGY_DOCS = {
    "redact": "each flagged stretch (or, with `part: value`, what follows its last \"is\" or \":\") becomes "
              "`text`, a placeholder such as `[contact details removed]`; safe by default",
    "soften": "each flagged word becomes its entry in `words` (spelt in lower case, without masks or look-alike "
              "digits; `\"\"` drops it and tidies the sentence); a key of two words takes the flagged word and "
              "the word after it (`\"piss off\": clear off`); a word not listed is dropped, or with "
              "`otherwise: keep` the finding gets no rewrite",
    "drop": "the flagged words are deleted and the sentence tidied (a dangling \"a\" or \"the\", the space, a "
            "sentence's capital)",
    "calm": "shouting capitals become lower case, \"!!!\" one mark and intensifying adverbs (\"absolutely\", "
            "\"utterly\", \"totally\", \"completely\") are dropped, across the post; safe by default",
    "unlink": "the flagged link is deleted, with a colon that pointed at it",
    "private": "the sentences holding the flagged words become `text` (casework moved to a private channel); a "
               "reply's leading @handles stay",
    "template": "the sentences holding the flagged words become `text`, with `{target}` and "
                "`{target_possessive}` filled by the person or role the sentence names (\"you\"/\"your\" in a "
                "reply); no rewrite when it names no one. When the flagged words are only a name-call aside "
                "(\"@dave you absolute idiot, read the report\", \"shut up, you idiot\") the aside is dropped and "
                "the sentence kept instead, a rewrite that is safe unless `applicability` says `review`; the "
                "template sentence is shown if that rewrite does not check clean",
}


def packs_markdown() -> str:
    """The whole of docs/packs.md."""
    learned = [k for k, d in KINDS.items() if getattr(d.options, "calibrated", False)]
    intro = _INTRO.format(
        command=COMMAND,
        packs=", ".join(f"`{p.name}`" for p in sorted(PACKS_DIR.iterdir()) if (p / "pack.yaml").is_file()),
        kinds=", ".join(f"[`{k}`](#{_slug(k)})" for k in KINDS),
        learned=", ".join(f"`{k}`" for k in learned) or "none",
        severities="\n".join(f"- `{s}`: {SEVERITY_EFFECT[s]}" for s in SEVERITIES),
        categories="| category | what it covers |\n|---|---|\n"
        + "\n".join(f"| `{c}` | {CATEGORY_MEANING[c]} |" for c in CATEGORIES),
        shapes="\n".join(f"  - `{{shape:{n}}}`: `{r}`" for n, r in SHAPES.items()),
        strategies="\n".join(f"- `{n}`: {t}" for n, t in FIX_STRATEGY_DOCS.items()),
        validators="\n".join(f"- `{n}`: {_doc(f).splitlines()[0] if _doc(f) else ''}".rstrip(": ")
                             for n, f in VALIDATORS.items()),
    )
    worked = _WORKED.format(manifest=EXAMPLE_MANIFEST, rule=EXAMPLE_RULE, rule_file=EXAMPLE_RULE_FILE,
                            folder=EXAMPLE_PACK_DIR, output=EXAMPLE_CHECK_OUTPUT)
    seen: list[type[BaseModel]] = []
    documented: set[type[BaseModel]] = set()

    def sections(models: dict[type[BaseModel], str]) -> list[str]:
        out: list[str] = []
        for m, text in models.items():
            out += _model_section(m, seen, text)
            documented.add(m)
        return out

    ref = ["## Reference: pack.yaml", ""]
    ref += sections({PackManifest: _PACK_INTROS[PackManifest], PackSource: "", Settings: _PACK_INTROS[Settings],
                     TimeWindow: "", ClauseSpec: _PACK_INTROS[ClauseSpec], ChecklistItem: _PACK_INTROS[ChecklistItem]})
    ref += ["## Reference: rule files", ""]
    ref += sections({Rule: _RULE_INTROS[Rule], ClauseRef: _RULE_INTROS[ClauseRef], When: "", Fix: "",
                     Examples: "", ExampleCase: ""})
    ref += ["## Reference: detector kinds", "",
            "Each entry of a rule's `detectors` is one of these, chosen by its `kind`. Each kind's options are "
            "declared beside its code in `src/pausecheck/detectors/<kind>.py`.", ""]
    ref += [kind_section(k, seen) for k in KINDS]
    ref += ["## Reference: shared pieces", "",
            "Pieces that several kinds use: a matcher (something to find), a modifier (a matcher that "
            "changes the score when found near a hit) and a named regex.", ""]
    ref += sections({Matcher: "", Modifier: "", PatternSpec: ""})
    # Any other structure a table links to (a kind's own nested model, say).
    while rest := [m for m in seen if m not in documented]:
        ref += sections(dict.fromkeys(rest, ""))
    text = intro + "\n" + worked + "\n" + "\n".join(ref)
    return text.rstrip("\n") + "\n"


def write(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(packs_markdown(), encoding="utf-8")
    return target


if __name__ == "__main__":  # pragma: no cover
    print(write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/packs.md")))
