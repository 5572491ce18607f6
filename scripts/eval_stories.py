"""Story alignment on gold stories, leave-one-story-out.

    python scripts/eval_stories.py ../shared/data/stories             # dev stories: leave-one-story-out
    python scripts/eval_stories.py held-out/stories --shipped         # stories the shipped model never saw

For every story folder under the root that has a gold annotation, prints, for each system:
sentence-pair precision, recall and F1 (pairs of content items of different versions that
share a unit), B-cubed F1 over content items, the share of gold singletons left alone, and
pair F1 per language pair. Systems:

- ``story``: drift's story aligner (``--mode story``) with a link model refitted on the
  OTHER stories (`drift.align.story.fitting.fit_link_model`), so the figures are honest;
- ``beads``: drift's bitext aligner run on every two versions and merged (``--mode auto``);
- ``naive``: mutual best match of sentence vectors between every two versions above one
  cosine threshold, units as connected components (the threshold chosen on the other
  stories, from `NAIVE_THRESHOLDS`).

With ``--shipped`` (and whenever the folder holds a single gold story) the story aligner
runs with the shipped link model, as a user's run does, and the naive baseline takes the
cosine threshold that is best on the evaluated stories themselves (hindsight, which can
only flatter the baseline); on the stories the shipped model was fitted on, the script
says that its figures are in-sample.

Then, for the story told by fewer of its versions (every subset of 2, 3, ... versions of a
held-out story, at most 20 of each size, `drift.align.story.fitting.version_subsets`), the
mean sentence-pair F1 of ``story`` and ``naive`` over the subsets of each size: a user's story
may have two or three versions, and the dev stories have five.

Targets (issue: story units): pair F1 >= 0.80, B-cubed >= 0.88, singletons left alone
>= 0.80, pair F1 >= 0.75 on every language pair. Needs scikit-learn (``.[fit]``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from drift.align import align_story
from drift.align.story import group
from drift.align.story.calibration import LinkModel, load_link_model
from drift.align.story.fitting import (
    StoryExamples, clusters, evaluate, fit_link_model, label_pair_f1, story_examples, version_subsets,
)
from drift.align.vectors import mutual_best
from drift.encoders import get_encoder
from drift.errors import DriftError
from drift.gold import AlignmentScores, gold_folders, read_gold, score_alignment, system_clusters
from drift.pipeline import sentence_vectors, sentence_words
from drift.segment import segment

NAIVE_THRESHOLDS = tuple(np.round(np.arange(0.80, 0.951, 0.01), 2))
TARGETS = "targets: pair F1 >= 0.80, B-cubed >= 0.88, alone >= 0.80, every language pair >= 0.75"


def naive_groups(story: StoryExamples, threshold: float) -> list[list[tuple[int, int]]]:
    """Connected components of the mutual best matches (raw cosine > threshold) between
    every two versions."""
    evidence = story.evidence
    parent = {(v, i): (v, i) for v, e in enumerate(evidence) for i in range(len(e))}

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a in range(len(evidence)):
        for b in range(a + 1, len(evidence)):
            sim = evidence[a].unit @ evidence[b].unit.T
            for i, j in mutual_best(sim, threshold):
                parent[root((a, i))] = root((b, j))
    groups: dict = {}
    for node in parent:
        groups.setdefault(root(node), []).append(node)
    return list(groups.values())


def naive(story: StoryExamples, threshold: float) -> AlignmentScores:
    return score_alignment(story.gold, clusters(story, naive_groups(story, threshold)))


def beads(story: StoryExamples, encoder) -> AlignmentScores:
    segmented = segment(story.gold.story)
    words = sentence_words(segmented, encoder)
    vectors = sentence_vectors(segmented, encoder)
    units = align_story(segmented, vectors, mode="auto", words=words)
    return score_alignment(story.gold, system_clusters(story.gold, segmented, units))


def fewer_versions(story: StoryExamples, model: LinkModel, threshold: float) -> dict[int, tuple[float, float]]:
    """Per number of versions k (2 to all but one): the mean pair F1 of the story aligner
    and of the naive baseline over the story's subsets of k versions."""
    out = {}
    for size in range(2, len(story.evidence)):
        subsets = version_subsets(story, size)
        aligned = [label_pair_f1(s, [g.nodes for g in group(s.evidence, model)[0]]) for s in subsets]
        baseline = [label_pair_f1(s, naive_groups(s, threshold)) for s in subsets]
        out[size] = (float(np.mean(aligned)), float(np.mean(baseline)))
    return out


def row(name: str, s: AlignmentScores) -> str:
    p, r, f = s.pair
    languages = " ".join(f"{k} {v[2]:.3f}" for k, v in s.by_languages.items())
    return f"  {name:6s} pair P {p:.3f} R {r:.3f} F1 {f:.3f} | B3 {s.bcubed:.3f} | alone {s.alone:.3f} | {languages}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", type=Path, help="a folder of gold story folders, or one story folder")
    parser.add_argument("--model", default=None, help="encoder preset (default: the default model)")
    parser.add_argument(
        "--shipped", action="store_true",
        help="evaluate the shipped link model instead of refitting it without each story (for held-out stories)",
    )
    args = parser.parse_args(argv)
    folders = gold_folders(args.stories) if args.stories.is_dir() else []
    if not folders:
        print(f"eval_stories: no gold story (sentences.json and units.json) under {args.stories}", file=sys.stderr)
        return 1
    shipped = args.shipped or len(folders) < 2
    golds = [read_gold(folder) for folder in folders]  # a malformed one stops the run before the model loads
    encoder = get_encoder(args.model)
    examples = [story_examples(gold, encoder) for gold in golds]
    results: dict[str, list[AlignmentScores]] = {"story": [], "beads": [], "naive": []}
    fewer: dict[str, dict[int, tuple[float, float]]] = {}
    if shipped:
        model = load_link_model()
        seen = [e.name for e in examples if e.name in model.stories]
        print(f"Story alignment with the shipped link model {model.signature} over {len(examples)} gold stories ({TARGETS})")
        if seen:
            print(f"note: the shipped model was fitted on {', '.join(seen)}: their figures are in-sample")
    else:
        print(f"Story alignment, leave-one-story-out over {len(examples)} gold stories ({TARGETS})")
    for held in examples:
        others = examples if shipped else [e for e in examples if e is not held]
        fold: LinkModel = model if shipped else fit_link_model(others)
        threshold = max(NAIVE_THRESHOLDS, key=lambda t: np.mean([naive(e, t).pair[2] for e in others]))
        scores = {"story": evaluate(held, fold), "beads": beads(held, encoder), "naive": naive(held, threshold)}
        print(f"{held.name} (story: threshold {fold.threshold}, headings {fold.heading_threshold}; naive: cosine > {threshold})")
        for name, s in scores.items():
            results[name].append(s)
            print(row(name, s))
        fewer[held.name] = fewer_versions(held, fold, threshold)
    print("mean over stories")
    for name, rows in results.items():
        pair = tuple(float(np.mean([s.pair[k] for s in rows])) for k in range(3))
        worst = min(v[2] for s in rows for v in s.by_languages.values())
        print(
            f"  {name:6s} pair P {pair[0]:.3f} R {pair[1]:.3f} F1 {pair[2]:.3f} | "
            f"B3 {np.mean([s.bcubed for s in rows]):.3f} | alone {np.mean([s.alone for s in rows]):.3f} | "
            f"worst language pair F1 {worst:.3f}"
        )
    sizes = sorted({k for per in fewer.values() for k in per})
    if sizes:
        print("fewer versions: mean pair F1 over the subsets of k versions of each story, story aligner / naive")
        mean = {k: tuple(float(np.mean([per[k][i] for per in fewer.values() if k in per])) for i in (0, 1)) for k in sizes}
        for name, per in [*fewer.items(), ("mean", mean)]:
            print(f"  {name:16s} " + "  ".join(f"k={k} {per[k][0]:.3f} / {per[k][1]:.3f}" for k in sizes if k in per))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except DriftError as exc:  # a gold folder that cannot be read: one line, no traceback
        sys.exit(f"eval_stories: {exc.one_line()}")
