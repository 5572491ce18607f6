"""Split a text into words, as character spans, for word vectors.

A word is a maximal run of characters that are neither whitespace nor punctuation or
symbols (Unicode categories P*, S*); each punctuation or symbol character is a word of its
own, except an apostrophe or hyphen between two word characters, which joins them
("don't", "aujourd'hui", "Nord-Stream"). CJK ideographs are one word each, since those
scripts put no spaces between words (as BERT's basic tokenizer does). This matches the
whitespace-and-punctuation tokens of the iSTS-RSD data.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_JOINERS = frozenset("'\u2019-\u2010\u2011")


def word_spans(text: str) -> list[tuple[int, int]]:
    """``[(start, end), ...]`` of the words of ``text``, in order; ``text[start:end]`` is a word.

    Whitespace, control and format characters (categories Z*, C*) separate words.
    """
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for i, ch in enumerate(text):
        kind = _kind(ch)
        if kind == "word":
            if start is None:
                start = i
            continue
        if ch in _JOINERS and start is not None and i + 1 < len(text) and _kind(text[i + 1]) == "word":
            continue
        if start is not None:
            spans.append((start, i))
            start = None
        if kind != "space":
            spans.append((i, i + 1))
    if start is not None:
        spans.append((start, len(text)))
    return spans


@lru_cache(maxsize=8192)  # a text has few distinct characters; the Unicode lookup is the cost
def _kind(ch: str) -> str:
    """``space``, ``word``, ``single`` (punctuation, symbol, CJK ideograph)."""
    category = unicodedata.category(ch)[0]
    if ch.isspace() or category in "ZC":
        return "space"
    if category in "PS" or _is_ideograph(ch):
        return "single"
    return "word"


def _is_ideograph(ch: str) -> bool:
    """CJK Unified Ideographs and their extensions and compatibility blocks."""
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x3134F
    )
