"""The one registry: detector kind -> implementation. Adding a kind is an API change."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pausecheck.detectors.base import Detector
from pausecheck.detectors.classifier import ClassifierKind
from pausecheck.detectors.context import ContextKind
from pausecheck.detectors.cooccurrence import CooccurrenceKind
from pausecheck.detectors.entity import EntityKind
from pausecheck.detectors.image import ImageKind
from pausecheck.detectors.lexicon import LexiconKind
from pausecheck.detectors.links import LinksKind
from pausecheck.detectors.metric import MetricKind
from pausecheck.detectors.pattern import PatternKind

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.policy.loader import Pack

Factory = Callable[[Any, "Pack"], Detector]

REGISTRY: dict[str, Factory] = {
    "lexicon": LexiconKind,
    "pattern": PatternKind,
    "cooccurrence": CooccurrenceKind,
    "entity": EntityKind,
    "metric": MetricKind,
    "context": ContextKind,
    "links": LinksKind,
    "image": ImageKind,
    "classifier": ClassifierKind,
}


def register(kind: str, factory: Factory) -> None:
    """Add or replace a detector kind (tests register fakes here)."""
    REGISTRY[kind] = factory


def build(spec: Any, pack: Pack) -> Detector:
    try:
        factory = REGISTRY[spec.kind]
    except KeyError:
        from pausecheck._exceptions import PackError

        raise PackError(f"detector kind {spec.kind!r} is not available in this installation") from None
    return factory(spec, pack)
