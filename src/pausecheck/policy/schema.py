"""The policy-pack schema. Strict: an unknown key anywhere is an error.

A pack is ``pack.yaml`` (clauses, checklist, settings), ``rules/*.yaml`` (one rule per
file) and ``vocab/*.txt`` (word lists). Rules choose from a closed set of detector kinds,
so a council can add or change rules without writing Python.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from pausecheck._types import CARD_THRESHOLDS, Account, CardThreshold, Category, Severity
from pausecheck.detectors.options import Strict
from pausecheck.detectors.registry import options_union

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.detectors.options import KindOptions as DetectorSpec
else:
    #: One detector of a rule: the union of every registered kind's own options model.
    DetectorSpec = options_union()

SectionKind = Literal["do", "dont", "legal", "target", "code", "meetings"]


class When(Strict):
    """Conditions on the post's context; every condition given must hold."""

    account: list[Account] | None = None
    in_meeting: bool | None = None
    has_images: bool | None = None
    has_links: bool | None = None
    platform: list[str] | None = None
    categories: list[Category] | None = None  # checklist only: shown when a finding has one


class ExampleCase(Strict):
    text: str
    account: Account = "councillor"
    at: str | None = None
    in_meeting: bool = False
    platform: str | None = None
    images: list[str] = []


Example = str | ExampleCase


class Examples(Strict):
    fail: list[Example] = Field(..., min_length=3)
    pass_: list[Example] = Field(..., min_length=3, alias="pass")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ClauseRef(Strict):
    """The clause a rule implements. In a rule file it is written as the clause's id alone
    (``clause: Don't 4``): the wording comes from ``pack.yaml``, and the loader fills ``summary``
    in from there, so editing a clause changes what every rule citing it shows.

    The older mapping form ``{ref: Don't 4, summary: ...}`` still loads, and its ``summary``
    then stands for that rule alone; the shipped packs never use it (a test says so), since it
    repeats, and drifts from, the clause's own wording.
    """

    ref: str
    #: Empty in a rule file that names its clause by id; the loader fills it from pack.yaml.
    summary: str = Field("", pattern=r"^(?:|[\s\S]{10,})$")


#: How a rule's finding is rewritten in the member's own post (see :mod:`pausecheck.fixes`):
#: ``redact`` each flagged stretch (or only its value: what follows "is" or ":") becomes ``text``;
#: ``soften`` each flagged word becomes its entry in ``words`` ("" drops it), words not listed are
#: dropped or, with ``otherwise: keep``, the rule gets no rewrite; ``drop`` deletes the flagged
#: words and tidies the sentence; ``calm`` turns shouting capitals to sentence case and "!!!" to
#: "!"; ``unlink`` deletes the flagged link; ``private`` replaces the sentences holding the
#: flagged words with ``text`` (casework moved to a private channel); ``template`` replaces them
#: with ``text``, filling ``{target}`` / ``{target_possessive}`` with the person or role the
#: sentence names. Leading @handles of a reply are kept.
FixStrategy = Literal["redact", "soften", "drop", "calm", "unlink", "private", "template"]
FIX_STRATEGIES: tuple[FixStrategy, ...] = ("redact", "soften", "drop", "calm", "unlink", "private", "template")
#: Safe unless the rule says otherwise: the strategies that keep what the post means.
SAFE_BY_DEFAULT = frozenset({"redact", "calm"})
_FIX_PLACEHOLDERS = ("target", "target_possessive")


class Fix(Strict):
    """A rule's fix strategy: data over a closed set (see FixStrategy)."""

    strategy: FixStrategy
    #: ``safe`` or ``review``; default ``safe`` for redact and calm (and for a template's dropped
    #: name-call aside), ``review`` otherwise.
    applicability: Literal["safe", "review"] | None = None
    #: redact: the placeholder; private and template: the sentence that replaces the flagged ones.
    text: str | None = None
    #: redact: ``whole`` stretch, or only its ``value`` (after the last "is" or ":").
    part: Literal["whole", "value"] = "whole"
    #: soften: flagged word (lower case, as spelt without masks or look-alike digits) → softer word.
    words: dict[str, str] = {}
    #: soften: what happens to a flagged word ``words`` does not list.
    otherwise: Literal["drop", "keep"] = "drop"

    @model_validator(mode="after")
    def _text_where_needed(self) -> Fix:
        needs_text = self.strategy in ("redact", "private", "template")
        if needs_text and not self.text:
            raise ValueError(f"fix strategy {self.strategy!r} needs 'text'")
        if not needs_text and self.text is not None:
            raise ValueError(f"fix strategy {self.strategy!r} takes no 'text'")
        if self.words and self.strategy != "soften":
            raise ValueError("'words' is for the soften strategy only")
        if self.strategy == "soften" and not self.words:
            raise ValueError("fix strategy 'soften' needs 'words'")
        if self.text is not None:
            import string

            for _, name, spec, conv in string.Formatter().parse(self.text):
                if name is None:
                    continue
                allowed = _FIX_PLACEHOLDERS if self.strategy == "template" else ()
                if name not in allowed or spec or conv:
                    known = ", ".join("{" + p + "}" for p in allowed) or "none"
                    raise ValueError(f"unknown placeholder {{{name}}} in fix text (known: {known})")
        return self

    @property
    def safety(self) -> Literal["safe", "review"]:
        if self.applicability is not None:
            return self.applicability
        return "safe" if self.strategy in SAFE_BY_DEFAULT else "review"


class Rule(Strict):
    code: str = Field(..., pattern=r"^[A-Z]{2,5}-[A-Z]{2,5}-\d{3}$")
    name: str = Field(..., pattern=r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$", max_length=48)
    title: str
    status: Literal["stable", "preview", "deprecated"] = "stable"
    severity: Severity
    category: Category
    clause: ClauseRef
    also: list[str] = []
    #: Hits scoring below this are not findings. ``calibrated``: the threshold the model card
    #: gives for the head (best F1 on validation data); ``precise``: the card's threshold at
    #: which the head's validation precision reaches 0.8, for rules in the default verdict that
    #: must rarely hold back a fine post. Both need detectors that are all learned.
    threshold: Annotated[float, Field(ge=0, le=1)] | CardThreshold = 0.5
    when: When | None = None
    detectors: list[DetectorSpec] = Field(..., min_length=1)
    message: str
    why: str
    advice: str
    #: Advice shown as an example wording, never as a rewrite of the member's post.
    rewrite: str | None = None
    #: How to rewrite the member's own post to clear this rule; no fix, no rewrite.
    fix: Fix | None = None
    examples: Examples
    redirects: list[str] = []

    @field_validator("clause", mode="before")
    @classmethod
    def _clause_by_id(cls, v: object) -> object:
        return {"ref": v} if isinstance(v, str) else v

    @model_validator(mode="after")
    def _calibrated_needs_learned_detectors(self) -> Rule:
        if self.threshold in CARD_THRESHOLDS:
            plain = [d.kind for d in self.detectors if not type(d).calibrated]
            if plain:
                raise ValueError(f"threshold {self.threshold!r} needs learned detectors only; {plain[0]!r} has no calibration")
        return self

    @property
    def clause_refs(self) -> tuple[str, ...]:
        return (self.clause.ref, *self.also)


#: The fields of a rule, each of which an ``overrides:`` file may replace.
RULE_FIELDS = tuple(Rule.model_fields)


class RuleOverride(Strict):
    """A rule file in an extending pack that changes one of the parent's rules.

    ``overrides`` names the parent's rule (code, name or former name); every other key replaces
    that field of the parent's rule whole (``detectors`` replaces the whole list, ``examples``
    both lists), and what is not given is inherited. The result is checked as a rule.
    """

    overrides: str

    model_config = ConfigDict(extra="allow", frozen=True)

    @model_validator(mode="after")
    def _only_rule_fields(self) -> RuleOverride:
        unknown = [k for k in (self.model_extra or {}) if k not in RULE_FIELDS]
        if unknown:
            raise ValueError(f"{unknown[0]!r} is not a rule field (fields: {', '.join(RULE_FIELDS)})")
        return self

    @property
    def changes(self) -> dict[str, object]:
        return dict(self.model_extra or {})


class ClauseSpec(Strict):
    id: str
    section: SectionKind
    title: str
    summary: str = Field(..., min_length=20)
    quote: str = Field(..., min_length=10, description="opening words in the guidance, to tie the clause to the text")


class ChecklistItem(Strict):
    id: str = Field(..., pattern=r"^CHK-[A-Z0-9-]+$")
    clause: str
    question: str
    when: When | None = None
    reason: str


class TimeWindow(Strict):
    start: str = Field("23:00", pattern=r"^\d{2}:\d{2}$")
    end: str = Field("05:00", pattern=r"^\d{2}:\d{2}$")


class Council(Strict):
    """The council's own words, for wording that would otherwise name one council.

    Rule wording (``message``, ``why``, ``advice``, ``rewrite``) and checklist questions refer to
    these by placeholder (``{council.monitoring_officer}``, ``{council.procedure_rules.exempt}``),
    so a pack that extends another changes them here, once, not in every rule. A placeholder for
    a field that is not set is a load error.
    """

    #: The council's name, as a member would write it: "Leeds City Council". Guidance written
    #: for every council (a national association's) leaves it unset.
    name: str | None = None
    #: The place, for "residents of ...": "Leeds".
    area: str | None = None
    #: The officer who advises on the Code of Conduct, without "the": "Monitoring Officer".
    monitoring_officer: str = "Monitoring Officer"
    #: The team members ask about standards or member support, without "the".
    standards_team: str | None = None
    #: How members reach that advice (an address or a phone line), if the guidance gives one.
    contact: str | None = None
    #: The council's procedure rules a rule cites, by a short key of your choosing:
    #: ``{exempt_information: "Access to Information Procedure Rules 9.2 and 10.4"}``.
    procedure_rules: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], str] = {}


class Settings(Strict):
    max_chars: int = Field(20_000, ge=1, le=200_000)
    timezone: str = "Europe/London"
    late_night: TimeWindow = TimeWindow()
    shorteners: list[str] = []
    deny_domains: list[str] = []
    recovery_vocab: list[str] = []
    role_vocab: list[str] = []
    #: Vocabulary lists of groups of people (protected characteristics and commonly targeted):
    #: mentions are "group" targets, which gate the learned identity-attack rules.
    group_vocab: list[str] = []
    #: Vocabulary lists of party names: a party is never a person (names are never "targets").
    party_vocab: list[str] = []
    #: The council's own names for people, teams and rules, used by rule wording (see Council).
    #: A pack that extends another and writes this block replaces the parent's block whole.
    council: Council | None = None

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, v: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {v!r} (expected an IANA name such as Europe/London)") from None
        return v


class PackSource(Strict):
    title: str
    issued_by: str
    date: str
    note: str | None = None


class Extends(Strict):
    """What a pack takes from the pack it extends.

    ``extends: leeds-2019`` is short for ``{pack: leeds-2019}``: every rule, clause, checklist
    question, vocab list and setting is inherited; the pack's own files add to them or replace
    them (a rule file with ``overrides:`` changes one rule, a clause or checklist question with
    the same id replaces the parent's, a vocab list with the same name replaces the parent's,
    and a setting given replaces the parent's).
    """

    #: The parent: a shipped pack's name, or a folder relative to this pack's folder.
    pack: str = Field(..., min_length=1)
    #: ``inherit``: the parent's clauses and checklist, plus this pack's. ``own``: this pack's
    #: guidance is a different text, so only its own clauses and checklist; every rule kept
    #: must then cite one of them (an ``overrides:`` file sets its ``clause``).
    clauses: Literal["inherit", "own"] = "inherit"
    #: ``all``: every parent rule not disabled. ``overridden``: only the parent rules this pack
    #: has an ``overrides:`` file for (a new parent rule then never arrives unreviewed).
    rules: Literal["all", "overridden"] = "all"
    #: Parent rules (code, name or former name) this pack does not take.
    disable: list[str] = []


class PackManifest(Strict):
    id: str = Field(..., pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str
    title: str
    source: PackSource
    #: The pack this one builds on; see Extends.
    extends: Extends | None = None
    settings: Settings = Settings()
    #: Required unless the pack extends another and inherits its clauses.
    clauses: list[ClauseSpec] = []
    checklist: list[ChecklistItem] = []

    @field_validator("extends", mode="before")
    @classmethod
    def _extends_by_name(cls, v: object) -> object:
        return {"pack": v} if isinstance(v, str) else v

    @model_validator(mode="after")
    def _clauses_needed(self) -> PackManifest:
        if not self.clauses and (self.extends is None or self.extends.clauses == "own"):
            raise ValueError("clauses: a pack needs at least one clause of its own unless it extends another and inherits its clauses")
        return self

    @field_validator("clauses")
    @classmethod
    def _unique_clauses(cls, v: list[ClauseSpec]) -> list[ClauseSpec]:
        seen: set[str] = set()
        for c in v:
            if c.id in seen:
                raise ValueError(f"duplicate clause id {c.id!r}")
            seen.add(c.id)
        return v
