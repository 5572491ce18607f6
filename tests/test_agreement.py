"""Agreement across versions (drift.score.agreement): an entity difference keeps its
severity only where the version that names it departs from the unit's other versions."""

from __future__ import annotations

from drift.score.agreement import across_versions
from drift.types import Difference, Pair, PairScore, Sentence, Side

TEXTS = {
    "v1": "Paris Mayor Anne Hidalgo thanked the firefighters.",
    "v2": "De burgemeester bedankte de brandweer van Lodewijk.",
    "v3": "The firefighters were thanked by Louis.",
    "v4": "Anne Hidalgo, the mayor, thanked the firefighters.",
}
NAME = (12, 24)  # "Anne Hidalgo" in v1


def side(version: str) -> Side:
    text = TEXTS[version]
    return Side(version, "en", (Sentence(version, 0, 0, len(text), text),))


def pair(a: str, b: str, *differences: Difference, unit: int = 0, link: float | None = 0.8) -> Pair:
    return Pair(unit, side(a), side(b), 0.9, PairScore(0.6, "changed", tuple(differences)), link=link)


def name_in_v1() -> Difference:
    return Difference("v1", *NAME, "Anne Hidalgo", "entity", 0.8, severity=1)


def severities(pairs: list[Pair], a: str, b: str) -> list[int]:
    (found,) = [p for p in pairs if (p.a.version, p.b.version) == (a, b)]
    return [d.severity for d in found.differences if d.version == "v1"]


def test_a_name_the_other_versions_split_over_is_no_change() -> None:
    # v2 and v3 lack the name, v4 gives it: the versions split, so no one version departs
    pairs = across_versions([
        pair("v1", "v2", name_in_v1()), pair("v1", "v3", name_in_v1()), pair("v1", "v4"),
        pair("v2", "v3"), pair("v2", "v4"), pair("v3", "v4"),
    ])
    assert severities(pairs, "v1", "v2") == [0]
    assert severities(pairs, "v1", "v3") == [0]
    kept = [(d.type, d.text) for p in pairs for d in p.differences]
    assert kept == [("entity", "Anne Hidalgo")] * 2  # still reported, for a reader to find
    # the pairs that only this difference made "changed" are labelled again from their
    # severities: none is left above 0, so they are equivalent, two bands lower
    assert [(p.label, p.drift) for p in pairs[:2]] == [("equivalent", 0.1)] * 2
    # a pair of a bitext mode's unit (no link probability) keeps the model's class "some":
    # a nuance, one band lower
    bitext = across_versions([
        pair("v1", "v2", name_in_v1(), link=None), pair("v1", "v3", name_in_v1(), link=None), pair("v1", "v4", link=None),
    ])
    assert (bitext[0].label, bitext[0].drift) == ("nuance", 0.35)


def test_a_sure_conflict_keeps_a_pair_changed() -> None:
    figure = Difference("v1", 0, 5, "Paris", "number", 0.9, severity=2)  # a sure number conflict
    pairs = across_versions([
        pair("v1", "v2", name_in_v1(), figure), pair("v1", "v3", name_in_v1()), pair("v1", "v4"),
    ])
    assert severities(pairs, "v1", "v2") == [0, 2]
    assert (pairs[0].label, pairs[0].drift) == ("changed", 0.6)


def test_a_version_that_departs_keeps_the_difference() -> None:
    # only v1 names him: v1 departs from every other version
    alone = across_versions([
        pair("v1", "v2", name_in_v1()), pair("v1", "v3", name_in_v1()), pair("v1", "v4", name_in_v1()),
    ])
    assert severities(alone, "v1", "v2") == [1]
    # only v2 lacks the name: v2 departs, and the pair (v1, v2) is where it shows
    lacking = across_versions([pair("v1", "v2", name_in_v1()), pair("v1", "v3"), pair("v1", "v4")])
    assert severities(lacking, "v1", "v2") == [1]


def test_two_versions_have_no_witness_and_units_do_not_mix() -> None:
    assert severities(across_versions([pair("v1", "v2", name_in_v1())]), "v1", "v2") == [1]
    # the pair (v1, v4) of another unit is no witness for unit 0
    mixed = across_versions([pair("v1", "v2", name_in_v1()), pair("v1", "v3", name_in_v1()), pair("v1", "v4", unit=1)])
    assert severities(mixed, "v1", "v2") == [1]


def test_a_name_the_compared_version_writes_elsewhere_is_no_change() -> None:
    # v4 names Anne Hidalgo in another sentence of its text; v2 never does
    texts = {"v1": TEXTS["v1"], "v2": TEXTS["v2"], "v4": "The mayor thanked them. Later, ANNE HIDALGO left."}
    pairs = across_versions([pair("v1", "v2", name_in_v1()), pair("v1", "v4", name_in_v1(), unit=1)], texts)
    assert severities(pairs, "v1", "v2") == [1]
    assert severities(pairs, "v1", "v4") == [0]
    assert (pairs[1].label, pairs[1].drift) == ("equivalent", 0.1)


def test_common_words_written_elsewhere_are_moved_and_names_are_not() -> None:
    thanked = Difference("v1", 25, 32, "thanked", "omission", 0.7, severity=1)
    mayor = Difference("v1", 6, 11, "Mayor", "omission", 0.7, severity=1)
    texts = {"v1": TEXTS["v1"], "v3": "The firefighters were thanked by Louis. The mayor spoke."}
    (found,) = across_versions([pair("v1", "v3", thanked, mayor)], texts)
    # "thanked" is written elsewhere in v3; a capitalised word could be a source left out
    assert [(d.text, d.severity) for d in found.differences] == [("thanked", 0), ("Mayor", 1)]
    # whole words only: "thank" is not in "thanked"
    thank = Difference("v1", 25, 30, "thank", "omission", 0.7, severity=1)
    (found,) = across_versions([pair("v1", "v3", thank)], texts)
    assert [d.severity for d in found.differences] == [1]
