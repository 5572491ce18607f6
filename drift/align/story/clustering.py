"""Units from link probabilities: constrained average-linkage clustering. Pure; no I/O.

Nodes are the content sentences of all versions; ``prob[(a, b)][i, j]`` is the calibrated
probability that sentence i of version a and sentence j of version b carry the same fact
(`drift.align.story.calibration`). Clusters are merged best first while the *average*
probability over all their cross-version sentence pairs is at least ``threshold``
(average linkage, Sokal & Michener 1958): a unit must be supported by its links as a whole,
so one strong bridge cannot chain two groups whose other members do not match, and A~B,
B~C puts A, B and C in one unit only if A~C is not contradicted. Pairs of sentences of one
version carry no probability and do not count in the average; a unit may hold at most
``max_per_version`` sentences of one version (a version splits a fact over two or three
sentences, or repeats a paragraph; it does not scatter it). Sentences marked ``apart`` (the
versions' titles) only group with each other: a title names the story as a whole, and the
lead that tells its fact in full is no sentence of the title's unit.
"""

from __future__ import annotations

import heapq
from typing import Mapping, Sequence

import numpy as np

from drift.align.order import Node



def average_linkage(
    sizes: list[int],
    prob: Mapping[tuple[int, int], np.ndarray],
    threshold: float,
    max_per_version: int,
    split_threshold: float | None = None,
    apart: Sequence[np.ndarray] | None = None,
) -> list[list[Node]]:
    """Clusters of all nodes (each a sorted list; singletons included).

    sizes: content sentences per version; prob[(a, b)] for a < b: (sizes[a], sizes[b])
    probabilities; threshold: the least average probability of a merge; max_per_version:
    the most sentences of one version in a cluster; split_threshold: the least average
    probability of a merge that puts two sentences of one version in a cluster (default:
    threshold); apart: per version, (sizes[v],) bool, the sentences that group only with
    each other (default: none).
    """
    split_threshold = threshold if split_threshold is None else split_threshold
    floor = min(threshold, split_threshold)
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    total = int(offsets[-1])
    n_versions = len(sizes)
    sums = np.zeros((total, total), dtype=np.float64)
    for (a, b), p in prob.items():
        block = np.asarray(p, dtype=np.float64)
        sums[offsets[a]:offsets[a + 1], offsets[b]:offsets[b + 1]] = block
        sums[offsets[b]:offsets[b + 1], offsets[a]:offsets[a + 1]] = block.T
    version_of = np.repeat(np.arange(n_versions), sizes)
    kind = np.concatenate([np.asarray(a, dtype=bool) for a in apart]) if apart is not None else np.zeros(total, bool)
    counts = np.zeros((total, n_versions), dtype=np.int64)  # per cluster, sentences per version
    counts[np.arange(total), version_of] = 1
    alive = np.ones(total, dtype=bool)
    stamp = np.zeros(total, dtype=np.int64)
    members: dict[int, list[int]] = {k: [k] for k in range(total)}

    def average(c: int, others: np.ndarray) -> np.ndarray:
        size_c, size_o = counts[c].sum(), counts[others].sum(axis=1)
        cross = size_c * size_o - counts[others] @ counts[c]
        return np.where(cross > 0, sums[c, others] / np.maximum(cross, 1), 0.0)

    def allowed(c: int, d: int) -> bool:
        return kind[c] == kind[d] and bool((counts[c] + counts[d] <= max_per_version).all())

    heap: list[tuple[float, int, int, int, int]] = []
    rows, cols = np.nonzero(np.triu(sums >= floor, k=1))
    for c, d in zip(rows.tolist(), cols.tolist()):
        heap.append((-sums[c, d], c, d, 0, 0))
    heapq.heapify(heap)
    while heap:
        value, c, d, stamp_c, stamp_d = heapq.heappop(heap)
        if not (alive[c] and alive[d]) or stamp[c] != stamp_c or stamp[d] != stamp_d:
            continue
        if not allowed(c, d):
            continue
        if -value < (split_threshold if (counts[c] & counts[d]).any() else threshold):
            continue
        # merge d into c
        sums[c] += sums[d]
        sums[:, c] += sums[:, d]
        sums[c, c] = 0.0
        counts[c] += counts[d]
        alive[d] = False
        members[c].extend(members.pop(d))
        stamp[c] += 1
        others = np.nonzero(alive & (sums[c] > 0))[0]
        others = others[others != c]
        if not len(others):
            continue
        avg = average(c, others)
        for o, value in zip(others[avg >= floor].tolist(), avg[avg >= floor].tolist()):
            x, y = (c, o) if c < o else (o, c)
            heapq.heappush(heap, (-value, x, y, int(stamp[x]), int(stamp[y])))
    nodes = [(int(v), int(k - offsets[v])) for k, v in enumerate(version_of)]
    return sorted(sorted(nodes[k] for k in group) for group in members.values())
