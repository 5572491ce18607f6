"""The command line: bad input gives one line on stderr, a non-zero exit, and no output file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from drift.cli import EXIT_INPUT, main

EN = "Kim Jong Un arrived in Russia on Tuesday for talks with Vladimir Putin."
FR = "Le dirigeant nord-coréen est arrivé mardi en Russie pour rencontrer Vladimir Poutine."


def story_folder(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    folder = tmp_path / "story"
    folder.mkdir()
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return folder


BAD_INPUTS = [
    ({"a.txt": EN, "b.txt": "  \n"}, "version 'b' is empty"),
    ({"a.txt": EN, "b.txt": b"\x00\x01\x02binary"}, "binary file"),
    ({"a.txt": EN}, "has 1 version(s)"),
    ({"a.txt": EN, "b.txt": FR, "story.toml": '[[versions]]\nfile = "a.txt"\n[[versions]]\nfile = "c.txt"\n'},
     "names a missing file 'c.txt'"),
    ({"a.txt": EN, "b.txt": FR, "story.toml": '[[versions]]\nfile = "a.txt"\nlanguage = "klingon"\n'
      '[[versions]]\nfile = "b.txt"\n'}, "unknown language code 'klingon'"),
    # manifest values of the wrong type, and keys that are names of drift's own arguments
    ({"a.txt": EN, "b.txt": FR, "story.toml": '[[versions]]\nfile = "a.txt"\nlanguage = 3\n'
      '[[versions]]\nfile = "b.txt"\n'}, "a.txt: language must be a code such as en, fr, nl; got 3 (int)"),
    ({"a.txt": EN, "b.txt": FR, "story.toml": '[[versions]]\nfile = "a.txt"\nmetadata = [1, 2]\n'
      '[[versions]]\nfile = "b.txt"\n'}, "a.txt: version 'a': 'metadata' must be a table of keys and values"),
    ({"a.txt": EN, "b.txt": FR, "story.toml": '[[versions]]\nfile = "a.txt"\nurl = ["x"]\n'
      '[[versions]]\nfile = "b.txt"\n'}, "a.txt: version 'a': 'url' must be a single value, got list"),
    ({"a.txt": EN, "b.txt": FR, "story.toml": 'title = ["a"]\n'}, "story: story 'story': 'title' must be a string"),
    ({"a.txt": EN, "b.txt": FR, "story.toml": '[[versions]]\nfile = "a.txt"\nid = ""\n[[versions]]\nfile = "b.txt"\n'},
     "a.txt: version id must be a non-empty string, got ''"),
    ({"a.txt": EN, "b.txt": FR, "story.toml": 'title = "caf\xe9"\n'.encode("latin-1")},
     "story.toml: not valid UTF-8 (byte 0xe9 at offset 12); TOML files are UTF-8"),
]


@pytest.mark.parametrize("files, message", BAD_INPUTS)
def test_bad_story_gives_one_line_error_and_no_output(tmp_path, capsys, files, message):
    folder = story_folder(tmp_path, files)
    out = tmp_path / "out.json"
    status = main(["segment", str(folder), "--format", "json", "-o", str(out)])
    err = capsys.readouterr().err
    assert status == EXIT_INPUT
    assert message in err
    assert err.startswith("drift: error [E1")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [folder]  # no temporary files left behind


VERSIONS = [{"id": "a", "text": EN}, {"id": "b", "text": FR}]
BAD_RECORDS = [
    ({"id": None, "versions": VERSIONS}, "E100", "story id must be a non-empty string, got None"),
    ({"id": {"a": 1}, "versions": VERSIONS}, "E100", "story id must be a non-empty string, got {'a': 1}"),
    ({"id": "s", "title": 5, "versions": VERSIONS}, "E100", "story 's': 'title' must be a string, got int"),
    ({"id": "s", "versions": [{"text": EN, "language": 5}, VERSIONS[1]]}, "E105", "language must be a code"),
    ({"id": "s", "versions": [{"text": EN, "metadata": 5}, VERSIONS[1]]}, "E100", "version 'v0': 'metadata' must be a table"),
    ({"id": "s", "versions": [{"text": EN, "published": {"y": 2023}}, VERSIONS[1]]}, "E100",
     "version 'v0': 'published' must be a single value, got dict"),
]


@pytest.mark.parametrize("record, code, message", BAD_RECORDS)
def test_a_corpus_field_of_the_wrong_type_names_its_line(tmp_path, capsys, record, code, message):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n" + json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["segment", str(corpus), "-o", str(out)]) == EXIT_INPUT
    assert f"{corpus}:2: {message}" in _one_error_line(capsys, code)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl"]


@pytest.mark.parametrize("extra", [{"where": "x"}, {"source": "y"}, {"version_id": 3}, {"text_b": 1}])
def test_record_keys_named_like_drifts_arguments_go_to_metadata(tmp_path, capsys, extra):
    """Unknown version keys are metadata, even those spelled like make_version's arguments."""
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "s", "versions": [{**VERSIONS[0], **extra}, VERSIONS[1]]}) + "\n", encoding="utf-8")
    assert main(["segment", str(corpus), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["versions"][0]["metadata"] == extra


def test_a_corpus_version_over_the_size_limit_is_refused_as_a_file_is(tmp_path, capsys):
    from drift.ingest import MAX_VERSION_BYTES

    corpus = tmp_path / "c.jsonl"
    big = "Kim arrived. " * (MAX_VERSION_BYTES // 13 + 1)
    corpus.write_text(json.dumps({"id": "s", "versions": [VERSIONS[0], {"text": big}]}) + "\n", encoding="utf-8")
    assert main(["segment", str(corpus), "-o", str(tmp_path / "out.json")]) == EXIT_INPUT
    assert _one_error_line(capsys, "E100") == (
        f"drift: error [E100] {corpus}:1: version #1's text is {len(big):,} bytes, "
        f"over the limit of {MAX_VERSION_BYTES:,} for one version\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["c.jsonl"]


def test_nan_in_a_corpus_line_is_not_json(tmp_path, capsys):
    """Python reads NaN, JSON has none: it would come out of the report as invalid JSON."""
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "s", "score": NaN, "versions": %s}\n' % json.dumps(VERSIONS), encoding="utf-8")
    assert main(["segment", str(corpus)]) == EXIT_INPUT
    assert f"{corpus}:1: malformed JSON (NaN is not a JSON value)" in _one_error_line(capsys, "E103")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_text_not_binary(tmp_path, capsys, encoding):
    """Decoded with a warning as other files that are not UTF-8 are; refused with
    --strict-encoding, naming the encoding (it was called a binary file)."""
    folder = story_folder(tmp_path, {"a.txt": EN, "b.txt": FR.encode(encoding)})
    assert main(["segment", str(folder), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["versions"][1]["text"] == FR
    assert captured.err == f"drift: WARNING: {folder / 'b.txt'}: not valid UTF-8, decoded as {encoding} (it has no byte-order mark)\n"
    out = tmp_path / "out.json"
    assert main(["segment", str(folder), "--strict-encoding", "-o", str(out)]) == EXIT_INPUT
    err = _one_error_line(capsys, "E101")
    assert f"{folder / 'b.txt'}: {encoding.upper()} without a byte-order mark, not UTF-8; re-encode it as UTF-8" in err
    assert not out.exists()


def test_a_folder_where_a_version_file_goes_is_named(tmp_path, capsys):
    folder = story_folder(tmp_path, {"b.txt": EN, "c.txt": FR})
    (folder / "a.txt").mkdir()
    assert main(["segment", str(folder)]) == EXIT_INPUT
    assert _one_error_line(capsys, "E100") == f"drift: error [E100] {folder / 'a.txt'}: is a folder; expected a version's text file\n"
    (folder / "story.toml").write_text('[[versions]]\nfile = "a.txt"\n[[versions]]\nfile = "b.txt"\n', encoding="utf-8")
    assert main(["segment", str(folder)]) == EXIT_INPUT
    assert f"{folder / 'story.toml'}: names a folder 'a.txt'" in _one_error_line(capsys, "E102")


@pytest.mark.parametrize("make, kind", [
    (lambda path: path.symlink_to("nowhere.txt"), "a broken or looping link"),
    (lambda path: path.symlink_to(path.name), "a broken or looping link"),
    (lambda path: __import__("os").mkfifo(path), "a pipe or device"),  # reading it would block forever
])
def test_a_version_name_that_is_no_file_is_named(tmp_path, capsys, make, kind):
    folder = story_folder(tmp_path, {"a.txt": EN, "b.txt": FR})
    make(folder / "c.txt")
    assert main(["segment", str(folder)]) == EXIT_INPUT
    assert _one_error_line(capsys, "E100") == f"drift: error [E100] {folder / 'c.txt'}: is {kind}; expected a version's text file\n"


def test_story_id_picks_one_story_and_builds_no_other(tmp_path, capsys):
    """The other stories of a corpus are not built: one whose language cannot be detected
    (what `drift batch` would list in errors.jsonl) does not block the chosen one."""
    corpus = tmp_path / "c.jsonl"
    lines = [
        {"id": "short", "versions": [{"text": "Kim left."}, {"text": "Kim est parti."}]},
        {"id": "s", "versions": VERSIONS},
    ]
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert main(["segment", str(corpus), "--story-id", "s", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["story"]["id"] == "s"
    assert main(["segment", str(corpus), "--story-id", "short"]) == EXIT_INPUT
    assert f"{corpus}:1: cannot detect the language" in _one_error_line(capsys, "E105")
    assert main(["segment", str(corpus), "--story-id", "zz"]) == EXIT_INPUT
    assert _one_error_line(capsys, "E100") == f"drift: error [E100] {corpus}: no story with id 'zz'\n"


def test_story_id_refuses_a_duplicate_id_and_a_folder(tmp_path, capsys):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "s", "versions": VERSIONS}) + "\n" + json.dumps({"id": "s", "versions": VERSIONS}) + "\n", encoding="utf-8")
    assert main(["segment", str(corpus), "--story-id", "s"]) == EXIT_INPUT
    assert _one_error_line(capsys, "E100") == f"drift: error [E100] {corpus}: holds 2 stories with id 's' (lines 1, 2)\n"
    folder = story_folder(tmp_path, {"a.txt": EN, "b.txt": FR})
    assert main(["segment", str(folder), "--story-id", "s"]) == EXIT_INPUT
    assert f"{folder}: a story id ('s') picks a story of a .jsonl corpus; this is a story folder" in _one_error_line(capsys, "E300")


def test_a_version_of_boilerplate_only_is_warned_about(tmp_path, capsys):
    """Legal (the report shows what the version omits), but likely a bad extraction."""
    folder = story_folder(tmp_path, {"a.txt": EN, "b.txt": "Advertisement\nShare this article\nAll rights reserved.\n"})
    assert main(["segment", str(folder), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert [s["boilerplate"] for s in json.loads(captured.out)["versions"][1]["sentences"]] == [True] * 3
    assert captured.err == (
        f"drift: WARNING: {folder / 'b.txt'}: every line of version 'b' (3) is boilerplate; it has no content to compare\n"
    )


@pytest.mark.parametrize("presplit", [[], ["--presplit"]])
def test_align_refuses_an_empty_side_with_or_without_presplit(tmp_path, capsys, presplit):
    (tmp_path / "a.txt").write_text(EN + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(" \n\n", encoding="utf-8")
    out = tmp_path / "beads.json"
    assert main(["align", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), *presplit, "-o", str(out)]) == EXIT_INPUT
    assert f"{tmp_path / 'b.txt'}: " in _one_error_line(capsys, "E100")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_a_manifest_with_a_bom_is_read_and_a_folder_named_story_toml_is_refused(tmp_path, capsys):
    folder = story_folder(tmp_path, {"a.txt": EN, "b.txt": FR, "story.toml": '\ufefftitle = "Kim"\n'})
    assert main(["segment", str(folder), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["story"]["title"] == "Kim"
    (folder / "story.toml").unlink()
    (folder / "story.toml").mkdir()
    assert main(["segment", str(folder)]) == EXIT_INPUT
    assert f"{folder / 'story.toml'}: cannot read file: Is a directory" in _one_error_line(capsys, "E102")


def test_loading_a_transformers_model_keeps_stderr_quiet(tmp_path):
    """transformers' load report (8 lines on the pooler weights MiniLM ships) buried drift's
    lines; a fresh process, so that the model really loads."""
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(EN, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "drift.cli", "align", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
         "--model", "all-minilm-l6-v2", "--presplit", "--no-progress"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert json.loads(proc.stdout)["beads"] == [{"src": [0], "tgt": [0]}]


@pytest.mark.parametrize("command", ["segment", "pairs"])
def test_pretty_printed_json_is_told_apart_from_jsonl(tmp_path, capsys, command):
    """Its first line is '[' or '{': 'Expecting value at column 1' pointed nowhere."""
    source = tmp_path / "c.jsonl"
    source.write_text(json.dumps([{"id": "s", "a": EN, "b": FR}], indent=2) + "\n", encoding="utf-8")
    assert main([command, str(source)]) == EXIT_INPUT
    assert _one_error_line(capsys, "E103") == (
        f"drift: error [E103] {source}:1: malformed JSON (the line ends inside a value); "
        "JSONL holds one whole JSON object per line\n"
    )


def test_malformed_jsonl_names_the_line(tmp_path, capsys):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "s", "versions": [\n', encoding="utf-8")
    assert main(["segment", str(corpus)]) == EXIT_INPUT
    assert "c.jsonl:1: malformed JSON" in capsys.readouterr().err


def test_missing_path_and_no_story_are_errors(tmp_path, capsys):
    assert main(["segment", str(tmp_path / "nope")]) == EXIT_INPUT
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["segment"]) == EXIT_INPUT
    assert "give a STORY path or --example" in capsys.readouterr().err


def test_usage_error_exits_2_without_traceback(capsys):
    assert main(["segment", "--format", "yaml", "--example"]) == 2
    err = capsys.readouterr().err
    assert "Invalid value" in err and "Traceback" not in err


def test_console_script_reports_errors_in_one_line(tmp_path):
    folder = story_folder(tmp_path, {"a.txt": EN})
    proc = subprocess.run(
        [sys.executable, "-m", "drift.cli", "segment", str(folder)],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == EXIT_INPUT
    assert proc.stderr.strip().splitlines() == [
        f"drift: error [E104] {folder}: story 'story' has 1 version(s); drift compares two or more"
    ]


def test_a_story_of_one_short_version_is_refused_for_its_count(tmp_path, capsys):
    """The count comes before reading the text: "Only one version here." is too short for
    language identification, which is not the problem to report."""
    folder = story_folder(tmp_path, {"a.txt": "Only one version here."})
    assert main(["analyze", str(folder)]) == EXIT_INPUT
    assert capsys.readouterr().err.strip() == (
        f"drift: error [E104] {folder}: story 'story' has 1 version(s); drift compares two or more"
    )


def test_a_story_whose_versions_share_no_fact_says_why_it_has_no_pairs(tmp_path, capsys):
    folder = story_folder(tmp_path, {
        "a.txt": "The city council approved a new budget for public libraries on Monday.\n",
        "b.txt": "A volcano erupted in Iceland, sending ash several kilometres into the sky.\n",
    })
    assert main(["analyze", str(folder), "--language", "en", "--no-progress"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "2 versions, 2 units, 0 pairs" in out
    assert "no pairs to score: no sentence of one version links to another version's" in out


def test_a_story_of_boilerplate_only_is_said_so_once(tmp_path, capsys):
    folder = story_folder(tmp_path, {"a.txt": "© AFP / STR\n", "b.txt": "Photo: Reuters\n"})
    assert main(["analyze", str(folder), "--language", "en", "--no-progress"]) == 0
    captured = capsys.readouterr()
    assert "2 versions, 0 units, 0 pairs" in captured.out and "no pairs to score" not in captured.out
    assert "every line of version 'a' (1) is boilerplate" in " ".join(captured.err.split())


def test_segment_json_of_the_example(tmp_path):
    out = tmp_path / "seg.json"
    assert main(["segment", "--example", "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [v["id"] for v in data["versions"]] == ["v000", "v001", "v002", "v003", "v004"]
    text = (Path(__file__).parents[1] / "drift/data/stories/kim-putin-2023/v001.txt").read_text(encoding="utf-8")
    for sentence in data["versions"][1]["sentences"]:
        assert text[sentence["start"]:sentence["end"]] == sentence["text"]
    assert set(data["versions"][0]["sentences"][0]) == {"index", "start", "end", "text", "boilerplate"}


def test_pairs_scores_every_line(tmp_path):
    source = tmp_path / "pairs.jsonl"
    lines = [
        {"id": "same", "a": "Kim left Pyongyang on Sunday evening.", "b": "Kim left Pyongyang on Sunday evening."},
        {"id": "time", "a": "Kim left Pyongyang on Sunday evening.", "b": "Kim left Pyongyang on a Sunday afternoon.",
         "lang_a": "en", "lang_b": "en"},
        {"id": "xling", "a": "The train crossed the border on Tuesday.", "b": "Le train a franchi la frontière mardi.",
         "lang_a": "en", "lang_b": "fr"},
    ]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    out = tmp_path / "scored.jsonl"
    assert main(["pairs", str(source), "-o", str(out), "--no-progress"]) == 0
    results = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(results) == {"same", "time", "xling"}
    for line in lines:
        result = results[line["id"]]
        assert set(result) >= {"similarity", "drift", "label", "differences", "metrics", "words_a", "words_b"}
        for side, key in (("a", "words_a"), ("b", "words_b")):
            for word in result[key]:
                assert line[side][word["start"]:word["end"]] == word["text"] and 0 <= word["score"] <= 1
    assert results["same"]["label"] == "equivalent"
    assert results["time"]["label"] == "changed"  # evening vs afternoon: a changed fact
    assert results["same"]["metrics"]["chrf"] == 100.0
    assert results["xling"]["metrics"] == {"chrf": None, "ter": None, "bleu": None}
    time_words = {d["text"] for d in results["time"]["differences"] if d["type"] == "time"}
    assert time_words & {"evening", "afternoon", "Sunday evening", "Sunday afternoon"}


def test_pairs_metrics_option_leaves_out_what_it_does_not_name(tmp_path, capsys):
    source = tmp_path / "pairs.jsonl"
    same = "Kim left Pyongyang on Sunday evening aboard his train."
    source.write_text(json.dumps({"id": "1", "a": same, "b": same, "lang_a": "en", "lang_b": "en"}) + "\n", encoding="utf-8")
    out = tmp_path / "scored.jsonl"
    assert main(["pairs", str(source), "-o", str(out), "--no-progress", "--metrics", "chrf, BLEU"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["metrics"] == {"chrf": 100.0, "ter": None, "bleu": 100.0}
    out.unlink()
    assert main(["pairs", str(source), "-o", str(out), "--metrics", "chrf,meteor"]) == EXIT_INPUT
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("drift: error") and "unknown metric(s) meteor" in err[-1]
    assert not out.exists()


def test_pairs_malformed_record_names_its_line(tmp_path, capsys):
    source = tmp_path / "pairs.jsonl"
    source.write_text('{"id": "1", "a": "A sentence.", "b": "Another one."}\n{"id": "2", "a": 3}\n', encoding="utf-8")
    out = tmp_path / "scored.jsonl"
    assert main(["pairs", str(source), "-o", str(out)]) == EXIT_INPUT
    assert "pairs.jsonl:2: expected" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("record, code, message", [
    ({"id": {"x": 1}, "a": EN, "b": FR}, "E100", "pair id must be a non-empty string, got {'x': 1}"),
    ({"id": "1", "a": EN + "\u0000", "b": FR}, "E101", "'a' or 'b' holds binary data (control characters), expected text"),
    ({"id": "1", "a": EN, "b": FR, "lang_b": 5}, "E105", "language must be a code such as en, fr, nl; got 5 (int)"),
])
def test_pairs_bad_field_names_its_line(tmp_path, capsys, record, code, message):
    source = tmp_path / "pairs.jsonl"
    source.write_text(json.dumps({"id": "0", "a": EN, "b": FR}) + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "scored.jsonl"
    assert main(["pairs", str(source), "-o", str(out)]) == EXIT_INPUT
    assert f"pairs.jsonl:2: {message}" in _one_error_line(capsys, code)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pairs.jsonl"]


def test_analyze_writes_a_schema_valid_report(tmp_path):
    import jsonschema

    from drift.report.json import schema

    out = tmp_path / "report.json"
    assert main(["analyze", "--example", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema())
    assert data["schema"] == "drift-report/1" and data["signature"].startswith("drift:")
    assert all(p["label"] in ("equivalent", "nuance", "changed", "unrelated") for p in data["pairs"])
    from drift.report.json import load_report

    assert load_report(out).to_dict() == data  # what the CLI writes loads back as a Report


# -- conventions every command keeps ------------------------------------------------------------


def drift_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``python -m drift ARGS`` in a fresh process (what a shell user runs)."""
    return subprocess.run([sys.executable, "-m", "drift", *args], capture_output=True, text=True, input=stdin)


def test_version_and_python_dash_m(capsys):
    from drift import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"drift {__version__}"
    run = drift_cli("--version")
    assert (run.returncode, run.stdout.strip()) == (0, f"drift {__version__}")


def test_shell_completion_is_offered():
    import os

    # What `drift --install-completion` sets up for bash: the script the shell sources.
    env = {**os.environ, "_DRIFT_COMPLETE": "source_bash"}
    run = subprocess.run([sys.executable, "-m", "drift"], capture_output=True, text=True, env=env)
    assert run.returncode == 0 and "complete -o default -F _drift_completion drift" in run.stdout


@pytest.mark.parametrize("command", ["segment", "analyze", "align", "pairs", "export", "batch"])
def test_every_command_takes_verbose_quiet_and_output(command, capsys):
    assert main([command, "--help"]) == 0
    help_text = capsys.readouterr().out
    for option in ("--verbose", "--quiet", "--output"):
        assert option in help_text, (command, option)


@pytest.mark.parametrize("command", ["segment", "analyze", "export"])
def test_every_command_that_reads_a_story_takes_example(command, capsys):
    assert main([command, "--help"]) == 0
    assert "--example" in capsys.readouterr().out


def test_verbose_and_quiet_work_after_the_command_name(tmp_path, capsys):
    out = tmp_path / "seg.json"
    assert main(["segment", "--example", "-q", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "drift-segments/1"
    assert main(["segment", "--example", "-v", "-q"]) == EXIT_INPUT
    assert "give -v or -q, not both" in capsys.readouterr().err


def test_options_are_checked_before_the_model_loads():
    run = drift_cli("-v", "analyze", "--example", "--format", "md")
    assert run.returncode == EXIT_INPUT
    assert run.stderr.strip().splitlines()[-1] == "drift: error [E300] --format md needs an output path (-o)"
    assert "encoder ready" not in run.stderr
    run = drift_cli("-v", "export", "--example", "--to", "hf", "-o", "x", "--metrics", "meteor")
    assert run.returncode == EXIT_INPUT and "unknown metric(s) meteor" in run.stderr
    assert "encoder ready" not in run.stderr


def test_export_needs_its_output_folder_as_an_option():
    run = drift_cli("export", "--example", "--to", "hf", "some-dir")
    assert run.returncode == 2 and "Missing option '--output'" in run.stderr


def test_a_closed_pipe_ends_quietly(tmp_path):
    for args in (["segment", "--example"], ["segment", "--example", "--format", "json"]):
        command = " ".join([sys.executable, "-m", "drift", *args]) + " | head -1; echo status=${PIPESTATUS[0]}"
        run = subprocess.run(["bash", "-c", command], capture_output=True, text=True)
        assert run.stdout.strip().endswith("status=0"), (args, run.stdout[-200:])
        assert run.stderr == "", (args, run.stderr)


def test_align_writes_one_shape_with_and_without_presplit(tmp_path, capsys):
    src, tgt = tmp_path / "de.txt", tmp_path / "fr.txt"
    src.write_text("Der Makalu misst 8470 m.\nEr liegt in Nepal.\n", encoding="utf-8")
    tgt.write_text("Le Makalu mesure 8470 m.\nIl se trouve au Népal.\n", encoding="utf-8")
    shapes = []
    for extra in ([], ["--presplit"]):
        assert main(["align", str(src), str(tgt), "--no-progress", *extra]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["beads"] == [{"src": [0], "tgt": [0]}, {"src": [1], "tgt": [1]}]
        assert data["src"][0].startswith("Der Makalu") and data["signature"].startswith("drift:")
        shapes.append(sorted(data))
    assert shapes[0] == shapes[1] == ["beads", "schema", "signature", "src", "tgt"]


def test_align_signs_with_the_encoder_that_made_the_beads(tmp_path, capsys):
    # the signature once came from a second encoder of the default dtype, loaded again
    src, tgt = tmp_path / "en.txt", tmp_path / "fr.txt"
    src.write_text("It rained in Paris.\n", encoding="utf-8")
    tgt.write_text("Il a plu à Paris.\n", encoding="utf-8")
    assert main(["align", str(src), str(tgt), "--presplit", "--dtype", "bfloat16", "--no-progress"]) == 0
    assert "|dtype:bfloat16|" in json.loads(capsys.readouterr().out)["signature"]


@pytest.mark.parametrize(
    "args", [["--help"], ["--version"], ["analyze", "--help"], ["segment", "--example"], ["analyze", "missing"]]
)
def test_commands_that_need_no_model_import_no_model_library(args):
    """Help, segmentation and bad input answer without paying for torch (seconds to import)."""
    code = (
        "import sys; from drift.cli import main; main(sys.argv[1:]); "
        "print(sorted(m for m in ('torch', 'tokenizers', 'transformers') if m in sys.modules), file=sys.stderr)"
    )
    run = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
    assert run.stderr.splitlines()[-1] == "[]", run.stderr[-500:]


def test_analyze_imports_no_scipy(tmp_path):
    """Analyzing a story needs numpy only around the model: importing scipy (fitting uses
    it) cost a fresh process 0.15-0.35 s, more than pooling a story's words."""
    code = (
        "import sys; from drift.cli import main; code = main(sys.argv[1:]); "
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] == 'scipy')[:3], file=sys.stderr)"
    )
    args = ["analyze", "--example", "--no-progress", "-o", str(tmp_path / "report.json")]
    run = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=600)
    assert run.stderr.splitlines()[-1] == "0 []", run.stderr[-500:]
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["units"]


def test_pairs_write_to_stdout_with_the_signature_on_every_line(tmp_path, capsys):
    source = tmp_path / "pairs.jsonl"
    source.write_text(json.dumps({"id": "p", "a": "It rained in Paris.", "b": "It rained in Lyon.",
                                  "lang_a": "en", "lang_b": "en"}) + "\n", encoding="utf-8")
    assert main(["pairs", str(source), "--metrics", "chrf"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    record = json.loads(line)
    assert record["signature"].startswith("drift:") and record["signature"].endswith("|metrics:chrf")
    assert record["signature"].count("drift:") == 1 and record["signature"].count("model:") == 1
    assert set(record["metric_signatures"]) == {"chrf"}
    assert "version:" in record["metric_signatures"]["chrf"]


BAD_OUTPUTS = [
    ("folder", "is a folder; expected a file path"),
    ("file/out.json", "cannot be created: {tmp}/file is a file, not a folder"),
    ("/proc/drift-test/out.json", "cannot write in /proc"),  # read-only for root too
]


@pytest.mark.parametrize("command", ["segment", "analyze", "pairs", "align"])
@pytest.mark.parametrize("where, message", BAD_OUTPUTS)
def test_unwritable_output_is_refused_before_any_work(tmp_path, capsys, command, where, message):
    """The output is checked first: the (bad) input is not even read."""
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    output = where if where.startswith("/") else str(tmp_path / where)
    missing = str(tmp_path / "missing-input")
    args = {"segment": [missing], "analyze": [missing], "pairs": [missing], "align": [missing, missing]}[command]
    status = main([command, *args, "-o", output])
    err = capsys.readouterr().err
    assert status == EXIT_INPUT
    assert err.startswith("drift: error [E400]") and message.format(tmp=tmp_path) in err, err
    assert err.count("\n") == 1


@pytest.mark.parametrize("command", ["batch", "export"])
def test_a_file_where_a_folder_goes_is_refused(tmp_path, capsys, command):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    missing = str(tmp_path / "missing.jsonl")
    args = [command, missing, "-o", str(tmp_path / "file")]
    assert main(args) == EXIT_INPUT
    err = capsys.readouterr().err
    assert err.startswith("drift: error [E400]") and "is a file; expected a folder" in err, err


def test_analyze_refuses_a_suffix_it_cannot_tell_the_format_from(tmp_path, capsys):
    """report.htm used to get JSON; a name without a suffix still does, and --format names any file."""
    out = tmp_path / "report.htm"
    assert main(["analyze", "--example", "-o", str(out)]) == EXIT_INPUT
    assert _one_error_line(capsys, "E300") == (
        f"drift: error [E300] cannot tell the report format from the suffix '.htm' of {out}: "
        "name a .json, .html, .md file, or give --format\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [
    ["segment", "--example", "-o", "-"], ["analyze", "--example", "-o", "-", "--format", "all"],
    ["pairs", "in.jsonl", "-o", "-"], ["align", "a.txt", "b.txt", "-o", "-"],
    ["batch", "in.jsonl", "-o", "-"], ["export", "--example", "-o", "-"],
])
def test_dash_is_not_taken_for_a_file_name(tmp_path, capsys, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    assert main(args) == EXIT_INPUT
    assert _one_error_line(capsys, "E300") == "drift: error [E300] -o - would write a file named '-'; leave out -o to write to stdout\n"
    assert list(tmp_path.iterdir()) == []


def test_story_id_is_refused_with_example(capsys):
    assert main(["segment", "--example", "--story-id", "x"]) == EXIT_INPUT
    assert "--story-id picks a story of a .jsonl corpus, not of --example" in _one_error_line(capsys, "E300")


def test_analyze_format_all_checks_every_file(tmp_path, capsys):
    (tmp_path / "r.html").mkdir()  # one of the three files would land on a folder
    assert main(["analyze", "--example", "-o", str(tmp_path / "r"), "--format", "all"]) == EXIT_INPUT
    assert "r.html: is a folder" in capsys.readouterr().err


def test_overwriting_keeps_the_mode_and_syncs_before_the_rename(tmp_path, monkeypatch):
    import os

    from drift.files import write_text_atomic

    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(os.readlink(f"/proc/self/fd/{fd}")), real_fsync(fd)))
    write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)
    assert any(p.endswith("/out.json") and ".tmp/" in p for p in synced)  # the staged file, before the rename
    assert synced[-1] == str(tmp_path)  # then the folder that holds the new name


def _one_error_line(capsys, code: str) -> str:
    """The single stderr line of a refused command, checked for its code and for no traceback."""
    err = capsys.readouterr().err
    assert err.startswith(f"drift: error [{code}]") and err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("command, target", [
    (["segment", "{story}"], "a.txt"),
    (["analyze", "{story}", "--format", "json"], "b.txt"),
    (["analyze", "{story}", "--format", "md"], "story.toml"),
    (["align", "{story}/a.txt", "{story}/b.txt"], "b.txt"),
])
def test_an_output_path_that_is_an_input_file_is_refused(tmp_path, capsys, command, target):
    folder = story_folder(tmp_path, {
        "a.txt": EN, "b.txt": FR,
        "story.toml": '[[versions]]\nfile = "a.txt"\nlanguage = "en"\n[[versions]]\nfile = "b.txt"\nlanguage = "fr"\n',
    })
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    (tmp_path / "link").symlink_to(folder / target)  # the same file under another name
    for output in (folder / target, tmp_path / "link"):
        args = [a.format(story=folder) for a in command]
        assert main([*args, "-o", str(output)]) == EXIT_INPUT
        err = _one_error_line(capsys, "E400")
        assert f"{output}: is an input file ({folder / target}); writing there would destroy it" in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "story"]


def test_pairs_output_onto_its_input_is_refused(tmp_path, capsys):
    source = tmp_path / "pairs.jsonl"
    source.write_text(json.dumps({"id": "p", "a": EN, "b": FR}) + "\n", encoding="utf-8")
    assert main(["pairs", str(source), "-o", str(source)]) == EXIT_INPUT
    assert f"{source}: is an input file" in _one_error_line(capsys, "E400")
    assert json.loads(source.read_text(encoding="utf-8"))["id"] == "p"


@pytest.mark.parametrize("source", ["story", "corpus.jsonl"])
def test_export_never_replaces_a_folder_of_other_files(tmp_path, capsys, source):
    """An export replaces its folder whole: a user's folder (or the story itself) is refused,
    before any work, and left as it was."""
    folder = story_folder(tmp_path, {"a.txt": EN, "b.txt": FR})
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "s", "versions": [{"text": EN}, {"text": FR}]}) + "\n", encoding="utf-8")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    for output in (mine, folder):
        assert main(["export", str(tmp_path / source), "-o", str(output)]) == EXIT_INPUT
        assert f"{output}: is a folder that holds other files, not a drift export" in _one_error_line(capsys, "E400")
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "b.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.jsonl", "mine", "story"]
