"""A BERT encoder built from torch's own transformer layers, loaded without transformers.

The converted default model (``drift.encoders.e5_q4``) is a plain post-LayerNorm BERT with
exact-erf GELU, which is what ``torch.nn.TransformerEncoderLayer`` computes. Building it
from torch alone keeps transformers (several seconds of imports) off the default path,
loads the weights memory-mapped from ``model.safetensors`` (nothing converted again), and
lets torch use its fused inference kernels for the layers.

In float32, and on a GPU, the layers run torch's fused fast path. Its attention softmax
(``_masked_softmax``) is slow on the CPU: for 64 sentences of 40 tokens, 3.2 ms a layer in
float32 and 6.4 ms in bfloat16, against 0.7 and 1.6 ms for a plain softmax. In float32 the
fused path still wins (its GELU is fused into the matrix product: 0.70 against 0.78 s for
the 12 layers); in bfloat16 the masked softmax is a fifth of the forward pass, so on the CPU
in bfloat16 and float16 each layer runs the same computation from its own weights
(:func:`_reduced_layer`), closer to the float32 model than the fused layer and a little
faster: 140.0 against 136.9 sentences/s (medians of 8 alternating runs in one process) on a
CPU with AVX512-BF16, and more where AMX speeds up the matrix products but not the softmax.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from safetensors.torch import load_file
from torch import nn

# transformers' BertModel parameter names -> this module's, per layer.
_LAYER_NAMES = {
    "attention.output.dense": "self_attn.out_proj",
    "attention.output.LayerNorm": "norm1",
    "intermediate.dense": "linear1",
    "output.dense": "linear2",
    "output.LayerNorm": "norm2",
}


class Bert(nn.Module):
    """BERT without a pooler: token ids in, the last and one middle layer's states out."""

    def __init__(self, config: dict[str, Any], state: dict[str, torch.Tensor]) -> None:
        """``state``: the weights in transformers' BertModel names (taken, not copied)."""
        super().__init__()
        eps = config["layer_norm_eps"]
        self.word_embeddings = nn.Embedding.from_pretrained(state["embeddings.word_embeddings.weight"])
        self.position_embeddings = nn.Embedding.from_pretrained(state["embeddings.position_embeddings.weight"])
        self.token_type_embeddings = nn.Embedding.from_pretrained(state["embeddings.token_type_embeddings.weight"])
        self.embedding_norm = nn.LayerNorm(config["hidden_size"], eps=eps)
        with torch.device("meta"):  # no random initialisation: every weight is assigned below
            self.layers = nn.ModuleList(
                nn.TransformerEncoderLayer(
                    config["hidden_size"], config["num_attention_heads"], config["intermediate_size"],
                    dropout=0.0, activation="gelu", layer_norm_eps=eps, batch_first=True, norm_first=False,
                )
                for _ in range(config["num_hidden_layers"])
            )
        self.load_state_dict(_renamed(state, config), strict=True, assign=True)

    def forward(self, input_ids: torch.Tensor, padding: torch.Tensor, middle: int) -> tuple[torch.Tensor, torch.Tensor]:
        """``(last, hidden_states[middle])``, each ``(batch, length, hidden)``; ``padding``
        is ``(batch, length)`` bool, True at padding positions."""
        positions = torch.arange(input_ids.shape[1], device=input_ids.device)
        states = self.word_embeddings(input_ids) + self.position_embeddings(positions) + self.token_type_embeddings.weight[0]
        dtype = self.layers[0].linear1.weight.dtype
        states = self.embedding_norm(states).to(dtype)
        kept = states
        masked = None  # float32 and GPUs: torch's fused layers (module docstring)
        if dtype != torch.float32 and input_ids.device.type == "cpu":
            masked = torch.zeros(padding.shape, device=padding.device).masked_fill_(padding, float("-inf"))[:, None, None, :]
        for depth, layer in enumerate(self.layers, start=1):
            states = layer(states, src_key_padding_mask=padding) if masked is None else _reduced_layer(layer, states, masked)
            if depth == middle:
                kept = states
        return states, kept


def _reduced_layer(layer: nn.TransformerEncoderLayer, x: torch.Tensor, masked: torch.Tensor) -> torch.Tensor:
    """What ``layer`` computes in inference (post-LayerNorm, GELU, no dropout) for ``x``
    (batch, length, hidden) in bfloat16 or float16, with the matrix products in that
    precision and the attention softmax, the residual sums and the LayerNorms in float32;
    ``masked`` is ``(batch, 1, 1, length)``: -inf at padding positions, 0 elsewhere.

    Against the float32 model on 512 REFreSD sentences, token states differ by a mean
    cosine distance of 4.05e-5 this way, 5.04e-5 with the sums and norms in bfloat16, and
    5.17e-5 through the fused layer; the float32 sums cost 3% of the layer's time."""
    batch, length, hidden = x.shape
    attention = layer.self_attn
    heads = attention.num_heads
    qkv = F.linear(x, attention.in_proj_weight, attention.in_proj_bias)
    q, k, v = qkv.view(batch, length, 3, heads, hidden // heads).permute(2, 0, 3, 1, 4)
    scores = torch.matmul(q, k.transpose(-1, -2)).float().mul_((hidden // heads) ** -0.5).add_(masked)
    mixed = torch.matmul(torch.softmax(scores, dim=-1).to(x.dtype), v).transpose(1, 2).reshape(batch, length, hidden)
    attended = _norm(layer.norm1, x.float() + F.linear(mixed, attention.out_proj.weight, attention.out_proj.bias).float())
    fed = layer.linear2(F.gelu(layer.linear1(attended.to(x.dtype))))
    return _norm(layer.norm2, attended + fed.float()).to(x.dtype)


def _norm(norm: nn.LayerNorm, x: torch.Tensor) -> torch.Tensor:
    """``norm`` applied in float32 to a float32 ``x``, whatever its weights' precision."""
    return F.layer_norm(x, norm.normalized_shape, norm.weight.float(), norm.bias.float(), norm.eps)


def load_bert(folder: Path) -> Bert:
    """The model saved in ``folder`` (``config.json`` and ``model.safetensors`` in
    transformers' BertModel names), float32, in eval mode."""
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    return Bert(config, load_file(folder / "model.safetensors")).eval()


def _renamed(state: dict[str, torch.Tensor], config: dict[str, Any]) -> dict[str, torch.Tensor]:
    out = {
        "word_embeddings.weight": state["embeddings.word_embeddings.weight"],
        "position_embeddings.weight": state["embeddings.position_embeddings.weight"],
        "token_type_embeddings.weight": state["embeddings.token_type_embeddings.weight"],
        "embedding_norm.weight": state["embeddings.LayerNorm.weight"],
        "embedding_norm.bias": state["embeddings.LayerNorm.bias"],
    }
    for i in range(config["num_hidden_layers"]):
        theirs, ours = f"encoder.layer.{i}.", f"layers.{i}."
        for param in ("weight", "bias"):
            out[f"{ours}self_attn.in_proj_{param}"] = torch.cat(
                [state[f"{theirs}attention.self.{part}.{param}"] for part in ("query", "key", "value")]
            )
            for name, mine in _LAYER_NAMES.items():
                out[f"{ours}{mine}.{param}"] = state[f"{theirs}{name}.{param}"]
    return out
