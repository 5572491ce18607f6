"""``number``: the two sides state different quantities.

Reads numbers in digits (with each language's separators: 4,281 in English, 3,5 and
1 162 in French) or small number words ("three", "trois", "drie", "drei"), a following
scale ("million", "milliard") and unit, converts the unit to a base unit of its dimension
(km and miles to metres, pounds to kilograms, °F to °C, hours and "heures" to seconds...)
and compares values of the same dimension within the rounding the figures imply. The words
around a figure make it an interval (each language's lists in ``drift.lang``): "more than
100" excludes 100 and "at least 113" includes 113, "some 50" and "une cinquantaine" are 45
to 55, "between 3 and 5 billion" and "trois à quatre jours" are ranges; two figures agree
when the one's value lies in the other's interval (two bounds or ranges: when they
overlap). The same figure in another currency is a conflict; another figure in another
currency is a conversion. Numbers are language-independent, so cross-language pairs are
compared too. Dates, clock times and years belong to the ``time`` detector and are skipped
here.
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
    difference,
    fold,
    joins_range,
    number_words,
    register,
    tokens,
    unique,
    unmatched,
)
from drift.score.detectors.time import YEAR, temporal_spans
from drift.types import Difference, Side

# Number words that round ("a dozen", "une quinzaine"): approximations.
APPROXIMATE_NUMBER_WORDS = lang.table("APPROXIMATE_NUMBER_WORDS")
# Plurals of a round number ("dozens", "des dizaines", "tientallen", "hundreds"): some
# multiple of it, read as the range from PLURAL_LOW to PLURAL_HIGH times the number, so that
# "dozens" (24 to 120) and "des dizaines" (20 to 100) agree, and both agree with "113".
PLURAL_NUMBER_WORDS = lang.table("PLURAL_NUMBER_WORDS")
PLURAL_LOW, PLURAL_HIGH = 2, 10
# Fractions of an hour written as words ("un quart d'heure", "een halfuur"), in hours.
HOUR_FRACTIONS = lang.table("HOUR_FRACTIONS")
# Words before a figure that make it a bound or an approximation, by kind (INTERVALS).
QUALIFIERS = lang.table("QUANTITY_QUALIFIERS")
# The indefinite article, read as 1 before a unit when a qualifier precedes it ("moins d'un
# mois") or "of" follows the unit ("a day of mourning"); elsewhere "a day" is mostly a rate.
ONE_WORDS = lang.table("ONE_WORDS")
# Relative width of an approximate figure (a design choice: "some 50" is 45 to 55, "nearly
# 50" 45 to 50); checked on the dev stories' number drifts (scripts/eval_drifts.py).
APPROXIMATION = 0.1
# How far beyond its figure a bound reaches: "more than 200 km" is 200 to 230 km, so that it
# agrees with "around 150 miles" (217 to 265 km) and "past 100" with "at least 113", but not
# with every larger figure of the other side ("over two floors" is no match for "six rooms",
# "ruim 360 schepen" none for "422 vessels"). A design choice, as APPROXIMATION.
REACH = 0.15

# Scale words after a number (4.5 million, 4,5 milliards). The long scale of fr/nl/de
# makes their "billion"/"Billion" 10^12, against 10^9 in English.
SCALES = {
    "thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9,
    "mille": 1e3, "milliard": 1e9, "milliards": 1e9, "miljoen": 1e6, "miljard": 1e9,
    "duizend": 1e3, "tausend": 1e3, "millionen": 1e6, "milliarde": 1e9, "milliarden": 1e9,
    "bn": 1e9,
}
LONG_SCALE = {"billion": 1e12, "billions": 1e12, "biljoen": 1e12, "billionen": 1e12}

# Units: dimension, factor to the dimension's base unit (metre, kilogram, km/h, second,
# °C, percent, each currency its own), from the SI/NIST conversion tables (1 mile =
# 1609.344 m, 1 lb = 0.45359237 kg, mean Gregorian month and year 30.436875 / 365.2425 d).
_DAY = 86400.0
UNITS = {
    **dict.fromkeys(("km", "kilometer", "kilometers", "kilometre", "kilometres", "kilomètre", "kilomètres"), ("length", 1000.0)),
    **dict.fromkeys(("mile", "miles", "mi", "mijl", "mijlen", "meile", "meilen"), ("length", 1609.344)),
    **dict.fromkeys(("m", "meter", "meters", "metre", "metres", "mètre", "mètres"), ("length", 1.0)),
    **dict.fromkeys(("cm", "centimeter", "centimeters", "centimetre", "centimetres", "centimètres"), ("length", 0.01)),
    **dict.fromkeys(("ft", "feet", "foot", "pieds", "voet"), ("length", 0.3048)),
    **dict.fromkeys(("kg", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes", "kilogramm"), ("mass", 1.0)),
    **dict.fromkeys(("lb", "lbs", "pound", "pounds", "pfund"), ("mass", 0.45359237)),
    **dict.fromkeys(("ton", "tons", "tonne", "tonnes", "tonnen", "tonnes métriques", "metric ton", "metric tons",
                     "metric tonne", "metric tonnes"), ("mass", 1000.0)),
    **dict.fromkeys(("nautical mile", "nautical miles", "milles nautiques", "mille nautique", "milles marins",
                     "zeemijl", "zeemijlen", "seemeile", "seemeilen"), ("length", 1852.0)),
    **dict.fromkeys(("knot", "knots", "nœuds", "noeuds", "nœud", "knopen", "knoten"), ("speed", 1.852)),
    **dict.fromkeys(("hectare", "hectares", "ha"), ("area", 1e4)),
    **dict.fromkeys(("acre", "acres"), ("area", 4046.8564224)),
    **dict.fromkeys(("km2", "km²", "square kilometres", "square kilometers", "kilomètres carrés", "vierkante kilometer"), ("area", 1e6)),
    **dict.fromkeys(("cubic metre", "cubic metres", "cubic meter", "cubic meters", "mètres cubes", "mètre cube", "m3", "m³",
                     "kubieke meter", "kubikmeter"), ("volume", 1.0)),
    **dict.fromkeys(("cubic feet", "cubic foot"), ("volume", 0.028316846592)),
    **dict.fromkeys(("km/h", "km / h", "km /h", "km/u", "kph", "kilometers per hour", "kilomètres par heure", "kilomètres/heure"), ("speed", 1.0)),
    **dict.fromkeys(("mph", "miles per hour"), ("speed", 1.609344)),
    **dict.fromkeys(("second", "seconds", "seconde", "secondes", "seconden", "sekunde", "sekunden"), ("duration", 1.0)),
    **dict.fromkeys(("minute", "minutes", "minuut", "minuten", "min"), ("duration", 60.0)),
    **dict.fromkeys(("hour", "hours", "hr", "hrs", "heure", "heures", "uur", "uren", "stunde", "stunden"), ("duration", 3600.0)),
    **dict.fromkeys(("day", "days", "jour", "jours", "dag", "dagen", "tag", "tage", "tagen"), ("duration", _DAY)),
    **dict.fromkeys(("week", "weeks", "semaine", "semaines", "weken", "woche", "wochen"), ("duration", 7 * _DAY)),
    **dict.fromkeys(("month", "months", "mois", "maand", "maanden", "monat", "monate", "monaten"), ("duration", 30.436875 * _DAY)),
    **dict.fromkeys(("year", "years", "an", "ans", "année", "années", "jaar", "jaren", "jahr", "jahre", "jahren"), ("duration", 365.2425 * _DAY)),
    **dict.fromkeys(("%", "percent", "per cent", "pour cent", "procent", "prozent", "pct"), ("percent", 1.0)),
    **dict.fromkeys(("dollar", "dollars", "usd", "$"), ("usd", 1.0)),
    **dict.fromkeys(("euro", "euros", "eur", "€"), ("eur", 1.0)),
    **dict.fromkeys(("gbp", "£"), ("gbp", 1.0)),
    **dict.fromkeys(("°c", "° c", "degrees celsius", "degrés celsius", "graden celsius", "grad celsius"), ("temperature", 1.0)),
    **dict.fromkeys(("°f", "° f", "degrees fahrenheit"), ("fahrenheit", 1.0)),
}
CURRENCY_SIGNS = {"$": "usd", "€": "eur", "£": "gbp"}
CURRENCIES = frozenset(CURRENCY_SIGNS.values())  # the dimensions that are money
# Unit words that are common words in other languages ("an": a year in French, the article
# in English: "400 million an hour"), read as units only in their own language (drift.lang).
UNIT_LANGUAGE = {word: code for code, words in lang.table("OWN_UNITS").items() for word in words}
ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th|er|re|e|ème|de|ste|te)(?![^\W\d_])")

# Thousands separator per language when a single separator precedes exactly three digits
# (4,281 is 4281 in English; 4.281 is 4281 in fr/nl/de, where "," is the decimal mark).
THOUSANDS = lang.table("THOUSANDS_SEPARATOR")
# Two figures agree when they differ by no more than the larger rounding either implies
# (half a unit in the last significant place: 680 -> ±5, 425 -> ±0.5, 3.5 -> ±0.05), capped
# at 5% so that round figures ("1000") do not swallow real changes. Trailing zeros of
# one- and two-digit integers count as significant (20 hours is not "about 20").
RELATIVE_CAP = 0.05

_DIGITS = {
    "space": re.compile(r"(?<![\w.,/-])\d+(?:(?:[.,]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d+)*"),
    "nbsp": re.compile(r"(?<![\w.,/-])\d+(?:(?:[.,]|[\u00a0\u202f](?=\d{3}(?!\d)))\d+)*"),
}


def _unit_pattern() -> re.Pattern[str]:
    """Scale and unit after a number, spaced or hyphenated (a 400-metre ship, 224,000-tonne)."""
    units = sorted(UNITS, key=len, reverse=True)
    scales = sorted(set(SCALES) | set(LONG_SCALE), key=len, reverse=True)
    return re.compile(
        r"[ \u00a0\u202f-]?(?:(?P<scale>" + "|".join(map(re.escape, scales)) + r")(?![^\W\d_]))?"
        r"(?(scale)[ \u00a0\u202f]?(?:of|de|d['’]|van)?)"  # 4 millions d'euros, 2 billion of dollars
        r"[ \u00a0\u202f]?(?:(?P<unit>" + "|".join(map(re.escape, units)) + r")(?![^\W\d_]))?",
        re.I,
    )


_TAIL = _unit_pattern()


class Quantity(NamedTuple):
    """A number of a side's text in its dimension's base unit; ``half`` is its rounding.

    ``kind`` is how the words around it bound it (``INTERVALS``: "exact" for a bare
    figure); ``high`` is a range's upper end (``value`` its lower); ``factor`` the scale and
    unit that turned the written figure into ``value``; ``lead`` where the qualifier that
    bounds it starts ("more than 200 km"), else ``start``'s value.
    """

    dimension: str
    value: float
    half: float
    start: int
    end: int
    kind: str = "exact"
    high: float | None = None
    factor: float = 1.0
    lead: int | None = None

    @property
    def words(self) -> tuple[int, int]:
        """The span of the figure with its qualifier: what a reader compares."""
        return (self.start if self.lead is None else self.lead), self.end


# The interval each kind of figure allows around its value v, as (low, high, low open,
# high open) (a bare figure's is its rounding, a range's its ends).
# Two figures of the point kinds agree when either value lies in the other's interval
# ("some 50" and 55; "about 12%" and "about 10%" do not); a bound or a range agrees with
# a figure whose interval it overlaps ("more than 200 km" and "around 150 miles"; "more
# than $5 billion" and "3 to 5 billion" do not).
# An approximation reaches at least the figure's own rounding, half a unit in its last
# place (``grain``): "nearly a week" is 3.5 to 7 days, so it agrees with "six days".
INTERVALS = {
    "approx": lambda v, grain: (v - max(v * APPROXIMATION, grain), v + max(v * APPROXIMATION, grain), False, False),
    "nearly": lambda v, grain: (v - max(v * APPROXIMATION, grain), v, False, False),
    "at_least": lambda v, grain: (v, v * (1 + REACH), False, False),
    "more": lambda v, grain: (v, v * (1 + REACH), True, False),
    "at_most": lambda v, grain: (v * (1 - REACH), v, False, False),
    "less": lambda v, grain: (v * (1 - REACH), v, False, True),
}
POINT_KINDS = frozenset({"exact", "approx", "nearly"})


def _parse_digits(raw: str, language: str) -> tuple[float, float]:
    """The value of a digit string and half a unit in its last significant place."""
    raw = re.sub(r"[ \u00a0\u202f]", "", raw)
    separators = re.findall(r"[.,]", raw)
    decimal = None
    if len(set(separators)) == 2:
        decimal = separators[-1]
    elif len(separators) == 1:
        tail = raw.split(separators[0])[1]
        thousands = THOUSANDS.get(language, ",")
        decimal = None if len(tail) == 3 and separators[0] == thousands else separators[0]
    if decimal is None:
        digits = raw.replace(",", "").replace(".", "")
        zeros = len(digits) - len(digits.rstrip("0")) if len(digits) >= 3 else 0
        return float(digits), 0.5 * 10**zeros
    whole, fraction = raw.rsplit(decimal, 1)
    whole = whole.replace(",", "").replace(".", "")
    return float(f"{whole}.{fraction}"), 0.5 * 10 ** -len(fraction)


def _word_value(word: str, language: str) -> float | None:
    words = number_words(language)
    key = fold(word)
    if key in words:
        return float(words[key])
    parts = [p for p in key.split("-") if p not in ("et", "and")]
    if len(parts) > 1 and all(p in words for p in parts):
        return float(sum(words[p] for p in parts))  # twenty-five, vingt-cinq
    return None


def _with_unit(text: str, start: int, end: int, value: float, half: float, language: str) -> Quantity:
    """Read the scale and unit after a number at ``text[start:end]`` (and a currency sign before)."""
    tail = _TAIL.match(text, end)
    written = value
    scale_word = (tail.group("scale") or "").casefold()
    unit_word = (tail.group("unit") or "").casefold()
    if UNIT_LANGUAGE.get(unit_word, language) != language:
        unit_word = ""
    if scale_word:
        long_scale = language in ("fr", "nl", "de") and scale_word in LONG_SCALE
        factor = LONG_SCALE[scale_word] if long_scale else SCALES.get(scale_word, 1.0)
        value, half = value * factor, half * factor
    sign = text[max(0, start - 1) : start]
    if sign in CURRENCY_SIGNS and unit_word == "m" and not scale_word and tail.start("unit") == end:
        # "€600m", "$670m": glued to an amount of money, m is million, not metres
        value, half = value * 1e6, half * 1e6
        unit_word, end = "", tail.end("unit")
    if unit_word:
        dimension, factor = UNITS[unit_word]
        end = tail.end("unit")
    elif sign in CURRENCY_SIGNS:
        dimension, factor = CURRENCY_SIGNS[sign], 1.0
    else:
        dimension, factor = "count", 1.0
    if scale_word and not unit_word:
        end = tail.end("scale")
    if sign in CURRENCY_SIGNS:
        start -= 1
    scale = (value / written) if written else 1.0
    if dimension == "fahrenheit":  # to °C, so that 212°F and 100°C agree
        return Quantity("temperature", (value - 32) * 5 / 9, half * 5 / 9, start, end)
    return Quantity(dimension, value * factor, half * factor, start, end, factor=scale * factor)


@lru_cache(maxsize=512)
def quantities(text: str, language: str) -> tuple[Quantity, ...]:
    """Every quantity of ``text`` read with ``language``'s conventions, dates and years left out."""
    skip = temporal_spans(text, language)
    out = []
    pattern = _DIGITS["space" if language == "fr" else "nbsp"]
    for match in pattern.finditer(text):
        start, end = match.span()
        if any(s <= start < e for s, e in skip) or YEAR.match(match.group()):
            continue
        value, half = _parse_digits(match.group(), language)
        glued = text[end : end + 1]
        if glued.isalpha():
            ordinal = ORDINAL_SUFFIX.match(text, end)
            if ordinal:
                out.append(Quantity("ordinal", value, 0.0, start, ordinal.end()))
                continue
            tail = _TAIL.match(text, end)
            if not (tail.group("unit") or tail.group("scale")):
                continue  # part of a code or name: 1M1, 76ers, 50p (not 400m, $9.6bn)
        out.append(_with_unit(text, start, end, value, half, language))
    out += _word_quantities(text, language, skip)
    out += [Quantity("duration", hours * 3600.0, 0.0, *span) for span, hours in _hour_fractions(text, language)]
    return _ranges(text, language, [_qualified(text, language, q) for q in sorted(out, key=lambda q: q.start)])


def _hour_fractions(text: str, language: str) -> list[tuple[tuple[int, int], float]]:
    """Spans and values (hours) of the fractions of an hour ``text`` writes as words."""
    fractions = {fold(k): v for k, v in HOUR_FRACTIONS.get(language, {}).items()}
    if not fractions:
        return []
    return [(m.span(), fractions[fold(re.sub(r"\s+", " ", m.group()))]) for m in _hour_fraction_pattern(language).finditer(text)]


@lru_cache(maxsize=None)
def _hour_fraction_pattern(language: str) -> re.Pattern[str]:
    phrases = sorted(HOUR_FRACTIONS.get(language, {}), key=len, reverse=True)
    alternatives = (re.escape(p).replace("'", "['’]").replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def _word_quantities(text: str, language: str, skip: list[tuple[int, int]]) -> list[Quantity]:
    """Numbers written as words: "three", "twenty-five", "two-week" (a number word joined to
    its unit), "une quinzaine" (an approximation), "dozens" and "tens of thousands" (ranges), "a day of"
    (the article as 1)."""
    out = []
    approximate = {fold(w): n for w, n in APPROXIMATE_NUMBER_WORDS.get(language, {}).items()}
    plural = {fold(w): n for w, n in PLURAL_NUMBER_WORDS.get(language, {}).items()}
    ones = frozenset(ONE_WORDS.get(language, ()))
    starters = number_words(language).keys() | approximate.keys() | plural.keys() | ones
    for word in tokens(text):
        if word.key not in starters and "-" not in word.text:
            continue  # no number word, and no compound of one ("twenty-five", "two-week")
        if any(s <= word.start < e for s, e in skip):
            continue
        head = word.text.split("-")[0]
        value = _word_value(word.text, language)
        if value is not None:
            out.append(_with_unit(text, word.start, word.end, value, 0.5, language))
        elif "-" in word.text and _word_value(head, language) is not None:
            quantity = _with_unit(text, word.start, word.start + len(head), _word_value(head, language), 0.5, language)
            if quantity.dimension != "count":
                out.append(quantity)
        elif word.key in approximate:
            out.append(_with_unit(text, word.start, word.end, float(approximate[word.key]), 0.5, language)._replace(kind="approx"))
        elif word.key in plural:
            base, end = plural[word.key], word.end
            of = re.match(r"\s+(?:of|de|d['’]|van|von)\s*(\w+)", text[end:], re.I)
            if of and fold(of.group(1)) in plural:  # "tens of thousands", "des centaines de milliers"
                base, end = base * plural[fold(of.group(1))], end + of.end()
                skip = [*skip, (end - len(of.group(1)), end)]
            low = _with_unit(text, word.start, end, float(base * PLURAL_LOW), 0.5, language)
            out.append(low._replace(kind="range", high=low.value * PLURAL_HIGH / PLURAL_LOW))
        elif word.key in ones:
            quantity = _with_unit(text, word.start, word.end, 1.0, 0.0, language)
            of = re.match(r"\s+(?:of|de|d['’]|van|von)\b", text[quantity.end :], re.I)
            if quantity.dimension == "duration" and (of or _qualifier(text[: word.start], language)):
                out.append(quantity)
    return out


@lru_cache(maxsize=None)
def _qualifier_pattern(language: str) -> re.Pattern[str] | None:
    """Any qualifier of ``language`` at the end of a text, optionally followed by an article."""
    table = QUALIFIERS.get(language)
    if not table:
        return None
    phrases = sorted({p for ps in table.values() for p in ps}, key=len, reverse=True)
    articles = "|".join(map(re.escape, ONE_WORDS.get(language, ())))
    return re.compile(
        r"(?<!\w)(" + "|".join(re.escape(p).replace("'", "['’]") for p in phrases) + r")"
        + (r"(?:\s+(?:" + articles + r"))?" if articles else "") + r"\s*[$€£]?$",
        re.I,
    )


def _qualifier(before: str, language: str) -> tuple[str, int] | None:
    """The kind (``INTERVALS``) of the qualifier that ``before`` ends with, if any, and how
    many characters back it starts."""
    pattern = _qualifier_pattern(language)
    window = before[-40:]
    found = pattern.search(window) if pattern else None
    if found is None:
        return None
    phrase = fold(found.group(1)).replace("’", "'")
    kind = next(kind for kind, phrases in QUALIFIERS[language].items() if phrase in {fold(p) for p in phrases})
    return kind, len(window) - found.start(1)


def _qualified(text: str, language: str, q: Quantity) -> Quantity:
    """``q`` bounded by the qualifier before it ("more than", "près de")."""
    found = _qualifier(text[: q.start], language)
    if not found or q.dimension == "ordinal":
        return q
    kind, back = found
    return q._replace(kind=kind, lead=q.start - back)


def _ranges(text: str, language: str, found: list[Quantity]) -> tuple[Quantity, ...]:
    """Join "3 to 5 billion", "between $3 billion and $5 billion", "drie tot vier dagen"
    into one range; a bare first figure takes the scale and unit of the second."""
    out: list[Quantity] = []
    for q in found:
        if out and joins_range(text, (out[-1].start, out[-1].end), (q.start, q.end), language):
            first = out.pop()
            low = first.value * q.factor if first.dimension == "count" and first.factor == 1.0 else first.value
            if first.dimension in (q.dimension, "count") and low <= q.value:
                out.append(q._replace(value=low, start=first.start, kind="range", high=q.value, lead=first.lead))
                continue
            out.append(first)
        out.append(q)
    return tuple(out)


def _agree(x: Quantity, y: Quantity) -> bool:
    """Whether two figures of one dimension can state the same quantity (module docstring)."""
    if x.kind == y.kind and x.kind not in ("approx", "nearly", "range"):
        # Two bare figures, or one bound on both sides ("at least 113" / "at least 135"): compare the figures.
        tolerance = min(max(x.half, y.half), RELATIVE_CAP * max(abs(x.value), abs(y.value)))
        return abs(x.value - y.value) <= tolerance + 1e-9 * max(1.0, abs(x.value))
    if x.kind in POINT_KINDS and y.kind in POINT_KINDS:
        return _inside(x.value, interval(y)) or _inside(y.value, interval(x))
    (lo_x, hi_x, olo_x, ohi_x), (lo_y, hi_y, olo_y, ohi_y) = interval(x), interval(y)
    lo, hi = max(lo_x, lo_y), min(hi_x, hi_y)
    if not _close(lo, hi):
        return lo < hi
    return not (olo_x if lo == lo_x else olo_y) and not (ohi_x if hi == hi_x else ohi_y)


def interval(q: Quantity) -> tuple[float, float, bool, bool]:
    """The values ``q`` allows, as (low, high, low open, high open) (``INTERVALS``; a bare
    figure's is its rounding, a range's its ends)."""
    if q.kind == "exact":
        tolerance = min(q.half, RELATIVE_CAP * abs(q.value))
        return q.value - tolerance, q.value + tolerance, False, False
    if q.kind == "range":
        return q.value, q.high if q.high is not None else q.value, False, False
    # "a week" has no written digits to round: its grain is half the unit it counts
    return INTERVALS[q.kind](q.value, q.half if q.half > 0 else 0.5 * q.factor)


def _inside(value: float, interval: tuple[float, float, bool, bool]) -> bool:
    low, high, open_low, open_high = interval
    if _close(value, low):
        return not open_low
    if _close(value, high):
        return not open_high
    return low < value < high


def _close(x: float, y: float) -> bool:
    """Equal up to float rounding."""
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


@register
class NumberDetector(Detector):
    name = "number"

    def detect(self, a: Side, b: Side) -> list[Difference]:
        qa, qb = quantities(a.text, a.language), quantities(b.text, b.language)
        lone_a, lone_b = unmatched(qa, qb, _agree_same), unmatched(qb, qa, _agree_same)
        return unique(self._one_way(a, lone_a, lone_b) + self._one_way(b, lone_b, lone_a))

    def _one_way(self, side: Side, lone: list[Quantity], other_lone: list[Quantity]) -> list[Difference]:
        """A figure no figure of the other side matches conflicts with an unmatched figure
        of the same dimension there; without one, it is a detail the other side leaves out."""
        out = []
        for q in lone:
            conflict = any(_conflict(q, o) for o in other_lone)
            out.append(difference(side, q.start, q.end, self.name, SCORE_CONFLICT if conflict else SCORE_ONE_SIDED))
        return out


def _conflict(x: Quantity, y: Quantity) -> bool:
    """Two unmatched figures conflict when they measure one dimension, or state the same
    figure in two currencies ($9.6 billion against 9,6 miljard euro; another figure in
    another currency is a conversion)."""
    if x.dimension == y.dimension:
        return True
    return x.dimension in CURRENCIES and y.dimension in CURRENCIES and _close(x.value, y.value)


def _agree_same(x: Quantity, y: Quantity) -> bool:
    """Two figures state the same quantity: of one dimension and agreeing, or one of them a
    bare figure equal to the other as written, its unit left implicit ("large de 59" and
    "59 metres wide")."""
    if x.dimension == y.dimension:
        return _agree(x, y)
    bare, measured = (x, y) if x.dimension == "count" else (y, x)
    return (
        bare.dimension == "count" and bare.kind == measured.kind == "exact" and bare.factor == 1.0
        and _close(bare.value, measured.value / measured.factor)
    )

