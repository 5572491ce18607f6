"""The words of each sentence that the aligner's word coverage (`drift.align.bitext.coverage`) reads.

Only words holding a letter or digit count: punctuation links across any two sentences and
says nothing about content.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

import numpy as np

from drift.errors import InputError

if TYPE_CHECKING:
    from drift.encoders.encoder import WordVectors

_ALNUM = re.compile(r"[^\W_]")  # a letter or digit, in any script


def content_words(words: Sequence["WordVectors"], n: int, name: str) -> list[np.ndarray]:
    """Per sentence, the (k, d) vectors of its words that hold a letter or digit. ``words``
    must hold one entry per sentence (``n``); ``name`` is for the error."""
    if len(words) != n:
        raise InputError(f"{name} has {len(words)} entries; expected one per sentence ({n})")
    return [
        np.asarray(w.vectors, dtype=np.float32)[[_ALNUM.search(t) is not None for t in w.words]]
        .reshape(-1, np.shape(w.vectors)[-1])
        for w in words
    ]
