"""Corpus mode: reports per story, contained failures, resumable reruns, worker processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drift.batch import (
    ERRORS_NAME,
    REPORTS_DIR,
    SUMMARY_NAME,
    _Names,
    config_key,
    input_sha256,
    iter_reports,
    run_batch,
    safe_name,
)
from drift.errors import ConfigError, InputError
from drift.ingest import load_example
from drift.pipeline import AnalysisConfig
from drift.segment import segment


@pytest.fixture(scope="module")
def sentences() -> dict[str, list[str]]:
    """The example story's content sentences, per version."""
    story = segment(load_example())
    return {v.id: [s.text for s in v.content_sentences] for v in story.versions}


def story(story_id: str, *texts: str) -> dict:
    return {"id": story_id, "versions": [
        {"id": f"v{i}", "text": text, "language": "en"} for i, text in enumerate(texts)
    ]}


@pytest.fixture(scope="module")
def good(sentences) -> list[dict]:
    """Three short stories of two or three versions, taken from the example story; each
    last version repeats a sentence of the first, so the story aligner has a unit to find
    (sentences of different facts are rightly left alone)."""
    a, b, c = sentences["v000"], sentences["v001"], sentences["v004"]
    return [
        story("alpha", " ".join(a[:3]), " ".join(b[:3])),
        story("beta/2", " ".join(b[3:6]), " ".join(c[3:6]), " ".join([*a[4:6], b[4]])),
        story("gamma", " ".join(c[:3]), " ".join([*a[:2], c[1]])),
    ]


def write_corpus(path: Path, lines: list[dict | bytes]) -> Path:
    with path.open("wb") as handle:
        for line in lines:
            handle.write(line if isinstance(line, bytes) else json.dumps(line).encode("utf-8"))
            handle.write(b"\n")
    return path


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every report's modification time and bytes."""
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted((folder / REPORTS_DIR).iterdir())}


def leftovers(folder: Path) -> list[str]:
    """Temporary files or folders a run left behind (hidden or ``*.tmp``)."""
    return [str(p) for p in folder.rglob("*") if p.name.startswith(".") or p.name.endswith(".tmp")]


def errors(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / ERRORS_NAME).read_text(encoding="utf-8").splitlines()]


# These two-sentence excerpts of different versions pair up as beads; the story aligner
# (the default) leaves their sentences alone, and these tests need pairs to check.
BEADS = AnalysisConfig(align_mode="auto")


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory, good, encoder):
    """One run over three good stories and four bad lines; later tests rerun copies of it."""
    folder = tmp_path_factory.mktemp("batch")
    corpus = write_corpus(folder / "corpus.jsonl", [
        good[0],
        story("lonely", "Only one version here."),  # line 2: too few versions
        good[1],
        b'{"id": "broken", "versions": [',  # line 4: malformed JSON
        story("hollow", "A real sentence.", "   \n  "),  # line 5: an empty version
        b"\xff\xfe not utf-8",  # line 6: not UTF-8
        good[2],
    ])
    summary = run_batch(corpus, folder / "out", workers=1, progress=False, export=False, config=BEADS)
    return corpus, folder / "out", summary


def test_reports_are_written_per_story_under_safe_names(mixed_run, good):
    _, out, summary = mixed_run
    names = sorted(p.name for p in (out / REPORTS_DIR).iterdir())
    assert names == sorted(["alpha.json", f"{safe_name('beta/2')}.json", "gamma.json"])
    assert safe_name("beta/2").startswith("beta_2-")
    import jsonschema
    from drift.report.json import schema

    for record in good:
        report = json.loads((out / REPORTS_DIR / f"{safe_name(record['id'])}.json").read_text("utf-8"))
        jsonschema.validate(report, schema())
        assert report["story"]["id"] == record["id"]
        assert [v["id"] for v in report["versions"]] == [v["id"] for v in record["versions"]]
        assert report["input_sha256"] == input_sha256(record, config_key(BEADS, None))
        assert report["units"] and report["pairs"]
        # TER runs only when named, and the signature names the metrics that ran.
        assert report["signature"].endswith("|metrics:chrf+bleu")
        assert all(p["metrics"]["ter"] is None and p["metrics"]["chrf"] is not None for p in report["pairs"])
    assert (summary.done, summary.skipped, summary.failed, summary.total) == (3, 0, 4, 7)
    content = [s for r in iter_reports(out) for v in r["versions"] for s in v["sentences"] if not s["boilerplate"]]
    assert summary.sentences == len(content) >= 15
    assert 0 < summary.encode_seconds <= summary.analyze_seconds <= summary.seconds
    assert "4 failed" in summary.one_line() and ERRORS_NAME in summary.one_line()


def test_batch_reports_load_back_as_reports(mixed_run):
    from drift.report.json import load_report

    _, out, _ = mixed_run
    for path in sorted((out / REPORTS_DIR).iterdir()):
        saved = json.loads(path.read_text(encoding="utf-8"))
        report = load_report(path)
        assert report.to_dict() == {k: v for k, v in saved.items() if k != "input_sha256"}
        assert all(p.label is not None for p in report.pairs)


def test_failures_go_to_the_error_log_with_id_or_line_and_the_batch_goes_on(mixed_run):
    _, out, _ = mixed_run
    logged = errors(out)
    assert [(e["id"], e["line"]) for e in logged] == [("lonely", 2), (None, 4), ("hollow", 5), (None, 6)]
    reasons = [e["reason"] for e in logged]
    assert reasons[0].startswith("[E104]") and "1 version(s)" in reasons[0]
    assert reasons[1].startswith("[E103]") and "malformed JSON" in reasons[1] and ":4:" in reasons[1]
    assert reasons[2].startswith("[E100]") and "empty" in reasons[2]
    assert reasons[3].startswith("[E103]") and "not valid UTF-8" in reasons[3]
    assert all("\n" not in r for r in reasons)
    summary = json.loads((out / SUMMARY_NAME).read_text("utf-8"))
    assert (summary["done"], summary["failed"]) == (3, 4)
    assert leftovers(out) == []


def test_rerun_skips_finished_stories_without_touching_them(mixed_run, capsys, monkeypatch):
    import io
    import sys

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    corpus, out, _ = mixed_run
    before = snapshot(out)
    summary = run_batch(corpus, out, workers=1, progress=True, export=False, config=BEADS)
    assert "7/7" not in capsys.readouterr().err  # stderr is no terminal here: no bar
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    summary = run_batch(corpus, out, workers=1, progress=True, export=False, config=BEADS)
    assert (summary.done, summary.skipped, summary.failed) == (0, 3, 4)
    assert snapshot(out) == before
    assert len(errors(out)) == 4  # the bad stories are tried again and logged again
    assert "7/7" in terminal.getvalue()  # the progress bar, on a terminal, knew the total
    assert leftovers(out) == []


def test_changed_or_missing_reports_are_redone_and_only_those(mixed_run, good, tmp_path):
    corpus, out, _ = mixed_run
    import shutil

    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    changed = dict(good[2], versions=[dict(good[2]["versions"][0], text="Kim Jong Un went to Russia by train.")]
                   + good[2]["versions"][1:])
    edited = write_corpus(tmp_path / "edited.jsonl", [good[0], good[1], changed])
    (copy / REPORTS_DIR / "alpha.json").unlink()  # as if the run had stopped before alpha
    before = snapshot(copy)
    summary = run_batch(edited, copy, workers=1, progress=False, export=False, config=BEADS)
    after = snapshot(copy)
    assert (summary.done, summary.skipped, summary.failed) == (2, 1, 0)
    beta = f"{safe_name('beta/2')}.json"
    assert after[beta] == before[beta]
    assert after["gamma.json"] != before["gamma.json"]
    gamma = json.loads(after["gamma.json"][1])
    assert gamma["versions"][0]["sentences"][0]["text"] == "Kim Jong Un went to Russia by train."
    assert "alpha.json" in after
    assert errors(copy) == []
    assert leftovers(copy) == []


def test_a_changed_config_redoes_every_story(mixed_run, tmp_path, good):
    corpus = write_corpus(tmp_path / "one.jsonl", [good[0]])
    key = config_key(AnalysisConfig(), None)
    assert input_sha256(good[0], key) != input_sha256(good[0], config_key(AnalysisConfig(align_mode="free"), None))
    assert input_sha256(good[0], key) != input_sha256(good[0], config_key(AnalysisConfig(), "en"))
    # A null field (as a dataset row has for a missing key) hashes like the missing key.
    assert input_sha256(dict(good[0], title=None), key) == input_sha256(good[0], key)
    out = tmp_path / "out"
    run_batch(corpus, out, workers=1, progress=False, export=False)
    summary = run_batch(corpus, out, workers=1, progress=False, export=False,
                        config=AnalysisConfig(align_mode="free"))
    assert (summary.done, summary.skipped) == (1, 0)
    assert json.loads((out / REPORTS_DIR / "alpha.json").read_text("utf-8"))["signature"].split("|").count("align:free") == 1


def test_rows_of_a_dataset_saved_to_disk(tmp_path, good, mixed_run):
    import datasets
    _, out, _ = mixed_run
    saved = tmp_path / "ds"
    datasets.Dataset.from_list(good).save_to_disk(str(saved))
    copy = tmp_path / "out"
    import shutil

    shutil.copytree(out, copy)
    summary = run_batch(saved, copy, workers=1, hf_dataset=True, progress=False, export=False, config=BEADS)
    # The same stories as the JSONL corpus: already analysed, so all skipped.
    assert (summary.done, summary.skipped, summary.failed) == (0, 3, 0)
    with pytest.raises(InputError, match="hf-dataset"):
        run_batch(saved, copy, workers=1, progress=False, export=False)


def _files(folder: Path) -> dict[str, bytes]:
    """Every report and export file of a batch folder by relative path (batch.json aside:
    it records the run's timing)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*")) if p.is_file() and p.name != SUMMARY_NAME
    }


def test_reports_and_exports_are_byte_identical_across_workers_and_resumed_runs(tmp_path, good, mixed_run):
    # One worker runs in this process, whose encoder has already cached vectors from other
    # tests' batches; two workers start fresh; the resumed run analyses only what is left.
    corpus = write_corpus(tmp_path / "corpus.jsonl", good)
    one, two, resumed = tmp_path / "one", tmp_path / "two", tmp_path / "resumed"
    run_batch(corpus, one, workers=1, progress=False, config=BEADS)
    summary = run_batch(corpus, two, workers=2, progress=False, config=BEADS)
    assert (summary.done, summary.failed) == (3, 0)
    first = write_corpus(tmp_path / "first.jsonl", good[1:2])
    run_batch(first, resumed, workers=1, progress=False, export=False, config=BEADS)
    summary = run_batch(corpus, resumed, workers=2, progress=False, config=BEADS)
    assert (summary.done, summary.skipped) == (2, 1)
    expected = _files(one)
    assert any(name.startswith("hf") for name in expected) and len(expected) > 3
    assert all(r["pairs"] for r in iter_reports(one))  # word scores, the most sensitive figures
    assert _files(two) == expected
    assert _files(resumed) == expected
    assert leftovers(two) == [] and leftovers(resumed) == []


@pytest.mark.parametrize("story_id, name", [
    ("kim-putin-2023", "kim-putin-2023"),
    ("A.b_c-1", "A.b_c-1"),
    ("beta/2", "beta_2-"),
    ("..", "_.-"),
    ("", "story-"),
    ("Kim Jong-un à Moscou", "Kim_Jong-un___Moscou-"),
])
def test_safe_names_keep_plain_ids_and_mark_changed_ones_with_a_hash(story_id, name):
    made = safe_name(story_id)
    if name.endswith("-"):
        assert made.startswith(name) and len(made) == len(name) + 10
    else:
        assert made == name


def test_names_never_collide_and_duplicate_ids_are_refused():
    names = _Names()
    assert names.assign("Story", "line 1") == "Story"
    lower = names.assign("story", "line 2")  # the same file on a case-insensitive system
    assert lower.startswith("story-") and lower != "Story"
    long_ids = ["x" * 120 + "a", "x" * 120 + "b"]
    assert len({names.assign(i, "line") for i in long_ids}) == 2
    with pytest.raises(InputError, match="appears twice"):
        names.assign("Story", "line 9")


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(ConfigError, match="workers"):
        run_batch(tmp_path / "x.jsonl", tmp_path / "out", workers=0)
    with pytest.raises(InputError, match="no such file"):
        run_batch(tmp_path / "missing.jsonl", tmp_path / "out", workers=1, progress=False)


@pytest.mark.parametrize("command", ["batch", "export"])
def test_an_empty_corpus_is_refused_and_makes_no_folder(tmp_path, capsys, command):
    from drift.cli import EXIT_INPUT, main

    corpus = tmp_path / "empty.jsonl"
    corpus.write_text("\n  \n", encoding="utf-8")
    assert main([command, str(corpus), "-o", str(tmp_path / "out"), "--no-progress"]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert err == f"drift: error [E100] {corpus}: holds no stories\n"
    assert [p.name for p in tmp_path.iterdir()] == ["empty.jsonl"]


@pytest.mark.parametrize("name, make, message", [
    ("reports", Path.touch, "is a file; expected a folder"),
    ("hf", Path.touch, "is a file; expected a folder"),
    ("errors.jsonl", Path.mkdir, "is a folder; expected a file path"),
])
def test_a_batch_folder_whose_names_are_taken_is_refused_before_any_work(tmp_path, capsys, good, name, make, message):
    """They were internal errors at the run's end (FileExistsError, IsADirectoryError,
    NotADirectoryError after every story was analysed), one leaving a temporary file."""
    from drift.cli import EXIT_INPUT, main

    corpus = write_corpus(tmp_path / "c.jsonl", good[:1])
    out = tmp_path / "out"
    out.mkdir()
    make(out / name)
    assert main(["batch", str(corpus), "-o", str(out), "--workers", "1", "--no-progress"]) == EXIT_INPUT
    assert capsys.readouterr().err == f"drift: error [E400] {out / name}: {message}\n"
    assert [p.name for p in out.iterdir()] == [name]


def test_a_batch_hf_folder_of_other_files_is_refused_before_any_work(tmp_path, capsys, good):
    """The export replaces OUT/hf whole: a user's files there are not deleted."""
    from drift.cli import EXIT_INPUT, main

    corpus = write_corpus(tmp_path / "c.jsonl", good[:1])
    (tmp_path / "out" / "hf").mkdir(parents=True)
    (tmp_path / "out" / "hf" / "notes.txt").write_text("keep me", encoding="utf-8")
    assert main(["batch", str(corpus), "-o", str(tmp_path / "out"), "--workers", "1", "--no-progress"]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert err.startswith(f"drift: error [E400] {tmp_path / 'out' / 'hf'}: is a folder that holds other files"), err
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["hf"]
    assert (tmp_path / "out" / "hf" / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_more_workers_than_cores_run_as_many_as_there_are_cores(tmp_path, capsys, good):
    """Each worker loads its own model: a slip such as --workers 1000 would exhaust memory."""
    import os

    from drift.cli import main

    corpus = write_corpus(tmp_path / "c.jsonl", good[:1])
    assert main(["batch", str(corpus), "-o", str(tmp_path / "out"), "--workers", "1000", "--no-progress", "--no-export"]) == 0
    cores = os.cpu_count()
    assert capsys.readouterr().err.splitlines() == [
        f"drift: WARNING: 1000 workers asked for, but this machine has {cores} CPU cores; running {cores}",
        "drift: 1 stories: 1 analysed, 0 skipped (unchanged), 0 failed",
    ]


def test_a_corpus_whose_every_story_fails_is_summarised_not_exported(tmp_path, capsys):
    """No report, no dataset: batch ends with its summary and errors.jsonl (exit 1); export
    names the first story's error and leaves nothing, not even the folders it made above
    its output."""
    from drift.cli import EXIT_INPUT, main

    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "s", "versions": [{"text": "Kim left.", "language": "en"}]}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(corpus), "-o", str(out), "--workers", "1", "--no-progress"]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert err == f"drift: 1 stories: 0 analysed, 0 skipped (unchanged), 1 failed (see {out / 'errors.jsonl'})\n"
    assert sorted(p.name for p in out.iterdir()) == ["batch.json", "errors.jsonl", "reports"]
    assert "has 1 version(s)" in json.loads((out / "errors.jsonl").read_text(encoding="utf-8"))["reason"]
    assert main(["export", str(corpus), "-o", str(tmp_path / "new" / "hf"), "--no-progress"]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert err == (
        f"drift: error [E100] {corpus}: no story could be analysed (1 failed; the first: "
        f"[E104] {corpus}:1: story 's' has 1 version(s); drift compares two or more)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl", "out"]


# -- interrupted runs: a real `drift batch` process, stopped with SIGTERM or killed ---------------


def _children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (read from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pids: set[int]) -> set[int]:
    """The pids that still run (a zombie has ended)."""
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _wait_for(condition, seconds: float) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_a_stopped_batch_leaves_no_worker_and_a_rerun_completes(tmp_path, good, how):
    import os
    import signal
    import subprocess
    import sys

    corpus = write_corpus(tmp_path / "corpus.jsonl", [*good, b'{"id": "broken", "versions": ['])
    out = tmp_path / "out"
    command = [sys.executable, "-m", "drift.cli", "batch", str(corpus), "-o", str(out), "--no-progress", "--no-export"]
    parent = subprocess.Popen([*command, "--workers", "2"], stderr=subprocess.PIPE, text=True)
    try:
        # the workers exist once the first story is handed to the pool
        assert _wait_for(lambda: len(_children(parent.pid)) >= 2, 120), "no workers started"
        children = _children(parent.pid)
        parent.send_signal(getattr(signal, how))
        status = parent.wait(timeout=120)
    finally:
        parent.kill()
    stderr = parent.stderr.read()
    if how == "SIGTERM":
        assert status == 143, stderr
        assert "drift: interrupted; kept " in stderr and "rerun the same command to resume" in stderr, stderr
        assert "Traceback" not in stderr
    else:
        assert status == -signal.SIGKILL
    assert _wait_for(lambda: not _alive(children), 30), f"workers still running: {_alive(children)}"
    rerun = subprocess.run([*command, "--workers", "1"], capture_output=True, text=True, timeout=600, env=os.environ)
    assert rerun.returncode == 1, rerun.stderr  # the broken line fails again; the rest is analysed
    assert "4 stories: " in rerun.stderr and "1 failed" in rerun.stderr, rerun.stderr
    assert len(list((out / REPORTS_DIR).glob("*.json"))) == 3
    assert leftovers(out) == []  # the killed run's temporary error log is gone


def test_an_interrupted_corpus_export_keeps_nothing_and_says_so(tmp_path, good):
    """Ctrl-C during `drift export CORPUS`: its working folder of reports is removed, so
    the message must not offer to resume from it (it did: 'kept 1 finished report(s)
    in .out.x.batch/reports ... rerun the same command to resume')."""
    import signal
    import subprocess
    import sys

    # every copy says something new, so that no story is all cached sentences, and there are
    # enough of them for the run to outlast the signal: 60 cached copies all finished before
    # it on an AVX512-BF16 machine (exit 0), and 60 new ones took about a second
    copies = [
        {"id": f"{s['id']}-{i}", "versions": [{**v, "text": f"{v['text']} Copy {i} went to {s['id']}."} for v in s["versions"]]}
        for i in range(100)
        for s in good
    ]
    corpus = write_corpus(tmp_path / "corpus.jsonl", copies)
    out = tmp_path / "out"
    # Python leaves SIGINT ignored when it starts with it ignored, as the test runner does
    # when a shell without job control started it in the background (`cmd &`); the run
    # then finished and exited 0. Ctrl-C reaches a terminal's foreground job, so the child
    # starts as one would: with Python's KeyboardInterrupt handler.
    bootstrap = (
        "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "runpy.run_module('drift.cli', run_name='__main__', alter_sys=True)"
    )
    command = [sys.executable, "-c", bootstrap, "export", str(corpus), "-o", str(out), "--no-progress"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        assert _wait_for(lambda: any(tmp_path.glob(".out.*.batch/reports/*.json")), 300), "no report was written"
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=120)
    finally:
        process.kill()
    stderr = process.stderr.read()
    assert status == 130, stderr
    assert stderr == "drift: interrupted; no partial output was kept\n"
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.jsonl"]
