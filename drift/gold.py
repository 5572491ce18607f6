"""Gold story annotations (the format of ``shared/data/stories/*``), for evaluation and fitting.

A gold story folder holds the versions (``v*.txt`` + ``story.toml``) and the annotation:
``sentences.json`` (items with character offsets, boilerplate flags and kinds),
``units.json`` (units of items that carry one fact; singletons; boilerplate) and
``drifts.json`` (drifts with type, severity 0-3 and phrase offsets), and the ``build.py``
that made them, whose near-miss list (singletons that share names, numbers or topic words
with a unit but report another fact) is read as data, not run. drift never needs this at
run time; the evaluation and calibration scripts read it through this module so that each
of them maps system sentences to gold items the same way.

Gold pairs (`gold_pairs`) are the pairs of versions within a unit, with a class from the
severities of the gold drifts they carry (a drift touches a pair when it has phrases in both
sides' items, or lists one side's version in ``absent_in`` while the other side has its
phrase): none or only severity 0 -> ``equivalent``, at most severity 1 -> ``nuance``, 2 or 3
-> ``changed``. `unrelated_pairs` joins items that share no fact: a near-miss and the unit
it resembles, or two units.

Gold items and drift's own sentences need not coincide: `project` maps each system
sentence to the gold item it overlaps most (offsets are characters of the same decoded
text), so every metric is computed over gold items.
"""

from __future__ import annotations

import ast
import json
import random
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from drift.errors import InputError
from drift.types import Sentence, Side, Story

Item = tuple[str, int]  # (version id, gold item id)
GOLD_CLASSES = ("equivalent", "nuance", "changed", "unrelated")
# The lists in build.py that name near-misses: (version, anchor, ..., resembled unit key, ...).
NEAR_MISS_LISTS = ("NEAR_MISSES", "EXTENSION", "SINGLETON_NOTES")


@dataclass(frozen=True)
class GoldItem:
    """One gold sentence item: ``start``/``end`` are offsets into the version's text."""

    version: str
    id: int
    start: int
    end: int
    boilerplate: bool
    kind: str


@dataclass(frozen=True)
class GoldStory:
    """A story with its gold annotation.

    ``unit_of`` maps every content item to its unit id, or to None for a singleton;
    ``drifts`` are the raw records of ``drifts.json``; ``near_misses`` the singletons
    build.py lists as near-misses, each with the id of the unit it resembles.
    """

    story: Story
    items: Mapping[str, tuple[GoldItem, ...]]
    unit_of: Mapping[Item, str | None]
    drifts: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)
    near_misses: tuple[tuple[Item, str], ...] = ()

    @property
    def id(self) -> str:
        return self.story.id

    def content_items(self) -> list[Item]:
        return [(v, it.id) for v, items in self.items.items() for it in items if not it.boilerplate]

    def language(self, version: str) -> str:
        return self.story.version(version).language


def has_gold(folder: str | Path) -> bool:
    return (Path(folder) / "units.json").is_file() and (Path(folder) / "sentences.json").is_file()


def gold_folders(root: str | Path) -> list[Path]:
    """The story folders under ``root`` that carry a gold annotation, sorted by name."""
    root = Path(root)
    if has_gold(root):
        return [root]
    return sorted(p for p in root.iterdir() if p.is_dir() and has_gold(p))


def read_gold(folder: str | Path) -> GoldStory:
    """The story in ``folder`` (read with `drift.ingest.load_folder`) and its annotation."""
    from drift.ingest import load_folder

    folder = Path(folder)
    if not has_gold(folder):
        raise InputError("no gold annotation (sentences.json and units.json)", path=str(folder))
    story = load_folder(folder)
    raw_items = json.loads((folder / "sentences.json").read_text(encoding="utf-8"))
    unknown = sorted(set(raw_items) - set(story.version_ids))
    if unknown:
        raise InputError(
            f"lists version(s) {', '.join(unknown)} that story.toml does not", path=str(folder / "sentences.json")
        )
    items = {
        vid: tuple(
            GoldItem(vid, int(r["id"]), int(r["start"]), int(r["end"]), bool(r["boilerplate"]), str(r.get("kind", "")))
            for r in records
        )
        for vid, records in raw_items.items()
    }
    units = json.loads((folder / "units.json").read_text(encoding="utf-8"))
    unit_of: dict[Item, str | None] = {}
    for vid, ids in units.get("singletons", {}).items():
        for i in ids:
            unit_of[(vid, int(i))] = None
    for unit in units["units"]:
        for vid, ids in unit["members"].items():
            for i in ids:
                unit_of[(vid, int(i))] = str(unit["id"])
    for vid, its in items.items():
        for it in its:
            if not it.boilerplate:
                unit_of.setdefault((vid, it.id), None)
    drifts_path = folder / "drifts.json"
    drifts = tuple(json.loads(drifts_path.read_text(encoding="utf-8"))["drifts"]) if drifts_path.is_file() else ()
    gold = GoldStory(story=story, items=items, unit_of=unit_of, drifts=drifts)
    keys = {str(u["key"]): str(u["id"]) for u in units["units"] if "key" in u}
    near = tuple(_near_misses(folder / "build.py", gold, keys))
    return GoldStory(story=story, items=items, unit_of=unit_of, drifts=drifts, near_misses=near)


def _near_misses(build: Path, gold: GoldStory, unit_ids: Mapping[str, str]) -> Iterator[tuple[Item, str]]:
    """``((version, item), unit id)`` of the singletons build.py lists as near-misses.

    build.py keeps them as a literal list of tuples ``(version, anchor, ..., unit key, ...)``
    whose anchor is a unique substring of the item's text; the list is read, not run. They
    are an extra: a build.py that does not parse, and a record of another shape or of a
    version the gold does not have, give none rather than stop the evaluation.
    """
    if not build.is_file():
        return
    try:
        body = ast.parse(build.read_text(encoding="utf-8")).body
    except (SyntaxError, ValueError, UnicodeDecodeError):
        return
    for node in body:
        if not (isinstance(node, ast.Assign) and any(getattr(t, "id", None) in NEAR_MISS_LISTS for t in node.targets)):
            continue
        try:
            records = ast.literal_eval(node.value)
        except ValueError:
            continue  # a list built by code, not data (notre-dame's NEAR_MISSES = check_singletons())
        for record in records if isinstance(records, (list, tuple)) else ():
            if not (isinstance(record, (list, tuple)) and len(record) >= 2 and record[0] in gold.items):
                continue
            version, anchor, *rest = record
            if not isinstance(anchor, str):
                continue
            key = next((x for x in rest if isinstance(x, str) and x in unit_ids), None)
            found = [it.id for it in gold.items[version] if anchor in _text(gold, version, it.id)]
            if key is not None and len(found) == 1 and gold.unit_of.get((version, found[0]), 0) is None:
                yield (version, found[0]), unit_ids[key]


def _text(gold: GoldStory, version: str, item: int) -> str:
    it = gold.items[version][item]
    return gold.story.version(version).text[it.start : it.end]


# ------------------------------------------------------------------------------ pairs


@dataclass(frozen=True)
class GoldPair:
    """Two sides of one gold story with their gold class (one of ``GOLD_CLASSES``).

    ``unit`` is None for an unrelated pair; ``severity`` is the highest severity of the
    drifts it carries (None for none); ``drifts`` their ids.
    """

    story: str
    a: Side
    b: Side
    unit: str | None
    gold: str
    severity: int | None
    drifts: tuple[str, ...]
    near_miss: bool = False


def side(gold: GoldStory, version: str, ids: Sequence[int]) -> Side:
    """The side of ``version`` made of the gold items ``ids``."""
    sentences = tuple(
        Sentence(version, i, gold.items[version][i].start, gold.items[version][i].end, _text(gold, version, i)) for i in ids
    )
    return Side(version, gold.language(version), sentences)


def unit_members(gold: GoldStory) -> dict[str, dict[str, tuple[int, ...]]]:
    """Unit id -> version -> its item ids in the unit, in order."""
    out: dict[str, dict[str, list[int]]] = {}
    for (version, i), unit in sorted(gold.unit_of.items()):
        if unit is not None:
            out.setdefault(unit, {}).setdefault(version, []).append(i)
    return {u: {v: tuple(ids) for v, ids in sorted(members.items())} for u, members in sorted(out.items())}


def gold_pairs(gold: GoldStory) -> list[GoldPair]:
    """Every pair of versions within a gold unit (the lines of ``pairs.tsv``), classified."""
    out = []
    for unit, members in unit_members(gold).items():
        for va, vb in combinations(members, 2):
            a, b = side(gold, va, members[va]), side(gold, vb, members[vb])
            carried = [d for d in gold.drifts if _touches(d, a, b)]
            severity = max((int(d["severity"]) for d in carried), default=None)
            label = "equivalent" if not severity else "nuance" if severity == 1 else "changed"
            out.append(GoldPair(gold.id, a, b, unit, label, severity, tuple(str(d["id"]) for d in carried)))
    return out


def _touches(drift: Mapping[str, Any], a: Side, b: Side) -> bool:
    """Whether a gold drift has a phrase on both sides, or is absent from one side's
    version while the other side has its phrase."""
    has = [any(p["sentence"] in s.indices for p in drift["versions"].get(s.version, ())) for s in (a, b)]
    absent = [s.version in drift.get("absent_in", ()) for s in (a, b)]
    return (has[0] and has[1]) or (has[0] and absent[1]) or (has[1] and absent[0])


def unrelated_pairs(gold: GoldStory, seed: int = 0) -> list[GoldPair]:
    """Pairs that share no fact: each near-miss against the unit it resembles in every other
    version, and as many random pairs of two units' sides in two versions (seeded)."""
    members = unit_members(gold)
    out = []
    for (version, i), unit in gold.near_misses:
        for other, ids in members[unit].items():
            if other != version:
                out.append(_unrelated(gold, side(gold, version, (i,)), side(gold, other, ids), True))
    rng = random.Random(seed)
    sides = [(u, v, ids) for u, by_version in members.items() for v, ids in by_version.items()]
    wanted = 2 * len(out)
    while len(out) < wanted:
        (ua, va, ia), (ub, vb, ib) = rng.sample(sides, 2)
        if ua != ub and va != vb:
            out.append(_unrelated(gold, side(gold, va, ia), side(gold, vb, ib), False))
    return out


def _unrelated(gold: GoldStory, a: Side, b: Side, near_miss: bool) -> GoldPair:
    return GoldPair(gold.id, a, b, None, "unrelated", None, (), near_miss)


def project(gold: GoldStory, version: str, start: int, end: int) -> int | None:
    """The gold item of ``version`` that the span ``start:end`` overlaps most (None if none)."""
    best, best_overlap = None, 0
    for it in gold.items[version]:
        overlap = min(end, it.end) - max(start, it.start)
        if overlap > best_overlap:
            best, best_overlap = it.id, overlap
    return best


# ------------------------------------------------------------------------------ metrics


def cross_pairs(clusters: Mapping[Item, Any]) -> set[frozenset[Item]]:
    """Pairs of items of different versions that share a cluster (None: alone)."""
    groups: dict[Any, list[Item]] = {}
    for item, c in clusters.items():
        if c is not None:
            groups.setdefault(c, []).append(item)
    out = set()
    for members in groups.values():
        for x, y in combinations(sorted(members), 2):
            if x[0] != y[0]:
                out.add(frozenset((x, y)))
    return out


def f1(found: set, gold: set) -> tuple[float, float, float]:
    """Precision, recall and F1 of a found set against a gold set (1.0 where both are empty)."""
    hit = len(found & gold)
    p = hit / len(found) if found else 1.0
    r = hit / len(gold) if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bcubed(system: Mapping[Item, Any], gold: Mapping[Item, Any]) -> float:
    """B-cubed F1 (Bagga & Baldwin 1998) over the items of ``gold``; None (a singleton)
    is a cluster of its own on either side."""
    def clusters(assign: Mapping[Item, Any]) -> dict[Item, frozenset[Item]]:
        groups: dict[Any, set[Item]] = {}
        for item in gold:
            c = assign.get(item)
            groups.setdefault(("alone", item) if c is None else c, set()).add(item)
        return {item: frozenset(members) for members in groups.values() for item in members}

    sys_c, gold_c = clusters(system), clusters(gold)
    precision = sum(len(sys_c[i] & gold_c[i]) / len(sys_c[i]) for i in gold) / len(gold)
    recall = sum(len(sys_c[i] & gold_c[i]) / len(gold_c[i]) for i in gold) / len(gold)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def singletons_alone(system: Mapping[Item, Any], gold: Mapping[Item, Any]) -> float:
    """Share of gold singletons that the system links to no sentence of another version."""
    linked = {i for pair in cross_pairs(system) for i in pair}
    alone = [i for i, u in gold.items() if u is None]
    return sum(i not in linked for i in alone) / len(alone) if alone else 1.0


def pair_f1_by_languages(
    found: set[frozenset[Item]], gold: set[frozenset[Item]], language: Mapping[str, str]
) -> dict[str, tuple[float, float, float]]:
    """`f1` per language pair ("en-fr", "en-en", ...), from the versions' languages."""
    def key(pair: frozenset[Item]) -> str:
        return "-".join(sorted(language[v] for v, _ in pair))

    keys = sorted({key(p) for p in found | gold})
    return {k: f1({p for p in found if key(p) == k}, {p for p in gold if key(p) == k}) for k in keys}


@dataclass(frozen=True)
class AlignmentScores:
    """Story-alignment figures of one system against the gold (see `score_alignment`)."""

    pair: tuple[float, float, float]
    bcubed: float
    alone: float
    by_languages: Mapping[str, tuple[float, float, float]]


def score_alignment(gold: GoldStory, system: Mapping[Item, Any]) -> AlignmentScores:
    """Sentence-pair P/R/F1, B-cubed F1, singletons left alone and pair F1 per language pair
    of ``system`` (content item -> cluster id or None) against the gold units."""
    gold_units = {i: gold.unit_of[i] for i in gold.content_items()}
    system = {i: system.get(i) for i in gold_units}
    found, expected = cross_pairs(system), cross_pairs(gold_units)
    languages = {v: gold.language(v) for v in gold.items}
    return AlignmentScores(
        pair=f1(found, expected),
        bcubed=bcubed(system, gold_units),
        alone=singletons_alone(system, gold_units),
        by_languages=pair_f1_by_languages(found, expected, languages),
    )


def system_clusters(gold: GoldStory, story: Story, units: Sequence[Any]) -> dict[Item, Any]:
    """Gold content item -> the system unit of the sentence that covers it most, from
    ``units`` (`drift.types.Unit`s over ``story``'s segmented versions). A unit that holds
    one version only counts as no link."""
    where: dict[tuple[str, int], int] = {}
    for unit in units:
        if len(unit.members) < 2:
            continue
        for vid, indices in unit.members.items():
            for i in indices:
                where[(vid, i)] = unit.id
    best: dict[Item, tuple[int, Any]] = {}
    for version in story.versions:
        for s in version.sentences:
            if s.boilerplate:
                continue
            item = project(gold, version.id, s.start, s.end)
            if item is None:
                continue
            overlap = min(s.end, gold.items[version.id][item].end) - max(s.start, gold.items[version.id][item].start)
            key = (version.id, item)
            if key not in best or overlap > best[key][0]:
                best[key] = (overlap, where.get((version.id, s.index)))
    return {k: v for k, (_, v) in best.items()}
