"""The order in which units are reported: the order a reader meets them. Pure."""

from __future__ import annotations

Node = tuple[int, int]  # (version position, sentence position among that version's rows)


def reading_order(groups: list[list[Node]], sizes: list[int]) -> list[list[Node]]:
    """Groups in the order a reader meets them: the first version's order, with groups it
    lacks placed right after the group holding the previous sentence of their version."""
    group_of = {node: g for g, group in enumerate(groups) for node in group}
    order: list[int] = []
    placed: set[int] = set()
    for v, size in enumerate(sizes):
        anchor = -1  # position in ``order`` after which the next new group goes
        for i in range(size):
            g = group_of[(v, i)]
            if g in placed:
                anchor = order.index(g)
                continue
            order.insert(anchor + 1, g)
            placed.add(g)
            anchor += 1
    return [groups[g] for g in order]
