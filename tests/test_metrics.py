"""Lexical metrics: which ones are computed, and validation of the names."""

from __future__ import annotations

import pytest
import sacrebleu

from drift.errors import ConfigError
from drift.pipeline import AnalysisConfig
from drift.score.metrics import METRICS, check_metrics, lexical_metrics

REF = "Kim left Pyongyang on Sunday evening aboard an armoured train."
HYP = "On a Sunday afternoon Kim left Pyongyang by armoured train."


def test_only_the_named_metrics_are_computed():
    metrics = lexical_metrics(REF, HYP, "en", "en", names=("chrf",))
    assert metrics == {"chrf": round(sacrebleu.sentence_chrf(HYP, [REF]).score, 4), "ter": None, "bleu": None}
    assert lexical_metrics(REF, HYP, "en", "en", names=()) == dict.fromkeys(METRICS)


def test_metric_names_are_checked_and_put_in_canonical_order():
    assert check_metrics(["bleu", "chrf"]) == ("chrf", "bleu")
    with pytest.raises(ConfigError, match="unknown metric"):
        check_metrics(["chrf", "rouge"])
    with pytest.raises(ConfigError, match="unknown metric"):
        AnalysisConfig(metrics=("ter", "bertscore"))
    assert AnalysisConfig(metrics=("ter", "chrf")).metrics == ("chrf", "ter")


def test_the_signature_names_the_metrics_that_ran(encoder):
    from drift.signature import signature

    assert signature(encoder, metrics=METRICS).endswith("|metrics:chrf+ter+bleu")
    assert signature(encoder, metrics=("chrf", "bleu")).endswith("|metrics:chrf+bleu")
    assert signature(encoder, metrics=()).endswith("|metrics:none")
    assert "metrics:" not in signature(encoder)  # pairs not scored


def test_ter_runs_only_when_named_and_the_signature_names_what_ran(encoder, example_report):
    from drift.signature import signature

    assert AnalysisConfig().metrics == ("chrf", "bleu")
    assert lexical_metrics(REF, HYP, "en", "en")["ter"] is None
    assert example_report.signature.endswith("|metrics:chrf+bleu")
    assert all(p.score.metrics.ter is None for p in example_report.pairs if p.score is not None)
    assert signature(encoder, metrics=METRICS).endswith("|metrics:chrf+ter+bleu")
