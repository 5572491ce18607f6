"""Time and peak memory of sentence alignment, encoding excluded.

Vectors are synthetic: each piece of content gets a random unit vector and each version a
noisy copy of it (cosine about 0.8 to the original, like paraphrases under
multilingual-e5-small), with its own omissions, additions and paragraph moves. Every
sentence also gets ``WORDS`` random word vectors and an 80-character text holding one
number of its piece of content, so that the timings include both kinds of evidence in
the bead score: word coverage (`drift.align.bitext.coverage`, monotonic mode; its cost depends
on the number of words, not on their values) and shared numbers (`drift.align.numbers`).

    python scripts/bench_align.py [--repeat 3]

Targets: the story aligner (``mode="story"``, the default of ``drift analyze``) on 5
versions x 60 sentences under 0.3 s, on 10 x 200 under 5 s and 1 GiB; the bitext aligner
on 5 x 60 (merged beads, ``mode="auto"``) under 0.5 s, on 2 x 2,000 under 10 s and 1 GiB.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

from drift.align import align_pair, align_story
from drift.encoders import WordVectors
from drift.types import Sentence, Story, Version

DIM = 384  # multilingual-e5-small
WORDS = 25  # words per sentence: about an 80-character news sentence
NOISE = 0.75  # noise norm relative to the unit content vector: cosine ~ 1/sqrt(1 + 0.75^2) = 0.8


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


def synthetic_version(
    content: np.ndarray, rng: np.random.Generator, keep: float = 0.85, move: bool = True
) -> tuple[np.ndarray, list[str]]:
    """A version's vectors and texts: a share ``keep`` of the content, paragraphs of 4
    moved around (if ``move``), a few additions, each vector a noisy copy; each text holds
    the number of its piece of content (an addition's is new)."""
    n = content.shape[0]
    kept = np.sort(rng.choice(n, size=int(n * keep), replace=False))
    paragraphs = [kept[k : k + 4] for k in range(0, len(kept), 4)]
    if move:
        rng.shuffle(paragraphs)
    order = np.concatenate(paragraphs)
    rows = content[order]
    added = _unit(rng.standard_normal((n - len(kept), DIM)))
    rows = np.concatenate([rows, added])
    noise = rng.standard_normal(rows.shape) * NOISE / np.sqrt(DIM)
    pieces = [*order.tolist(), *rng.integers(n, 10 * n, size=len(added)).tolist()]
    return _unit(rows + noise), [f"{piece:>6} ".ljust(80, "x") for piece in pieces]


def synthetic_words(sentences: int, rng: np.random.Generator) -> list[WordVectors]:
    """``WORDS`` random unit word vectors for each of ``sentences`` sentences."""
    text = " ".join(["w"] * WORDS)
    spans = tuple((2 * i, 2 * i + 1) for i in range(WORDS))
    return [WordVectors(text, spans, _unit(rng.standard_normal((WORDS, DIM)))) for _ in range(sentences)]


def synthetic_story(versions: int, sentences: int, rng: np.random.Generator) -> tuple[Story, dict[str, np.ndarray]]:
    content = _unit(rng.standard_normal((sentences, DIM)))
    vecs, built = {}, []
    for v in range(versions):
        vid = f"v{v:03d}"
        vecs[vid], texts = synthetic_version(content, rng)
        sents = tuple(Sentence(vid, i, i * 81, i * 81 + 80, t) for i, t in enumerate(texts))
        built.append(Version(id=vid, text=" ".join(texts), language="en", sentences=sents))
    return Story(id="bench", versions=tuple(built)), vecs


def measure(label: str, run, repeat: int) -> None:
    """Best and median wall time of ``repeat`` plain runs, then one run under tracemalloc
    (which slows Python down) for the peak of memory allocated, numpy arrays included."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:<34} best {min(times):7.3f} s  median {np.median(times):7.3f} s  "
          f"peak allocated {peak / 2**20:7.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(0)

    for versions, sentences in ((5, 60), (10, 200)):
        story, vecs = synthetic_story(versions, sentences, rng)
        words = {vid: synthetic_words(len(v), rng) for vid, v in vecs.items()}
        label = f"align_story {versions} x {sentences} story"
        measure(label, lambda: align_story(story, vecs, words=words, mode="story"), args.repeat)
        if versions == 5:
            measure(f"align_story {versions} x {sentences} auto", lambda: align_story(story, vecs, words=words, mode="auto"), args.repeat)

    content = _unit(rng.standard_normal((2000, DIM)))
    for mode, move in (("monotonic", False), ("free", True), ("auto", True)):
        (src, src_texts), (tgt, tgt_texts) = synthetic_version(content, rng, move=move), synthetic_version(content, rng, move=move)
        src_words, tgt_words = synthetic_words(len(src), rng), synthetic_words(len(tgt), rng)
        label = f"align_pair 2 x 2,000 {mode}" + (" (moved)" if move else "")
        measure(
            label,
            lambda: align_pair(
                src, tgt, mode=mode, src_words=src_words, tgt_words=tgt_words, src_texts=src_texts, tgt_texts=tgt_texts
            ),
            args.repeat,
        )


if __name__ == "__main__":
    main()
