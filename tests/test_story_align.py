"""The story aligner (drift.align.story): evidence, link model, clustering."""

from __future__ import annotations

import dataclasses
import json
import re

import numpy as np
import pytest

from drift.align.story.calibration import LinkModel, load_link_model, support_features
from drift.align.story.clustering import average_linkage
from drift.align.story.links import FEATURES, VersionEvidence, coverage, features, names, spellings
from drift.errors import ConfigError


def test_one_bridge_does_not_chain_two_groups() -> None:
    """A1~B1 and C1~D1 are sure; only B1~C1 links the two pairs: the average over the
    four cross pairs stays low, so two units remain."""
    sizes = [1, 1, 1, 1]
    sure, weak = 0.95, 0.05
    prob = {(a, b): np.array([[weak]]) for a in range(4) for b in range(a + 1, 4)}
    prob[(0, 1)] = np.array([[sure]])
    prob[(2, 3)] = np.array([[sure]])
    prob[(1, 2)] = np.array([[sure]])
    groups = average_linkage(sizes, prob, threshold=0.4, max_per_version=3)
    assert sorted(groups) == [[(0, 0), (1, 0)], [(2, 0), (3, 0)]]


def test_a_fact_told_by_three_versions_is_one_unit() -> None:
    """A~B and B~C sure, A~C middling: one unit (consistent across versions)."""
    prob = {(0, 1): np.array([[0.9]]), (1, 2): np.array([[0.9]]), (0, 2): np.array([[0.45]])}
    assert average_linkage([1, 1, 1], prob, threshold=0.4, max_per_version=3) == [[(0, 0), (1, 0), (2, 0)]]


def test_a_sentence_without_support_stays_alone() -> None:
    prob = {(0, 1): np.array([[0.9, 0.1], [0.05, 0.2]])}
    groups = average_linkage([2, 2], prob, threshold=0.4, max_per_version=3)
    assert sorted(groups) == [[(0, 0), (1, 0)], [(0, 1)], [(1, 1)]]


def test_a_version_splits_a_fact_over_at_most_max_per_version_sentences() -> None:
    """Version 0 says in four sentences what version 1 says in one: three join it."""
    prob = {(0, 1): np.array([[0.9], [0.85], [0.8], [0.75]])}
    groups = average_linkage([4, 1], prob, threshold=0.4, max_per_version=3)
    assert sorted(groups) == [[(0, 0), (0, 1), (0, 2), (1, 0)], [(0, 3)]]


def test_names_fold_accents_and_skip_the_first_word() -> None:
    assert names("Le ministre Laurent Nuñez a parlé à Paris.") == {"laurent", "nunez", "paris"}
    assert names("Junior minister Laurent Nunez spoke in Paris.") == {"laurent", "nunez", "paris"}


def _evidence(encoder, texts: list[str], language: str) -> VersionEvidence:
    """The evidence of one version's sentences, as the pipeline builds it."""
    from drift.align.words import content_words

    words = content_words(encoder.encode_words(texts), len(texts), language)
    return VersionEvidence.build(encoder.encode_sentences(texts), texts, words, language)


def test_features_read_numbers_names_and_words(encoder) -> None:
    fr = ["Environ 400 pompiers ont combattu le feu à Notre-Dame.", "Le président Macron a promis de reconstruire la cathédrale.",
          "Environ 500 personnes regardaient depuis les quais de la Seine."]
    en = ["Emmanuel Macron vowed to rebuild the cathedral.", "Some 400 firefighters fought the blaze at Notre-Dame.",
          "About 500 people watched from the banks of the Seine."]

    table = features(_evidence(encoder, fr, "fr"), _evidence(encoder, en, "en"))
    assert table.shape == (3, 3, len(FEATURES))
    column = {name: k for k, name in enumerate(FEATURES)}
    assert table[0, 1, column["numbers_shared"]] == 1.0 and table[0, 2, column["numbers_clash"]] == 1.0
    assert table[1, 0, column["names_shared"]] == 1.0
    assert table[0, 1, column["mutual"]] == 1.0 and table[1, 0, column["mutual"]] == 1.0
    assert table[0, 1, column["coverage"]] > table[0, 0, column["coverage"]]
    assert (table[..., column["cross_language"]] == 1.0).all()


def test_quantities_agree_across_roundings_and_bounds(encoder) -> None:
    """A rewrite's bounded or rounded figure agrees with the exact one; another figure of
    the same kind clashes; digits alone would see 420 and 422 as different numbers."""
    fr = ["Plus de 420 navires attendaient de pouvoir emprunter la voie d'eau.", "Le navire mesure 400 mètres."]
    en = ["He said 422 vessels were waiting to transit the canal.", "The ship is 1,312 feet long.",
          "About 300 vessels were waiting."]

    table = features(_evidence(encoder, fr, "fr"), _evidence(encoder, en, "en"))
    column = {name: k for k, name in enumerate(FEATURES)}
    assert table[0, 0, column["numbers_shared"]] == 0.0
    assert table[0, 0, column["quantities_agree"]] == 1.0 and table[0, 0, column["quantities_clash"]] == 0.0
    assert table[1, 1, column["quantities_agree"]] == 1.0  # 400 m is 1,312 feet
    assert table[0, 2, column["quantities_agree"]] == 0.0 and table[0, 2, column["quantities_clash"]] == 1.0
    assert table[1, 2, column["quantities_clash"]] == 0.0  # a length and a count do not clash


def test_spellings_of_one_name_are_one_name() -> None:
    x, y = spellings([frozenset({"aboud", "beirut"}), frozenset({"dmitri"})], [frozenset({"abboud"}), frozenset({"dmitry", "kim"})])
    assert x[0] & y[0] and x[1] == y[1] - {"kim"}
    assert "beirut" in x[0] and "kim" in y[1]  # no other name is taken for them
    assert spellings([frozenset({"macron"})], [frozenset({"merkel"})]) == ([frozenset({"macron"})], [frozenset({"merkel"})])


def test_coverage_of_sentences_without_words_is_zero() -> None:
    rng = np.random.default_rng(0)
    a = [rng.standard_normal((3, 8)).astype(np.float32), np.zeros((0, 8), np.float32)]
    b = [rng.standard_normal((2, 8)).astype(np.float32)]
    out = coverage(a, b)
    assert out.shape == (2, 1) and out[1, 0] == 0.0 and out[0, 0] > 0.0


def test_support_comes_from_a_third_version() -> None:
    """i~k in C and j~k in C back the link i~j of A and B even when A and B barely match."""
    direct = {(0, 1): np.array([[0.2]]), (0, 2): np.array([[0.9]]), (1, 2): np.array([[0.8]])}
    x = support_features(direct, 3)[(0, 1)]
    assert x.shape == (1, 1, 7)
    assert x[0, 0, 1] == pytest.approx(0.8) and x[0, 0, 2] == 1.0
    assert x[0, 0, 0] == pytest.approx(np.log(0.2 / 0.8))
    assert x[0, 0, 4:].tolist() == pytest.approx([1.0, 0.8, 1.0])  # one witness: weight 1


def test_support_is_also_read_per_witness() -> None:
    """Of three third versions, one backs the link: the share is 1/3, and the weighted
    features carry 1/3 of the support and of the share."""
    rng = np.random.default_rng(0)
    direct = {(a, b): rng.uniform(0.0, 0.1, (1, 1)) for a in range(5) for b in range(a + 1, 5)}
    direct[(0, 2)] = np.array([[0.9]])
    direct[(1, 2)] = np.array([[0.7]])
    x = support_features(direct, 5)[(0, 1)][0, 0]
    assert x[1] == pytest.approx(0.7) and x[2] == pytest.approx(1 / 3)
    assert x[4:].tolist() == pytest.approx([1 / 3, 0.7 / 3, 1 / 9])


def test_the_shipped_link_model_round_trips(tmp_path) -> None:
    model = load_link_model()
    assert model.features == FEATURES and 0.0 < model.threshold < 1.0
    assert re.fullmatch(r"links:\d{4}-\d\d-\d\d\.[0-9a-f]{8}", model.signature)
    path = tmp_path / "links.json"
    model.save(path)
    assert load_link_model(str(path)) == model and load_link_model(str(path)).signature == model.signature
    other = dataclasses.replace(model, threshold=model.threshold + 0.05)
    assert other.signature != model.signature  # same day, other model
    data = json.loads(path.read_text())
    data["features"] = data["features"][:-1]
    path.write_text(json.dumps(data))
    with pytest.raises(ConfigError, match="refit it with scripts/fit_links.py"):
        LinkModel.from_dict(data)
    data = model.to_dict()
    data["with_support"]["weights"] = data["with_support"]["weights"][:4]  # a model of an older drift
    with pytest.raises(ConfigError, match=r"link model has 4 support weights, this drift reads 7 .*refit it"):
        LinkModel.from_dict(data)


def test_the_threshold_choice_prefers_a_broad_optimum_to_a_sharp_peak():
    from drift.align.story.fitting import THRESHOLDS, _steadiest

    # The best single point (last) has a poor neighbour; the plateau in the middle is steadier.
    f1 = np.array([0.70, 0.79, 0.80, 0.81, 0.80, 0.60, 0.86])
    assert len(f1) == len(THRESHOLDS)
    assert _steadiest(THRESHOLDS, f1) == THRESHOLDS[3]
    assert THRESHOLDS[int(np.argmax(f1))] != THRESHOLDS[3]


def test_analyze_runs_and_signs_the_models_it_is_given(encoder, example_report) -> None:
    """A research script that refits the models (scripts/eval_drifts.py --loso does) gets
    units from its own link model and labels from its own calibration, and the report's
    signature names those, not the shipped ones."""
    from drift.ingest import load_example
    from drift.pipeline import analyze
    from drift.score.calibration import from_dict, load_calibration

    shipped = load_link_model()
    strict = dataclasses.replace(shipped, threshold=0.9, fitted="2026-01-01|strict")
    shipped_calibration = load_calibration()
    # a pair model sure of "equivalent": no pair is unrelated, and each sits at the floor of
    # its label's band (a unit's labels come from its differences, the order within a band
    # from the model)
    tilted = from_dict({**shipped_calibration.to_dict(), "intercept": [30.0, -30.0, -30.0], "created": "2026-01-01"})
    report = analyze(load_example(), encoder=encoder, link_model=strict, calibration=tilted, progress=False)
    assert strict.signature in report.signature and shipped.signature not in report.signature
    assert tilted.signature in report.signature and shipped_calibration.signature not in report.signature
    assert 0 < len(report.pairs) < len(example_report.pairs)
    assert {p.score.drift for p in report.pairs} <= {0.0, 0.25, 0.5}
    assert "unrelated" not in {p.score.label for p in report.pairs}
    assert not {p.score.drift for p in example_report.pairs} <= {0.0, 0.25, 0.5}
    assert shipped.signature in example_report.signature


def test_the_stories_a_link_model_was_fitted_on_match_whole_ids():
    model = load_link_model()
    assert model.stories == {"beirut-2020", "ever-given-2021", "notre-dame-2019"}
    assert "notre-dame" not in model.stories and "2020" not in model.stories
    noted = dataclasses.replace(model, fitted="2026-12-07|stories:a-story+another|without b-story")
    assert noted.stories == {"a-story", "another"}


def test_a_threshold_tie_goes_to_the_higher_threshold():
    from drift.align.story.fitting import TIE, _steadiest

    grid = (0.2, 0.3, 0.4, 0.5)
    # smoothed: 0.2 0.800, 0.3 0.797, 0.4 0.763: 0.3 is within TIE of the best
    assert 0.8 - (0.8 + 0.8 + 0.79) / 3 < TIE
    assert _steadiest(grid, (0.8, 0.8, 0.79, 0.7)) == 0.3
    # a clear best stays the best, whatever lies above it
    assert _steadiest(grid, (0.7, 0.9, 0.8, 0.6)) == 0.3
    assert _steadiest(grid, (0.9, 0.8, 0.7, 0.6)) == 0.2


def test_a_story_told_by_fewer_of_its_versions_is_scored_on_their_pairs(encoder) -> None:
    """On a whole gold story `label_pair_f1` is the evaluation's pair F1; a subset of its
    versions keeps exactly the labels of its own pairs of versions."""
    from pathlib import Path

    from drift.align.story import group
    from drift.align.story.fitting import evaluate, label_pair_f1, story_examples, version_subsets
    from drift.gold import read_gold

    story = story_examples(read_gold(Path(__file__).parent / "data" / "stories" / "notre-dame-2019"), encoder)
    model = load_link_model()
    groups = [g.nodes for g in group(story.evidence, model)[0]]
    assert label_pair_f1(story, groups) == pytest.approx(evaluate(story, model).pair[2])

    threes = version_subsets(story, 3)
    assert len(threes) == 10 and len({s.version_ids for s in threes}) == 10
    subset = threes[-1]  # v002, v003, v004
    assert subset.version_ids == ("v002", "v003", "v004")
    assert set(subset.labels) == {(0, 1), (0, 2), (1, 2)}
    assert np.array_equal(subset.labels[(1, 2)], story.labels[(3, 4)])
    assert subset.evidence[0] is story.evidence[2]
    f1 = label_pair_f1(subset, [g.nodes for g in group(subset.evidence, model)[0]])
    assert 0.5 < f1 <= 1.0


def test_a_units_pairs_are_labelled_by_their_differences(example_report) -> None:
    """Within a unit a pair's label is its differences' highest severity, as the story gold
    classes a pair (0 equivalent, 1 nuance, 2-3 changed); only "unrelated" is the model's."""
    from drift.score.pair import severity_label

    labelled = [p for p in example_report.pairs if p.score.label != "unrelated"]
    assert {p.score.label for p in labelled} == {"equivalent", "nuance", "changed"}
    assert all(p.score.label == severity_label(p.score.differences) for p in labelled)
