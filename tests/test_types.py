"""The data model's contract: typed pair scores, their JSON round trip, pickling, the vocabularies."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

from drift.errors import ReportError
from drift.report.json import schema
from drift.score.vocab import ALL_TYPES, LABELS, METRICS
from drift.types import Difference, Metrics, PairScore, Report, WordScore


def test_pair_score_round_trips_through_its_dict(example_report):
    for pair in example_report.pairs:
        data = pair.score.to_dict()
        assert PairScore.from_dict(data).to_dict() == data
        assert pair.drift == pair.score.drift and pair.label == pair.score.label
        assert pair.differences == pair.score.differences


def test_report_round_trips_through_json(example_report):
    data = json.loads(json.dumps(example_report.to_dict()))
    again = Report.from_dict(data)
    assert again.to_dict() == data
    assert again.pairs[0].a.text == example_report.pairs[0].a.text


def test_reports_stories_and_scores_pickle_and_deep_copy(example_report):
    for thing in (example_report, example_report.story, example_report.pairs[0], example_report.pairs[0].score, example_report.units[0]):
        assert pickle.loads(pickle.dumps(thing)) == thing
        assert copy.deepcopy(thing) == thing


def test_schema_names_the_vocabularies():
    defs = schema()["$defs"]
    pair = schema()["properties"]["pairs"]["items"]["properties"]
    assert tuple(pair["label"]["enum"]) == LABELS
    assert tuple(defs["difference"]["properties"]["type"]["enum"]) == ALL_TYPES
    assert tuple(defs["metrics"]["required"]) == METRICS


def test_unknown_names_are_refused_with_a_coded_error():
    with pytest.raises(ReportError, match="label 'odd'"):
        PairScore(drift=0.1, label="odd")
    with pytest.raises(ReportError, match="difference type 'colour'"):
        Difference.from_dict({"version": "a", "start": 0, "end": 1, "text": "x", "type": "colour", "score": 1})
    with pytest.raises(ReportError, match="not a drift-report/1 report"):
        Report.from_dict({"schema": "other"})
    with pytest.raises(ReportError, match="malformed"):
        Report.from_dict({"schema": "drift-report/1", "signature": "", "story": {"id": "s"}, "versions": []})


def test_to_dict_rounds_as_the_json_does():
    score = PairScore(
        drift=0.123456, label="nuance", metrics=Metrics(chrf=50.0),
        words_a=(WordScore(0, 3, "Kim", 0.987654),),
    )
    data = score.to_dict()
    assert data["drift"] == 0.1235 and data["words_a"][0]["score"] == 0.9877
    assert data["metrics"] == {"chrf": 50.0, "ter": None, "bleu": None}


def test_reprs_stay_short(example_report):
    for thing in (example_report, example_report.story, example_report.story.versions[0], example_report.pairs[0],
                  example_report.pairs[0].score, example_report.pairs[0].a):
        assert len(repr(thing)) < 400, type(thing).__name__


def test_an_unscored_report_round_trips_too(unscored_report):
    data = json.loads(json.dumps(unscored_report.to_dict()))
    again = Report.from_dict(data)
    assert again.to_dict() == data
    assert again.pairs[0].score is None and again.pairs[0].drift is None and again.pairs[0].differences == ()
