"""Detectors on the gold stories' hand-listed drifts (``tests/data/stories``, copies of ``../shared/data/stories``).

Each row names a gold drift, two of its versions and whether the detector of its type must
report a sure difference (score >= 0.5, what the scorer keeps) on its phrases: real changes
of severity >= 1 fire, severity-0 variants (the same figure in other units or separators,
the same time written otherwise) stay quiet. Sides are the gold sentences that hold each
phrase, with the gold offsets, so every span maps back to the version's text.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from drift.score.detectors import DETECTORS
from drift.score.pair import DIFFERS
from drift.types import Sentence, Side

STORIES = Path(__file__).resolve().parent / "data" / "stories"  # copies of ../shared/data/stories
LANGUAGES = {
    "beirut-2020": {"v000": "fr", "v001": "en", "v002": "nl", "v003": "en", "v004": "en"},
    "ever-given-2021": {"v000": "en", "v001": "fr", "v002": "nl", "v003": "en", "v004": "nl"},
    "notre-dame-2019": {"v000": "fr", "v001": "en", "v002": "nl", "v003": "en", "v004": "en"},
}


@lru_cache(maxsize=None)
def gold(story: str) -> tuple[dict, dict]:
    folder = STORIES / story
    sentences = json.loads((folder / "sentences.json").read_text(encoding="utf-8"))
    drifts = {d["id"]: d for d in json.loads((folder / "drifts.json").read_text(encoding="utf-8"))["drifts"]}
    return sentences, drifts


def side(story: str, version: str, phrase: dict) -> Side:
    """The gold sentence of ``version`` that holds ``phrase``, as a one-sentence side."""
    sentences, _ = gold(story)
    row = next(s for s in sentences[version] if s["start"] <= phrase["start"] and phrase["end"] <= s["end"])
    return Side(version, LANGUAGES[story][version], (Sentence(version, row["id"], row["start"], row["end"], row["text"]),))


def sure_on_phrases(story: str, drift_id: str, detector: str, va: str, vb: str) -> list[str]:
    """Texts of the sure differences the detector finds on the drift's phrases in va and vb."""
    _, drifts = gold(story)
    drift = drifts[drift_id]
    pa, pb = drift["versions"][va][0], drift["versions"][vb][0]
    found = DETECTORS[detector].detect(side(story, va, pa), side(story, vb, pb))
    phrases = {va: pa, vb: pb}
    return [
        d.text for d in found
        if d.score >= DIFFERS and d.start < phrases[d.version]["end"] and phrases[d.version]["start"] < d.end
    ]


FIRES = [
    ("beirut-2020", "d18", "number", "v003", "v004"),  # at least 113 dead / at least 135 killed
    ("beirut-2020", "d19", "number", "v000", "v004"),  # près de 4.000 blessés / about 5,000 wounded
    ("beirut-2020", "d23", "number", "v000", "v004"),  # magnitude 3,3 / magnitude 4.5
    ("ever-given-2021", "d23", "number", "v000", "v004"),  # 422 vessels / ruim 360 schepen
    ("notre-dame-2019", "d14", "number", "v001", "v004"),  # Some 400 / Around 500 firefighters
    ("beirut-2020", "d41", "time", "v003", "v004"),  # on Thursday / on Friday
    ("beirut-2020", "d42", "time", "v000", "v002"),  # en 2013 / in 2014
    ("notre-dame-2019", "d42", "time", "v000", "v004"),  # jeudi dernier / last Friday
    ("notre-dame-2019", "d39", "time", "v000", "v004"),  # mardi vers 10 h / Tuesday afternoon
]

QUIET = [
    ("beirut-2020", "d16", "number", "v000", "v003"),  # 2.750 tonnes / 2,750 tonnes
    ("beirut-2020", "d16", "number", "v000", "v002"),  # 2.750 tonnes / 2750 ton
    ("beirut-2020", "d22", "number", "v000", "v001"),  # magnitude 3,3 / 3.3
    ("beirut-2020", "d26", "number", "v000", "v003"),  # 300.000 / 300,000 people
    ("ever-given-2021", "d19", "number", "v000", "v001"),  # 224,000-tonne / 224 000 tonnes
    ("ever-given-2021", "d22", "number", "v000", "v002"),  # 422 vessels / 422 schepen
    ("ever-given-2021", "d30", "number", "v000", "v001"),  # About 12% / environ 12 %
    ("notre-dame-2019", "d17", "number", "v000", "v003"),  # 93 mètres / 93-metre (305ft)
    ("notre-dame-2019", "d18", "number", "v000", "v001"),  # 1 300 chênes / 1,300 oaks
    ("beirut-2020", "d36", "time", "v000", "v002"),  # vers 18h08 / om 18.08 uur
    ("notre-dame-2019", "d32", "time", "v000", "v001"),  # lundi vers 18 h 50 / on Monday at around 18:50
    ("notre-dame-2019", "d32", "time", "v001", "v003"),  # 18:50 / about 6.50pm
    ("ever-given-2021", "d46", "time", "v000", "v002"),  # 15:05 local time / 15.05 uur
]


@pytest.mark.parametrize("story, drift, detector, va, vb", FIRES)
def test_real_changes_fire(story, drift, detector, va, vb):
    assert sure_on_phrases(story, drift, detector, va, vb)


@pytest.mark.parametrize("story, drift, detector, va, vb", QUIET)
def test_severity_zero_variants_stay_quiet(story, drift, detector, va, vb):
    assert sure_on_phrases(story, drift, detector, va, vb) == []


def test_table_rows_have_the_severity_they_claim():
    for rows, fires in ((FIRES, True), (QUIET, False)):
        for story, drift, *_ in rows:
            assert (gold(story)[1][drift]["severity"] >= 1) == fires, (story, drift)
