"""Evaluate drift's sentence aligner on the Text+Berg de-fr development bitext.

Scores follow Bertalign's ``bertalign/eval.py`` (after Vecalign's): precision counts every
predicted bead, omissions and additions included, as strict (the exact bead is in the
gold) or lax (it shares a source and a target sentence with a gold bead); recall does the
same from the gold side with 0-n and n-0 beads left out on both sides.

Runs: monotonic, order-free and auto modes on the bitext as it is and on a variant whose
target side is shuffled in blocks of 8 lines (fixed seed; gold remapped), each with
sentence vectors only ("drift"), with the numbers the lines share ("drift+n", from the
texts), with word coverage ("drift+w", monotonic mode only; word vectors are kept in
``--words-cache``) and with both ("drift+w+n", as the pipeline and `drift align` run).
The last two columns are the strict F1 of the first and second half of the bitext (cut
at the first gold bead whose source starts in the second half of the German lines), to
show whether a difference holds across the text. In-run baseline:
Bertalign's algorithm (Liu & Zhu 2022) as published, re-implemented here on the same
sentence vectors: a first pass of 1-1 links worth their raw cosine when the target is among
the source's top 3, a band around *all* its links, and the second pass of
`drift.align.bitext.dp` on uncentred vectors of merged sentences obtained, as in Bertalign, by
encoding the concatenation of up to ``max_align - 1`` consecutive lines, with lengths in
UTF-8 bytes. The concatenations are encoded once and kept in ``--overlap-cache``.

    python scripts/eval_textberg.py [DATA_DIR] [--cache vectors.npz] [--overlap-cache overlaps.npz]
        [--words-cache words.npz]
"""

from __future__ import annotations

import argparse
import time
from ast import literal_eval
from collections import defaultdict
from pathlib import Path

import numpy as np

from drift.align import AlignConfig, align_pair
from drift.align.bitext.dp import band, first_pass, group_lengths, second_pass
from drift.encoders import WordVectors, encode, get_encoder

Bead = tuple[tuple[int, ...], tuple[int, ...]]

BLOCK = 8  # lines per shuffled block of the target side
SEED = 13  # fixed seed of the block shuffle
PUBLISHED = (
    "Published Text+Berg de-fr test figures, strict F1: Bertalign (LaBSE) 0.936, SentAlign "
    "(LaBSE) 0.932, Vecalign (LASER) 0.902; Bertalign's algorithm with multilingual-e5-small "
    "(this project's model) 0.904."
)


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def read_gold(path: Path) -> list[Bead]:
    beads = []
    for line in read_lines(path):
        src, tgt = line.split(":")
        beads.append((tuple(literal_eval(src)), tuple(literal_eval(tgt))))
    return beads


def _counts(gold: list[Bead], test: list[Bead]) -> tuple[int, int, int, int]:
    """Strict true/false positives and lax true/false positives of ``test`` against ``gold``."""
    gold_set = {(tuple(s), tuple(t)) for s, t in gold if s or t}
    src_to_tgt: dict[int, set[int]] = defaultdict(set)
    for s, t in gold_set:
        for i in s:
            src_to_tgt[i].update(t)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for s, t in {(tuple(s), tuple(t)) for s, t in test if s or t}:
        if (s, t) in gold_set:
            tp_strict += 1
            tp_lax += 1
            continue
        fp_strict += 1
        linked = set().union(*(src_to_tgt[i] for i in s)) if s else set()
        if linked & set(t):
            tp_lax += 1
        else:
            fp_lax += 1
    return tp_strict, fp_strict, tp_lax, fp_lax


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: list[Bead], test: list[Bead]) -> dict[str, float]:
    """Bertalign's strict and lax precision, recall and F1."""
    p = _counts(gold, test)
    r = _counts([b for b in test if b[0] and b[1]], [b for b in gold if b[0] and b[1]])
    out = {
        "precision_strict": _ratio(p[0], p[0] + p[1]),
        "recall_strict": _ratio(r[0], r[0] + r[1]),
        "precision_lax": _ratio(p[2], p[2] + p[3]),
        "recall_lax": _ratio(r[2], r[2] + r[3]),
    }
    out["f1_strict"] = _f1(out["precision_strict"], out["recall_strict"])
    out["f1_lax"] = _f1(out["precision_lax"], out["recall_lax"])
    return out


def shuffle_blocks(m: int, seed: int = SEED, block: int = BLOCK) -> list[int]:
    """New target order: ``order[p]`` is the old index of the line now at position ``p``."""
    blocks = [list(range(k, min(k + block, m))) for k in range(0, m, block)]
    rng = np.random.default_rng(seed)
    return [j for b in rng.permutation(len(blocks)) for j in blocks[b]]


def vectors(src: list[str], tgt: list[str], cache: Path | None) -> tuple[np.ndarray, np.ndarray]:
    """Sentence vectors of both sides, read from ``cache`` when it exists, else encoded."""
    if cache is not None and cache.exists():
        data = np.load(cache)
        if data["src"].shape[0] == len(src) and data["tgt"].shape[0] == len(tgt):
            return data["src"], data["tgt"]
    start = time.perf_counter()
    src_vecs, tgt_vecs = encode(src), encode(tgt)
    print(f"encoded {len(src) + len(tgt)} sentences in {time.perf_counter() - start:.1f} s")
    if cache is not None:
        np.savez(cache, src=src_vecs, tgt=tgt_vecs)
    return src_vecs, tgt_vecs


def word_vectors(lines: list[str], cache: Path | None, key: str) -> list[WordVectors]:
    """Last-layer word vectors of each line, read from ``cache[key]`` when there, else
    encoded and added to it (flattened: vectors, spans and words per line)."""
    stored = dict(np.load(cache)) if cache is not None and cache.exists() else {}
    if f"{key}_counts" not in stored:
        start = time.perf_counter()
        words = get_encoder().encode_words(lines)
        print(f"encoded words of {len(lines)} lines in {time.perf_counter() - start:.1f} s")
        stored[f"{key}_counts"] = np.array([len(w) for w in words])
        stored[f"{key}_spans"] = np.array([span for w in words for span in w.spans]).reshape(-1, 2)
        stored[f"{key}_vectors"] = np.concatenate([w.vectors for w in words])
        if cache is not None:
            np.savez(cache, **stored)
    bounds = np.cumsum([0, *stored[f"{key}_counts"]])
    spans, vecs = stored[f"{key}_spans"], stored[f"{key}_vectors"]
    return [
        WordVectors(text, tuple(map(tuple, spans[a:b].tolist())), vecs[a:b])
        for text, a, b in zip(lines, bounds[:-1], bounds[1:])
    ]


def overlap_vectors(lines: list[str], size: int, unit: np.ndarray, cache: Path | None, key: str) -> np.ndarray:
    """Bertalign's overlap vectors, ``(size, n, d)``: row ``[a - 1, e]`` encodes lines
    ``e - a + 1 .. e`` joined by spaces (zero where that starts before line 0); ``a = 1``
    is ``unit``. Read from ``cache[key]`` when there, else encoded and added to it."""
    stored = dict(np.load(cache)) if cache is not None and cache.exists() else {}
    if key not in stored:
        start = time.perf_counter()
        joined = [joined_lines(lines, a) for a in range(2, size + 1)]
        stored[key] = encode([text for texts in joined for text in texts])
        print(f"encoded {len(stored[key])} concatenations in {time.perf_counter() - start:.1f} s")
        if cache is not None:
            np.savez(cache, **stored)
    out = np.zeros((size, *unit.shape), dtype=np.float32)
    out[0] = unit
    rows = iter(stored[key])
    for a in range(2, size + 1):
        out[a - 1, a - 1 :] = [next(rows) for _ in range(len(lines) - a + 1)]
    return out


def joined_lines(lines: list[str], a: int) -> list[str]:
    """Every run of ``a`` consecutive lines joined by spaces, by last line."""
    return [" ".join(lines[e - a + 1 : e + 1]) for e in range(a - 1, len(lines))]


def byte_lengths(lines: list[str], size: int) -> np.ndarray:
    """UTF-8 lengths of the runs of `joined_lines` (spaces included, as Bertalign counts),
    laid out as `drift.align.bitext.dp.group_lengths`."""
    out = group_lengths(np.array([len(t.encode("utf-8")) for t in lines], dtype=np.float64), size)
    for a in range(2, size + 1):
        out[a - 1, a - 1 :] += a - 1
    return out


def bertalign(src: np.ndarray, tgt: np.ndarray, src_lens: np.ndarray, tgt_lens: np.ndarray) -> list[Bead]:
    """Bertalign's two passes (see the module docstring) with its defaults: max_align 5,
    top_k 3, window 5, skip -0.1. src, tgt: overlap vectors; *_lens: `byte_lengths`."""
    config = AlignConfig()
    links = first_pass(np.maximum(src[0] @ tgt[0].T, 0.0), config.top_k)
    lo, hi = band(links, src.shape[1], tgt.shape[1], config.window)
    return second_pass(src, tgt, src_lens, tgt_lens, lo, hi, config)


def shuffled_overlaps(over: np.ndarray, lines: list[int]) -> np.ndarray:
    """Overlap vectors of the target in the order ``lines``: a run keeps its encoded vector
    where its lines were consecutive before the shuffle, else gets the normalised sum of
    its lines' vectors (encoding every new run would cost another encoder pass)."""
    size, m, d = over.shape
    out = np.zeros_like(over)
    out[0] = over[0, lines]
    idx = np.asarray(lines)
    for a in range(2, size + 1):
        for e in range(a - 1, m):
            run = idx[e - a + 1 : e + 1]
            if np.all(np.diff(run) == 1):
                out[a - 1, e] = over[a - 1, run[-1]]
            else:
                total = over[0, run].sum(axis=0)
                out[a - 1, e] = total / np.linalg.norm(total)
    return out


def halves(gold: list[Bead], beads: list[Bead], n_src: int) -> tuple[float, float]:
    """Strict F1 of the first and second half: cut at the first gold bead with both sides
    whose source starts at or after line ``n_src // 2``; a bead belongs to the half of its
    first source line (of its first target line when it has no source)."""
    cut_s, cut_t = next((s[0], min(t)) for s, t in gold if s and t and s[0] >= n_src // 2)

    def part(found: list[Bead], first: bool) -> list[Bead]:
        return [b for b in found if ((b[0][0] < cut_s) if b[0] else (min(b[1]) < cut_t)) == first]

    return tuple(score(part(gold, f), part(beads, f))["f1_strict"] for f in (True, False))  # type: ignore[return-value]


def report(aligner: str, name: str, mode: str, gold: list[Bead], beads: list[Bead], elapsed: float, n_src: int) -> None:
    m = score(gold, beads)
    first, second = halves(gold, beads, n_src)
    print(f"{aligner:<10} {name:<11} {mode:<10} {m['precision_strict']:>8.3f} {m['recall_strict']:>8.3f} "
          f"{m['f1_strict']:>9.3f} {m['precision_lax']:>6.3f} {m['recall_lax']:>6.3f} "
          f"{m['f1_lax']:>6.3f} {elapsed:>7.2f} {first:>6.3f} {second:>6.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "textberg"
    parser.add_argument("data_dir", nargs="?", type=Path, default=default)
    parser.add_argument("--cache", type=Path, help="npz file to keep the sentence vectors in")
    parser.add_argument("--overlap-cache", type=Path, help="npz file to keep Bertalign's overlap vectors in")
    parser.add_argument("--words-cache", type=Path, help="npz file to keep the word vectors in")
    args = parser.parse_args()
    missing = [name for name in ("dev.de", "dev.fr", "dev.defr") if not (args.data_dir / name).is_file()]
    if missing:
        raise SystemExit(f"eval_textberg: {args.data_dir} has no {', '.join(missing)} (DATA_DIR: Text+Berg dev)")

    src = read_lines(args.data_dir / "dev.de")
    tgt = read_lines(args.data_dir / "dev.fr")
    gold = read_gold(args.data_dir / "dev.defr")
    src_vecs, tgt_vecs = vectors(src, tgt, args.cache)
    src_lens = [len(s) for s in src]
    src_words = word_vectors(src, args.words_cache, "src")
    tgt_words = word_vectors(tgt, args.words_cache, "tgt")

    order = shuffle_blocks(len(tgt))
    new_index = {old: new for new, old in enumerate(order)}
    shuffled_gold = [(s, tuple(sorted(new_index[j] for j in t))) for s, t in gold]
    variants = [
        ("original", tgt_vecs, [len(t) for t in tgt], gold, list(range(len(tgt)))),
        ("shuffled/8", tgt_vecs[order], [len(tgt[j]) for j in order], shuffled_gold, order),
    ]
    print(f"Text+Berg de-fr dev: {len(src)} de, {len(tgt)} fr lines, {len(gold)} gold beads")
    print(f"{'aligner':<10} {'target':<11} {'mode':<10} {'P strict':>8} {'R strict':>8} {'F1 strict':>9} "
          f"{'P lax':>6} {'R lax':>6} {'F1 lax':>6} {'time s':>7} {'F1 1st':>6} {'F1 2nd':>6}")
    for name, vecs, lens, gold_beads, lines in variants:
        evidence = {
            "drift": {},
            "drift+n": {"src_texts": src, "tgt_texts": [tgt[j] for j in lines]},
            "drift+w": {"src_words": src_words, "tgt_words": [tgt_words[j] for j in lines]},
        }
        evidence["drift+w+n"] = {**evidence["drift+n"], **evidence["drift+w"]}
        for aligner, given in evidence.items():
            for mode in ("monotonic", "free", "auto"):
                start = time.perf_counter()
                beads = align_pair(src_vecs, vecs, mode=mode, src_lens=src_lens, tgt_lens=lens, **given)
                report(aligner, name, mode, gold_beads, beads, time.perf_counter() - start, len(src))
    size = AlignConfig().max_align - 1
    src_over = overlap_vectors(src, size, src_vecs, args.overlap_cache, "src")
    tgt_over = overlap_vectors(tgt, size, tgt_vecs, args.overlap_cache, "tgt")
    for name, _, _, gold_beads, lines in variants:
        shuffled = [tgt[j] for j in lines]
        tgt_v = tgt_over if lines == list(range(len(tgt))) else shuffled_overlaps(tgt_over, lines)
        start = time.perf_counter()
        beads = bertalign(src_over, tgt_v, byte_lengths(src, size), byte_lengths(shuffled, size))
        report("Bertalign", name, "monotonic", gold_beads, beads, time.perf_counter() - start, len(src))
    print(PUBLISHED)


if __name__ == "__main__":
    main()
