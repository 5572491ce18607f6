"""The link model: the probability that two sentences of different versions carry one fact.

Two logistic regressions, fitted on the gold stories by ``scripts/fit_links.py`` (card:
``models/links.md``) and stored as plain weights in ``drift/data/links.json``:

1. *Direct*: the evidence of the pair itself (`drift.align.story.links.FEATURES`).
2. *With the other versions*: the direct log-odds, plus how strongly a third version backs
   the link: for sentences i of A and j of B, the best over sentences k of every other
   version C of min(P(i, k), P(j, k)) (a fact told by A, B and C links i~k and j~k), and
   the share of other versions that back it above 0.5. Five versions of one story are five
   witnesses: a paraphrase that one pair of versions barely recognises is often told
   plainly by a third. And the best direct probability of a neighbour of either sentence
   with the other (i - 1 or i + 1 with j, i with j - 1 or j + 1): a version that splits
   one sentence of another in two links both halves to it. For speed each sentence meets only its `SUPPORT_K` most probable
   partners in C (the others have probabilities near 0 and cannot be the best). The
   support is also read per witness (1 / the number of third versions), and the model
   learns from every subset of three or more versions of its training stories, so that a
   story of three versions, where one witness that leaves a fact out is no majority, is
   read as well as one of five (`drift.align.story.fitting`).

The fit also chooses the clustering threshold (`drift.align.story.clustering`): the
average link probability that maximises sentence-pair F1 on the training stories.
Nothing here is keyed to a story or a language: the features are the same for every
language pair, and the ``cross_language`` features let one model serve same-language and
cross-language pairs, whose similarity levels differ with multilingual-e5.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from drift.align.story.links import FEATURES, VersionEvidence, features
from drift.errors import ConfigError

SUPPORT_K = 3  # partners per sentence in a third version that the support reads
SUPPORT_FEATURES = (
    "direct_logit", "support", "support_share", "split", "witness_weight", "support_by_weight", "share_by_weight",
)
DEFAULT_PATH = "links.json"


@dataclass(frozen=True)
class Logistic:
    """A fitted logistic regression: P = sigmoid(x @ weights + bias)."""

    weights: tuple[float, ...]
    bias: float

    def probability(self, x: np.ndarray) -> np.ndarray:
        """x: (..., F) features; returns (...) probabilities."""
        z = np.asarray(x, dtype=np.float64) @ np.asarray(self.weights) + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@dataclass(frozen=True)
class LinkModel:
    """The direct and the with-support logistic models, the clustering threshold, the
    least cosine at which headings join the unit they head (`drift.align.story.headings`)
    and the most sentences of one version in a unit; ``fitted`` says on what and when."""

    direct: Logistic
    with_support: Logistic
    threshold: float
    heading_threshold: float
    max_per_version: int
    features: tuple[str, ...]
    fitted: str

    @property
    def signature(self) -> str:
        """``links:<date>.<digest>``: the fitting date, and 8 hex digits of the weights and
        threshold, so two models fitted on one day have two signatures."""
        fitted = {k: v for k, v in self.to_dict().items() if k != "fitted"}
        digest = hashlib.sha256(json.dumps(fitted, sort_keys=True).encode()).hexdigest()[:8]
        return f"links:{self.fitted.split('|')[0]}.{digest}"

    @property
    def stories(self) -> frozenset[str]:
        """The ids of the gold stories it was fitted on (``fitted`` reads
        ``<date>|stories:<id>+<id>...|<note>``), for evaluations that must say whether a
        story's figures are in-sample: an id matches whole, never as a part of another."""
        field = next((f for f in self.fitted.split("|") if f.startswith("stories:")), "stories:")
        return frozenset(s for s in field.removeprefix("stories:").split("+") if s)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> "LinkModel":
        if tuple(data["features"]) != FEATURES:
            raise ConfigError(
                f"link model features {data['features']} differ from this drift's {list(FEATURES)}; "
                "refit it with scripts/fit_links.py"
            )
        if len(data["with_support"]["weights"]) != len(SUPPORT_FEATURES):
            raise ConfigError(
                f"link model has {len(data['with_support']['weights'])} support weights, this drift reads "
                f"{len(SUPPORT_FEATURES)} ({', '.join(SUPPORT_FEATURES)}); refit it with scripts/fit_links.py"
            )
        return cls(
            direct=Logistic(tuple(data["direct"]["weights"]), float(data["direct"]["bias"])),
            with_support=Logistic(tuple(data["with_support"]["weights"]), float(data["with_support"]["bias"])),
            threshold=float(data["threshold"]),
            heading_threshold=float(data["heading_threshold"]),
            max_per_version=int(data["max_per_version"]),
            features=tuple(data["features"]),
            fitted=str(data["fitted"]),
        )

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")

    def probabilities(self, evidence: Sequence[VersionEvidence]) -> dict[tuple[int, int], np.ndarray]:
        """Link probabilities of every two versions a < b: (n_a, n_b) arrays. A story of two
        versions has no third to back a link: its probabilities are the direct model's."""
        direct = direct_probabilities(evidence, self.direct)
        if len(evidence) < 3:
            return direct
        return {
            key: self.with_support.probability(x) for key, x in support_features(direct, len(evidence)).items()
        }


def direct_probabilities(evidence: Sequence[VersionEvidence], model: Logistic) -> dict[tuple[int, int], np.ndarray]:
    """The direct model's probabilities for every two versions a < b."""
    return {
        (a, b): model.probability(features(evidence[a], evidence[b]))
        for a in range(len(evidence))
        for b in range(a + 1, len(evidence))
    }


def support_features(direct: Mapping[tuple[int, int], np.ndarray], n_versions: int) -> dict[tuple[int, int], np.ndarray]:
    """Per pair of versions, (n_a, n_b, 7): the direct log-odds, the best support by a
    third version, the share of third versions whose support exceeds 0.5, the best direct
    probability of a neighbour of either sentence with the other (module docstring), and
    1 / (number of third versions) alone and times the support and the share: one witness
    that does not back a link says less than three that do not (a third version often
    leaves a fact out), so the weights of the support may differ with their number."""
    def block(a: int, b: int) -> np.ndarray:
        return direct[(a, b)] if a < b else direct[(b, a)].T

    out = {}
    for (a, b), p in direct.items():
        best = np.zeros_like(p)
        backing = np.zeros_like(p)
        for c in range(n_versions):
            if c in (a, b):
                continue
            p_ac, p_bc = block(a, c), block(b, c)
            if not p_ac.shape[1]:
                continue
            k = min(SUPPORT_K, p_ac.shape[1])
            top = np.argpartition(-p_ac, k - 1, axis=1)[:, :k]  # (n_a, k) partners in c
            via = np.minimum(np.take_along_axis(p_ac, top, axis=1)[:, :, None], p_bc.T[top])  # (n_a, k, n_b)
            found = via.max(axis=1)
            best = np.maximum(best, found)
            backing += found > 0.5
        clipped = np.clip(p, 1e-6, 1 - 1e-6)
        weight = 1.0 / max(n_versions - 2, 1)
        share = backing * weight
        out[(a, b)] = np.stack(
            [np.log(clipped / (1 - clipped)), best, share, _split(p), np.full_like(p, weight), best * weight, share * weight],
            axis=-1,
        )
    return out


def _split(p: np.ndarray) -> np.ndarray:
    """Per cell (i, j), the largest of p[i - 1, j], p[i + 1, j], p[i, j - 1], p[i, j + 1]."""
    out = np.zeros_like(p)
    out[1:] = np.maximum(out[1:], p[:-1])
    out[:-1] = np.maximum(out[:-1], p[1:])
    out[:, 1:] = np.maximum(out[:, 1:], p[:, :-1])
    out[:, :-1] = np.maximum(out[:, :-1], p[:, 1:])
    return out


@lru_cache(maxsize=4)
def load_link_model(path: str | None = None) -> LinkModel:
    """The link model shipped in ``drift/data/links.json``, or the one at ``path``."""
    if path is None:
        text = resources.files("drift").joinpath("data", DEFAULT_PATH).read_text(encoding="utf-8")
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read link model {path}: {exc.strerror}") from exc
    return LinkModel.from_dict(json.loads(text))
