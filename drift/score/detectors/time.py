"""``time``: the two sides place the event at different times.

Finds weekdays, parts of the day, clock times, dates, months, years and relative days or
weeks ("last week", "la semaine dernière") in each side, normalises them (18:30 is evening,
and the minutes 18:25-18:35 when it reads "around 18:30"; "half acht 's avonds" is 19:30;
"25 avril" is the 25th of April) and reports mentions that conflict with every mention of
the same kind on the other side, or that only one side makes. Word lexicons cover en, fr,
nl and de; a pair with another language compares years only, the one kind read from digits
alone, rather than guess.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from drift import lang
from drift.score.detectors.base import (
    SCORE_CONFLICT,
    SCORE_ONE_SIDED,
    Detector,
    Token,
    difference,
    fold,
    joins_range,
    number_words,
    register,
    tokens,
    unmatched,
    unique,
)
from drift.types import Difference, Side

# Weekday and month names (Monday and January first) and dateline abbreviations of months
# ("Sept. 12", French "déc.", Dutch "mrt") per language, from drift.lang. Like the
# ambiguous full names below (the English verbs "may" and "march", the French planet
# "Mars"), abbreviations count only next to a day or a year.
WEEKDAYS = lang.table("WEEKDAYS")
MONTHS = lang.table("MONTHS")
MONTH_ABBREVIATIONS = lang.table("MONTH_ABBREVIATIONS")
AMBIGUOUS_MONTHS = lang.table("AMBIGUOUS_MONTHS")

# Parts of the day per language, and as the end of Dutch and German weekday compounds
# (zondagavond, Sonntagabend, Montagmorgen), from drift.lang. "tonight"/"ce soir"-like words
# are evening; Dutch "morgen" is left out (mostly "tomorrow"), German "Morgen" is morning
# only when capitalised (see _relative).
PARTS_OF_DAY = lang.table("PARTS_OF_DAY")
COMPOUND_PARTS = {part: name for parts in lang.table("COMPOUND_PARTS").values() for part, name in parts.items()}

# Clock hours that start each part of the day, from the learners' dictionaries' glosses
# (Oxford and Cambridge: morning until 12 noon, afternoon until about 6 p.m., evening from
# about 6 p.m. until bedtime, taken as 22:00). Evening and night overlap in use ("Tuesday
# night" at 20:00), so they never conflict with each other; nor does dawn, the small hours
# from 3, with the night before it or the morning after (04:30 is "dans la nuit", "before
# dawn" and "vanochtend vroeg").
PART_STARTS = ((3, "dawn"), (5, "morning"), (12, "afternoon"), (18, "evening"), (22, "night"))
COMPATIBLE_PARTS = frozenset({
    frozenset({"evening", "night"}), frozenset({"dawn", "night"}), frozenset({"dawn", "morning"}),
})

# Relative days, weeks, months and years: (unit, offset from the story's day), per language.
RELATIVE = lang.table("RELATIVE_DATES")

# Clock times in digits: 18:30 / 18h30 / 18 h 30 / 18H30 (French wire style) anywhere;
# 7 p.m.; Dutch/German 18.30 uur/Uhr, English wire 15.05 hrs; French "à 18 heures", Dutch "om 18 uur", German "um 18 Uhr".
CLOCK_PATTERNS = (
    re.compile(r"(?<![\d:.,])([01]?\d|2[0-3])(?::|\s?[hH]\s?)([0-5]\d)(?![\d:])"),
    re.compile(r"(?<![\d:.,])(1[0-2]|0?\d)(?:[:.]([0-5]\d))?\s?([ap])(?:\.\s?m\b\.?|\s?m\b)", re.I),  # not "6pm." + full stop
    re.compile(r"(?<![\d:.,])([01]?\d|2[0-3])\.([0-5]\d)\s?(?:uur|Uhr|hrs?)\b"),
    re.compile(r"\b(?:à|vers|dès|om|rond|um|gegen)\s+([01]?\d|2[0-3])\s?(?:h|heures?|uur|Uhr)\b(?!\s?[0-5]\d)"),
)
# Minutes on either side of an approximate clock time ("around 18:50", "vers 18 h 50") and
# the reach of "shortly before/after 6 pm": design choices (wire copy gives times to the
# minute, or rounded to five minutes).
AROUND_MINUTES = 5
SHORTLY_MINUTES = 15
CLOCK_QUALIFIERS = lang.table("CLOCK_QUALIFIERS")
# Clock times in words (Dutch and German: "half acht", "vijf over drie", "Viertel nach sieben").
CLOCK_WORDS = lang.table("CLOCK_WORDS")
CLOCK_PREPOSITIONS = lang.table("CLOCK_PREPOSITIONS")
DAY_HALVES = lang.table("DAY_HALVES")
LOCAL_TIME = lang.table("LOCAL_TIME")
# A clock time in another zone ("1000 GMT") says nothing about the local part of the day;
# it is kept away from the number detector but not compared.
ZONED_CLOCK = re.compile(r"\b([01]?\d|2[0-3])(?::|\s?[hH]\s?)?([0-5]\d)\s?(?:GMT|UTC|CET|CEST)\b")
DAY = re.compile(r"^(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th|er|e)?$")
YEAR = re.compile(r"^(1\d\d\d|20\d\d|21\d\d)(s|er)?$")  # "1980s" / "1980er" is a decade
YEAR_SPAN = re.compile(r"^(1\d\d\d|20\d\d|21\d\d)[-–](1\d\d\d|20\d\d|21\d\d)$")  # "1975-1990"

# Kinds whose presence on the other side makes a one-sided mention comparable-but-silent:
# a date and a weekday both pin the day, so one side naming only the weekday is no drift.
COVERS = {
    "weekday": frozenset({"weekday", "date", "relative"}),
    "date": frozenset({"date", "weekday", "relative"}),
    "month": frozenset({"month", "date"}),
    "year": frozenset({"year", "relative"}),
    "relative": frozenset({"relative", "weekday", "date", "year"}),
    "part": frozenset({"part"}),
    "clock": frozenset({"clock"}),
}


class Mention(NamedTuple):
    """One temporal expression of a side's text, normalised (``value`` depends on ``kind``)."""

    kind: str
    value: object
    start: int
    end: int


def _word_lexicon(language: str) -> dict[str, tuple[str, object]]:
    words: dict[str, tuple[str, object]] = {}
    for number, name in enumerate(WEEKDAYS.get(language, ())):
        words[fold(name)] = ("weekday", number)
        words[fold(name) + "s"] = ("weekday", number)  # Sundays, sonntags, zondags
    for number, name in enumerate(MONTHS.get(language, ()), start=1):
        words[fold(name)] = ("month", number)
    for name, part in PARTS_OF_DAY.get(language, {}).items():
        words[fold(name)] = ("part", part)
    return words


@lru_cache(maxsize=None)
def _lexicons(language: str) -> tuple[dict[str, tuple[str, object]], dict[str, int], frozenset[str]]:
    abbreviations = {fold(k): v for k, v in MONTH_ABBREVIATIONS.get(language, {}).items()}
    ambiguous = frozenset(fold(w) for w in AMBIGUOUS_MONTHS.get(language, ())) | frozenset(abbreviations)
    return _word_lexicon(language), abbreviations, ambiguous


def _part_of_hour(hour: int) -> str:
    part = PART_STARTS[-1][1]
    for start, name in PART_STARTS:
        if hour >= start:
            part = name
    return part


def _clock_mentions(text: str, language: str) -> list[Mention]:
    """Clock times in digits, each as the part of the day it falls in and as a ``clock``
    mention: the minutes after midnight it allows (``_interval``)."""
    zoned = [m.span() for m in ZONED_CLOCK.finditer(text)]
    out = []
    for pattern in CLOCK_PATTERNS:
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in zoned):
                continue
            hour = int(match.group(1))
            half = (match.group(3) or "").lower() if pattern.groups == 3 else ""
            if half == "p" and hour < 12:
                hour += 12
            elif half == "a" and hour == 12:
                hour = 0  # 12 a.m. is midnight; 12 p.m. is noon
            minute = int(match.group(2)) if pattern.groups >= 2 and match.group(2) else 0
            out.append(Mention("part", _part_of_hour(hour), match.start(1), match.end()))
            interval = _interval(text, match.start(1), hour * 60 + minute, language)
            out.append(Mention("clock", (interval,), match.start(1), match.end()))
    return out + _word_clocks(text, language)


def _interval(text: str, start: int, minutes: int, language: str) -> tuple[int, int]:
    """The minutes a clock time at ``start`` allows: one minute, or a span when a qualifier
    (``CLOCK_QUALIFIERS``: around, shortly before, shortly after) stands before it."""
    before = fold(text[max(0, start - 30) : start]).rstrip()
    reach = {"around": (-AROUND_MINUTES, AROUND_MINUTES), "before": (-SHORTLY_MINUTES, 0), "after": (0, SHORTLY_MINUTES)}
    for kind, phrases in CLOCK_QUALIFIERS.get(language, {}).items():
        if any(re.search(r"(?<!\w)" + re.escape(fold(p)) + "$", before) for p in phrases):
            return minutes + reach[kind][0], minutes + reach[kind][1]
    return minutes, minutes


def _word_clocks(text: str, language: str) -> list[Mention]:
    """Clock times in words: "half acht" (7:30), "kwart voor acht" (7:45), "vijf voor half
    acht" (7:25), and "vijf over drie" (3:05) after a preposition such as "om". Without
    "'s avonds" and the like after it (``DAY_HALVES``) a time may be before or after noon."""
    spec = CLOCK_WORDS.get(language)
    if spec is None:
        return []
    numbers, words, out, claimed = number_words(language), tokens(text), [], -1
    for i in range(len(words)):
        if words[i].start < claimed:
            continue
        j, offset, marked = i, 0, False
        after = words[i + 1].key if i + 1 < len(words) else None
        if words[i].key == spec["quarter"] and after in (spec["past"], spec["to"]):
            offset, j, marked = (15 if after == spec["past"] else -15), i + 2, True
        elif numbers.get(words[i].key, 60) < 30 and after in (spec["past"], spec["to"]) and i > 0 and (
            words[i - 1].key in CLOCK_PREPOSITIONS.get(language, ())
        ):
            offset, j, marked = (1 if after == spec["past"] else -1) * numbers[words[i].key], i + 2, True
        if j < len(words) and words[j].key == spec["half"]:
            offset, j, marked = offset - 30, j + 1, True
        hour = numbers.get(words[j].key) if marked and j < len(words) else None
        if hour is None or not 1 <= hour <= 12:
            continue
        end = words[j].end
        tail = fold(text[end : end + 16]).lstrip()
        half = next((h for phrase, h in DAY_HALVES.get(language, {}).items() if tail.startswith(fold(phrase))), None)
        minutes = [hour * 60 + offset + (720 if half == "pm" else 0)] if half else [hour * 60 + offset, hour * 60 + offset + 720]
        out.append(Mention("clock", tuple(_interval(text, words[i].start, m % 1440, language) for m in minutes), words[i].start, end))
        if half:
            out.append(Mention("part", _part_of_hour(minutes[0] // 60 % 24), words[i].start, end))
        claimed = end
    return out


@lru_cache(maxsize=None)
def _relative_phrases(language: str) -> dict[str, tuple[tuple[tuple[str, ...], tuple[str, int]], ...]]:
    """Relative phrases of ``language``, folded, by their first word."""
    out: dict[str, list] = {}
    for phrase, value in RELATIVE.get(language, {}).items():
        folded = tuple(fold(p) for p in phrase)
        out.setdefault(folded[0], []).append((folded, value))
    return {k: tuple(v) for k, v in out.items()}


def _relative(words: tuple[Token, ...], i: int, language: str) -> tuple[int, tuple[str, int]] | None:
    """The relative expression starting at word ``i``: (number of words, value), if any."""
    for phrase, value in _relative_phrases(language).get(words[i].key, ()):
        n = len(phrase)
        if tuple(w.key for w in words[i : i + n]) == phrase:
            if phrase == ("morgen",) and language == "de" and words[i].text[0].isupper():
                return None  # German "Morgen" (capitalised) is the morning, not tomorrow
            return n, value
    return None


def _date_mentions(words: tuple[Token, ...], i: int, month: int) -> tuple[list[Mention], set[int]]:
    """The date (day, month) around the month word ``i`` and a year after it, if any,
    with the indices of the words they use."""
    out, used = [], set()
    day_index = next(
        (j for j in (i - 1, i + 1) if 0 <= j < len(words) and DAY.match(words[j].text)), None
    )
    year_index = next(
        (j for j in (i + 1, i + 2) if 0 <= j < len(words) and j != day_index and YEAR.match(words[j].text)),
        None,
    )
    if day_index is not None:
        day = int(re.match(r"\d+", words[day_index].text).group())
        first, last = min(day_index, i), max(day_index, i)
        out.append(Mention("date", (day, month), words[first].start, words[last].end))
        used.add(day_index)
    if year_index is not None:
        out.append(Mention("year", int(words[year_index].text), words[year_index].start, words[year_index].end))
        used.add(year_index)
    return out, used


@lru_cache(maxsize=512)
def mentions(text: str, language: str) -> tuple[Mention, ...]:
    """Every temporal mention of ``text``, read with ``language``'s lexicons."""
    words = tokens(text)
    lexicon, abbreviations, ambiguous = _lexicons(language)
    weekday_names = [fold(w) for w in WEEKDAYS.get(language, ())]
    starters = _starters(language)
    out = _clock_mentions(text, language)
    zoned = [m.span() for m in ZONED_CLOCK.finditer(text)]
    claimed: set[int] = set()  # word indices already read as part of a mention
    for i, word in enumerate(words):
        if word.key not in starters and not word.text[:1].isdigit():
            continue
        if i in claimed or any(s <= word.start < e for s, e in zoned):
            continue
        key = word.key
        spanning = _spanning(text, words, i, language)
        if spanning is not None:
            kind, n, value = spanning
            out.append(Mention(kind, value, word.start, words[i + n - 1].end))
            claimed.update(range(i, i + n))
            continue
        kind_value = lexicon.get(key)
        month = abbreviations.get(key) or (kind_value[1] if kind_value and kind_value[0] == "month" else None)
        if month is not None:
            dated, used = _date_mentions(words, i, month)
            if key in ambiguous and (not dated or word.text.islower()):
                continue  # "may", "march", "mars" without a day or year are no months
            out.append(Mention("month", month, word.start, word.end))
            out.extend(dated)
            claimed.update(used)
            continue
        if kind_value is not None:
            if not (kind_value[0] == "part" and language != "de" and word.text[0].isupper() and not word.initial):
                out.append(Mention(kind_value[0], kind_value[1], word.start, word.end))
            continue  # a capitalised "Night" inside an en/fr/nl sentence is a name
        if language == "de" and key == "morgen" and word.text[0].isupper() and not word.initial:
            out.append(Mention("part", "morning", word.start, word.end))
            continue
        compound = next((w for w in weekday_names if key.startswith(w) and key[len(w):] in COMPOUND_PARTS), None)
        if compound is not None:
            out.append(Mention("weekday", weekday_names.index(compound), word.start, word.end))
            out.append(Mention("part", COMPOUND_PARTS[key[len(compound):]], word.start, word.end))
            continue
        year = YEAR.match(word.text)
        if year:
            value = int(year.group(1))
            out.append(Mention("year", (value, "decade") if year.group(2) else value, word.start, word.end))
    return tuple(sorted(set(out), key=lambda m: (m.start, m.kind)))


@lru_cache(maxsize=None)
def _starters(language: str) -> frozenset[str]:
    """The folded words a mention of ``language`` can start with, besides figures: a
    weekday, month, part of the day or its compound ("zondagavond"), a month's
    abbreviation, the first word of a relative phrase; other words are passed over
    without a look (most of a sentence's words start none)."""
    lexicon, abbreviations, _ = _lexicons(language)
    weekdays = [fold(w) for w in WEEKDAYS.get(language, ())]
    compounds = {day + part for day in weekdays for part in COMPOUND_PARTS}
    german = {"morgen"} if language == "de" else set()
    return frozenset(lexicon) | frozenset(abbreviations) | frozenset(_relative_phrases(language)) | compounds | german


def _spanning(text: str, words: tuple[Token, ...], i: int, language: str) -> tuple[str, int, object] | None:
    """(kind, words read, value) of a mention of several words that starts at word ``i``:
    a relative day ("last week") or a range of years."""
    relative = _relative(words, i, language)
    if relative is not None:
        return "relative", *relative
    years = _year_range(text, words, i, language)
    return None if years is None else ("year", *years)


def _year_range(text: str, words: tuple[Token, ...], i: int, language: str) -> tuple[int, tuple[int, int]] | None:
    """(words read, (first, last year)) of a range of years that starts at word ``i``: one
    hyphenated word ("1975-1990"), or two years joined as the number detector joins two
    figures ("between 1163 and 1345", "2019 or 2020"): one mention that allows every year
    from the first to the last."""
    joined = YEAR_SPAN.match(words[i].text)
    if joined:
        first, last = sorted(map(int, joined.groups()))
        return 1, (first, last)
    if i + 2 >= len(words):
        return None
    first, last = YEAR.match(words[i].text), YEAR.match(words[i + 2].text)
    if first is None or last is None or first.group(2) or last.group(2):
        return None
    if not joins_range(text, (words[i].start, words[i].end), (words[i + 2].start, words[i + 2].end), language):
        return None
    lo, hi = sorted((int(first.group(1)), int(last.group(1))))
    return 3, (lo, hi)


@lru_cache(maxsize=512)
def temporal_spans(text: str, language: str) -> tuple[tuple[int, int], ...]:
    """Spans of ``text`` that are dates or times, for other detectors to leave alone; a
    clock time's "local time" (``LOCAL_TIME``) is part of it, not a detail of its own."""
    spans = [(m.start, m.end) for m in mentions(text, language)]
    spans += [m.span() for m in ZONED_CLOCK.finditer(text)]
    zone = _local_time_pattern(language)
    if zone is not None:
        spans = [(start, found.end() if (found := zone.match(text, end)) else end) for start, end in spans]
    return tuple(spans)


@lru_cache(maxsize=None)
def _local_time_pattern(language: str) -> re.Pattern[str] | None:
    phrases = sorted(LOCAL_TIME.get(language, ()), key=len, reverse=True)
    if not phrases:
        return None
    return re.compile(r"\s*(?:hrs?\.?\s*|uur\s+)?(?:" + "|".join(map(re.escape, phrases)) + r")(?!\w)", re.I)


def _compatible(kind: str, x: object, y: object) -> bool:
    if kind == "part":
        return x == y or frozenset({x, y}) in COMPATIBLE_PARTS
    if kind == "clock":  # the minutes each allows overlap (either half of the day, if not said)
        return any(a <= d and c <= b for a, b in x for c, d in y)
    if kind == "year":  # the years each allows overlap
        (a, b), (c, d) = _years(x), _years(y)
        return a <= d and c <= b
    if kind == "relative":
        return x == y or x[0] != y[0]  # "last week" and "yesterday" do not contradict
    return x == y


def _years(value: object) -> tuple[int, int]:
    """The first and last year a year mention allows: a year, a decade (1980, "decade") or
    a range (1163, 1345)."""
    if isinstance(value, int):
        return value, value
    first, last = value  # type: ignore[misc]
    return (first, first + 9) if last == "decade" else (first, last)


def _supported(language: str) -> bool:
    return language in WEEKDAYS


@register
class TimeDetector(Detector):
    name = "time"

    def detect(self, a: Side, b: Side) -> list[Difference]:
        both = _supported(a.language) and _supported(b.language)
        kinds = frozenset(COVERS) if both else frozenset({"year"})
        ma = tuple(m for m in mentions(a.text, a.language) if m.kind in kinds)
        mb = tuple(m for m in mentions(b.text, b.language) if m.kind in kinds)
        # The surest difference first where two mentions share a span (18:30 as a part of the day and
        # as a clock time): unique() keeps the first.
        out = unique(sorted(self._one_way(a, ma, mb) + self._one_way(b, mb, ma), key=lambda d: -d.score))
        # A month inside a reported date ("Nov. 19") is reported once, as the date.
        return [d for d in out if not any(o is not d and o.version == d.version and o.start <= d.start
                                           and d.end <= o.end for o in out)]

    def _one_way(self, side: Side, own: tuple[Mention, ...], other: tuple[Mention, ...]) -> list[Difference]:
        """A mention conflicts when it agrees with no mention of its kind on the other side
        and the other side has one of that kind that agrees with none here (the value was
        replaced, not a detail added); else, unless an unmatched mention there of a kind
        that covers it (a date for a weekday) may say the same, it is one-sided."""
        out = []
        other_lone = unmatched(other, own, _same_value)
        lone_kinds = {n.kind for n in other_lone}
        for m in unmatched(own, other, _same_value):
            if any(n.kind == m.kind for n in other_lone):
                out.append(difference(side, m.start, m.end, self.name, SCORE_CONFLICT))
            elif m.kind != "clock" and not (COVERS[m.kind] & lone_kinds):
                # A clock time alone is not reported: its part of the day, a mention of the
                # same span, says whether the other side places the event otherwise.
                out.append(difference(side, m.start, m.end, self.name, SCORE_ONE_SIDED))
        return out


def _same_value(x: Mention, y: Mention) -> bool:
    return x.kind == y.kind and _compatible(x.kind, x.value, y.value)
