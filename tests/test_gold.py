"""Reading the story-gold format: pair classes from drift severities, near-misses, unrelated pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from drift.errors import InputError
from drift.gold import GOLD_CLASSES, load_gold_stories, load_gold_story, unrelated_pairs

STORIES = Path(__file__).resolve().parents[2] / "shared" / "data" / "stories"


@pytest.fixture(scope="module")
def stories():
    return {s.id: s for s in load_gold_stories(STORIES)}


def test_every_gold_story_with_its_pairs_and_near_misses(stories):
    # Counts from the stories' README.md (kim-putin-2023 has no gold files and is skipped).
    assert sorted(stories) == ["beirut-2020", "ever-given-2021", "notre-dame-2019"]
    assert {k: len(s.pairs) for k, s in stories.items()} == {"beirut-2020": 206, "ever-given-2021": 236, "notre-dame-2019": 208}
    assert {k: len(s.near_misses) for k, s in stories.items()} == {"beirut-2020": 24, "ever-given-2021": 19, "notre-dame-2019": 25}


def test_sides_are_slices_of_the_version_texts(stories):
    story = stories["ever-given-2021"]
    texts = {v: (STORIES / story.id / f"{v}.txt").read_text(encoding="utf-8") for v in story.languages}
    for pair in story.pairs:
        for side in (pair.a, pair.b):
            assert all(texts[side.version][s.start : s.end] == s.text for s in side.sentences)
    assert story.side("v002", (0,)).language == "nl"


def test_a_pair_takes_the_highest_severity_of_the_drifts_it_carries(stories):
    story = stories["ever-given-2021"]

    def gold(va, ia, vb, ib):
        return next(p for p in story.pairs if (p.a.version, p.a.indices, p.b.version, p.b.indices) == (va, ia, vb, ib))

    # d01 sisi_difficulties (quote_wording, severity 1): v000 #6 against v003 #7.
    sisi = gold("v000", (6,), "v003", (7,))
    assert "d01" in sisi.drifts and sisi.gold == "nuance" and sisi.severity == 1
    # d96 allianz_growth_added: only v003 has the phrase, every other version is absent_in.
    assert all(p.gold != "equivalent" for p in story.pairs if "d96" in p.drifts)
    assert all("v003" in (p.a.version, p.b.version) for p in story.pairs if "d96" in p.drifts)
    for pair in story.pairs:
        assert pair.gold == ("equivalent" if not pair.severity else "nuance" if pair.severity == 1 else "changed")


def test_unrelated_pairs_join_different_units(stories):
    for story in stories.values():
        owner = {(v, i): u for u, sides in story.units.items() for v, ids in sides.items() for i in ids}
        pairs = unrelated_pairs(story)
        assert sum(p.near_miss for p in pairs) * 2 == len(pairs)
        for p in pairs:
            assert p.gold == "unrelated" and p.unit is None and p.a.version != p.b.version
            units_a = {owner.get((p.a.version, i)) for i in p.a.indices}
            units_b = {owner.get((p.b.version, i)) for i in p.b.indices}
            assert not units_a & units_b - {None}
        assert {p.gold for p in story.pairs} <= set(GOLD_CLASSES) - {"unrelated"}


def test_a_folder_without_gold_files_is_an_input_error(tmp_path):
    (tmp_path / "story.toml").write_text('id = "x"\n', encoding="utf-8")
    with pytest.raises(InputError, match="gold story"):
        load_gold_story(tmp_path)
