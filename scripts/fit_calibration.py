"""Fit drift's calibration: the word-probability map and the 3-class pair model.

1. Word map: a logistic map from raw word scores (``drift.score.words.raw_word_scores``) to
   P(word differs), fitted on iSTS-RSD dev tokens (all subsets; a token differs when its
   gold label is >= 0.5; -1 labels are ignored).
2. Pair model: multinomial logistic regression from ``PAIR_FEATURES`` to REFreSD's three
   classes, fitted on REFreSD dev, with 5-fold cross-validated figures.

Writes the calibration JSON to ``--out`` and prints the figures for the card
``models/calibration.md``. It never writes into the package: the calibration drift ships
(``drift/data/calibration.json``) names itself in every report's signature, so replacing it
is a deliberate step (copy the new file over it) rather than a side effect of a refit.

    python scripts/fit_calibration.py --out calibration.json [--refresd PATH] [--ists PATH]
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
from drift.score.calibration import (
    CLASSES,
    FORMAT_VERSION,
    PAIR_FEATURES,
    cross_validated_probabilities,
    fit_pair_model,
    fit_word_map,
    from_dict,
)
from drift.score.pair import features_for_pairs
from drift.score.words import encode_texts, raw_word_scores, two_layer_diff_align, whitespace_token_scores
from drift.types import Sentence, Side

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
# L2 penalty per sample of the pair model: mild (sklearn's C=1 on ~500 pairs is ~0.002);
# the model has 5 features and 18 parameters, so the figure hardly matters.
L2 = 0.01
REFRESD_CLASSES = {"no_meaning_difference": 0, "some_meaning_difference": 1, "unrelated": 2}


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
            for score, label in zip(whitespace_token_scores(v.text, v.spans, raw_word_scores(d)), labels):
                if label != -1:
                    raw.append(score)
                    gold.append(label >= 0.5)
    return np.array(raw), np.array(gold, dtype=int)


def binary_f1(y: np.ndarray, predicted_divergent: np.ndarray) -> float:
    """F1 of the divergent class (some or unrelated) against ``y`` (class indices)."""
    gold = y > 0
    tp = np.sum(gold & predicted_divergent)
    return float(2 * tp / max(np.sum(gold) + np.sum(predicted_divergent), 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refresd", type=Path, default=SHARED / "refresd" / "dev.tsv")
    parser.add_argument("--ists", type=Path, default=SHARED / "ists_rsd" / "dev.jsonl")
    parser.add_argument("--out", type=Path, required=True, help="where to write the calibration JSON")
    args = parser.parse_args()
    started = time.time()
    encoder = get_encoder()

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
        "data": {"words": "iSTS-RSD dev (Vamvas & Sennrich 2023), all 11 subsets", "pair": "REFreSD dev (Briakou & Carpuat 2020)"},
    }
    pairs, y = read_refresd(args.refresd)
    x = features_for_pairs(pairs, encoder=encoder)
    data.update(fit_pair_model(x, y, L2))

    cv = cross_validated_probabilities(x, y, L2)
    in_sample = from_dict(data).class_probabilities(x)
    figures = {}
    for name, probs in (("in_sample", in_sample), ("cv5", cv)):
        predicted = probs.argmax(axis=1)
        figures[name] = {
            "three_way_accuracy": round(float(np.mean(predicted == y)), 4),
            "binary_f1": round(binary_f1(y, predicted > 0), 4),
        }
    data["figures"] = figures
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"pair model on {len(y)} REFreSD pairs: {json.dumps(figures)}")
    print(f"wrote {args.out} ({time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
