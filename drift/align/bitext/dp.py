"""Pure numeric core of sentence alignment: unit vectors in, beads out. No I/O.

A *bead* is ``(src_ids, tgt_ids)``: 0-based sentence indices of the two sides that carry
the same content; an empty side is an omission or an addition. Every index of both sides
appears in exactly one bead.

Similarity space. Multilingual-e5 puts all sentences of one text in a narrow cone (cosines
of unrelated sentences around 0.8), which squeezes every score and makes a junk line cheap
to absorb into a bead. Each side is therefore centred on its own mean vector and
re-normalised before anything else (removing the common direction, as in Mu & Viswanath
2018, "All-but-the-top"; per-language centring also removes the language offset,
Libovický et al. 2020). Unrelated sentences then score about 0 and translations 0.5-0.9.

Monotonic mode follows Bertalign's two steps (Liu & Zhu 2022): a first dynamic programme
over 1-1 links, each worth its margin score when the target is among the source's top-k,
gives a path; its links that are also mutual best matches under the margin of Artetxe &
Schwenk (2019) become anchors. A second programme, in the band spanned by consecutive
anchors, aligns beads of up to ``max_align`` sentences in all, scored as in Bertalign:
cosine minus the mean similarity of the sentences around the bead, times a length penalty,
plus the pair's other evidence (`bead_evidence`): the same score on bags of the numbers
both sides share (`drift.align.numbers`) and the coverage of each side's words by the
other's (`drift.align.bitext.coverage`, monotonic mode only). Text+Berg dev strict F1, monotonic:
0.879 from sentence vectors, 0.883 with numbers, 0.897 with words, 0.896 with both.

Order-free mode recovers the target's order piecewise: a Viterbi pass over the target
(`source_track`) gives each sentence a source position on a track that advances
monotonically and pays one typical anchor margin per jump; the target is cut into pieces
of linked sentences the track keeps in order, the pieces are sorted by their median
source position, and the permuted pair is aligned monotonically and mapped back. Beads
without a positive margin and without two well-aligned neighbours are split (in rewrites
the programme's path runs through sentences that have no counterpart), and anchors left
unaligned are restored. On Text+Berg dev shuffled in blocks of 8 lines this gives strict
F1 0.849, 0.859 with numbers (monotonic alignment in the true order: 0.879, 0.883).
Auto mode takes order as preserved when most anchors lie on one increasing chain.

Vectors of merged groups: a run of consecutive sentences is represented by the normalised
sum of its sentences' unit vectors, centred like a sentence (`group_vectors`), not by
re-encoding the concatenated text as Bertalign does. Cost: one cumulative sum,
O(n * d * max_align) additions and (max_align - 1) extra (n, d) float32 arrays per side,
instead of (max_align - 1) * n extra encoder passes. Re-encoding did not help: with the
encoded concatenations (centred likewise) of every two, or two and three, neighbours in
place of the sums, Text+Berg dev strict F1 fell from 0.879 to 0.849 or 0.863 (a faithful
group vector lets a long sentence absorb a short neighbour; see `group_vectors` for the
same effect of length weights). `scripts/eval_textberg.py` runs Bertalign's own
algorithm, with all its encoded concatenations, as an in-run baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Protocol, Sequence

import numpy as np

from drift.align.bitext.coverage import WordCoverage
from drift.align.vectors import centre, knn_mean, margin_scores, mutual_best, normalize_rows

Bead = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class AlignConfig:
    """Settings of the aligner; each default comes from the paper named.

    max_align: most sentences of both sides together in one bead (Bertalign default 5, so
        1-4, 2-3, 3-2 and 4-1 are the largest beads).
    top_k: target candidates per source sentence in the first, 1-1 pass (Bertalign 3).
    window: sentences added on each side of the band between anchors (Bertalign 5).
    skip: score of a 1-0 or 0-1 bead (Bertalign -0.1).
    margin_k: neighbours in the margin score (Artetxe & Schwenk 2019 use k = 4).
    len_penalty: multiply bead scores by Bertalign's length penalty when lengths are given.
    """

    max_align: int = 5
    top_k: int = 3
    window: int = 5
    skip: float = -0.1
    margin_k: int = 4
    len_penalty: bool = True


# ---------------------------------------------------------------------------- helpers






def group_vectors(unit: np.ndarray, max_size: int) -> np.ndarray:
    """Centred vectors of runs of consecutive sentences, ``(max_size, n, d)``.

    unit: (n, d) unit sentence vectors of one side. ``out[a - 1, e]`` stands for the run of
    ``a`` sentences ending at ``e``: the normalised sum of their unit vectors, centred like
    a sentence (`centre`, with the side's mean sentence vector); zero where the run would
    start before sentence 0. Summing first and centring after keeps a group in the same
    space as a sentence; on Text+Berg dev it gave strict F1 0.879 against 0.873 for the
    sum of centred vectors. Weighting the sum by length (the mean-pooled vector of a
    concatenation is close to the token-weighted mean of its sentences' unnormalised
    vectors: cosine 0.943 against 0.921 to the real encoded concatenation, centred) scored
    lower, 0.864 to 0.874: a faithful vector lets a long sentence swallow a short neighbour.
    """
    n, d = unit.shape
    mean = unit.mean(axis=0) if n > 1 else np.zeros(d, dtype=np.float64)
    sums = run_sums(unit, max_size)
    out = np.zeros((max_size, n, d), dtype=np.float32)
    for a in range(1, min(max_size, n) + 1):
        out[a - 1, a - 1 :] = normalize_rows(normalize_rows(sums[a - 1, a - 1 :]) - mean)
    return out


def group_bags(bags: np.ndarray, max_size: int) -> np.ndarray:
    """Unit-length bags of runs, ``(max_size, n, V)``, laid out as in `group_vectors`: the
    sum of the sentences' bags (`drift.align.numbers`), normalised; a run without any
    number keeps a zero bag, so lines without numbers get neither bonus nor malus. Sums
    in float32 (bags are wide: one column per shared number): a column that is zero over a
    run stays exactly zero, since adding 0.0 leaves a running sum unchanged."""
    return normalize_rows(run_sums(bags, max_size, np.float32))


def group_lengths(lengths: np.ndarray, max_size: int) -> np.ndarray:
    """Lengths of runs, ``(max_size, n)``, laid out as in `group_vectors`."""
    return run_sums(lengths[:, None], max_size)[..., 0]


def run_sums(x: np.ndarray, max_size: int, dtype: type = np.float64) -> np.ndarray:
    """Sums of runs of consecutive rows, ``(max_size, n, d)``: ``out[a - 1, e]`` adds rows
    ``e - a + 1 .. e``; zero where the run would start before row 0."""
    n = x.shape[0]
    csum = np.zeros((n + 1, *x.shape[1:]), dtype=dtype)
    np.cumsum(x, axis=0, out=csum[1:])
    out = np.zeros((max_size, *x.shape), dtype=dtype)
    for a in range(1, min(max_size, n) + 1):
        out[a - 1, a - 1 :] = csum[a:] - csum[:-a]
    return out


def bead_types(max_align: int) -> list[tuple[int, int]]:
    """Bead shapes ``(src count, tgt count)``: 0-1, 1-0, then every a-b with a + b <= max."""
    types = [(0, 1), (1, 0)]
    types += [
        (a, b) for a in range(1, max_align) for b in range(1, max_align) if a + b <= max_align
    ]
    return types








def monotone_fraction(pairs: list[tuple[int, int]]) -> float:
    """Share of links on the longest chain increasing in both source and target order."""
    if not pairs:
        return 1.0
    tails: list[int] = []
    for _, j in sorted(pairs):
        pos = int(np.searchsorted(tails, j))
        if pos == len(tails):
            tails.append(j)
        else:
            tails[pos] = j
    return len(tails) / len(pairs)


Words = Sequence[np.ndarray]  # per sentence, (k, d) unit vectors of its content words


@dataclass(frozen=True)
class Pair:
    """Two sides ready to align: unit vectors (n, d), (m, d) as given, the same centred
    (`centre`), their cosines and margin scores (n, m), the anchors (confident 1-1 links:
    mutual best by margin, margin > 0), and optional evidence per sentence: character
    lengths (n,), (m,); number bags (n, V), (m, V) from `drift.align.numbers`; content-word
    vectors (`Words`)."""

    src_unit: np.ndarray
    tgt_unit: np.ndarray
    src: np.ndarray
    tgt: np.ndarray
    sim: np.ndarray
    margin: np.ndarray
    anchors: list[tuple[int, int]]
    src_lens: np.ndarray | None = None
    tgt_lens: np.ndarray | None = None
    src_bags: np.ndarray | None = None
    tgt_bags: np.ndarray | None = None
    src_words: Words | None = None
    tgt_words: Words | None = None

    @classmethod
    def build(
        cls,
        src: np.ndarray,
        tgt: np.ndarray,
        src_lens: np.ndarray | None = None,
        tgt_lens: np.ndarray | None = None,
        k: int = AlignConfig.margin_k,
        *,
        bags: tuple[np.ndarray, np.ndarray] | None = None,
        words: tuple[Words, Words] | None = None,
    ) -> "Pair":
        """src, tgt: (n, d), (m, d) unit vectors, both sides non-empty; bags, words: the
        optional evidence of both sides (see the class)."""
        src_c, tgt_c = centre(src), centre(tgt)
        sim = src_c @ tgt_c.T
        margin = margin_scores(sim, k)
        return cls(
            src, tgt, src_c, tgt_c, sim, margin, mutual_best(margin, 0.0), src_lens, tgt_lens,
            *(bags or (None, None)), *(words or (None, None)),
        )

    def permuted(self, perm: np.ndarray) -> "Pair":
        """The same pair with the target reordered as ``tgt[perm]`` (means and margins do
        not depend on order, so nothing is recomputed)."""
        rank = np.empty_like(perm)
        rank[perm] = np.arange(perm.size)
        return Pair(
            self.src_unit,
            self.tgt_unit[perm],
            self.src,
            self.tgt[perm],
            self.sim[:, perm],
            self.margin[:, perm],
            [(i, int(rank[j])) for i, j in self.anchors],
            self.src_lens,
            None if self.tgt_lens is None else self.tgt_lens[perm],
            self.src_bags,
            None if self.tgt_bags is None else self.tgt_bags[perm],
            self.src_words,
            None if self.tgt_words is None else [self.tgt_words[j] for j in perm],
        )

    def typical_margin(self) -> float:
        """The median margin of the anchors (0 without anchors): what one confident link
        is worth, the unit in which other evidence is weighed."""
        return float(np.median([self.margin[i, j] for i, j in self.anchors])) if self.anchors else 0.0


# ---------------------------------------------------------------- monotonic alignment


def align_monotonic(pair: Pair, config: AlignConfig = AlignConfig()) -> list[Bead]:
    """Two-pass alignment of two sides whose order is preserved; beads in order."""
    n, m = pair.sim.shape
    path = first_pass(np.maximum(pair.margin, 0.0), config.top_k)
    confident = set(pair.anchors)
    lo, hi = band([link for link in path if link in confident], n, m, config.window)
    size = config.max_align - 1
    use_len = config.len_penalty and pair.src_lens is not None and pair.tgt_lens is not None
    return second_pass(
        group_vectors(pair.src_unit, size),
        group_vectors(pair.tgt_unit, size),
        group_lengths(pair.src_lens, size) if use_len else None,
        group_lengths(pair.tgt_lens, size) if use_len else None,
        lo,
        hi,
        config,
        bead_evidence(pair, lo, hi, size),
    )


class BeadEvidence(Protocol):
    """Evidence added to the score of every a-b bead of the second pass."""

    def block(self, rows: np.ndarray, cols: np.ndarray) -> Callable[[int, int], np.ndarray]:
        """For the DP cells rows x cols (1-based, consecutive), a function of the bead
        shape (a, b) giving its (R, C) term."""
        ...


@dataclass(frozen=True)
class SharedNumbers:
    """Bertalign's bead score (`_Block.scores`) computed on the number bags of the two
    groups (`group_bags`) in place of their vectors, times ``weight``."""

    src: np.ndarray  # (max_size, n, V)
    tgt: np.ndarray  # (max_size, m, V)
    weight: float

    def block(self, rows: np.ndarray, cols: np.ndarray) -> Callable[[int, int], np.ndarray]:
        scores = _Block(self.src, self.tgt, rows, cols).scores
        return lambda a, b: self.weight * scores(a, b)


def bead_evidence(pair: Pair, lo: np.ndarray, hi: np.ndarray, size: int) -> list[BeadEvidence]:
    """The evidence the pair carries beyond sentence vectors, for beads of up to ``size``
    sentences a side in the band lo, hi: shared numbers (`drift.align.numbers`), weighted
    by `Pair.typical_margin` so that a perfect match of rare numbers is worth one confident
    link, and word coverage (`drift.align.bitext.coverage`)."""

    out: list[BeadEvidence] = []
    if pair.src_bags is not None and pair.tgt_bags is not None and pair.src_bags.shape[1] and pair.anchors:
        out.append(SharedNumbers(group_bags(pair.src_bags, size), group_bags(pair.tgt_bags, size), pair.typical_margin()))
    if pair.src_words is not None and pair.tgt_words is not None:
        out.append(WordCoverage(pair.src_words, pair.tgt_words, lo, hi, size))
    return out


def first_pass(gain: np.ndarray, top_k: int) -> list[tuple[int, int]]:
    """Bertalign's first pass: best monotone chain of 1-1 links, each worth ``gain`` when
    the target is among the source's ``top_k`` best, else nothing.

    gain: (n, m), non-negative. Returns 0-based links ``(i, j)`` in order.
    """
    n, m = gain.shape
    kept = np.zeros((n, m), dtype=np.float32)
    k = min(top_k, m)
    top = np.argpartition(-gain, k - 1, axis=1)[:, :k]
    rows = np.arange(n)[:, None]
    kept[rows, top] = gain[rows, top]
    cost = np.zeros((n + 1, m + 1), dtype=np.float32)
    for i in range(1, n + 1):
        prev = cost[i - 1]
        cand = prev.copy()
        cand[1:] = np.maximum(prev[1:], prev[:-1] + kept[i - 1])
        np.maximum.accumulate(cand, out=cost[i])
    links = []
    i, j = n, m
    while i > 0 and j > 0:
        if cost[i, j - 1] >= cost[i, j]:
            j -= 1
        elif cost[i - 1, j] >= cost[i, j]:
            i -= 1
        else:
            links.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return links[::-1]


def band(links: list[tuple[int, int]], n: int, m: int, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Per DP row ``i`` in 0..n, the target cells ``lo[i]..hi[i]`` the second pass visits.

    Rows between two anchors see the target range between them, widened by ``window``
    on each side (Bertalign's search path, with anchors in place of all first-pass links).
    """
    points = [(i + 1, j + 1) for i, j in links if i + 1 < n and j + 1 < m] + [(n, m)]
    lo = np.zeros(n + 1, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    prev_i, prev_j = 0, 0
    for i, j in points:
        lo[prev_i + 1 : i + 1] = max(0, prev_j - window)
        hi[prev_i + 1 : i + 1] = min(m, j + window)
        prev_i, prev_j = i, j
    lo[0], hi[0] = 0, (hi[1] if n else m)
    return lo, hi


class _Block:
    """The products that score every bead type at the DP cells ``rows`` x ``cols``.

    rows, cols: consecutive 1-based DP cells; the bead of a-b sentences at (i, j) joins
    src ``[i - a, i)`` and tgt ``[j - b, j)``. Per block: the group vectors ending there,
    their cosines with every sentence that can neighbour such a bead on the other side
    (one batched product per side), then one product per bead type in `scores`.
    """

    def __init__(self, src_groups: np.ndarray, tgt_groups: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> None:
        size, n, _ = src_groups.shape
        m = tgt_groups.shape[1]
        self.n, self.m, self.rows, self.cols = n, m, rows, cols
        self.src, self.tgt = src_groups[:, rows - 1], tgt_groups[:, cols - 1]
        # neighbours: sentences j - b - 1 (b <= size) and j on the target side, likewise source
        self.t0, self.s0 = int(cols[0]) - size - 1, int(rows[0]) - size - 1
        t_near = tgt_groups[0, np.clip(np.arange(self.t0, cols[-1] + 1), 0, m - 1)]
        s_near = src_groups[0, np.clip(np.arange(self.s0, rows[-1] + 1), 0, n - 1)]
        self.src_on_tgt = self.src @ t_near.T  # (size, R, C + size + 1)
        self.tgt_on_src = self.tgt @ s_near.T  # (size, C, R + size + 1)

    def scores(self, a: int, b: int, factor: np.ndarray | None = None) -> np.ndarray:
        """Bertalign's score of the a-b beads (Liu & Zhu 2022), ``(R, C)``: cosine of the
        group vectors minus the mean of both groups' mean cosine with the sentences just
        before and after the other group, times ``factor`` (R, C) if given; ``-inf`` where
        a bead would start before sentence 0."""
        rows, cols = self.rows, self.cols
        near_t = _neighbour_mean(self.src_on_tgt[a - 1], cols - b - 1, cols, self.t0, self.m)
        near_s = _neighbour_mean(self.tgt_on_src[b - 1], rows - a - 1, rows, self.s0, self.n).T
        score = self.src[a - 1] @ self.tgt[b - 1].T - (near_t + near_s) / 2
        if factor is not None:
            score = score * factor
        score[(rows < a)[:, None] | (cols < b)[None, :]] = -np.inf
        return score


def _neighbour_mean(sims: np.ndarray, left: np.ndarray, right: np.ndarray, first: int, size: int) -> np.ndarray:
    """Mean of ``sims[:, left - first]`` and ``sims[:, right - first]`` per column, leaving
    out a neighbour index outside ``[0, size)``; (R, C)."""
    has_l, has_r = left >= 0, right < size
    total = np.where(has_l, sims[:, left - first], 0.0) + np.where(has_r, sims[:, right - first], 0.0)
    return total / np.maximum(has_l.astype(np.float32) + has_r, 1.0)


def length_penalty(src_glens: np.ndarray, tgt_glens: np.ndarray, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Bertalign's length factor log2(1 + short / long) of the a-b beads at rows x cols,
    target lengths scaled by the ratio of the two sides' total lengths; (R, C)."""
    ratio = src_glens[0].sum() / max(tgt_glens[0].sum(), 1.0)
    ls = src_glens[a - 1, rows - 1][:, None]
    lt = tgt_glens[b - 1, cols - 1][None, :] * ratio
    return np.log2(1 + np.minimum(ls, lt) / np.maximum(np.maximum(ls, lt), 1e-9))


# DP rows scored per dense block: small enough that a block's (rows x band columns)
# tables stay a few MB when the band is narrow, large enough that a 60-sentence pair is
# one block (a dev measurement of `scripts/bench_align.py`).
BLOCK_ROWS = 64


def band_scores(
    src_groups: np.ndarray,
    tgt_groups: np.ndarray,
    src_glens: np.ndarray | None,
    tgt_glens: np.ndarray | None,
    types: list[tuple[int, int]],
    cols: np.ndarray,
    inside: np.ndarray,
    skip: float,
    evidence: Sequence[BeadEvidence] = (),
) -> np.ndarray:
    """Score of each bead type ending at each band cell, ``(n + 1, len(types), width)``:
    ``skip`` for 1-0 beads, `_Block.scores` (times `length_penalty` when lengths are given)
    plus each term of ``evidence`` for a-b beads, ``-inf`` outside the band and for 0-1
    beads (chained in `second_pass`).

    cols: (n + 1, width) target cell of each band slot; inside: which slots are in the band.
    """
    n = src_groups.shape[1]
    out = np.full((n + 1, len(types), cols.shape[1]), -np.inf, dtype=np.float32)
    out[1:, types.index((1, 0))] = skip
    for r0 in range(1, n + 1, BLOCK_ROWS):
        r1 = min(n + 1, r0 + BLOCK_ROWS)
        band = inside[r0:r1]
        c0, c1 = max(int(cols[r0:r1][band].min()), 1), int(cols[r0:r1][band].max()) + 1
        if c0 >= c1:
            continue
        ok = band & (cols[r0:r1] >= c0)
        r_idx = np.nonzero(ok)[0]
        c_idx = (cols[r0:r1] - c0)[ok]
        block = _Block(src_groups, tgt_groups, np.arange(r0, r1), np.arange(c0, c1))
        terms = [e.block(block.rows, block.cols) for e in evidence]
        for t, (a, b) in enumerate(types):
            if a and b:
                factor = None
                if src_glens is not None and tgt_glens is not None:
                    factor = length_penalty(src_glens, tgt_glens, a, b, block.rows, block.cols)
                score = block.scores(a, b, factor)
                for term in terms:
                    score += term(a, b)
                out[r0:r1, t][ok] = score[r_idx, c_idx]
    return out


def second_pass(
    src_groups: np.ndarray,
    tgt_groups: np.ndarray,
    src_glens: np.ndarray | None,
    tgt_glens: np.ndarray | None,
    lo: np.ndarray,
    hi: np.ndarray,
    config: AlignConfig,
    evidence: Sequence[BeadEvidence] = (),
) -> list[Bead]:
    """Banded DP over beads of up to ``max_align`` sentences (Bertalign's second pass).

    src_groups: (max_align - 1, n, d) from `group_vectors`, likewise tgt_groups; *_glens:
    run lengths from `group_lengths`, or None for no length penalty; lo, hi: the band;
    evidence: terms added to every a-b bead's score (`bead_evidence`).
    Bead scores are computed for every band cell up front (`band_scores`); each DP row
    then takes all bead types at once (one gather, one argmax), and chains 0-1 beads
    along the row with a running maximum.
    """
    n, m = src_groups.shape[1], tgt_groups.shape[1]
    types = bead_types(config.max_align)
    src_step = np.array([a for a, _ in types])[:, None]
    tgt_step = np.array([b for _, b in types])[:, None]
    width = int((hi - lo).max()) + 1
    offsets = np.arange(width)
    cols = lo[:, None] + offsets[None, :]  # (n + 1, width) target cell of each band slot
    inside = cols <= hi[:, None]
    scores = band_scores(src_groups, tgt_groups, src_glens, tgt_glens, types, cols, inside, config.skip, evidence)
    # row n + 1 and column m + 1 stay -inf: the cell a bead from outside the table leaves
    cost = np.full((n + 2, m + 2), -np.inf, dtype=np.float64)
    back = np.zeros((n + 1, m + 1), dtype=np.int8)
    chain = config.skip * offsets
    slots = np.arange(width)
    for i in range(n + 1):
        js = np.where(inside[i], cols[i], m + 1)
        prev_j = js[None, :] - tgt_step
        prev = cost[np.where(i >= src_step, i - src_step, n + 1), np.where(prev_j >= 0, prev_j, m + 1)]
        cand = prev + scores[i]
        arg = cand.argmax(axis=0).astype(np.int8)
        best = cand[arg, slots]
        if i == 0:
            best[js == 0] = 0.0
        # 0-1 beads chain along the row: best[j] = max over j' <= j of best[j'] + skip*(j-j')
        chained = np.maximum.accumulate(best - chain) + chain
        insert = np.zeros(width, dtype=bool)
        insert[1:] = chained[:-1] + config.skip > best[1:]
        best[insert] = chained[:-1][insert[1:]] + config.skip
        arg[insert] = 0
        valid = inside[i]
        cost[i, js[valid]] = best[valid]
        back[i, js[valid]] = arg[valid]
    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = types[back[i, j]]
        beads.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return beads[::-1]


# --------------------------------------------------------------- order-free alignment


def source_track(gain: np.ndarray, reach: int, jump: float) -> np.ndarray:
    """Source position of each target sentence on the best piecewise-monotone track.

    gain: (n, m), non-negative worth of putting target j at source i. Walking the target in
    its own order, each sentence either continues the track (0 to ``reach`` source
    sentences past the previous one: a bead may share a source sentence, skip a few) for
    free, or jumps anywhere for ``jump``. Viterbi over (target, source); returns (m,)
    source indices. Sentences with no counterpart gain nothing and simply follow their
    target neighbours: rewrites move paragraphs, not single lines.
    """
    n, m = gain.shape
    score = gain[:, 0].astype(np.float64)
    back = np.zeros((m, n), dtype=np.int64)
    src = np.arange(n)
    for j in range(1, m):
        best, arg = score.copy(), src.copy()
        for step in range(1, reach + 1):
            moved = np.full(n, -np.inf)
            moved[step:] = score[:-step]
            better = moved > best
            best[better], arg[better] = moved[better], src[better] - step
        top = int(score.argmax())
        jumped = best < score[top] - jump
        best[jumped], arg[jumped] = score[top] - jump, top
        score, back[j] = best + gain[:, j], arg
    track = np.zeros(m, dtype=np.int64)
    track[-1] = int(score.argmax())
    for j in range(m - 1, 0, -1):
        track[j - 1] = back[j, track[j]]
    return track


def target_order(pair: Pair, reach: int) -> np.ndarray:
    """A permutation of the target that puts its pieces in source order.

    The gain of a link is its positive margin; a jump of `source_track` costs the median
    margin of the anchors, so one typical confident link must pay for a break. Pieces are
    runs of linked sentences (positive gain on the track) kept in order by the track;
    unlinked sentences between two pieces go to the side they resemble (`_cut`), and the
    pieces are sorted by the median source position of their links (ties keep target
    order). Returns ``perm`` with ``tgt[perm]`` in source order.
    """
    m = pair.sim.shape[1]
    if not pair.anchors:
        return np.arange(m)
    jump = pair.typical_margin()
    gain = np.maximum(pair.margin, 0.0)
    track = source_track(gain, reach, jump)
    # pieces: runs of linked sentences whose track advances 0 to ``reach`` from one to the
    # next; splitting an ordered stretch costs nothing (its pieces sort back in place),
    # while a piece drifting across zero-gain lines into another block would misplace it
    linked = np.nonzero(gain[track, np.arange(m)] > 0)[0]
    step = np.diff(track[linked])
    breaks = np.nonzero((step < 0) | (step > reach))[0] + 1
    ends = [
        (j[0], j[-1], float(np.median(track[j])))
        for j in np.split(linked, breaks)
        if j.size
    ]
    if len(ends) < 2:
        return np.arange(m)
    links = [((int(track[first]), int(first)), (int(track[last]), int(last))) for first, last, _ in ends]
    starts = [0] + [_cut(pair.sim, a[1], b[0], reach) for a, b in zip(links, links[1:])] + [m]
    pieces = sorted(range(len(links)), key=lambda r: (ends[r][2], r))
    return np.concatenate([np.arange(starts[r], starts[r + 1]) for r in pieces])


def _cut(sim: np.ndarray, left: tuple[int, int], right: tuple[int, int], reach: int) -> int:
    """Where the target stretch between two pieces splits: the first target index of the
    right piece, chosen so each stretch sentence goes to the piece whose source sentences
    near the link it resembles most."""
    (i_l, j_l), (i_r, j_r) = left, right
    between = np.arange(j_l + 1, j_r)
    if between.size == 0:
        return j_r
    near_l = sim[i_l : i_l + reach + 1, between].max(axis=0)
    near_r = sim[max(0, i_r - reach) : i_r + 1, between].max(axis=0)
    # total affinity when the first c stretch sentences go left, for c = 0..len
    gain = np.concatenate([[0.0], np.cumsum(near_l - near_r)])
    return int(j_l + 1 + np.argmax(gain))


def centred_groups(unit: np.ndarray, groups: list[tuple[int, ...]]) -> np.ndarray:
    """Vectors of sentence groups, ``(len(groups), d)``, made as in `group_vectors`
    (normalised sum of the unit vectors, centred on the side's mean); indices need not
    be consecutive."""
    n, d = unit.shape
    mean = unit.mean(axis=0) if n > 1 else np.zeros(d, dtype=np.float64)
    sums = np.stack([unit[list(g)].sum(axis=0) for g in groups]) if groups else np.zeros((0, d))
    return normalize_rows(normalize_rows(sums) - mean)


def bead_margins(pair: Pair, beads: list[Bead], k: int) -> np.ndarray:
    """The margin score of `margin_scores` for beads with both sides, ``(len(beads),)``:
    cosine of the two group vectors minus the mean of each group's mean cosine with its k
    nearest (centred) sentences opposite."""
    g = centred_groups(pair.src_unit, [s for s, _ in beads])
    h = centred_groups(pair.tgt_unit, [t for _, t in beads])
    near_g = knn_mean(g @ pair.tgt.T, k, axis=1)
    near_h = knn_mean(h @ pair.src.T, k, axis=1)
    return (g * h).sum(axis=1) - (near_g + near_h) / 2


def prune(beads: list[Bead], pair: Pair, k: int) -> list[Bead]:
    """Split beads without support into 1-0 and 0-1 beads.

    beads: in the order the monotone programme found them. Needed in order-free mode: the
    programme's path passes through every sentence, and in rewrites many sentences have
    no counterpart. A bead is supported by a positive margin (`bead_margins`), or by its
    context: both neighbouring beads join two sides with a positive margin, so it sits
    inside a run the programme aligned well (short lines such as "Literatur :" have small
    margins of their own).
    """
    joined = [n for n, (s, t) in enumerate(beads) if s and t]
    good = np.zeros(len(beads) + 2, dtype=bool)  # padded: good[n + 1] is bead n
    if joined:
        good[np.array(joined) + 1] = bead_margins(pair, [beads[n] for n in joined], k) > 0
    out: list[Bead] = []
    for n, (s, t) in enumerate(beads):
        if not (s and t) or good[n + 1] or (good[n] and good[n + 2]):
            out.append((s, t))
        else:
            out.extend([((i,), ()) for i in s] + [((), (j,)) for j in t])
    return out


def link_leftovers(beads: list[Bead], links: list[tuple[int, int]]) -> list[Bead]:
    """Join unaligned source and target sentences that form an anchor (a confident 1-1
    link): content that moved alone, beyond the reach of any run."""
    lone_src = {s[0] for s, t in beads if not t}
    lone_tgt = {t[0] for s, t in beads if not s}
    joined = {i: j for i, j in links if i in lone_src and j in lone_tgt}
    if not joined:
        return beads
    taken = set(joined.values())
    out: list[Bead] = []
    for s, t in beads:
        if not t and s[0] in joined:
            out.append((s, (joined[s[0]],)))
        elif not (not s and t[0] in taken):
            out.append((s, t))
    return out


def align_free(pair: Pair, config: AlignConfig = AlignConfig()) -> list[Bead]:
    """Alignment that assumes no order: runs of the target are moved into source order,
    aligned monotonically, pruned (`prune`) and leftovers linked anywhere. Target indices
    inside a bead are sorted and need not be consecutive; beads sorted by source."""
    n, m = pair.sim.shape
    # no word coverage here: between rewrites, neighbouring sentences share names and topic
    # words, so the term pays for joining them (on the example story it grouped Peskov's
    # "sensitive subjects" with arms-transfer sentences); on Text+Berg shuffled it would
    # give 0.859 -> 0.872
    pair = replace(pair, src_words=None, tgt_words=None)
    perm = target_order(pair, config.max_align - 1)
    beads = align_monotonic(pair.permuted(perm), config)
    beads = [(s, tuple(sorted(int(perm[j]) for j in t))) for s, t in beads]
    beads = prune(beads, pair, config.margin_k)
    beads = link_leftovers(beads, pair.anchors)
    return sorted(beads, key=lambda bead: (bead[0][:1] or (n,), bead[1][:1] or (m,)))


# Order is taken as preserved when at least this share of the anchors lie on one chain
# increasing on both sides. Measured with multilingual-e5-small: 0.955 on the Text+Berg
# dev bitext (the rest are repeated captions matched to the wrong copy), 0.23 on the same
# text with the target shuffled in blocks of 8 lines, and 0.34-0.84 on the ten pairs of
# the example story's rewrites; 0.9 keeps every rewrite pair order-free.
MONOTONE_MIN_FRACTION = 0.9


def choose_mode(pair: Pair) -> str:
    """``"monotonic"`` if the pair's anchors keep one order, else ``"free"``."""
    return "monotonic" if monotone_fraction(pair.anchors) >= MONOTONE_MIN_FRACTION else "free"


def align(
    src: np.ndarray,
    tgt: np.ndarray,
    src_lens: np.ndarray | None = None,
    tgt_lens: np.ndarray | None = None,
    mode: str = "auto",
    config: AlignConfig = AlignConfig(),
    *,
    bags: tuple[np.ndarray, np.ndarray] | None = None,
    words: tuple[Words, Words] | None = None,
) -> tuple[list[Bead], str]:
    """Beads of two sides, and the mode that made them ("monotonic" or "free"). src, tgt:
    (n, d), (m, d) unit vectors; src_lens, tgt_lens: optional (n,), (m,) character
    lengths; mode: "auto", "free" or "monotonic"; bags, words: optional evidence of both
    sides (`Pair`)."""
    n, m = src.shape[0], tgt.shape[0]
    if n == 0 or m == 0:
        return [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)], "monotonic"
    pair = Pair.build(src, tgt, src_lens, tgt_lens, config.margin_k, bags=bags, words=words)
    if mode == "auto":
        mode = choose_mode(pair)
    return (align_monotonic(pair, config) if mode == "monotonic" else align_free(pair, config)), mode
