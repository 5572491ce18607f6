"""Unit sentence and word vectors, centred on their side's mean: the aligner's and word
coverage's shared view of a side (see `drift.align.core`'s docstring for why centring helps)."""

from __future__ import annotations

import numpy as np


def normalize_rows(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return (x / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def centre(vecs: np.ndarray) -> np.ndarray:
    """Unit vectors minus their mean, re-normalised.

    A side of one sentence is left as it is: its mean is itself.
    """
    if vecs.shape[0] < 2:
        return normalize_rows(vecs)
    return normalize_rows(vecs - vecs.mean(axis=0, keepdims=True))
