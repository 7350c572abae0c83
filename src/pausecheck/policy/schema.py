"""The policy-pack schema. Strict: an unknown key anywhere is an error.

A pack is ``pack.yaml`` (clauses, checklist, settings), ``rules/*.yaml`` (one rule per
file) and ``vocab/*.txt`` (word lists). Rules choose from a closed set of detector kinds,
so a council can add or change rules without writing Python.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pausecheck.post import Account

#: The closed list of rule categories (documented in the README).
CATEGORIES: tuple[str, ...] = (
    "insult",
    "discrimination",
    "threat",
    "obscenity",
    "defamation",
    "confidential",
    "personal_data",
    "casework",
    "predetermination",
    "capacity",
    "council_resources",
    "public_views_without_consent",
    "copyright",
    "haste",
    "links",
    "security",
    "meetings",
)
Category = Literal[
    "insult",
    "discrimination",
    "threat",
    "obscenity",
    "defamation",
    "confidential",
    "personal_data",
    "casework",
    "predetermination",
    "capacity",
    "council_resources",
    "public_views_without_consent",
    "copyright",
    "haste",
    "links",
    "security",
    "meetings",
]
TargetKind = Literal["second_person", "person", "handle", "role", "pronoun"]
SectionKind = Literal["do", "dont", "legal", "target", "code", "meetings"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class When(Strict):
    """Conditions on the post's context; every condition given must hold."""

    account: list[Account] | None = None
    in_meeting: bool | None = None
    has_images: bool | None = None
    has_links: bool | None = None
    platform: list[str] | None = None
    categories: list[Category] | None = None  # checklist only: shown when a finding has one


class PatternSpec(Strict):
    name: str
    regex: str
    score: float = Field(0.6, ge=0, le=1)


class Matcher(Strict):
    """Something to find in the post: terms, regexes, targets or entities (any of them)."""

    label: str | None = None
    terms: list[str] = []
    vocab: list[str] = []
    patterns: list[PatternSpec] = []
    targets: list[TargetKind] = []
    entities: list[str] = []

    @model_validator(mode="after")
    def _not_empty(self) -> Matcher:
        if not (self.terms or self.vocab or self.patterns or self.targets or self.entities):
            raise ValueError("a matcher needs at least one of terms, vocab, patterns, targets, entities")
        return self


class Modifier(Matcher):
    """A matcher that multiplies the score when found near the hit (``factor`` < 1 lowers it)."""

    factor: float = Field(..., ge=0, le=3)


Scope = Literal["sentence", "post", "window"]


class LexiconDetector(Strict):
    """Whole-word terms and phrases, matched on the normalised text (masks and leet undone)."""

    kind: Literal["lexicon"]
    terms: list[str] = []
    vocab: list[str] = []
    profanex: list[str] | None = None  # profanex lexicon categories to include, [] = all
    score: float = Field(0.7, ge=0, le=1)
    target: Literal["any", "required", "boost"] = "any"
    target_kinds: list[TargetKind] = ["second_person", "person", "handle", "role"]
    target_window: int = Field(8, ge=1, le=60)
    target_boost: float = Field(0.25, ge=0, le=1)
    skip_reported: bool = True
    replacements: dict[str, str] = {}
    modifiers: list[Modifier] = []
    allow: list[str] = []  # phrases that contain a term innocently ("blue tits", "Scunthorpe")

    @model_validator(mode="after")
    def _has_terms(self) -> LexiconDetector:
        if not (self.terms or self.vocab or self.profanex is not None):
            raise ValueError("a lexicon detector needs terms, vocab or profanex")
        return self


class PatternDetector(Strict):
    """Regular expressions with optional context words that raise the score."""

    kind: Literal["pattern"]
    patterns: list[PatternSpec] = Field(..., min_length=1)
    context: list[str] = []
    context_boost: float = Field(0.3, ge=0, le=1)
    context_window: int = Field(10, ge=1, le=60)
    validator: str | None = None
    case_sensitive: bool = False
    skip_reported: bool = True
    replacement: str | None = None
    modifiers: list[Modifier] = []


class CooccurrenceDetector(Strict):
    """An anchor that counts only when every ``requires`` matcher is found in the same scope."""

    kind: Literal["cooccurrence"]
    anchor: Matcher
    requires: list[Matcher] = []
    scope: Scope = "sentence"
    window: int = Field(12, ge=1, le=80)
    score: float = Field(0.7, ge=0, le=1)
    negation: bool = False  # a negation between anchor and requirement cancels the hit
    skip_reported: bool = True
    modifiers: list[Modifier] = []
    replacement: str | None = None


class EntityDetector(Strict):
    """Personal data found by Presidio and our UK recognisers."""

    kind: Literal["entity"]
    entities: list[str] = Field(..., min_length=1)
    min_score: float = Field(0.4, ge=0, le=1)
    allow: list[str] = []  # exact strings that are public (the council's switchboard)
    skip_reported: bool = False
    modifiers: list[Modifier] = []


class MetricDetector(Strict):
    """A measure of the whole post, e.g. the share of capital letters."""

    kind: Literal["metric"]
    measure: Literal["caps_ratio", "exclamations", "intensifiers"]
    min: float
    min_letters: int = 12
    terms: list[str] = []
    score: float = Field(0.6, ge=0, le=1)


class ContextDetector(Strict):
    """Facts about the post's context rather than its words."""

    kind: Literal["context"]
    late_night: bool = False
    in_meeting: bool | None = None
    has_images: bool | None = None
    account: list[Account] | None = None
    score: float = Field(0.8, ge=0, le=1)


class LinksDetector(Strict):
    """URLs whose destination is hidden (shorteners) or on the pack's deny-list."""

    kind: Literal["links"]
    check: Literal["shortener", "deny"]
    domains: list[str] = []  # adds to the pack settings' list
    score: float = Field(0.8, ge=0, le=1)


class ImageDetector(Strict):
    """Attached images: agency credits in their metadata, or any image at all."""

    kind: Literal["image"]
    check: Literal["agency_credit", "not_own"]
    agencies: list[str] = []
    score: float = Field(0.8, ge=0, le=1)


class ClassifierDetector(Strict):
    """A learned model head (arrives with the learned detectors)."""

    kind: Literal["classifier"]
    head: Literal["offensive", "insult", "identity_attack", "threat", "obscene"]
    model: str | None = None  # None: pausecheck.classifier.DEFAULT_MODEL
    min: float | None = Field(None, ge=0, le=1)  # None: the threshold calibrated on validation data
    skip_reported: bool = True
    # A person-directed head (insult, threat) counts only when the evidence sits in a sentence
    # that names or addresses someone: policy criticism ("this scheme is stupid") does not.
    target: Literal["any", "required"] = "any"
    target_kinds: list[TargetKind] = ["second_person", "person", "handle", "role", "pronoun"]


DetectorSpec = Annotated[
    Union[
        LexiconDetector,
        PatternDetector,
        CooccurrenceDetector,
        EntityDetector,
        MetricDetector,
        ContextDetector,
        LinksDetector,
        ImageDetector,
        ClassifierDetector,
    ],
    Field(discriminator="kind"),
]


class ExampleCase(Strict):
    text: str
    account: Account = "councillor"
    at: str | None = None
    in_meeting: bool = False
    platform: str | None = None
    images: list[str] = []


Example = Union[str, ExampleCase]


class Examples(Strict):
    fail: list[Example] = Field(..., min_length=3)
    pass_: list[Example] = Field(..., min_length=3, alias="pass")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ClauseRef(Strict):
    ref: str
    summary: str = Field(..., min_length=10)


class Rule(Strict):
    code: str = Field(..., pattern=r"^[A-Z]{2,5}-[A-Z]{2,5}-\d{3}$")
    name: str = Field(..., pattern=r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$", max_length=48)
    title: str
    status: Literal["stable", "preview", "deprecated"] = "stable"
    severity: Literal["block", "revise", "advise"]
    category: Category
    clause: ClauseRef
    also: list[str] = []
    threshold: float = Field(0.5, ge=0, le=1)
    when: When | None = None
    detectors: list[DetectorSpec] = Field(..., min_length=1)
    message: str
    why: str
    advice: str
    rewrite: str | None = None
    examples: Examples
    redirects: list[str] = []

    @property
    def clause_refs(self) -> tuple[str, ...]:
        return (self.clause.ref, *self.also)


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


class Settings(Strict):
    max_chars: int = Field(20_000, ge=1, le=200_000)
    timezone: str = "Europe/London"
    late_night: TimeWindow = TimeWindow()
    shorteners: list[str] = []
    deny_domains: list[str] = []
    recovery_vocab: list[str] = []
    role_vocab: list[str] = []


class PackSource(Strict):
    title: str
    issued_by: str
    date: str
    note: str | None = None


class PackManifest(Strict):
    id: str = Field(..., pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str
    title: str
    source: PackSource
    settings: Settings = Settings()
    clauses: list[ClauseSpec] = Field(..., min_length=1)
    checklist: list[ChecklistItem] = []

    @field_validator("clauses")
    @classmethod
    def _unique_clauses(cls, v: list[ClauseSpec]) -> list[ClauseSpec]:
        seen: set[str] = set()
        for c in v:
            if c.id in seen:
                raise ValueError(f"duplicate clause id {c.id!r}")
            seen.add(c.id)
        return v
