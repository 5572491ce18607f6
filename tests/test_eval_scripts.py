"""The evaluation scripts refuse bad input with one line and exit code 1, before loading
any model (the runs themselves take minutes: their figures are in the closing notes), and
read a held-out folder as it comes."""

from __future__ import annotations

import json
import shutil
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
    ("bench_corpus.py", ("--story", "/no/such/story"), "bench_corpus: [E100] /no/such/story: no such file or folder"),
])
def test_bad_input_is_one_line_and_exit_code_1(script, args, message):
    result = run(script, *args)
    assert result.returncode == 1
    assert result.stderr.strip() == message
    assert result.stdout == ""


def test_eval_drifts_reads_a_held_out_folder_as_it_is(tmp_path):
    """A held-out folder may hold a story without drifts, a gold type the script has no map
    for, and story ids that contain a dev story's id: the run says what it skipped, gives
    the new type its own row, and calls no figure in-sample that is not."""
    held = tmp_path / "a"
    shutil.copytree(STORIES / "notre-dame-2019", held)
    toml = held / "story.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('id = "notre-dame-2019"', 'id = "notre-dame"'), encoding="utf-8")
    drifts = json.loads((held / "drifts.json").read_text(encoding="utf-8"))
    drifts["drifts"][0]["type"] = "framing"
    (held / "drifts.json").write_text(json.dumps(drifts), encoding="utf-8")
    shutil.copytree(STORIES / "ever-given-2021", tmp_path / "b", ignore=shutil.ignore_patterns("drifts.json"))

    result = run("eval_drifts.py", str(tmp_path), "--gold-only")

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "b: no drifts.json, not scored" in lines
    assert [line for line in lines if line.startswith("models: ")] == [
        next(line for line in lines if line.startswith("models: shipped (") and line.endswith(")"))
    ]
    framing = [line.split() for line in lines if line.split()[:1] == ["framing"]]
    assert framing and framing[0][1] == "-"
