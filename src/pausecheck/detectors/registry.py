"""The one registry: detector kind -> implementation (which owns its options model).

The policy schema builds its union of detector specs from :data:`KINDS`, the loader names the
kinds from it, and the engine builds detectors through :func:`build`. Adding a kind is one
module and one line here; it is an API change, so it is deliberate.
"""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Field

from pausecheck.detectors.base import Detector, PackResources
from pausecheck.detectors.classifier import ClassifierKind
from pausecheck.detectors.context import ContextKind
from pausecheck.detectors.cooccurrence import CooccurrenceKind
from pausecheck.detectors.entity import EntityKind
from pausecheck.detectors.glossed import GlossedKind
from pausecheck.detectors.group_claim import GroupClaimKind
from pausecheck.detectors.image import ImageKind
from pausecheck.detectors.lexicon import LexiconKind
from pausecheck.detectors.links import LinksKind
from pausecheck.detectors.masked import MaskedKind
from pausecheck.detectors.metric import MetricKind
from pausecheck.detectors.options import KindOptions
from pausecheck.detectors.pattern import PatternKind

KINDS: dict[str, type[Detector]] = {
    k.kind: k
    for k in (
        LexiconKind,
        PatternKind,
        CooccurrenceKind,
        EntityKind,
        MetricKind,
        ContextKind,
        LinksKind,
        ImageKind,
        ClassifierKind,
        MaskedKind,
        GroupClaimKind,
        GlossedKind,
    )
}


def options_union() -> Any:
    """The pydantic type of one detector spec: a union of every kind's options, by ``kind``."""
    members = tuple(k.options for k in KINDS.values())
    return Annotated[Union[members], Field(discriminator="kind")]  # noqa: UP007 (built at run time)


def build(spec: KindOptions, pack: PackResources) -> Detector:
    """The detector for one spec of a rule."""
    return KINDS[spec.kind](spec, pack)
