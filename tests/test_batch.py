"""Corpus mode: reports per story, contained failures, resumable reruns, worker processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drift.batch import (
    CORPUS_METRICS,
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
    """Three short stories of two or three versions, taken from the example story."""
    a, b, c = sentences["v000"], sentences["v001"], sentences["v004"]
    return [
        story("alpha", " ".join(a[:3]), " ".join(b[:3])),
        story("beta/2", " ".join(b[3:6]), " ".join(c[3:6]), " ".join(a[4:6])),
        story("gamma", " ".join(c[:3]), " ".join(a[:2])),
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
    summary = run_batch(corpus, folder / "out", workers=1, progress=False, export=False)
    return corpus, folder / "out", summary


def test_reports_are_written_per_story_under_safe_names(mixed_run, good):
    _, out, summary = mixed_run
    names = sorted(p.name for p in (out / REPORTS_DIR).iterdir())
    assert names == sorted(["alpha.json", f"{safe_name('beta/2')}.json", "gamma.json"])
    assert safe_name("beta/2").startswith("beta_2-")
    jsonschema = pytest.importorskip("jsonschema")
    from drift.report.json import schema

    for record in good:
        report = json.loads((out / REPORTS_DIR / f"{safe_name(record['id'])}.json").read_text("utf-8"))
        jsonschema.validate(report, schema())
        assert report["story"]["id"] == record["id"]
        assert [v["id"] for v in report["versions"]] == [v["id"] for v in record["versions"]]
        assert report["input_sha256"] == input_sha256(record, config_key(AnalysisConfig(metrics=CORPUS_METRICS), None))
        assert report["units"] and report["pairs"]
        # Corpus mode leaves TER out unless asked, and the signature says so.
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
        assert report.pairs[0].label is not None and "en" in report.metric_signatures


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
    summary = run_batch(corpus, out, workers=1, progress=True, export=False)
    assert "7/7" not in capsys.readouterr().err  # stderr is no terminal here: no bar
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    summary = run_batch(corpus, out, workers=1, progress=True, export=False)
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
    summary = run_batch(edited, copy, workers=1, progress=False, export=False)
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
    datasets = pytest.importorskip("datasets")
    _, out, _ = mixed_run
    saved = tmp_path / "ds"
    datasets.Dataset.from_list(good).save_to_disk(str(saved))
    copy = tmp_path / "out"
    import shutil

    shutil.copytree(out, copy)
    summary = run_batch(saved, copy, workers=1, hf_dataset=True, progress=False, export=False)
    # The same stories as the JSONL corpus: already analysed, so all skipped.
    assert (summary.done, summary.skipped, summary.failed) == (0, 3, 0)
    with pytest.raises(InputError, match="hf-dataset"):
        run_batch(saved, copy, workers=1, progress=False, export=False)


def test_two_worker_processes_give_the_same_reports(tmp_path, good, mixed_run):
    _, out, _ = mixed_run
    corpus = write_corpus(tmp_path / "two.jsonl", good[:2])
    summary = run_batch(corpus, tmp_path / "out", workers=2, progress=False, export=False)
    assert (summary.done, summary.failed) == (2, 0)
    pooled = {r["story"]["id"]: r for r in iter_reports(tmp_path / "out")}
    alone = {r["story"]["id"]: r for r in iter_reports(out)}
    for story_id in ("alpha", "beta/2"):
        assert pooled[story_id]["units"] == alone[story_id]["units"]
        assert pooled[story_id]["signature"] == alone[story_id]["signature"]
    assert leftovers(tmp_path / "out") == []


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
