"""Numbers shared by two sides, as bags for the bead score.

Translations and rewrites keep their numbers (years, heights, dates, sums: "8470", "1955",
"9. Mai" / "9 mai") in every language, and the sentence encoder is weak on them: on
Text+Berg dev, de 15 and fr 53 share "8470" and little else the model sees. Each sentence
gets a tf-idf bag of the numbers that occur on both sides (a number is a run of digits, read
as an integer, so "07" and "7" are one number, and a decimal "8839,8" is two); idf is
log(N / df) over the N sentences of both sides. `drift.align.bitext.dp` scores a bead's bags
with Bertalign's own formula and adds that, weighted by one typical anchor margin, to the
bead's score: a perfect match of rare numbers is worth one confident link. Measured on
Text+Berg dev (`scripts/eval_textberg.py`), strict F1: monotonic 0.879 -> 0.883 with
sentence vectors, 0.897 -> 0.896 with word coverage too; shuffled in blocks of 8 and
aligned order-free, 0.849 -> 0.859. Words, cognate prefixes and names were measured as
anchors too and did not help (with numbers and 4+-letter words 0.892 against 0.895, in an
aligner that still had a word-merge step; with words alone 0.884).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

import numpy as np

_NUMBER = re.compile(r"\d+")  # decimal digits of any script
_LONGEST_INT = 18  # longer runs (serial numbers, OCR noise) are kept as written; int() refuses 4,300+ digits


def numbers(text: str) -> list[str]:
    """The numbers of ``text`` in order: maximal runs of decimal digits, as ASCII without
    leading zeros (``"07"`` and ``"٧"`` are ``"7"``)."""
    return [str(int(run)) if len(run) <= _LONGEST_INT else run for run in _NUMBER.findall(text)]


def number_bags(src_texts: Sequence[str], tgt_texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """tf-idf bags of the numbers found on both sides: (n, V) and (m, V) float32, with
    one column per shared number (V may be 0); a sentence without one has a zero row."""
    src = [numbers(t) for t in src_texts]
    tgt = [numbers(t) for t in tgt_texts]
    df_src = Counter(x for found in src for x in set(found))
    df_tgt = Counter(x for found in tgt for x in set(found))
    shared = sorted(df_src.keys() & df_tgt.keys())
    column = {x: k for k, x in enumerate(shared)}
    total = len(src) + len(tgt)
    idf = np.array([np.log(total / (df_src[x] + df_tgt[x])) for x in shared], dtype=np.float32)

    def bags(found_per_text: list[list[str]]) -> np.ndarray:
        out = np.zeros((len(found_per_text), len(shared)), dtype=np.float32)
        for row, found in enumerate(found_per_text):
            for x in found:
                if x in column:
                    out[row, column[x]] += 1.0
        return out * idf

    return bags(src), bags(tgt)
