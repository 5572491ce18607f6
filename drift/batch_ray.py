"""Corpus mode on a Ray cluster: ``drift batch CORPUS -o OUT --engine ray``.

The run is the local engine's (:func:`drift.batch.run_batch`): the driver streams the
corpus once, names each story, hashes its input, skips the finished ones and logs the
lines it cannot parse, so a rerun with nothing left to do starts no cluster and loads no
model. Only the stories left to analyse go to Ray, spooled into small shard files under
``OUT`` (bounded memory on the driver, whatever the corpus size), and flow through Ray Data:

    read shards (tasks) -> segment (tasks) -> encode, align, score (an actor pool of
    encoders, each loading the model once, on a GPU with ``gpus_per_encoder``)
    -> each replica writes its stories' reports, as the local engine does (the same
    bytes, atomically), and only a small result per story streams back to the driver,
    which counts it and writes the error lines.

The driver never holds a report: results that carried them (a report is 10 to 30 times
its story's text) made the driver read each one out of Ray's object store, and its RSS
grew with the corpus by the store's pages it had mapped (70 MiB for 200 stories of the
benchmark's corpus, 20 MiB for 50).

Aligning and scoring run in the encoder actors, not in tasks of their own: scoring encodes
the joined text of every side of several sentences, and which sides exist is known only
after aligning, so the model is needed on both sides of the aligner. Each story is encoded
in one call per stage, as the local engine does, so the reports are the same bytes
(``tests/test_batch_ray.py`` compares them) as long as the encoder gives a text the same
vectors whatever else shares its batch or its worker's cache.

The combined export (``OUT/hf``) is written on the cluster too: each table's parquet
shards, one per block of reports, by tasks in parallel, beside the dataset card, in the
local engine's layout (which also saves the ``DatasetDict``; both load with
``datasets.load_dataset``).

Ray is an optional extra (``pip install "drift[ray]"``); nothing here imports it until a
run needs a cluster.
"""

from __future__ import annotations

import copyreg
import importlib.util
import io
import logging
import os
import pickle
import secrets
import shutil
import signal
import threading
import subprocess
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from drift.batch import HF_DIR, REPORTS_DIR, _Analyzer, _Result, _Task, iter_reports
from drift.errors import ConfigError, DriftError, Interrupted
from drift.files import atomic_path
from drift.pipeline import AnalysisConfig

if TYPE_CHECKING:
    import pyarrow as pa

log = logging.getLogger("drift")

INSTALL_HINT = 'the Ray engine needs Ray: pip install "drift[ray]"'
# Stories per spool shard: a shard is read by one task and its stories travel together as
# one block, so shards stay small enough to spread a few hundred stories over the encoders.
STORIES_PER_SHARD = 2
SPOOL_PREFIX = ".ray-spool-"
# torch threads per CPU encoder replica: one per reserved core, as the local pool's workers
# on a machine with as many workers as cores (so that both engines give the same vectors).
ENCODER_CPUS = 1
# Reports per parquet part of the export: one task reads them and writes each table's part.
REPORTS_PER_PART = 50


def ray_available() -> bool:
    """True when the ``ray`` extra is installed (checked without importing Ray)."""
    return importlib.util.find_spec("ray") is not None


@dataclass(frozen=True)
class RayEngine:
    """A Ray cluster: ``address`` joins a running one (``ray start --head`` on one node,
    ``ray start --address HEAD:6379`` on the others); without it a local cluster with this
    machine's cores is started for the run and shut down after it. If this process is
    already connected to Ray (``ray.init`` was called), that cluster is used and left running.

    encoders: replicas of the model (default: one per CPU of the cluster, or with
        ``gpus_per_encoder``, as many as its GPUs hold).
    gpus_per_encoder: GPUs reserved by each replica (0: CPU replicas); every replica
        also reserves one core.
    """

    address: str | None = None
    encoders: int | None = None
    gpus_per_encoder: float = 0.0

    def __post_init__(self) -> None:
        if not ray_available():
            raise ConfigError(INSTALL_HINT)
        if self.encoders is not None and self.encoders < 1:
            raise ConfigError(f"encoders must be at least 1, got {self.encoders}")
        if self.gpus_per_encoder < 0:
            raise ConfigError(f"gpus per encoder must be 0 or more, got {self.gpus_per_encoder}")

    def runner(self, config: AnalysisConfig, language: str | None, out: Path) -> "_RayRunner":
        return _RayRunner(self, config, language, out)


# -- the spool: stories to analyse, in shard files beside the output -------------------------


class _Spool:
    """Pickled lists of tasks in ``OUT/.ray-spool-<pid>-<token>/``, written as the driver
    admits stories, so only one shard is ever in the driver's memory. A spool left by a
    run that was killed (its process is gone) is removed by the next run."""

    def __init__(self, out: Path) -> None:
        _remove_stale_spools(out)
        self._out = out
        self.folder: Path | None = None
        self._pending: list[_Task] = []
        self.shards = 0

    def add(self, task: _Task) -> None:
        self._pending.append(task)
        if len(self._pending) >= STORIES_PER_SHARD:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        if self.folder is None:
            self.folder = self._out / f"{SPOOL_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
            self.folder.mkdir(parents=True)
        (self.folder / f"{self.shards:08d}.pkl").write_bytes(_dumps(self._pending))
        self.shards += 1
        self._pending = []

    def remove(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def _remove_stale_spools(out: Path) -> None:
    for folder in out.glob(f"{SPOOL_PREFIX}*"):
        pid = folder.name[len(SPOOL_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        pass
    return True


# -- the stages: plain functions for tasks, a class for the actor pool ------------------------


def _dumps(value: Any) -> bytes:
    """Pickle ``value``; the read-only mappings of drift's frozen dataclasses (metadata)
    travel as dicts and come back read-only."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _reduce_proxy}
    pickler.dump(value)
    return buffer.getvalue()


def _reduce_proxy(proxy: MappingProxyType) -> tuple[Any, tuple[dict[Any, Any]]]:
    return _read_only, (dict(proxy),)


def _read_only(mapping: dict[Any, Any]) -> MappingProxyType:
    return MappingProxyType(mapping)


def _segment_shard(row: dict[str, Any], *, config: AnalysisConfig, language: str | None) -> list[dict[str, Any]]:
    """A shard's stories, each segmented (or failed): ``{"task", "payload"}``, pickled."""
    analyzer = _Analyzer(config, language)
    return [
        {"task": _dumps(task), "payload": _dumps(analyzer.segment(task))}
        for task in pickle.loads(row["bytes"])
    ]


class _EncoderReplica:
    """One replica of the model: encodes, aligns and scores the stories it is given, one
    story per call to the encoder, as the local engine's workers do, and writes their
    reports into ``reports_dir``."""

    def __init__(self, config: AnalysisConfig, language: str | None, threads: int, reports_dir: str) -> None:
        self._analyzer = _Analyzer(config, language, threads)
        self._reports = Path(reports_dir)
        self._fatal: DriftError | None = None
        try:
            self._analyzer.encoder()
        except DriftError as exc:  # sent back with every result: the driver stops the run
            self._fatal = exc

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        results = []
        for task_bytes, payload in zip(batch["task"], batch["payload"]):
            if self._fatal is not None:
                results.append(_dumps(self._fatal))
                continue
            task, story = pickle.loads(task_bytes), pickle.loads(payload)
            result = story if isinstance(story, _Result) else self._analyzer.analyze(task, story)
            results.append(_dumps(result.stored(self._reports)))
        return {"result": np.array(results, dtype=object)}


def _table_part(batch: dict[str, np.ndarray], *, table: str, out: str) -> "pa.Table":
    """One table's rows for a block of report names, as Arrow with the table's Hugging
    Face features (its schema metadata names them, so ClassLabels load back as such)."""
    import pyarrow as pa

    from drift import export

    features = export.features()[table]
    rows = [
        row
        for report in iter_reports(out, [str(name) for name in batch["name"]])
        for row in export.rows(report, table)
    ]
    encoded = features.encode_batch({column: [row[column] for row in rows] for column in features})
    return pa.Table.from_pydict(encoded, schema=features.arrow_schema)


def _name_shards(folder: Path) -> dict[str, int]:
    """Rename a table's parquet parts as the local export names its shards
    (``train-00000-of-00004.parquet``, which the card's configs match) and give the
    table's rows, Arrow bytes (uncompressed) and parquet bytes, as the card wants them."""
    import pyarrow.parquet as pq

    parts = sorted(folder.glob("*.parquet"))
    info = {"rows": 0, "bytes": 0, "download": 0}
    for i, part in enumerate(parts):
        meta = pq.ParquetFile(part).metadata
        info["rows"] += meta.num_rows
        info["bytes"] += sum(meta.row_group(g).total_byte_size for g in range(meta.num_row_groups))
        info["download"] += part.stat().st_size
        part.rename(folder / f"train-{i:05d}-of-{len(parts):05d}.parquet")
    return info


# -- the runner --------------------------------------------------------------------------------


class _RayRunner:
    """Spools the stories it is given; ``drain`` starts Ray only if there are any."""

    def __init__(self, engine: RayEngine, config: AnalysisConfig, language: str | None, out: Path) -> None:
        self._engine = engine
        self._config = config
        self._language = language
        self._spool = _Spool(out)
        self._reports = out / REPORTS_DIR
        self._owns_cluster = False
        self._reaper: subprocess.Popen[bytes] | None = None
        self._sigterm: Any = None  # the SIGTERM handler before the cluster's, while it runs

    def submit(self, task: _Task) -> Iterator[_Result]:
        self._spool.add(task)
        return iter(())

    def drain(self) -> Iterator[_Result]:
        self._spool.flush()
        if self._spool.folder is None:
            return
        ray = self._connect()
        for row in self._dataset(ray).iter_rows():
            result = pickle.loads(row["result"])
            if isinstance(result, DriftError):  # the model did not load
                raise result
            yield result

    def export(self, out: Path, names: list[str]) -> Path:
        """The combined dataset, each table's parquet written by Ray tasks in parallel (a
        part per block of reports), and the dataset card; on the cluster of the run, or on
        one started for it."""
        from drift import export

        ray = self._connect()
        facts = export.CorpusFacts.of(iter_reports(out, names))  # streamed: the card's facts
        target = out / HF_DIR
        with atomic_path(target) as staged:
            listed = ray.data.from_items([{"name": name} for name in names])
            infos = {}
            for table in export.TABLES:
                folder = staged / "data" / table
                listed.map_batches(
                    _table_part, fn_kwargs={"table": table, "out": str(out)},
                    batch_size=REPORTS_PER_PART, batch_format="numpy", num_cpus=1,
                ).write_parquet(str(folder))
                infos[table] = _name_shards(folder)
            export.write_card(staged, facts, infos, saved=False)
        log.info("exported %d report(s) to %s", facts.stories, target)
        return target

    def close(self, interrupted: bool = False) -> None:
        try:
            if self._owns_cluster:
                import ray

                ray.shutdown()
                self._owns_cluster = False
            if self._sigterm is not None:
                signal.signal(signal.SIGTERM, self._sigterm)
                self._sigterm = None
        finally:
            if self._reaper is not None:  # it stops whatever the shutdown left running
                self._reaper.stdin.close()  # type: ignore[union-attr]
                self._reaper = None
            self._spool.remove()

    def _connect(self) -> Any:
        import ray

        _quiet_ray()
        if not ray.is_initialized():
            options: dict[str, Any] = {
                "log_to_driver": False, "logging_level": logging.ERROR, "include_dashboard": False,
            }
            if self._engine.address is None:
                # "local": a new cluster of this machine's cores, even where `ray start`
                # runs one (plain ray.init() would join it).
                options.update(address="local", num_cpus=os.cpu_count() or 1)
                self._reaper = _start_reaper()
            else:
                options["address"] = self._engine.address
            try:
                ray.init(**options)
            except Exception as exc:  # noqa: BLE001 - ConnectionError, or a bare Exception when a node cannot start
                address = self._engine.address
                where = f"join the Ray cluster at {address}" if address else "start a local Ray cluster"
                raise ConfigError(f"cannot {where}: {exc}") from None
            self._owns_cluster = True
            # ray.init installs a SIGTERM handler that exits at once (status 15); while the
            # runner holds the cluster, SIGTERM raises an interrupt instead, so that the run
            # stops as on Ctrl-C and `close` shuts the cluster down.
            if threading.current_thread() is threading.main_thread():
                self._sigterm = signal.signal(signal.SIGTERM, _interrupt)
        _quiet_ray_data()
        return ray

    def _dataset(self, ray: Any) -> Any:
        engine = self._engine
        resources = ray.cluster_resources()
        if engine.encoders is not None:
            replicas = engine.encoders
        elif engine.gpus_per_encoder > 0:
            replicas = max(1, int(resources.get("GPU", 0) // engine.gpus_per_encoder))
        else:
            replicas = max(1, int(resources.get("CPU", 1) // ENCODER_CPUS))
        replicas = min(replicas, self._spool.shards * STORIES_PER_SHARD)
        log.info("ray: %d encoder replica(s) on %s", replicas, resources)
        shards = ray.data.read_binary_files(str(self._spool.folder), num_cpus=0)
        stories = shards.flat_map(
            _segment_shard, fn_kwargs={"config": self._config, "language": self._language}, num_cpus=0,
        )
        with warnings.catch_warnings():
            # Ray 2.60 deprecates passing max_restarts this way but offers no other; without
            # it, Ray's core logs an error line on every run about restartable replicas.
            warnings.filterwarnings("ignore", message=".*ray_remote_args.*deprecated")
            return stories.map_batches(
                _EncoderReplica,
                fn_constructor_args=(self._config, self._language, ENCODER_CPUS, str(self._reports)),
                batch_size=1,
                batch_format="numpy",
                compute=ray.data.ActorPoolStrategy(size=replicas),
                num_cpus=ENCODER_CPUS,  # a GPU replica too: it aligns and scores on its CPU
                num_gpus=engine.gpus_per_encoder or None,
                max_restarts=0,  # a replica that dies fails the run, which a rerun resumes
            )


def _start_reaper() -> "subprocess.Popen[bytes]":
    """The watcher that stops the local cluster's processes if this process dies without
    shutting it down (SIGKILL): see ``drift/_reaper.py``. In a session of its own, so that
    a signal to this process's group leaves it to do its work."""
    script = Path(__file__).with_name("_reaper.py")
    return subprocess.Popen(
        [sys.executable, str(script), str(os.getpid())], stdin=subprocess.PIPE, start_new_session=True,
    )


def _quiet_ray() -> None:
    """Ray's own logs stay at warnings unless drift logs at debug level."""
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")
    level = logging.DEBUG if log.isEnabledFor(logging.DEBUG) else logging.WARNING
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(level)


def _quiet_ray_data() -> None:
    from ray.data import DataContext

    context = DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    context.enable_auto_log_stats = False
    if not log.isEnabledFor(logging.DEBUG):
        logging.getLogger("ray.data").setLevel(logging.ERROR)



def _interrupt(signum: int, frame: Any) -> None:
    """SIGTERM while the Ray engine runs: stop as on Ctrl-C (see `_RayRunner._connect`)."""
    raise Interrupted(signum)