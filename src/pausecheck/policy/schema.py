"""The policy-pack schema. Strict: an unknown key anywhere is an error.

A pack is ``pack.yaml`` (clauses, checklist, settings), ``rules/*.yaml`` (one rule per
file) and ``vocab/*.txt`` (word lists). Rules choose from a closed set of detector kinds,
so a council can add or change rules without writing Python.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from pausecheck._types import Account, Category, Severity
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
    ref: str
    summary: str = Field(..., min_length=10)


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
    #: gives for the head (rules whose detectors are all learned, e.g. ``classifier``).
    threshold: Annotated[float, Field(ge=0, le=1)] | Literal["calibrated"] = 0.5
    when: When | None = None
    detectors: list[DetectorSpec] = Field(..., min_length=1)
    message: str
    why: str
    advice: str
    rewrite: str | None = None
    examples: Examples
    redirects: list[str] = []

    @model_validator(mode="after")
    def _calibrated_needs_learned_detectors(self) -> Rule:
        if self.threshold == "calibrated":
            plain = [d.kind for d in self.detectors if not type(d).calibrated]
            if plain:
                raise ValueError(f"threshold 'calibrated' needs learned detectors only; {plain[0]!r} has no calibration")
        return self

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
    #: Vocabulary lists of party names: a party is never a person (names are never "targets").
    party_vocab: list[str] = []

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
