"""The per-language data of drift.lang: each table's type, and that the readers see it.

Every upper-case name of a language module is one of the tables below, of the type given;
every module is a language of ``CODES``; and the sets the detectors and the segmenter build
hold the words of every language that defines them (real tables, real readers).
"""

from __future__ import annotations

import pkgutil

import pytest
from pydantic import TypeAdapter, ValidationError

import drift.lang
from drift import lang, segment
from drift.score.detectors import attribution, modality, name_variant, negation, number, time
from drift.score.detectors.base import fold

Words = frozenset[str]
Phrases = tuple[str, ...]
TYPES = {
    **dict.fromkeys(
        ("ABBREVIATIONS", "NUMBERED_ABBREVIATIONS", "SENTENCE_FINAL_ABBREVIATIONS", "SKIP_BEFORE_VERB",
         "NO_INVERSION", "INSIDE_SOURCE", "NOT_NAMES", "BEFORE_TO"),
        Words,
    ),
    **dict.fromkeys(
        ("WEEKDAYS", "MONTHS", "AMBIGUOUS_MONTHS", "CLOCK_PREPOSITIONS", "LOCAL_TIME", "ONE_WORDS", "OWN_UNITS"),
        Phrases,
    ),
    **dict.fromkeys(("ACCORDING_TO", "HEDGES"), tuple[Phrases, ...]),
    "RANGE_WORDS": tuple[tuple[str, str], ...],
    "HOUR_FRACTIONS": dict[str, float],
    **dict.fromkeys(("MONTH_ABBREVIATIONS", "NUMBER_WORDS", "APPROXIMATE_NUMBER_WORDS", "PLURAL_NUMBER_WORDS"), dict[str, int]),
    # MODALS and ROLES: {class or role: space-separated words}
    **dict.fromkeys(("PARTS_OF_DAY", "COMPOUND_PARTS", "CLOCK_WORDS", "DAY_HALVES", "MODALS", "ROLES"), dict[str, str]),
    **dict.fromkeys(("CLOCK_QUALIFIERS", "QUANTITY_QUALIFIERS"), dict[str, Phrases]),
    "RELATIVE_DATES": dict[Phrases, tuple[str, int]],
    **dict.fromkeys(
        ("REPORTING_VERBS", "OPENING_FOR", "NEGATORS", "AFTER_NE", "NOT_ONLY", "SUBJECT_PRONOUNS", "THOUSANDS_SEPARATOR"), str
    ),
    "CONTRAST": tuple[str, bool],
    "RULE_OUT": tuple[str, str, str, str],
    "NEGATIVE_IMPLICATIVES": tuple[str, dict[str, str], dict[str, str]],
    "MODAL_ENDINGS": tuple[tuple[str, Phrases, Phrases], ...],
    **dict.fromkeys(("DEMONYMS", "DIRECTIONS"), dict[str, str]),
}


def _tables() -> list:
    return [
        (code, name)
        for code in lang.CODES
        for name in dir(lang.get(code))
        if name.isupper()
    ]


@pytest.mark.parametrize(("code", "name"), _tables())
def test_every_table_has_its_type(code, name):
    assert name in TYPES, f"drift.lang.{code}.{name} is no known table"
    try:
        TypeAdapter(TYPES[name]).validate_python(getattr(lang.get(code), name), strict=True)
    except ValidationError as error:
        pytest.fail(f"drift.lang.{code}.{name}: {error}")


def test_every_language_module_is_a_code():
    modules = {m.name for m in pkgutil.iter_modules(drift.lang.__path__)}
    assert modules == set(lang.CODES)
    assert all(set(lang.table(name)) <= set(lang.CODES) for name in TYPES)


def test_classes_parts_and_roles_are_those_the_detectors_know():
    classes = {cls for table in lang.table("MODALS").values() for cls in table}
    assert classes == {"possibility", "ability", "probability", "future", "conditional", "necessity", "volition"}
    parts = {name for _, name in time.PART_STARTS}
    for name in ("PARTS_OF_DAY", "COMPOUND_PARTS"):
        assert all(set(table.values()) <= parts for table in lang.table(name).values())
    for code, months in lang.table("AMBIGUOUS_MONTHS").items():
        assert set(months) <= set(lang.get(code).MONTHS)
    points = {"n", "s", "e", "w", "ne", "nw", "se", "sw"}
    assert all(set(table.values()) <= points for table in lang.table("DIRECTIONS").values())


@pytest.mark.parametrize("code", lang.CODES)
def test_the_readers_hold_every_language_s_words(code):
    data = lang.get(code)
    if hasattr(data, "NEGATORS"):
        assert all(negation.negators(f"x {w} y", code) for w in data.NEGATORS.split())
    if hasattr(data, "NEGATIVE_IMPLICATIVES"):
        alone, with_particle, idioms = data.NEGATIVE_IMPLICATIVES
        assert all(negation.implicit_negatives(f"x {w} y", code) == 1 for w in alone.split())
        for particle, forms in with_particle.items():
            assert all(negation.implicit_negatives(f"x {w} y {particle} z", code) == 1 for w in forms.split())
            assert all(negation.implicit_negatives(f"x {w} y z", code) == 0 for w in forms.split())
        for form, following in idioms.items():
            assert form in alone.split()
            assert all(negation.implicit_negatives(f"x {form} {w} y", code) == 0 for w in following.split())
    if hasattr(data, "REPORTING_VERBS"):
        assert {fold(w) for w in data.REPORTING_VERBS.split()} <= attribution._verbs(code)
        assert {tuple(map(fold, p)) for p in data.ACCORDING_TO} <= set(attribution._phrases("according", code))
        assert {tuple(map(fold, p)) for p in data.HEDGES} <= set(attribution._phrases("hedges", code))
    for name in ("SKIP_BEFORE_VERB", "NO_INVERSION", "INSIDE_SOURCE"):
        assert getattr(data, name, frozenset()) <= getattr(attribution, name)
    if hasattr(data, "MODALS"):
        assert modality._class_of(code) == {fold(w): c for c, words in data.MODALS.items() for w in words.split()}
    if hasattr(data, "NOT_NAMES"):
        assert {fold(w) for w in data.NOT_NAMES} <= name_variant.NOT_NAMES
    if hasattr(data, "ROLES"):
        roles = {fold(w): role for role, words in data.ROLES.items() for w in words.split()}
        assert roles.items() <= name_variant.ROLE_OF.items()
    if hasattr(data, "PARTS_OF_DAY"):
        assert {fold(w): ("part", p) for w, p in data.PARTS_OF_DAY.items()}.items() <= time._word_lexicon(code).items()
    assert getattr(data, "COMPOUND_PARTS", {}).items() <= time.COMPOUND_PARTS.items()
    assert all(number.UNIT_LANGUAGE[w] == code for w in getattr(data, "OWN_UNITS", ()))
    assert getattr(data, "SENTENCE_FINAL_ABBREVIATIONS", frozenset()) <= segment.SENTENCE_FINAL_ABBREVIATIONS


@pytest.mark.parametrize(
    ("text", "language"),
    [("Dat is niet waar.", "nl"), ("Ce n'est pas vrai.", "fr"), ("Das ist nicht wahr.", "de")],
)
def test_a_negator_of_each_language(text, language):
    assert len(negation.negators(text, language)) == 1


@pytest.mark.parametrize(
    ("text", "language", "source"),
    [
        ("Selon le ministre, le port a explosé.", "fr", "le ministre"),
        ("De haven is ontploft, volgens de minister.", "nl", "de minister"),
        ("Der Hafen ist explodiert, laut dem Minister.", "de", "dem Minister"),
        ("The port exploded, Mr Peskov said.", "en", "Peskov"),
    ],
)
def test_a_source_of_each_language(text, language, source):
    assert [text[s.start : s.end] for s in attribution.sources(text, language)] == [source]
