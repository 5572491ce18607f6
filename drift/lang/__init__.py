"""Per-language data, one module per language, as spaCy's ``lang/<code>/``.

Each module (``en``, ``fr``, ``nl``, ``de``, ``es``, ``it``, ``pt``) holds the word lists,
abbreviations and patterns that the segmenter and the drift detectors read, under the same
names in every language that has them (a language that lacks a list does not define it):

* segmenter and tokenizer: ``ABBREVIATIONS`` and ``NUMBERED_ABBREVIATIONS`` (periods that
  end no sentence), ``SENTENCE_FINAL_ABBREVIATIONS`` ("etc.", which may end one);
* time: ``WEEKDAYS``, ``MONTHS``, ``MONTH_ABBREVIATIONS``, ``AMBIGUOUS_MONTHS``,
  ``PARTS_OF_DAY``, ``COMPOUND_PARTS``, ``RELATIVE_DATES``, ``CLOCK_QUALIFIERS``,
  ``CLOCK_WORDS``, ``CLOCK_PREPOSITIONS``, ``DAY_HALVES`` and ``LOCAL_TIME``;
* number: ``NUMBER_WORDS``, ``APPROXIMATE_NUMBER_WORDS``, ``PLURAL_NUMBER_WORDS``, ``HOUR_FRACTIONS``, ``QUANTITY_QUALIFIERS``,
  ``RANGE_WORDS``, ``ONE_WORDS``, ``THOUSANDS_SEPARATOR`` and ``OWN_UNITS``;
* attribution: ``ACCORDING_TO``, ``REPORTING_VERBS``, ``OPENING_FOR``, ``HEDGES``,
  ``SKIP_BEFORE_VERB``, ``NO_INVERSION`` and ``INSIDE_SOURCE``;
* modality: ``MODALS`` ({class: words}), ``MODAL_ENDINGS`` (a class read from a verb's
  ending, French conditional) and ``BEFORE_TO``;
* negation: ``NEGATORS``, ``AFTER_NE``, ``CONTRAST``, ``NOT_ONLY``, ``SUBJECT_PRONOUNS``, ``RULE_OUT``
  and ``NEGATIVE_IMPLICATIVES`` (words that negate what follows: "refused to", "without");
* names: ``NOT_NAMES``, ``ROLES`` ({role: words}) and ``DEMONYMS`` ({adjective: country});
* direction: ``DIRECTIONS`` ({word: points of the compass}).

Each list's comment, in the module that defines it, says what it holds and where it comes
from. Nothing else in drift keeps a copy of a language's list: a new language is one new
module here and its code in ``CODES``.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from types import ModuleType
from typing import Any

CODES = ("en", "fr", "nl", "de", "es", "it", "pt")


@lru_cache(maxsize=None)
def get(code: str) -> ModuleType | None:
    """The data module of language ``code`` (ISO 639-1), or None for a language without one."""
    return importlib.import_module(f"drift.lang.{code}") if code in CODES else None


def table(name: str) -> dict[str, Any]:
    """One list across languages: ``{code: value}`` for every language module that has ``name``."""
    return {code: getattr(get(code), name) for code in CODES if hasattr(get(code), name)}


def union(name: str) -> frozenset[Any]:
    """One list of every language together, for a rule that applies whatever a side's language."""
    return frozenset().union(*table(name).values())
