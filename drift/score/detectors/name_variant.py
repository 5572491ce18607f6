"""``name_variant``: the same entity spelt or transliterated differently (no meaning change).

Dmitri/Dmitry Peskov, Khassan/Khasan, Kim Jong-un/Kim Jong Un, Kojemiako/Kozhemyako,
Zelensky/Selenskyj, Kiev/Kyiv, Moscow/Moscou. These differences are reported with a low
score so that downstream scoring knows the words are explained and not drift.

This module also holds the name reading that ``entity`` builds on: capitalised word runs,
the transliteration skeleton, the exonym table, and the matching of names across sides.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from functools import lru_cache
from typing import Callable, NamedTuple

from drift import lang
from drift.score.detectors.base import Detector, Token, difference, fold, register, tokens, unique
from drift.score.detectors.time import MONTHS, PARTS_OF_DAY, WEEKDAYS
from drift.types import Difference, Side

# A variant spelling explains the words away: well under any drift threshold.
SCORE_VARIANT = 0.0

# Capitalised words that are no names: sentence-opening function words, pronouns and
# honorifics of each language in drift.lang (whatever a side's language), the
# abbreviations of time zones that follow a clock time ("15h08 GMT"), plus the weekday,
# month and part-of-day words the time lexicons know (capitalised in en and de).
NOT_NAMES = frozenset(
    fold(w) for w in lang.union("NOT_NAMES") | set("gmt utc cet cest bst edt pdt pst".split())
) | frozenset(fold(w) for table in (WEEKDAYS, MONTHS) for words in table.values() for w in words) | frozenset(
    fold(w) for table in PARTS_OF_DAY.values() for w in table
)
# Roles and titles, by meaning in each language of drift.lang (spokesperson = spokesman =
# porte-parole = woordvoerder = Sprecher): never part of a name, and what ``entity``
# compares when the same person holds a different role on the two sides.
ROLE_OF = {
    fold(word): role for roles in lang.table("ROLES").values() for role, words in roles.items() for word in words.split()
}

# Lower-case particles that may stand inside a name (Corée du Nord, University of North
# Korean Studies, Ludwig van Beethoven, Osama bin Laden).
CONNECTORS = frozenset("of de du des la le van von der den ter al bin da di del y zu".split())

# Spelling rules that map transliterations of one name to one skeleton, applied in order
# after case-folding and stripping diacritics: Russian (Kozhemyako/Kojemiako/Koschemjako),
# Korean (Jong-un/Jong Un), German and Dutch spellings of foreign names (Wladimir, Poetin,
# Selenskyj), from the BGN/PCGN, French and German romanisation conventions.
SKELETON_RULES = (
    ("shch", "sh"), ("tsch", "ch"), ("tch", "ch"), ("sch", "sh"), ("dzh", "j"), ("zh", "j"),
    ("dj", "j"), ("c", "k"), ("kh", "h"), ("ph", "f"), ("q", "k"), ("x", "ks"), ("oe", "u"),
    ("ou", "u"), ("w", "v"), ("z", "s"), ("y", "i"), ("j", "i"),
)
# Names that differ beyond spelling rules but denote the same entity: exonyms of places in
# en/fr/nl/de (Kiev/Kyiv, Moscow/Moscou/Moskou/Moskau) and international organisations'
# acronyms per language. One group per entity, folded, hyphens as spaces.
EXONYMS = (
    ("kyiv", "kiev", "kiew", "kijiv"), ("moscow", "moscou", "moskou", "moskau", "moskva"),
    ("ukraine", "oekraine"), ("russia", "russie", "rusland", "russland"),
    ("north korea", "coree du nord", "noord korea", "nordkorea"),
    ("south korea", "coree du sud", "zuid korea", "sudkorea"),
    ("germany", "allemagne", "duitsland", "deutschland"), ("china", "chine"),
    ("japan", "japon"), ("poland", "pologne", "polen"), ("syria", "syrie", "syrien"),
    ("united states", "us", "usa", "u.s.", "etats unis", "verenigde staten", "vs",
     "vereinigte staaten"),
    ("united nations", "un", "u.n.", "onu", "vn", "uno", "nations unies", "verenigde naties",
     "vereinte nationen"),
    ("european union", "eu", "ue", "union europeenne", "europese unie", "europaische union"),
    ("nato", "otan", "navo"), ("beijing", "pekin", "peking"),
    ("vienna", "vienne", "wenen", "wien"), ("brussels", "bruxelles", "brussel"),
    ("the hague", "la haye", "den haag"), ("london", "londres", "londen"),
    ("cologne", "koln", "keulen"), ("munich", "munchen"), ("warsaw", "varsovie", "warschau"),
    ("mexico", "mexique", "mexiko"), ("spain", "espagne", "spanje", "spanien"),
    ("italy", "italie", "italien"), ("france", "frankrijk", "frankreich"),
    ("belgium", "belgique", "belgie", "belgien"),
    ("netherlands", "pays bas", "nederland", "niederlande"),
    ("switzerland", "suisse", "zwitserland", "schweiz"), ("europe", "europa"),
    ("bucharest", "bucarest", "boekarest", "bukarest"), ("thuringia", "thuringe", "thuringen"),
    ("united kingdom", "royaume uni", "verenigd koninkrijk", "vereinigtes konigreich"),
    ("austria", "autriche", "oostenrijk", "osterreich"), ("greece", "grece", "griekenland", "griechenland"),
    ("sweden", "suede", "zweden", "schweden"), ("norway", "norvege", "noorwegen", "norwegen"),
    ("denmark", "danemark", "denemarken"), ("hungary", "hongrie", "hongarije", "ungarn"),
    ("turkey", "turquie", "turkije", "turkei"), ("lebanon", "liban", "libanon"),
    ("egypt", "egypte", "agypten"), ("iraq", "irak"),
    ("saudi arabia", "arabie saoudite", "saoedi arabie", "saudi arabien"),
    ("india", "inde", "indie", "indien"), ("brazil", "bresil", "brazilie", "brasilien"),
    ("south africa", "afrique du sud", "zuid afrika", "sudafrika"), ("africa", "afrique", "afrika"),
    ("asia", "asie", "azie", "asien"), ("cairo", "le caire", "caire", "kairo"),
    ("beirut", "beyrouth", "beiroet"), ("jerusalem", "jeruzalem"), ("damascus", "damas", "damaskus"),
    ("tehran", "teheran"), ("geneva", "geneve", "genf"), ("rome", "rom"), ("athens", "athenes", "athene", "athen"),
    ("lisbon", "lisbonne", "lissabon"), ("copenhagen", "copenhague", "kopenhagen"),
    ("venice", "venise", "venetie", "venedig"),
)
_EXONYM = {name: group[0] for group in EXONYMS for name in group}
# Capitalised adjectives of nationality name their country (the French presidency, de
# Franse president = France's): every language's list, drift.lang, folded.
DEMONYMS = {fold(word): country for table in lang.table("DEMONYMS").values() for word, country in table.items()}
# Journalistic metonymy: a capital or seat names its government or country (Washington
# says = the US says, the Kremlin = Russia). Same entity for drift: matched, not reported.
METONYMS = {
    "washington": "united states", "white house": "united states", "kremlin": "russia",
    "moscow": "russia", "pyongyang": "north korea", "seoul": "south korea",
    "beijing": "china", "paris": "france", "kyiv": "ukraine", "brussels": "european union",
    "london": "united kingdom", "berlin": "germany", "tokyo": "japan", "elysee": "france",
    "elysee palace": "france", "downing street": "united kingdom",
}
# Variant skeletons may also differ by one edit (Bontade/Bontate, Putin/Poutine) when both
# have at least five letters, and by two when both have at least eight (Kozhemyako/
# Koschemjako: Russian ж is zh in English, j in French, sch in German); shorter names
# (Kim/Kin) must match exactly.
MIN_LENGTH_FOR_ONE_EDIT = 5
MIN_LENGTH_FOR_TWO_EDITS = 8
# A name and its inflection or demonym (Korea/Koreans, Russia/Russian, Noord-Koreaanse/
# nord-coréen) are the same entity to the matcher (neither a variant nor a change): their
# skeletons share a stem of at least MIN_STEM letters that leaves at most two letters of
# the shorter and MAX_ENDING of the longer (the longest en/fr/nl/de demonym endings:
# -ians, -aise, -aanse).
MIN_STEM, MAX_ENDING = 4, 4
# Endings of English participles and adverbs, which open sentences far more often than
# names do ("Departing Pyongyang", "Reportedly,"); such a word is a name only if it is also
# capitalised inside a sentence.
COMMON_ENDINGS = ("ing", "ed", "ly")
# A sentence whose long words are mostly capitalised is a title-case headline, whose
# capitals say nothing about names (more than four in five of its words of more than three
# letters; name-dense news sentences reach about two in three).
TITLE_CASE_SHARE = 0.8
# Longest name part matched as one unit (Korean Central News Agency = KCNA).
MAX_GRAM = 4
_POSSESSIVE = re.compile(r"['’]s$")


class NameToken(NamedTuple):
    """A word of a name; ``key`` is folded, without a possessive ending."""

    start: int
    end: int
    key: str
    connector: bool


class Mention(NamedTuple):
    """A run of capitalised words (and connectors inside it); ``reportable`` is False
    where capitals may not mark a name (German nouns, title-case headlines)."""

    words: tuple[NameToken, ...]
    reportable: bool


@lru_cache(maxsize=1 << 14)
def skeleton(name: str) -> str:
    """The transliteration skeleton of a name: Dmitri and Dmitry give the same string."""
    out = re.sub(r"[\s\-'’.]", "", fold(name))
    for old, new in SKELETON_RULES:
        out = out.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", out)


def _name_like(token: Token) -> bool:
    return _name_like_word(token.text)


@lru_cache(maxsize=1 << 14)
def _name_like_word(text: str) -> bool:
    first = text[0]
    key = fold(_strip(text))
    return (
        first.isalpha()
        and first.isupper()
        and len(key) > 1  # initials (T. E. Lawrence) are too short to compare
        and not text.endswith(("'", "’"))  # elided articles: L', D'
        and key not in NOT_NAMES
        and key not in ROLE_OF
    )


def _role(token: Token) -> str | None:
    return ROLE_OF.get(token.key)


def _strip(text: str) -> str:
    """A word without its possessive ending (Moscow’s -> Moscow)."""
    return _POSSESSIVE.sub("", text) if len(text) > 3 else text


def _title_case(words: list[Token]) -> bool:
    long = [w for w in words if len(w.text) > 3]
    return len(long) >= 3 and sum(w.text[0].isupper() for w in long) / len(long) > TITLE_CASE_SHARE


@lru_cache(maxsize=512)
def _sentences(side_text: str, lengths: tuple[int, ...]) -> tuple[tuple[Token, ...], ...]:
    """The side's words grouped by the sentence they belong to."""
    groups: list[list[Token]] = [[] for _ in lengths] or [[]]
    bounds, cursor = [], 0
    for length in lengths:
        bounds.append(cursor + length)
        cursor += length + 1
    for token in tokens(side_text):
        groups[min(bisect_right(bounds, token.start), len(groups) - 1)].append(token)
    return tuple(map(tuple, groups))


@lru_cache(maxsize=512)
def capitalised_inside(text: str, lengths: tuple[int, ...] = ()) -> frozenset[str]:
    """Keys of the name-like words of ``text`` that do not open a sentence (``lengths``: the
    lengths of the sentences a side's text joins, whose first words open one even after a
    headline without a full stop)."""
    opening = {words[0].start for words in _sentences(text, lengths) if words} if lengths else set()
    return frozenset(
        fold(_strip(t.text)) for t in tokens(text) if not t.initial and t.start not in opening and _name_like(t)
    )


@lru_cache(maxsize=512)
def mentions(
    text: str, language: str, lengths: tuple[int, ...], known: frozenset[str]
) -> tuple[Mention, ...]:
    """Name mentions of a side's text (``lengths``: its sentences' lengths).

    ``known`` holds the words capitalised inside a sentence on either side; a capitalised
    word that opens a sentence must be known or open a longer name (see ``_initial_name``).
    """
    out: list[Mention] = []
    for words in _sentences(text, lengths):
        title_case = _title_case(words)
        run: list[NameToken] = []
        for i, token in enumerate(words):
            following = words[i + 1] if i + 1 < len(words) else None
            joined = bool(run) and _adjacent(text, words[i - 1], token)
            initial = token.initial or i == 0  # a sentence after a headline opens without a full stop
            name = _name_like(token) and (not initial or _initial_name(text, token, following, known))
            connector = joined and token.text in CONNECTORS and following is not None and _name_like(following)
            # Inside a run, a capitalised function word is part of the name (Kim Jong Un).
            name = name or (joined and token.text[0].isupper() and _role(token) is None)
            if joined and (name or connector):
                run.append(NameToken(token.start, token.start + len(_strip(token.text)), fold(_strip(token.text)), connector))
                continue
            _close(run, out, language, title_case)
            run = [NameToken(token.start, token.start + len(_strip(token.text)), fold(_strip(token.text)), False)] if name else []
        _close(run, out, language, title_case)
    return tuple(out)


def _known_openers(text: str, lengths: tuple[int, ...], known: frozenset[str]) -> frozenset[str]:
    """The part of ``known`` that `mentions` reads in ``text``: the keys of the name-like
    words opening its sentences that ``known`` holds, as written or spelt alike. The rest of
    ``known`` comes from the other side of a pair and changes nothing here, so one reading
    of a text serves every pair it is in."""
    spelt = _skeletons(known)
    return frozenset(k for k in _opening_names(text, lengths) if k in known or skeleton(k) in spelt)


@lru_cache(maxsize=512)
def _opening_names(text: str, lengths: tuple[int, ...]) -> tuple[str, ...]:
    """Keys of the name-like words that open a sentence of ``text`` (as `mentions` reads it)."""
    return tuple(
        fold(_strip(token.text))
        for words in _sentences(text, lengths)
        for i, token in enumerate(words)
        if (token.initial or i == 0) and _name_like(token)
    )


def _initial_name(text: str, token: Token, following: Token | None, known: frozenset[str]) -> bool:
    """Whether a capitalised word that opens a sentence is a name: it is capitalised inside
    a sentence on either side, or it does not look like an English verb, adverb or plural
    (Departing, Reportedly, Experts) and opens a longer name. A word seen nowhere else
    ("Around 19:50", "Built in 1163", "Within an hour") is no name: taking such words for
    names when they never appear in lower case, as same-language pairs once did, made
    entity differences of them (dev stories, system alignment: precision 0.4564 -> 0.4630,
    severity-0 quiet 0.6899 -> 0.7054, recall unchanged)."""
    key = fold(_strip(token.text))
    if key in known or skeleton(key) in _skeletons(known):
        return True
    return not key.endswith(COMMON_ENDINGS) and following is not None and _name_like(following) and (
        _adjacent(text, token, following)
    )


@lru_cache(maxsize=512)
def _skeletons(keys: frozenset[str]) -> frozenset[str]:
    return frozenset(skeleton(k) for k in keys)


def _adjacent(text: str, left: Token, right: Token) -> bool:
    return text[left.end : right.start].strip() == ""


def _close(run: list[NameToken], out: list[Mention], language: str, title_case: bool) -> None:
    while run and run[-1].connector:
        run.pop()
    if run:
        # German capitalises every noun: only runs of two names or more count there.
        reportable = not title_case and (language != "de" or len(run) > 1)
        out.append(Mention(tuple(run), reportable))


class Gram(NamedTuple):
    """A contiguous part of a mention, the unit two sides' names are matched by."""

    start: int
    end: int
    indices: tuple[int, ...]  # (mention index, first word, last word)
    surface: str
    skeleton: str


def _grams(text: str, found: tuple[Mention, ...], exact: frozenset[tuple[int, int]]) -> list[Gram]:
    """N-grams of the words no exact match explains, longest first."""
    if not exact:
        return list(_all_grams(text, found))
    return [g for g in _all_grams(text, found) if not _cells(g) & exact]


@lru_cache(maxsize=512)
def _all_grams(text: str, found: tuple[Mention, ...]) -> tuple[Gram, ...]:
    """N-grams of the mentions' words, longest first, none opening or closing on a
    connector (cached: a text's names are read against every other side of its unit)."""
    out = []
    for m, mention in enumerate(found):
        words = mention.words
        for n in range(MAX_GRAM, 0, -1):
            for i in range(len(words) - n + 1):
                part = words[i : i + n]
                if part[0].connector or part[-1].connector:
                    continue
                surface = re.sub(r"\s+", " ", fold(text[part[0].start : part[-1].end]))
                out.append(Gram(part[0].start, part[-1].end, (m, i, i + n - 1), surface, skeleton(surface)))
    return tuple(out)


def _close_spelling(x: str, y: str) -> bool:
    """Skeletons within the edits their length allows, with the same first letter."""
    shorter = min(len(x), len(y))
    allowed = 2 if shorter >= MIN_LENGTH_FOR_TWO_EDITS else 1 if shorter >= MIN_LENGTH_FOR_ONE_EDIT else 0
    return allowed > 0 and x[0] == y[0] and _edits(x, y, allowed) <= allowed


def _edits(x: str, y: str, bound: int) -> int:
    """Levenshtein distance of ``x`` and ``y``, or ``bound + 1`` when it exceeds ``bound``."""
    if abs(len(x) - len(y)) > bound:
        return bound + 1
    previous = list(range(len(y) + 1))
    for i, c in enumerate(x, start=1):
        current = [i]
        for j, d in enumerate(y, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (c != d)))
        if min(current) > bound:
            return bound + 1
        previous = current
    return previous[-1]


@lru_cache(maxsize=1 << 14)
def related(x: str, y: str) -> bool:
    """Same entity in another form: an inflection or demonym (Korea, Koreans)."""
    short, long = sorted((skeleton(x), skeleton(y)), key=len)
    stem = len(os.path.commonprefix((short, long)))
    return short != long and stem >= max(MIN_STEM, len(short) - 2) and len(long) - stem <= MAX_ENDING


def variant(x: Gram, y: Gram) -> bool:
    """Two spellings of one name: an exonym, one skeleton, or word by word within the
    edits each word's length allows (so Kim Jong-un is no variant of Kim Jong-il)."""
    return _variant_surfaces(x.surface, y.surface)


@lru_cache(maxsize=1 << 14)
def _variant_surfaces(x: str, y: str) -> bool:
    """`variant` of two folded surfaces (cached: a name meets the same names in every pair
    of its unit)."""
    if x == y:
        return False
    ex, ey = _EXONYM.get(x.replace("-", " ")), _EXONYM.get(y.replace("-", " "))
    if ex is not None or ey is not None:
        return ex == ey
    return skeleton(x) == skeleton(y) or _word_by_word(x, y, _spelt_alike)


@lru_cache(maxsize=1 << 14)
def same_word(x: str, y: str) -> bool:
    """One name word in two forms (folded keys): spelt alike (Dmitri/Dmitry) or inflected
    (Korea/Koreans); hyphenated words part by part."""
    return skeleton(x) == skeleton(y) or _word_by_word(x, y, lambda a, b: _spelt_alike(a, b) or related(a, b))


@lru_cache(maxsize=1 << 14)
def _spelt_alike(x: str, y: str) -> bool:
    sx, sy = skeleton(x), skeleton(y)
    return sx == sy or _close_spelling(sx, sy)


def _word_by_word(x: str, y: str, alike: Callable[[str, str], bool]) -> bool:
    """Whether ``x`` and ``y`` have as many words (split at spaces and hyphens) and each
    pair of them is ``alike``."""
    words_x, words_y = re.split(r"[\s-]+", x), re.split(r"[\s-]+", y)
    return len(words_x) == len(words_y) and all(alike(a, b) for a, b in zip(words_x, words_y))


class Matching(NamedTuple):
    """How the names of two sides correspond: each side's mentions, variant pairs, and per
    side the words (mention index, word index) that nothing on the other side explains."""

    mentions_a: tuple[Mention, ...]
    mentions_b: tuple[Mention, ...]
    variants: tuple[tuple[Gram, Gram], ...]
    unmatched_a: frozenset[tuple[int, int]]
    unmatched_b: frozenset[tuple[int, int]]


def _exact(found: tuple[Mention, ...], other_keys: frozenset[str]) -> frozenset[tuple[int, int]]:
    return frozenset(
        (m, i)
        for m, mention in enumerate(found)
        for i, word in enumerate(mention.words)
        if word.connector or word.key in other_keys
    )


def _related(found: tuple[Mention, ...], rest: frozenset[tuple[int, int]], other_keys: frozenset[str]) -> frozenset[tuple[int, int]]:
    """The words of ``rest`` that the other side's words explain: part by part, each part
    as it is or inflected (Putin-Kim; North Korea-Russia against North Korean and Russia),
    or as a whole, an inflection, demonym or compound of one word there (Koreans,
    Soviet-era). Jong-un is no form of Jong-il: two compounds are compared part by part."""
    return frozenset((m, i) for m, i in rest if _explained(found[m].words[i].key, other_keys))


@lru_cache(maxsize=1 << 14)
def _explained(key: str, other_keys: frozenset[str]) -> bool:
    """Whether the other side's words explain the name word ``key`` (see `_related`;
    cached: a text's words meet the same other texts in every pair of their units)."""
    parts = _parts(other_keys)
    by_parts = all(p in parts or any(related(p, k) for k in parts if k[:2] == p[:2]) for p in key.split("-"))
    return by_parts or any(related(key, k) for k in other_keys if "-" not in k and k[:2] == key[:2])


@lru_cache(maxsize=512)
def _parts(keys: frozenset[str]) -> frozenset[str]:
    """``keys`` and the parts of its hyphenated keys."""
    return keys | frozenset(p for k in keys if "-" in k for p in k.split("-"))


def match_names(a: Side, b: Side) -> Matching:
    """Match the names of ``a`` and ``b``: exact (any case), variant, same entity
    (inflection, demonym, metonymy), or unmatched."""
    return _match(a.text, a.language, tuple(len(s.text) for s in a.sentences),
                  b.text, b.language, tuple(len(s.text) for s in b.sentences))


@lru_cache(maxsize=256)
def _match(text_a: str, lang_a: str, len_a: tuple[int, ...], text_b: str, lang_b: str, len_b: tuple[int, ...]) -> Matching:
    known = capitalised_inside(text_a, len_a) | capitalised_inside(text_b, len_b)
    ma = mentions(text_a, lang_a, len_a, _known_openers(text_a, len_a, known))
    mb = mentions(text_b, lang_b, len_b, _known_openers(text_b, len_b, known))
    keys_a, keys_b = _keys(text_a), _keys(text_b)
    exact_a, exact_b = _exact(ma, keys_b), _exact(mb, keys_a)
    done_a, done_b = set(exact_a), set(exact_b)
    variants = []
    grams_b = _grams(text_b, mb, exact_b)
    for x in _grams(text_a, ma, exact_a):
        y = next((y for y in grams_b if not _covered(y, done_b) and variant(x, y)), None)
        if y is not None and not _covered(x, done_a):
            variants.append((x, y))
            done_a.update(_cells(x))
            done_b.update(_cells(y))
    all_a, all_b = _grams(text_a, ma, frozenset()), _grams(text_b, mb, frozenset())
    _explain(all_a, all_b, done_a)
    _explain(all_b, all_a, done_b)
    rest_a, rest_b = _rest(ma, done_a), _rest(mb, done_b)
    return Matching(ma, mb, tuple(variants), rest_a - _related(ma, rest_a, keys_b), rest_b - _related(mb, rest_b, keys_a))


@lru_cache(maxsize=512)
def _keys(text: str) -> frozenset[str]:
    """Every word of ``text``, folded, without its possessive ending."""
    return frozenset(fold(_strip(t.text)) for t in tokens(text))


def _explain(own: list[Gram], other: list[Gram], done: set[tuple[int, int]]) -> None:
    """Mark the words of ``own`` that name an entity some name of ``other`` names too."""
    for x in own:
        if not _cells(x) <= done and any(same_entity(x, y) for y in other):
            done.update(_cells(x))


def same_entity(x: Gram, y: Gram) -> bool:
    """Same entity under another name: metonymy (Seoul, South Korea) or an acronym (KCNA)."""
    return entity_key(x.surface) == entity_key(y.surface) or _acronym(x.surface, y.surface) or _acronym(y.surface, x.surface)


@lru_cache(maxsize=1 << 14)
def _acronym(long: str, short: str) -> bool:
    """Whether ``short`` is the initials of ``long`` (KCNA); a word of up to three letters may
    give all of them, as an abbreviation inside a name does (USGS: US Geological Survey)."""
    words = [w for w in long.replace("-", " ").split() if w not in CONNECTORS]
    acronym = short.replace(".", "")
    if len(words) < 2 or " " in short:
        return False
    spellings = {""}
    for word in words:
        spellings = {s + part for s in spellings for part in {word[0], word if len(word) <= 3 else word[0]}}
    return acronym in spellings


@lru_cache(maxsize=1 << 14)
def entity_key(name: str) -> str:
    """What a name stands for: the country of a demonym (French -> France), its exonym
    group, then its metonym (Washington -> United States)."""
    key = fold(name).replace("-", " ")
    key = DEMONYMS.get(key, key)
    key = _EXONYM.get(key, key)
    return METONYMS.get(key, key)


@lru_cache(maxsize=1 << 14)
def _cells(gram: Gram) -> frozenset[tuple[int, int]]:
    """The (mention, word) cells a gram covers (cached: grams are matched pair by pair)."""
    m, first, last = gram.indices
    return frozenset((m, i) for i in range(first, last + 1))


def _covered(gram: Gram, done: set[tuple[int, int]]) -> bool:
    return bool(_cells(gram) & done)


def _rest(found: tuple[Mention, ...], done: set[tuple[int, int]]) -> frozenset[tuple[int, int]]:
    return frozenset(
        (m, i) for m, mention in enumerate(found) for i in range(len(mention.words)) if (m, i) not in done
    )


@register
class NameVariantDetector(Detector):
    name = "name_variant"

    def detect(self, a: Side, b: Side) -> list[Difference]:
        out = []
        for x, y in match_names(a, b).variants:
            out.append(difference(a, x.start, x.end, self.name, SCORE_VARIANT))
            out.append(difference(b, y.start, y.end, self.name, SCORE_VARIANT))
        return unique(out)
