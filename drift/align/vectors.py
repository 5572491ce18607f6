"""Numeric helpers on sentence vectors that both aligners use (`drift.align.bitext` for
bitext beads, `drift.align.story` for story units). Pure: arrays in, arrays out.

Multilingual-e5 puts all sentences of one text in a narrow cone (cosines of unrelated
sentences around 0.8); `centre` removes the common direction of a side (Mu & Viswanath 2018,
"All-but-the-top"; per-language centring also removes the language offset, Libovický et
al. 2020), so that unrelated sentences score about 0 and translations 0.5-0.9.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


def normalize_rows(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return (x / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def centre(vecs: np.ndarray) -> np.ndarray:
    """Unit vectors minus their mean, re-normalised (see the module docstring).

    A side of one sentence is left as it is: its mean is itself.
    """
    if vecs.shape[0] < 2:
        return normalize_rows(vecs)
    return normalize_rows(vecs - vecs.mean(axis=0, keepdims=True))


def knn_mean(sim: np.ndarray, k: int, axis: int) -> np.ndarray:
    """Mean of the ``k`` largest values along ``axis`` (k capped by the axis size)."""
    k = max(1, min(k, sim.shape[axis]))
    part = -np.partition(-sim, k - 1, axis=axis)
    return np.take(part, np.arange(k), axis=axis).mean(axis=axis)


def margin_scores(sim: np.ndarray, k: int) -> np.ndarray:
    """Artetxe & Schwenk (2019) distance margin: cos(x, y) minus the mean of the mean
    cosines of x and of y with their k nearest neighbours on the other side.

    Positive when the pair is closer than each member is, on average, to its k best
    candidates; the distance form is used because centred cosines can be negative, which
    rules out the ratio form.
    """
    if sim.size == 0:
        return sim
    return sim - (knn_mean(sim, k, axis=1)[:, None] + knn_mean(sim, k, axis=0)[None, :]) / 2


def mutual_best(score: np.ndarray, min_score: float = 0.0) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` that are each other's best by ``score``, with score > ``min_score``.

    Ties go to the lowest index (numpy's argmax), so an exact duplicate sentence never
    takes the match from its first occurrence.
    """
    if score.size == 0:
        return []
    best_tgt = score.argmax(axis=1)
    best_src = score.argmax(axis=0)
    return [
        (i, int(j))
        for i, j in enumerate(best_tgt)
        if best_src[j] == i and score[i, j] > min_score
    ]


def centre_words(words: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Word vectors of a side's sentences ((k_i, d) each) centred on the side's mean word
    vector (`centre` over all its words), split back into sentences."""
    vectors = [np.asarray(w, dtype=np.float32) for w in words]
    counts = [len(w) for w in vectors]
    if not sum(counts):
        return vectors
    return np.split(centre(np.concatenate(vectors)), np.cumsum(counts)[:-1])
