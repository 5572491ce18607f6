"""The figures every view of a report shows, derived once from ``Report.to_dict()``.

The terminal, Markdown and HTML views read a :class:`Summary` (and the report dict it was
made from), never the Report's objects, so they cannot disagree with each other or with the
JSON. A report from before the scoring stage has no ``drift`` on its pairs; then the views
rank and colour by ``1 - similarity`` and say so (:attr:`Summary.measure`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from statistics import fmean
from typing import Any, Iterable, Mapping, Sequence

from drift.score.vocab import ALL_TYPES, CLAUSE_ENDS, LABELS

MEASURE_DRIFT = "drift"
MEASURE_FALLBACK = "1 - similarity"
# One colour per drift type, shared by the terminal and HTML views: Tableau 10 (designed
# to stay distinct on screen and in print) plus indigo and olive for the eleventh and twelfth.
TYPE_COLOURS = {
    "quote_wording": "#9467bd",
    "number": "#ff7f0e",
    "time": "#1f77b4",
    "name_variant": "#7f7f7f",
    "entity": "#17becf",
    "attribution": "#d62728",
    "modality": "#bcbd22",
    "negation": "#e377c2",
    "omission": "#8c564b",
    "addition": "#2ca02c",
    "wording": "#393b79",
    "direction": "#637939",
}
# How many units the terminal and Markdown views list as most drifted (the HTML shows all).
TOP_UNITS = 10
# How many drifts every view leads with.
TOP_DRIFTS = 10
# A drift's differences in one version that only this many words part read as one stretch.
WORDING_GAP_WORDS = 3
# The order in which drifts of one severity come first: what a reader of news checks first
# (a quote's words, then figures, times, places by the compass, a flipped negation, who said
# it, who it is, how sure).
READER_ORDER = ("quote_wording", "number", "time", "direction", "negation", "attribution", "entity", "modality")
# Pairs of these labels count as a meaning change in the matrix.
CHANGE_LABELS = ("changed",)


def pair_drift(pair: Mapping[str, Any]) -> float:
    """A pair's drift in [0, 1]: the scored ``drift``, else ``1 - similarity`` (clipped)."""
    if pair.get("drift") is not None:
        return float(pair["drift"])
    return min(1.0, max(0.0, 1.0 - float(pair["similarity"])))


@dataclass(frozen=True)
class UnitSummary:
    """One unit with what its pairs say: ``drift`` is its most drifted pair's."""

    id: int
    members: Mapping[str, Sequence[int]]
    pairs: tuple[Mapping[str, Any], ...]
    drift: float | None
    label: str | None
    differences: tuple[Mapping[str, Any], ...]

    @property
    def types(self) -> tuple[str, ...]:
        """The drift types of the unit's differences, most frequent first."""
        return tuple(t for t, _ in Counter(d["type"] for d in self.differences).most_common())

    def differences_in(self, version_id: str) -> list[Mapping[str, Any]]:
        """The unit's differences whose words lie in ``version_id``."""
        return [d for d in self.differences if d["version"] == version_id]


@dataclass(frozen=True)
class Drift:
    """One drift of the story as a reader sees it: a type of difference in one unit, its
    highest severity, and each version's wording (the differing words, or none found).

    ``wordings`` maps every version of the unit to the stretches of its text that hold its
    differences of this type, in text order (differences a few words apart in one clause
    are one stretch: ``_wording``; empty: the version says it as the others do);
    ``differences`` are those differences themselves, with their offsets, for a script
    that reads them against a gold annotation (``scripts/eval_drifts.py``).
    """

    unit: int
    type: str
    severity: int
    score: float
    wordings: Mapping[str, tuple[str, ...]]
    differences: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class Summary:
    """The derived figures of one report.

    ``matrix[a][b]`` is the mean drift over the pairs of versions ``a`` and ``b`` (None when
    they share no unit) and ``pair_counts[a][b]`` how many pairs that mean is over;
    ``changes[a][b]`` how many of those pairs change the meaning (label in CHANGE_LABELS);
    ``coverage[v]`` the ids of the units version ``v`` carries; ``drifts`` every drift of
    the story, most important first (severity, then READER_ORDER, then score).
    """

    measure: str
    version_ids: tuple[str, ...]
    units: tuple[UnitSummary, ...]
    matrix: Mapping[str, Mapping[str, float | None]]
    pair_counts: Mapping[str, Mapping[str, int]]
    coverage: Mapping[str, frozenset[int]]
    type_counts: Mapping[str, int]
    label_counts: Mapping[str, int]
    changes: Mapping[str, Mapping[str, int]]
    drifts: tuple[Drift, ...]

    def missing(self, version_id: str) -> list[int]:
        """Ids of the units a version does not carry (its omissions, or others' additions)."""
        return [u.id for u in self.units if u.id not in self.coverage[version_id]]

    def top_drifts(self, n: int = TOP_DRIFTS) -> list[Drift]:
        """The ``n`` most important drifts (see ``drifts``)."""
        return list(self.drifts[:n])

    def top_units(self, n: int = TOP_UNITS) -> list[UnitSummary]:
        """The ``n`` units with the highest drift (units of one version have none)."""
        scored = [u for u in self.units if u.drift is not None]
        return sorted(scored, key=lambda u: (-u.drift, u.id))[:n]


def unit_sentences(data: Mapping[str, Any], unit: UnitSummary, version_id: str) -> list[Mapping[str, Any]]:
    """The sentence dicts version ``version_id`` contributes to ``unit`` (none: omitted)."""
    version = next(v for v in data["versions"] if v["id"] == version_id)
    return [version["sentences"][i] for i in unit.members.get(version_id, ())]


def summarize(data: Mapping[str, Any]) -> Summary:
    """Derive the :class:`Summary` of a report dict (``Report.to_dict()``)."""
    version_ids = tuple(v["id"] for v in data["versions"])
    pairs_by_unit: dict[int, list[Mapping[str, Any]]] = {}
    for pair in data["pairs"]:
        pairs_by_unit.setdefault(pair["unit"], []).append(pair)
    units = tuple(_unit_summary(u, pairs_by_unit.get(u["id"], [])) for u in data["units"])
    matrix, counts = _matrix(version_ids, data["pairs"])
    differences = [d for p in data["pairs"] for d in p.get("differences", ())]
    return Summary(
        measure=MEASURE_DRIFT if any("drift" in p for p in data["pairs"]) else MEASURE_FALLBACK,
        version_ids=version_ids,
        units=units,
        matrix=matrix,
        pair_counts=counts,
        coverage={v: frozenset(u["id"] for u in data["units"] if v in u["members"]) for v in version_ids},
        type_counts=_ordered_counts((d["type"] for d in differences), ALL_TYPES),
        label_counts=_ordered_counts((p["label"] for p in data["pairs"] if p.get("label")), LABELS),
        changes=_changes(version_ids, data["pairs"]),
        drifts=_drifts(units, {v["id"]: v["text"] for v in data["versions"]}),
    )


def _changes(version_ids: Sequence[str], pairs: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, int]]:
    """How many pairs of each two versions are labelled a meaning change."""
    out = {a: {b: 0 for b in version_ids} for a in version_ids}
    for pair in pairs:
        if pair.get("label") in CHANGE_LABELS:
            a, b = pair["a"]["version"], pair["b"]["version"]
            out[a][b] += 1
            out[b][a] += 1
    return out


def _drifts(units: Iterable[UnitSummary], texts: Mapping[str, str]) -> tuple[Drift, ...]:
    """Every (unit, type) with a difference of severity 1 or more, most important first
    (``texts``: each version's text, from which the wordings are read).

    Pairs labelled unrelated share no fact, so their differences are no drift of one."""
    rank = {t: i for i, t in enumerate(READER_ORDER)}
    out = []
    for unit in units:
        found = _distinct(
            d for p in unit.pairs if p.get("label") != "unrelated" for d in p.get("differences", ())
            if d.get("severity", 1) >= 1 and d["type"] != "name_variant"
        )
        for kind in dict.fromkeys(d["type"] for d in found):
            of_kind = [d for d in found if d["type"] == kind]
            wordings = {v: _wording(texts[v], [d for d in of_kind if d["version"] == v]) for v in unit.members}
            top = max(of_kind, key=lambda d: (d.get("severity", 1), d["score"]))
            out.append(Drift(unit.id, kind, int(top.get("severity", 1)), float(top["score"]), wordings, tuple(of_kind)))
    return tuple(sorted(out, key=lambda d: (-d.severity, rank.get(d.type, len(rank)), -d.score, d.unit)))


def _wording(text: str, differences: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """A version's wording of one drift: its differences in text order, each two that only
    a few words of one clause part (``WORDING_GAP_WORDS``, no sentence or clause end
    between them) read as one stretch of the text, so that a reworded quotation shows as
    "Having come across ... pariah" rather than "Having | across | pariah"."""
    stretches: list[list[int]] = []
    for d in sorted(differences, key=lambda d: (d["start"], d["end"])):
        if stretches and d["start"] <= stretches[-1][1]:
            stretches[-1][1] = max(stretches[-1][1], d["end"])
        elif stretches and _bridgeable(text[stretches[-1][1] : d["start"]]):
            stretches[-1][1] = d["end"]
        else:
            stretches.append([d["start"], d["end"]])
    return tuple(dict.fromkeys(text[start:end] for start, end in stretches))


def _bridgeable(gap: str) -> bool:
    return len(gap.split()) <= WORDING_GAP_WORDS and not any(mark in gap for mark in CLAUSE_ENDS)


def _unit_summary(unit: Mapping[str, Any], pairs: list[Mapping[str, Any]]) -> UnitSummary:
    worst = max(pairs, key=pair_drift, default=None)
    return UnitSummary(
        id=unit["id"],
        members=unit["members"],
        pairs=tuple(pairs),
        drift=None if worst is None else pair_drift(worst),
        label=None if worst is None else worst.get("label"),
        differences=tuple(_distinct(d for p in pairs for d in p.get("differences", ()))),
    )


def _distinct(differences: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """One difference per (version, span, type): the same words found against several
    versions keep their highest score."""
    best: dict[tuple, Mapping[str, Any]] = {}
    for d in differences:
        key = (d["version"], d["start"], d["end"], d["type"])
        if key not in best or d["score"] > best[key]["score"]:
            best[key] = d
    return sorted(best.values(), key=lambda d: (d["version"], d["start"], d["end"], d["type"]))


def _matrix(
    version_ids: Sequence[str], pairs: Iterable[Mapping[str, Any]]
) -> tuple[dict[str, dict[str, float | None]], dict[str, dict[str, int]]]:
    values: dict[tuple[str, str], list[float]] = {}
    for pair in pairs:
        a, b = pair["a"]["version"], pair["b"]["version"]
        values.setdefault((a, b), []).append(pair_drift(pair))
        values.setdefault((b, a), []).append(pair_drift(pair))
    matrix = {a: {b: None for b in version_ids} for a in version_ids}
    counts = {a: {b: 0 for b in version_ids} for a in version_ids}
    for a, b in combinations(version_ids, 2):
        for x, y in ((a, b), (b, a)):
            found = values.get((x, y), [])
            counts[x][y] = len(found)
            matrix[x][y] = fmean(found) if found else None
    return matrix, counts


def _ordered_counts(values: Iterable[str], order: Sequence[str]) -> dict[str, int]:
    """Counts in a fixed order (known names first), so every view lists them alike."""
    counts = Counter(values)
    return {name: counts[name] for name in (*order, *sorted(set(counts) - set(order))) if counts[name]}


@dataclass(frozen=True)
class Segment:
    """A stretch of text and the differences that cover all of it (none: plain text)."""

    start: int
    end: int
    text: str
    differences: tuple[Mapping[str, Any], ...]

    @property
    def top(self) -> Mapping[str, Any] | None:
        """The highest-scored covering difference: the one whose type colours the words."""
        return max(self.differences, key=lambda d: d["score"], default=None)


def segments(text: str, offset: int, differences: Iterable[Mapping[str, Any]]) -> list[Segment]:
    """Cut ``text`` where a difference starts or ends.

    ``text`` is the stretch of a version's text that starts at character ``offset`` (a
    sentence, or the whole text with offset 0); ``differences`` carry offsets into the
    version's text, and those outside ``text`` are ignored. Overlapping differences split
    the text so that each piece lists all the differences that cover it.
    """
    end = offset + len(text)
    inside = [d for d in differences if d["start"] < end and d["end"] > offset and d["end"] > d["start"]]
    cuts = sorted({offset, end, *(max(offset, min(end, p)) for d in inside for p in (d["start"], d["end"]))})
    return [
        Segment(
            left,
            right,
            text[left - offset : right - offset],
            tuple(d for d in inside if d["start"] <= left and d["end"] >= right),
        )
        for left, right in zip(cuts, cuts[1:])
    ]
