"""The ``drift`` command line: a thin typer layer over the Python API.

Each command parses its arguments, calls the API and hands the result to the report
layer. Errors drift raises on purpose (bad input, a model that cannot load) are printed as
one line on stderr with a non-zero exit status, never as a traceback.

Conventions every command keeps: ``-o/--output`` names what it writes (a file, or a folder
for ``batch`` and ``export``; without it a file's content goes to stdout); ``-v``/``-q``
work before or after the command name; ``--example`` stands for a story wherever one is
read; options are checked before the model loads; a reader that closes the pipe early
(``drift segment --example | head -1``) ends the command quietly.
"""

from __future__ import annotations

import enum
import functools
import inspect
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional

import typer

from drift.errors import ConfigError, DriftError, Interrupted
from drift.score.metrics import DEFAULT_METRICS

if TYPE_CHECKING:
    from drift.types import Story

app = typer.Typer(
    name="drift",
    help="Align the versions of a news story and score how its meaning drifted.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
log = logging.getLogger("drift")

# Exit statuses: 1 for input and model errors (DriftError), 2 for usage errors (click's
# convention), 3 for an unexpected internal error, 128 + the signal for an interrupt (shell
# convention).
EXIT_INPUT = 1
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 128  # + the signal's number: 130 for Ctrl-C (SIGINT), 143 for SIGTERM


class SegmentFormat(str, enum.Enum):
    table = "table"
    json = "json"


class ReportFormat(str, enum.Enum):
    json = "json"
    html = "html"
    md = "md"
    all = "all"


class BatchEngine(str, enum.Enum):
    local = "local"
    ray = "ray"


class AlignMode(str, enum.Enum):
    auto = "auto"
    free = "free"
    monotonic = "monotonic"


class StoryMode(str, enum.Enum):
    story = "story"
    auto = "auto"
    free = "free"
    monotonic = "monotonic"


StoryArg = typer.Argument(
    None, help="A story folder (one .txt per version, optional story.toml) or a .jsonl file.",
    show_default=False,
)
ExampleOpt = typer.Option(False, "--example", help="Use the bundled example story.")
VerboseOpt = typer.Option(False, "--verbose", "-v", help="Log progress details.")
QuietOpt = typer.Option(False, "--quiet", "-q", help="Log errors only; no progress bars.")
ProgressOpt = typer.Option(True, "--progress/--no-progress", help="Progress bars on stderr (only on a terminal).")
StoryIdOpt = typer.Option(None, "--story-id", help="Which story of a .jsonl file to read.")
LanguageOpt = typer.Option(
    None, "--language", "-l", help="Language of versions that give none (default: detect)."
)
StrictOpt = typer.Option(
    False, "--strict-encoding", help="Refuse files that are not UTF-8 instead of detecting their encoding."
)


_METRICS_HELP = "Comma-separated sacrebleu metrics for same-language pairs (chrf, ter, bleu; '' for none)."
MetricsOpt = typer.Option(
    ",".join(DEFAULT_METRICS), "--metrics",
    help=f"{_METRICS_HELP} TER runs only when named: sacrebleu's TER is pure Python and took two "
    "thirds of an analysis, more than the model.",
)


def _metrics(option: str) -> tuple[str, ...]:
    return tuple(name.strip().lower() for name in option.split(",") if name.strip())


def _fallback(strict_encoding: bool) -> Optional[str]:
    """The fallback encoding for files that are not UTF-8: none with --strict-encoding."""
    from drift import ingest

    return None if strict_encoding else ingest.DEFAULT_FALLBACK_ENCODING


def _writable(output: Optional[Path], *, folder: bool = False) -> None:
    """Refuse an output path that cannot be written before any work starts (OutputError)."""
    from drift.files import check_output

    _not_dash(output)
    if output is not None:
        check_output(output, folder=folder)


def _not_dash(output: Optional[Path]) -> None:
    """Refuse ``-o -``: the Unix name of stdout would become a file named '-'."""
    if output is not None and str(output) == "-":
        raise ConfigError("-o - would write a file named '-'; leave out -o to write to stdout")


def _not_input(outputs: list[Optional[Path]], inputs: list[Path]) -> None:
    """Refuse an output path that is one of the files just read (OutputError)."""
    from drift.files import check_not_input

    for output in outputs:
        if output is not None:
            check_not_input(output, inputs)


def _story_files(story: Optional[Path], loaded: "Story") -> list[Path]:
    """The files a story was read from: its .jsonl, or its version files and manifest."""
    from drift.ingest import MANIFEST_NAME

    files = [Path(v.source) for v in loaded.versions if v.source]
    if story is not None:
        files.append(story / MANIFEST_NAME if story.is_dir() else story)
    return files


def _load(story: Optional[Path], example: bool, story_id: Optional[str], language: Optional[str],
          strict_encoding: bool):
    from drift import ingest

    if example == (story is not None):
        raise ConfigError("give a STORY path or --example (one of them)")
    if example and story_id is not None:
        raise ConfigError("--story-id picks a story of a .jsonl corpus, not of --example")
    if example:
        return ingest.load_example()
    return ingest.load_story(
        story, story_id=story_id, language=language,
        fallback_encoding=_fallback(strict_encoding),
    )


def _version(value: bool) -> None:
    if value:
        from drift import __version__

        print(f"drift {__version__}")
        raise typer.Exit()


@app.callback()
def _configure(
    verbose: bool = VerboseOpt,
    quiet: bool = QuietOpt,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print drift's version and exit."
    ),
) -> None:
    global _QUIET
    _QUIET = False
    _logging(verbose, quiet, reset=True)


_QUIET = False  # -q given, before or after the command name: no progress bars either


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a record comes (tests swap it)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def _logging(verbose: bool, quiet: bool, reset: bool = False) -> None:
    """drift's log on stderr: INFO with -v, errors only with -q, else warnings."""
    global _QUIET
    if verbose and quiet:
        raise ConfigError("give -v or -q, not both")
    _QUIET = _QUIET or quiet
    logger = logging.getLogger("drift")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("drift: %(levelname)s: %(message)s"))
        logger.addHandler(handler)
    if reset or verbose or quiet:
        logger.setLevel(logging.INFO if verbose else logging.ERROR if quiet else logging.WARNING)


def _command(function: Callable[..., None]) -> Callable[..., None]:
    """Register ``function`` as a command that takes -v/-q and stops quietly (status 0)
    when the reader of its output closes the pipe."""

    @functools.wraps(function)
    def run(*args: Any, verbose: bool, quiet: bool, **kwargs: Any) -> None:
        _logging(verbose, quiet)
        if "progress" in kwargs:
            kwargs["progress"] = kwargs["progress"] and not _QUIET
        try:
            function(*args, **kwargs)
            sys.stdout.flush()
        except BrokenPipeError:
            # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None

    signature = inspect.signature(function)
    extra = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=bool)
        for name, default in (("verbose", VerboseOpt), ("quiet", QuietOpt))
    ]
    run.__signature__ = signature.replace(parameters=[*signature.parameters.values(), *extra])  # type: ignore[attr-defined]
    run.__annotations__ = {**function.__annotations__, "verbose": bool, "quiet": bool}
    return app.command()(run)


@_command
def segment(
    story: Optional[Path] = StoryArg,
    example: bool = ExampleOpt,
    story_id: Optional[str] = StoryIdOpt,
    language: Optional[str] = LanguageOpt,
    strict_encoding: bool = StrictOpt,
    format: SegmentFormat = typer.Option(SegmentFormat.table, "--format", "-f"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the JSON here (default: stdout); missing folders are made."),
) -> None:
    """Split every version into sentences (with character offsets) and mark boilerplate."""
    _writable(output)
    loaded = _load(story, example, story_id, language, strict_encoding)
    _not_input([output], _story_files(story, loaded))
    from drift.report import segments as segment_report
    from drift.segment import segment as segment_story

    result = segment_story(loaded)
    if format is SegmentFormat.json or output is not None:
        segment_report.write_json(result, output)
    else:
        segment_report.print_table(result)


ModelOpt = typer.Option(
    None, "--model", "-m",
    help="Model preset (multilingual-e5-small, all-minilm-l6-v2, ...), Hugging Face id or local "
    "path. Default: multilingual-e5-small, embedded.",
)
DtypeOpt = typer.Option(
    None, "--dtype",
    help="Number format of the model: auto (bfloat16 where the CPU has AMX or AVX512-BF16, float16 "
    "on CUDA, else float32), float32, bfloat16 or float16 (CUDA only). Default: $DRIFT_DTYPE, else auto.",
)
DeviceOpt = typer.Option("auto", "--device", help="auto (CUDA when torch sees one, else the CPU) or a torch device: cpu, cuda, cuda:1.")
ModeOpt = typer.Option(
    StoryMode.story, "--mode",
    help="Alignment: story (units of one fact across rewritten versions; sentences without a "
    "counterpart stay alone), or beads between every two versions, merged: free (order-free), "
    "monotonic (order kept, for translations) or auto (per pair of versions, monotonic when "
    "their order is kept).",
)
BitextModeOpt = typer.Option(
    AlignMode.auto, "--mode",
    help="Alignment: free (order-free, for rewrites), monotonic (order kept, for bitexts) or "
    "auto (monotonic when the order is kept).",
)


@_command
def analyze(
    story: Optional[Path] = StoryArg,
    example: bool = ExampleOpt,
    story_id: Optional[str] = StoryIdOpt,
    language: Optional[str] = LanguageOpt,
    strict_encoding: bool = StrictOpt,
    model: Optional[str] = ModelOpt,
    dtype: Optional[str] = DtypeOpt,
    device: str = DeviceOpt,
    mode: StoryMode = ModeOpt,
    metrics: str = MetricsOpt,
    format: Optional[ReportFormat] = typer.Option(
        None, "--format", "-f",
        help="Output format with -o (default: from the suffix, .json, .html or .md; json for a name without one).",
    ),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report here; missing folders are made."),
    progress: bool = ProgressOpt,
) -> None:
    """Segment, align and score a story; print a summary, or write a report with -o."""
    from drift.pipeline import AnalysisConfig, analyze as run_analysis
    from drift.report.writer import SUFFIXES, output_paths, write_report

    if output is None and format not in (None, ReportFormat.json):
        raise ConfigError(f"--format {format.value} needs an output path (-o)")
    config = AnalysisConfig(model=model, dtype=dtype, device=device, align_mode=mode.value, metrics=_metrics(metrics))
    targets: list[Optional[Path]] = []
    _not_dash(output)
    if output is not None:
        suffix_format = {suffix: name for name, suffix in SUFFIXES.items()}.get(output.suffix.lower())
        if format is None and suffix_format is None and output.suffix:  # report.htm would get JSON
            raise ConfigError(
                f"cannot tell the report format from the suffix {output.suffix!r} of {output}: "
                f"name a {', '.join(SUFFIXES.values())} file, or give --format"
            )
        suffix_format = suffix_format or "json"
        targets = list(output_paths(output, format.value if format else suffix_format).values())
        for target in targets:
            _writable(target)
    loaded = _load(story, example, story_id, language, strict_encoding)
    _not_input(targets, _story_files(story, loaded))
    report = run_analysis(loaded, config, progress=progress)
    if output is None:
        if format is ReportFormat.json:
            from drift.report.json import render_json

            sys.stdout.write(render_json(report))
        else:
            from drift.report.terminal import print_summary

            print_summary(report)
        return
    for path in write_report(report, output, format.value if format else suffix_format):
        log.info("wrote %s", path)


@_command
def batch(
    corpus: Path = typer.Argument(
        ..., help="A JSONL corpus (one story per line) or, with --hf-dataset, a save_to_disk folder."
    ),
    output: Path = typer.Option(..., "--output", "-o", help="Folder for the reports (made if missing)."),
    workers: Optional[int] = typer.Option(
        None, "--workers", "-w", min=1,
        help="Processes, each loading the model once (default, and at most: the CPU cores).",
    ),
    hf_dataset: bool = typer.Option(False, "--hf-dataset", help="CORPUS is a Hugging Face dataset folder."),
    language: Optional[str] = LanguageOpt,
    model: Optional[str] = ModelOpt,
    dtype: Optional[str] = DtypeOpt,
    device: str = DeviceOpt,
    mode: StoryMode = ModeOpt,
    metrics: str = MetricsOpt,
    export: bool = typer.Option(True, "--export/--no-export", help="Write the whole corpus to OUT/hf."),
    progress: bool = ProgressOpt,
    engine: BatchEngine = typer.Option(
        BatchEngine.local, "--engine",
        help='local: processes on this machine; ray: a Ray cluster (pip install "drift[ray]"; docs/cluster.md).',
    ),
    address: Optional[str] = typer.Option(
        None, "--address", help="With --engine ray: join this running cluster (HEAD:6379); default: start a local one."
    ),
    encoders: Optional[int] = typer.Option(
        None, "--encoders", min=1,
        help="With --engine ray: model replicas (default: one per CPU, or as many as the GPUs hold).",
    ),
    gpus_per_encoder: float = typer.Option(
        0.0, "--gpus-per-encoder", min=0.0, help="With --engine ray: GPUs each replica reserves (0: CPU replicas)."
    ),
) -> None:
    """Analyse every story of a corpus: one JSON report per story, resumable.

    Stories that fail go to OUT/errors.jsonl and the run goes on; the exit status is 1
    when any story failed.
    """
    from drift.batch import LocalEngine, run_batch
    from drift.pipeline import AnalysisConfig

    if engine is BatchEngine.ray:
        if workers is not None:
            raise ConfigError("--workers is for --engine local; with --engine ray, use --encoders")
        from drift.batch_ray import RayEngine

        chosen = RayEngine(address=address, encoders=encoders, gpus_per_encoder=gpus_per_encoder)
    elif address is not None or encoders is not None or gpus_per_encoder:
        raise ConfigError("--address, --encoders and --gpus-per-encoder need --engine ray")
    else:
        chosen = LocalEngine(workers)
    _writable(output, folder=True)
    summary = run_batch(
        corpus, output, engine=chosen,
        config=AnalysisConfig(
            model=model, dtype=dtype, device=device, align_mode=mode.value, metrics=_metrics(metrics)
        ),
        language=language, hf_dataset=hf_dataset, progress=progress, export=export,
    )
    print(f"drift: {summary.one_line()}", file=sys.stderr)
    if summary.failed:
        raise typer.Exit(EXIT_INPUT)


@_command
def pairs(
    source: Path = typer.Argument(
        ..., help='JSONL, one pair per line: {"id", "a", "b", "lang_a"?, "lang_b"?}.'
    ),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="JSONL file for the scored pairs (default: stdout); missing folders are made."
    ),
    model: Optional[str] = ModelOpt,
    dtype: Optional[str] = DtypeOpt,
    device: str = DeviceOpt,
    metrics: str = MetricsOpt,
    progress: bool = ProgressOpt,
) -> None:
    """Score sentence pairs: similarity, drift, label, differences, metrics, word scores.

    Every line carries the run's signature and, where lexical metrics were computed,
    their sacrebleu signatures.
    """
    from drift.encoders import get_encoder
    from drift.ingest import read_pair_records
    from drift.report.pairs import pair_records, write_jsonl
    from drift.score.metrics import check_metrics
    from drift.score.pair import compare_many

    _writable(output)
    _not_input([output], [source])
    chosen = check_metrics(_metrics(metrics))
    records = read_pair_records(source)
    results = compare_many(
        [r[1:] for r in records], model=model, dtype=dtype, device=device, metrics=chosen, progress=progress
    )
    encoder = get_encoder(model, dtype=dtype, device=device)
    write_jsonl(pair_records([r[0] for r in records], results, encoder, chosen), output)


class ExportTarget(str, enum.Enum):
    hf = "hf"


@_command
def export(
    source: Optional[Path] = typer.Argument(
        None, help="A story folder or a .jsonl corpus (every story in it).", show_default=False
    ),
    example: bool = ExampleOpt,
    to: ExportTarget = typer.Option(ExportTarget.hf, "--to", help="Export format."),
    output: Path = typer.Option(..., "--output", "-o", help="Folder to write the dataset to (made if missing)."),
    language: Optional[str] = LanguageOpt,
    strict_encoding: bool = StrictOpt,
    model: Optional[str] = ModelOpt,
    dtype: Optional[str] = DtypeOpt,
    device: str = DeviceOpt,
    mode: StoryMode = ModeOpt,
    metrics: str = MetricsOpt,
    workers: Optional[int] = typer.Option(
        1, "--workers", "-w", min=1, help="Processes for a corpus (as in drift batch)."
    ),
    push_to_hub: Optional[str] = typer.Option(
        None, "--push-to-hub", metavar="REPO",
        help="Also upload to this Hugging Face dataset repo (needs network and a token).",
    ),
    progress: bool = ProgressOpt,
) -> None:
    """Analyse a story or a corpus and export it as a Hugging Face dataset folder.

    A corpus runs as ``drift batch`` does: stories that fail are listed in
    OUT/errors.jsonl, the others exported, and the exit status is 1 when any failed.
    """
    from drift.batch import export_corpus
    from drift.export import check_replaceable, export_hf
    from drift.pipeline import AnalysisConfig, analyze as run_analysis

    _writable(output, folder=True)
    check_replaceable(output)
    if push_to_hub:
        from huggingface_hub import get_token

        if get_token() is None:  # found before the work, not after a long corpus run
            raise ConfigError("--push-to-hub needs a Hugging Face token: hf auth login, or set HF_TOKEN")
    config = AnalysisConfig(model=model, dtype=dtype, device=device, align_mode=mode.value, metrics=_metrics(metrics))
    if source is not None and not example and source.suffix.lower() in (".jsonl", ".ndjson"):
        summary = export_corpus(
            source, output, config=config, language=language, workers=workers,
            progress=progress, push_to_hub=push_to_hub,
        )
        print(f"drift: {summary.one_line()}", file=sys.stderr)
        if summary.failed:
            raise typer.Exit(EXIT_INPUT)
        return
    story = _load(source, example, None, language, strict_encoding)
    report = run_analysis(story, config, progress=progress)
    log.info("wrote %s", export_hf([report], output, push_to_hub=push_to_hub))


def _read_lines(path: Path, strict_encoding: bool) -> list[str]:
    from drift import ingest
    from drift.errors import InputError

    text = ingest.read_text_file(
        path, fallback_encoding=_fallback(strict_encoding)
    )
    if not text.strip():  # as a version that is empty is refused without --presplit
        raise InputError("is empty (only whitespace); expected one sentence per line", path=str(path))
    lines = [line.rstrip("\r") for line in text.split("\n")]
    return lines[:-1] if lines and lines[-1] == "" else lines


@_command
def align(
    src: Path = typer.Argument(..., help="Source text file."),
    tgt: Path = typer.Argument(..., help="Target text file."),
    presplit: bool = typer.Option(
        False, "--presplit", help="The files hold one sentence per line (else: segment them)."
    ),
    language: Optional[str] = LanguageOpt,
    strict_encoding: bool = StrictOpt,
    model: Optional[str] = ModelOpt,
    dtype: Optional[str] = DtypeOpt,
    device: str = DeviceOpt,
    mode: AlignMode = BitextModeOpt,
    format: SegmentFormat = typer.Option(SegmentFormat.json, "--format", "-f"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the JSON here (default: stdout); missing folders are made."),
    progress: bool = ProgressOpt,
) -> None:
    """Align two texts (a bitext): beads of 0-based line (or sentence) indices.

    The JSON is one object, with or without --presplit: the signature, the two sides'
    sentences (or lines) and the beads. Blank lines take part in no bead.
    """
    from drift.encoders import get_encoder
    from drift.pipeline import align_sentences
    from drift.progress import shown
    from drift.report import beads as beads_report
    from drift.signature import signature

    _writable(output)
    _not_input([output], [src, tgt])
    sides = []
    for path in (src, tgt):
        if presplit:
            sides.append(_read_lines(path, strict_encoding))
        else:
            from drift import ingest
            from drift.segment import segment_version

            text = ingest.read_text_file(
                path, fallback_encoding=_fallback(strict_encoding)
            )
            version = segment_version(ingest.make_version(path.stem, text, language=language, where=str(path)))
            sides.append([s.text for s in version.sentences])
    encoder = get_encoder(model, dtype=dtype, device=device)  # one load serves the beads and the signature
    with shown(progress):
        beads = align_sentences(sides[0], sides[1], mode=mode.value, encoder=encoder)
    if format is SegmentFormat.table and output is None:
        beads_report.print_table(beads, sides[0], sides[1])
    else:
        beads_report.write_json(beads, output, sides, signature(encoder, align_mode=mode.value))


def main(argv: Optional[list[str]] = None) -> int:
    """Entry point of the console script; returns the exit status.

    typer handles usage errors and ``--help`` itself (exit 2 and 0); this adds the
    one-line report for drift's own errors and for anything unexpected.
    """
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
    try:
        app(args=argv, prog_name="drift")
    except SystemExit as exc:
        interrupt = _interrupt(exc)  # typer turns an interrupt into a silent exit 130
        if interrupt is not None:
            return _interrupted(interrupt)
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_INPUT)
    except DriftError as exc:
        print(f"drift: error {exc.one_line()}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt as exc:
        return _interrupted(exc)
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the CLI's promise: one line, never a traceback
        log.info("internal error", exc_info=True)
        print(
            f"drift: internal error: {type(exc).__name__}: {exc} (rerun with -v and report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
        _release_logging()
    return 0


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM is handled as Ctrl-C is: files in progress are dropped, workers ended."""
    raise Interrupted(signum)


def _interrupt(exc: BaseException) -> KeyboardInterrupt | None:
    """The interrupt that caused ``exc``, if any, following the exception chain."""
    seen: BaseException | None = exc
    while seen is not None and not isinstance(seen, KeyboardInterrupt):
        seen = seen.__cause__ or seen.__context__
    return seen


def _interrupted(exc: KeyboardInterrupt) -> int:
    """Say what was kept; exit 128 + the signal's number."""
    kept = getattr(exc, "kept", "") or "no partial output was kept"
    print(f"drift: interrupted; {kept}", file=sys.stderr)
    return EXIT_INTERRUPTED + getattr(exc, "signum", signal.SIGINT)


def _release_logging() -> None:
    """Undo what -v/-q set up, so that calling ``main`` leaves a host process's logging as it was."""
    logger = logging.getLogger("drift")
    for handler in [h for h in logger.handlers if isinstance(h, _StderrHandler)]:
        logger.removeHandler(handler)
    logger.setLevel(logging.NOTSET)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
