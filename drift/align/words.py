"""Word-level refinement of beads: merge two adjacent beads that split a sentence.

The bead programme maximises a sum of bead scores, so it prefers two 1-1 beads to one 2-2
or 2-3 bead even when a sentence on one side carries the content of both (Text+Berg dev:
in 19 of 30 clusters of wrong beads a gold m-n bead was split, e.g. a French sentence
whose first half translates the end of one German sentence and whose second half the
next). Word links show it: the straddling sentence's first words link into the first
bead, its last words into the second.

Primitive: mutual-best word links (argmax both ways of the cosines between the words of
the two beads together; parameter-free, as in SimAlign's ArgMax, Jalili Sabet et al. 2020),
kept when at least as strong as the median such link of the two beads. With the model's
last-layer word vectors (uncentred, words with a letter or digit), 98.5% of the mutual
links among five consecutive gold beads of Text+Berg dev join sentences of the same bead;
the links crossing two correct neighbouring beads are mostly function words ("in ~ à",
"auf ~ sur", "nicht ~ ne") with weaker cosines than typical links, which the median cut
removes. Measured alternatives, monotonic strict F1: every mutual link counted (0.828,
with centred vectors), vectors centred per side (0.875), the middle layer
`Encoder.word_layer` (0.784; 91% of its links are right), two crossing links required
(0.887), the links found among the neighbouring beads too (0.888).

Rule: the beads' boundary is a cut of each side's word sequence; a link crosses it when
its two words lie on different sides. Merge when moving the cut into a sentence next to
the boundary (on either side) crosses fewer strong links than the sentence boundary
does: some sentence's words belong to both beads. No threshold: one resolved link is
enough. On Text+Berg dev this raised strict F1 from 0.879 to 0.888 (monotonic); of its
8 merges, 4 made a gold bead. It is applied to monotonic alignments only (see
`drift.align._beads`: in free mode it would give 0.884 -> 0.893 on the bitext and 0.849
-> 0.866 shuffled, but it wrecks units of news rewrites). Cost: one (k, l) word cosine
matrix per pair of neighbouring beads, about 0.2 s for the 468 x 554 lines of Text+Berg
dev.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

import numpy as np

from drift.align.core import Bead, mutual_best
from drift.errors import InputError

if TYPE_CHECKING:
    from drift.encoders.encoder import WordVectors

_ALNUM = re.compile(r"[^\W_]")  # a letter or digit, in any script


def content_words(words: Sequence["WordVectors"], n: int, name: str) -> list[np.ndarray]:
    """Per sentence, the vectors of its words that hold a letter or digit: punctuation
    links across any two sentences and says nothing about content. ``words`` must hold
    one entry per sentence (``n``); ``name`` is for the error."""
    if len(words) != n:
        raise InputError(f"{name} has {len(words)} entries; expected one per sentence ({n})")
    return [
        np.asarray(w.vectors, dtype=np.float32)[[_ALNUM.search(t) is not None for t in w.words]]
        .reshape(-1, np.shape(w.vectors)[-1])
        for w in words
    ]


def merge_straddles(
    beads: list[Bead],
    src_words: Sequence[np.ndarray],
    tgt_words: Sequence[np.ndarray],
    max_side: int,
) -> list[Bead]:
    """Beads with every straddled boundary merged away, left to right.

    beads: in source order; src_words[i]: (k_i, d) unit vectors of the content words of
    source sentence i, likewise tgt_words. Two neighbouring beads are merged when
    `straddles` says so, each side of the merged bead is one run of consecutive
    sentences, and no side exceeds ``max_side`` sentences (the largest side the bead
    programme makes).
    """
    out = list(beads)
    k = 0
    while k < len(out) - 1:
        (s1, t1), (s2, t2) = out[k], out[k + 1]
        src, tgt = s1 + s2, t1 + t2
        if (
            len(src) <= max_side
            and len(tgt) <= max_side
            and _consecutive(src)
            and _consecutive(tgt)
            and straddles([src_words[i] for i in src], [tgt_words[j] for j in tgt], len(s1), len(t1))
        ):
            out[k : k + 2] = [(src, tgt)]
        else:
            k += 1
    return out


def straddles(src: Sequence[np.ndarray], tgt: Sequence[np.ndarray], src_cut: int, tgt_cut: int) -> bool:
    """Whether a cut inside a sentence next to the boundary crosses fewer strong word
    links than the boundary between sentences ``src[:src_cut]``, ``tgt[:tgt_cut]`` (the
    first bead) and the rest (the second bead).

    src, tgt: per sentence, (k, d) unit word vectors, in text order.
    """
    if not any(len(w) for w in src) or not any(len(w) for w in tgt):
        return False
    a, b = np.concatenate(src), np.concatenate(tgt)
    links = strong_links(a @ b.T)
    if links.size == 0:
        return False
    lo_s, cut_s, hi_s = _cut_range([len(w) for w in src], src_cut)
    lo_t, cut_t, hi_t = _cut_range([len(w) for w in tgt], tgt_cut)
    cs = np.arange(lo_s, hi_s + 1)[:, None, None]
    ct = np.arange(lo_t, hi_t + 1)[None, :, None]
    crossing = ((links[:, 0] < cs) != (links[:, 1] < ct)).sum(axis=-1)
    return int(crossing[cut_s - lo_s, cut_t - lo_t]) > int(crossing.min())


def strong_links(sim: np.ndarray) -> np.ndarray:
    """Mutual-best pairs ``(row, col)`` of ``sim`` whose cosine is at least the median of
    all mutual-best pairs, ``(n_links, 2)``."""
    links = np.array(mutual_best(sim, min_score=-np.inf))  # never empty: the largest cosine is one
    values = sim[links[:, 0], links[:, 1]]
    return links[values >= np.median(values)]


def _cut_range(counts: list[int], cut: int) -> tuple[int, int, int]:
    """Word positions ``(lo, at, hi)``: the boundary after sentence ``cut - 1`` sits at
    word ``at``; a cut may move back through sentence ``cut - 1`` and on through
    sentence ``cut`` (an empty bead side leaves its cut at one end)."""
    ends = np.cumsum([0, *counts])
    at = int(ends[cut])
    lo = int(ends[cut - 1]) if cut > 0 else at
    hi = int(ends[cut + 1]) if cut < len(counts) else at
    return lo, at, hi


def _consecutive(ids: tuple[int, ...]) -> bool:
    return not ids or sorted(ids) == list(range(min(ids), max(ids) + 1))
