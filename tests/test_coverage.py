"""Word coverage of beads (drift.align.bitext.coverage) on real word vectors of Text+Berg dev."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from drift.align.bitext.coverage import WordCoverage
from drift.align.words import content_words

TEXTBERG = Path(__file__).resolve().parents[2] / "shared" / "data" / "textberg"


def coverage(encoder, de: list[str], fr: list[str]) -> WordCoverage:
    src = content_words(encoder.encode_words(de), len(de), "src")
    tgt = content_words(encoder.encode_words(fr), len(fr), "tgt")
    n, m = len(de), len(fr)
    lo, hi = np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)  # the whole table
    return WordCoverage(src, tgt, lo, hi, size=4)


def test_a_translation_covers_more_than_its_neighbour(encoder) -> None:
    # de 14 / fr 52 and de 15 / fr 53 are gold 1-1 beads
    de = (TEXTBERG / "dev.de").read_text(encoding="utf-8").splitlines()[14:16]
    fr = (TEXTBERG / "dev.fr").read_text(encoding="utf-8").splitlines()[52:54]
    term = coverage(encoder, de, fr).term(1, 1, np.arange(1, 3), np.arange(1, 3))  # rows de, cols fr
    assert term.shape == (2, 2) and (term >= 0).all()
    assert term[0, 0] > term[0, 1] and term[1, 1] > term[1, 0]
    assert term[0, 0] > term[1, 0] and term[1, 1] > term[0, 1]


def test_a_line_without_words_covers_nothing(encoder) -> None:
    # each word is rescaled against its best cosines over the other side's sentences, so
    # the contrast needs a second sentence with words on each side
    de = ["Der Gipfel ist erreicht .", "Es regnete in Paris .", "( ) ."]
    cov = coverage(encoder, de, ["Le sommet est atteint .", "Il pleuvait à Paris ."])
    term = cov.term(1, 1, np.arange(1, 4), np.arange(1, 3))
    assert term[0, 0] > term[0, 1] and term[1, 1] > term[1, 0]
    assert not term[2].any()
    # a bead too large for the sides scores nothing (the DP gives it -inf anyway)
    assert not cov.term(1, 3, np.arange(1, 4), np.arange(1, 3)).any()
