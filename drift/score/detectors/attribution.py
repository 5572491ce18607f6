"""``attribution``: the two sides credit a claim to different sources, or only one hedges.

Finds sources introduced by "according to" (selon, d'après, volgens, laut) and the subject
or inverted subject of a reporting verb (said, told, claimed; a déclaré, zei, sagte), and
compares them: sources that share no word (or, across languages, no name) differ. A side
that hedges with "reportedly" or "is said to" where the other asserts is reported too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from drift import lang
from drift.score.detectors.base import (
    SCORE_ONE_SIDED,
    Detector,
    Token,
    difference,
    fold,
    register,
    same_language,
    tokens,
    unique,
)
from drift.score.detectors.quote_wording import quotes
from drift.score.detectors.time import temporal_spans
from drift.score.detectors.name_variant import NOT_NAMES, ROLE_OF, entity_key, skeleton
from drift.types import Difference, Side

# Per language, from drift.lang: the phrases that credit a claim to a source ("according
# to", selon, volgens, laut), the reporting verbs (said, a déclaré, zei, sagte), the word
# that opens "For <name>, ..." and the hedges ("reportedly", "aurait").
ACCORDING_TO = lang.table("ACCORDING_TO")
REPORTING_VERBS = lang.table("REPORTING_VERBS")
OPENING_FOR = lang.table("OPENING_FOR")
HEDGES = lang.table("HEDGES")
# Auxiliaries and adverbs between a subject and its reporting verb ("Washington has said");
# verbs whose following noun is the one told, not the teller ("he told AFP"); articles and
# particles that may stand inside a source phrase read backwards from its verb ("the
# governor of the region"; any other function word ends it). Those of every language in
# drift.lang apply to every side.
SKIP_BEFORE_VERB = lang.union("SKIP_BEFORE_VERB")
NO_INVERSION = lang.union("NO_INVERSION")
INSIDE_SOURCE = lang.union("INSIDE_SOURCE")
MAX_SOURCE_WORDS = 8  # a source phrase is short: "le secrétaire d'État à l'Intérieur"
# A speaker named before an apposition is a name or a short title ("Andrei Lankov, an
# expert at ..., said"); a longer opening clause is what was said, not who said it.
MAX_APPOSED_WORDS = 4
# A claim credited to one source on one side and another on the other is clear drift,
# a hedge on one side only is weaker (design choices, not calibrated).
SCORE_OTHER_SOURCE = 0.8
SCORE_HEDGE = 0.5
_PUNCTUATION = re.compile(r"[,;:.!?“”\"«»()\[\]—–]")
_CLOSING_QUOTE = re.compile(r"[”\"»’']")


class Source(NamedTuple):
    """Who a side credits: the span of the source words and their comparison keys."""

    start: int
    end: int
    keys: frozenset[str]
    names: frozenset[str]


@lru_cache(maxsize=None)
def _phrases(table: str, language: str) -> tuple[tuple[str, ...], ...]:
    source = {"according": ACCORDING_TO, "hedges": HEDGES}[table]
    return tuple(tuple(fold(w) for w in phrase) for phrase in source.get(language, ()))


def _at(words: tuple[Token, ...], i: int, phrase: tuple[str, ...]) -> bool:
    return words[i].key == phrase[0] and tuple(w.key for w in words[i : i + len(phrase)]) == phrase


def _clause(
    text: str, words: tuple[Token, ...], first: int, step: int, times: tuple[tuple[int, int], ...] = ()
) -> list[Token]:
    """Up to MAX_SOURCE_WORDS words from ``first`` in direction ``step``, within one clause.
    A word of ``times`` is when someone spoke, never who: it ends a phrase that names a
    source ("zei de Franse president Emmanuel Macron dinsdagavond in een toespraak") and
    is passed over with the words before it when they name none ("explained on Tuesday
    the Secretary of State")."""
    out: list[Token] = []
    i = first
    while 0 <= i < len(words) and len(out) < MAX_SOURCE_WORDS:
        if any(s <= words[i].start < e for s, e in times):
            if _source(out) is not None:
                while out[-1].key in NOT_NAMES:  # "according to the ministry on Tuesday"
                    out.pop()
                break
            out = []
            i += step
            continue
        if out:
            left, right = (out[-1], words[i]) if step > 0 else (words[i], out[-1])
            if _PUNCTUATION.search(text[left.end : right.start]):
                break
        if step < 0 and words[i].key in NOT_NAMES and words[i].key not in INSIDE_SOURCE:
            break  # "for what the US warned": the subject starts after "what"
        out.append(words[i])
        i += step
    return out if step > 0 else out[::-1]


def _source(words: list[Token]) -> Source | None:
    content = [w for w in words if w.key not in NOT_NAMES and w.key not in SKIP_BEFORE_VERB]
    if not content:
        return None
    keys = frozenset(_canonical(w) for w in content)
    names = frozenset(_canonical(w) for w in content if w.text[0].isupper() and w.key not in ROLE_OF)
    return Source(words[0].start, words[-1].end, keys, names)


def _canonical(word: Token) -> str:
    key = re.sub(r"['’]s$", "", word.key)
    entity = entity_key(key)
    return entity if entity != key else skeleton(key)


@lru_cache(maxsize=512)
def hedges(text: str, language: str) -> tuple[tuple[int, int], ...]:
    """Spans of the hedges of ``text`` ("reportedly", "is said to")."""
    words = tokens(text)
    phrases = _phrases("hedges", language)
    return tuple(
        (w.start, words[i + len(p) - 1].end) for i, w in enumerate(words) for p in phrases if _at(words, i, p)
    )


@lru_cache(maxsize=None)
def _verbs(language: str) -> frozenset[str]:
    return frozenset(fold(w) for w in REPORTING_VERBS.get(language, "").split())


@lru_cache(maxsize=512)
def sources(text: str, language: str) -> tuple[Source, ...]:
    """Every source a side credits (``according to X``, ``X said``, ``said X``)."""
    words = tokens(text)
    verbs = _verbs(language)
    prepositions = _phrases("according", language)
    hedged = hedges(text, language)
    quoted = {w.start for q in quotes(text) for w in q.words}
    opener = fold(OPENING_FOR.get(language, ""))
    times = temporal_spans(text, language)
    out = []
    for i, word in enumerate(words):
        if word.start in quoted:
            continue  # a reporting verb inside a quotation is part of what is quoted
        phrase = next((p for p in prepositions if _at(words, i, p)), None)
        if phrase is not None:
            found = _forward_source(text, words, i + len(phrase), times)
        elif word.initial and word.key == opener and i + 1 < len(words) and words[i + 1].text[0].isupper():
            found = _forward_source(text, words, i + 1, times)
        elif word.key in verbs and not any(s <= word.start < e for s, e in hedged):
            found = _subject(text, words, i, times)
        else:
            continue
        if found is not None:
            out.append(found)
    return tuple(out)


def _subject(text: str, words: tuple[Token, ...], verb: int, times: tuple[tuple[int, int], ...]) -> Source | None:
    """Who speaks through a reporting verb: the words right before it ("Mr Peskov said");
    after it when it follows a quotation ("…,” said Matthew Miller"); a short name or title
    opening the sentence when an apposition stands between ("Andrei Lankov, an expert…,
    said the talks…"); after it when it follows a clause and those words name someone and
    end there ("…, meldt de Libanese minister van Volksgezondheid, Hamad Hasan."); else
    nobody (the opening clause is what was said, not who said it)."""
    before = verb - 1
    while before >= 0 and words[before].key in SKIP_BEFORE_VERB:
        before -= 1
    if before < 0:
        return None
    gap = text[words[before].end : words[verb].start]
    if not _PUNCTUATION.search(gap):
        return _source(_clause(text, words, before, -1))
    quoted = bool(_CLOSING_QUOTE.search(gap))
    if quoted and words[verb].key in NO_INVERSION:
        return None
    after = verb + 1  # past a time: "a expliqué mardi le secrétaire d'État"
    while after < len(words) and any(s <= words[after].start < e for s, e in times):
        after += 1
    following = _clause(text, words, after, 1, times)
    if quoted:
        return _forward_source(text, words, after, times)
    opening = _clause(text, words, next(i for i in range(before, -1, -1) if words[i].initial), 1)
    if len(opening) <= MAX_APPOSED_WORDS and _ends_clause(text, opening) and _names_someone(opening):
        return _source(opening)  # "Andrei Lankov, an expert at Kookmin University, said ..."
    if words[verb].key not in NO_INVERSION and _ends_clause(text, following) and _names_someone(following):
        return _forward_source(text, words, after, times)  # "..., meldt de Libanese minister van Volksgezondheid."
    return None


def _forward_source(
    text: str, words: tuple[Token, ...], first: int, times: tuple[tuple[int, int], ...]
) -> Source | None:
    """The source read from ``first`` on, its names joined by those of a name in apposition
    ("selon le ministre de la Santé, Hamad Hassan"): the span stays the title, but the
    comparison knows the person, as a side that writes "health minister Hamad Hassan" does."""
    phrase = _clause(text, words, first, 1, times)
    found = _source(phrase)
    if found is None or not phrase:
        return found
    after = first + len(phrase)  # the phrase is the run of words from ``first``
    if after >= len(words) or text[phrase[-1].end : words[after].start].strip() != ",":
        return found
    apposed = _clause(text, words, after, 1, times)[:MAX_APPOSED_WORDS]
    names = [w for w in apposed if w.text[0].isupper() and w.key not in NOT_NAMES and w.key not in ROLE_OF]
    if not names or len(names) < len(apposed) or not _ends_clause(text, apposed):
        return found
    extra = frozenset(_canonical(w) for w in names)
    return found._replace(keys=found.keys | extra, names=found.names | extra)


def _ends_clause(text: str, phrase: list[Token]) -> bool:
    """Whether ``phrase`` (at most MAX_SOURCE_WORDS words) reaches a punctuation mark or
    the end of the text."""
    rest = text[phrase[-1].end :].lstrip() if phrase else ""
    return bool(phrase) and (not rest or bool(_PUNCTUATION.match(rest)))


def _names_someone(phrase: list[Token]) -> bool:
    """Whether ``phrase`` names a speaker (a name or a role: "de Libanese minister", "Osama
    Rabie") and holds no auxiliary, which would make it a clause ("Putin would fail")."""
    source = _source(phrase)
    return (
        source is not None
        and not any(w.key in SKIP_BEFORE_VERB for w in phrase)
        and (bool(source.names) or any(ROLE_OF.get(k) for k in source.keys))
    )


def _same(x: Source, y: Source, literal: bool) -> bool:
    if literal:
        return bool(x.keys & y.keys)
    return not x.names or not y.names or bool(x.names & y.names)


@register
class AttributionDetector(Detector):
    name = "attribution"

    def detect(self, a: Side, b: Side) -> list[Difference]:
        literal = same_language(a, b)
        sa, sb = sources(a.text, a.language), sources(b.text, b.language)
        out = self._sources(a, sa, sb, literal) + self._sources(b, sb, sa, literal)
        if literal:
            out += self._hedges(a, b) + self._hedges(b, a)
        return unique(out)

    def _sources(self, side: Side, own: tuple[Source, ...], other: tuple[Source, ...], literal: bool) -> list[Difference]:
        if not other:
            return [difference(side, s.start, s.end, self.name, SCORE_ONE_SIDED) for s in own] if literal else []
        return [
            difference(side, s.start, s.end, self.name, SCORE_OTHER_SOURCE)
            for s in own
            if not any(_same(s, o, literal) for o in other)
        ]

    def _hedges(self, side: Side, other: Side) -> list[Difference]:
        if hedges(other.text, other.language):
            return []
        return [difference(side, s, e, self.name, SCORE_HEDGE) for s, e in hedges(side.text, side.language)]
