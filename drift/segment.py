"""Split each version into sentences with character offsets, and mark boilerplate.

The segmenter is rule-based and written here by hand, with per-language abbreviation lists,
rather than borrowed: pysbd is unmaintained and does not return offsets in every case (its
``char_span`` mode loses characters on some inputs), and NLTK's punkt needs a data download
at run time, which drift may not do. Rules, in the order they apply:

* **Lines.** Every line break ends a sentence (a blank line and a single line break alike):
  in news text files every line is a paragraph, a headline or a credit, and headlines carry
  no final punctuation. Line breaks are those of ``str.splitlines``.
* **Sentence marks.** Inside a line, a sentence ends after ``.``, ``!``, ``?``, ``‽`` or an
  ellipsis (``…``, ``...``), together with the closing quotes and brackets that follow it
  (the quote belongs to the sentence it closes; a French ``»`` may sit after a (no-break)
  space), when whitespace follows and the next word starts with a capital letter, a digit
  or a letter of a script without case. A lower-case next word never starts a sentence.
  ``。！？`` end a sentence wherever they stand (Chinese, Japanese), with no space needed.
* **Not a sentence end** after a period that follows a known abbreviation of the language
  (titles such as ``Mr.``, ``MM.``, ``Dr.``, ``Gen.``, ``dhr.``; ``e.g.``, ``bijv.``); after a
  dotted abbreviation such as ``U.S.``, ``a.m.``, ``d.w.z.``, ``J.-C.``; after a single
  capital letter (initials: ``Siemon T. Wezeman``, ``G. O. Dyhrenfurth``, French ``M.``);
  after ``No.``, ``Sept.``, ``p.`` and their like when a number follows (``No. 5``); after a
  list number at the start of a line (``1. Introduction``); after an all-capitals dateline
  (``PARIS. — Le président``); after a short number in languages that write ordinals with
  a period (German ``am 3. Oktober``); after an elision ``(…)`` or ``[...]``. Known
  abbreviations thus never end a sentence inside a line (``former U.S. President Donald
  Trump`` stays whole, and so does the rarer ``... in the U.S. The ...``), except the few
  that usually close a list (``etc.``, ``enz.``, ``usw.``), which do before a capital.
  Decimals, times and thousands (``3.5``, ``18:30``, ``1,000.5``, ``3,5 %``) have no space
  after the mark and never split.
* **Spans** are trimmed of whitespace. Datelines (``(Moscow)``, ``MOSCOW (Reuters) -``)
  carry no sentence mark and stay inside the first sentence. A bullet at the start of a line
  (``•``, ``-``, ``*``, ``–``) stays inside its sentence's span: the span starts at the bullet.
* **Overlong sentences** (over :data:`MAX_SENTENCE_CHARS` characters with no sentence end)
  are cut at whitespace into pieces no longer than that.

Languages with their own abbreviation lists are :data:`SUPPORTED_LANGUAGES`; any other code
(other Latin-script languages, Cyrillic, Greek, Chinese, Japanese, Korean...) gets the
generic rules above with a short international abbreviation list (``Dr.``, ``Prof.``,
``etc.``, ``vs.``, ``No.``).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from drift import lang
from drift.boilerplate import base_language, mark_boilerplate
from drift.languages import sentence_languages
from drift.types import Sentence, Story, Version

log = logging.getLogger("drift")

# A "sentence" longer than this (2,000 characters: the longest sentence of the development
# data has 1,117) has gone pages without a sentence mark: a dump, a transcript, a long single
# line. It is cut into pieces of at most this length, at whitespace, so that the scoring
# stage, whose word alignment and TER grow with the square of a sentence's length, stays
# bounded and the whole pipeline linear in the length of a version.
MAX_SENTENCE_CHARS = 2000

# Abbreviations after which a period does not end a sentence inside a line, lower case and
# without their final period: each language's list lives in drift.lang. Single capital
# letters (initials) and dotted forms (U.S., e.g., d.w.z.) need no entry.
# English titles and these few shortenings turn up in news text of any language.
_INTERNATIONAL = {"mr", "mrs", "ms", "dr", "prof", "etc", "vs", "ca", "cf"}
ABBREVIATIONS: dict[str, frozenset[str]] = lang.table("ABBREVIATIONS")

# Abbreviations that do not end a sentence when a number follows: "No. 5", "Sept. 12",
# "p. 91", "art. 3". Only then, because most are also ordinary words that can end one
# ("no", "Jan", French "sept" (seven), Portuguese "mar", "out").
_INTERNATIONAL_NUMBERED = {"no", "nos", "nr", "art", "vol", "pp", "p", "fig", "n"}
NUMBERED_ABBREVIATIONS: dict[str, frozenset[str]] = lang.table("NUMBERED_ABBREVIATIONS")

# Abbreviations that usually close an enumeration and so may end a sentence: before a
# capital they do. Those of every language in drift.lang apply to every language.
SENTENCE_FINAL_ABBREVIATIONS = lang.union("SENTENCE_FINAL_ABBREVIATIONS")

# Languages that write ordinal numbers with a period ("am 3. Oktober", "den 5. maj"), so
# a short number followed by a period does not end a sentence.
ORDINAL_PERIOD_LANGUAGES = frozenset(
    "de da nb nn no is fi et sv cs sk pl hu sl hr sr bs lv lt".split()
)

SUPPORTED_LANGUAGES = frozenset(ABBREVIATIONS)

# Sentence marks: Latin-script marks, and the Chinese/Japanese full stops, which end a
# sentence with no space after them.
_MARKS = re.compile(r"[.!?‽…]+|[。！？｡]+")
_CJK_MARKS = frozenset("。！？｡")
# Quotes and brackets that, right after a sentence mark, close the sentence.
_CLOSERS = frozenset("\"'”’“‘»«›‹)]}」』】）〕〉》")
# What may stand before the first word of a sentence: opening quotes and brackets, dashes
# and bullets.
_OPENERS = frozenset("\"'“‘„‚«»‹›([{¿¡—–-•*・「『（")
# Horizontal spaces French puts before a closing guillemet (space, no-break, narrow no-break).
_GUILLEMET_SPACES = frozenset(" \u00a0\u202f")
# A dotted abbreviation without its last period: "U.S", "e.g", "d.w.z", "J.-C", "c.-à-d":
# runs of at most three letters joined by periods and hyphens, at least one period.
_DOTTED = re.compile(r"(?=.*\.)[^\W\d_]{1,3}(?:[.-]{1,2}[^\W\d_]{1,3})+")
# The second half of a spaced abbreviation after a single letter: "z. B.", "p. ex.", "n. Chr.".
_SPACED_ABBREVIATION = re.compile(r"\s+[^\W\d_]{1,3}\.")
_ROMAN = re.compile(r"[IVXLC]+")
# Bullets and spaces that may precede a list number at the start of a line.
_BULLETS = " \t\u00a0•*–-"
# The longest line opening checked for a list number or a dateline ("SAN FRANCISCO, CALIF.").
_OPENING_CHARS = 40


@dataclass(frozen=True)
class _Rules:
    """The language-specific parts of the rules."""

    abbreviations: frozenset[str]
    numbered: frozenset[str]
    ordinal_periods: bool
    # German opens quotes with », so a spaced » there opens the next sentence.
    spaced_guillemet_closes: bool


@lru_cache(maxsize=None)
def _rules(language: str) -> _Rules:
    code = base_language(language)
    return _Rules(
        abbreviations=ABBREVIATIONS.get(code, frozenset()) | _INTERNATIONAL,
        numbered=NUMBERED_ABBREVIATIONS.get(code, frozenset()) | _INTERNATIONAL_NUMBERED,
        ordinal_periods=code in ORDINAL_PERIOD_LANGUAGES,
        spaced_guillemet_closes=code != "de",
    )


def split_sentences(text: str, language: str) -> list[tuple[int, int]]:
    """Character spans ``[start, end)`` of the sentences of ``text``, in order.

    Args:
        text: a version's original text (any line endings).
        language: ISO 639-1 code; picks the abbreviation list (see :data:`SUPPORTED_LANGUAGES`),
            any other code gets the generic rules.

    Returns spans that are trimmed of whitespace, do not overlap, and together hold every
    non-whitespace character of ``text``; what lies between them is whitespace.
    """
    rules = _rules(language)
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        start, end = offset, offset + len(line)
        offset = end
        cuts = [start, *_sentence_ends(text, start, end, rules), end]
        for left, right in zip(cuts, cuts[1:]):
            span = _trim(text, left, right)
            if span is not None:
                spans.extend(_pieces(text, *span))
    return spans


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut into pieces of at most MAX_SENTENCE_CHARS, each at the last whitespace
    before the limit (at the limit itself where there is none), trimmed."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = next((i for i in range(limit, start + MAX_SENTENCE_CHARS // 2, -1) if text[i].isspace()), limit)
        pieces.append(_trim(text, start, cut))
        start = _trim(text, cut, end)[0]
    pieces.append((start, end))
    return pieces


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _sentence_ends(text: str, start: int, end: int, rules: _Rules) -> list[int]:
    """Offsets inside the line ``text[start:end]`` where a sentence ends."""
    ends = []
    for mark in _MARKS.finditer(text, start, end):
        stop = _after_closers(text, mark.end(), end, rules)
        if stop >= end or text[stop:end].isspace():
            continue  # the line break ends this sentence anyway
        if mark.group()[-1] in _CJK_MARKS:
            ends.append(stop)
        elif text[stop].isspace() and _ends_sentence(text, start, mark, stop, end, rules):
            ends.append(stop)
    return ends


def _after_closers(text: str, position: int, end: int, rules: _Rules) -> int:
    """Position after the closing quotes and brackets that follow a sentence mark."""
    while position < end:
        if text[position] in _CLOSERS:
            position += 1
        elif (
            rules.spaced_guillemet_closes
            and text[position] in _GUILLEMET_SPACES
            and text.startswith("»", position + 1)
        ):
            position += 2
        else:
            break
    return position


def _next_letter(text: str, position: int, end: int) -> str:
    """The first character of the next word: after spaces, opening quotes and bullets."""
    while position < end and (text[position].isspace() or text[position] in _OPENERS):
        position += 1
    return text[position] if position < end else ""


def _word_before(text: str, line_start: int, position: int) -> tuple[str, int]:
    """The word that ends at ``position`` (opening quotes stripped) and where it starts."""
    start = position
    while start > line_start and not text[start - 1].isspace():
        start -= 1
    while start < position and text[start] in _OPENERS:
        start += 1
    return text[start:position], start


def _ends_sentence(
    text: str, line_start: int, mark: re.Match[str], stop: int, end: int, rules: _Rules
) -> bool:
    """Whether the sentence mark ``mark``, followed by whitespace at ``stop``, ends a sentence."""
    following = _next_letter(text, stop, end)
    if not following or following.islower() or not following.isalnum():
        return False
    if mark.group() in ("…", "...") and text[mark.start() - 1 : mark.start()] in ("(", "["):
        return False  # an elision "(…)" inside a quotation
    word, word_start = _word_before(text, line_start, mark.start())
    if mark.group() != "." or not word:
        return True
    lowered = word.lower()
    if lowered in SENTENCE_FINAL_ABBREVIATIONS:
        return True
    if lowered in rules.abbreviations or _DOTTED.fullmatch(word):
        return False
    if len(word) == 1 and (word.isupper() or _SPACED_ABBREVIATION.match(text, stop, end)):
        return False  # an initial ("Siemon T. Wezeman", "M. Macron") or "z. B.", "p. ex."
    if lowered in rules.numbered and following.isdigit():
        return False
    if rules.ordinal_periods and word.isdigit() and len(word) <= 3:
        return False
    # Only a short start of a line can be a list number or a dateline (and looking no
    # further keeps a long line linear).
    if mark.start() - line_start > _OPENING_CHARS:
        return True
    list_number = word.isdigit() or _ROMAN.fullmatch(word)
    if list_number and not text[line_start:word_start].strip(_BULLETS):
        return False  # a list number: "1. Introduction", "IV. Results"
    return not _is_dateline(text[line_start : mark.start()])


def _is_dateline(opening: str) -> bool:
    """An all-capitals place name opening a line: "PARIS." or "NEW YORK."."""
    letters = [ch for ch in opening if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters) and len(opening.split()) <= 3


def segment_version(version: Version) -> Version:
    """The version with its sentences, boilerplate marked, and the language of each
    content sentence written in another language than the version's."""
    spans = split_sentences(version.text, version.language)
    flags = mark_boilerplate(version.text, spans, version.language)
    texts = [version.text[start:end] for start, end in spans]
    languages = sentence_languages([t if not flag else "" for t, flag in zip(texts, flags)], version.language)
    sentences = tuple(
        Sentence(
            version=version.id,
            index=index,
            start=start,
            end=end,
            text=text,
            boilerplate=flag,
            language=language,
        )
        for index, ((start, end), text, flag, language) in enumerate(zip(spans, texts, flags, languages))
    )
    log.debug("%s: %d sentences, %d boilerplate", version.id, len(sentences), sum(flags))
    return version.with_sentences(sentences)


def segment(story: Story) -> Story:
    """A new Story whose versions carry their sentences (``Version.sentences``)."""
    versions = tuple(segment_version(v) for v in story.versions)
    for version in versions:
        if all(s.boilerplate for s in version.sentences):  # legal, but likely a bad extraction
            log.warning(
                "%s: every line of version %r (%d) is boilerplate; it has no content to compare",
                version.source or f"story {story.id}", version.id, len(version.sentences),
            )
    return story.with_versions(versions)
