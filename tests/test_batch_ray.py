"""The Ray engine: the local engine's reports, errors and resume, on a local Ray cluster."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import ray

from drift._reaper import _descendants
from drift.batch import ERRORS_NAME, REPORTS_DIR, run_batch
from drift.batch_ray import SPOOL_PREFIX, RayEngine
from drift.errors import ConfigError
from drift.ingest import load_example
from drift.segment import segment

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cluster():
    """A local Ray cluster of 2 CPUs without dashboard, for this module; the engine finds
    this process connected and uses it (and leaves it running)."""
    for attempt in range(2):  # on a loaded machine, Ray's node may miss its 30 s start deadline once
        try:
            ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False,
                     logging_level=logging.ERROR)
            break
        except Exception:
            if attempt:
                raise
    yield ray.get_runtime_context().gcs_address
    ray.shutdown()


def story(story_id: str, *texts: str) -> dict:
    return {"id": story_id, "versions": [
        {"id": f"v{i}", "text": text, "language": "en"} for i, text in enumerate(texts)
    ]}


@pytest.fixture(scope="module")
def good() -> list[dict]:
    """Four short stories from the example story (two share sentences)."""
    s = {v.id: [x.text for x in v.content_sentences] for v in segment(load_example()).versions}
    a, b, c = s["v000"], s["v001"], s["v004"]
    return [
        story("alpha", " ".join(a[:3]), " ".join(b[:3])),
        story("beta/2", " ".join(b[3:6]), " ".join(c[3:6]), " ".join(a[4:6])),
        story("gamma", " ".join(c[:3]), " ".join(a[:2])),
        story("delta", " ".join(b[6:9]), " ".join(c[6:9])),
    ]


def write_corpus(path: Path, lines: list[dict | bytes]) -> Path:
    with path.open("wb") as handle:
        for line in lines:
            handle.write(line if isinstance(line, bytes) else json.dumps(line).encode("utf-8"))
            handle.write(b"\n")
    return path


def reports(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / REPORTS_DIR).iterdir())}


def drift_batch(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "drift.cli", "batch", *args, "--no-progress"],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory, cluster, good):
    """Three good stories and a broken one, through the Ray engine and the local one."""
    folder = tmp_path_factory.mktemp("ray")
    corpus = write_corpus(folder / "corpus.jsonl", [
        good[0], story("lonely", "Only one version here."), good[1], good[2],
    ])
    on_ray = run_batch(corpus, folder / "ray", engine=RayEngine(), progress=False, export=False)
    local = run_batch(corpus, folder / "local", workers=1, progress=False, export=False)
    return corpus, folder, on_ray, local


def test_reports_and_errors_are_the_local_engines_bytes(runs):
    _, folder, on_ray, local = runs
    assert (on_ray.done, on_ray.skipped, on_ray.failed) == (local.done, local.skipped, local.failed) == (3, 0, 1)
    assert len(reports(folder / "ray")) == 3
    assert reports(folder / "ray") == reports(folder / "local")
    assert (folder / "ray" / ERRORS_NAME).read_bytes() == (folder / "local" / ERRORS_NAME).read_bytes()
    assert "[E104]" in (folder / "ray" / ERRORS_NAME).read_text("utf-8")
    assert on_ray.sentences == local.sentences and on_ray.encode_seconds > 0
    assert not list((folder / "ray").glob(f"{SPOOL_PREFIX}*"))


def test_a_rerun_with_nothing_to_do_starts_no_cluster(runs, good, tmp_path):
    """Port 9 has no cluster: the run would fail if it tried to join one."""
    _, folder, _, _ = runs
    finished = write_corpus(tmp_path / "finished.jsonl", [good[0], good[1], good[2]])
    done = drift_batch(str(finished), "-o", str(folder / "ray"), "--engine", "ray", "--address", "127.0.0.1:9", "--no-export")
    assert done.returncode == 0, done.stderr
    assert "3 stories: 0 analysed, 3 skipped (unchanged), 0 failed" in done.stderr
    # A line the driver cannot parse fails there too: exit status 1, still no cluster.
    broken = write_corpus(tmp_path / "broken.jsonl", [good[0], b'{"id": "broken", "versions": ['])
    failed = drift_batch(str(broken), "-o", str(folder / "ray"), "--engine", "ray", "--address", "127.0.0.1:9", "--no-export")
    assert failed.returncode == 1
    assert failed.stderr.strip().splitlines()[-1].startswith("drift: 2 stories: 0 analysed, 1 skipped")
    assert "[E103]" in (folder / "ray" / ERRORS_NAME).read_text("utf-8")


def test_the_cli_runs_on_a_cluster_it_joins_and_exports(runs, good, cluster, tmp_path):
    corpus, folder, _, _ = runs
    out = tmp_path / "out"
    (out / REPORTS_DIR).mkdir(parents=True)
    for name, data in reports(folder / "local").items():  # resume: only gamma is left to do
        if name != "gamma.json":
            (out / REPORTS_DIR / name).write_bytes(data)
    done = drift_batch(str(corpus), "-o", str(out), "--engine", "ray", "--address", cluster, "--encoders", "1")
    assert done.returncode == 1, done.stderr  # the broken story
    assert "4 stories: 1 analysed, 2 skipped (unchanged), 1 failed" in done.stderr
    assert "Traceback" not in done.stderr
    assert reports(out) == reports(folder / "local")
    # The export, written by Ray tasks: parquet parts per table and the dataset card.
    import datasets

    from drift.export import features

    versions = datasets.load_dataset(str(out / "hf"), "versions", split="train")
    assert sorted(set(versions["story_id"])) == ["alpha", "beta/2", "gamma"] and len(versions) == 7
    for table in ("versions", "pairs"):
        assert datasets.load_dataset(str(out / "hf"), table, split="train").features == features()[table]
    assert "load_from_disk" not in (out / "hf" / "README.md").read_text("utf-8")  # parquet only


def test_bad_engine_options_are_refused_in_one_line(tmp_path, good):
    corpus = write_corpus(tmp_path / "c.jsonl", [good[0]])
    for args, message in [
        (["--workers", "2", "--engine", "ray"], "--workers is for --engine local"),
        (["--encoders", "2"], "need --engine ray"),
    ]:
        result = drift_batch(str(corpus), "-o", str(tmp_path / "out"), *args)
        assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(ConfigError, match="encoders"):
        RayEngine(encoders=0)
    with pytest.raises(ConfigError, match="workers or an engine"):
        run_batch(corpus, tmp_path / "out", workers=1, engine=RayEngine())


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_killed_run_leaves_no_process_behind_and_resumes(signum, good, cluster, tmp_path):
    """The CLI starts its own local cluster; it is killed once its first report is written."""
    stories = [dict(record, id=f"{record['id']}-{copy}") for copy in range(3) for record in good]
    corpus = write_corpus(tmp_path / "corpus.jsonl", stories)
    out = tmp_path / "out"
    driver = subprocess.Popen(
        [sys.executable, "-m", "drift.cli", "batch", str(corpus), "-o", str(out), "--engine", "ray", "--no-progress"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )
    started: dict[int, str] = {}

    def note() -> None:
        started.update(_descendants(driver.pid))
        for pid in started:
            _cmdline(pid)

    deadline = time.monotonic() + 480
    while driver.poll() is None and time.monotonic() < deadline and not list(out.glob(f"{REPORTS_DIR}/*.json")):
        note()
        time.sleep(0.2)
    assert driver.poll() is None, driver.stderr.read() if driver.stderr else ""
    note()
    os.kill(driver.pid, signum)
    _, stderr = driver.communicate(timeout=120)
    assert driver.returncode == (143 if signum == signal.SIGTERM else -signal.SIGKILL), stderr  # 128 + SIGTERM, as the local engine
    assert "Traceback" not in stderr
    assert any("raylet" in _cmdline(pid) for pid in started)  # the local cluster was running
    deadline = time.monotonic() + 30
    while (left := _still_running(started)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert left == {}
    resumed = run_batch(corpus, out, engine=RayEngine(), progress=False, export=False)
    assert resumed.skipped >= 1 and (resumed.done + resumed.skipped, resumed.failed) == (len(stories), 0)
    assert not list(out.glob(f"{SPOOL_PREFIX}*"))


_CMDLINES: dict[int, str] = {}


def _cmdline(pid: int) -> str:
    """A process's command line, remembered (it can be read no more once it is gone)."""
    if pid not in _CMDLINES:
        try:
            _CMDLINES[pid] = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            return ""
    return _CMDLINES[pid]


def _still_running(started: dict[int, str]) -> dict[int, str]:
    """The processes of ``started`` that still run (the same pid and start time)."""
    from drift._reaper import _running

    return {pid: _cmdline(pid) for pid in _running(started)}


def test_without_the_ray_extra_the_engine_says_how_to_install_it(tmp_path, good):
    """``sys.modules["ray"] = None`` hides the installed Ray, as on a machine without it."""
    corpus = write_corpus(tmp_path / "c.jsonl", [good[0]])
    code = (
        "import sys; sys.modules['ray'] = None; from drift.cli import main; "
        f"sys.exit(main(['batch', {str(corpus)!r}, '-o', {str(tmp_path / 'out')!r}, '--engine', 'ray']))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ['drift: error [E300] the Ray engine needs Ray: pip install "drift[ray]"']
    assert not (tmp_path / "out").exists()
