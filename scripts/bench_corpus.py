"""Benchmark corpus mode (`drift.batch.run_batch`) on a synthetic corpus, on the local
engine (a process pool) or the Ray engine (a local Ray cluster of this machine's cores).

The corpus is made from the bundled example story: each synthetic story takes 2-5 of its
versions, each a random contiguous slice of 30-100% of the version's lines, sometimes with
lines of another version mixed in or with its lines shuffled, and drops one word in ten so
that no two stories share many sentences (the encoder caches by sentence text: without
that, later stories would be almost free).

For each engine, corpus size and worker count the batch runs in a fresh process (so no
model or cache carries over), then once more on the finished folder (the rerun should skip
everything): in a fresh process through the API, and through the `drift batch` command, whose
wall time includes starting Python. A last fresh process times the pipeline's stages on a
few stories.

    python scripts/bench_corpus.py /tmp/bench --stories 50 200 --workers 1 2
    python scripts/bench_corpus.py /tmp/bench --stories 50 200 --engine local ray --workers 2

``--story DIR`` (repeatable) times ``drift analyze`` on real stories instead, in a
fresh process with the models loaded (the encoder, and py3langid's language identifier,
once per process: 0.05 s from drift's cache, 0.4-0.7 s the first time): wall time and the share outside the
encoder, per run and the median of ``--repeats`` runs (default 3, each in its own process;
issue 17: <= 20% on a dev story), e.g. ``--story ../shared/data/stories/notre-dame-2019``.

Prints stories/s, sentences/s, the share of worker time spent in the encoder, the peak RSS
of the driver (the run's own process: its ru_maxrss, which counts the pages of Ray's
object store it has mapped, as it counts any memory it holds) and of the largest worker (a
pool worker, or any process of the local Ray cluster: raylet, object store, encoder
replicas), sampled every 0.2 s from /proc; the reruns' times; and the targets.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

# Targets from the corpus-mode issue.
MAX_OUTSIDE_ENCODING = 0.25  # share of worker time not spent encoding
MAX_PEAK_RSS_GIB = 3.0  # with 2 workers
MAX_SCALING = 4.4  # 4x the stories may take at most 4.4x the time
MAX_RERUN_SHARE = 0.10  # a rerun of a finished corpus, against the first run
# Targets from the Ray engine's issue.
MAX_RAY_VS_LOCAL = 1.3  # wall time on the largest corpus, against the local engine's
MAX_DRIVER_GROWTH = 0.10  # the Ray driver's peak RSS, largest vs smallest corpus
MAX_CLI_RERUN_SECONDS = 2.0  # `drift batch` with nothing left to do, Python's start included
MAX_OUTSIDE_ANALYZE = 0.20  # drift analyze on a dev story, issue 17

# Shapes of the synthetic stories (see the module docstring).
VERSIONS_PER_STORY = (2, 5)
SLICE_SHARE = (0.3, 1.0)
MIX_PROBABILITY = 0.3  # a version borrows a few lines from another version
SHUFFLE_PROBABILITY = 0.2  # a version's lines are shuffled
WORD_DROP = 0.1  # each word is dropped with this probability


def _vary(line: str, rng: random.Random) -> str:
    words = line.split(" ")
    kept = [w for w in words if rng.random() >= WORD_DROP] or words[:1]
    return " ".join(kept)


def synthetic_records(count: int, seed: int) -> list[dict[str, Any]]:
    """``count`` story records (the JSONL corpus format), the same for the same seed."""
    from drift.ingest import load_example

    rng = random.Random(seed)
    example = load_example()
    sources = [[line for line in v.text.splitlines() if line.strip()] for v in example.versions]
    records = []
    for number in range(count):
        versions = []
        for index in range(rng.randint(*VERSIONS_PER_STORY)):
            lines = rng.choice(sources)
            size = max(2, round(len(lines) * rng.uniform(*SLICE_SHARE)))
            start = rng.randint(0, len(lines) - size)
            chosen = lines[start:start + size]
            if rng.random() < MIX_PROBABILITY:
                other = rng.choice(sources)
                for _ in range(rng.randint(1, 3)):
                    chosen.insert(rng.randint(0, len(chosen)), rng.choice(other))
            if rng.random() < SHUFFLE_PROBABILITY:
                rng.shuffle(chosen)
            text = "\n".join(_vary(line, rng) for line in chosen) + "\n"
            versions.append({"id": f"v{index}", "text": text, "language": "en"})
        records.append({"id": f"synthetic/{seed}/{number:05d}", "versions": versions})
    return records


def write_corpus(path: Path, records: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


class _PeakWorkerRss:
    """Samples, every 0.2 s, the peak RSS (VmHWM) of every process below this one: pool
    workers, or the local Ray cluster's processes, which are not this process's children
    once Ray's raylet starts them, so ru_maxrss of RUSAGE_CHILDREN would miss them."""

    def __init__(self) -> None:
        import threading

        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from drift._reaper import _descendants

        while not self._stop.wait(0.2):
            for pid in _descendants(os.getpid()):
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                hwm = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)
                self.peak_kib = max(self.peak_kib, hwm)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # joined workers, KiB
        return max(self.peak_kib, children) / 1024


def timed_batch(corpus: str, out_dir: str, engine: str, workers: int | None, metrics: tuple[str, ...]) -> dict[str, Any]:
    """One batch run, in the process this is called in; its summary, wall time and peak RSS
    of the driver and of the largest worker."""
    from drift.batch import LocalEngine, run_batch
    from drift.pipeline import AnalysisConfig

    sampler = _PeakWorkerRss()
    start = time.perf_counter()
    if engine == "ray":
        from drift.batch_ray import RayEngine

        chosen: Any = RayEngine(encoders=workers)
    else:
        chosen = LocalEngine(workers)
    config = AnalysisConfig(metrics=metrics)
    summary = run_batch(corpus, out_dir, engine=chosen, config=config, progress=False, export=False)
    wall = time.perf_counter() - start
    return {
        **summary.to_dict(), "wall": wall, "worker_mib": sampler.stop(),
        "driver_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def cli_rerun(corpus: str, out_dir: str, engine: str, metrics: tuple[str, ...]) -> float:
    """Wall seconds of `drift batch` on a finished folder, Python's start included."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "drift.cli", "batch", corpus, "-o", out_dir, "--engine", engine,
         "--no-progress", "--no-export", "--metrics", ",".join(metrics)],
        check=True, capture_output=True,
    )
    return time.perf_counter() - start


def stage_profile(corpus: str, count: int, metrics: tuple[str, ...]) -> dict[str, float]:
    """Seconds per pipeline stage over the first ``count`` stories of ``corpus``.

    ``encode`` is all time in the encoder: the sentences and their words before aligning,
    and the texts of sides that join several sentences, which scoring encodes; ``score``
    is the rest of scoring (detectors, word alignment, lexical metrics).
    """
    from drift.align import align_story
    from drift.batch import _TimedEncoder
    from drift.encoders import get_encoder
    from drift.ingest import iter_jsonl
    from drift.pipeline import AnalysisConfig, analyze, sentence_vectors, sentence_words, unit_pairs
    from drift.segment import segment

    encoder = _TimedEncoder(get_encoder())
    stages = dict.fromkeys(("ingest", "segment", "encode", "align", "pairs", "score"), 0.0)
    stories = iter_jsonl(corpus)
    for _ in range(count):
        clock = time.perf_counter()
        story = next(stories)
        marks = [time.perf_counter()]
        segmented = segment(story)
        marks.append(time.perf_counter())
        words = sentence_words(segmented, encoder)  # type: ignore[arg-type]
        vectors = sentence_vectors(segmented, encoder)  # type: ignore[arg-type]
        marks.append(time.perf_counter())
        units = align_story(segmented, vectors, words=words)
        marks.append(time.perf_counter())
        unit_pairs(segmented, units, vectors)
        marks.append(time.perf_counter())
        before = encoder.seconds
        analyze(segmented, AnalysisConfig(metrics=metrics), encoder=encoder)  # type: ignore[arg-type]
        marks.append(time.perf_counter())
        encoded_in_scoring = encoder.seconds - before
        stages["ingest"] += marks[0] - clock
        for name, (a, b) in zip(("segment", "encode", "align", "pairs"), zip(marks, marks[1:])):
            stages[name] += b - a
        stages["encode"] += encoded_in_scoring
        # analyze repeats aligning and pairing (sentence vectors come from the cache)
        repeated = (marks[3] - marks[2]) + (marks[4] - marks[3]) + encoded_in_scoring
        stages["score"] += max(0.0, (marks[5] - marks[4]) - repeated)
    return stages


def story_shares(paths: list[Path], metrics: tuple[str, ...], repeats: int) -> None:
    """Time ``analyze`` on each story, ``repeats`` times, each time in a fresh process
    (model loaded first, nothing cached), and print the share of its wall time spent
    outside the encoder, per run and the median (one run moved by +-3 points on the shared
    2-core machine)."""
    from drift.errors import DriftError
    from drift.ingest import load_story

    try:
        for path in paths:
            load_story(path)
    except DriftError as exc:
        raise SystemExit(f"bench_corpus: {exc.one_line()}") from None
    shares: dict[str, list[float]] = {}
    for run in range(1, repeats + 1):
        machine, timings = _in_fresh_process(_time_stories, paths, metrics)
        if run == 1:
            print(machine)
        for name, sentences, pairs, wall, encoding in timings:
            outside = 1 - encoding / wall
            shares.setdefault(name, []).append(outside)
            print(f"run {run}: {name}: {sentences} sentences, {pairs} pairs, wall {wall:.2f} s, "
                  f"encoder {encoding:.2f} s; time outside encoding {100 * outside:.1f}%")
    print(f"median of {repeats} run(s), each in a fresh process:")
    for name, values in shares.items():
        outside = statistics.median(values)
        print(f"  {name}: time outside encoding {100 * outside:.1f}% "
              f"(<= {100 * MAX_OUTSIDE_ANALYZE:.0f}%: {'ok' if outside <= MAX_OUTSIDE_ANALYZE else 'MISSED'})")


def _time_stories(paths: list[Path], metrics: tuple[str, ...]) -> tuple[str, list[tuple[str, int, int, float, float]]]:
    """In this process: load the models, then analyze each story once; the dtype and CPU,
    and per story (name, sentences, pairs, wall seconds, encoder seconds)."""
    from drift.batch import _TimedEncoder
    from drift.encoders import get_encoder
    from drift.encoders.precision import cpu_features
    from drift.ingest import load_story
    from drift.languages import detect_language
    from drift.pipeline import AnalysisConfig, analyze

    encoder = _TimedEncoder(get_encoder())
    detect_language("The language identifier is loaded before the clock starts, as the encoder is.")
    out = []
    for path in paths:
        story = load_story(path)
        before, start = encoder.seconds, time.perf_counter()
        report = analyze(story, AnalysisConfig(metrics=metrics), encoder=encoder, progress=False)  # type: ignore[arg-type]
        wall = time.perf_counter() - start
        sentences = sum(len(v.content_sentences) for v in report.story.versions)
        out.append((path.name, sentences, len(report.pairs), wall, encoder.seconds - before))
    return f"dtype {encoder.dtype}, CPU {cpu_features()}", out


def _in_fresh_process(function: Any, *args: Any) -> Any:
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, nargs="?", help="where the corpora and reports go")
    parser.add_argument("--story", type=Path, action="append", help="time drift analyze on this story instead")
    parser.add_argument("--repeats", type=int, default=3,
                        help="with --story: runs, each in a fresh process; the median share is compared with the target")
    parser.add_argument("--stories", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--engine", nargs="+", choices=["local", "ray"], default=["local"])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                        help="local: pool processes; ray: encoder replicas (default one per core)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--profile-stories", type=int, default=10)
    parser.add_argument("--metrics", default=None,
                        help="lexical metrics, as drift batch --metrics (default: drift's, chrf,bleu; "
                             "TER is the slow one)")
    args = parser.parse_args(argv)
    from drift.score.metrics import DEFAULT_METRICS

    metrics = DEFAULT_METRICS if args.metrics is None else tuple(name for name in args.metrics.split(",") if name)
    if args.story:
        story_shares(args.story, metrics, max(1, args.repeats))
        return 0
    if args.out_dir is None:
        parser.error("give OUT_DIR, or --story")

    records = synthetic_records(max(args.stories), args.seed)
    corpora = {n: write_corpus(args.out_dir / f"corpus-{n}.jsonl", records[:n]) for n in args.stories}
    print(f"corpus: {max(args.stories)} stories, "
          f"{sum(len(r['versions']) for r in records)} versions (seed {args.seed}), metrics {','.join(metrics) or 'none'}")
    header = f"{'engine':>6} {'stories':>7} {'workers':>7} {'wall s':>8} {'stories/s':>9} {'sent/s':>7} " \
             f"{'encode %':>8} {'driver MiB':>10} {'worker MiB':>10} {'rerun s':>7} {'rerun %':>7} {'cli rerun s':>11} failed"
    print(header)
    runs: dict[tuple[str, int, int], dict[str, Any]] = {}
    reruns: dict[tuple[str, int, int], dict[str, Any]] = {}
    # Engines alternate on each corpus, so that both see the same load on a shared machine.
    for workers in args.workers:
        for n in args.stories:
            for engine in args.engine:
                out = args.out_dir / f"out-{engine}-{n}-w{workers}"
                first = _in_fresh_process(timed_batch, str(corpora[n]), str(out), engine, workers, metrics)
                rerun = _in_fresh_process(timed_batch, str(corpora[n]), str(out), engine, workers, metrics)
                rerun["cli"] = cli_rerun(str(corpora[n]), str(out), engine, metrics)
                key = (engine, n, workers)
                runs[key], reruns[key] = first, rerun
                encode_share = first["encode_seconds"] / (workers * first["wall"])
                print(f"{engine:>6} {n:>7} {workers:>7} {first['wall']:>8.1f} {first['done'] / first['wall']:>9.2f} "
                      f"{first['sentences'] / first['wall']:>7.1f} {100 * encode_share:>7.1f}% "
                      f"{first['driver_mib']:>10.0f} {first['worker_mib']:>10.0f} {rerun['wall']:>7.2f} "
                      f"{100 * rerun['wall'] / first['wall']:>6.1f}% {rerun['cli']:>11.2f} {first['failed']}"
                      f"{'' if rerun['skipped'] == n else '  (rerun did not skip all!)'}", flush=True)

    if args.profile_stories > 0:
        stages = _in_fresh_process(stage_profile, str(corpora[min(args.stories)]), args.profile_stories, metrics)
        total = sum(stages.values())
        print(f"stages over {args.profile_stories} stories, 1 process ({total:.1f} s): " + ", ".join(
            f"{name} {100 * seconds / total:.1f}%" for name, seconds in stages.items()))

    print("targets:")
    for (engine, n, workers), run in sorted(runs.items()):
        outside = 1 - run["encode_seconds"] / (workers * run["wall"])
        print(f"  {engine}, {n} stories, {workers} worker(s): time outside encoding {100 * outside:.1f}% "
              f"(<= {100 * MAX_OUTSIDE_ENCODING:.0f}%: {'ok' if outside <= MAX_OUTSIDE_ENCODING else 'MISSED'})")
    for (engine, n, workers), run in sorted(runs.items()):
        if engine == "local" and workers == 2:
            rss = max(run["driver_mib"], run["worker_mib"]) / 1024
            print(f"  local, {n} stories: peak RSS with 2 workers {rss:.2f} GiB "
                  f"(< {MAX_PEAK_RSS_GIB} GiB: {'ok' if rss < MAX_PEAK_RSS_GIB else 'MISSED'})")
    for key, run in sorted(runs.items()):
        share = reruns[key]["wall"] / run["wall"]
        print(f"  {key[0]}, rerun of {key[1]} stories, {key[2]} worker(s): {100 * share:.1f}% of the first run "
              f"(< {100 * MAX_RERUN_SHARE:.0f}%: {'ok' if share < MAX_RERUN_SHARE else 'MISSED'}); "
              f"drift batch rerun {reruns[key]['cli']:.2f} s "
              f"(< {MAX_CLI_RERUN_SECONDS:.0f} s: {'ok' if reruns[key]['cli'] < MAX_CLI_RERUN_SECONDS else 'MISSED'})")
    small, large = min(args.stories), max(args.stories)
    for engine in args.engine:
        for workers in args.workers:
            if small != large:
                ratio = runs[(engine, large, workers)]["wall"] / runs[(engine, small, workers)]["wall"]
                limit = MAX_SCALING * large / small / 4
                print(f"  {engine}, {large} vs {small} stories, {workers} worker(s): {ratio:.2f}x "
                      f"(<= {limit:.2f}x: {'ok' if ratio <= limit else 'MISSED'})")
            if engine == "ray" and small != large:
                growth = runs[("ray", large, workers)]["driver_mib"] / runs[("ray", small, workers)]["driver_mib"] - 1
                print(f"  ray driver peak RSS, {large} vs {small} stories: {100 * growth:+.1f}% "
                      f"(within {100 * MAX_DRIVER_GROWTH:.0f}%: {'ok' if abs(growth) <= MAX_DRIVER_GROWTH else 'MISSED'})")
            if engine == "ray" and "local" in args.engine:
                for n in args.stories:
                    ratio = runs[("ray", n, workers)]["wall"] / runs[("local", n, workers)]["wall"]
                    target = f"(<= {MAX_RAY_VS_LOCAL}x: {'ok' if ratio <= MAX_RAY_VS_LOCAL else 'MISSED'})" if n == large else ""
                    print(f"  ray vs local wall time, {n} stories, {workers} worker(s): {ratio:.2f}x {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
