"""The pair features the calibrated pair model reads (``PAIR_FEATURES`` order).

Besides the sentence cosine and the words' alignment, a pair of news rewrites needs signals
that tell a paraphrase (the same facts in other words or another language) from a change
of meaning or from a pair that shares no fact:

- the language pairing: e5's cosines of faithful translations sit lower across languages
  than within one, so the same cosine means less drift across languages;
- the numbers and names both sides state (a shared rare number or name is a shared fact;
  numbers and names only one side states are another fact, or a changed one);
- the conflicts a detector is sure of (a number, a time, a negation flip).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

import numpy as np

from drift.align.numbers import numbers
from drift.score.detectors.name_variant import capitalised_inside
from drift.score.vocab import FACT_CONFLICT_TYPES
from drift.types import Difference, Side

if TYPE_CHECKING:
    from drift.score.words import TextVectors

PAIR_FEATURES = (
    "log_distance",  # log(1 - sentence cosine): e5's cosines crowd near 1, the log spreads them
    "align_mean_low",  # mean two-layer DiffAlign of the side with the lower mean
    "align_mean_high",  # ... of the side with the higher mean
    "align_max",  # highest two-layer DiffAlign of a word on either side
    "length_ratio",  # |log(words in a / words in b)|
    "cross_lingual",  # 1 when the sides' languages differ
    "shared_facts",  # log(1 + numbers and names both sides state)
    "unshared_facts",  # log(1 + numbers and names only one side states)
    "sure_conflicts",  # log(1 + number, time and negation conflicts a detector is sure of)
)
# A word, or a difference, counts when it is more likely than not to differ.
DIFFERS = 0.5


def pair_features(
    a: Side, b: Side, va: "TextVectors", vb: "TextVectors", d_a: np.ndarray, d_b: np.ndarray, typed: Sequence[Difference]
) -> np.ndarray:
    """The features of one pair, shape ``(len(PAIR_FEATURES),)``.

    ``va``/``vb`` are the sides' vectors, ``d_a``/``d_b`` their words' two-layer DiffAlign
    (``drift.score.pair.word_alignment``), ``typed`` the detectors' differences.
    """
    cosine = float(va.sentence @ vb.sentence)
    means = sorted([_mean(d_a), _mean(d_b)])
    top = float(np.concatenate([d_a, d_b]).max()) if len(d_a) + len(d_b) else 1.0
    length_ratio = abs(np.log(max(len(va.spans), 1) / max(len(vb.spans), 1)))
    facts_a, facts_b = facts(a.text), facts(b.text)
    conflicts = sum(d.type in FACT_CONFLICT_TYPES and d.score > DIFFERS for d in typed)
    return np.array([
        # 1e-6: the distance of two identical texts, whose float cosine may round to 1.
        np.log(max(1.0 - cosine, 1e-6)),
        *means,
        top,
        length_ratio,
        float(a.language != b.language),
        np.log1p(len(facts_a & facts_b)),
        np.log1p(len(facts_a ^ facts_b)),
        np.log1p(conflicts / 2),  # a conflict marks one span on each side
    ])


@lru_cache(maxsize=1024)
def facts(text: str) -> frozenset[str]:
    """The numbers and the names (words capitalised inside a sentence) of ``text``, folded
    (cached: a side is in a pair with each other version of its unit)."""
    return frozenset(numbers(text)) | capitalised_inside(text)


def _mean(values: np.ndarray) -> float:
    """The mean, or 1 for a side without words (everything on the other side differs)."""
    return float(np.mean(values)) if len(values) else 1.0
