"""``direction``: the two sides name different points of the compass.

"towed north" against "remorqué vers le sud", "the southern entrance" against "de
noordelijke ingang": a closed class of words (each language's ``DIRECTIONS`` in
``drift.lang``, nouns, adjectives and adverbs, "north-east" as two points) whose conflict
is a contradiction of fact, as a changed figure or day is, and one that word vectors blur
(north and south sit close in any encoder). A direction of one side that no direction of
the other side shares conflicts with a direction there that the first side does not share;
a direction only one side states is a detail (the word-level scorer sees it). Capitalised
words inside a sentence are names (North Korea, Corée du Nord, Zuid-Afrika, Middle East)
and are skipped, except in German, which capitalises its nouns (im Norden). French "est"
is the compass point only after an elided article ("l'est", "d'est") or in a compound
("nord-est"); elsewhere it is the verb.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from drift import lang
from drift.score.detectors.base import SCORE_CONFLICT, Detector, Token, difference, fold, register, tokens, unique, unmatched
from drift.types import Difference, Side

# word (folded) -> the points it names, per language: "n", "ne", ...
DIRECTIONS = {code: {fold(w): p for w, p in words.items()} for code, words in lang.table("DIRECTIONS").items()}
# Languages whose nouns are capitalised: a capital says nothing about a name there.
CAPITALISED_NOUNS = frozenset({"de"})
# Words that are also common words of the language and name a point only after these
# (French "est": "is", but "l'est", "d'est", "à l'est").
ONLY_AFTER = {"fr": {"est": frozenset({"l'", "d'"})}}


class Direction(NamedTuple):
    points: frozenset[str]
    start: int
    end: int


def _agree(x: Direction, y: Direction) -> bool:
    """One names a point of the other ("north-east" and "east" agree)."""
    return x.points <= y.points or y.points <= x.points


@lru_cache(maxsize=512)
def directions(text: str, language: str) -> tuple[Direction, ...]:
    """The compass points ``text`` names, read with ``language``'s words."""
    table = DIRECTIONS.get(language)
    if not table:
        return ()
    words = tokens(text)
    out = []
    for i, word in enumerate(words):
        points = table.get(word.key)
        following = words[i + 1] if i + 1 < len(words) else None
        if points is None or _name(word, following, text, language) or not _placed(words, i, language):
            continue
        out.append(Direction(frozenset(points), word.start, word.end))
    return tuple(out)


def _name(word: Token, following: Token | None, text: str, language: str) -> bool:
    """A capitalised word inside a sentence, or one that opens it before another capitalised
    word ("North Korea fired..."), is (part of) a name."""
    if not word.text[:1].isupper() or language in CAPITALISED_NOUNS:
        return False
    if not word.initial:
        return True
    return following is not None and following.text[:1].isupper() and not text[word.end : following.start].strip()


def _placed(words: tuple[Token, ...], i: int, language: str) -> bool:
    after = ONLY_AFTER.get(language, {}).get(words[i].key)
    return after is None or (i > 0 and words[i - 1].key in after and words[i - 1].end == words[i].start)


@register
class DirectionDetector(Detector):
    name = "direction"

    def detect(self, a: Side, b: Side) -> list[Difference]:
        da, db = directions(a.text, a.language), directions(b.text, b.language)
        lone_a, lone_b = unmatched(da, db, _agree), unmatched(db, da, _agree)
        if not lone_a or not lone_b:
            return []
        return unique(
            [difference(a, d.start, d.end, self.name, SCORE_CONFLICT) for d in lone_a]
            + [difference(b, d.start, d.end, self.name, SCORE_CONFLICT) for d in lone_b]
        )
