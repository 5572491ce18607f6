"""Typed, rule-based drift detectors, one module per drift type, registered by name.

``get_detectors(names)`` returns them in ``ALL_TYPES`` order. To add a type: write a module
with a ``Detector`` subclass decorated by ``@register`` and import it below.
"""

from drift.score.detectors.base import ALL_TYPES, DETECTORS, WORD_ALIGNMENT_TYPES, Detector, get_detectors, register
from drift.score.detectors import (  # noqa: F401  (importing registers each detector)
    attribution,
    direction,
    entity,
    modality,
    name_variant,
    negation,
    number,
    quote_wording,
    time,
)

__all__ = ["ALL_TYPES", "DETECTORS", "WORD_ALIGNMENT_TYPES", "Detector", "get_detectors", "register"]
