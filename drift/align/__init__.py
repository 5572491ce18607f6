"""Sentence alignment across the versions of a story.

``align_pair`` aligns two sides given their sentence vectors and returns beads
``(src_ids, tgt_ids)``; ``align_story`` aligns every pair of versions and merges the beads
into `Unit`s, each holding, per version, the sentences that carry one piece of content.
The numeric work lives in `drift.align.core` (beads) and `drift.align.units` (merging).

Modes: ``"monotonic"`` assumes both sides keep the same order (translations, bitexts);
``"free"`` assumes nothing (rewrites that move paragraphs); ``"auto"`` picks per pair with
`choose_mode`.
"""

from __future__ import annotations

import logging
from itertools import combinations
from typing import Literal, Mapping, Sequence

import numpy as np

from drift.align.core import AlignConfig, Bead, Pair, align, centre
from drift.align.core import choose_mode as _choose_mode
from drift.align.units import bead_links, cluster, reading_order
from drift.errors import ConfigError, InputError
from drift.types import Story, Unit

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
    config: AlignConfig = AlignConfig(),
) -> list[Bead]:
    """Beads aligning two sides.

    src_vecs: (n, d), tgt_vecs: (m, d) L2-normalised sentence vectors; src_lens/tgt_lens:
    optional character lengths (n,), (m,) for the length penalty. Every index of both
    sides appears in exactly one bead; an empty side is an omission or addition.
    """
    src = _as_matrix(src_vecs, "src_vecs")
    tgt = _as_matrix(tgt_vecs, "tgt_vecs", dim=src.shape[1])
    ls = _as_lengths(src_lens, src.shape[0], "src_lens")
    lt = _as_lengths(tgt_lens, tgt.shape[0], "tgt_lens")
    if mode not in MODES:
        raise ConfigError(f"unknown alignment mode {mode!r}; expected one of {', '.join(MODES)}")
    return align(src, tgt, ls, lt, mode, config)


def align_story(
    story: Story,
    vectors: Mapping[str, np.ndarray],
    *,
    mode: Mode = "auto",
    config: AlignConfig = AlignConfig(),
) -> list[Unit]:
    """Units of content shared by the versions of ``story``.

    vectors[vid] row i is the vector of the i-th content sentence of version ``vid``
    (boilerplate excluded). Unit members are `Sentence.index` values. Every content
    sentence belongs to exactly one unit; a unit holds, per version, one run of consecutive
    sentences, at most ``config.max_align - 1`` long (the largest side a bead can have). Units come in reading order (see `drift.align.units.reading_order`).
    """
    versions = story.versions
    sentences = [v.content_sentences for v in versions]
    mats = []
    for version, sents in zip(versions, sentences):
        if version.id not in vectors:
            raise InputError(f"no sentence vectors for version {version.id!r}")
        mat = _as_matrix(vectors[version.id], f"vectors[{version.id!r}]")
        if mat.shape[0] != len(sents):
            raise InputError(
                f"vectors[{version.id!r}] has {mat.shape[0]} rows; expected one per content "
                f"sentence ({len(sents)})"
            )
        mats.append(mat)
    lengths = [[len(s.text) for s in sents] for sents in sentences]
    centred = [centre(mat) if len(mat) else mat for mat in mats]
    links = []
    for a, b in combinations(range(len(versions)), 2):
        beads = align_pair(
            mats[a], mats[b], mode=mode, src_lens=lengths[a], tgt_lens=lengths[b], config=config
        )
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
