"""Export reports as a Hugging Face dataset: ``drift export STORY_OR_CORPUS --to hf DIR``.

Four tables, one row per version, sentence, unit and pair, built from ``Report.to_dict()``
(each version's full text comes from the Report, as the dict has only its sentences):

- ``versions``: provenance and the full text that every offset points into;
- ``sentences``: each sentence's offsets, text, boilerplate flag and unit;
- ``units``: which sentences of which versions carry the same content;
- ``pairs``: two versions' sides of a unit, their similarity and, once scored, drift,
  label, the differing words (``differences``, typed), lexical metrics and word scores.

The tables have different columns, so they are the splits of a ``DatasetDict`` on disk
and separate configs on the Hub (``data/<table>/train-00000-of-0000N.parquet``, sharded
when a table passes ``MAX_SHARD_BYTES``). Labels and drift types are ``ClassLabel``s; a
pair not scored has ``None`` for its label. The card carries the Hub's metadata
(``dataset_info`` per config, ``multilinguality``, a licence checked against the Hub's
list), the signatures, limitations and a citation.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Union

from drift import __version__
from drift.errors import ConfigError, OutputError
from drift.files import atomic_path
from drift.score.vocab import ALL_TYPES, LABELS

if TYPE_CHECKING:
    import datasets
    import pandas

    from drift.types import Report

log = logging.getLogger("drift")

TABLES = ("versions", "sentences", "units", "pairs")
# The dataset card's tag that marks a folder as a drift export, which a new export may replace.
CARD_TAG = "translation-drift"

# What every column means; the dataset card lists these, so a column without a line here
# fails the export test.
FIELDS: dict[str, dict[str, str]] = {
    "versions": {
        "story_id": "Id of the story (a news item) the version belongs to.",
        "story_title": "Title of the story, if given.",
        "version_id": "Id of the version within its story.",
        "language": "ISO 639-1 code of the version's language.",
        "language_detected": "True when the language was detected rather than given.",
        "translated_from": "Language the version was translated from, if known.",
        "outlet": "Publisher of the version, if known.",
        "url": "Where the version was published, if known.",
        "published": "Publication date or time as given, if known.",
        "metadata": "Any other metadata of the version, as a JSON object string.",
        "text": "The version's full text as read; every offset in the dataset points into it.",
    },
    "sentences": {
        "story_id": "Id of the story.",
        "version_id": "Id of the version the sentence belongs to.",
        "index": "Position of the sentence in its version (0-based, boilerplate included).",
        "start": "Character offset of the sentence's start in the version's text.",
        "end": "Character offset just past the sentence's end: text == version text[start:end].",
        "text": "The sentence.",
        "boilerplate": "True for bylines, credits and page furniture (captions are content); these take no part in alignment.",
        "language": "The sentence's language: its own where its version mixes languages, else the version's.",
        "unit": "Id of the unit the sentence belongs to (None for boilerplate).",
    },
    "units": {
        "story_id": "Id of the story.",
        "unit_id": "Id of the unit within its story.",
        "members": "The versions that carry this content and their sentence indices.",
        "omitted_by": "The versions of the story that do not carry this content.",
    },
    "pairs": {
        "story_id": "Id of the story.",
        "unit_id": "Id of the unit the two sides belong to.",
        "version_a": "Version of side a (the earlier version in the story's order: the reference).",
        "version_b": "Version of side b.",
        "language_a": "Language of side a (of most of its characters; a version may mix languages).",
        "language_b": "Language of side b.",
        "sentences_a": "Sentence indices of side a in its version.",
        "sentences_b": "Sentence indices of side b in its version.",
        "text_a": "Side a's sentences joined by one space.",
        "text_b": "Side b's sentences joined by one space.",
        "similarity": "Cosine similarity of the two sides' sentence vectors.",
        "drift": "How far meaning drifted between the sides, in [0, 1] (None if not scored).",
        "label": f"One of {', '.join(LABELS)} (None if not scored).",
        "differences": "Stretches of words that differ (with a severity estimate 0-3): version, start/end offsets into that "
        f"version's text, text, type (one of {', '.join(ALL_TYPES)}) and score in [0, 1].",
        "metrics": "Sentence chrF, TER and BLEU of b against a (None across languages or if not scored).",
        "words_a": "Every word of side a with its offsets in version a and its probability of differing.",
        "words_b": "Every word of side b with its offsets in version b and its probability of differing.",
    },
}


def features() -> dict[str, "datasets.Features"]:
    """The ``datasets.Features`` of each table."""
    from datasets import ClassLabel, Features, List, Value

    text, integer, number, flag = Value("string"), Value("int32"), Value("float64"), Value("bool")
    word = {"start": integer, "end": integer, "text": text, "score": number}
    return {
        "versions": Features({
            "story_id": text, "story_title": text, "version_id": text, "language": text,
            "language_detected": flag, "translated_from": text, "outlet": text, "url": text,
            "published": text, "metadata": text, "text": text,
        }),
        "sentences": Features({
            "story_id": text, "version_id": text, "index": integer, "start": integer, "end": integer,
            "text": text, "boilerplate": flag, "language": text, "unit": integer,
        }),
        "units": Features({
            "story_id": text, "unit_id": integer,
            "members": List({"version": text, "sentences": List(integer)}),
            "omitted_by": List(text),
        }),
        "pairs": Features({
            "story_id": text, "unit_id": integer, "version_a": text, "version_b": text,
            "language_a": text, "language_b": text,
            "sentences_a": List(integer), "sentences_b": List(integer),
            "text_a": text, "text_b": text, "similarity": number, "drift": number,
            "label": ClassLabel(names=list(LABELS)),
            "differences": List({
                "version": text, "start": integer, "end": integer, "text": text,
                "type": ClassLabel(names=list(ALL_TYPES)), "score": number, "severity": integer,
            }),
            "metrics": {"chrf": number, "ter": number, "bleu": number},
            "words_a": List(word), "words_b": List(word),
        }),
    }


ReportLike = Union["Report", Mapping[str, Any]]
# A report, a report dict (``Report.to_dict()``, as ``drift batch`` writes it), a sequence
# of them, or a function returning a fresh iterable of them (to stream a large corpus).
ReportSource = Union[ReportLike, Sequence[ReportLike], Callable[[], Iterable[ReportLike]]]


def _as_dict(report: ReportLike) -> Mapping[str, Any]:
    return report if isinstance(report, Mapping) else report.to_dict()


def report_stream(source: ReportSource) -> Callable[[], Iterator[Mapping[str, Any]]]:
    """A function that yields the source's reports as dicts afresh at each call."""
    if callable(source) and not isinstance(source, Mapping):
        return lambda: (_as_dict(r) for r in source())
    single = isinstance(source, Mapping) or hasattr(source, "to_dict")
    if not single and (isinstance(source, (str, bytes)) or not isinstance(source, Iterable)):
        raise ConfigError(f"expected a report, report dicts or a sequence of them, got {type(source).__name__}")
    items = [source] if single else list(source)
    if not items:
        raise ConfigError("nothing to export: expected at least one report")
    bad = [r for r in items if not (isinstance(r, Mapping) or hasattr(r, "to_dict"))]
    if bad:
        raise ConfigError(f"expected reports or report dicts, got {type(bad[0]).__name__}")
    return lambda: (_as_dict(r) for r in items)


def rows(report: ReportLike, table: str) -> list[dict[str, Any]]:
    """One table's rows for one report, labels and types as strings."""
    if table not in TABLES:
        raise ConfigError(f"unknown table {table!r}; expected one of {', '.join(TABLES)}")
    data = _as_dict(report)
    texts = {v["id"]: v["text"] for v in data["versions"]}
    return {"versions": _version_rows, "sentences": _sentence_rows, "units": _unit_rows, "pairs": _pair_rows}[
        table
    ](data, texts)


def _version_rows(data: Mapping[str, Any], texts: Mapping[str, str]) -> list[dict[str, Any]]:
    story = data["story"]
    return [
        {
            "story_id": story["id"],
            "story_title": story.get("title"),
            "version_id": v["id"],
            "language": v["language"],
            "language_detected": bool(v.get("language_detected")),
            **{name: v.get(name) for name in ("translated_from", "outlet", "url", "published")},
            "metadata": json.dumps(v.get("metadata", {}), ensure_ascii=False, sort_keys=True),
            "text": texts[v["id"]],
        }
        for v in data["versions"]
    ]


def _sentence_rows(data: Mapping[str, Any], texts: Mapping[str, str]) -> list[dict[str, Any]]:
    unit_of = {(vid, i): u["id"] for u in data["units"] for vid, indices in u["members"].items() for i in indices}
    return [
        {
            "story_id": data["story"]["id"], "version_id": v["id"], **s,
            "language": s.get("language", v["language"]), "unit": unit_of.get((v["id"], s["index"])),
        }
        for v in data["versions"]
        for s in v["sentences"]
    ]


def _unit_rows(data: Mapping[str, Any], texts: Mapping[str, str]) -> list[dict[str, Any]]:
    version_ids = [v["id"] for v in data["versions"]]
    return [
        {
            "story_id": data["story"]["id"],
            "unit_id": u["id"],
            "members": [{"version": vid, "sentences": s} for vid, s in u["members"].items()],
            "omitted_by": [vid for vid in version_ids if vid not in u["members"]],
        }
        for u in data["units"]
    ]


def _pair_rows(data: Mapping[str, Any], texts: Mapping[str, str]) -> list[dict[str, Any]]:
    versions = {v["id"]: v for v in data["versions"]}
    out = []
    for p in data["pairs"]:
        sides = {}
        for side in ("a", "b"):
            version = versions[p[side]["version"]]
            sides[f"version_{side}"] = version["id"]
            sides[f"language_{side}"] = p[side].get("language", version["language"])
            sides[f"sentences_{side}"] = p[side]["sentences"]
            sides[f"text_{side}"] = " ".join(version["sentences"][i]["text"] for i in p[side]["sentences"])
        for d in p.get("differences", ()):
            if d["type"] not in ALL_TYPES:
                raise ConfigError(f"difference type {d['type']!r} is not one of {', '.join(ALL_TYPES)}")
        out.append({
            "story_id": data["story"]["id"],
            "unit_id": p["unit"],
            **sides,
            "similarity": p["similarity"],
            "drift": p.get("drift"),
            "label": p.get("label"),
            "differences": list(p.get("differences", ())),
            "metrics": p.get("metrics") or {"chrf": None, "ter": None, "bleu": None},
            "words_a": list(p.get("words_a", ())),
            "words_b": list(p.get("words_b", ())),
        })
    return out


def to_dataset_dict(reports: ReportSource) -> "datasets.DatasetDict":
    """The reports as an in-memory ``DatasetDict`` with one split per table (see module
    docstring). For a large corpus use :func:`export_hf`, which streams."""
    from datasets import Dataset, DatasetDict

    stream = report_stream(reports)
    schema = features()
    return DatasetDict({
        table: Dataset.from_list([row for r in stream() for row in rows(r, table)], features=schema[table])
        for table in TABLES
    })


def to_pandas(reports: ReportSource, table: str = "pairs") -> "pandas.DataFrame":
    """One table (versions, sentences, units or pairs) as a pandas DataFrame; labels and
    drift types stay strings, nested fields stay lists of dicts."""
    import pandas

    all_rows = [row for r in report_stream(reports)() for row in rows(r, table)]
    return pandas.DataFrame(all_rows, columns=list(FIELDS[table]))


# The most Arrow bytes per parquet file: datasets' own shard size for the Hub
# (datasets.config.MAX_SHARD_SIZE), so a file stays easy to download and stream.
MAX_SHARD_BYTES = 500 * 1024 * 1024


def check_replaceable(out_dir: str | Path) -> None:
    """Refuse an export folder that exists and holds anything but an earlier drift export:
    an export replaces its folder as a whole, and must not delete a user's files (or the
    story it was read from)."""
    folder = Path(out_dir)
    if not folder.is_dir() or not any(folder.iterdir()):
        return
    card = folder / "README.md"
    if card.is_file() and CARD_TAG in card.read_text(encoding="utf-8", errors="replace"):
        return
    raise OutputError(
        "is a folder that holds other files, not a drift export; an export replaces its whole "
        "folder: name a new or empty one",
        path=str(folder),
    )


def export_hf(
    reports: ReportSource,
    out_dir: str | Path,
    *,
    push_to_hub: str | None = None,
    max_shard_bytes: int = MAX_SHARD_BYTES,
) -> Path:
    """Write the reports as a Hugging Face dataset folder; returns ``out_dir``.

    ``reports`` may be a function returning a fresh iterable of reports or report dicts:
    the tables are then streamed through Arrow files, so memory does not grow with the
    corpus. The folder holds the ``DatasetDict`` as ``save_to_disk`` writes it (read it back
    with ``datasets.load_from_disk``), each table's parquet shards under ``data/<table>/``
    (at most ``max_shard_bytes`` of Arrow data each), and a dataset card ``README.md``
    whose YAML names the four tables as configs (so ``datasets.load_dataset(out_dir,
    "pairs")`` works, locally or from the Hub); ``LICENSE.md`` lists the stories' licences
    when the Hub's list has no single id for them. The folder is built beside ``out_dir``
    and renamed into place: a failed export leaves nothing.

    push_to_hub: a Hub dataset repo (``user/name``) to upload the card and the parquet
        files to, creating it if needed. It needs a Hub token (``huggingface-cli login``
        or ``HF_TOKEN``). The folder is uploaded rather than ``DatasetDict.push_to_hub``
        called, because the latter stores the splits as one config with the first split's
        columns, which the four tables do not share.
    """
    from datasets.utils import disable_progress_bars, enable_progress_bars, is_progress_bar_enabled

    check_replaceable(out_dir)
    stream = report_stream(reports)
    facts = CorpusFacts.of(stream())
    out_dir = Path(out_dir)
    shown = is_progress_bar_enabled()
    disable_progress_bars()  # the tables' bars would only clutter stderr
    try:
        _write_folder(stream, facts, out_dir, max_shard_bytes)
    finally:
        if shown:
            enable_progress_bars()
    log.info("exported %d report(s) to %s", facts.stories, out_dir)
    if push_to_hub:
        push_folder(out_dir, push_to_hub)
    return out_dir


def _write_folder(
    stream: Callable[[], Iterator[Mapping[str, Any]]], facts: "CorpusFacts", out_dir: Path, max_shard_bytes: int
) -> None:
    from datasets import Dataset, DatasetDict

    schema = features()
    with atomic_path(out_dir) as staged, tempfile.TemporaryDirectory(dir=out_dir.parent) as cache:
        # A fresh cache folder per export: datasets would otherwise reuse tables cached
        # under the same generator fingerprint, though the reports on disk changed.
        # A table without rows (a corpus whose units all hold one version has no pairs) is
        # built empty: datasets refuses a generator that yields nothing.
        dataset = DatasetDict({
            table: Dataset.from_generator(
                _table_rows, gen_kwargs={"stream": stream, "table": table},
                features=schema[table], cache_dir=cache,
                fingerprint=hashlib.sha256(f"{facts.digest.hexdigest()}|{table}".encode()).hexdigest()[:16],
            ) if facts.rows[table] else Dataset.from_dict({name: [] for name in schema[table]}, features=schema[table])
            for table in TABLES
        })
        dataset.save_to_disk(str(staged))
        files: dict[str, int] = {}
        for table, split in dataset.items():
            shards = max(1, -(-split.data.nbytes // max_shard_bytes))
            (staged / "data" / table).mkdir(parents=True)
            for i in range(shards):
                path = staged / "data" / table / f"train-{i:05d}-of-{shards:05d}.parquet"
                split.shard(shards, i, contiguous=True).to_parquet(str(path))
                files[table] = files.get(table, 0) + path.stat().st_size
        infos = {
            table: {"rows": len(split), "bytes": split.data.nbytes, "download": files[table]}
            for table, split in dataset.items()
        }
        write_card(staged, facts, infos)
        del dataset  # release the Arrow files before the cache folder goes


def write_card(folder: Path, facts: "CorpusFacts", infos: Mapping[str, Mapping[str, int]], *, saved: bool = True) -> None:
    """The dataset card of an export folder, and ``LICENSE.md`` where the card links to it
    (see :func:`dataset_card` for ``infos`` and ``saved``)."""
    (folder / "README.md").write_text(dataset_card(facts, infos, saved=saved), encoding="utf-8")
    licence_file = licence_text(facts)
    if licence_file:
        (folder / LICENCE_FILE).write_text(licence_file, encoding="utf-8")


def _table_rows(stream: Callable[[], Iterator[Mapping[str, Any]]], table: str) -> Iterator[dict[str, Any]]:
    for report in stream():
        yield from rows(report, table)


def push_to_hub(reports: ReportSource, repo: str) -> None:
    """Export the reports into a temporary folder and upload it to the Hub dataset ``repo``:
    ``DatasetDict.push_to_hub`` cannot, as the four tables do not share columns."""
    with tempfile.TemporaryDirectory() as folder:
        export_hf(reports, Path(folder) / "dataset", push_to_hub=repo)


def push_folder(folder: Path, repo: str) -> None:
    """Upload an exported folder (card, licence file, parquet shards) to the Hub dataset
    ``repo``, creating it if needed (a token from ``hf auth login`` or ``HF_TOKEN``;
    ``HF_ENDPOINT`` names another Hub)."""
    from huggingface_hub import HfApi

    api = HfApi()
    try:
        api.create_repo(repo, repo_type="dataset", exist_ok=True)
        api.upload_folder(
            repo_id=repo, repo_type="dataset", folder_path=str(folder),
            allow_patterns=["README.md", LICENCE_FILE, "data/*/*.parquet"],
            commit_message=f"drift {__version__} export",
        )
    except Exception as exc:  # noqa: BLE001 - the Hub client and its HTTP library raise many types
        reason = str(exc).splitlines()[0] if str(exc) else ""
        raise OutputError(
            f"cannot upload to the Hugging Face Hub dataset {repo!r} ({type(exc).__name__}: {reason}); "
            "it needs a network and a token (hf auth login or HF_TOKEN)",
            path=str(folder),
        ) from exc
    log.info("pushed %s to the Hub dataset %s", folder, repo)


# Hugging Face's size buckets (the `size_categories` tag), by the largest table's rows.
_SIZES = ("n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M", "10M<n<100M",
          "100M<n<1B", "1B<n<10B", "10B<n<100B", "100B<n<1T")


def size_category(rows: int) -> str:
    """The Hub's ``size_categories`` value for a dataset whose largest table has ``rows``."""
    return next((name for power, name in enumerate(_SIZES, start=3) if rows < 10**power), "n>1T")


@dataclass
class CorpusFacts:
    """What the dataset card says of the reports, gathered in one streaming pass."""

    stories: int = 0
    languages: set[str] = field(default_factory=set)
    licences: list[str] = field(default_factory=list)
    licence_links: set[str] = field(default_factory=set)
    translations: bool = False
    signatures: set[str] = field(default_factory=set)
    metric_signatures: dict[str, dict[str, str]] = field(default_factory=dict)
    story_rows: list[tuple[str, str, int, str]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    first_title: str = ""
    # sha256 of the reports' canonical JSON: the tables' datasets fingerprint, so that the
    # same reports give the same files (datasets would draw a random one otherwise).
    digest: Any = field(default_factory=hashlib.sha256)

    @classmethod
    def of(cls, reports: Iterable[ReportLike]) -> "CorpusFacts":
        facts = cls()
        for report in reports:
            data = _as_dict(report)
            facts.digest.update(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8"))
            story = data["story"]
            metadata = story.get("metadata", {})
            given = str(metadata.get("license") or "").strip()
            facts.stories += 1
            facts.languages.update(v["language"] for v in data["versions"])
            facts.translations = facts.translations or any(v.get("translated_from") for v in data["versions"])
            facts.licences.append(given)
            if metadata.get("license_link"):
                facts.licence_links.add(str(metadata["license_link"]))
            facts.signatures.add(data["signature"])
            facts.rows["versions"] += len(data["versions"])
            facts.rows["sentences"] += sum(len(v["sentences"]) for v in data["versions"])
            facts.rows["units"] += len(data["units"])
            facts.rows["pairs"] += len(data["pairs"])
            for language, named in data.get("metric_signatures", {}).items():
                facts.metric_signatures.setdefault(language, {}).update(named)
            if len(facts.story_rows) < CARD_STORIES:
                facts.story_rows.append(
                    (story["id"], story.get("title") or "", len(data["versions"]), given or "unknown")
                )
            facts.first_title = facts.first_title or story.get("title") or story["id"]
        if not facts.stories:
            raise ConfigError("nothing to export: expected at least one report")
        return facts

    @property
    def title(self) -> str:
        return f"drift: {self.first_title}" if self.stories == 1 else f"drift: {self.stories} stories"


# The card lists at most this many stories by name; a corpus card just counts the rest.
CARD_STORIES = 100


LICENCE_FILE = "LICENSE.md"


@lru_cache(maxsize=1)
def hub_licences() -> frozenset[str]:
    """The licence ids the Hub accepts (``drift/data/hub-licenses.txt``)."""
    text = resources.files("drift").joinpath("data/hub-licenses.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def licence(reports: Iterable[ReportLike] | CorpusFacts) -> str:
    """The Hub licence id: the stories' ``license`` metadata when all give the same id from
    the Hub's list (any case), ``unknown`` when any gives none, else ``other`` (then
    :func:`licence_metadata` adds ``license_name`` and ``license_link``)."""
    facts = reports if isinstance(reports, CorpusFacts) else CorpusFacts.of(reports)
    given = {value.lower() for value in facts.licences}
    if "" in given:
        return "unknown"
    only = given.pop() if len(given) == 1 else None
    return only if only in hub_licences() else "other"


def licence_metadata(facts: CorpusFacts) -> dict[str, str]:
    """The card's licence fields: ``license``, and for ``other`` a ``license_name`` (a slug
    of the stories' licence, or ``mixed``) and a ``license_link`` (the stories' common
    ``license_link`` metadata, else the LICENSE.md that lists every story's licence)."""
    tag = licence(facts)
    if tag != "other":
        return {"license": tag}
    given = sorted(set(facts.licences))
    name = re.sub(r"[^a-z0-9]+", "-", given[0].lower()).strip("-") if len(given) == 1 else "mixed"
    link = next(iter(facts.licence_links)) if len(given) == 1 and len(facts.licence_links) == 1 else LICENCE_FILE
    return {"license": "other", "license_name": name or "other", "license_link": link}


def licence_text(facts: CorpusFacts) -> str | None:
    """``LICENSE.md``: each story's licence as its metadata gives it, when the card's
    licence is ``other`` and links to this file; else None."""
    if licence_metadata(facts).get("license_link") != LICENCE_FILE:
        return None
    more = facts.stories - len(facts.story_rows)
    return "\n".join([
        "# Licences", "",
        "The stories of this dataset come under different or non-standard licences, as their "
        "`story.toml` (`license`) gives them. Each story's rows are under its licence.", "",
        "| story | licence |", "| --- | --- |",
        *(f"| `{sid}` | {lic} |" for sid, _, _, lic in facts.story_rows),
        *([f"| ... | {more} more stories: see their sources |"] if more > 0 else []), "",
    ])


def multilinguality(facts: CorpusFacts) -> list[str]:
    """The Hub's ``multilinguality`` tags: monolingual, or multilingual (and translation
    when some version names the language it was translated from)."""
    if len(facts.languages) <= 1:
        return ["monolingual"]
    return ["multilingual", "translation"] if facts.translations else ["multilingual"]


def dataset_info(infos: Mapping[str, Mapping[str, int]]) -> list[dict[str, Any]]:
    """The card's ``dataset_info``: each config's features and its one split's size."""
    from datasets import DatasetInfo, SplitDict, SplitInfo

    schema = features()
    out = []
    for table in TABLES:
        size = infos[table]
        info = DatasetInfo(
            features=schema[table],
            splits=SplitDict({"train": SplitInfo("train", num_bytes=size["bytes"], num_examples=size["rows"])}),
            download_size=size["download"], dataset_size=size["bytes"],
        )
        out.append({"config_name": table, **info._to_yaml_dict()})
    return out


def dataset_card(facts: CorpusFacts, infos: Mapping[str, Mapping[str, int]], *, saved: bool = True) -> str:
    """The dataset card (``README.md``): YAML metadata for the Hub, then what each table
    and field holds, how the data was produced (signatures, drift version), its
    limitations and how to cite it. ``infos[table]`` gives ``rows``, ``bytes`` (Arrow) and
    ``download`` (parquet bytes); ``saved``: the folder also holds the ``DatasetDict`` as
    ``save_to_disk`` writes it (the Ray engine's export writes the parquet shards only)."""
    import yaml

    languages = sorted(facts.languages)
    sizes = {table: info["rows"] for table, info in infos.items()}
    meta = {
        "language": languages,
        **licence_metadata(facts),
        "annotations_creators": ["machine-generated"],
        "language_creators": ["found"],
        "multilinguality": multilinguality(facts),
        "source_datasets": ["original"],
        "size_categories": [size_category(max(sizes.values()))],
        "task_categories": ["translation", "text-classification", "sentence-similarity"],
        "tags": [CARD_TAG, "news", "multilingual", "sentence-alignment", "drift"],
        "pretty_name": facts.title,
        "configs": [
            {
                "config_name": t,
                "data_files": [{"split": "train", "path": f"data/{t}/train-*.parquet"}],
                **({"default": True} if t == "pairs" else {}),
            }
            for t in TABLES
        ],
        "dataset_info": dataset_info(infos),
    }
    more = facts.stories - len(facts.story_rows)
    lines = [
        "---", yaml.safe_dump(meta, sort_keys=False, allow_unicode=True).strip(), "---", "",
        f"# {facts.title}", "",
        f"Versions of {facts.stories} news stor{'y' if facts.stories == 1 else 'ies'} in "
        f"{', '.join(languages)}, aligned sentence by sentence across versions, with how far "
        f"meaning drifted between every two versions of each aligned unit. Made by drift {__version__}.", "",
        "## Stories", "",
        "| story | title | versions | licence |", "| --- | --- | ---: | --- |",
        *(f"| `{sid}` | {title} | {count} | {lic} |" for sid, title, count, lic in facts.story_rows),
        *([f"| ... | and {more} more stories | | |"] if more > 0 else []),
        "",
        "## Tables", "",
        ("Each table is a split of the `DatasetDict` saved here (`datasets.load_from_disk`) and a "
         if saved else "Each table is a ")
        + "config (`datasets.load_dataset(path, \"pairs\")`). Offsets are character offsets into "
        "the version's `text` in the `versions` table: `text[start:end]` is the span.", "",
    ]
    for table in TABLES:
        lines += [f"### `{table}` ({sizes[table]} rows)", "", "| field | meaning |", "| --- | --- |"]
        lines += [f"| `{name}` | {meaning} |" for name, meaning in FIELDS[table].items()]
        lines.append("")
    lines += [
        "`label` is a ClassLabel with names " + ", ".join(f"`{x}`" for x in LABELS) + "; the "
        "difference `type` is a ClassLabel with names " + ", ".join(f"`{t}`" for t in ALL_TYPES) + ".", "",
        "## How it was produced", "",
        f"With drift {__version__} (`drift export ... --to hf` or `drift batch`). Each report's "
        "signature names the drift version, the sentence-embedding model and the settings that "
        "shaped it:", "",
        *(f"- `{s}`" for s in sorted(facts.signatures)), "",
        *(["sacrebleu's signatures of the lexical metrics, per language:", "",
           *(f"- {lang}: " + "; ".join(f"{m} `{sig}`" for m, sig in named.items())
             for lang, named in sorted(facts.metric_signatures.items())), ""]
          if facts.metric_signatures else []),
        "## Limitations", "",
        "Every alignment, score, label and difference here is machine-generated, not annotated "
        "by people. Sentences are aligned from multilingual sentence vectors, so a paraphrase can "
        "be aligned to the wrong sentence and a sentence that only one version has is an "
        "omission or an addition however it is worded. `drift` and `label` come from a model "
        "calibrated on REFreSD (English-French Wikipedia sentence pairs), not on news; typed "
        "differences come from rules and word alignment and miss what they do not cover. BLEU, "
        "chrF and TER say how much wording changed, not meaning, and are absent across "
        "languages. Use the scores to find passages worth reading, not as verdicts.", "",
        "## Citation", "",
        "Cite the sources of the stories (see the licences above) and the tool that made the "
        "dataset, with the signature of the run:", "",
        "```bibtex",
        "@software{drift,",
        "  title = {drift: multilingual translation-drift analysis},",
        f"  version = {{{__version__}}},",
        f"  note = {{{'; '.join(sorted(facts.signatures))}}},",
        "}",
        "```", "",
    ]
    return "\n".join(lines)
