"""Agreement across versions: where three or more versions carry a unit, the version that
departs from the others carries the difference.

A pair compares two versions and marks the conflicting value on both sides, though usually
only one of them changed the fact ("Friday" in one rewrite against "Thursday" in four
others). A conflict on version A's words in the (A, B) pair is taken off A's side when B's
side carries a difference of the same type and A's pairs with the unit's other versions
(two or more) leave those words unmarked: A says what the others say. Omissions,
additions and wording stay: their words lie on one side only. Pure: differences in,
differences out.
"""

from __future__ import annotations

from typing import Mapping, Sequence

# A difference leaves its side only when the side's words stand unmarked against at least
# this many other versions of the unit (one agreeing version may be a miss of a detector).
MIN_AGREEING = 2
VARIANT = "name_variant"  # marks no change: kept, and marks nothing for the others
# One-sided types: the words of an omission or addition exist on one side only, so that
# side carries it whichever version departed.
ONE_SIDED = frozenset({"omission", "addition", "wording"})


def departures(
    pairs: Sequence[tuple[int, str, str, Sequence[Mapping]]],
) -> list[list[Mapping]]:
    """The differences each pair keeps.

    ``pairs`` are ``(unit, version_a, version_b, differences)`` with differences as dicts
    with ``version``, ``start``, ``end`` and ``type`` (``Difference.to_dict()``); returns
    one list per pair, in order.
    """
    by_unit: dict[int, list[int]] = {}
    for i, (unit, *_rest) in enumerate(pairs):
        by_unit.setdefault(unit, []).append(i)
    out = []
    for i, (unit, va, vb, differences) in enumerate(pairs):
        kept = []
        for d in differences:
            own = d["version"]
            carried = any(e["version"] != own and e["type"] == d["type"] for e in differences)
            if d["type"] == VARIANT or d["type"] in ONE_SIDED or not carried:
                kept.append(d)
                continue
            others = [
                j for j in by_unit[unit]
                if j != i and own in pairs[j][1:3] and ({va, vb} - {own}).isdisjoint(pairs[j][1:3])
            ]
            marked = any(any(_overlap(d, e) for e in pairs[j][3]) for j in others)
            if marked or len(others) < MIN_AGREEING:
                kept.append(d)
        out.append(kept)
    return out


def _overlap(x: Mapping, y: Mapping) -> bool:
    return y["type"] != VARIANT and x["version"] == y["version"] and x["start"] < y["end"] and y["start"] < x["end"]
