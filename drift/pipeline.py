"""The pipeline: ingest -> segment -> encode -> align -> score -> Report.

``analyze`` runs every stage on one story with one encoder, loaded once per process and
reused; each sentence is encoded once (the encoder caches by text).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from drift.align import BITEXT_MODES, MODES, align_story
from drift.align.story.headings import version_headings
from drift.encoders.precision import DTYPES
from drift.errors import ConfigError
from drift.progress import shown as show_progress
from drift.runtime import pipeline_runtime
from drift.score.metrics import DEFAULT_METRICS, check_metrics
from drift.segment import segment
from drift.signature import metric_signatures, signature
from drift.types import Pair, Report, Side, Story, Unit

if TYPE_CHECKING:
    from drift.align.story.calibration import LinkModel
    from drift.encoders import Encoder, WordVectors
    from drift.score.calibration import Calibration

log = logging.getLogger("drift")


@dataclass(frozen=True)
class AnalysisConfig:
    """What ``analyze`` does; every field is recorded in the report's signature.

    model: a preset name, Hugging Face id or local path (None: the default preset).
    dtype: the model's number format, "auto", "float32", "bfloat16" or "float16" (None:
        ``$DRIFT_DTYPE``, else "auto", chosen from the hardware; `drift.encoders.precision`).
    device: a torch device, or "auto" (CUDA when present, else the CPU).
    align_mode: "story" (units of one fact across rewritten versions, from calibrated link
        probabilities: `drift.align.story`), or a bitext mode that aligns every two versions
        into beads and merges them: "auto" (per pair of versions: monotonic if order is
        kept, else free), "free" or "monotonic"; see `drift.align`.
    score: score every pair (drift, label, differences, metrics, word scores); without it
        pairs carry only their similarity.
    metrics: the sacrebleu metrics computed for same-language pairs, some of
        ``("chrf", "ter", "bleu")``; the others are null. The default leaves TER out: it
        costs more than the rest of the analysis (`drift.score.metrics`).
    """

    model: str | None = None
    dtype: str | None = None
    device: str = "auto"
    align_mode: str = "story"
    score: bool = True
    metrics: tuple[str, ...] = DEFAULT_METRICS

    def __post_init__(self) -> None:
        if self.align_mode not in MODES:
            raise ConfigError(
                f"unknown alignment mode {self.align_mode!r}; expected one of {', '.join(MODES)}"
            )
        object.__setattr__(self, "metrics", check_metrics(self.metrics))
        if self.dtype is not None and self.dtype not in DTYPES:
            raise ConfigError(f"unknown dtype {self.dtype!r}; expected one of {', '.join(DTYPES)}")


def sentence_vectors(story: Story, encoder: "Encoder") -> dict[str, np.ndarray]:
    """Vectors of every version's content sentences, encoded in one batched call.

    Returns version id -> (n_content_sentences, d) float32, rows in sentence order.
    """
    texts = [s.text for v in story.versions for s in v.content_sentences]
    matrix = encoder.encode_sentences(texts) if texts else np.zeros((0, encoder.dim), np.float32)
    out: dict[str, np.ndarray] = {}
    start = 0
    for version in story.versions:
        count = len(version.content_sentences)
        out[version.id] = matrix[start:start + count]
        start += count
    return out


def sentence_words(story: Story, encoder: "Encoder") -> dict[str, list["WordVectors"]]:
    """Word vectors of every version's content sentences (the aligner's word coverage reads
    them): version id -> one WordVectors per content sentence.

    Call it before `sentence_vectors`: both come from one model pass, and this call keeps
    every sentence's token vectors while it runs, so the sentence vectors are then read
    from the encoder's cache however long the story.
    """
    texts = [s.text for v in story.versions for s in v.content_sentences]
    words = iter(encoder.encode_words(texts) if texts else [])
    return {v.id: [next(words) for _ in v.content_sentences] for v in story.versions}


def unit_pairs(story: Story, units: list[Unit], vectors: dict[str, np.ndarray]) -> list[Pair]:
    """One Pair for every two versions present in a unit, in version order.

    A side of several sentences is represented by the normalised mean of their vectors. A
    heading that joined the unit of the paragraph it heads (`drift.align.story.headings`)
    restates it: the side compares the version's other sentences of the unit, and the
    heading only where the version has no other.
    """
    rows = {
        v.id: {s.index: row for row, s in enumerate(v.content_sentences)} for v in story.versions
    }
    headings = {v.id: version_headings([s.text for s in v.content_sentences]) for v in story.versions}
    order = {vid: i for i, vid in enumerate(story.version_ids)}
    pairs = []
    for unit in units:
        present = sorted(unit.members, key=order.__getitem__)
        sides = {}
        means = {}
        for vid in present:
            version = story.version(vid)
            members = [i for i in unit.members[vid] if not headings[vid][rows[vid][i]]]
            members = members or list(unit.members[vid])
            sentences = tuple(version.sentences[i] for i in members)
            sides[vid] = Side(vid, Side.language_of(version.language, sentences), sentences)
            mean = vectors[vid][[rows[vid][i] for i in members]].sum(axis=0)
            means[vid] = mean / max(float(np.linalg.norm(mean)), 1e-12)
        for a, b in combinations(present, 2):
            similarity = float(np.clip(means[a] @ means[b], -1.0, 1.0))
            pairs.append(Pair(unit=unit.id, a=sides[a], b=sides[b], similarity=similarity, link=unit.link(a, b)))
    return pairs


def score(
    pairs: list[Pair], encoder: "Encoder", metrics: tuple[str, ...] = DEFAULT_METRICS,
    calibration: "Calibration | None" = None, story: Story | None = None,
) -> list[Pair]:
    """The pairs with their scores (see `drift.score.pair.score_pairs`), differences read
    against the unit's other versions and, given the ``story``, against the whole of the
    compared version (`drift.score.agreement`)."""
    from drift.score.agreement import across_versions
    from drift.score.pair import score_pairs

    scores = score_pairs(
        [(p.a, p.b) for p in pairs], encoder=encoder, metrics=metrics, links=[p.link for p in pairs],
        calibration=calibration,
    )
    texts = None if story is None else {v.id: " ".join(x.text for x in v.content_sentences) for v in story.versions}
    return across_versions([replace(p, score=s) for p, s in zip(pairs, scores)], texts)


def analyze(
    story: Story | str | Path,
    config: AnalysisConfig | None = None,
    *,
    encoder: "Encoder | None" = None,
    progress: bool = True,
    link_model: "LinkModel | None" = None,
    calibration: "Calibration | None" = None,
) -> Report:
    """Segment, encode, align and score one story.

    Args:
        story: a Story from `drift.ingest` (segmented or not), or the path of a story
            folder or one-story JSONL file (read with `drift.ingest.load_story`).
        config: what to do; defaults to `AnalysisConfig()`.
        encoder: an encoder to reuse (default: `drift.encoders.get_encoder` of the config's
            model, dtype and device).
        progress: show progress bars for encoding and scoring (only on a terminal).
        link_model, calibration: fitted models to use instead of the shipped ones (e.g. a
            link model from `drift.align.story.fitting.fit_link_model` on your own gold
            stories); the signature names the models that ran.
    """
    from drift.encoders import get_encoder

    config = config or AnalysisConfig()
    if not isinstance(config, AnalysisConfig):
        raise ConfigError(f"config must be an AnalysisConfig, got {type(config).__name__} {config!r:.40}")
    if not isinstance(story, Story):
        from drift.ingest import load_story

        story = load_story(story)
    encoder = encoder or get_encoder(config.model, dtype=config.dtype, device=config.device)
    segmented = segment(story) if not any(v.sentences for v in story.versions) else story
    with show_progress(progress), pipeline_runtime():
        words = sentence_words(segmented, encoder)
        vectors = sentence_vectors(segmented, encoder)
        units = align_story(segmented, vectors, mode=config.align_mode, words=words, link_model=link_model)
        pairs = unit_pairs(segmented, units, vectors)
        if config.score:
            pairs = score(pairs, encoder, config.metrics, calibration, segmented)
    log.info("analyze %s: %d units, %d pairs", story.id, len(units), len(pairs))
    metrics = config.metrics if config.score else None
    return Report(
        story=segmented, units=tuple(units), pairs=tuple(pairs),
        signature=signature(
            encoder, align_mode=config.align_mode, metrics=metrics, link_model=link_model, calibration=calibration
        ),
        metric_signatures=metric_signatures(_same_language(pairs), metrics or ()),
    )


def _same_language(pairs: list[Pair]) -> list[str]:
    """The languages of the pairs whose two sides share one (those get lexical metrics)."""
    return [p.a.language for p in pairs if p.a.language == p.b.language]


def align_sentences(
    src: list[str],
    tgt: list[str],
    *,
    mode: str = "auto",
    encoder: "Encoder | None" = None,
    model: str | None = None,
    dtype: str | None = None,
    device: str = "auto",
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Align two lists of sentences (a bitext); beads of 0-based indices.

    Blank entries take no part: they appear in no bead, so that a blank line is neither
    an omission nor an addition.
    """
    from drift.align import align_pair
    from drift.encoders import get_encoder

    if mode not in BITEXT_MODES:
        raise ConfigError(f"unknown bitext alignment mode {mode!r}; expected one of {', '.join(BITEXT_MODES)}")
    encoder = encoder or get_encoder(model, dtype=dtype, device=device)
    src_keep = [i for i, s in enumerate(src) if s.strip()]
    tgt_keep = [i for i, s in enumerate(tgt) if s.strip()]
    texts = [src[i] for i in src_keep] + [tgt[i] for i in tgt_keep]
    words = encoder.encode_words(texts)  # first: one model pass serves both calls
    vectors = encoder.encode_sentences(texts)
    cut = len(src_keep)
    with pipeline_runtime():
        beads = align_pair(
            vectors[:cut], vectors[cut:], mode=mode,
            src_words=words[:cut], tgt_words=words[cut:],
            src_texts=texts[:cut], tgt_texts=texts[cut:],
        )
    return [
        (tuple(src_keep[i] for i in s), tuple(tgt_keep[j] for j in t)) for s, t in beads
    ]
