"""The README's code runs as written: every Python block, and the cheap shell commands."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOCKS = re.findall(r"```(\w*)\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
# drift commands that run in seconds and need no model: the test runs these as written.
CHEAP = re.compile(r"^drift (--version|segment --example|\S+ --help)")


def commands() -> list[str]:
    """Every shell command of the README's bash blocks, comments dropped."""
    out = []
    for language, code in BLOCKS:
        if language == "bash":
            out += [line.split("  #")[0].strip() for line in code.splitlines() if line.strip()]
    return out


def test_the_readme_has_python_and_bash_blocks():
    assert {"python", "bash"} <= {language for language, _ in BLOCKS}


def test_python_blocks_run(tmp_path, monkeypatch, encoder):
    monkeypatch.chdir(tmp_path)  # the blocks write report.json into the working folder
    for language, code in BLOCKS:
        if language == "python":
            exec(compile(code, "README.md", "exec"), {"__name__": "readme"})


@pytest.mark.parametrize("command", [c for c in commands() if CHEAP.match(c)])
def test_cheap_commands_run(command):
    shell = command.replace("drift ", f"{shlex.quote(sys.executable)} -m drift ", 1)
    run = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, (command, run.stderr[-500:])
    assert run.stdout.strip()


@pytest.mark.parametrize("command", [c for c in commands() if c.startswith("python scripts/")])
def test_script_commands_name_real_scripts_and_files(command):
    """The evaluation and benchmark scripts take minutes; check that each exists, that its
    options parse (``--help``) and that the files the command names exist."""
    words = shlex.split(command)
    script = ROOT / words[1]
    assert script.exists(), command
    for word in words[2:]:
        if "/" in word and not word.startswith("-") and word != "OUT":
            assert (ROOT / word).exists(), (command, word)
    run = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, (command, run.stderr[-500:])


def test_every_bash_block_parses():
    for language, code in BLOCKS:
        if language == "bash":
            assert subprocess.run(["bash", "-n", "-c", code]).returncode == 0, code


def test_the_signature_shown_is_the_one_a_default_run_gives(encoder):
    from drift.score.metrics import METRICS
    from drift.signature import signature

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{signature(encoder, align_mode='auto', metrics=METRICS)}`" in text
