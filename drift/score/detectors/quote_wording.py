"""``quote_wording``: a quotation is worded differently on the two sides.

A quotation is meant verbatim, so "friendly diplomatic blackmail" against "gentle
diplomatic blackmail" is drift even though the sentences around it are paraphrases.
Quotations are paired across sides by word overlap (difflib) and the words that differ
inside each pair are reported. Only same-language pairs are compared: a translated
quotation is never literally the same.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import NamedTuple

from drift.score.detectors.base import Detector, Token, difference, register, same_language, tokens, unique
from drift.types import Difference, Side

# Quotation marks of en, fr, nl and de typography: “…”, «…», „…“/„…”, »…«, "…", ``…''
# (Penn Treebank), and single ‘…’/'…'. A single closing mark followed by a letter is an
# apostrophe (Moscow’s), and an opening one must not follow a letter (l'armée), so
# apostrophes inside quotations do not end them.
QUOTES = (
    re.compile(r"“([^“”]+)”"),
    re.compile(r"«\s*([^«»]+?)\s*»"),
    re.compile(r"„([^„“”]+)[“”]"),
    re.compile(r"»([^«»]+)«"),
    re.compile(r"(?<!\w)\"([^\"]+)\""),
    re.compile(r"``\s*(.+?)\s*''"),
    re.compile(r"(?<!\w)‘((?:[^‘’]|’(?=\w))+)’(?!\w)"),
    re.compile(r"(?<![\w'])'(?=\w)((?:[^'\"]|'(?=\w))+?)(?<=[\w.,!?])'(?!\w)"),
)
# Two quotations are the same one reworded when difflib's ratio over their words is at
# least this (half their words in common); below it they are different quotations, which
# is an omission or addition for the word-level scorer, not a rewording.
MIN_PAIR_RATIO = 0.5
# A reworded quotation is clear drift; the score grows from this floor with how much of
# the quotation changed (design choice, not calibrated).
SCORE_FLOOR = 0.6


class Quote(NamedTuple):
    """The words inside one quotation of a side's text."""

    words: tuple[Token, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(w.key for w in self.words)


@lru_cache(maxsize=512)
def quotes(text: str) -> tuple[Quote, ...]:
    """Every quotation of ``text`` with at least one word, nested ones included."""
    words = tokens(text)
    spans = sorted({m.span(1) for pattern in QUOTES for m in pattern.finditer(text)})
    out = []
    for start, end in spans:
        inside = tuple(w for w in words if start <= w.start and w.end <= end)
        if inside:
            out.append(Quote(inside))
    return tuple(out)


def _pairs(qa: tuple[Quote, ...], qb: tuple[Quote, ...]) -> list[tuple[Quote, Quote, SequenceMatcher]]:
    """Pair quotations one-to-one, best word overlap first."""
    scored = []
    for i, x in enumerate(qa):
        for j, y in enumerate(qb):
            matcher = SequenceMatcher(None, x.keys, y.keys, autojunk=False)
            ratio = matcher.ratio()
            if ratio >= MIN_PAIR_RATIO:
                scored.append((ratio, i, j, matcher))
    used_a, used_b, out = set(), set(), []
    for ratio, i, j, matcher in sorted(scored, key=lambda t: -t[0]):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((qa[i], qb[j], matcher))
    return out


@register
class QuoteWordingDetector(Detector):
    name = "quote_wording"

    def detect(self, a: Side, b: Side) -> list[Difference]:
        if not same_language(a, b):
            return []
        out = []
        for x, y, matcher in _pairs(quotes(a.text), quotes(b.text)):
            score = SCORE_FLOOR + (1 - SCORE_FLOOR) * (1 - matcher.ratio())
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag == "equal":
                    continue
                if i2 > i1:
                    out.append(difference(a, x.words[i1].start, x.words[i2 - 1].end, self.name, score))
                if j2 > j1:
                    out.append(difference(b, y.words[j1].start, y.words[j2 - 1].end, self.name, score))
        return unique(out)
