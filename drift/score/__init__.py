"""Scoring: how far meaning drifted between the two sides of each aligned pair.

Typed, rule-based detectors live in ``drift.score.detectors`` (one module per drift type).
"""
