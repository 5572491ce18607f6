"""The calibrated mapping from model signals to word probabilities, pair classes and drift.

A calibration is a small JSON file written by ``scripts/fit_calibration.py`` (its card is
``models/calibration.md``); the one drift ships is ``drift/data/calibration.json``. It holds

- ``words``: a logistic map from a word's raw difference score (``drift.score.words``) to the
  probability that the word differs, fitted on iSTS-RSD dev token labels;
- ``pair``: a multinomial logistic regression from pair features (``PAIR_FEATURES``) to the
  three REFreSD classes, fitted on REFreSD dev;
- ``middle_layer``: the encoder layer the word features were computed with;
- ``unrelated_in_unit``: the least P(unrelated) at which a pair the story aligner put in
  one unit is called unrelated (the aligner vouches that its sides share a fact), chosen
  on the dev stories' held-out predictions (``scripts/fit_calibration.py``); 0 in files
  that predate it;
- ``quote_words``: the least P(differs) from which a word inside a quotation is reported
  when a cross-language pair quotes on both sides (``drift.score.pair.word_spans``), chosen
  on the dev stories' gold pairs; 0.5 (no word below "more likely than not") in files
  that predate it.

Applying it needs numpy only. The fitting functions here are pure numeric code (scipy's
L-BFGS), shared by the fitting script and the evaluation's cross-validation.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from drift.errors import ConfigError
from drift.score.features import PAIR_FEATURES
from drift.score.vocab import CLASSES

# What each class contributes to the drift score: the expected position on an ordinal
# scale where a pair with some difference sits halfway between equivalent and unrelated.
CLASS_DRIFT = (0.0, 0.5, 1.0)
FORMAT_VERSION = 1
DEFAULT_PATH = "data/calibration.json"  # inside the drift package


@dataclass(frozen=True)
class Calibration:
    """A loaded calibration; see the module docstring for the fields' meaning."""

    middle_layer: int
    word_intercept: float
    word_slope: float
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[tuple[float, ...], ...]  # (classes, features)
    intercept: tuple[float, ...]  # (classes,)
    meta: Mapping[str, Any]
    unrelated_in_unit: float = 0.0
    quote_words: float = 0.5

    @property
    def signature(self) -> str:
        """``calibration:<created>.<digest>``, for reports: the fitting date and 8 hex
        digits of the fitted numbers name the file, so two calibrations fitted on one day
        are told apart (the drift version and encoder it was fitted with are in ``meta``,
        and the report's signature names the ones that ran)."""
        fitted = {k: v for k, v in asdict(self).items() if k != "meta"}
        digest = hashlib.sha256(json.dumps(fitted, sort_keys=True).encode()).hexdigest()[:8]
        return f"calibration:{self.meta.get('created', '?')}.{digest}"

    def word_probability(self, raw: np.ndarray) -> np.ndarray:
        """P(word differs) for raw word scores of any shape, in [0, 1]."""
        return _sigmoid(self.word_intercept + self.word_slope * np.asarray(raw, dtype=np.float64))

    def class_probabilities(self, features: np.ndarray) -> np.ndarray:
        """``(n, 3)`` probabilities of CLASSES for ``(n, len(features))`` pair features."""
        x = (np.atleast_2d(np.asarray(features, dtype=np.float64)) - self.mean) / np.asarray(self.scale)
        return _softmax(x @ np.asarray(self.coef).T + np.asarray(self.intercept))

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        meta = dict(out.pop("meta"))
        return {"format": FORMAT_VERSION, **meta, **out}


def ordinal_position(probabilities: np.ndarray) -> np.ndarray:
    """``P(some)/2 + P(unrelated)`` in [0, 1] from ``(..., 3)`` class probabilities.

    Unlike ``1 - P(equivalent)``, this keeps an unrelated pair above a pair that differs
    in a detail, so sorting by it orders the three classes.
    """
    return np.asarray(probabilities) @ np.asarray(CLASS_DRIFT)


def drift_score(probabilities: np.ndarray, band: int, bands: int) -> float:
    """Drift in [0, 1]: ``(band + ordinal_position) / bands`` for one pair's ``(3,)`` class
    probabilities, where ``band`` is its label's rank among ``bands`` labels.

    Each label owns one band, so drift is monotone with the label (a detector's sure
    conflict that makes a pair ``changed`` raises its drift too), and within a band the
    model's probabilities order the pairs.
    """
    return float((band + min(float(ordinal_position(probabilities)), 1.0)) / bands)


def load_calibration(path: str | Path | None = None) -> Calibration:
    """Read a calibration file (default: the one shipped in the package)."""
    if path is None:
        return _shipped()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read calibration file: {exc}", path=str(path)) from exc
    return from_dict(data, where=str(path))


@lru_cache(maxsize=1)
def _shipped() -> Calibration:
    text = resources.files("drift").joinpath(DEFAULT_PATH).read_text(encoding="utf-8")
    return from_dict(json.loads(text), where=f"drift/{DEFAULT_PATH}")


def from_dict(data: Mapping[str, Any], *, where: str | None = None) -> Calibration:
    """Build a Calibration from its JSON form, checking shapes and feature names."""
    if data.get("format") != FORMAT_VERSION:
        raise ConfigError(f"calibration format {data.get('format')!r}: expected {FORMAT_VERSION}", path=where)
    try:
        cal = Calibration(
            middle_layer=int(data["middle_layer"]),
            word_intercept=float(data["word_intercept"]),
            word_slope=float(data["word_slope"]),
            features=tuple(data["features"]),
            mean=tuple(map(float, data["mean"])),
            scale=tuple(map(float, data["scale"])),
            coef=tuple(tuple(map(float, row)) for row in data["coef"]),
            intercept=tuple(map(float, data["intercept"])),
            meta={k: v for k, v in data.items() if k not in _FIELDS and k != "format"},
            unrelated_in_unit=float(data.get("unrelated_in_unit", 0.0)),
            quote_words=float(data.get("quote_words", 0.5)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"calibration file lacks or mangles a field: {exc}", path=where) from exc
    n = len(PAIR_FEATURES)
    if cal.features != PAIR_FEATURES:
        raise ConfigError(f"calibration features {list(cal.features)}: expected {list(PAIR_FEATURES)}", path=where)
    if len(cal.mean) != n or len(cal.scale) != n or len(cal.intercept) != 3 or any(len(r) != n for r in cal.coef) or len(cal.coef) != 3:
        raise ConfigError(f"calibration arrays must be 3 classes x {n} features", path=where)
    return cal


_FIELDS = (
    "middle_layer", "word_intercept", "word_slope", "features", "mean", "scale", "coef", "intercept", "unrelated_in_unit",
    "quote_words",
)


# -- fitting (pure numeric; used by scripts/fit_calibration.py and the evaluation) ---------------


def fit_word_map(raw: np.ndarray, differs: np.ndarray, l2: float = 1e-3) -> tuple[float, float]:
    """``(intercept, slope)`` of a logistic map from raw word scores to P(differs)."""
    coef, intercept = fit_logistic(np.asarray(raw, float)[:, None], np.asarray(differs, int), 2, l2)
    # Two-class softmax: P(1) = sigmoid((w1 - w0) x + (b1 - b0)).
    return float(intercept[1] - intercept[0]), float(coef[1, 0] - coef[0, 0])


def fit_logistic(
    x: np.ndarray, y: np.ndarray, n_classes: int, l2: float, weight: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression by L-BFGS: ``(coef (k, f), intercept (k,))``.

    ``x`` is ``(n, f)`` (standardise it first); ``y`` holds class indices, or ``(n, k)``
    0/1 rows that allow several classes (the loss is ``-log`` of their summed probability:
    "not unrelated" is equivalent or some); ``l2`` is the penalty on the coefficients (not
    the intercepts), per sample; ``weight`` (``(n,)``, default all 1) weighs each sample.
    """
    from scipy.optimize import minimize

    n, f = x.shape
    allowed = np.asarray(y, float) if np.ndim(y) == 2 else np.eye(n_classes)[y]
    w_sample = np.ones(n) if weight is None else np.asarray(weight, float) / np.mean(weight)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w = theta[: n_classes * f].reshape(n_classes, f)
        b = theta[n_classes * f :]
        p = _softmax(x @ w.T + b)
        mass = np.clip(np.sum(allowed * p, axis=1), 1e-300, None)
        nll = -np.sum(w_sample * np.log(mass)) / n + l2 * np.sum(w * w) / 2
        # d(-log mass)/dz = p - (allowed * p) / mass
        grad_logits = w_sample[:, None] * (p - allowed * p / mass[:, None]) / n
        return nll, np.concatenate([(grad_logits.T @ x + l2 * w).ravel(), grad_logits.sum(0)])

    result = minimize(loss, np.zeros(n_classes * (f + 1)), jac=True, method="L-BFGS-B")
    theta = result.x
    return theta[: n_classes * f].reshape(n_classes, f), theta[n_classes * f :]


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column means and scales (std, 1 where constant) for standardising features."""
    scale = x.std(axis=0)
    return x.mean(axis=0), np.where(scale > 0, scale, 1.0)


def fit_pair_model(x: np.ndarray, y: np.ndarray, l2: float, weight: np.ndarray | None = None) -> dict[str, list]:
    """Fit the 3-class pair model on raw features ``(n, f)``; the ``pair`` fields of a file.

    ``y`` and ``weight`` are as for :func:`fit_logistic`.
    """
    mean, scale = standardise(x)
    coef, intercept = fit_logistic((x - mean) / scale, y, len(CLASSES), l2, weight)
    return {"mean": mean.tolist(), "scale": scale.tolist(), "coef": coef.tolist(), "intercept": intercept.tolist()}


def cross_validated_probabilities(x: np.ndarray, y: np.ndarray, l2: float, folds: int = 5, seed: int = 0) -> np.ndarray:
    """``(n, 3)`` class probabilities, each row from a model fitted without its fold.

    Folds come from :func:`stratified_folds`.
    """
    fold = stratified_folds(y, folds, seed)
    out = np.zeros((len(y), len(CLASSES)))
    for k in range(folds):
        out[fold == k] = apply_pair_model(fit_pair_model(x[fold != k], y[fold != k], l2), x[fold == k])
    return out


def apply_pair_model(fitted: Mapping[str, list], x: np.ndarray) -> np.ndarray:
    """``(n, 3)`` class probabilities of raw features ``(n, f)`` under a :func:`fit_pair_model` result."""
    z = (np.atleast_2d(x) - np.asarray(fitted["mean"])) / np.asarray(fitted["scale"])
    return _softmax(z @ np.asarray(fitted["coef"]).T + np.asarray(fitted["intercept"]))


def stratified_folds(y: np.ndarray, folds: int = 5, seed: int = 0) -> np.ndarray:
    """Fold index per sample: each class's shuffled indices dealt round-robin to the folds."""
    rng = np.random.default_rng(seed)
    fold = np.empty(len(y), int)
    for c in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == c))
        fold[members] = np.arange(len(members)) % folds
    return fold
