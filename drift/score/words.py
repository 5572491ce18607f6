"""Word-level difference scores: which words of one side have no good counterpart on the other.

The core is DiffAlign (Vamvas & Sennrich 2023): a word differs as much as ``1 -`` its best
cosine to the other side's words. drift averages it over two layers of the encoder, the last
and a middle one (SimAlign, Jalili Sabet et al. 2020, found middle layers best for word
alignment; on iSTS-RSD dev layer 10 of 12 helped across languages), and adds the mean of
that score over the word's neighbourhood (``CONTEXT_WORDS`` on each side): differences come
in phrases, so a word among differing words more likely differs too, and a word of an
unrelated sentence sits among differing words. A calibration (``drift.score.calibration``)
maps this raw score to a probability that the word differs.

Both layers come from the encoder's one forward pass per text (``encode_words(layer=...)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:
    from drift.encoders import Encoder

# Words on each side of a word that form its neighbourhood: 3 was best of {3, 5, 8} on
# iSTS-RSD dev (all three beat plain DiffAlign on every subset; models/calibration.md).
CONTEXT_WORDS = 3


@dataclass(frozen=True, eq=False)
class TextVectors:
    """A text's sentence vector and its words' vectors at two layers.

    ``spans[i]`` is word i's ``(start, end)`` in ``text``; ``last`` and ``middle`` are
    ``(len(spans), dim)`` L2-normalised word vectors; ``sentence`` is ``(dim,)``, the
    encoder's usual sentence vector (mean pooling of the last layer).
    """

    text: str
    sentence: np.ndarray
    spans: tuple[tuple[int, int], ...]
    last: np.ndarray
    middle: np.ndarray


# -- encoding -----------------------------------------------------------------------------------


def encode_texts(encoder: "Encoder", texts: Sequence[str], *, batch_size: int | None = None) -> list[TextVectors]:
    """Sentence vectors and last- and middle-layer word vectors of ``texts``.

    All three come from one forward pass per distinct text (the encoder keeps both layers);
    ``batch_size`` is the most texts per model call.
    """
    texts = list(texts)
    last = encoder.encode_words(texts, layer="last", batch_size=batch_size)  # encodes; the calls below read the cache
    middle = encoder.encode_words(texts, layer="middle")
    sentences = encoder.encode_sentences(texts)
    return [TextVectors(t, s, w.spans, w.vectors, m.vectors) for t, s, w, m in zip(texts, sentences, last, middle)]


def compose(parts: Sequence[TextVectors]) -> TextVectors:
    """The vectors of the sentences ``parts`` joined with one space (as ``Side.text`` joins
    them), composed from each sentence's own vectors instead of a second model pass.

    Words keep their vectors, spans shift to the joined text, and the sentence vector is
    the normalised mean of the parts' (as ``drift.pipeline.unit_pairs`` compares sides). A
    side of several sentences thus costs nothing beyond its sentences, which the aligner
    encoded already; encoding the joined text again took 43% of ``drift analyze`` on a
    dev story (issue 17).
    """
    if len(parts) == 1:
        return parts[0]
    starts = np.cumsum([0] + [len(p.text) + 1 for p in parts[:-1]])
    mean = np.sum([p.sentence for p in parts], axis=0)
    return TextVectors(
        text=" ".join(p.text for p in parts),
        sentence=(mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32),
        spans=tuple((a + int(o), b + int(o)) for p, o in zip(parts, starts) for a, b in p.spans),
        last=np.concatenate([p.last for p in parts]),
        middle=np.concatenate([p.middle for p in parts]),
    )


# -- the numeric core: arrays in, arrays out ----------------------------------------------------


def diff_align(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """DiffAlign: ``1 - best cosine`` of each word to the other side's words.

    ``a`` is ``(m, d)``, ``b`` is ``(n, d)``, both L2-normalised; returns ``(m,)`` and
    ``(n,)``. A side with no words leaves every word of the other side at 1.
    """
    if len(a) == 0 or len(b) == 0:
        return np.ones(len(a), np.float32), np.ones(len(b), np.float32)
    return _diff_align(a @ b.T)


def _diff_align(sim: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return 1.0 - sim.max(axis=1), 1.0 - sim.max(axis=0)


def word_similarities(a: TextVectors, b: TextVectors) -> tuple[np.ndarray, np.ndarray]:
    """Cosines of every word of a with every word of b, ``(m, n)``, at the last and at the
    middle layer: what DiffAlign and the counterparts read (a pair computes them once)."""
    return a.last @ b.last.T, a.middle @ b.middle.T


def two_layer_diff_align(
    a: TextVectors, b: TextVectors, similarities: tuple[np.ndarray, np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """DiffAlign averaged over the last and the middle layer, for the words of a and of b
    (``similarities``: ``word_similarities(a, b)`` if the caller has them)."""
    if len(a.spans) == 0 or len(b.spans) == 0:
        return diff_align(a.last, b.last)  # every word at 1 on both layers
    last, middle = similarities or word_similarities(a, b)
    (last_a, last_b), (mid_a, mid_b) = _diff_align(last), _diff_align(middle)
    return (last_a + mid_a) / 2, (last_b + mid_b) / 2


def raw_word_scores(d: np.ndarray) -> np.ndarray:
    """Uncalibrated difference scores of one side's words from their two-layer DiffAlign ``d``.

    ``d + neighbourhood_mean(d)``; equal weights are a design choice, which on iSTS-RSD dev
    beat last-layer DiffAlign on all 11 subsets (see models/calibration.md).
    """
    return d + neighbourhood_mean(d, CONTEXT_WORDS)


def neighbourhood_mean(x: np.ndarray, width: int) -> np.ndarray:
    """Mean of ``x`` over each position and up to ``width`` positions on either side."""
    lo, hi, counts = _neighbourhoods(len(x), width)
    sums = np.concatenate([[0.0], np.cumsum(x)])
    return (sums[hi] - sums[lo]) / counts


@lru_cache(maxsize=512)
def _neighbourhoods(n: int, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each of ``n`` positions' neighbourhood as bounds into prefix sums, and its size
    (cached: every pair's two sides need them, and lengths repeat)."""
    i = np.arange(n)
    lo, hi = np.maximum(0, i - width), np.minimum(n, i + width + 1)
    counts = np.maximum(hi - lo, 1)
    for array in (lo, hi, counts):
        array.flags.writeable = False
    return lo, hi, counts


def counterparts(
    a: TextVectors, b: TextVectors, similarities: tuple[np.ndarray, np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Each word's counterpart on the other side, by SimAlign's ArgMax: the index of the
    word that is its best match while it is that word's best match too, else -1.

    Similarity is the mean of the two layers' cosines (``similarities``:
    ``word_similarities(a, b)`` if the caller has them). Returns int ``(m,)`` and ``(n,)``.
    """
    if len(a.spans) == 0 or len(b.spans) == 0:
        return np.full(len(a.spans), -1), np.full(len(b.spans), -1)
    last, middle = similarities or word_similarities(a, b)
    sim = (last + middle) / 2
    best_b = sim.argmax(axis=1)
    best_a = sim.argmax(axis=0)
    match_a = np.where(best_a[best_b] == np.arange(len(a.spans)), best_b, -1)
    match_b = np.where(best_b[best_a] == np.arange(len(b.spans)), best_a, -1)
    return match_a, match_b


def runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """``[first, last)`` index ranges of the consecutive True values in ``flags``."""
    padded = np.concatenate([[False], np.asarray(flags, bool), [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(s), int(e)) for s, e in zip(edges[::2], edges[1::2])]


def whitespace_token_scores(text: str, spans: Sequence[tuple[int, int]], scores: Sequence[float]) -> list[float]:
    """Scores of ``text.split(" ")``'s tokens: the max over the words overlapping each token
    (0 for a token no word overlaps). For data with whitespace tokens, such as iSTS-RSD."""
    out, position = [], 0
    for token in text.split(" "):
        end = position + len(token)
        hits = [s for (a, b), s in zip(spans, scores) if a < end and b > position]
        out.append(float(max(hits)) if hits else 0.0)
        position = end + 1
    return out
