"""Word-level difference scores: the numeric core on small arrays, then the real model."""

from __future__ import annotations

import numpy as np
import pytest

from drift.score.words import (
    counterparts,
    diff_align,
    encode_texts,
    neighbourhood_mean,
    raw_word_scores,
    runs,
    two_layer_diff_align,
    whitespace_token_scores,
)


def unit(*rows: list[float]) -> np.ndarray:
    m = np.asarray(rows, dtype=np.float64)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_diff_align_is_one_minus_best_cosine_both_ways():
    a = unit([1, 0], [0, 1])
    b = unit([1, 0], [1, 1])
    score_a, score_b = diff_align(a, b)
    np.testing.assert_allclose(score_a, [0.0, 1 - np.sqrt(0.5)])
    np.testing.assert_allclose(score_b, [0.0, 1 - np.sqrt(0.5)])


def test_diff_align_with_an_empty_side_marks_every_word():
    score_a, score_b = diff_align(unit([1, 0]), np.zeros((0, 2)))
    assert score_a.tolist() == [1.0] and score_b.size == 0


@pytest.mark.parametrize(
    ("flags", "expected"),
    [([0, 1, 1, 0, 1], [(1, 3), (4, 5)]), ([1, 1], [(0, 2)]), ([0, 0], []), ([], [])],
)
def test_runs(flags, expected):
    assert runs(np.array(flags, bool)) == expected


def test_whitespace_token_scores_take_the_max_of_overlapping_words():
    # "don't" is one token and one word; "(x" is one token but two words.
    text = "I don't (x ."
    spans = [(0, 1), (2, 7), (8, 9), (9, 10), (11, 12)]
    assert whitespace_token_scores(text, spans, [0.1, 0.2, 0.3, 0.9, 0.4]) == [0.1, 0.2, 0.9, 0.4]


@pytest.fixture(scope="module")
def kim(encoder):
    return encode_texts(encoder, ["Kim left on Sunday evening", "Kim left on a Sunday afternoon"])


def test_changed_words_score_highest(kim):
    va, vb = kim
    score_a, score_b = (raw_word_scores(d) for d in two_layer_diff_align(va, vb))
    assert va.text[slice(*va.spans[int(np.argmax(score_a))])] == "evening"
    assert vb.text[slice(*vb.spans[int(np.argmax(score_b))])] == "afternoon"


def test_two_layer_vectors_are_normalised_and_the_sentence_vector_is_the_encoders(kim, encoder):
    va, _ = kim
    np.testing.assert_allclose(np.linalg.norm(va.last, axis=1), 1, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(va.middle, axis=1), 1, atol=1e-5)
    np.testing.assert_allclose(va.sentence, encoder.encode_sentences([va.text])[0], atol=1e-4)
    assert [va.text[s:e] for s, e in va.spans] == ["Kim", "left", "on", "Sunday", "evening"]


def test_identical_words_align_to_each_other(kim):
    match_a, match_b = counterparts(*kim)
    assert match_a[:4].tolist() == [0, 1, 2, 4]  # Kim left on Sunday; "a" (b's word 3) comes between
    assert match_b[3] == -1  # "a" has no counterpart


def test_neighbourhood_mean():
    x = np.array([0.0, 3.0, 0.0, 0.0, 6.0])
    np.testing.assert_allclose(neighbourhood_mean(x, 1), [1.5, 1.0, 1.0, 2.0, 3.0])
    assert neighbourhood_mean(np.zeros(0), 3).size == 0
