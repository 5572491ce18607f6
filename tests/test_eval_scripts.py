"""The evaluation scripts refuse bad input with one line and exit code 1, before loading
any model (the runs themselves take minutes: their figures are in the closing notes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STORIES = ROOT / "tests" / "data" / "stories"


def run(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / script), *args], capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize("script, args, message", [
    ("eval_stories.py", ("/no/such/stories",), "eval_stories: no gold story (sentences.json and units.json) under /no/such/stories"),
    ("eval_stories.py", (str(ROOT / "tests"),), f"eval_stories: no gold story (sentences.json and units.json) under {ROOT / 'tests'}"),
    ("eval_drifts.py", ("/no/such/stories",), "eval_drifts: no gold story (sentences.json and units.json) under /no/such/stories"),
    ("eval_drifts.py", (str(STORIES), "--story", "no-such-story"), f"eval_drifts: no gold story with drifts.json under {STORIES}"),
    ("eval_drifts.py", (str(STORIES / "beirut-2020"), "--loso"),
     f"eval_drifts: --loso needs two or more gold stories under {STORIES / 'beirut-2020'}"),
    ("eval_drifts.py", (str(STORIES), "--loso", "--refresd", "/no/such/dev.tsv"),
     "eval_drifts: --loso needs REFreSD dev; /no/such/dev.tsv is not a file (--refresd PATH)"),
])
def test_bad_input_is_one_line_and_exit_code_1(script, args, message):
    result = run(script, *args)
    assert result.returncode == 1
    assert result.stderr.strip() == message
    assert result.stdout == ""
