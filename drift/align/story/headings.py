"""Titles and headings: the lines of a version without a sentence mark. Pure; no I/O.

A version's title (its first line) names the story as a whole: it groups only with the
other versions' titles (``is_title``, read by `drift.align.story.clustering`), and the lead
that tells its fact in full is compared lead to lead.

A heading (a line of its own with no sentence mark: a subhead, a section title) names in a
few words the fact of the paragraph below it: "« Comme Hiroshima »" heads the governor's
"Cela me rappelle Hiroshima et Nagasaki", "Officials under house arrest" the paragraph on
the port officials. Links across versions seldom reach a heading (a few words, worded
freely: "Like Hiroshima", "A national disaster"), so average linkage leaves headings alone
or groups them with each other's, and the story gold puts them in the unit of their
paragraph's fact. After clustering, a group made only of headings therefore joins the unit
that at least half of them head: for each heading, the units of the next ``HEADED``
sentences of its own version that are no headings; a unit qualifies when the mean, over the
group's headings that head it, of each one's best cosine to its sentences there (one
version, one language: the cosine is comparable) reaches the link model's
``heading_threshold``, fitted with the clustering threshold (`drift.align.story.fitting`).
The best qualifying unit is joined, within ``max_per_version``; units are joined one at a
time, so a heading group can head a unit that another group joined first.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Sequence

import numpy as np

from drift.align.order import Node

# A heading is read in the paragraph's first sentences after it: the next two that are no
# headings (a kicker or a second heading may stand between).
HEADED = 2
# At most this many words: a longer line without a sentence mark is a sentence whose stop
# is missing, or a piece of an overlong one, rather than a heading (design choice).
MAX_HEADING_WORDS = 12
# A version whose lines mostly lack sentence marks (a transcript, text stripped of its
# punctuation) has no headings to tell from its sentences: above this share of its content
# sentences, none is read as a heading (design choice; the dev stories' versions have 0-15%).
MAX_HEADING_SHARE = 1 / 3
# A line that ends in a sentence mark, closing quotes or brackets after it allowed. A
# question ("Storm of stuurfout?") ends in one and is read as a sentence: headings that ask
# mostly head a section on several facts.
_SENTENCE_END = re.compile(r"[.!?…:;][\"'’”»)\]\s]*$")


def is_heading(text: str, position: int) -> bool:
    """Whether the content sentence at ``position`` of its version reads as a heading: no
    sentence mark at its end and at most ``MAX_HEADING_WORDS`` words (the segmenter ends
    every sentence at a line break, so a sentence without a mark is a line of its own),
    and not the version's title (``is_title``)."""
    return position > 0 and not _SENTENCE_END.search(text) and len(text.split()) <= MAX_HEADING_WORDS


def version_headings(texts: Sequence[str]) -> np.ndarray:
    """(n,) bool: which content sentences of one version (``texts``, in order) are headings;
    none where more than ``MAX_HEADING_SHARE`` of them would be."""
    marks = np.array([is_heading(t, k) for k, t in enumerate(texts)], dtype=bool)
    return marks if marks.sum() <= MAX_HEADING_SHARE * len(marks) else np.zeros(len(marks), dtype=bool)


def is_title(text: str, position: int) -> bool:
    """Whether the content sentence at ``position`` of its version is the version's title:
    its first line, without a sentence mark. A title names the story as a whole and is
    compared with the other versions' titles (`drift.align.story.clustering`), not joined
    to the lead that tells its fact in full."""
    return position == 0 and not _SENTENCE_END.search(text)


def join_headings(
    clusters: Sequence[Sequence[Node]],
    headings: Sequence[np.ndarray],
    vectors: Sequence[np.ndarray],
    threshold: float,
    max_per_version: int,
) -> list[list[Node]]:
    """``clusters`` with each group of headings joined to the unit it heads (module
    docstring). headings: per version, (n,) bool; vectors: per version, (n, d) unit
    sentence vectors."""
    groups = [list(c) for c in clusters]
    where = {node: k for k, group in enumerate(groups) for node in group}
    # One pass: a join changes no other group's candidates (they are the units of sentences
    # that are no headings, which never move) or scores, only how full a unit is.
    for k, group in enumerate(groups):
        if not group or not all(headings[v][i] for v, i in group):
            continue
        target = _headed_unit(k, groups, where, headings, vectors, threshold, max_per_version)
        if target is not None:
            groups[target] += group
            where.update(dict.fromkeys(group, target))
            groups[k] = []
    return sorted(sorted(group) for group in groups if group)


def _headed_unit(
    k: int,
    groups: list[list[Node]],
    where: dict[Node, int],
    headings: Sequence[np.ndarray],
    vectors: Sequence[np.ndarray],
    threshold: float,
    max_per_version: int,
) -> int | None:
    """The unit that group ``k`` of headings joins, or None."""
    best: dict[int, dict[Node, float]] = defaultdict(dict)  # unit -> heading -> best cosine
    for v, i in groups[k]:
        below = [j for j in range(i + 1, len(headings[v])) if not headings[v][j]][:HEADED]
        for j in below:
            unit = where[(v, j)]
            if unit != k and len({u for u, _ in groups[unit]}) > 1:
                cosine = float(vectors[v][i] @ vectors[v][j])
                best[unit][(v, i)] = max(best[unit].get((v, i), -1.0), cosine)
    scored = []
    for unit, cosines in best.items():
        score = float(np.mean(list(cosines.values())))
        per_version = Counter(u for u, _ in groups[unit] + groups[k])
        if 2 * len(cosines) >= len(groups[k]) and score >= threshold and max(per_version.values()) <= max_per_version:
            scored.append((score, unit))
    return max(scored)[1] if scored else None
