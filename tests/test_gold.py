"""Gold pairs of the story-gold format: classes from drift severities, near-misses, unrelated pairs."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from drift.gold import GOLD_CLASSES, gold_folders, gold_pairs, read_gold, unrelated_pairs

STORIES = Path(__file__).resolve().parent / "data" / "stories"  # copies of ../shared/data/stories


@pytest.fixture(scope="module")
def stories():
    return {g.id: g for g in map(read_gold, gold_folders(STORIES))}


def test_gold_pairs_are_the_lines_of_pairs_tsv(stories):
    for story in stories.values():
        with (STORIES / story.id / "pairs.tsv").open(encoding="utf-8") as f:
            lines = {
                (r["version_a"], tuple(map(int, r["ids_a"].split(","))), r["version_b"], tuple(map(int, r["ids_b"].split(","))), r["unit"])
                for r in csv.DictReader(f, delimiter="\t")
            }
        assert {(p.a.version, p.a.indices, p.b.version, p.b.indices, p.unit) for p in gold_pairs(story)} == lines


def test_near_misses_of_build_py(stories):
    # Counts from the stories' README.md.
    assert {k: len(s.near_misses) for k, s in stories.items() if s.drifts} == {
        "beirut-2020": 24, "ever-given-2021": 19, "notre-dame-2019": 25,
    }
    for story in stories.values():
        assert all(story.unit_of[item] is None for item, _ in story.near_misses)


@pytest.mark.parametrize("build_py", [
    "NEAR_MISSES = [('v009', 'an anchor', 'toll'), {'version': 'v001'}, ('v001',), ('v001', 7, 'toll')]\n",
    "NEAR_MISSES = 'not a list'\n",
    "def broken(:\n",
])
def test_near_misses_that_cannot_be_read_are_left_out(tmp_path, stories, build_py):
    """Near-misses are an extra of build.py: records of another shape, of a version the gold
    lacks, or a file that does not parse give none, and the gold still reads."""
    folder = tmp_path / "beirut-2020"
    shutil.copytree(STORIES / "beirut-2020", folder)
    (folder / "build.py").write_text(build_py, encoding="utf-8")
    story = read_gold(folder)
    assert story.near_misses == ()
    assert story.unit_of == stories["beirut-2020"].unit_of


def test_sides_are_slices_of_the_version_texts(stories):
    story = stories["ever-given-2021"]
    for pair in gold_pairs(story):
        for s in (pair.a, pair.b):
            text = story.story.version(s.version).text
            assert all(text[x.start : x.end] == x.text for x in s.sentences)
    assert gold_pairs(story)[0].a.language == story.language(gold_pairs(story)[0].a.version)


def test_a_pair_takes_the_highest_severity_of_the_drifts_it_carries(stories):
    pairs = gold_pairs(stories["ever-given-2021"])
    # d01 sisi_difficulties (quote_wording, severity 1): v000 #6 against v003 #7.
    sisi = next(p for p in pairs if (p.a.version, p.a.indices, p.b.version, p.b.indices) == ("v000", (6,), "v003", (7,)))
    assert "d01" in sisi.drifts and sisi.gold == "nuance" and sisi.severity == 1
    # d96 allianz_growth_added: only v003 has the phrase, every other version is absent_in.
    growth = [p for p in pairs if "d96" in p.drifts]
    assert growth and all("v003" in (p.a.version, p.b.version) and p.gold != "equivalent" for p in growth)
    for p in pairs:
        assert p.gold == ("equivalent" if not p.severity else "nuance" if p.severity == 1 else "changed")


def test_unrelated_pairs_join_different_units(stories):
    for story in stories.values():
        pairs = unrelated_pairs(story)
        assert sum(p.near_miss for p in pairs) * 2 == len(pairs)
        for p in pairs:
            assert p.gold == "unrelated" and p.unit is None and p.a.version != p.b.version
            units_a = {story.unit_of[(p.a.version, i)] for i in p.a.indices}
            units_b = {story.unit_of[(p.b.version, i)] for i in p.b.indices}
            assert not units_a & units_b - {None}
        assert {p.gold for p in gold_pairs(story)} <= set(GOLD_CLASSES) - {"unrelated"}
