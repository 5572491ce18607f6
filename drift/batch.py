"""Corpus mode: analyse many stories, streaming, resumable, on all cores.

``run_batch(source, out_dir)`` reads a JSONL corpus or a Hugging Face dataset one story at
a time, analyses each story in a pool of worker processes, and writes into ``out_dir``:

* ``reports/<name>.json``: one report per story (``Report.to_dict()`` plus
  ``input_sha256``), written atomically as each story finishes (by the parent, or by the
  Ray engine's encoder replicas); ``<name>``
  is the story id made safe for file names (see :func:`safe_name`);
* ``errors.jsonl``: one line per story that could not be analysed, with its id (or line
  number) and a one-line reason; the run goes on without it;
* ``batch.json``: the run's counts and a hash of what it holds, written at the end;
* ``hf/``: the whole corpus as one Hugging Face dataset (:func:`export_reports`).

A rerun skips every story whose report exists and was made from the same input with the
same configuration (``input_sha256`` hashes both), so an interrupted run loses only the
stories that were in flight. Nothing is ever read into memory whole: at most a few stories
per worker are in flight, and the export reads the reports back from disk.

Lexical metrics: as every command, a corpus run computes chrF and BLEU but not TER unless
asked (``DEFAULT_METRICS``). sacrebleu's TER searches word shifts in pure Python; on the
synthetic corpus of ``scripts/bench_corpus.py`` it took a fifth of all the time (more than
aligning, scoring and writing together). ``drift batch --metrics chrf,ter,bleu`` adds it
back; a report's signature names the metrics it holds.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import re
import secrets
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Protocol

from drift import __version__, ingest
from drift.errors import ConfigError, CorpusLineError, DriftError, InputError, Interrupted
from drift.files import atomic_path, check_output, parents_made, write_text_atomic
from drift.report.json import render_json
from drift.pipeline import AnalysisConfig

if TYPE_CHECKING:
    from drift.encoders import Encoder
    from drift.types import Story

log = logging.getLogger("drift")

REPORTS_DIR = "reports"
ERRORS_NAME = "errors.jsonl"
SUMMARY_NAME = "batch.json"
HF_DIR = "hf"
# Stories handed to the pool and not yet written, per worker: two keep a worker busy while
# the parent writes the previous result, and bound memory whatever the corpus size.
IN_FLIGHT_PER_WORKER = 2
# File names are limited to 255 bytes on common file systems; ids are cut well below that.
MAX_NAME_CHARS = 100
# Hex digits of SHA-256 appended to a changed or colliding name: 40 bits, so that two ids of
# one corpus share a suffix with probability ~n^2 / 2^41 (1e-4 for a million stories).
NAME_HASH_CHARS = 10

_UNSAFE_CHARS = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class BatchSummary:
    """What a batch run did; the CLI exits non-zero when ``failed`` is not zero.

    ``sentences`` counts the content sentences of the stories analysed in this run;
    ``analyze_seconds`` and ``encode_seconds`` add up, over stories, the time spent in
    ``analyze`` and, within it, in the encoder (summed over workers, so they can exceed
    ``seconds``, the run's wall time).
    """

    out_dir: Path
    done: int
    skipped: int
    failed: int
    sentences: int
    seconds: float
    analyze_seconds: float
    encode_seconds: float

    @property
    def total(self) -> int:
        return self.done + self.skipped + self.failed

    @property
    def errors_path(self) -> Path:
        return self.out_dir / ERRORS_NAME

    def one_line(self) -> str:
        """``12 stories: 10 analysed, 1 skipped (unchanged), 1 failed (see .../errors.jsonl)``."""
        text = (
            f"{self.total} stories: {self.done} analysed, {self.skipped} skipped (unchanged), "
            f"{self.failed} failed"
        )
        return f"{text} (see {self.errors_path})" if self.failed else text

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["out_dir"] = str(self.out_dir)
        return out


# -- reading the source, one story at a time ------------------------------------------------


@dataclass(frozen=True)
class _Item:
    """One story of the source as read: its parsed record, or why it could not be parsed.

    ``locator`` says where it is for the error log: ``{"line": n}`` (JSONL) or ``{"row": n}``.
    """

    where: str
    locator: Mapping[str, int]
    record: Any = None
    error: str | None = None


def _jsonl_items(path: Path) -> Iterator[_Item]:
    """Each non-blank line of a JSONL corpus; a malformed line becomes an error item."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = ingest.parse_jsonl_line(raw, where=where, first=number == 1)
            except CorpusLineError as exc:
                yield _Item(where, {"line": number}, error=exc.one_line())
                continue
            yield _Item(where, {"line": number}, record)


def _row_items(rows: Iterable[Mapping[str, Any]]) -> Iterator[_Item]:
    for number, row in enumerate(rows):
        yield _Item(f"row {number}", {"row": number}, row)


def _count_lines(path: Path) -> int:
    """Non-blank lines: the progress bar's total, counted in one quick pass."""
    with path.open("rb") as handle:
        return sum(1 for raw in handle if raw.strip())


def _load_from_disk(path: Path) -> Any:
    """A dataset saved with ``save_to_disk``; a DatasetDict must hold exactly one split."""
    import datasets

    try:
        loaded = datasets.load_from_disk(str(path))
    except (FileNotFoundError, ValueError) as exc:
        raise InputError(f"not a dataset saved with save_to_disk ({exc})", path=str(path)) from None
    if isinstance(loaded, datasets.DatasetDict):
        if len(loaded) != 1:
            raise InputError(
                f"holds the splits {', '.join(loaded)}; save or pass a single split", path=str(path)
            )
        loaded = next(iter(loaded.values()))
    return loaded


def open_source(source: str | Path | Iterable[Mapping[str, Any]], *, hf_dataset: bool = False) -> tuple[Iterator[_Item], int | None]:
    """The stories of ``source`` as a stream, and how many there are (None if unknown).

    ``source`` is a JSONL path, a dataset folder from ``save_to_disk`` (with
    ``hf_dataset=True``), or rows: a ``datasets.Dataset``, an ``IterableDataset`` from
    ``load_dataset(..., streaming=True)``, or any iterable of story mappings.
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.exists():
            raise InputError("no such file or folder", path=str(path))
        if hf_dataset:
            source = _load_from_disk(path)
        elif path.is_dir():
            raise InputError(
                "is a folder; expected a .jsonl corpus (for a dataset saved with save_to_disk, "
                "pass --hf-dataset)", path=str(path),
            )
        else:
            return _jsonl_items(path), _count_lines(path)
    if isinstance(source, (str, bytes)) or not isinstance(source, Iterable):
        raise ConfigError(
            f"expected a corpus path, a dataset or an iterable of story mappings, got {type(source).__name__}"
        )
    try:
        total: int | None = len(source)  # type: ignore[arg-type]
    except TypeError:  # a streaming dataset or a generator
        total = None
    return _row_items(source), total


# -- names and hashes -----------------------------------------------------------------------


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:NAME_HASH_CHARS]


def safe_name(story_id: str) -> str:
    """A file name (without suffix) for a story id: ``[A-Za-z0-9._-]`` kept, others ``_``.

    When anything was replaced or cut (or the id starts with a dot, which would hide the
    file), a short hash of the id is appended, so two different ids never share a name.
    """
    kept = _UNSAFE_CHARS.sub("_", story_id)[:MAX_NAME_CHARS]
    if kept.startswith("."):
        kept = "_" + kept[1:]
    if kept == story_id and kept:
        return kept
    return f"{kept or 'story'}-{_short_hash(story_id)}"


class _Names:
    """The file names given in this run: a name is never given to two ids.

    Names are compared case-insensitively, as macOS and Windows file systems do. A story
    id seen twice is refused (its second report would overwrite the first).
    """

    def __init__(self) -> None:
        self._taken: dict[str, tuple[str, str]] = {}  # casefolded name -> (story id, where)

    def assign(self, story_id: str, where: str) -> str:
        name = safe_name(story_id)
        length = NAME_HASH_CHARS
        while (owner := self._taken.get(name.casefold())) is not None:
            if owner[0] == story_id:
                raise InputError(f"story id {story_id!r} appears twice (first at {owner[1]})", path=where)
            length += 4  # a collision with another id's name: lengthen the hash until unique
            name = f"{safe_name(story_id)}-{hashlib.sha256(story_id.encode('utf-8')).hexdigest()[:length]}"
        self._taken[name.casefold()] = (story_id, where)
        return name


def config_key(config: AnalysisConfig, language: str | None) -> str:
    """Everything besides the story that shapes a report (drift version, every config
    field, the default language); part of each story's input hash."""
    fields = json.dumps(asdict(config), sort_keys=True, default=str)
    return f"drift:{__version__}|config:{fields}|language:{language}"


def _without_nulls(value: Any) -> Any:
    """The record without null fields: a dataset row has a null wherever its JSONL line has
    no key, and both mean the same story, so both should hash the same."""
    if isinstance(value, Mapping):
        return {str(k): _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_without_nulls(v) for v in value]
    return value


def input_sha256(record: Any, key: str) -> str:
    """SHA-256 of the canonical JSON of a story's input record and the config key."""
    canonical = json.dumps(
        _without_nulls(record), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(f"{key}\n{canonical}".encode("utf-8")).hexdigest()


def _is_finished(path: Path, digest: str) -> bool:
    """True when ``path`` is a report made from the same input and configuration.

    Only the report's last bytes are read: ``input_sha256`` is its last key (added last,
    see ``_Analyzer.analyze``, and written by ``render_json``), so a finished report ends
    with exactly :func:`_digest_tail`. Parsing each report whole cost a rerun of a finished
    corpus 0.12 s per story (1.2 of its 4.4 s for 10 stories, on a loaded 2-core machine).
    """
    tail = _digest_tail(digest)
    try:
        with path.open("rb") as handle:
            handle.seek(max(0, os.fstat(handle.fileno()).st_size - len(tail)))
            return handle.read() == tail
    except OSError:
        return False


def _digest_tail(digest: str) -> bytes:
    """How a report whose input hash is ``digest`` ends, as ``render_json`` writes it."""
    return render_json({"input_sha256": digest}).encode("utf-8")[1:]


# -- analysing one story (in a worker or in-process) ----------------------------------------


@dataclass(frozen=True)
class _Task:
    where: str
    locator: Mapping[str, int]
    record: Any  # None in a result a worker stored (see _Result.stored)
    digest: str
    name: str | None  # None when the record has no usable id (it fails in the worker)
    story_id: str | None = None


@dataclass(frozen=True)
class _Result:
    task: _Task
    report_json: str | None = None  # None when the story failed, or once the report is stored
    reason: str | None = None  # why the story failed; None when it did not
    sentences: int = 0
    analyze_seconds: float = 0.0
    encode_seconds: float = 0.0

    def write_report(self, reports_dir: Path) -> None:
        """Write the report (atomically) to ``reports_dir``, if this result holds one."""
        if self.report_json is not None:
            write_text_atomic(reports_dir / f"{self.task.name}.json", self.report_json)

    def stored(self, reports_dir: Path) -> "_Result":
        """This result with its report written, holding neither the report nor the story's
        record: what a worker that writes its reports sends back (the Ray engine's replicas
        do), so the run's process gets a few hundred bytes per story, whatever the story's
        size."""
        self.write_report(reports_dir)
        return replace(self, task=replace(self.task, record=None), report_json=None)


class _TimedEncoder:
    """Passes through to an encoder and adds up the seconds spent in it, so a batch can
    say how much of its time goes to the model."""

    def __init__(self, encoder: "Encoder") -> None:
        self._encoder = encoder
        self.seconds = 0.0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._encoder, name)

    def _timed(self, method: Callable[..., Any], texts: Any, **options: Any) -> Any:
        start = time.perf_counter()
        try:
            return method(texts, **options)
        finally:
            self.seconds += time.perf_counter() - start

    def encode_sentences(self, texts: Any) -> Any:
        return self._timed(self._encoder.encode_sentences, texts)

    def encode_words(self, texts: Any, **options: Any) -> Any:
        return self._timed(self._encoder.encode_words, texts, **options)


@dataclass
class _Analyzer:
    """What analysing a story needs, built once per process: the config and the encoder."""

    config: AnalysisConfig
    language: str | None
    threads: int | None = None
    _encoder: "Encoder | None" = field(default=None, repr=False)

    def encoder(self) -> "Encoder":
        if self._encoder is None:
            from drift.encoders import get_encoder

            self._encoder = get_encoder(
                self.config.model, threads=self.threads, dtype=self.config.dtype, device=self.config.device
            )
        return self._encoder

    def __call__(self, task: _Task) -> _Result:
        """Analyse one record. A story that cannot be analysed comes back as a failed
        result with its reason; only an encoder that cannot load stops the batch."""
        story = self.segment(task)
        return story if isinstance(story, _Result) else self.analyze(task, story)

    def segment(self, task: _Task) -> "Story | _Result":
        """The record's story, segmented, or a failed result. Needs no model, so an engine
        may run it apart from the encoder (the Ray engine does, in plain tasks)."""
        from drift.ingest import story_from_record
        from drift.segment import segment

        return _contained(task, lambda: segment(
            story_from_record(task.record, where=task.where, language=self.language)
        ))

    def analyze(self, task: _Task, story: "Story") -> _Result:
        """Encode, align and score a segmented story into its report, or a failed result."""
        from drift.pipeline import analyze

        start = time.perf_counter()
        encoder = _TimedEncoder(self.encoder())
        report = _contained(task, lambda: analyze(story, self.config, encoder=encoder, progress=False))  # type: ignore[arg-type]
        if isinstance(report, _Result):
            return report
        data = report.to_dict()
        data["input_sha256"] = task.digest
        return _Result(
            task,
            report_json=render_json(data),
            sentences=sum(len(v.content_sentences) for v in report.story.versions),
            analyze_seconds=time.perf_counter() - start,
            encode_seconds=encoder.seconds,
        )


def _contained(task: _Task, step: Callable[[], Any]) -> Any:
    """``step()``, or a failed result saying why: one story's failure must not stop a corpus;
    only an encoder that cannot load does (it fails before any story reaches here)."""
    try:
        return step()
    except DriftError as exc:
        return _Result(task, reason=exc.one_line())
    except Exception as exc:  # noqa: BLE001 - one story's failure must not stop a corpus
        log.debug("%s: internal error", task.where, exc_info=True)
        return _Result(task, reason=f"[internal] {type(exc).__name__}: {exc}")


# A pool worker's analyser, or why it could not start (the model did not load).
_WORKER: _Analyzer | DriftError | None = None


def _die_with_parent(parent: int) -> None:
    """End this worker when the parent process ends, even by SIGKILL: on Linux the kernel
    sends SIGKILL (PR_SET_PDEATHSIG); elsewhere a watchdog thread polls the parent's pid.
    A worker holds a model (about 1 GB) and must not outlive the run."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)
        return
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="drift-parent-watchdog", daemon=True).start()


def _init_worker(config: AnalysisConfig, language: str | None, threads: int, parent: int) -> None:
    """Pool initializer: load the model once per worker, with ``threads`` torch threads."""
    global _WORKER
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    analyzer = _Analyzer(config, language, threads)
    try:
        analyzer.encoder()
    except DriftError as exc:  # raised again by every task, so the parent stops the batch
        _WORKER = exc
        return
    _WORKER = analyzer


def _work(task: _Task) -> _Result:
    if not isinstance(_WORKER, _Analyzer):
        raise _WORKER or RuntimeError("the pool worker was not initialised")
    return _WORKER(task)


class Runner(Protocol):
    """How an engine analyses the stories the run hands it: ``submit`` takes one story and
    yields the results that are ready, ``drain`` yields the rest, ``export`` writes the
    combined dataset of the reports named, ``close`` frees what the runner holds
    (processes, a cluster), whether the run finished or not."""

    def submit(self, task: _Task) -> Iterator[_Result]: ...

    def drain(self) -> Iterator[_Result]: ...

    def export(self, out: Path, names: list[str]) -> Path: ...

    def close(self, interrupted: bool = False) -> None: ...


class Engine(Protocol):
    """Where a batch runs. The run itself (reading the corpus, names, input hashes,
    skipping finished stories, writing reports and errors) is the same for every engine."""

    def runner(self, config: AnalysisConfig, language: str | None, out: Path) -> Runner: ...


@dataclass(frozen=True)
class LocalEngine:
    """This machine: ``workers`` processes (default: one per core), each loading the model
    once and using ``cpu_count // workers`` torch threads; 1 analyses in this process."""

    workers: int | None = None

    def __post_init__(self) -> None:
        if self.workers is not None and self.workers < 1:
            raise ConfigError(f"workers must be at least 1, got {self.workers}")

    def runner(self, config: AnalysisConfig, language: str | None, out: Path) -> Runner:
        cores = os.cpu_count() or 1
        workers = self.workers or cores
        if workers > cores:  # each worker loads its own model: --workers 100 for 10 would exhaust memory
            log.warning("%d workers asked for, but this machine has %d CPU cores; running %d", workers, cores, cores)
            workers = cores
        return _InProcess(config, language) if workers == 1 else _Pool(config, language, workers)


class _InProcess:
    """workers=1: analyse each story as it comes, in this process."""

    def __init__(self, config: AnalysisConfig, language: str | None) -> None:
        self._analyzer = _Analyzer(config, language)

    def submit(self, task: _Task) -> Iterator[_Result]:
        yield self._analyzer(task)

    def drain(self) -> Iterator[_Result]:
        return iter(())

    def export(self, out: Path, names: list[str]) -> Path:
        return export_reports(out, names=names)

    def close(self, interrupted: bool = False) -> None:
        pass


class _Pool:
    """workers>1: a process pool, started on the first story that needs analysing (a
    rerun with nothing to do loads no model), with a bounded number of stories in flight."""

    def __init__(self, config: AnalysisConfig, language: str | None, workers: int) -> None:
        self._args = (config, language, max(1, (os.cpu_count() or 1) // workers), os.getpid())
        self._workers = workers
        self._executor: ProcessPoolExecutor | None = None
        self._pending: set[Future[_Result]] = set()

    def submit(self, task: _Task) -> Iterator[_Result]:
        if self._executor is None:
            # spawn, not fork: torch's thread pools do not survive a fork.
            self._executor = ProcessPoolExecutor(
                self._workers, mp_context=get_context("spawn"),
                initializer=_init_worker, initargs=self._args,
            )
        self._pending.add(self._executor.submit(_work, task))
        if len(self._pending) >= self._workers * IN_FLIGHT_PER_WORKER:
            done, self._pending = wait(self._pending, return_when=FIRST_COMPLETED)
            yield from (future.result() for future in done)

    def drain(self) -> Iterator[_Result]:
        while self._pending:
            done, self._pending = wait(self._pending, return_when=FIRST_COMPLETED)
            yield from (future.result() for future in done)

    def export(self, out: Path, names: list[str]) -> Path:
        return export_reports(out, names=names)

    def close(self, interrupted: bool = False) -> None:
        """Wait for the workers to end; when interrupted, end them now (the stories in
        flight are lost: a rerun analyses them)."""
        if self._executor is None:
            return
        if interrupted:
            # The executor has no public way to stop running tasks; its process table does.
            for process in list(getattr(self._executor, "_processes", {}).values()):
                process.kill()
        self._executor.shutdown(wait=True, cancel_futures=True)


# -- the error log ----------------------------------------------------------------------------


class _ErrorLog:
    """``errors.jsonl`` of this run: written under a temporary name and put in place when
    the run ends, interrupted or not, so it never holds a partial line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        self._handle = self._tmp.open("x", encoding="utf-8")  # "x": never another run's file

    def write(self, story_id: str | None, item_where: str, locator: Mapping[str, int], reason: str) -> None:
        entry = {"id": story_id, **locator, "where": item_where, "reason": reason}
        self._handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._handle.flush()

    def close(self) -> None:
        self._handle.close()
        os.replace(self._tmp, self.path)


# -- the run ----------------------------------------------------------------------------------


def _remove_stale_temporaries(out: Path) -> None:
    """Remove the temporary files and folders (``.*.tmp``) a killed run left in ``out``:
    the error log's and those of atomic writes. (Two runs must not share one folder.)"""
    for folder in (out, out / REPORTS_DIR):
        for path in folder.glob(".*.tmp"):
            log.info("removing %s, left by an interrupted run", path)
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _story_id(record: Any) -> str | None:
    if isinstance(record, Mapping) and record.get("id") is not None:
        return str(record["id"])
    return None


class _Run:
    """The bookkeeping of one batch run: which stories to analyse, what came of each, the
    error log and the progress bar. Only the parent process writes files, but for the
    reports that an engine's workers store themselves (``_Result.stored``)."""

    def __init__(self, out: Path, key: str, total: int | None, progress: bool) -> None:
        from tqdm import tqdm

        self.reports_dir = out / REPORTS_DIR
        self.reports_dir.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(out)
        self.key = key
        self.names = _Names()
        self.listed: list[str] = []  # report names in corpus order, for the export
        self.corpus = hashlib.sha256(key.encode("utf-8"))  # every name and input hash, in order
        self.done = self.skipped = self.failed = self.sentences = 0
        self.analyze_seconds = self.encode_seconds = 0.0
        self.errors = _ErrorLog(out / ERRORS_NAME)
        self.bar = tqdm(
            total=total, unit="story", file=sys.stderr, disable=None if progress else True,  # None: only on a terminal
            dynamic_ncols=True, desc="drift batch",
        )

    def admit(self, item: _Item) -> _Task | None:
        """The task for one story, or None when it failed already or is finished."""
        if item.error is not None:
            self.fail(None, item, item.error)
            return None
        story_id = _story_id(item.record)
        try:
            name = self.names.assign(story_id, item.where) if story_id is not None else None
        except InputError as exc:
            self.fail(story_id, item, exc.one_line())
            return None
        digest = input_sha256(item.record, self.key)
        if name is not None:
            self.listed.append(name)
            self.corpus.update(f"\n{name}\t{digest}".encode("utf-8"))
            if _is_finished(self.reports_dir / f"{name}.json", digest):
                self.skipped += 1
                self.bar.update()
                return None
        return _Task(item.where, item.locator, item.record, digest, name, story_id)

    def finish(self, result: _Result) -> None:
        """Write a story's report atomically (unless the worker did), or log why it failed."""
        task = result.task
        if result.reason is not None:
            if task.name is not None:  # a report of an earlier input would now be stale
                (self.reports_dir / f"{task.name}.json").unlink(missing_ok=True)
            self.fail(task.story_id, task, result.reason)
            return
        result.write_report(self.reports_dir)
        self.done += 1
        self.sentences += result.sentences
        self.analyze_seconds += result.analyze_seconds
        self.encode_seconds += result.encode_seconds
        self.bar.update()

    def fail(self, story_id: str | None, item: _Item | _Task, reason: str) -> None:
        self.errors.write(story_id, item.where, item.locator, reason)
        self.failed += 1
        self.bar.set_postfix(failed=self.failed, refresh=False)
        self.bar.update()

    def close(self) -> None:
        self.errors.close()
        self.bar.close()

    def summary(self, out: Path, seconds: float) -> BatchSummary:
        return BatchSummary(
            out_dir=out, done=self.done, skipped=self.skipped, failed=self.failed,
            sentences=self.sentences, seconds=seconds,
            analyze_seconds=self.analyze_seconds, encode_seconds=self.encode_seconds,
        )


def run_batch(
    source: str | Path | Iterable[Mapping[str, Any]],
    out_dir: str | Path,
    *,
    workers: int | None = None,
    engine: Engine | None = None,
    config: AnalysisConfig | None = None,
    language: str | None = None,
    hf_dataset: bool = False,
    progress: bool = True,
    export: bool = True,
) -> BatchSummary:
    """Analyse every story of a corpus into ``out_dir`` (see the module docstring).

    Args:
        source: a JSONL corpus path; a folder from ``Dataset.save_to_disk`` (with
            ``hf_dataset=True``); or rows (a ``datasets.Dataset``, a streaming
            ``IterableDataset``, any iterable of story mappings).
        workers: processes to analyse with, each loading the model once and using
            ``cpu_count // workers`` torch threads; 1 analyses in this process;
            default ``os.cpu_count()``. Short for ``engine=LocalEngine(workers)``.
        engine: where to analyse: :class:`LocalEngine` (the default) or
            ``drift.batch_ray.RayEngine`` (a Ray cluster); the reports are the same.
        config: the analysis configuration (default ``AnalysisConfig()``:
            no TER, see the module docstring).
        language: the language of versions that name none (default: detect).
        progress: show a progress bar (stories per second, ETA) on stderr.
        export: also write the Hugging Face dataset of all reports into ``out_dir/hf``
            by the engine (skipped when nothing changed since the last run that wrote it):
            :func:`export_reports`, or the Ray engine's parallel export.
    """
    config = config or AnalysisConfig()
    if engine is not None and workers is not None:
        raise ConfigError("give workers or an engine, not both (workers belong to the local engine)")
    engine = engine or LocalEngine(workers)
    start = time.perf_counter()
    out = Path(out_dir)
    from drift.export import check_replaceable

    for name, folder in ((REPORTS_DIR, True), (HF_DIR, True), (ERRORS_NAME, False), (SUMMARY_NAME, False)):
        check_output(out / name, folder=folder)  # a file named reports would fail the run at its end
    if export:
        check_replaceable(out / HF_DIR)
    items, total = open_source(source, hf_dataset=hf_dataset)
    first = next(items, None)
    if first is None:  # refused before the output folder is made
        raise InputError(
            "holds no stories", path=str(source) if isinstance(source, (str, os.PathLike)) else "corpus rows"
        )
    items = itertools.chain([first], items)
    key = config_key(config, language)
    run = _Run(out, key, total, progress)
    runner = engine.runner(config, language, out)
    try:
        for item in items:
            task = run.admit(item)
            if task is not None:
                for result in runner.submit(task):
                    run.finish(result)
        for result in runner.drain():
            run.finish(result)
    except BaseException as exc:
        runner.close(interrupted=True)
        run.close()
        if not isinstance(exc, KeyboardInterrupt):
            raise
        kept = len(list(run.reports_dir.glob("*.json")))
        raise Interrupted(  # Ctrl-C, or SIGTERM as the CLI raises it
            getattr(exc, "signum", signal.SIGINT),
            f"kept {kept} finished report(s) in {run.reports_dir} ({run.done} from this run) and "
            f"{out / ERRORS_NAME}; rerun the same command to resume",
        ) from None
    run.close()
    summary = run.summary(out, time.perf_counter() - start)
    corpus = run.corpus.hexdigest()
    try:
        # Without a single report (every story failed) there is nothing to export.
        if export and (summary.done or summary.skipped) and (
            summary.done or _previous_corpus(out) != corpus or not (out / HF_DIR).exists()
        ):
            runner.export(out, run.listed)  # before close: the Ray engine exports on its cluster
    finally:
        runner.close()
    record = {**summary.to_dict(), "config": key, "corpus_sha256": corpus}
    write_text_atomic(out / SUMMARY_NAME, json.dumps(record, indent=2) + "\n")
    log.info("batch %s: %s", out, summary.one_line())
    return summary


def _previous_corpus(out: Path) -> str | None:
    """The corpus hash the last finished run recorded in ``batch.json``, if any."""
    try:
        return json.loads((out / SUMMARY_NAME).read_text(encoding="utf-8")).get("corpus_sha256")
    except (OSError, ValueError, AttributeError):
        return None


def export_corpus(
    source: str | Path,
    out_dir: str | Path,
    *,
    config: AnalysisConfig | None = None,
    language: str | None = None,
    workers: int | None = 1,
    progress: bool = True,
    push_to_hub: str | None = None,
) -> BatchSummary:
    """Analyse every story of a JSONL corpus and export them as one dataset in ``out_dir``.

    It runs :func:`run_batch` in a working folder beside ``out_dir``, so a
    story that cannot be read or analysed is recorded in ``out_dir/errors.jsonl`` (one JSON
    object per failed story, as ``drift batch`` writes it) and the others are exported;
    reports stream from disk, so memory does not grow with the corpus.
    """
    from drift.export import check_replaceable, push_folder

    check_replaceable(out_dir)
    out_dir = Path(out_dir)
    with parents_made(out_dir):
        work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".batch", dir=out_dir.parent))
        try:
            summary = run_batch(source, work, workers=workers, config=config, language=language, progress=progress)
            if not (work / HF_DIR).exists():
                with (work / ERRORS_NAME).open(encoding="utf-8") as errors:
                    first_error = json.loads(errors.readline())
                raise InputError(
                    f"no story could be analysed ({summary.failed} failed; the first: {first_error['reason']})",
                    path=str(source) if isinstance(source, (str, os.PathLike)) else "corpus rows",
                )
            if summary.failed:
                shutil.copyfile(work / ERRORS_NAME, work / HF_DIR / ERRORS_NAME)
            with atomic_path(out_dir) as staged:
                os.replace(work / HF_DIR, staged)
        except Interrupted as exc:  # the working folder, whose reports a batch would keep, goes
            raise Interrupted(exc.signum, "no partial output was kept") from None
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if push_to_hub:
        push_folder(out_dir, push_to_hub)
    return replace(summary, out_dir=out_dir)


# -- the combined export ------------------------------------------------------------------------


def iter_reports(out_dir: str | Path, names: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
    """The report dicts of a batch folder, read back from disk one at a time.

    ``names``: which reports, in this order (default: every report, sorted by name); a
    name without a report (a story that failed) is passed over.
    """
    reports_dir = Path(out_dir) / REPORTS_DIR
    paths = (
        (reports_dir / f"{name}.json" for name in names) if names is not None
        else iter(sorted(reports_dir.glob("*.json")))
    )
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        yield json.loads(text)


def export_reports(out_dir: str | Path, names: Iterable[str] | None = None) -> Path:
    """Write the reports of a batch folder as one Hugging Face dataset into ``out_dir/hf``.

    The reports are streamed from disk, never all held in memory.
    """
    from drift import export

    target = Path(out_dir) / HF_DIR
    listed = list(names) if names is not None else None
    export.export_hf(lambda: iter_reports(out_dir, listed), target)
    return target
