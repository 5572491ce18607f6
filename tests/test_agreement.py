"""Agreement across versions: the version that departs from the others carries a conflict."""

from __future__ import annotations

from drift.score.agreement import departures


def diff(version: str, start: int, end: int, type_: str = "time") -> dict:
    return {"version": version, "start": start, "end": end, "type": type_}


# One unit, four versions: v3 says "Friday" (3:9), the others "Thursday" (0:8 in each).
FRIDAY = [
    (1, "v0", "v1", []),
    (1, "v0", "v2", []),
    (1, "v0", "v3", [diff("v0", 0, 8), diff("v3", 3, 9)]),
    (1, "v1", "v2", []),
    (1, "v1", "v3", [diff("v1", 0, 8), diff("v3", 3, 9)]),
    (1, "v2", "v3", [diff("v2", 0, 8), diff("v3", 3, 9)]),
]


def test_the_departing_version_carries_the_conflict():
    kept = departures(FRIDAY)
    for (_, _, _, before), after in zip(FRIDAY, kept):
        assert after == [d for d in before if d["version"] == "v3"]


def test_omissions_stay_on_the_only_side_that_has_the_words():
    pairs = [(1, "v0", "v1", [diff("v0", 0, 20, "omission")]), (1, "v0", "v2", []), (1, "v0", "v3", [])]
    assert departures(pairs)[0] == pairs[0][3]


def test_two_versions_or_one_agreeing_version_keep_both_sides():
    two = [(1, "v0", "v1", [diff("v0", 0, 8), diff("v1", 0, 6)])]
    assert departures(two) == [two[0][3]]
    three = [(1, "v0", "v1", [diff("v0", 0, 8), diff("v1", 0, 6)]), (1, "v0", "v2", []), (1, "v1", "v2", [diff("v1", 0, 6)])]
    assert departures(three)[0] == three[0][3]


def test_a_conflict_without_a_counterpart_of_its_type_stays():
    pairs = [(1, "v0", "v1", [diff("v0", 0, 8), diff("v1", 0, 6, "number")]), (1, "v0", "v2", []), (1, "v0", "v3", [])]
    assert departures(pairs)[0] == pairs[0][3]


def test_units_do_not_mix():
    pairs = [(1, "v0", "v1", [diff("v0", 0, 8), diff("v1", 0, 6)]), (2, "v0", "v2", []), (2, "v0", "v3", [])]
    assert departures(pairs)[0] == pairs[0][3]
