"""Fit drift's calibration: the word-probability map and the 3-class pair model.

1. Word map: a logistic map from raw word scores (``drift.score.words.raw_word_scores``) to
   P(word differs), fitted on iSTS-RSD dev tokens (all subsets; a token differs when its
   gold label is >= 0.5; -1 labels are ignored).
2. Pair model: multinomial logistic regression from ``PAIR_FEATURES`` to the classes
   equivalent / some / unrelated, fitted on REFreSD dev and on the gold pairs of the dev
   stories (``drift.gold``: a gold pair is equivalent, nuance or changed by the severities
   of the gold drifts it carries, nuance and changed being the model's "some"; pairs of
   different units and near-misses are unrelated).
3. Unrelated within a unit: the least P(unrelated) at which a pair the story aligner put in
   one unit is called unrelated (``unrelated_in_unit``), chosen on the stories' held-out
   predictions so that at most 3% of their gold-aligned pairs are.
4. Quotation words: the least P(differs) from which a word inside a quotation of a
   cross-language pair that quotes on both sides is reported (``quote_words``), the
   lowest point of ``QUOTE_GRID`` at which such words lie on a gold drift of severity >= 1
   at least ``QUOTE_PRECISION`` of the time, on the stories' gold-aligned pairs.

Prints REFreSD dev 5-fold cross-validated figures (the stories stay in every fold's
training data) and leave-one-story-out figures (each story scored by a model fitted on
REFreSD and the other stories): label confusion against the gold classes, accuracy,
the share of gold-aligned pairs labelled unrelated, mean drift. Writes the calibration
JSON to ``--out`` and the figures for the card ``models/calibration.md``. It never writes
into the package: the calibration drift ships (``drift/data/calibration.json``) names itself
in every report's signature, so replacing it is a deliberate step (copy the new file over
it) rather than a side effect of a refit.

    python scripts/fit_calibration.py --out calibration.json [--refresd PATH] [--ists PATH] [--stories DIR]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import time
from pathlib import Path

import numpy as np

from drift import __version__
from drift.encoders import get_encoder
from drift.encoders.precision import DTYPES
from drift.errors import DriftError
from drift.gold import GOLD_CLASSES, GoldPair, GoldStory, gold_folders, gold_pairs, read_gold, unrelated_pairs
from drift.score.calibration import (
    CLASSES,
    FORMAT_VERSION,
    apply_pair_model,
    drift_score,
    fit_pair_model,
    fit_word_map,
    from_dict,
    stratified_folds,
)
from drift.score.features import DIFFERS, PAIR_FEATURES
from drift.score.pair import QUOTED, evidence_for_pairs, label
from drift.score.vocab import LABELS
from drift.score.words import encode_texts, raw_word_scores, two_layer_diff_align, whitespace_token_scores
from drift.types import Difference, Sentence, Side

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
# L2 penalty per sample of the pair model: mild (sklearn's C=1 on ~500 pairs is ~0.002);
# the model has 9 features and 30 parameters, so the figure hardly matters.
L2 = 0.01
REFRESD_CLASSES = {"no_meaning_difference": 0, "some_meaning_difference": 1, "unrelated": 2}
# The classes (CLASSES order) a story pair may take in the fit: a gold-aligned pair is "not
# unrelated" (equivalent or some, whichever the model prefers); fitting it to its gold class
# instead (nuance and changed as "some") lowered REFreSD dev 5-fold binary F1 from 0.8596 to
# 0.8380 (REFreSD weight 3): a rewrite's gold severity says little about its wording.
STORY_TARGET = {"aligned": (1, 1, 0), "unrelated": (0, 0, 1)}
# Weights of a REFreSD pair and of a gold-aligned story pair against an unrelated story pair
# (536 REFreSD, 650 aligned, 444 unrelated pairs). Measured leave-one-story-out with
# REFreSD 5-fold (9 features; REFreSD binary F1 / 3-way / share of gold-aligned story pairs
# labelled unrelated): REFreSD 1, aligned 1: 0.8580 / 0.7015 / 12.8%; 3, 1: 0.8596 / 0.7313 /
# 16.2%; 5, 1: 0.8626 / 0.7351 / 18.6%; 5, 2: 0.8596 / 0.7201 / 13.7%; 8, 2: 0.8626 / 0.7351
# / 15.5%; 12, 4: 0.8609 / 0.7220 / 14.2%. 8 and 2 keep REFreSD's targets (0.86 / 0.72) with
# the fewest gold-aligned pairs called unrelated.
REFRESD_WEIGHT = 8.0
ALIGNED_WEIGHT = 2.0
FOLDS = 5
# A pair of one story unit is called unrelated only when P(unrelated) reaches a threshold:
# the smallest on the grid at which at most this share of the stories' gold-aligned pairs
# (which share a fact by the gold) would be, each story scored by a model fitted without it
# (issue 16's bound for gold-aligned pairs).
MAX_UNRELATED_ALIGNED = 0.03
UNRELATED_GRID = tuple(round(0.5 + 0.05 * i, 2) for i in range(10))
# Quotation words below "more likely than not" are reported from the lowest threshold on the
# grid whose words are precise enough: as often on a gold drift as issue 16 asks of the
# differences (0.6); 0.5 (none) where no grid point is. The grid starts at 0.3, a choice
# made on the dev stories: from 0.2, faithful translations of quotes (gold severity 0) drew
# words at 0.2-0.28 (models/calibration.md, ninth session).
QUOTE_GRID = (0.3, 0.35, 0.4, 0.45)
QUOTE_PRECISION = 0.6


def read_refresd(path: Path) -> tuple[list[tuple[Side, Side]], np.ndarray]:
    """REFreSD rows as (English side, French side) pairs and class indices (CLASSES order)."""
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    pairs = [(one_sentence_side("en", r["english"], "en"), one_sentence_side("fr", r["french"], "fr")) for r in rows]
    return pairs, np.array([REFRESD_CLASSES[r["three_way_label"]] for r in rows])


def one_sentence_side(version: str, text: str, language: str) -> Side:
    return Side(version, language, (Sentence(version, 0, 0, len(text), text),))


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def word_training_data(rows: list[dict], encoder) -> tuple[np.ndarray, np.ndarray]:
    """Raw scores and binary gold labels of every labelled whitespace token of ``rows``."""
    texts = list(dict.fromkeys(t for r in rows for t in (r["text_a"], r["text_b"])))
    vectors = dict(zip(texts, encode_texts(encoder, texts)))
    raw, gold = [], []
    for r in rows:
        va, vb = vectors[r["text_a"]], vectors[r["text_b"]]
        for v, d, labels in zip((va, vb), two_layer_diff_align(va, vb), (r["labels_a"], r["labels_b"])):
            for score, gold_label in zip(whitespace_token_scores(v.text, v.spans, raw_word_scores(d)), labels):
                if gold_label != -1:
                    raw.append(score)
                    gold.append(gold_label >= 0.5)
    return np.array(raw), np.array(gold, dtype=int)


def binary_f1(y: np.ndarray, predicted_divergent: np.ndarray) -> float:
    """F1 of the divergent class (some or unrelated) against ``y`` (class indices)."""
    gold = y > 0
    tp = np.sum(gold & predicted_divergent)
    return float(2 * tp / max(np.sum(gold) + np.sum(predicted_divergent), 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="where to write the calibration JSON")
    parser.add_argument("--refresd", type=Path, default=SHARED / "refresd" / "dev.tsv")
    parser.add_argument("--ists", type=Path, default=SHARED / "ists_rsd" / "dev.jsonl")
    parser.add_argument("--stories", type=Path, default=SHARED / "stories", help="a folder of gold story folders")
    parser.add_argument(
        "--dtype", default="float32", choices=DTYPES,
        help="the encoder's number format while fitting (default float32, which every machine runs, so that the "
        "fit does not depend on the machine; it is named in the file's encoder signature)",
    )
    args = parser.parse_args()
    for path, option in ((args.refresd, "--refresd"), (args.ists, "--ists")):
        if not path.is_file():
            raise SystemExit(f"fit_calibration: {path} is not a file ({option} PATH)")
    stories = [read_gold(folder) for folder in gold_folders(args.stories)]  # before the model loads
    started = time.time()
    encoder = get_encoder(dtype=args.dtype)

    raw, gold = word_training_data(read_jsonl(args.ists), encoder)
    word_intercept, word_slope = fit_word_map(raw, gold)
    print(f"word map: P(differs) = sigmoid({word_intercept:.4f} + {word_slope:.4f} * raw) on {len(raw)} iSTS-RSD tokens")

    data = {
        "format": FORMAT_VERSION,
        "created": datetime.date.today().isoformat(),
        "drift_version": __version__,
        "encoder": encoder.signature,
        "middle_layer": encoder.word_layer,
        "word_intercept": word_intercept,
        "word_slope": word_slope,
        "features": list(PAIR_FEATURES),
        "classes": list(CLASSES),
        "l2": L2,
        "data": {
            "words": "iSTS-RSD dev (Vamvas & Sennrich 2023), all 11 subsets",
            "pair": "REFreSD dev (Briakou & Carpuat 2020) and the gold pairs of the dev stories "
            + ", ".join(s.id for s in stories),
        },
    }
    x, y, story_pairs, story_x, story_diffs, story_y = pair_training_data(encoder, data, args.refresd, stories)
    print(f"pairs: {len(y)} REFreSD dev; " + "; ".join(f"{k}: {_counts(v)}" for k, v in story_pairs.items()))

    data["weights"] = {"refresd": REFRESD_WEIGHT, "story_aligned": ALIGNED_WEIGHT, "story_unrelated": 1.0}
    data.update(fit(x, y, list(story_x.values()), list(story_y.values())))
    held_out = dict(zip(story_x, held_out_probabilities(x, y, list(story_x.values()), list(story_y.values()))))
    data["unrelated_in_unit"] = unrelated_in_unit(list(held_out.values()), list(story_y.values()), verbose=True)
    data["quote_words"] = quote_words(
        [p for items in story_pairs.values() for p in items], [d for s in story_diffs.values() for d in s],
        stories, verbose=True,
    )

    figures = {"refresd": refresd_figures(x, y, story_x, story_y, from_dict(data))}
    print(f"REFreSD dev: {json.dumps(figures['refresd'])}")
    figures["stories_loso"] = leave_one_story_out(story_pairs, held_out, story_diffs)
    data["figures"] = figures
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({time.time() - started:.0f} s)")


def pair_training_data(encoder, word_map: dict, refresd: Path, stories: list[GoldStory]):
    """What the pair model is fitted on, read with the word map of ``word_map`` (a
    calibration's fields; its pair model is not used): REFreSD's features ``x`` and classes
    ``y``; per story, its pairs (gold-aligned and unrelated), their features, differences
    and target rows."""
    # The differences and features do not depend on the pair model: a placeholder one will
    # do; its quotation words start at the grid's lowest point, for choosing quote_words.
    words_only = from_dict({**word_map, **_placeholder_pair_model(), "quote_words": QUOTE_GRID[0]})
    pairs, y = read_refresd(refresd)
    x, _ = evidence_for_pairs(pairs, encoder=encoder, calibration=words_only)
    story_pairs = {s.id: [*gold_pairs(s), *unrelated_pairs(s)] for s in stories}
    story_x, story_diffs = {}, {}
    for story, items in story_pairs.items():
        story_x[story], story_diffs[story] = evidence_for_pairs([(p.a, p.b) for p in items], encoder=encoder, calibration=words_only)
    story_y = {story: story_targets(items) for story, items in story_pairs.items()}
    return x, y, story_pairs, story_x, story_diffs, story_y


def story_targets(items: list[GoldPair]) -> np.ndarray:
    """``(n, 3)`` 0/1 rows of the classes each story pair may take (``STORY_TARGET``)."""
    return np.array([STORY_TARGET["unrelated" if p.unit is None else "aligned"] for p in items])


def fit(x: np.ndarray, y: np.ndarray, story_x: list[np.ndarray], story_y: list[np.ndarray]) -> dict[str, list]:
    """The pair model fitted on REFreSD pairs (class indices ``y``) and story pairs (target rows)."""
    aligned = np.array(STORY_TARGET["aligned"])
    weight = np.concatenate(
        [np.full(len(y), REFRESD_WEIGHT), *(np.where((t == aligned).all(axis=1), ALIGNED_WEIGHT, 1.0) for t in story_y)]
    )
    return fit_pair_model(np.vstack([x, *story_x]), np.vstack([np.eye(len(CLASSES))[y], *story_y]), L2, weight)


def held_out_probabilities(
    x: np.ndarray, y: np.ndarray, story_x: list[np.ndarray], story_y: list[np.ndarray]
) -> list[np.ndarray]:
    """Each story's ``(n, 3)`` class probabilities from a model fitted on REFreSD and the
    other stories, as a new story will be scored."""
    out = []
    for k, held_x in enumerate(story_x):
        others = [i for i in range(len(story_x)) if i != k]
        out.append(apply_pair_model(fit(x, y, [story_x[i] for i in others], [story_y[i] for i in others]), held_x))
    return out


def unrelated_in_unit(held_out: list[np.ndarray], story_y: list[np.ndarray], verbose: bool = False) -> float:
    """The least P(unrelated) at which a pair of one story unit is called unrelated
    (``MAX_UNRELATED_ALIGNED``, ``UNRELATED_GRID``; 1.0 when no grid point keeps the share),
    read off each story's gold-aligned pairs in its ``held_out`` probabilities.

    The aligner's link probability is not known here, so pairs it would vouch for (link >
    0.5) count against the threshold too: the choice errs towards fewer unrelated labels.
    """
    u = CLASSES.index("unrelated")
    probs = np.vstack([p[(t == STORY_TARGET["aligned"]).all(axis=1)] for p, t in zip(held_out, story_y)])
    called = probs.argmax(axis=1) == u
    shares = {t: float(np.mean(called & (probs[:, u] >= t))) for t in UNRELATED_GRID}
    chosen = next((t for t in UNRELATED_GRID if shares[t] <= MAX_UNRELATED_ALIGNED), 1.0)
    if verbose:
        print("gold-aligned pairs called unrelated, held out, by threshold: "
              + ", ".join(f"{t:.2f} {100 * v:.1f}%" for t, v in shares.items()) + f"; chosen {chosen}")
    return chosen


def quote_words(
    items: list[GoldPair], differences: list[list[Difference]], stories: list[GoldStory], verbose: bool = False
) -> float:
    """The least P(differs) of ``QUOTE_GRID`` from which quotation words (``quote_wording``
    differences below "more likely than not", found with the grid's lowest point) lie on a
    gold drift of severity >= 1 at least ``QUOTE_PRECISION`` of the time, on gold-aligned
    ``items``; 0.5 where none does."""
    serious = {s.id: [d for d in s.drifts if int(d["severity"]) >= 1 and not d.get("within_version")] for s in stories}
    found = []  # (probability, on a drift)
    for item, diffs in zip(items, differences):
        for d in diffs:
            if item.unit is not None and d.type == QUOTED and d.score <= DIFFERS:
                on = any(
                    p["start"] < d.end and d.start < p["end"] for g in serious[item.story] for p in g["versions"].get(d.version, ())
                )
                found.append((d.score, on))
    shares = {t: [on for score, on in found if score >= t] for t in QUOTE_GRID}
    chosen = next((t for t in QUOTE_GRID if shares[t] and np.mean(shares[t]) >= QUOTE_PRECISION), DIFFERS)
    if verbose:
        print("quotation words on a gold drift, by threshold: "
              + ", ".join(f"{t:.2f} {sum(v)}/{len(v)}" for t, v in shares.items()) + f"; chosen {chosen}")
    return chosen


def _placeholder_pair_model() -> dict[str, list]:
    n, k = len(PAIR_FEATURES), len(CLASSES)
    return {"mean": [0.0] * n, "scale": [1.0] * n, "coef": [[0.0] * n] * k, "intercept": [0.0] * k}


def _counts(items: list[GoldPair]) -> str:
    found = [p.gold for p in items]
    return " ".join(f"{c} {found.count(c)}" for c in GOLD_CLASSES)


def refresd_figures(x, y, story_x, story_y, fitted) -> dict[str, dict[str, float]]:
    """In-sample and 5-fold cross-validated binary F1 and 3-way accuracy on REFreSD dev;
    in every fold the stories stay in the training data."""
    fold = stratified_folds(y, FOLDS)
    cv = np.zeros((len(y), len(CLASSES)))
    for k in range(FOLDS):
        train = fold != k
        model = fit(x[train], y[train], list(story_x.values()), list(story_y.values()))
        cv[~train] = apply_pair_model(model, x[~train])
    out = {}
    for name, probs in (("in_sample", fitted.class_probabilities(x)), ("cv5", cv)):
        predicted = probs.argmax(axis=1)
        out[name] = {"three_way_accuracy": round(float(np.mean(predicted == y)), 4), "binary_f1": round(binary_f1(y, predicted > 0), 4)}
    return out


def leave_one_story_out(story_pairs, held_out, story_diffs) -> dict[str, dict]:
    """Label each story's pairs with its ``held_out`` class probabilities (a model fitted on
    REFreSD and the other stories); print and return its label confusion against the gold
    classes and the summary figures."""
    out, pooled = {}, []
    for held in story_pairs:
        scored = []
        for pair, classes, differences in zip(story_pairs[held], held_out[held], story_diffs[held]):
            verdict = label(classes, differences)
            scored.append((pair, verdict, drift_score(classes, LABELS.index(verdict), len(LABELS))))
        out[held] = story_figures(held, scored)
        pooled += scored
    out["all"] = story_figures("all stories", pooled)
    return out


def story_figures(name: str, scored: list[tuple[GoldPair, str, float]]) -> dict:
    """Print the confusion of labels against gold classes and return the summary figures."""
    aligned = [(p, v, d) for p, v, d in scored if p.unit is not None]
    figures = {
        "pairs": len(scored),
        "gold_aligned": len(aligned),
        "accuracy": round(float(np.mean([p.gold == v for p, v, _ in scored])), 4),
        "accuracy_gold_aligned": round(float(np.mean([p.gold == v for p, v, _ in aligned])), 4),
        "unrelated_share_gold_aligned": round(float(np.mean([v == "unrelated" for _, v, _ in aligned])), 4),
        "mean_drift_gold_aligned": round(float(np.mean([d for _, _, d in aligned])), 4),
        "unrelated_recall": round(float(np.mean([v == "unrelated" for p, v, _ in scored if p.unit is None])), 4),
        "near_miss_unrelated_recall": round(float(np.mean([v == "unrelated" for p, v, _ in scored if p.near_miss])), 4),
    }
    print(f"\nleave-one-story-out, held out: {name}: {json.dumps(figures)}")
    print(f"{'gold/label':14s}" + "".join(f"{lab:>11s}" for lab in LABELS) + f"{'mean drift':>12s}")
    for g in GOLD_CLASSES:
        rows = [(v, d) for p, v, d in scored if p.gold == g]
        mean = f"{np.mean([d for _, d in rows]):12.4f}" if rows else f"{'-':>12s}"
        print(f"{g:14s}" + "".join(f"{sum(v == lab for v, _ in rows):11d}" for lab in LABELS) + mean)
    return figures


if __name__ == "__main__":
    try:
        main()
    except DriftError as exc:  # a gold folder that cannot be read: one line, no traceback
        raise SystemExit(f"fit_calibration: {exc.one_line()}") from None
