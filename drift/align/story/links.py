"""Evidence that two sentences of different versions carry the same fact: pure arrays.

Every pair of versions (A, B) gets an (n_A, n_B, F) table of features, one row per
sentence pair, from what the pipeline already has: sentence vectors (cosine after centring
each version, `drift.align.vectors.centre`; the CSLS-style margin of that cosine against
each sentence's k best candidates, Conneau et al. 2018 / Artetxe & Schwenk 2019; the rank of
each sentence among the other's candidates, both ways), word vectors from the same model
pass (BERTScore-like coverage of each sentence's content words by the other's, Zhang et al.
2020), the numbers and names the two texts share or do not share, their length ratio and
whether they are in one language. `drift.align.story.calibration` turns a row into the
probability of a link; `FEATURES` names the columns.

Why these: in a rewrite, a sentence and its counterpart are close in meaning but so are its
near-misses (same people, places, numbers, another fact). The margin and the ranks ask
whether the pair stands out from each sentence's other candidates; numbers and names add
what the encoder blurs (a different figure, another person); word coverage sees a sentence
that carries only part of another's content. Quantities read as the number detector reads
them (`drift.score.detectors.number`: separators, units, "more than", "nearly", ranges)
match a rewrite's rounded or bounded figure ("plus de 420 navires", "422 vessels") where
digit strings do not; measured leave-one-story-out (``scripts/eval_stories.py``), adding
them raised mean sentence-pair F1 from 0.741 to 0.754 and the worst language pair's from
0.622 to 0.677; names compared by spelling class (`spellings`) then gave 0.764 and 0.685, and 0.758 and
0.685 with the number detector's later rules (bounds reach 15% beyond their figure).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from drift.align.numbers import numbers
from drift.align.story.headings import is_title, version_headings
from drift.align.vectors import centre, centre_words, margin_scores
from drift.score.detectors.number import Quantity, interval, quantities

# Two names are spellings of one name (Aboud / Abboud, Dmitri / Dmitry, Khassan / Khasan)
# when the Dice coefficient of their character bigrams reaches this and both have
# SPELLING_MIN letters; leave-one-story-out, 0.6 gave mean pair F1 0.764 and 0.75 0.759,
# against 0.754 with exact names.
SPELLING_DICE = 0.6
SPELLING_MIN = 4
MARGIN_K = 4  # neighbours in the margin, as in Artetxe & Schwenk (2019)
# Word coverage, the costly feature (a product of every two sentences' word vectors), is
# computed for each sentence's CANDIDATES nearest sentences of the other version by centred
# cosine, both ways; farther pairs get 0 (in fitting as at run time).
CANDIDATES = 5

FEATURES = (
    "cosine",  # centred cosine
    "margin",  # cosine minus the mean of both sentences' k best centred cosines
    "rank_ab",  # 1 / (1 + rank of b among a's candidates)
    "rank_ba",  # 1 / (1 + rank of a among b's candidates)
    "mutual",  # each other's best
    "coverage",  # BERTScore-like F of the content words (CANDIDATES nearest pairs only)
    "numbers_shared",  # share of the numbers of the sentence with fewer that the other has
    "numbers_clash",  # both have numbers and share none
    "names_shared",  # share of the names of the sentence with fewer that the other has
    "names_clash",  # both have names and share none
    "length_ratio",  # |log(len_a / len_b)|
    "neighbours",  # the better margin of the pairs just before and just after (i-1, j-1), (i+1, j+1)
    "cross_language",  # the two versions are in different languages
    "cosine_cross",  # cosine on cross-language pairs (their levels differ)
    "margin_cross",  # margin on cross-language pairs
    "quantities_agree",  # share of the quantities of the sentence with fewer that agree with one of the other's
    "quantities_clash",  # both state quantities of one dimension and none agree
)

_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True)
class VersionEvidence:
    """What the features read of one version's content sentences (n of them).

    unit: (n, d) unit sentence vectors; centred: the same centred on the version's mean
    (`centre`); words: per sentence, (k, d) content-word vectors centred on the version's
    mean word (k may be 0); numbers, names: per sentence, the numbers and the names it holds;
    lengths: (n,) characters; headings, titles: (n,) whether each reads as a heading or as
    the version's title (`drift.align.story.headings`); language: ISO 639-1 code.
    """

    unit: np.ndarray
    centred: np.ndarray
    words: tuple[np.ndarray, ...]
    numbers: tuple[frozenset[str], ...]
    names: tuple[frozenset[str], ...]
    quantities: tuple[tuple[Quantity, ...], ...]
    lengths: np.ndarray
    headings: np.ndarray
    titles: np.ndarray
    language: str

    @classmethod
    def build(
        cls, unit: np.ndarray, texts: Sequence[str], words: Sequence[np.ndarray], language: str
    ) -> "VersionEvidence":
        """unit: (n, d) unit sentence vectors; texts: the n sentences; words: per sentence,
        the (k, d) unit vectors of its content words (`drift.align.words.content_words`)."""
        unit = np.asarray(unit, dtype=np.float32)
        return cls(
            unit=unit,
            centred=centre(unit) if len(unit) else unit,
            words=tuple(centre_words(words)),
            numbers=tuple(frozenset(numbers(t)) for t in texts),
            names=tuple(names(t) for t in texts),
            quantities=tuple(quantities(t, language.split("-")[0]) for t in texts),
            lengths=np.array([max(len(t), 1) for t in texts], dtype=np.float64),
            headings=version_headings(texts),
            titles=np.array([is_title(t, k) for k, t in enumerate(texts)], dtype=bool),
            language=language,
        )

    def __len__(self) -> int:
        return len(self.unit)


def names(text: str) -> frozenset[str]:
    """Capitalised words that do not open the sentence (names, in the languages drift
    reads), folded: lower case, accents dropped, so that "Nuñez" and "Nunez" meet."""
    found = set()
    for k, match in enumerate(_WORD.finditer(text)):
        word = match.group(0)
        if k == 0 or not word[0].isupper() or len(word) < 2 or word.isupper() and len(word) < 3:
            continue
        found.add(fold(word))
    return frozenset(found)


def fold(word: str) -> str:
    """Lower case without accents."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def features(a: VersionEvidence, b: VersionEvidence) -> np.ndarray:
    """(n_a, n_b, len(FEATURES)) float32: the evidence of every sentence pair of a and b."""
    n, m = len(a), len(b)
    out = np.zeros((n, m, len(FEATURES)), dtype=np.float32)
    if not n or not m:
        return out
    cosine = a.centred @ b.centred.T
    margin = margin_scores(cosine, MARGIN_K)
    cross = float(a.language.split("-")[0] != b.language.split("-")[0])
    column = {name: k for k, name in enumerate(FEATURES)}
    out[..., column["cosine"]] = cosine
    out[..., column["margin"]] = margin
    rank_ab = _ranks(cosine, axis=1)
    rank_ba = _ranks(cosine, axis=0)
    out[..., column["rank_ab"]] = 1.0 / (1.0 + rank_ab)
    out[..., column["rank_ba"]] = 1.0 / (1.0 + rank_ba)
    out[..., column["mutual"]] = (rank_ab == 0) & (rank_ba == 0)
    out[..., column["coverage"]] = coverage(a.words, b.words, (rank_ab < CANDIDATES) | (rank_ba < CANDIDATES))
    out[..., column["quantities_agree"]], out[..., column["quantities_clash"]] = _quantities(a.quantities, b.quantities)
    out[..., column["numbers_shared"]], out[..., column["numbers_clash"]] = _overlap(a.numbers, b.numbers)
    out[..., column["names_shared"]], out[..., column["names_clash"]] = _overlap(*spellings(a.names, b.names))
    out[..., column["length_ratio"]] = np.abs(np.log(a.lengths[:, None] / b.lengths[None, :]))
    out[..., column["neighbours"]] = _neighbours(margin)
    out[..., column["cross_language"]] = cross
    out[..., column["cosine_cross"]] = cosine * cross
    out[..., column["margin_cross"]] = margin * cross
    return out


def _neighbours(margin: np.ndarray) -> np.ndarray:
    """Per pair (i, j), the larger margin of (i - 1, j - 1) and (i + 1, j + 1): rewrites
    move paragraphs but keep the order inside them. -1 where neither exists."""
    before = np.full_like(margin, -1.0)
    after = np.full_like(margin, -1.0)
    before[1:, 1:] = margin[:-1, :-1]
    after[:-1, :-1] = margin[1:, 1:]
    return np.maximum(before, after)


def _ranks(score: np.ndarray, axis: int) -> np.ndarray:
    """Rank (0 = best) of every entry among its row (axis=1) or column (axis=0)."""
    order = np.argsort(-score, axis=axis, kind="stable")
    return np.argsort(order, axis=axis, kind="stable").astype(np.float32)


def _overlap(x: Sequence[frozenset[str]], y: Sequence[frozenset[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Per pair, the share of the smaller set found in the other, and whether both sets are
    non-empty and disjoint; (n, m) each."""
    vocabulary = {token: k for k, token in enumerate(sorted(set().union(*x, *y)))}
    incidence_x, incidence_y = _incidence(x, vocabulary), _incidence(y, vocabulary)
    common = incidence_x @ incidence_y.T
    size_x, size_y = incidence_x.sum(axis=1)[:, None], incidence_y.sum(axis=1)[None, :]
    both = (size_x > 0) & (size_y > 0)
    shared = np.where(both, common / np.maximum(np.minimum(size_x, size_y), 1), 0.0)
    return shared.astype(np.float32), (both & (common == 0)).astype(np.float32)


def _quantities(x: Sequence[tuple[Quantity, ...]], y: Sequence[tuple[Quantity, ...]]) -> tuple[np.ndarray, np.ndarray]:
    """Per pair, the share of the quantities of the sentence with fewer that agree with
    one of the other's, and whether both state quantities of one dimension and none agree;
    (n, m) each. Two quantities agree when they have one dimension and the values they
    allow (`drift.score.detectors.number.interval`: a bare figure's rounding, "more than
    420", "about 5,000", "3 to 5") overlap."""
    n, m = len(x), len(y)
    flat_x = [q for found in x for q in found]
    flat_y = [q for found in y for q in found]
    if not flat_x or not flat_y:
        return np.zeros((n, m), dtype=np.float32), np.zeros((n, m), dtype=np.float32)
    dimensions = {d: k for k, d in enumerate(sorted({q.dimension for q in flat_x + flat_y}))}

    def table(found: Sequence[tuple[Quantity, ...]], flat: list[Quantity]):
        incidence = np.zeros((len(found), len(flat)), dtype=np.float32)  # sentence x quantity
        row = np.repeat(np.arange(len(found)), [len(f) for f in found])
        incidence[row, np.arange(len(flat))] = 1.0
        bounds = np.array([interval(q)[:2] for q in flat], dtype=np.float64)
        kinds = np.array([dimensions[q.dimension] for q in flat])
        per_dimension = incidence @ np.eye(len(dimensions), dtype=np.float32)[kinds]  # sentence x dimension
        return incidence, bounds, kinds, per_dimension

    inc_x, bounds_x, dim_x, per_dim_x = table(x, flat_x)
    inc_y, bounds_y, dim_y, per_dim_y = table(y, flat_y)
    agree = (
        (dim_x[:, None] == dim_y[None, :])
        & (bounds_x[:, None, 0] <= bounds_y[None, :, 1])
        & (bounds_y[None, :, 0] <= bounds_x[:, None, 1])
    ).astype(np.float32)  # quantity x quantity
    agreeing_x = inc_x @ ((agree @ inc_y.T) > 0)  # per pair, x's quantities agreeing with one of y's
    agreeing_y = ((inc_x @ agree) > 0) @ inc_y.T
    size_x, size_y = inc_x.sum(axis=1)[:, None], inc_y.sum(axis=1)[None, :]
    both = (size_x > 0) & (size_y > 0)
    share = np.where(
        size_x <= size_y, agreeing_x / np.maximum(size_x, 1), agreeing_y / np.maximum(size_y, 1)
    )
    share = np.where(both, share, 0.0).astype(np.float32)
    clash = both & (agreeing_x == 0) & ((per_dim_x @ per_dim_y.T) > 0)
    return share, clash.astype(np.float32)


def spellings(
    x: Sequence[frozenset[str]], y: Sequence[frozenset[str]]
) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """The names of both sides with every name replaced by one spelling of its class:
    names whose character bigrams have a Dice coefficient of at least ``SPELLING_DICE``
    (both of ``SPELLING_MIN`` letters or more) are one class."""
    vocabulary = sorted(set().union(*x, *y))
    long = [name for name in vocabulary if len(name) >= SPELLING_MIN]
    if len(long) < 2:
        return list(x), list(y)
    grams = [{f"#{name}#"[k:k + 2] for k in range(len(name) + 1)} for name in long]
    column = {g: k for k, g in enumerate(sorted(set().union(*grams)))}
    incidence = np.zeros((len(long), len(column)), dtype=np.float32)
    for row, found in enumerate(grams):
        incidence[row, [column[g] for g in found]] = 1.0
    sizes = incidence.sum(axis=1)
    dice = 2 * (incidence @ incidence.T) / (sizes[:, None] + sizes[None, :])
    parent = list(range(len(long)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i, j in zip(*np.nonzero(np.triu(dice >= SPELLING_DICE, k=1))):
        parent[root(int(i))] = root(int(j))
    spelling = {name: long[root(k)] for k, name in enumerate(long)}
    return (
        [frozenset(spelling.get(name, name) for name in found) for found in x],
        [frozenset(spelling.get(name, name) for name in found) for found in y],
    )


def _incidence(sets: Sequence[frozenset[str]], vocabulary: dict[str, int]) -> np.ndarray:
    out = np.zeros((len(sets), len(vocabulary)), dtype=np.float32)
    for row, found in enumerate(sets):
        out[row, [vocabulary[t] for t in found]] = 1.0
    return out


def coverage(a: Sequence[np.ndarray], b: Sequence[np.ndarray], candidates: np.ndarray | None = None) -> np.ndarray:
    """(n, m) BERTScore-like F of sentence pairs: recall is the mean over a's words of
    their best cosine with a word of b's sentence, clipped at 0; precision likewise.

    candidates: an optional (n, m) boolean mask of the pairs to compute (the others are 0);
    every pair by default.
    """
    n, m = len(a), len(b)
    out = np.zeros((n, m), dtype=np.float32)
    b_counts = np.array([len(w) for w in b])
    mask = np.ones((n, m), dtype=bool) if candidates is None else candidates
    mask = mask & (b_counts > 0)[None, :]
    for i in range(n):
        js = np.nonzero(mask[i])[0]
        if not len(a[i]) or not len(js):
            continue
        words = np.concatenate([b[j] for j in js])
        starts = np.concatenate([[0], np.cumsum(b_counts[js])[:-1]])
        sims = np.maximum(a[i] @ words.T, 0.0)  # (words of a[i], words of the candidates)
        recall = np.maximum.reduceat(sims, starts, axis=1).mean(axis=0)
        precision = np.add.reduceat(sims.max(axis=0), starts) / b_counts[js]
        total = recall + precision
        out[i, js] = np.where(total > 0, 2 * recall * precision / np.where(total > 0, total, 1.0), 0.0)
    return out
