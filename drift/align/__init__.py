"""Sentence alignment across the versions of a story.

``align_pair`` aligns two sides given their sentence vectors and returns beads
``(src_ids, tgt_ids)``; ``align_story`` aligns every pair of versions and merges the beads
into `Unit`s, each holding, per version, the sentences that carry one piece of content.
The numeric work lives in `drift.align.bitext.dp` (beads) and `drift.align.bitext.units` (merging).

Modes: ``"monotonic"`` assumes both sides keep the same order (translations, bitexts);
``"free"`` assumes nothing (rewrites that move paragraphs); ``"auto"`` picks per pair with
`choose_mode`. Beyond sentence vectors, two kinds of evidence enter every bead's score:
the numbers the sides share (`drift.align.numbers`, from the texts) and, in monotonic
mode, how well the words of each side cover the other's (`drift.align.bitext.coverage`, from
word vectors). Text+Berg dev strict F1, monotonic: 0.879 with sentence vectors only,
0.896 with both; shuffled in blocks of 8 and aligned order-free: 0.849 -> 0.859.
"""

from __future__ import annotations

import logging
from itertools import combinations
from typing import TYPE_CHECKING, Literal, Mapping, Sequence

import numpy as np

from drift.align.bitext.dp import AlignConfig, Bead, Pair, align
from drift.align.bitext.dp import choose_mode as _choose_mode
from drift.align.numbers import number_bags
from drift.align.bitext.units import bead_links, cluster, reading_order
from drift.align.vectors import centre
from drift.align.words import content_words
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
    `drift.align.bitext.dp.MONOTONE_MIN_FRACTION` of their anchors keep one order, else ``"free"``."""
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
    src_texts: Sequence[str] | None = None,
    tgt_texts: Sequence[str] | None = None,
    config: AlignConfig = AlignConfig(),
) -> list[Bead]:
    """Beads aligning two sides.

    src_vecs: (n, d), tgt_vecs: (m, d) L2-normalised sentence vectors; src_lens/tgt_lens:
    optional character lengths (n,), (m,) for the length penalty (default: the lengths of
    the texts, when given); src_words/tgt_words: optional word vectors of each sentence
    (``Encoder.encode_words``, last layer), whose coverage of each other enters every bead's
    score (`drift.align.bitext.coverage`); src_texts/tgt_texts: optional sentence texts, whose
    shared numbers do too (`drift.align.numbers`). Every index of both sides appears in
    exactly one bead; an empty side is an omission or addition.
    """
    src = _as_matrix(src_vecs, "src_vecs")
    tgt = _as_matrix(tgt_vecs, "tgt_vecs", dim=src.shape[1])
    _check_mode(mode)
    words = _both(src_words, tgt_words, "word vectors", "src_words", "tgt_words")
    texts = _both(src_texts, tgt_texts, "texts", "src_texts", "tgt_texts")
    if texts is not None:
        _check_count(texts[0], src.shape[0], "src_texts")
        _check_count(texts[1], tgt.shape[0], "tgt_texts")
        src_lens = [len(t) for t in texts[0]] if src_lens is None else src_lens
        tgt_lens = [len(t) for t in texts[1]] if tgt_lens is None else tgt_lens
    ls = _as_lengths(src_lens, src.shape[0], "src_lens")
    lt = _as_lengths(tgt_lens, tgt.shape[0], "tgt_lens")
    kept = None
    if words is not None:
        kept = content_words(words[0], src.shape[0], "src_words"), content_words(words[1], tgt.shape[0], "tgt_words")
    bags = None if texts is None else number_bags(*texts)
    return align(src, tgt, ls, lt, mode, config, bags=bags, words=kept)[0]


def _both(src, tgt, what: str, src_name: str, tgt_name: str):
    """``(src, tgt)``, or None when neither is given; one alone is an error."""
    if (src is None) != (tgt is None):
        raise InputError(f"give {what} for both sides ({src_name} and {tgt_name}) or for neither")
    return None if src is None else (src, tgt)


def _check_count(items: Sequence, n: int, name: str) -> None:
    if len(items) != n:
        raise InputError(f"{name} has {len(items)} entries; expected one per sentence ({n})")


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
    sentences (see `align_pair`); the sentences' texts give the numbers each pair of
    versions shares (`drift.align.numbers`). Unit members are `Sentence.index` values.
    Every content sentence belongs to exactly one unit; a unit holds, per version, one run
    of consecutive sentences, at most ``config.max_align - 1`` long (the largest side a
    bead can have). Units come in reading order (see `drift.align.bitext.units.reading_order`).
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
    texts = [[s.text for s in sents] for sents in sentences]
    lengths = [np.array([len(t) for t in version_texts], dtype=np.float64) for version_texts in texts]
    kept_words = None if words is None else [
        content_words(words[v.id], len(sents), f"words[{v.id!r}]") for v, sents in zip(versions, sentences)
    ]
    centred = [centre(mat) if len(mat) else mat for mat in mats]
    links = []
    for a, b in combinations(range(len(versions)), 2):
        pair_words = None if kept_words is None else (kept_words[a], kept_words[b])
        bags = number_bags(texts[a], texts[b])
        beads, _ = align(mats[a], mats[b], lengths[a], lengths[b], mode, config, bags=bags, words=pair_words)
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
