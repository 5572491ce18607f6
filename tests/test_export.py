"""The Hugging Face export: tables, features, the folder on disk, the dataset card, pandas.

Round trip: the export read back with ``datasets.load_from_disk`` must give every
sentence's offsets and text and every pair's similarity (and, when the report is scored,
drift, label and differences) exactly as the report has them.
"""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from drift.errors import ConfigError
from drift import export


@pytest.fixture(scope="module")
def scored(example_report):
    return example_report


@pytest.fixture(scope="module")
def exported(scored, tmp_path_factory):
    return export.export_hf(scored, tmp_path_factory.mktemp("hf") / "kim")


def test_every_column_is_described_and_typed():
    for table, schema in export.features().items():
        assert list(schema) == list(export.FIELDS[table])


def test_round_trip_through_load_from_disk(scored, exported):
    import datasets

    loaded = datasets.load_from_disk(str(exported))
    assert sorted(loaded) == sorted(export.TABLES)
    data = scored.to_dict()

    versions = loaded["versions"]
    assert versions["version_id"] == [v["id"] for v in data["versions"]]
    assert versions["text"] == [v.text for v in scored.story.versions]
    texts = dict(zip(versions["version_id"], versions["text"]))

    sentences = loaded["sentences"]
    expected = [(v["id"], s["index"], s["start"], s["end"], s["text"], s["boilerplate"])
                for v in data["versions"] for s in v["sentences"]]
    got = list(zip(*(sentences[c] for c in ("version_id", "index", "start", "end", "text", "boilerplate"))))
    assert got == expected
    for vid, _, start, end, text, _ in got:
        assert texts[vid][start:end] == text
    boilerplate_units = {u for u, bp in zip(sentences["unit"], sentences["boilerplate"]) if bp}
    assert boilerplate_units == {None}

    units = loaded["units"]
    assert [{m["version"]: m["sentences"] for m in members} for members in units["members"]] == [
        u["members"] for u in data["units"]
    ]

    pairs = loaded["pairs"]
    label = pairs.features["label"]
    kind = pairs.features["differences"].feature["type"]
    assert len(pairs) == len(data["pairs"])
    for row, pair in zip(pairs, data["pairs"]):
        assert (row["unit_id"], row["version_a"], row["version_b"]) == (pair["unit"], pair["a"]["version"], pair["b"]["version"])
        assert row["similarity"] == pair["similarity"]
        assert row["drift"] == pair.get("drift")
        assert (label.int2str(row["label"]) if row["label"] is not None else None) == pair.get("label")
        differences = [{**d, "type": kind.int2str(d["type"])} for d in row["differences"]]
        assert differences == pair.get("differences", [])
        for d in differences:
            assert texts[d["version"]][d["start"]:d["end"]] == d["text"]


def test_scored_stand_in_has_differences(exported):
    import datasets

    pairs = datasets.load_from_disk(str(exported))["pairs"]
    assert sum(len(d) for d in pairs["differences"]) > 0


def test_unscored_report_exports_with_empty_scores(unscored_report):
    pairs = export.to_dataset_dict(unscored_report)["pairs"]
    assert set(pairs["label"]) == {None} and set(pairs["drift"]) == {None}
    assert pairs[0]["metrics"] == {"chrf": None, "ter": None, "bleu": None}


def test_parquet_files_and_configs_load(exported, scored):
    import datasets
    import pandas

    for table in export.TABLES:
        frame = pandas.read_parquet(exported / "data" / table)  # the folder of its shards
        assert len(frame) == len(export.rows(scored, table))
    # A fresh cache folder: datasets would otherwise reuse a table cached from an earlier
    # run's export at the same (reused) pytest path.
    cache = exported.parent / "load-cache"
    pairs = datasets.load_dataset(str(exported), "pairs", split="train", cache_dir=str(cache))
    assert len(pairs) == len(scored.pairs)
    assert pairs.features["label"].names == list(export.LABELS)


def test_dataset_card(exported, scored):
    card = (exported / "README.md").read_text(encoding="utf-8")
    _, header, body = card.split("---\n", 2)
    meta = yaml.safe_load(header)
    assert meta["language"] == ["en"]
    assert meta["license"] == "unknown"
    assert meta["size_categories"] == ["n<1K"]
    assert [c["config_name"] for c in meta["configs"]] == list(export.TABLES)
    assert meta["multilinguality"] == ["monolingual"]
    assert meta["annotations_creators"] == ["machine-generated"] and meta["source_datasets"] == ["original"]
    info = {i["config_name"]: i for i in meta["dataset_info"]}
    assert info["pairs"]["splits"] == [{"name": "train", "num_bytes": info["pairs"]["dataset_size"],
                                        "num_examples": len(scored.pairs)}]
    assert [f["name"] for f in info["pairs"]["features"]] == list(export.FIELDS["pairs"])
    assert scored.signature in body
    assert "## Limitations" in body and "## Citation" in body and "@software{drift," in body
    assert "sacrebleu's signatures" in body and "version:" in body
    for table, fields in export.FIELDS.items():
        assert f"### `{table}`" in body
        for name in fields:
            assert f"| `{name}` |" in body


def test_licence_comes_from_story_metadata(example_report):
    def with_licence(value):
        metadata = {**example_report.story.metadata, **({"license": value} if value else {})}
        return dataclasses.replace(example_report, story=dataclasses.replace(example_report.story, metadata=metadata))

    assert export.licence([with_licence("CC-BY-4.0")]) == "cc-by-4.0"
    assert export.licence([with_licence("cc-by-4.0"), with_licence("mit")]) == "other"
    assert export.licence([with_licence("mit"), with_licence(None)]) == "unknown"
    assert export.size_category(999) == "n<1K" and export.size_category(1000) == "1K<n<10K"
    # A licence the Hub does not list becomes `other`, named and linked.
    facts = export.CorpusFacts.of([with_licence("Reuters terms of use")])
    assert export.licence_metadata(facts) == {
        "license": "other", "license_name": "reuters-terms-of-use", "license_link": "LICENSE.md"
    }
    assert "Reuters terms of use" in export.licence_text(facts)
    mixed = export.CorpusFacts.of([with_licence("cc-by-4.0"), with_licence("mit")])
    assert export.licence_metadata(mixed)["license_name"] == "mixed"
    assert {"cc-by-4.0", "mit", "odc-by", "other"} <= export.hub_licences()


def test_failed_export_leaves_no_folder(scored, tmp_path, monkeypatch):
    def broken(*_args, **_options):
        raise RuntimeError("card failed")

    monkeypatch.setattr(export, "dataset_card", broken)
    with pytest.raises(RuntimeError, match="card failed"):
        export.export_hf(scored, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_to_pandas(scored):
    pairs = export.to_pandas(scored, "pairs")
    assert len(pairs) == len(scored.pairs)
    assert pairs["similarity"].tolist() == [round(p.similarity, 4) for p in scored.pairs]
    assert set(pairs["label"]) <= set(export.LABELS)
    sentences = export.to_pandas([scored, scored], "sentences")
    assert len(sentences) == 2 * sum(len(v.sentences) for v in scored.story.versions)
    with pytest.raises(ConfigError, match="unknown table 'words'"):
        export.to_pandas(scored, "words")
    with pytest.raises(ConfigError, match="at least one report"):
        export.to_dataset_dict([])


def test_large_tables_are_sharded_and_load_by_config(scored, tmp_path):
    import datasets

    # A shard limit of a third of the pairs table's Arrow size, whatever that size is today.
    size = export.to_dataset_dict(scored)["pairs"].data.nbytes
    out = export.export_hf(scored, tmp_path / "sharded", max_shard_bytes=size // 3 + 1)
    shards = sorted(p.name for p in (out / "data" / "pairs").iterdir())
    assert shards == [f"train-{i:05d}-of-00003.parquet" for i in range(3)]
    pairs = datasets.load_dataset(str(out), "pairs", split="train", cache_dir=str(tmp_path / "cache"))
    assert pairs["similarity"] == [round(p.similarity, 4) for p in scored.pairs]


def test_a_corpus_export_records_bad_stories_and_exports_the_others(tmp_path):
    import json

    good = {"id": "good", "versions": [
        {"id": "a", "text": "Kim Jong Un arrived in Russia on Tuesday.", "language": "en"},
        {"id": "b", "text": "Kim Jong Un arrived in Russia on Monday.", "language": "en"}]}
    bad = {"id": "bad", "versions": [{"id": "a", "text": "Only one version.", "language": "en"}]}
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in (good, bad, good | {"id": "good2"})) + "\n", encoding="utf-8")
    from drift.batch import export_corpus

    summary = export_corpus(corpus, tmp_path / "hf", progress=False)
    assert (summary.done, summary.failed) == (2, 1)
    errors = [json.loads(line) for line in (tmp_path / "hf" / "errors.jsonl").read_text().splitlines()]
    assert [e["id"] for e in errors] == ["bad"]
    card = (tmp_path / "hf" / "README.md").read_text(encoding="utf-8")
    assert "`good`" in card and "`good2`" in card and "`bad`" not in card
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.jsonl", "hf"]  # no working folder left


class HubStandIn:
    """A local stand-in for the four Hub API calls an upload makes (create the repo, check
    the card's YAML, ask how to upload each file, commit), on 127.0.0.1: no network. It
    refuses a card whose licence the Hub would refuse, and keeps what was committed."""

    def __init__(self) -> None:
        import threading
        from http.server import ThreadingHTTPServer

        self.files: dict[str, bytes] = {}
        self.calls: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}"

    def _handler(self):
        import base64
        import json
        import re
        from http.server import BaseHTTPRequestHandler

        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args) -> None:
                pass

            def reply(self, data, status=200) -> None:
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_GET(self) -> None:
                hub.calls.append(f"GET {self.path}")
                self.reply({"error": "not in the stand-in"}, 404)

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                hub.calls.append(f"POST {self.path}")
                if self.path == "/api/repos/create":
                    name = json.loads(body)
                    return self.reply({"url": f"{hub.endpoint}/datasets/{name['organization']}/{name['name']}"})
                if self.path == "/api/validate-yaml":
                    header = yaml.safe_load(json.loads(body)["content"].split("---\n")[1])
                    if header.get("license") not in export.hub_licences():
                        return self.reply({"error": f"license {header.get('license')!r} is not valid"}, 400)
                    if header["license"] == "other" and not {"license_name", "license_link"} <= set(header):
                        return self.reply({"error": "license other needs license_name and license_link"}, 400)
                    return self.reply({"warnings": []})
                if re.fullmatch(r"/api/datasets/[^/]+/[^/]+/preupload/main", self.path):
                    files = json.loads(body)["files"]
                    return self.reply({"files": [{"path": f["path"], "uploadMode": "regular", "shouldIgnore": False}
                                                 for f in files]})
                match = re.fullmatch(r"/api/datasets/([^/]+/[^/]+)/commit/main", self.path)
                if match:
                    for line in body.decode().splitlines():
                        entry = json.loads(line)
                        if entry["key"] == "file":
                            hub.files[entry["value"]["path"]] = base64.b64decode(entry["value"]["content"])
                    oid = "1" * 40
                    return self.reply({"commitUrl": f"{hub.endpoint}/datasets/{match.group(1)}/commit/{oid}",
                                       "commitOid": oid})
                self.reply({"error": "not in the stand-in"}, 404)

        return Handler


@pytest.fixture
def hub():
    stand_in = HubStandIn()
    yield stand_in
    stand_in.server.shutdown()


def test_push_to_hub_uploads_the_card_and_every_shard(exported, hub, tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "HF_ENDPOINT": hub.endpoint, "HF_TOKEN": "hf_stand_in", "HF_HOME": str(tmp_path / "hf-home"),
           "HF_HUB_DISABLE_TELEMETRY": "1"}
    code = "import sys; from pathlib import Path; from drift.export import push_folder; push_folder(Path(sys.argv[1]), 'me/kim')"
    run = subprocess.run([sys.executable, "-c", code, str(exported)], capture_output=True, text=True, env=env)
    assert run.returncode == 0, (run.stderr[-2000:], hub.calls)
    local = {str(p.relative_to(exported)): p.read_bytes() for p in exported.rglob("*")
             if p.is_file() and (p.name in ("README.md", "LICENSE.md") or p.parent.parent.name == "data")}
    assert hub.files == local and "README.md" in local
    assert any(path.startswith("data/pairs/train-") for path in hub.files)


def test_report_push_to_hub_sends_four_configs(scored, hub, monkeypatch):
    import huggingface_hub

    monkeypatch.setattr(huggingface_hub.constants, "ENDPOINT", hub.endpoint)  # as HF_ENDPOINT sets it at import
    monkeypatch.setenv("HF_TOKEN", "hf_stand_in")
    export.push_to_hub(scored, "me/kim")
    assert {path.split("/")[1] for path in hub.files if path.startswith("data/")} == set(export.TABLES)
    card = hub.files["README.md"].decode()
    assert "dataset_info:" in card and scored.signature in card


def test_an_export_replaces_an_earlier_export_but_no_other_folder(scored, tmp_path):
    from drift.errors import OutputError

    out = tmp_path / "out"
    export.export_hf(scored, out)
    export.export_hf(scored, out)  # a rerun replaces its own earlier export
    assert (out / "dataset_dict.json").is_file()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match="mine: is a folder that holds other files, not a drift export"):
        export.export_hf(scored, tmp_path / "mine")
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]


def test_a_failed_upload_is_one_coded_line_and_keeps_the_export(tmp_path):
    """No token: refused before any work. A Hub that cannot be reached: one E400 line (it
    was an internal ConnectError), the exported folder complete."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "HF_HOME": str(tmp_path / "hf-home"), "HF_HUB_DISABLE_TELEMETRY": "1"}
    env.pop("HF_TOKEN", None)
    command = [sys.executable, "-m", "drift.cli", "export", "--example", "-o", str(tmp_path / "out"),
               "--push-to-hub", "me/kim", "--no-progress"]
    run = subprocess.run(command, capture_output=True, text=True, env=env)
    assert run.returncode == 1
    assert run.stderr == "drift: error [E300] --push-to-hub needs a Hugging Face token: hf auth login, or set HF_TOKEN\n"
    assert not (tmp_path / "out").exists()
    env.update(HF_TOKEN="hf_stand_in", HF_ENDPOINT="http://127.0.0.1:9")  # nothing listens on port 9
    run = subprocess.run(command, capture_output=True, text=True, env=env)
    assert run.returncode == 1
    assert run.stderr.startswith(
        f"drift: error [E400] {tmp_path / 'out'}: cannot upload to the Hugging Face Hub dataset 'me/kim' (ConnectError: "
    ) and run.stderr.count("\n") == 1, run.stderr
    assert (tmp_path / "out" / "dataset_dict.json").is_file() and (tmp_path / "out" / "README.md").is_file()
