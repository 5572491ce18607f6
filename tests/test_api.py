"""The front door, used as a notebook would: ``import drift`` and nothing else."""

from __future__ import annotations

import copy
import json
import pickle
import subprocess
import sys

import pytest

import drift
from drift.errors import ConfigError
from drift.ingest import example_story_path


def test_import_drift_is_light_and_lists_the_front_door():
    code = "import sys, drift; print(sorted(m for m in ('torch', 'transformers', 'datasets', 'drift.pipeline') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert {"analyze", "compare", "compare_many", "load_story", "load_report", "encode", "AnalysisConfig",
            "run_batch"} <= set(drift.__all__)
    assert "annotations" not in dir(drift)
    assert all(getattr(drift, name) is not None for name in drift.__all__)


def test_notebook_session_end_to_end(tmp_path, encoder):
    story = drift.load_story(example_story_path())
    report = drift.analyze(story, drift.AnalysisConfig(metrics=("chrf",)), encoder=encoder)
    assert len(repr(report)) < 400
    from drift.export import to_pandas

    table = to_pandas(report, "pairs")
    assert len(table) == len(report.pairs) and {"drift", "label"} <= set(table.columns)
    assert pickle.loads(pickle.dumps(report)) == report
    assert copy.deepcopy(story) == story
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report.to_dict()), encoding="utf-8")
    again = drift.load_report(path)
    assert again.to_dict() == report.to_dict()
    top = max(again.pairs, key=lambda p: p.drift)
    assert top.label in ("nuance", "changed", "unrelated") and top.a.text

    pairs = drift.compare_many(
        ["Kim left on Sunday evening.", "The talks lasted four hours."],
        ["Kim left on a Sunday afternoon.", "Les entretiens ont duré quatre heures."],
        progress=False, batch_size=1,
    )
    assert [p.unit for p in pairs] == [0, 1]
    assert pairs[0].label == "changed" and "time" in {d.type for d in pairs[0].differences}
    assert pairs[1].score.metrics.chrf is None  # English against French: no lexical metrics


def test_compare_many_takes_pairs_of_two_or_four_and_pandas_columns():
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame({"src": ["Kim left.", "It rained."], "tgt": ["Kim went.", "It rained."]})
    by_columns = drift.compare_many(frame["src"], frame["tgt"], lang_a="en", lang_b="en", progress=False)
    by_tuples = drift.compare_many([("Kim left.", "Kim went.", "en", "en"), ("It rained.", "It rained.")],
                                   lang_a="en", lang_b="en", progress=False)
    assert [p.to_dict() for p in by_columns] == [p.to_dict() for p in by_tuples]
    assert by_columns[1].score.metrics.chrf == 100.0


@pytest.mark.parametrize("args, message", [
    (([("only one",)],), "item 0 is tuple of 1 values"),
    ((["a", "b"], ["c"]), "2 texts a and 1 texts b"),
    (([("a", None)],), "text b is NoneType"),
    ((["Kim left."], ["  "]), "item 0: text b is empty; expected a sentence"),
    (("abc", "def"), "two sequences of texts, got a string; for one pair use compare"),
])
def test_compare_many_names_the_bad_item(args, message):
    with pytest.raises(ConfigError, match=message):
        drift.compare_many(*args, progress=False)


def test_encode_takes_batch_size_progress_and_device(encoder):
    texts = ["Le président est arrivé.", "The president arrived.", "Der Präsident ist angekommen."]
    one = drift.encode(texts, batch_size=1, progress=False, device="cpu")
    assert one.shape == (3, encoder.dim)
    with pytest.raises(ConfigError, match="batch_size"):
        encoder.encode_sentences(["never seen before, so it is encoded"], batch_size=0)
    with pytest.raises(ConfigError, match="device"):
        drift.encode(texts, device="no-such-device")


def test_all_names_what_the_module_exports():
    assert sorted(drift.__all__) == sorted(["__version__", *drift._EXPORTS])


def _wrong(call):
    """The coded error ``call`` raises (a bare TypeError or AttributeError fails the test)."""
    from drift.errors import DriftError

    with pytest.raises(DriftError) as caught:
        call()
    return caught.value.one_line()


def test_the_front_door_names_wrong_types_in_coded_errors(encoder):
    from drift.export import to_dataset_dict
    from drift.ingest import iter_dataset, story_from_texts

    story = drift.load_example()
    expected = {
        "[E300] expected the path of a story folder or a .jsonl file, got dict; for texts in memory use drift.ingest.story_from_texts":
            lambda: drift.analyze({"a": "text"}),
        "[E300] expected the path of a story folder or a .jsonl file, got NoneType; for texts in memory use drift.ingest.story_from_texts":
            lambda: drift.load_story(None),
        "[E300] config must be an AnalysisConfig, got str 'free'": lambda: drift.analyze(story, "free"),
        "[E300] metrics must be a sequence of names such as ('chrf', 'bleu'), got the string 'chrf'":
            lambda: drift.AnalysisConfig(metrics="chrf"),
        "[E300] texts must be strings, got NoneType": lambda: drift.encode(["a", None]),
        "[E300] texts must be a mapping of version id to text or a list of texts, got str": lambda: story_from_texts("abc"),
        "[E300] languages must be one code, a mapping by version id or a list of 2 codes (one per text), got list of 1":
            lambda: story_from_texts(["Il a plu.", "It rained."], languages=["fr"]),
        "[E300] expected a corpus path, a dataset or an iterable of story mappings, got int":
            lambda: drift.run_batch(5, "never-made", workers=1),
        "[E300] expected a report, report dicts or a sequence of them, got int": lambda: to_dataset_dict(5),
        "[E300] expected reports or report dicts, got str": lambda: to_dataset_dict(["report.json"]),
        "[E300] expected a dataset or an iterable of story rows, got NoneType": lambda: list(iter_dataset(None)),
    }
    assert [_wrong(call) for call in expected.values()] == list(expected)


def test_a_scripts_collector_and_blas_settings_are_its_own_again_after_a_run(encoder):
    import gc

    from threadpoolctl import threadpool_info

    from drift.runtime import RUN_THRESHOLD, pipeline_runtime

    def blas_threads():
        return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]

    before, threads = gc.get_threshold(), blas_threads()
    gc.set_threshold(1234, 5, 6)
    try:
        drift.analyze(drift.load_story(example_story_path()), drift.AnalysisConfig(metrics=()), encoder=encoder)
        assert gc.get_threshold() == (1234, 5, 6)
        with pytest.raises(KeyError):
            with pipeline_runtime():
                assert gc.get_threshold() == (RUN_THRESHOLD, 5, 6)
                assert set(blas_threads()) <= {1}
                raise KeyError("a failure inside a run")
        assert gc.get_threshold() == (1234, 5, 6)
        assert blas_threads() == threads
    finally:
        gc.set_threshold(*before)


def test_runs_in_two_threads_leave_the_settings_as_they_found_them():
    """One run ends while another goes on: the settings stay until the last one ends."""
    import gc
    import threading

    from drift.runtime import RUN_THRESHOLD, pipeline_runtime

    before = gc.get_threshold()
    gc.set_threshold(1234, 5, 6)
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def first():
        with pipeline_runtime():
            first_in.set()
            second_in.wait(10)
        first_out.set()

    def second():
        first_in.wait(10)
        with pipeline_runtime():
            second_in.set()
            first_out.wait(10)
            seen["after the first ended"] = gc.get_threshold()

    try:
        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
        assert seen["after the first ended"] == (RUN_THRESHOLD, 5, 6)
        assert gc.get_threshold() == (1234, 5, 6)
    finally:
        gc.set_threshold(*before)
