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
        frame = pandas.read_parquet(exported / "data" / f"{table}.parquet")
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
    assert scored.signature in body
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


def test_failed_export_leaves_no_folder(scored, tmp_path, monkeypatch):
    def broken(*_args):
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
