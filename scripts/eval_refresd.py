"""Evaluate drift's pair labels on REFreSD dev: binary F1 (divergent = positive) and 3-way accuracy.

Baseline, computed in the same run: the plain sentence cosine of the same model, with
thresholds fitted on the same data. Because drift's calibration is fitted on this dev set
too (with the dev stories' gold pairs), the script also prints 5-fold cross-validated
figures for both: the cosine thresholds, and the pair model refitted on the other four
folds of REFreSD alone; ``scripts/fit_calibration.py`` prints the cross-validated figure of
the model as shipped (the stories in every fold's training data), and the file records it.

    python scripts/eval_refresd.py [--data PATH] [--calibration PATH]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from fit_calibration import L2, SHARED, binary_f1, read_refresd

from drift.encoders import get_encoder
from drift.score.calibration import cross_validated_probabilities, load_calibration, stratified_folds
from drift.score.pair import evidence_for_pairs, score_pairs

TO_CLASS = {"equivalent": 0, "nuance": 1, "changed": 1, "unrelated": 2}
FOLDS = 5
REFERENCE = (
    "Reference (project brief): target binary F1 >= 0.86, 3-way accuracy >= 0.72; plain cosine of "
    "this model with thresholds fitted on dev about 0.84 / 0.70; every pair divergent: F1 0.78."
)


def best_binary_threshold(cos: np.ndarray, y: np.ndarray) -> float:
    """The cosine below which a pair is called divergent that maximises F1."""
    return max(np.unique(cos), key=lambda t: binary_f1(y, cos < t))


def best_three_way_thresholds(cos: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """``(hi, lo)``: equivalent at cos >= hi, unrelated below lo, maximising accuracy."""
    grid = np.unique(np.quantile(cos, np.linspace(0, 1, 201)))
    candidates = ((hi, lo) for hi in grid for lo in grid if lo <= hi)
    return max(candidates, key=lambda t: np.mean(three_way(cos, *t) == y))


def three_way(cos: np.ndarray, hi: float, lo: float) -> np.ndarray:
    return np.where(cos >= hi, 0, np.where(cos >= lo, 1, 2))


def baseline_cv(cos: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Cross-validated binary F1 and 3-way accuracy of the cosine thresholds."""
    fold = stratified_folds(y, FOLDS)
    binary = np.zeros(len(y), bool)
    classes = np.zeros(len(y), int)
    for k in range(FOLDS):
        train, test = fold != k, fold == k
        binary[test] = cos[test] < best_binary_threshold(cos[train], y[train])
        classes[test] = three_way(cos[test], *best_three_way_thresholds(cos[train], y[train]))
    return binary_f1(y, binary), float(np.mean(classes == y))


def _recorded(cal) -> list[tuple[str, float, float]]:
    """The calibration file's own 5-fold figure (fitted with the stories in every fold)."""
    cv5 = cal.meta.get("figures", {}).get("refresd", {}).get("cv5")
    if not cv5:
        return []
    return [(f"drift, {FOLDS}-fold CV as fitted (calibration file)", cv5["binary_f1"], cv5["three_way_accuracy"])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "refresd" / "dev.tsv")
    parser.add_argument("--calibration", type=Path, default=None, help="default: the shipped calibration")
    args = parser.parse_args()
    for path, option in ((args.data, "--data"), (args.calibration, "--calibration")):
        if path is not None and not path.is_file():
            raise SystemExit(f"eval_refresd: {path} is not a file ({option} PATH)")
    pairs, y = read_refresd(args.data)
    encoder = get_encoder()
    cal = load_calibration(args.calibration)
    started = time.time()
    scored = score_pairs(pairs, encoder=encoder, calibration=cal)
    seconds = time.time() - started
    ours = np.array([TO_CLASS[s.label] for s in scored])

    vectors = encoder.encode_sentences([t for a, b in pairs for t in (a.text, b.text)])
    cos = np.sum(vectors[0::2] * vectors[1::2], axis=1)
    t_bin = best_binary_threshold(cos, y)
    hi, lo = best_three_way_thresholds(cos, y)

    cv = cross_validated_probabilities(evidence_for_pairs(pairs, encoder=encoder, calibration=cal)[0], y, L2, FOLDS)
    base_cv_f1, base_cv_acc = baseline_cv(cos, y)

    print(f"REFreSD dev: {len(y)} pairs ({np.bincount(y, minlength=3).tolist()} equivalent/some/unrelated), {args.data}")
    print(f"encoder {encoder.signature}; {cal.signature}; scored in {seconds:.1f} s")
    print()
    print(f"{'system':58s} {'binary F1':>9s} {'3-way acc':>9s}")
    rows = [
        ("drift, calibration fitted on this dev set (in-sample)", binary_f1(y, ours > 0), np.mean(ours == y)),
        (f"drift, {FOLDS}-fold CV, pair model refitted on REFreSD alone", binary_f1(y, cv.argmax(1) > 0), np.mean(cv.argmax(1) == y)),
        *_recorded(cal),
        (f"cosine, thresholds fitted on dev (bin {t_bin:.4f}; {hi:.4f}/{lo:.4f})", binary_f1(y, cos < t_bin), np.mean(three_way(cos, hi, lo) == y)),
        (f"cosine, thresholds {FOLDS}-fold cross-validated", base_cv_f1, base_cv_acc),
        ("every pair divergent", binary_f1(y, np.ones(len(y), bool)), np.mean(y == 1)),
    ]
    for name, f1, acc in rows:
        print(f"{name:58s} {f1:9.4f} {acc:9.4f}")
    print()
    print(REFERENCE)


if __name__ == "__main__":
    main()
