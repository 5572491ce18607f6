"""Numbers as alignment evidence (drift.align.numbers) on real lines of Text+Berg dev."""

from __future__ import annotations

import numpy as np

from drift.align.numbers import number_bags, numbers

# Text+Berg dev de 15 / fr 53 (one gold 1-1 bead) and de 14 / fr 52 (the one before it)
DE = [
    "Der Lhotse misst amtlich noch immer 8501 m , wird aber wahrscheinlich demnächst auf etwa 8510 m heraufgesetzt werden müssen .",
    "Denn auch beim Makalu wird die seit einem Jahrhundert gültige Höhenzahl 8470 m jetzt aufgegeben ;",
]
FR = [
    "Officiellement , le Lhotsé mesure toujours 8501 m , mais ce chiffre devra vraisemblablement être élevé à 8510 m .",
    "Car la cote de ce dernier , 8470 , admise pendant un siècle , doit être abandonnée .",
]


def test_numbers_are_digit_runs_read_as_integers() -> None:
    assert numbers("am 9.Mai 1955 , 8839,8 m") == ["9", "1955", "8839", "8"]
    assert numbers("le 07/07/1956") == ["7", "7", "1956"]
    assert numbers("٣ juillet") == ["3"]  # Arabic-Indic digit
    assert numbers("no digits here") == []
    long_run = "1" * 5000  # beyond int()'s limit on digits: kept as written
    assert numbers(long_run) == [long_run]


def test_bags_hold_shared_numbers_only_with_idf() -> None:
    src, tgt = number_bags(DE + ["Im Jahr 1999 ."], FR)
    assert src.shape == (3, 3) and tgt.shape == (2, 3)  # 8470, 8501, 8510; 1999 is not shared
    assert not src[2].any()
    # one shared number per column: de 15 and fr 53 meet on 8470 alone
    assert float(src[1] @ tgt[1]) > 0 and float(src[1] @ tgt[0]) == 0 and float(src[0] @ tgt[1]) == 0
    # idf = log(N / df) with N = 5 sentences, each number in 2 of them
    np.testing.assert_allclose(src[src > 0], np.log(5 / 2), rtol=1e-6)


def test_no_shared_number_gives_empty_bags() -> None:
    src, tgt = number_bags(["1955 und 1956"], ["en 1957", "sans nombre"])
    assert src.shape == (1, 0) and tgt.shape == (2, 0)
