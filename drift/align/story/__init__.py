"""Story units: the sentences of N rewritten versions that carry one fact.

Rewrites reorder, merge, split, drop and add sentences, and many sentences have no
counterpart, so nothing here assumes order or forces a sentence into a group:

1. `links`: the evidence that two sentences of different versions carry one fact;
2. `calibration`: the probability of a link from that evidence (a fitted model, helped by
   what the other versions say);
3. `clustering`: units by average linkage over the probabilities; a sentence without
   enough support stays alone, and the versions' titles form one unit of their own;
4. `headings`: a group of headings joins the unit of the paragraph they head.

`group` runs the three on the versions of one story.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from drift.align.story.calibration import LinkModel
from drift.align.story.clustering import Node, average_linkage
from drift.align.story.headings import join_headings
from drift.align.story.links import VersionEvidence

__all__ = ["StoryGroup", "VersionEvidence", "group"]


@dataclass(frozen=True)
class StoryGroup:
    """One group of sentences: ``nodes`` (version position, row) sorted; ``confidence`` the
    mean link probability over its sentence pairs of different versions (None for a
    sentence alone)."""

    nodes: tuple[Node, ...]
    confidence: float | None


def group(evidence: Sequence[VersionEvidence], model: LinkModel) -> tuple[list[StoryGroup], dict[tuple[int, int], np.ndarray]]:
    """Groups of every content sentence of the versions (each sentence in exactly one; a
    sentence without a link is a group of its own), and the link probabilities
    ``{(a, b): (n_a, n_b)}`` for a < b that made them."""
    prob = model.probabilities(evidence)
    clusters = cluster(evidence, prob, model.threshold, model.heading_threshold, model.max_per_version)
    return [StoryGroup(tuple(nodes), mean_link(nodes, prob)) for nodes in clusters], prob


def cluster(
    evidence: Sequence[VersionEvidence],
    prob: Mapping[tuple[int, int], np.ndarray],
    threshold: float,
    heading_threshold: float | None,
    max_per_version: int,
) -> list[list[Node]]:
    """Steps 3 and 4 on link probabilities: average linkage at ``threshold`` (titles in one
    unit of their own), then headings joined at ``heading_threshold`` (None: not joined, as the
    fit needs while it chooses the clustering threshold)."""
    titles = [e.titles for e in evidence]
    clusters = average_linkage([len(e) for e in evidence], prob, threshold, max_per_version, apart=titles)
    clusters = _titles_together(clusters, titles)
    if heading_threshold is None:
        return clusters
    return join_headings(clusters, [e.headings for e in evidence], [e.unit for e in evidence], heading_threshold, max_per_version)


def _titles_together(clusters: list[list[Node]], titles: Sequence[np.ndarray]) -> list[list[Node]]:
    """``clusters`` with the versions' titles in one unit: each names the same story, however
    freely it is worded ("‘We hebben hem los!’: Nederlandse bergers trekken Ever Given vlot"
    and "Suez Canal reopens as salvage teams free giant container ship Ever Given"). Titles
    only ever group with titles, so the clusters that hold them hold nothing else."""
    with_titles = [c for c in clusters if any(titles[v][i] for v, i in c)]
    if len(with_titles) < 2:
        return clusters
    rest = [c for c in clusters if not any(titles[v][i] for v, i in c)]
    return [*rest, sorted(node for c in with_titles for node in c)]


def mean_link(nodes: Sequence[Node], prob: dict[tuple[int, int], np.ndarray]) -> float | None:
    """Mean probability over the pairs of ``nodes`` of different versions (None if none)."""
    values = [
        float(prob[(x[0], y[0])][x[1], y[1]] if x[0] < y[0] else prob[(y[0], x[0])][y[1], x[1]])
        for k, x in enumerate(nodes)
        for y in nodes[k + 1:]
        if x[0] != y[0]
    ]
    return float(np.mean(values)) if values else None
