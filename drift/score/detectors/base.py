"""What every drift-type detector shares: the base, the registry by name, word spans.

A detector reads the text of two aligned sides and returns the stretches of words, on either
side, that carry a difference of its type. Adding a type means one new module with a class
decorated by :func:`register`, and one import line in ``drift/score/detectors/__init__.py``.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from functools import lru_cache
from types import MappingProxyType
from typing import Callable, ClassVar, Iterable, Mapping, NamedTuple, Sequence, TypeVar

from drift import lang
from drift.errors import ConfigError
from drift.score.vocab import ALL_TYPES, WORD_ALIGNMENT_TYPES
from drift.types import Difference, Side

T = TypeVar("T")

# Shared scores (a design choice, not calibrated): two sides that state conflicting values
# of the same kind (20 vs 18 hours, Tuesday vs Monday) are near-certain drift; a detail
# that only one side states is a likely omission or addition, so it weighs less and the
# word-level scorer may outrank it.
SCORE_CONFLICT = 0.9
SCORE_ONE_SIDED = 0.4


class Detector:
    """A rule-based detector of one drift type; stateless, so one instance serves all."""

    name: ClassVar[str] = ""

    def detect(self, a: Side, b: Side) -> list[Difference]:
        """Differences of this type between ``a`` and ``b``, on either side."""
        raise NotImplementedError


_REGISTRY: dict[str, Detector] = {}
DETECTORS: Mapping[str, Detector] = MappingProxyType(_REGISTRY)


def register(cls: type[Detector]) -> type[Detector]:
    """Class decorator: add one instance of ``cls`` to :data:`DETECTORS` under its name."""
    if cls.name not in ALL_TYPES or cls.name in WORD_ALIGNMENT_TYPES:
        raise ConfigError(
            f"detector {cls.__name__} has type {cls.name!r}: expected one of the rule-based "
            f"types {[t for t in ALL_TYPES if t not in WORD_ALIGNMENT_TYPES]}"
        )
    _REGISTRY[cls.name] = cls()
    return cls


def get_detectors(names: Iterable[str] | None = None) -> tuple[Detector, ...]:
    """The registered detectors for ``names`` (all when None), in :data:`ALL_TYPES` order.

    Word-alignment types (omission, addition, wording) are accepted and skipped, so a
    configuration can list every type; an unknown name raises ConfigError.
    """
    importlib.import_module("drift.score.detectors")  # registers every detector module
    wanted = set(ALL_TYPES if names is None else names)
    unknown = sorted(wanted - set(ALL_TYPES))
    if unknown:
        raise ConfigError(f"unknown drift type(s) {unknown}: expected names from {list(ALL_TYPES)}")
    return tuple(_REGISTRY[t] for t in ALL_TYPES if t in wanted and t in _REGISTRY)


class Token(NamedTuple):
    """A word of a side's text: ``text == side_text[start:end]``.

    ``initial`` says the word opens a sentence (nothing but quotes or brackets before it
    since the last full stop), where capitals say nothing about names.
    """

    start: int
    end: int
    text: str
    initial: bool
    key: str  # the folded text, for lexicon look-ups


# Words: dotted abbreviations (U.S., p.m.) first, then French/Italian elided articles
# (l', d', qu', n') as words of their own, then letters and digits joined by hyphens or
# apostrophes (Jong-un, Moscow’s, didn't).
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|(?i:\b(?:qu|[cdjlmnst])['’](?=\w))|\w+(?:[-'’]\w+)*")
_OPENERS = "\"'“”‘’«»„‚([{*-–—"  # what may stand between a full stop and the next word
_SENTENCE_END = (".", "!", "?", ":")
# Abbreviations whose full stop does not end a sentence (titles, months before a day;
# initials are handled as any single capital): every language's lists in drift.lang, since
# names and titles of one language turn up in the news of another.
_ABBREVIATIONS = lang.union("ABBREVIATIONS") | lang.union("NUMBERED_ABBREVIATIONS") | {"no", "nr"}


@lru_cache(maxsize=512)
def tokens(text: str) -> tuple[Token, ...]:
    """The words of ``text`` with their character offsets (cached: detectors share them)."""
    out: list[Token] = []
    previous_end = 0
    for match in _WORD.finditer(text):
        gap = text[previous_end : match.start()]
        if gap == " " and out:
            initial = False  # most words: one space after the last
        else:
            gap = gap.strip().strip(_OPENERS).strip()
            initial = not out or (gap.endswith(_SENTENCE_END) and not _abbreviation(out[-1].text))
        out.append(Token(match.start(), match.end(), match.group(), initial, fold(match.group())))
        previous_end = match.end()
    return tuple(out)


def _abbreviation(word: str) -> bool:
    return word.casefold() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case-fold and strip diacritics, so lexicon look-ups ignore case and accents."""
    if text.isascii():
        return text.casefold()  # nothing to decompose, no mark to strip, no ’
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


@lru_cache(maxsize=None)
def number_words(language: str) -> dict[str, int]:
    """``language``'s number words (``drift.lang``'s ``NUMBER_WORDS``, standard spellings),
    folded: the number detector reads figures with them, the time detector clock times in
    words. "one" and its cognates are not among them: in fr/nl/de they are also the
    indefinite article, and in English mostly a pronoun."""
    return {fold(w): n for w, n in lang.table("NUMBER_WORDS").get(language, {}).items()}


# "3 to 5", "between 3 and 5", "entre 1163 et 1345": (word between two figures, word the
# range opens with or ""), per language (drift.lang).
RANGE_WORDS = lang.table("RANGE_WORDS")


def joins_range(text: str, first: tuple[int, int], second: tuple[int, int], language: str) -> bool:
    """Whether the text between two figures of ``text`` (their character spans) makes them
    one range: a dash, or ``language``'s range word with the word it needs before the
    first. One rule for the number detector's ranges and the time detector's years."""
    gap = fold(text[first[1] : second[0]].strip())
    if gap in ("-", "–"):
        return True
    before = fold(text[max(0, first[0] - 30) : first[0]])
    # The gap and the text before are folded (accents dropped), so the words are too: "à".
    return any(
        gap == fold(word) and (not lead or re.search(r"(?<!\w)" + fold(lead) + r"\s*[$€£]?$", before))
        for word, lead in RANGE_WORDS.get(language, ())
    )


def same_language(a: Side, b: Side) -> bool:
    return a.language == b.language


def difference(side: Side, start: int, end: int, type_: str, score: float) -> Difference:
    """A Difference for ``side.text[start:end]``, mapped to offsets in the version's text.

    A span that would run across two of the side's sentences is cut at the first sentence's
    end, because the joining space is not in the version's text.
    """
    cursor = 0
    for sentence in side.sentences:
        sentence_end = cursor + len(sentence.text)
        if start < sentence_end:
            end = min(end, sentence_end)
            break
        cursor = sentence_end + 1
    version_start, version_end = side.span(start, end)
    return Difference(
        side.version, version_start, version_end, side.text[start:end], type_, min(1.0, max(0.0, score))
    )


def unmatched(own: Sequence[T], other: Sequence[T], agree: Callable[[T, T], bool]) -> list[T]:
    """The items of ``own`` that agree with no item of ``other`` (values a side states alone)."""
    return [x for x in own if not any(agree(x, y) for y in other)]


def unique(differences: Iterable[Difference]) -> list[Difference]:
    """Drop repeated differences (same version, span and type), keeping the first."""
    seen: set[tuple[str, int, int, str]] = set()
    out = []
    for d in differences:
        key = (d.version, d.start, d.end, d.type)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out
