"""drift: multilingual translation-drift analysis.

Take the versions of one story, split them into sentences, align the sentences across
versions and score how far meaning drifted between aligned sentences.

Nothing heavy is imported here: models load on first use, once per process.
"""

from __future__ import annotations

__version__ = "0.1.0"

from drift.encoders import encode, get_encoder
from drift.errors import DriftError
from drift.types import Difference, Pair, Report, Sentence, Side, Story, Unit, Version

__all__ = [
    "__version__",
    "DriftError",
    "Pair",
    "Report",
    "encode",
    "get_encoder",
    "Difference",
    "Sentence",
    "Side",
    "Story",
    "Unit",
    "Version",
]
