"""Word coverage of candidate beads: how much of each side's wording the other side carries.

Sentence vectors blur a sentence whose halves belong to two beads, and a short line next
to a long one barely moves a group vector. Word vectors see both. For the a-b bead
(S, T), as in BERTScore (Zhang et al. 2020) but across languages: recall is the mean, over
the content words w of S, of the best rescaled similarity of w to a word of any sentence
of T; precision likewise from T; F is their harmonic mean. Similarities are rescaled
against each word's own baseline, BERTScore's (x - b) / (1 - b) clipped at 0, with ``b``
the mean of w's best cosine over all the sentences the band lets it meet (most of them
unrelated), so unrelated words add nothing. Word vectors are centred on their side's mean
word vector first (the model's cone, as for sentences in `drift.align.bitext.dp`; without
centring the term gave no gain on Text+Berg dev).

The term added to a bead's score is F times the bead's words over the mean words of one
source plus one target sentence. Weighting F by the content it covers keeps the DP's sum
additive: an unweighted F pays two 1-1 beads twice for what one 2-2 bead covers (the
programme then splits: Text+Berg dev strict F1 0.881), a weight per sentence pays for
swallowing neighbours. Weight 1, the only constant (0.5 and 2 both scored lower on dev).
Text+Berg dev strict F1, monotonic 0.879 -> 0.897, shuffled in blocks of 8 and aligned
order-free 0.849 -> 0.867.

Cost, per band: each sentence against the sentences of the other side it can meet, in
batches of `CHUNK` sentences (one product each), then per window length a running max
and a sum per sentence; tables of (sentences, max side, band width) floats. About 0.15 s
for the 468 x 554 lines of Text+Berg dev.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from drift.align.vectors import centre_words

CHUNK = 16  # sentences of one side per batched product


class WordCoverage:
    """Coverage of every bead the band allows.

    src_words[i]: (k_i, d) unit vectors of the content words of source sentence i (k_i may
    be 0), likewise tgt_words; lo, hi: the band of `drift.align.bitext.dp.band` (per DP row i,
    target cells lo[i]..hi[i]); size: the largest side of a bead.
    """

    def __init__(
        self,
        src_words: Sequence[np.ndarray],
        tgt_words: Sequence[np.ndarray],
        lo: np.ndarray,
        hi: np.ndarray,
        size: int,
    ) -> None:
        n, m = len(src_words), len(tgt_words)
        src_c, tgt_c = centre_words(src_words), centre_words(tgt_words)
        src_reach, tgt_reach = _reach(lo, hi, n, m, size)
        self._recall = _Sums(src_c, tgt_c, src_reach, size)
        self._precision = _Sums(tgt_c, src_c, tgt_reach, size)
        src_count = np.array([len(w) for w in src_words], dtype=np.float64)
        tgt_count = np.array([len(w) for w in tgt_words], dtype=np.float64)
        self._src_cum = np.concatenate([[0.0], np.cumsum(src_count)])
        self._tgt_cum = np.concatenate([[0.0], np.cumsum(tgt_count)])
        self._unit = max(src_count.mean() + tgt_count.mean(), 1e-9)

    def block(self, rows: np.ndarray, cols: np.ndarray):
        """The term of each bead type at the DP cells rows x cols: a function of (a, b)
        giving an (R, C) array (0 where a bead would start before sentence 0)."""
        return lambda a, b: self.term(a, b, rows, cols)

    def term(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """F times the bead's words over the unit, for the a-b beads ending at DP cells
        rows x cols (1-based: the bead joins src [i - a, i) and tgt [j - b, j)); (R, C)."""
        n, m = len(self._src_cum) - 1, len(self._tgt_cum) - 1
        if a > n or b > m:
            return np.zeros((len(rows), len(cols)), dtype=np.float32)
        i = np.clip(rows, a, n)[:, None]  # cells where the bead would not fit score -inf anyway
        j = np.clip(cols, b, m)[None, :]
        src_words = self._src_cum[i] - self._src_cum[i - a]
        tgt_words = self._tgt_cum[j] - self._tgt_cum[j - b]
        recall = sum(self._recall.get(i - 1 - k, b, j) for k in range(a)) / np.maximum(src_words, 1e-9)
        precision = sum(self._precision.get(j - 1 - k, a, i) for k in range(b)) / np.maximum(tgt_words, 1e-9)
        total = recall + precision
        f = np.where(total > 0, 2 * recall * precision / np.where(total > 0, total, 1.0), 0.0)
        return (f * (src_words + tgt_words) / self._unit).astype(np.float32)


def _reach(lo: np.ndarray, hi: np.ndarray, n: int, m: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence of each side, the range [first, last) of sentences of the other side
    that a band bead holding it can hold, as (n, 2) and (m, 2) arrays."""
    src = np.tile(np.array([m, 0], dtype=np.int64), (n, 1))
    tgt = np.tile(np.array([n, 0], dtype=np.int64), (m, 1))
    for i in range(1, n + 1):
        s0, s1 = max(0, i - size), i
        t0, t1 = max(0, int(lo[i]) - size), min(m, int(hi[i]))
        if t0 >= t1:
            continue
        src[s0:s1, 0] = np.minimum(src[s0:s1, 0], t0)
        src[s0:s1, 1] = np.maximum(src[s0:s1, 1], t1)
        tgt[t0:t1, 0] = np.minimum(tgt[t0:t1, 0], s0)
        tgt[t0:t1, 1] = np.maximum(tgt[t0:t1, 1], s1)
    src[:, 1] = np.maximum(src[:, 1], src[:, 0])
    tgt[:, 1] = np.maximum(tgt[:, 1], tgt[:, 0])
    return src, tgt


class _Sums:
    """``get(s, b, e)``: the sum over the words of sentence s of one side of their best
    rescaled similarity to a word of the other side's sentences [e - b, e); 0 outside s's
    reach. Stored per sentence from the first sentence it reaches: (len(A), size, width + 1).
    """

    def __init__(self, a: Sequence[np.ndarray], b: Sequence[np.ndarray], reach: np.ndarray, size: int) -> None:
        self.first = reach[:, 0]
        width = int((reach[:, 1] - reach[:, 0]).max(initial=0))
        self.table = np.zeros((len(a), size, width + 1), dtype=np.float32)
        counts_a = np.array([len(w) for w in a], dtype=np.int64)
        counts_b = np.array([len(w) for w in b], dtype=np.int64)
        dim = next((w.shape[1] for w in [*a, *b] if len(w)), 0)
        for s0 in range(0, len(a), CHUNK):
            s1 = min(len(a), s0 + CHUNK)
            c0, c1 = int(reach[s0:s1, 0].min()), int(reach[s0:s1, 1].max())
            if c0 >= c1 or not counts_a[s0:s1].any():
                continue
            best = _best_per_sentence(a[s0:s1], b[c0:c1], counts_b[c0:c1], dim)  # (words, c1 - c0)
            owner = np.repeat(np.arange(s0, s1), counts_a[s0:s1])
            cols = np.arange(c0, c1)[None, :]
            own = (cols >= reach[owner, 0][:, None]) & (cols < reach[owner, 1][:, None]) & ~np.isnan(best)
            baseline = np.where(own, np.nan_to_num(best), 0.0).sum(axis=1) / np.maximum(own.sum(axis=1), 1)
            baseline = np.minimum(baseline, 1.0 - 1e-6)[:, None]
            rescaled = np.where(own, np.maximum((np.nan_to_num(best) - baseline) / (1.0 - baseline), 0.0), 0.0)
            starts = np.concatenate([[0], np.cumsum(counts_a[s0:s1])[:-1]])
            has = counts_a[s0:s1] > 0
            run = rescaled
            for size_b in range(1, size + 1):
                if size_b > 1:
                    run = np.maximum(run[:, :-1], rescaled[:, size_b - 1:])
                if run.shape[1] == 0:
                    break
                sums = np.zeros((s1 - s0, run.shape[1]), dtype=np.float32)
                sums[has] = np.add.reduceat(run, starts[has], axis=0)
                # window ending at e (exclusive) = columns e - size_b .. e - 1: e = c0 + size_b + col
                for s in range(s0, s1):
                    ends = np.arange(c0 + size_b, c1 + 1)
                    keep = (ends - size_b >= self.first[s]) & (ends <= reach[s, 1])
                    self.table[s, size_b - 1, ends[keep] - self.first[s]] = sums[s - s0, keep]

    def get(self, s: np.ndarray, b: int, e: np.ndarray) -> np.ndarray:
        """Broadcast lookup of `get` for index arrays s (rows) and e (columns)."""
        s, e = np.broadcast_arrays(s, e)
        valid = (s >= 0) & (s < self.table.shape[0])
        s_ok = np.where(valid, s, 0)
        col = e - self.first[s_ok]
        valid &= (col >= 0) & (col < self.table.shape[2])
        return np.where(valid, self.table[s_ok, b - 1, np.where(valid, col, 0)], 0.0)


def _best_per_sentence(a: Sequence[np.ndarray], b: Sequence[np.ndarray], counts_b: np.ndarray, dim: int) -> np.ndarray:
    """Each word of the sentences ``a`` against each sentence of ``b``: its best cosine with
    a word there, (words of a, len(b)); NaN for a sentence of b without words."""
    words_a = np.concatenate([*a, np.zeros((0, dim), np.float32)])
    out = np.full((len(words_a), len(b)), np.nan, dtype=np.float32)
    present = counts_b > 0
    if present.any() and len(words_a):
        sim = words_a @ np.concatenate([w for w in b if len(w)]).T
        starts = np.concatenate([[0], np.cumsum(counts_b[present])[:-1]])
        out[:, present] = np.maximum.reduceat(sim, starts, axis=1)
    return out
