"""The ``drift`` command line: a thin typer layer over the Python API.

Each command parses its arguments, calls the API and hands the result to the report
layer. Errors drift raises on purpose (bad input, a model that cannot load) are printed as
one line on stderr with a non-zero exit status, never as a traceback.
"""

from __future__ import annotations

import enum
import logging
import sys
from pathlib import Path
from typing import Optional

import typer

from drift.errors import ConfigError, DriftError
from drift.score.metrics import DEFAULT_METRICS

app = typer.Typer(
    name="drift",
    help="Align the versions of a news story and score how its meaning drifted.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
log = logging.getLogger("drift")

# Exit statuses: 1 for input and model errors (DriftError), 2 for usage errors (click's
# convention), 3 for an unexpected internal error, 130 for an interrupt (shell convention).
EXIT_INPUT = 1
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class SegmentFormat(str, enum.Enum):
    table = "table"
    json = "json"


class ReportFormat(str, enum.Enum):
    json = "json"
    html = "html"
    md = "md"
    all = "all"


class AlignMode(str, enum.Enum):
    auto = "auto"
    free = "free"
    monotonic = "monotonic"


StoryArg = typer.Argument(
    None, help="A story folder (one .txt per version, optional story.toml) or a .jsonl file.",
    show_default=False,
)
ExampleOpt = typer.Option(False, "--example", help="Use the bundled example story.")
StoryIdOpt = typer.Option(None, "--story-id", help="Which story of a .jsonl file to read.")
LanguageOpt = typer.Option(
    None, "--language", "-l", help="Language of versions that give none (default: detect)."
)
StrictOpt = typer.Option(
    False, "--strict-encoding", help="Refuse files that are not UTF-8 instead of trying cp1252."
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


def _load(story: Optional[Path], example: bool, story_id: Optional[str], language: Optional[str],
          strict_encoding: bool):
    from drift import ingest

    if example == (story is not None):
        raise ConfigError("give a STORY path or --example (one of them)")
    if example:
        return ingest.load_example()
    return ingest.load_story(
        story, story_id=story_id, language=language,
        fallback_encoding=_fallback(strict_encoding),
    )


@app.callback()
def _configure(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress details."),
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="drift: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )


@app.command()
def segment(
    story: Optional[Path] = StoryArg,
    example: bool = ExampleOpt,
    story_id: Optional[str] = StoryIdOpt,
    language: Optional[str] = LanguageOpt,
    strict_encoding: bool = StrictOpt,
    format: SegmentFormat = typer.Option(SegmentFormat.table, "--format", "-f"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file."),
) -> None:
    """Split every version into sentences (with character offsets) and mark boilerplate."""
    loaded = _load(story, example, story_id, language, strict_encoding)
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
DeviceOpt = typer.Option("auto", "--device", help="auto (CUDA when torch sees one), cpu or cuda.")
ModeOpt = typer.Option(
    AlignMode.auto, "--mode",
    help="Alignment: free (order-free, for rewrites), monotonic (order kept, for bitexts) or "
    "auto (per pair of versions, monotonic when their order is kept).",
)


@app.command()
def analyze(
    story: Optional[Path] = StoryArg,
    example: bool = ExampleOpt,
    story_id: Optional[str] = StoryIdOpt,
    language: Optional[str] = LanguageOpt,
    strict_encoding: bool = StrictOpt,
    model: Optional[str] = ModelOpt,
    dtype: Optional[str] = DtypeOpt,
    device: str = DeviceOpt,
    mode: AlignMode = ModeOpt,
    metrics: str = MetricsOpt,
    format: Optional[ReportFormat] = typer.Option(
        None, "--format", "-f", help="Output format with -o (default: from the suffix, else json)."
    ),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report here."),
) -> None:
    """Segment, align and score a story; print a summary, or write a report with -o."""
    from drift.pipeline import AnalysisConfig, analyze as run_analysis

    config = AnalysisConfig(model=model, dtype=dtype, device=device, align_mode=mode.value, metrics=_metrics(metrics))
    loaded = _load(story, example, story_id, language, strict_encoding)
    report = run_analysis(loaded, config)
    if output is None:
        if format not in (None, ReportFormat.json):
            raise ConfigError(f"--format {format.value} needs an output path (-o)")
        if format is ReportFormat.json:
            from drift.report.json import render_json

            sys.stdout.write(render_json(report))
        else:
            from drift.report.terminal import print_summary

            print_summary(report)
        return
    from drift.report.writer import SUFFIXES, write_report

    suffix_format = {suffix: name for name, suffix in SUFFIXES.items()}.get(output.suffix, "json")
    for path in write_report(report, output, format.value if format else suffix_format):
        log.info("wrote %s", path)


@app.command()
def batch(
    corpus: Path = typer.Argument(
        ..., help="A JSONL corpus (one story per line) or, with --hf-dataset, a save_to_disk folder."
    ),
    output: Path = typer.Option(..., "--output", "-o", help="Folder for the reports."),
    workers: Optional[int] = typer.Option(
        None, "--workers", "-w", min=1, help="Processes, each loading the model once (default: all cores)."
    ),
    hf_dataset: bool = typer.Option(False, "--hf-dataset", help="CORPUS is a Hugging Face dataset folder."),
    language: Optional[str] = LanguageOpt,
    model: Optional[str] = ModelOpt,
    dtype: Optional[str] = DtypeOpt,
    device: str = DeviceOpt,
    mode: AlignMode = ModeOpt,
    metrics: str = MetricsOpt,
    export: bool = typer.Option(True, "--export/--no-export", help="Write the whole corpus to OUT/hf."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar on stderr."),
) -> None:
    """Analyse every story of a corpus: one JSON report per story, resumable.

    Stories that fail go to OUT/errors.jsonl and the run goes on; the exit status is 1
    when any story failed.
    """
    from drift.batch import run_batch
    from drift.pipeline import AnalysisConfig

    summary = run_batch(
        corpus, output, workers=workers,
        config=AnalysisConfig(
            model=model, dtype=dtype, device=device, align_mode=mode.value, metrics=_metrics(metrics)
        ),
        language=language, hf_dataset=hf_dataset, progress=progress, export=export,
    )
    print(f"drift: {summary.one_line()}", file=sys.stderr)
    if summary.failed:
        raise typer.Exit(EXIT_INPUT)


@app.command()
def pairs(
    source: Path = typer.Argument(
        ..., help='JSONL, one pair per line: {"id", "a", "b", "lang_a"?, "lang_b"?}.'
    ),
    output: Path = typer.Option(..., "--output", "-o", help="JSONL file for the scored pairs."),
    model: Optional[str] = ModelOpt,
    dtype: Optional[str] = DtypeOpt,
    device: str = DeviceOpt,
    metrics: str = MetricsOpt,
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar on stderr."),
) -> None:
    """Score sentence pairs: similarity, drift, label, differences, metrics, word scores."""
    from drift.ingest import read_pair_records
    from drift.report.pairs import write_jsonl
    from drift.score.pair import compare_many

    records = read_pair_records(source)
    results = compare_many(
        [r[1:] for r in records], model=model, dtype=dtype, device=device, metrics=_metrics(metrics), progress=progress
    )
    write_jsonl(({"id": r[0], **result} for r, result in zip(records, results)), output)


class ExportTarget(str, enum.Enum):
    hf = "hf"


@app.command()
def export(
    source: Path = typer.Argument(..., help="A story folder or a .jsonl corpus (every story in it)."),
    to: ExportTarget = typer.Option(ExportTarget.hf, "--to", help="Export format."),
    out_dir: Path = typer.Argument(..., help="Folder to write the dataset to."),
    language: Optional[str] = LanguageOpt,
    strict_encoding: bool = StrictOpt,
    model: Optional[str] = ModelOpt,
    dtype: Optional[str] = DtypeOpt,
    device: str = DeviceOpt,
    mode: AlignMode = ModeOpt,
    metrics: str = MetricsOpt,
    push_to_hub: Optional[str] = typer.Option(
        None, "--push-to-hub", metavar="REPO",
        help="Also upload to this Hugging Face dataset repo (needs network and a token).",
    ),
) -> None:
    """Analyse a story or a corpus and export it as a Hugging Face dataset folder."""
    from drift import ingest
    from drift.export import export_hf
    from drift.pipeline import AnalysisConfig, analyze as run_analysis

    config = AnalysisConfig(model=model, dtype=dtype, device=device, align_mode=mode.value, metrics=_metrics(metrics))
    if source.suffix.lower() in (".jsonl", ".ndjson"):
        # Holds every report in memory: for large corpora use `drift batch`, which streams.
        stories = list(ingest.iter_jsonl(source, language=language))
    else:
        stories = [_load(source, False, None, language, strict_encoding)]
    reports = [run_analysis(story, config) for story in stories]
    log.info("wrote %s", export_hf(reports, out_dir, push_to_hub=push_to_hub))


def _read_lines(path: Path, strict_encoding: bool) -> list[str]:
    from drift import ingest

    text = ingest.read_text_file(
        path, fallback_encoding=_fallback(strict_encoding)
    )
    lines = [line.rstrip("\r") for line in text.split("\n")]
    return lines[:-1] if lines and lines[-1] == "" else lines


@app.command()
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
    mode: AlignMode = ModeOpt,
    format: SegmentFormat = typer.Option(SegmentFormat.json, "--format", "-f"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file."),
) -> None:
    """Align two texts (a bitext): beads of 0-based line (or sentence) indices.

    Blank lines take part in no bead.
    """
    from drift.pipeline import align_sentences
    from drift.report import beads as beads_report

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
    beads = align_sentences(sides[0], sides[1], mode=mode.value, model=model, dtype=dtype, device=device)
    if format is SegmentFormat.table and output is None:
        beads_report.print_table(beads, sides[0], sides[1])
    else:
        beads_report.write_json(beads, output, None if presplit else sides)


def main(argv: Optional[list[str]] = None) -> int:
    """Entry point of the console script; returns the exit status.

    typer handles usage errors and ``--help`` itself (exit 2 and 0); this adds the
    one-line report for drift's own errors and for anything unexpected.
    """
    try:
        app(args=argv, prog_name="drift")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_INPUT)
    except DriftError as exc:
        print(f"drift: error {exc.one_line()}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("drift: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the CLI's promise: one line, never a traceback
        log.info("internal error", exc_info=True)
        print(
            f"drift: internal error: {type(exc).__name__}: {exc} (rerun with -v and report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
