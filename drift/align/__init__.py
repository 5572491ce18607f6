"""Sentence alignment across the versions of a story.

``align_pair`` aligns two sides given their sentence vectors and returns beads
``(src_ids, tgt_ids)``; ``align_story`` aligns every pair of versions and merges the beads
into `Unit`s, each holding, per version, the sentences that carry one piece of content.
The numeric work lives in `drift.align.core` (beads) and `drift.align.units` (merging).

Modes: ``"monotonic"`` assumes both sides keep the same order (translations, bitexts);
``"free"`` assumes nothing (rewrites that move paragraphs); ``"auto"`` picks per pair with
`choose_mode`. Given word vectors, beads of a monotonic alignment that split a sentence
between them are merged (`drift.align.words`; Text+Berg dev strict F1 0.879 -> 0.888).
"""

from __future__ import annotations

import logging
from itertools import combinations
from typing import TYPE_CHECKING, Literal, Mapping, Sequence

import numpy as np

from drift.align.core import AlignConfig, Bead, Pair, align, centre
from drift.align.core import choose_mode as _choose_mode
from drift.align.units import bead_links, cluster, reading_order
from drift.align.words import content_words, merge_straddles
from drift.errors import ConfigError, InputError
from drift.types import Story, Unit

if TYPE_CHECKING:
    from drift.encoders.encoder import WordVectors

__all__ = ["AlignConfig", "Bead", "MODES", "align_pair", "align_story", "choose_mode"]

log = logging.getLogger("drift")

Mode = Literal["auto", "free", "monotonic"]
MODES = ("auto", "free", "monotonic")


def choose_mode(src_vecs: np.ndarray, tgt_vecs: np.ndarray, config: AlignConfig = AlignConfig()) -> str:
    """The mode ``"auto"`` picks for two sides: ``"monotonic"`` when at least
    `drift.align.core.MONOTONE_MIN_FRACTION` of their anchors keep one order, else ``"free"``."""
    src = _as_matrix(src_vecs, "src_vecs")
    tgt = _as_matrix(tgt_vecs, "tgt_vecs", dim=src.shape[1])
    if not len(src) or not len(tgt):
        return "monotonic"
    return _choose_mode(Pair.build(src, tgt, k=config.margin_k))


def align_pair(
    src_vecs: np.ndarray,
    tgt_vecs: np.ndarray,
    *,
    mode: Mode = "auto",
    src_lens: Sequence[float] | None = None,
    tgt_lens: Sequence[float] | None = None,
    src_words: Sequence["WordVectors"] | None = None,
    tgt_words: Sequence["WordVectors"] | None = None,
    config: AlignConfig = AlignConfig(),
) -> list[Bead]:
    """Beads aligning two sides.

    src_vecs: (n, d), tgt_vecs: (m, d) L2-normalised sentence vectors; src_lens/tgt_lens:
    optional character lengths (n,), (m,) for the length penalty; src_words/tgt_words:
    optional word vectors of each sentence (``Encoder.encode_words``, last layer), with
    which neighbouring beads that split a sentence between them are merged
    (`drift.align.words`). Every index of both sides appears in exactly one bead; an
    empty side is an omission or addition.
    """
    src = _as_matrix(src_vecs, "src_vecs")
    tgt = _as_matrix(tgt_vecs, "tgt_vecs", dim=src.shape[1])
    ls = _as_lengths(src_lens, src.shape[0], "src_lens")
    lt = _as_lengths(tgt_lens, tgt.shape[0], "tgt_lens")
    _check_mode(mode)
    if (src_words is None) != (tgt_words is None):
        raise InputError("give word vectors for both sides (src_words and tgt_words) or for neither")
    words = None
    if src_words is not None and tgt_words is not None:
        words = content_words(src_words, src.shape[0], "src_words"), content_words(tgt_words, tgt.shape[0], "tgt_words")
    return _beads(src, tgt, ls, lt, mode, config, words)


def _beads(
    src: np.ndarray,
    tgt: np.ndarray,
    ls: np.ndarray | None,
    lt: np.ndarray | None,
    mode: Mode,
    config: AlignConfig,
    words: tuple[list[np.ndarray], list[np.ndarray]] | None,
) -> list[Bead]:
    """`align_pair` on checked inputs, ``words`` as `content_words` gives them.

    The word step runs on monotonic alignments only: a translation keeps its sentence
    order and splits or joins neighbours, which is what it repairs. Between rewrites
    (free mode) neighbouring sentences share names and topic words, whose links cross
    every boundary. On the example story, whose pairs of versions are all aligned in free
    mode, the word step changed 36 of 53 units there, joining unrelated neighbours and
    headings into one unit (it would help on Text+Berg shuffled in blocks of 8: strict F1
    0.849 -> 0.866; that bitext keeps its neighbours' content apart).
    """
    beads, used = align(src, tgt, ls, lt, mode, config)
    if words is None or used != "monotonic":
        return beads
    return merge_straddles(beads, *words, config.max_align - 1)


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ConfigError(f"unknown alignment mode {mode!r}; expected one of {', '.join(MODES)}")


def align_story(
    story: Story,
    vectors: Mapping[str, np.ndarray],
    *,
    mode: Mode = "auto",
    words: Mapping[str, Sequence["WordVectors"]] | None = None,
    config: AlignConfig = AlignConfig(),
) -> list[Unit]:
    """Units of content shared by the versions of ``story``.

    vectors[vid] row i is the vector of the i-th content sentence of version ``vid``
    (boilerplate excluded); words[vid], if given, holds the word vectors of the same
    sentences (see `align_pair`). Unit members are `Sentence.index` values. Every content
    sentence belongs to exactly one unit; a unit holds, per version, one run of consecutive
    sentences, at most ``config.max_align - 1`` long (the largest side a bead can have). Units come in reading order (see `drift.align.units.reading_order`).
    """
    _check_mode(mode)
    versions = story.versions
    sentences = [v.content_sentences for v in versions]
    mats = []
    for version, sents in zip(versions, sentences):
        if version.id not in vectors:
            raise InputError(f"no sentence vectors for version {version.id!r}")
        mat = _as_matrix(vectors[version.id], f"vectors[{version.id!r}]", dim=mats[0].shape[1] if mats else None)
        if mat.shape[0] != len(sents):
            raise InputError(
                f"vectors[{version.id!r}] has {mat.shape[0]} rows; expected one per content "
                f"sentence ({len(sents)})"
            )
        if words is not None and version.id not in words:
            raise InputError(f"no word vectors for version {version.id!r}")
        mats.append(mat)
    lengths = [np.array([len(s.text) for s in sents], dtype=np.float64) for sents in sentences]
    kept_words = None if words is None else [
        content_words(words[v.id], len(sents), f"words[{v.id!r}]") for v, sents in zip(versions, sentences)
    ]
    centred = [centre(mat) if len(mat) else mat for mat in mats]
    links = []
    for a, b in combinations(range(len(versions)), 2):
        pair_words = None if kept_words is None else (kept_words[a], kept_words[b])
        beads = _beads(mats[a], mats[b], lengths[a], lengths[b], mode, config, pair_words)
        links.extend(bead_links(beads, (a, centred[a]), (b, centred[b])))
    sizes = [len(sents) for sents in sentences]
    groups = reading_order(cluster(sizes, links, config.max_align - 1), sizes)
    units = []
    for uid, group in enumerate(groups):
        members: dict[str, list[int]] = {}
        for v, i in group:
            members.setdefault(versions[v].id, []).append(sentences[v][i].index)
        units.append(Unit(id=uid, members={k: tuple(idx) for k, idx in members.items()}))
    log.info("align: %d versions, %d units", len(versions), len(units))
    return units


def _as_matrix(vecs: np.ndarray, name: str, dim: int | None = None) -> np.ndarray:
    mat = np.asarray(vecs, dtype=np.float32)
    if mat.ndim != 2:
        raise InputError(f"{name} must be a 2-D array (sentences, dims); got shape {mat.shape}")
    if dim is not None and mat.shape[1] != dim:
        raise InputError(f"{name} has {mat.shape[1]} dimensions; expected {dim} like the source")
    if not np.isfinite(mat).all():
        raise InputError(f"{name} holds NaN or infinite values")
    return mat


def _as_lengths(lens: Sequence[float] | None, n: int, name: str) -> np.ndarray | None:
    if lens is None:
        return None
    arr = np.asarray(lens, dtype=np.float64)
    if arr.shape != (n,):
        raise InputError(f"{name} has shape {arr.shape}; expected ({n},), one per sentence")
    return arr
