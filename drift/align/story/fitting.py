"""Fitting the link model (`drift.align.story.calibration`) on gold stories.

Used by ``scripts/fit_links.py`` (the shipped model) and ``scripts/eval_stories.py``
(leave-one-story-out figures); needs scikit-learn (``pip install "drift[fit]"``), which
drift does not need at run time.

Training pairs are the content sentences of every two versions, projected on the gold
items they cover (`drift.gold.project`): 1 where both items are in one gold unit, 0
otherwise (near-misses included: they are the hard negatives); sentences that cover no
content item take no part. The with-support model also reads each training story as its
subsets of three or more versions would tell it (`version_subsets`), since a user's story
may have fewer versions than the gold's five.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import numpy as np

from drift.align.story import cluster, group
from drift.align.story.calibration import (
    FEATURES,
    LinkModel,
    Logistic,
    direct_probabilities,
    support_features,
)
from drift.align.story.links import VersionEvidence, features
from drift.gold import GoldStory, Item, project, score_alignment

if TYPE_CHECKING:
    from drift.encoders import Encoder

# The grid the clustering threshold is chosen on. Mean pair F1 over two or three stories is
# a noisy curve of the threshold (0.809 at 0.35 and 0.40, 0.779 at 0.45 on one fold), so the
# choice is the grid point whose mean with its two neighbours is highest, not the sharpest peak.
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
# The grid the heading threshold (`drift.align.story.headings`) is chosen on, the same way,
# once the clustering threshold is: cosines of a heading to a sentence of its own version.
HEADING_THRESHOLDS = (0.76, 0.78, 0.8, 0.82, 0.84, 0.86, 0.88, 0.9)
# Smoothed mean F1s closer than this are a tie (half a point: the threshold noise between two
# or three stories is about a point, models/links.md).
TIE = 0.005
MAX_PER_VERSION = 3  # a version splits one fact over at most three sentences (gold: 1-3, rarely 4)
# Subsets of a story's versions, at most this many of each size (`version_subsets`, drawn
# with a fixed seed; five versions give 10, 10, 5 and 1 of sizes 2 to 5). The with-support
# model learns from every subset of three or more versions of a training story: fitted on
# the whole stories alone, it read one silent witness of three as three silent witnesses of
# five and under-linked stories of three versions (models/links.md, twelfth round).
SUBSETS_PER_SIZE = 20
C = 1.0  # inverse L2 strength of both regressions (scikit-learn's default)


@dataclass(frozen=True)
class StoryExamples:
    """One gold story ready to fit on: the evidence of its versions' content sentences,
    the gold item each covers (None: none), and per pair of versions a < b the labels
    (n_a, n_b): 1 one unit, 0 not, -1 no content item."""

    gold: GoldStory
    version_ids: tuple[str, ...]
    evidence: tuple[VersionEvidence, ...]
    items: tuple[tuple[int | None, ...], ...]
    labels: Mapping[tuple[int, int], np.ndarray]

    @property
    def name(self) -> str:
        return self.gold.id

    def subset(self, versions: Sequence[int]) -> "StoryExamples":
        """The story as ``versions`` (positions, ascending) alone tell it. Its ``gold`` is
        still the whole story's: score it from its ``labels`` (`label_pair_f1`)."""
        vs = tuple(versions)
        return StoryExamples(
            self.gold,
            tuple(self.version_ids[v] for v in vs),
            tuple(self.evidence[v] for v in vs),
            tuple(self.items[v] for v in vs),
            {(i, j): self.labels[(vs[i], vs[j])] for i in range(len(vs)) for j in range(i + 1, len(vs))},
        )


def version_subsets(story: StoryExamples, size: int) -> list[StoryExamples]:
    """The story told by ``size`` of its versions: every such subset, or
    ``SUBSETS_PER_SIZE`` of them drawn with a fixed seed where there are more."""
    combos = list(itertools.combinations(range(len(story.evidence)), size))
    if len(combos) > SUBSETS_PER_SIZE:
        combos = sorted(random.Random(size).sample(combos, SUBSETS_PER_SIZE))
    return [story.subset(c) for c in combos]


def story_evidence(story: Any, encoder: "Encoder") -> list[VersionEvidence]:
    """The evidence of every version's content sentences of a segmented story (one model
    pass gives word and sentence vectors)."""
    from drift.align.words import content_words

    texts = [s.text for v in story.versions for s in v.content_sentences]
    words = iter(encoder.encode_words(texts)) if texts else iter(())
    vectors = encoder.encode_sentences(texts) if texts else np.zeros((0, encoder.dim), np.float32)
    out, start = [], 0
    for v in story.versions:
        sents = v.content_sentences
        kept = content_words([next(words) for _ in sents], len(sents), v.id)
        out.append(VersionEvidence.build(vectors[start:start + len(sents)], [s.text for s in sents], kept, v.language))
        start += len(sents)
    return out


def story_examples(gold: GoldStory, encoder: "Encoder") -> StoryExamples:
    """Segment, encode and label one gold story."""
    from drift.segment import segment

    story = segment(gold.story)
    evidence = story_evidence(story, encoder)
    items = tuple(
        tuple(
            item if item is not None and (v.id, item) in gold.unit_of else None
            for item in (project(gold, v.id, s.start, s.end) for s in v.content_sentences)
        )
        for v in story.versions
    )
    ids = story.version_ids
    labels = {}
    for a in range(len(ids)):
        for b in range(a + 1, len(ids)):
            y = np.full((len(items[a]), len(items[b])), -1, dtype=np.int8)
            for i, x in enumerate(items[a]):
                for j, z in enumerate(items[b]):
                    if x is None or z is None:
                        continue
                    ux, uz = gold.unit_of[(ids[a], x)], gold.unit_of[(ids[b], z)]
                    y[i, j] = int(ux is not None and ux == uz)
            labels[(a, b)] = y
    return StoryExamples(gold, ids, tuple(evidence), items, labels)


def fit_link_model(stories: Sequence[StoryExamples], *, note: str = "") -> LinkModel:
    """Fit both regressions and choose the threshold on ``stories`` (module docstring of
    `drift.align.story.calibration`). The with-support model learns from direct
    probabilities that each story gets from a direct model fitted on the other stories, as
    it will meet them on a new story, on the whole story and on its subsets of versions
    (``SUBSETS_PER_SIZE``); the thresholds are chosen on the whole stories."""
    direct = _fit_direct(stories)
    held_out = {s.name: _fit_direct([t for t in stories if t is not s]) if len(stories) > 1 else direct for s in stories}
    with_support = _fit_support(stories, held_out)
    probs = {s.name: {k: with_support.probability(x) for k, x in _support(s, held_out[s.name]).items()} for s in stories}
    threshold = _steadiest(THRESHOLDS, [np.mean([_pair_f1(s, probs[s.name], t) for s in stories]) for t in THRESHOLDS])
    heading_threshold = _steadiest(
        HEADING_THRESHOLDS,
        [np.mean([_pair_f1(s, probs[s.name], threshold, h) for s in stories]) for h in HEADING_THRESHOLDS],
    )
    fitted = f"{date.today().isoformat()}|stories:{'+'.join(s.name for s in stories)}"
    return LinkModel(
        direct, with_support, float(threshold), float(heading_threshold), MAX_PER_VERSION, FEATURES,
        fitted + (f"|{note}" if note else ""),
    )


def _steadiest(grid: Sequence[float], f1: Sequence[float]) -> float:
    """The threshold of ``grid`` whose F1 (``f1``, one per threshold) averaged with its
    neighbours' is highest (the ends count their own value for the missing neighbour), the
    highest of those within ``TIE`` of the best: a wrong merge costs a unit more pairs than a
    missed link does, and a lower threshold chains more on a story it was not fitted on."""
    smooth = np.convolve(np.pad(np.asarray(f1, dtype=float), 1, mode="edge"), np.full(3, 1 / 3), mode="valid")
    return max(t for t, f in zip(grid, smooth) if f >= smooth.max() - TIE)


def _fit_direct(stories: Sequence[StoryExamples]) -> Logistic:
    return _fit(*_rows(stories, lambda s: {k: features(s.evidence[k[0]], s.evidence[k[1]]) for k in s.labels}))


def _support(story: StoryExamples, direct: Logistic) -> dict[tuple[int, int], np.ndarray]:
    return support_features(direct_probabilities(story.evidence, direct), len(story.evidence))


def _fit_support(stories: Sequence[StoryExamples], held_out: Mapping[str, Logistic]) -> Logistic:
    """The with-support regression on every subset of three or more versions of each story
    (``held_out``: per story, the direct model fitted without it); a subset's pairs weigh
    1 / the number of subsets of its size, so each size counts as one telling of the story."""
    xs, ys, weights = [], [], []
    for story in stories:
        for size in range(3, len(story.evidence) + 1):
            subsets = version_subsets(story, size)
            x, y = _rows(subsets, lambda s: _support(s, held_out[story.name]))
            xs.append(x)
            ys.append(y)
            weights.append(np.full(len(y), 1.0 / len(subsets)))
    if not xs:
        raise ValueError("the with-support model needs a gold story of three or more versions")
    return _fit(np.concatenate(xs), np.concatenate(ys), np.concatenate(weights))


def _rows(stories: Sequence[StoryExamples], table) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for s in stories:
        for key, x in table(s).items():
            y = s.labels[key]
            keep = y >= 0
            xs.append(x[keep])
            ys.append(y[keep])
    return np.concatenate(xs), np.concatenate(ys)


def _fit(x: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None) -> Logistic:
    """Logistic regression; ``weights`` (per row) are scaled to mean 1, so that ``C`` means
    what it means unweighted."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, max_iter=5000).fit(x, y, sample_weight=None if weights is None else weights / weights.mean())
    return Logistic(tuple(float(w) for w in model.coef_[0]), float(model.intercept_[0]))


def clusters(story: StoryExamples, groups: Sequence[Sequence[tuple[int, int]]]) -> dict[Item, int | None]:
    """Gold content item -> system group id (None where its group holds one version)."""
    out: dict[Item, int | None] = {}
    for gid, nodes in enumerate(groups):
        several = len({v for v, _ in nodes}) > 1
        for v, row in nodes:
            item = story.items[v][row]
            if item is not None:
                out[(story.version_ids[v], item)] = gid if several else None
    return out


def _pair_f1(
    story: StoryExamples, prob: Mapping[tuple[int, int], np.ndarray], threshold: float, heading_threshold: float | None = None
) -> float:
    """Sentence-pair F1 of the clustering at ``threshold``, with headings joined at
    ``heading_threshold`` (None: left as clustered)."""
    return label_pair_f1(story, cluster(story.evidence, prob, threshold, heading_threshold, MAX_PER_VERSION))


def label_pair_f1(story: StoryExamples, groups: Sequence[Sequence[tuple[int, int]]]) -> float:
    """Sentence-pair F1 of ``groups`` against ``story.labels``: the pairs of content
    sentences of two versions that cover items of one gold unit. On a whole story it is
    `drift.gold.score_alignment`'s pair F1; on a subset of versions (`StoryExamples.subset`)
    it counts only the subset's pairs."""
    group_of = {node: k for k, nodes in enumerate(groups) for node in nodes}
    found = wrong = missed = 0
    for (a, b), y in story.labels.items():
        rows = np.array([group_of[(a, i)] for i in range(y.shape[0])])
        cols = np.array([group_of[(b, j)] for j in range(y.shape[1])])
        together = rows[:, None] == cols[None, :]
        found += int((together & (y == 1)).sum())
        wrong += int((together & (y == 0)).sum())
        missed += int((~together & (y == 1)).sum())
    return 2 * found / max(2 * found + wrong + missed, 1)


def evaluate(story: StoryExamples, model: LinkModel):
    """`drift.gold.AlignmentScores` of the story aligner with ``model`` on ``story``."""
    groups, _ = group(story.evidence, model)
    return score_alignment(story.gold, clusters(story, [g.nodes for g in groups]))

