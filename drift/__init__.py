"""drift: multilingual translation-drift analysis.

Take the versions of one story, split them into sentences, align the sentences across
versions and score how far meaning drifted between aligned sentences::

    import drift
    report = drift.analyze(drift.load_story("my-story"))
    pair = drift.compare("Kim left on Sunday evening.", "Kim left on a Sunday afternoon.")

Nothing heavy is imported here: every name below is imported on first use (module
``__getattr__``), and models load on first use, once per process.
"""

import typing

__version__ = "0.1.0"

if typing.TYPE_CHECKING:  # what the lazy names are, for type checkers and IDEs
    from drift.batch import run_batch
    from drift.encoders import encode, get_encoder
    from drift.errors import DriftError
    from drift.ingest import load_example, load_story, story_from_texts
    from drift.pipeline import AnalysisConfig, analyze
    from drift.report.json import load_report
    from drift.score.pair import compare, compare_many
    from drift.types import (
        Difference, Metrics, Pair, PairScore, Report, Sentence, Side, Story, Unit, Version, WordScore,
    )

# Public name -> the module that defines it.
_EXPORTS = {
    "analyze": "drift.pipeline",
    "AnalysisConfig": "drift.pipeline",
    "compare": "drift.score.pair",
    "compare_many": "drift.score.pair",
    "load_story": "drift.ingest",
    "load_example": "drift.ingest",
    "story_from_texts": "drift.ingest",
    "load_report": "drift.report.json",
    "run_batch": "drift.batch",
    "encode": "drift.encoders",
    "get_encoder": "drift.encoders",
    "DriftError": "drift.errors",
    "Difference": "drift.types",
    "Metrics": "drift.types",
    "Pair": "drift.types",
    "PairScore": "drift.types",
    "Report": "drift.types",
    "Sentence": "drift.types",
    "Side": "drift.types",
    "Story": "drift.types",
    "Unit": "drift.types",
    "Version": "drift.types",
    "WordScore": "drift.types",
}

__all__ = [
    "__version__",
    "analyze", "AnalysisConfig", "compare", "compare_many", "load_story", "load_example",
    "story_from_texts", "load_report", "run_batch", "encode", "get_encoder", "DriftError",
    "Difference", "Metrics", "Pair", "PairScore", "Report", "Sentence", "Side", "Story", "Unit",
    "Version", "WordScore",
]


def __getattr__(name: str) -> object:
    """Import a public name on first use (PEP 562), so ``import drift`` stays light."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'drift' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this hook
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


del typing
