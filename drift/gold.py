"""Read the project's story-gold format: sentences, units, pairs, drifts and near-misses.

A gold story folder holds ``story.toml``, the version texts, ``sentences.json``,
``units.json``, ``pairs.tsv`` and ``drifts.json`` (the stories' README.md describes them),
plus the ``build.py`` that made them. Fitting the calibration and the evaluation scripts
read gold pairs from here; nothing in the analysis pipeline does.

A gold pair's class comes from the severities of the gold drifts it carries (a drift
touches a pair when it has phrases in both sides' sentences, or lists one version in
``absent_in`` while the other side has its phrase): none or only severity 0 ->
``equivalent``, at most severity 1 -> ``nuance``, 2 or 3 -> ``changed``. Pairs of sentences
from different gold units, or a near-miss singleton against the unit it resembles, are
``unrelated``: they share no fact.
"""

from __future__ import annotations

import ast
import csv
import json
import random
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from drift.errors import InputError
from drift.types import Sentence, Side

GOLD_CLASSES = ("equivalent", "nuance", "changed", "unrelated")
# The lists in build.py that name near-misses: (version, anchor, ..., resembled unit key, ...).
NEAR_MISS_LISTS = ("NEAR_MISSES", "EXTENSION", "SINGLETON_NOTES")


@dataclass(frozen=True)
class GoldPair:
    """Two sides of one story with their gold class; ``unit`` is None for an unrelated pair."""

    story: str
    a: Side
    b: Side
    unit: str | None
    gold: str  # one of GOLD_CLASSES
    severity: int | None  # the highest severity of the drifts it carries; None for none
    drifts: tuple[str, ...]  # ids of the gold drifts it carries
    near_miss: bool = False


@dataclass(frozen=True)
class GoldStory:
    """A gold story's sentences, units, classified pairs and near-miss singletons."""

    id: str
    languages: dict[str, str]  # version -> ISO 639-1 code
    sentences: dict[str, tuple[Sentence, ...]]  # version -> its sentences, by index
    units: dict[str, dict[str, tuple[int, ...]]]  # unit id -> version -> sentence indices
    unit_keys: dict[str, str]  # unit key -> unit id
    pairs: tuple[GoldPair, ...]  # the aligned pairs of pairs.tsv, with their classes
    near_misses: tuple[tuple[str, int, str], ...]  # (version, sentence index, unit id it resembles)

    def side(self, version: str, indices: tuple[int, ...]) -> Side:
        """The side of ``version`` made of the sentences ``indices``."""
        return Side(version, self.languages[version], tuple(self.sentences[version][i] for i in indices))


def is_gold_story(folder: Path) -> bool:
    """Whether ``folder`` holds the manifest and the four gold files."""
    return all((folder / name).is_file() for name in ("story.toml", "sentences.json", "units.json", "pairs.tsv", "drifts.json"))


def load_gold_stories(root: Path) -> list[GoldStory]:
    """Every gold story in the sub-folders of ``root`` (folders without gold files are skipped)."""
    return [load_gold_story(p) for p in sorted(Path(root).iterdir()) if p.is_dir() and is_gold_story(p)]


def load_gold_story(folder: Path) -> GoldStory:
    """One gold story folder; InputError when a file is missing or malformed."""
    folder = Path(folder)
    try:
        manifest = tomllib.loads((folder / "story.toml").read_text(encoding="utf-8"))
        raw_sentences = json.loads((folder / "sentences.json").read_text(encoding="utf-8"))
        raw_units = json.loads((folder / "units.json").read_text(encoding="utf-8"))
        drifts = json.loads((folder / "drifts.json").read_text(encoding="utf-8"))["drifts"]
        with (folder / "pairs.tsv").open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"not a readable gold story: {exc}", path=str(folder)) from exc
    languages = {v["id"]: v["language"] for v in manifest["versions"]}
    sentences = {
        v: tuple(Sentence(v, s["id"], s["start"], s["end"], s["text"], s["boilerplate"]) for s in items)
        for v, items in raw_sentences.items()
    }
    units = {u["id"]: {v: tuple(ids) for v, ids in u["members"].items()} for u in raw_units["units"]}
    unit_keys = {u["key"]: u["id"] for u in raw_units["units"]}
    story = GoldStory(manifest.get("id", folder.name), languages, sentences, units, unit_keys, (), ())
    pairs = tuple(
        _classify(story.id, story.side(r["version_a"], _ids(r["ids_a"])), story.side(r["version_b"], _ids(r["ids_b"])), r["unit"], drifts)
        for r in rows
    )
    near = tuple(_near_misses(folder / "build.py", sentences, unit_keys))
    return replace(story, pairs=pairs, near_misses=near)


def _ids(field: str) -> tuple[int, ...]:
    return tuple(int(i) for i in field.replace(",", " ").split())


def _classify(story: str, a: Side, b: Side, unit: str, drifts: list[dict]) -> GoldPair:
    carried = [d for d in drifts if _touches(d, a, b)]
    severity = max((d["severity"] for d in carried), default=None)
    gold = "equivalent" if not severity else "nuance" if severity == 1 else "changed"
    return GoldPair(story, a, b, unit, gold, severity, tuple(d["id"] for d in carried))


def _touches(drift: dict, a: Side, b: Side) -> bool:
    """Whether a gold drift has a phrase on both sides, or is absent from one side's
    version while the other side has its phrase."""
    has = [any(p["sentence"] in side.indices for p in drift["versions"].get(side.version, ())) for side in (a, b)]
    absent = [side.version in drift.get("absent_in", ()) for side in (a, b)]
    return (has[0] and has[1]) or (has[0] and absent[1]) or (has[1] and absent[0])


def _near_misses(build: Path, sentences: dict[str, tuple[Sentence, ...]], unit_keys: dict[str, str]):
    """``(version, sentence index, unit id)`` of the singletons build.py lists as near-misses.

    build.py keeps them as a literal list of tuples ``(version, anchor, ..., unit key, ...)``
    whose anchor is a unique substring of the sentence; the list is read, not run.
    """
    if not build.is_file():
        return
    for node in ast.parse(build.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) in NEAR_MISS_LISTS for t in node.targets):
            try:
                items = ast.literal_eval(node.value)
            except ValueError:
                continue  # a list built by code, not data (notre-dame's NEAR_MISSES = check_singletons())
            for version, anchor, *rest in items:
                key = next((x for x in rest if isinstance(x, str) and x in unit_keys), None)
                found = [s.index for s in sentences[version] if anchor in s.text]
                if key is not None and len(found) == 1:
                    yield version, found[0], unit_keys[key]


def unrelated_pairs(story: GoldStory, seed: int = 0) -> list[GoldPair]:
    """Pairs that share no fact: each near-miss against the unit it resembles in every other
    version, and as many random pairs of two units' sides in two versions."""
    out = []
    for version, index, unit in story.near_misses:
        for other, ids in sorted(story.units[unit].items()):
            if other != version:
                out.append(_unrelated(story, story.side(version, (index,)), story.side(other, ids), True))
    rng = random.Random(seed)
    members = [(u, v, ids) for u, sides in sorted(story.units.items()) for v, ids in sorted(sides.items())]
    wanted = len(out) * 2
    while len(out) < wanted:
        (ua, va, ia), (ub, vb, ib) = rng.sample(members, 2)
        if ua != ub and va != vb:
            out.append(_unrelated(story, story.side(va, ia), story.side(vb, ib), False))
    return out


def _unrelated(story: GoldStory, a: Side, b: Side, near_miss: bool) -> GoldPair:
    return GoldPair(story.id, a, b, None, "unrelated", None, (), near_miss)
