"""Merge pairwise beads of N versions into units: pure data in, groups out. No I/O.

Every pair of versions is aligned on its own; a link joins two sentences of different
versions that one bead put together, weighted by the cosine of the two sides' group
vectors. Units are the clusters of a constrained single-linkage (Kruskal) pass: links are
taken strongest first and join two clusters only if, in the result, each version's
sentences form one run of consecutive sentences, at most ``max_per_version`` long (a
version splits one sentence of another into neighbours, it does not scatter it). So if A
matches B and B matches C, the three share a unit, while a chain of weak links cannot grow
a unit of unrelated sentences: the weakest links are the ones left out. Sentences without
links become units of their own version.
"""

from __future__ import annotations

import numpy as np

from drift.align.order import Node

Link = tuple[float, Node, Node]


def bead_links(
    beads: list[tuple[tuple[int, ...], tuple[int, ...]]],
    src: tuple[int, np.ndarray],
    tgt: tuple[int, np.ndarray],
) -> list[Link]:
    """Links of every source to every target sentence of each non-empty bead.

    src, tgt: (version position, (n, d) unit vectors). The weight is the cosine of the
    normalised sums of the two sides' vectors.
    """
    (a, va), (b, vb) = src, tgt
    links: list[Link] = []
    for s, t in beads:
        if not s or not t:
            continue
        gs, gt = va[list(s)].sum(axis=0), vb[list(t)].sum(axis=0)
        weight = float(gs @ gt / max(np.linalg.norm(gs) * np.linalg.norm(gt), 1e-12))
        links.extend((weight, (a, i), (b, j)) for i in s for j in t)
    return links


def cluster(sizes: list[int], links: list[Link], max_per_version: int) -> list[list[Node]]:
    """Constrained single-linkage clusters of all nodes (see the module docstring).

    sizes: sentences per version. Returns clusters, each a sorted list of nodes.
    """
    parent: dict[Node, Node] = {}
    members: dict[Node, dict[int, list[int]]] = {}
    for v, size in enumerate(sizes):
        for i in range(size):
            parent[(v, i)] = (v, i)
            members[(v, i)] = {v: [i]}

    def root(node: Node) -> Node:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    # strongest first; ties broken by position so the result never depends on input order
    for _, x, y in sorted(links, key=lambda link: (-link[0], link[1], link[2])):
        rx, ry = root(x), root(y)
        if rx == ry:
            continue
        merged = {v: sorted(members[rx].get(v, []) + members[ry].get(v, [])) for v in members[rx].keys() | members[ry].keys()}
        if not all(_is_run(idx, max_per_version) for idx in merged.values()):
            continue
        parent[ry] = rx
        members[rx] = merged
    groups: dict[Node, list[Node]] = {}
    for node in parent:
        groups.setdefault(root(node), []).append(node)
    return [sorted(group) for group in groups.values()]


def _is_run(indices: list[int], max_len: int) -> bool:
    """Whether sorted ``indices`` are consecutive and at most ``max_len`` of them."""
    return len(indices) <= max_len and indices[-1] - indices[0] == len(indices) - 1
