"""``quote_wording``: a quotation is worded differently on the two sides.

A quotation is meant verbatim, so "friendly diplomatic blackmail" against "gentle
diplomatic blackmail" is drift even though the sentences around it are paraphrases.
Quotations are paired across sides by word overlap (difflib) and the words that differ
inside each pair are reported; a word that one side only places elsewhere in the quotation
("now is" / "is now") is not. A quotation may be a fragment of a longer one on the other
side (``“pay a price”`` of ``“they will pay the price in the international community”``);
then only the stretch of the longer one that the fragment covers is compared. Only
same-language pairs are compared: a translated quotation is never literally the same.

Double quotation marks are read by their position, not their glyph, so every typographic
style pairs up (“…”, „…“, ”…”, «…», »…«, "…"); a quotation that opens in one sentence and
closes in the next (a side may hold only one of them) runs to the side's end or from its
start.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import NamedTuple

from drift.score.detectors.base import Detector, Token, difference, register, same_language, tokens, unique
from drift.score.detectors.name_variant import NOT_NAMES
from drift.types import Difference, Side

# Double quotation marks of en, fr, nl, de and Nordic typography; the glyph gives the
# direction only where the neighbouring characters do not (French « spaced »).
DOUBLE_MARKS = "“”„‟«»\""
OPENING_GLYPHS = "“„‟«"
CLOSING_GLYPHS = "”»"
OPEN_BEFORE = "([{—–-/"  # what may stand right before an opening mark, besides a space
CLOSE_AFTER = ".,;:!?)]}—–-"  # what may follow a closing mark, besides a space
# A straight " is paired only with another: a lone one is as often an inch mark or a stray.
STRAIGHT = '"'
# Single quotation marks and Penn Treebank ``…'' quotes, read by pattern: a single
# closing mark followed by a letter is an apostrophe (Moscow’s), and an opening one must
# not follow a letter (l'armée), so apostrophes inside quotations do not end them.
SINGLE_QUOTES = (
    re.compile(r"``\s*(.+?)\s*''"),
    re.compile(r"(?<!\w)‘((?:[^‘’]|’(?=\w))+)’(?!\w)"),
    re.compile(r"(?<!\w)‚((?:[^‚‘]|‘(?=\w))+)‘(?!\w)"),
    re.compile(r"(?<![\w'])'(?=\w)((?:[^'\"]|'(?=\w))+?)(?<=[\w.,!?])'(?!\w)"),
)
# Two quotations are the same one reworded when difflib's ratio over their words is at
# least this (half their words in common); below it they are different quotations, which
# is an omission or addition for the word-level scorer, not a rewording.
MIN_PAIR_RATIO = 0.5
# A shorter quotation is a fragment of a longer one when more than this share of its
# content words (not NOT_NAMES' function words) occur in it, in order: most of them. Half
# is too little: “an unequivocal violation” shares one word of two with another speaker's
# “... would be in violation of ...”.
FRAGMENT_SHARE = 0.5
# A reworded quotation is clear drift; the score grows from this floor with how much of
# the quotation changed (design choice, not calibrated).
SCORE_FLOOR = 0.6
# British and American spellings of one word are no rewording: the regular
# correspondences -our/-or, -ise/-ize (-yse/-yze), -ence/-ense, -elled/-eled, -tre/-ter and
# -ogue/-og (neighbours/neighbors, characterise/characterize, defence/defense), mapped to
# one form on both sides' English words before they are compared.
SPELLINGS = (
    (re.compile(r"(?<=\w{3})our(?=(?:s|ed|ing|able|ite|ites)?$)"), "or"),
    (re.compile(r"(?<=\w{3})([iy])s(?=(?:e|es|ed|ing|ation|ations)$)"), r"\1z"),
    (re.compile(r"ence(?=s?$)"), "ense"),
    (re.compile(r"(?<=\w{2})ell(?=(?:ed|ing|er|ers)$)"), "el"),
    (re.compile(r"(?<=\w{2})tre(?=s?$)"), "ter"),
    (re.compile(r"(?<=\w{3})ogue(?=s?$)"), "og"),
)


class Quote(NamedTuple):
    """The words inside one quotation of a side's text; ``open_start``/``open_end`` say it
    runs on beyond the side's text (its other mark is in a sentence the side lacks)."""

    words: tuple[Token, ...]
    open_start: bool = False
    open_end: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(w.key for w in self.words)


@lru_cache(maxsize=512)
def quotes(text: str) -> tuple[Quote, ...]:
    """Every quotation of ``text`` with at least one word, nested ones included."""
    words = tokens(text)
    spans = {span: (False, False) for pattern in SINGLE_QUOTES for span in (m.span(1) for m in pattern.finditer(text))}
    spans.update(_double_quotes(text))
    out = []
    for (start, end), (open_start, open_end) in sorted(spans.items()):
        inside = tuple(w for w in words if start <= w.start and w.end <= end)
        if inside:
            out.append(Quote(inside, open_start, open_end))
    return tuple(out)


def _double_quotes(text: str) -> dict[tuple[int, int], tuple[bool, bool]]:
    """``(start, end)`` of the text inside each pair of double marks, with whether it is
    open at the start or at the end: a closing mark before any other mark starts at 0, an
    opening mark never closed runs to the end (straight marks only ever pair up)."""
    spans: dict[tuple[int, int], tuple[bool, bool]] = {}
    opened: int | None = None
    first = True
    for i, mark in ((i, c) for i, c in enumerate(text) if c in DOUBLE_MARKS):
        direction = _direction(text, i)
        if opened is None and direction == "open":
            opened = i + 1
        elif opened is not None and direction == "close":
            spans[(opened, i)] = (False, False)
            opened = None
        elif first and direction == "close" and mark != STRAIGHT:
            spans[(0, i)] = (True, False)
        first = False
    if opened is not None and text[opened - 1] != STRAIGHT:
        spans[(opened, len(text))] = (False, True)
    return spans


def _direction(text: str, i: int) -> str | None:
    """"open" or "close" for the mark at ``i``: a mark after a space and before a word
    opens, one after a word and before a space or punctuation closes; where neither holds
    (French « spaced »), the glyph says, and a straight mark is left undecided (None)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if (before.isspace() or before in OPEN_BEFORE) and not (after.isspace() or after in CLOSE_AFTER):
        return "open"
    if not before.isspace() and (after.isspace() or after in CLOSE_AFTER):
        return "close"
    return "open" if text[i] in OPENING_GLYPHS else "close" if text[i] in CLOSING_GLYPHS else None


@lru_cache(maxsize=1 << 14)
def spelling_key(key: str) -> str:
    """One form for British and American spellings of an English word (and co-operate)."""
    out = key.replace("-", "")
    for pattern, replacement in SPELLINGS:
        out = pattern.sub(replacement, out)
    return out


def _keys(quote: Quote, language: str) -> tuple[str, ...]:
    return tuple(spelling_key(k) for k in quote.keys) if language == "en" else quote.keys


class Block(NamedTuple):
    """Words ``own[own_at : own_at + size]`` equal ``other[other_at : other_at + size]``."""

    own_at: int
    other_at: int
    size: int


def _blocks(kx: tuple[str, ...], ky: tuple[str, ...]) -> tuple[float, list[Block]]:
    """difflib's ratio of two word sequences and their matching blocks, x's side first."""
    matcher = SequenceMatcher(None, kx, ky, autojunk=False)
    return matcher.ratio(), [Block(*b) for b in matcher.get_matching_blocks() if b.size]


def _fragment(short: tuple[str, ...], blocks: list[Block]) -> bool:
    """Whether most content words of ``short`` recur, in order, in the other quotation
    (``blocks`` with ``short`` as their own side; none: no fragment)."""
    content = [k for k in short if k not in NOT_NAMES]
    shared = [k for b in blocks for k in short[b.own_at : b.own_at + b.size] if k not in NOT_NAMES]
    return len(shared) > FRAGMENT_SHARE * len(content)


def _covered(blocks: list[Block], own_length: int, other_length: int, start: bool, end: bool) -> tuple[int, int]:
    """The stretch of the other quotation that this one covers, cut at the start and/or
    the end: from its first shared word less the words this one has before it, to its last
    shared word plus the words this one has after it."""
    first, last = blocks[0], blocks[-1]
    lo = max(0, first.other_at - first.own_at) if start else 0
    hi = min(other_length, last.other_at + own_length - last.own_at) if end else other_length
    return lo, hi


class QuotePair(NamedTuple):
    """Two quotations paired across sides, each with the stretch of words compared."""

    x: Quote
    y: Quote
    x_range: tuple[int, int]
    y_range: tuple[int, int]
    matcher: SequenceMatcher


def _candidate(x: Quote, y: Quote, kx: tuple[str, ...], ky: tuple[str, ...]) -> tuple[float, QuotePair] | None:
    """The pair of two quotations, if they are one quotation: reworded (ratio), or one a
    fragment of the other. A fragment, or a quotation that runs on beyond its side, is
    compared only with the stretch of the other that it covers."""
    ratio, blocks = _blocks(kx, ky)
    x_fragment = y_fragment = False
    if ratio < MIN_PAIR_RATIO:
        x_fragment, y_fragment = len(kx) <= len(ky), len(kx) > len(ky)
        if not _fragment(kx if x_fragment else ky, blocks if x_fragment else _swap(blocks)):
            return None
    y_range = _covered(blocks, len(kx), len(ky), x.open_start or x_fragment, x.open_end or x_fragment)
    x_range = _covered(_swap(blocks), len(ky), len(kx), y.open_start or y_fragment, y.open_end or y_fragment)
    part = SequenceMatcher(None, kx[slice(*x_range)], ky[slice(*y_range)], autojunk=False)
    return part.ratio(), QuotePair(x, y, x_range, y_range, part)


def _swap(blocks: list[Block]) -> list[Block]:
    return [Block(b.other_at, b.own_at, b.size) for b in blocks]


def _pairs(qa: tuple[Quote, ...], qb: tuple[Quote, ...], language: str) -> list[QuotePair]:
    """Pair quotations one-to-one, best word overlap first."""
    keys_a, keys_b = [_keys(q, language) for q in qa], [_keys(q, language) for q in qb]
    scored = []
    for i, (x, kx) in enumerate(zip(qa, keys_a)):
        for j, (y, ky) in enumerate(zip(qb, keys_b)):
            found = _candidate(x, y, kx, ky)
            if found is not None:
                scored.append((found[0], i, j, found[1]))
    used_a, used_b, out = set(), set(), []
    for _, i, j, pair in sorted(scored, key=lambda t: -t[0]):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append(pair)
    return out


@register
class QuoteWordingDetector(Detector):
    name = "quote_wording"

    def detect(self, a: Side, b: Side) -> list[Difference]:
        if not same_language(a, b):
            return []
        out = []
        for pair in _pairs(quotes(a.text), quotes(b.text), a.language):
            score = SCORE_FLOOR + (1 - SCORE_FLOOR) * (1 - pair.matcher.ratio())
            words_x = pair.x.words[slice(*pair.x_range)]
            words_y = pair.y.words[slice(*pair.y_range)]
            for tag, i1, i2, j1, j2 in _reworded(pair.matcher):
                if i2 > i1:
                    out.append(difference(a, words_x[i1].start, words_x[i2 - 1].end, self.name, score))
                if j2 > j1:
                    out.append(difference(b, words_y[j1].start, words_y[j2 - 1].end, self.name, score))
        return unique(out)


def _reworded(matcher: SequenceMatcher) -> list[tuple[str, int, int, int, int]]:
    """The matcher's opcodes that reword: not "equal", and not a word or run of words
    that one side deletes where the other inserts it elsewhere ("The major worry ... now
    is" / "The biggest concern ... is now": "is" moved, and was not reworded)."""
    kx, ky = matcher.a, matcher.b
    ops = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    deleted = {tuple(kx[i1:i2]) for tag, i1, i2, _, _ in ops if tag == "delete"}
    inserted = {tuple(ky[j1:j2]) for tag, _, _, j1, j2 in ops if tag == "insert"}
    moved = deleted & inserted
    return [
        op for op in ops
        if not (op[0] == "delete" and tuple(kx[op[1]:op[2]]) in moved)
        and not (op[0] == "insert" and tuple(ky[op[3]:op[4]]) in moved)
    ]
