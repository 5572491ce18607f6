"""Sentence alignment on real vectors of real sentences (encoded once per module)."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

from drift.align import AlignConfig, align_pair, align_story, choose_mode
from drift.align.bitext.dp import Pair, band_scores, bead_types, group_lengths, group_vectors, monotone_fraction
from drift.align.vectors import centre
from drift.errors import ConfigError, InputError
from drift.ingest import load_example
from drift.segment import segment

TEXTBERG = Path(__file__).resolve().parent / "data" / "textberg"

# Text+Berg dev lines de 14..30 and fr 52..67: their gold beads lie inside the slice and
# hold 1-1, 2-1, 1-2 and 2-2 beads.
DE, FR = (14, 31), (52, 68)

# English sentences from the example story (v001 / v000): 1-1 pairs, a split into two, an
# omission (src 3) and an addition (tgt 5).
SRC = [
    "Kim Jong-un was in Russia on Tuesday night to meet Vladimir Putin for what the US warned was a possible arms deal for Moscow's war in Ukraine.",
    "Andrei Lankov, a North Korea expert at Kookmin University in Seoul, said a Putin-Kim summit was part of Moscow's gentle diplomatic blackmail of Seoul.",
    "Seoul is a major arms exporter and has sold tanks to Kyiv's ally Poland, but longstanding domestic policy bars it from selling weapons into active conflicts.",
    "Flanked by uniformed defence officials, state media images showed an unsmiling Kim waving from the doorway of his private train.",
    "In July, Mr Putin hailed Pyongyang's firm support for special military operations against Ukraine.",
    "Kim has not travelled outside the North since the start of the pandemic.",
    "Washington has said North Korea would pay a price if it supplied Moscow with weapons for its war in Ukraine.",
]
TGT = [
    "North Korean leader Kim Jong-un arrived in Russia on Tuesday for a meeting with Russian President Vladimir Putin which could, according to Washington, lead to an arms sale agreement.",
    "For Andrei Lankov of Seoul's Kookmin University, a Putin-Kim summit is part of Moscow's friendly diplomatic blackmail against Seoul.",
    "South Korea is a major arms exporter.",
    "It has sold some to Poland, an ally of Kyiv, but its policy is never to supply any to parties directly engaged in armed conflicts.",
    "In July, Mr. Putin praised North Korea for its firm support for the special military operation against Ukraine.",
    "A UN report in 2022 highlighted the role of a North Korean diplomat in Moscow in procuring ballistic missile technology.",
    "Departing Pyongyang on Sunday evening aboard an armored train, Kim Jong-un is making his first trip abroad since the start of the COVID-19 pandemic.",
    "The White House warned that North Korea will pay the price in the international community if it sells arms to Russia.",
]
EXPECTED = [
    ((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((3,), ()), ((4,), (4,)), ((), (5,)), ((5,), (6,)), ((6,), (7,))
]


def read_gold(path: Path) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    beads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        src, tgt = line.split(":")
        beads.append((tuple(int(x) for x in src.strip("[] ").split(",") if x.strip()),
                      tuple(int(x) for x in tgt.strip("[] ").split(",") if x.strip())))
    return beads


@pytest.fixture(scope="module")
def textberg(encoder):
    de = (TEXTBERG / "dev.de").read_text(encoding="utf-8").splitlines()[DE[0] : DE[1]]
    fr = (TEXTBERG / "dev.fr").read_text(encoding="utf-8").splitlines()[FR[0] : FR[1]]
    gold = [
        (tuple(i - DE[0] for i in s), tuple(j - FR[0] for j in t))
        for s, t in read_gold(TEXTBERG / "dev.defr")
        if s and DE[0] <= s[0] < DE[1]
    ]
    return de, fr, encoder.encode_sentences(de), encoder.encode_sentences(fr), gold


@pytest.fixture(scope="module")
def english(encoder):
    return encoder.encode_sentences(SRC), encoder.encode_sentences(TGT)


@pytest.fixture(scope="module")
def story(encoder):
    """The second halves of three versions of the example story (fewer sentences to encode)."""
    full = segment(load_example())
    versions = []
    for vid, first in (("v000", 18), ("v001", 10), ("v003", 12)):
        version = full.version(vid)
        keep = {s.index for s in version.content_sentences[first:30]}
        versions.append(version.with_sentences(tuple(s for s in version.sentences if s.index in keep)))
    vectors = {v.id: encoder.encode_sentences([s.text for s in v.content_sentences]) for v in versions}
    return full.with_versions(tuple(versions)), vectors


def covers_once(beads, n: int, m: int) -> bool:
    src = sorted(i for s, _ in beads for i in s)
    tgt = sorted(j for _, t in beads for j in t)
    return src == list(range(n)) and tgt == list(range(m))


@pytest.mark.parametrize("mode", ["monotonic", "free", "auto"])
def test_english_one_to_one_split_omission_addition(english, mode):
    src, tgt = english
    lens = [len(s) for s in SRC], [len(t) for t in TGT]
    beads = align_pair(src, tgt, mode=mode, src_lens=lens[0], tgt_lens=lens[1])
    assert sorted(beads) == sorted(EXPECTED)


@pytest.mark.parametrize("mode", ["monotonic", "free", "auto"])
def test_beads_cover_every_index_once(textberg, english, mode):
    _, _, de, fr, _ = textberg
    for src, tgt in [(de, fr), english, (de[:5], fr), (de, fr[:1])]:
        beads = align_pair(src, tgt, mode=mode)
        assert covers_once(beads, len(src), len(tgt))
    assert align_pair(de[:0], fr[:2], mode=mode) == [((), (0,)), ((), (1,))]


def test_monotonic_on_textberg_slice(textberg):
    de, fr, de_vecs, fr_vecs, gold = textberg
    beads = align_pair(
        de_vecs, fr_vecs, mode="monotonic", src_lens=[len(s) for s in de], tgt_lens=[len(t) for t in fr]
    )
    found = set(beads) & set(gold)
    # measured: 12 of the 14 gold beads (the first two 1-1 beads come out as one 2-2)
    assert len(found) >= 12
    assert ((5, 6), (4,)) in found  # de 19-20 : fr 56, a 2-1 bead
    assert ((7,), (5, 6)) in found  # de 21 : fr 57-58, a 1-2 bead
    assert choose_mode(de_vecs, fr_vecs) == "monotonic"


def test_order_free_recovers_shuffled_bitext(textberg):
    de, fr, de_vecs, fr_vecs, gold = textberg
    order = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]  # the two halves swapped
    new = {old: pos for pos, old in enumerate(order)}
    shuffled_gold = {(s, tuple(sorted(new[j] for j in t))) for s, t in gold}
    lens = [len(s) for s in de], [len(fr[j]) for j in order]
    free = align_pair(de_vecs, fr_vecs[order], mode="free", src_lens=lens[0], tgt_lens=lens[1])
    mono = align_pair(de_vecs, fr_vecs[order], mode="monotonic", src_lens=lens[0], tgt_lens=lens[1])
    # measured: order-free finds 12 of the 14 gold beads, as on the unshuffled slice;
    # monotonic finds only the 7 of the half it keeps in order
    assert len(set(free) & shuffled_gold) >= 12
    assert len(set(mono) & shuffled_gold) <= 8
    assert choose_mode(de_vecs, fr_vecs[order]) == "free"


def test_duplicate_does_not_steal_the_match(english):
    src, tgt = english
    doubled = np.concatenate([tgt[:1], tgt])  # the lead sentence twice, as v001 prints it
    for mode in ("monotonic", "free"):
        beads = align_pair(src, doubled, mode=mode)
        assert ((0,), (0,)) in beads or ((0,), (0, 1)) in beads
        assert ((1,), (2,)) in beads  # the next sentences still pair up
        assert not any(1 in t and 0 not in t and s for s, t in beads)


def test_group_vectors_sum_then_centre(textberg):
    _, _, de_vecs, _, _ = textberg
    groups = group_vectors(de_vecs, 4)
    np.testing.assert_allclose(groups[0], centre(de_vecs), atol=1e-6)
    pair_sum = de_vecs[2] + de_vecs[3]
    expected = pair_sum / np.linalg.norm(pair_sum) - de_vecs.mean(axis=0)
    np.testing.assert_allclose(groups[1, 3], expected / np.linalg.norm(expected), atol=1e-6)
    assert not groups[2, :2].any()  # runs of 3 cannot end before sentence 2


def test_band_scores_follow_bertalign_formula(textberg):
    de, fr, de_vecs, fr_vecs, _ = textberg
    src, tgt = group_vectors(de_vecs, 4), group_vectors(fr_vecs, 4)
    ls = group_lengths(np.array([len(s) for s in de], dtype=float), 4)
    lt = group_lengths(np.array([len(t) for t in fr], dtype=float), 4)
    n, m = len(de), len(fr)
    cols = np.broadcast_to(np.arange(m + 1), (n + 1, m + 1))  # the whole table as the band
    types = bead_types(5)
    table = band_scores(src, tgt, ls, lt, types, cols, np.ones_like(cols, dtype=bool), -0.1)
    ratio = ls[0].sum() / lt[0].sum()
    for (a, b), i, j in [((2, 1), 7, 5), ((1, 2), 8, 7), ((2, 2), 3, 2), ((1, 1), n, m), ((3, 1), 5, 1)]:
        g, h = src[a - 1, i - 1], tgt[b - 1, j - 1]
        near_t = [g @ tgt[0, k] for k in (j - b - 1, j) if 0 <= k < m]
        near_s = [h @ src[0, k] for k in (i - a - 1, i) if 0 <= k < n]
        short, long = sorted([ls[a - 1, i - 1], lt[b - 1, j - 1] * ratio])
        expected = (g @ h - (np.mean(near_t) + np.mean(near_s)) / 2) * np.log2(1 + short / long)
        assert table[i, types.index((a, b)), j] == pytest.approx(expected, abs=1e-5)
    assert table[1, types.index((2, 1)), 3] == -np.inf  # would start before sentence 0
    assert table[4, types.index((1, 0)), 3] == pytest.approx(-0.1)


def assert_example_cases(story, seen: dict) -> Callable[[str, str], int]:
    """The units of the example read by eye, for either aligner: ``seen`` maps (version,
    sentence index) to a unit id; returns the lookup by a sentence's opening words."""

    def unit_of(vid: str, start: str) -> int:
        sentence = next(s for s in story.version(vid).sentences if s.text.startswith(start))
        return seen[(vid, sentence.index)]

    # the Lankov quote: friendly / gentle / plain "diplomatic blackmail" in one unit
    lankov = {unit_of("v000", "For Andrei Lankov"), unit_of("v001", "Andrei Lankov"), unit_of("v003", "Andrei Lankov")}
    assert len(lankov) == 1
    # v000 splits what v001 and v003 say in one sentence
    exporter = unit_of("v001", "Seoul is a major arms exporter")
    assert unit_of("v003", "Seoul is a major arms exporter") == exporter
    assert unit_of("v000", "South Korea is a major arms exporter") == exporter
    assert unit_of("v000", "It has sold some to Poland") == exporter
    return unit_of


def test_bead_units_are_consistent(story):
    st, vectors = story
    units = align_story(st, vectors, mode="auto")
    seen = {}
    for unit in units:
        for vid, idx in unit.members.items():
            content = [s.index for s in st.version(vid).content_sentences]
            pos = [content.index(i) for i in idx]
            assert pos == list(range(pos[0], pos[0] + len(pos)))  # one run of neighbours
            assert len(pos) <= AlignConfig().max_align - 1
            for i in idx:
                assert (vid, i) not in seen
                seen[(vid, i)] = unit.id
    every = {(v.id, s.index) for v in st.versions for s in v.content_sentences}
    assert set(seen) == every
    assert [u.id for u in units] == list(range(len(units)))

    assert_example_cases(st, seen)


def test_story_units_hold_one_fact(example_report):
    """The story aligner on the whole example: every content sentence once, at most three
    of one version per unit, confidences and link probabilities in [0, 1], and units read
    by eye (the issue's cases)."""
    story = example_report.story
    seen = {}
    for unit in example_report.units:
        for vid, idx in unit.members.items():
            assert len(idx) <= 3
            for i in idx:
                assert (vid, i) not in seen
                seen[(vid, i)] = unit.id
        if len(unit.members) > 1:
            assert 0.0 <= unit.confidence <= 1.0
        else:
            assert unit.confidence is None
    assert set(seen) == {(v.id, s.index) for v in story.versions for s in v.content_sentences}
    assert all(0.0 <= p.link <= 1.0 for p in example_report.pairs)
    assert sum(len(u.members) == 1 for u in example_report.units) > len(example_report.units) / 3

    unit_of = assert_example_cases(story, seen)
    # Peskov's "sensitive areas" quote is not grouped with the train that may have crossed
    assert unit_of("v003", "According to Peskov") != unit_of("v004", "However, it did not specify")


def test_story_pairs_are_rewrites_not_bitexts(story):
    st, vectors = story
    for a, b in combinations(st.version_ids, 2):
        fraction = monotone_fraction(Pair.build(vectors[a], vectors[b]).anchors)
        assert fraction < 0.9
        assert choose_mode(vectors[a], vectors[b]) == "free"


def test_bad_input_raises_coded_errors(english):
    src, tgt = english
    with pytest.raises(ConfigError):
        align_pair(src, tgt, mode="sideways")
    with pytest.raises(InputError):
        align_pair(src, tgt[:, :10])
    with pytest.raises(InputError):
        align_pair(src, tgt, src_lens=[1.0, 2.0])


def textberg_lines(de: tuple[int, int], fr: tuple[int, int]) -> tuple[list[str], list[str]]:
    src = (TEXTBERG / "dev.de").read_text(encoding="utf-8").splitlines()[slice(*de)]
    tgt = (TEXTBERG / "dev.fr").read_text(encoding="utf-8").splitlines()[slice(*fr)]
    return src, tgt


def test_word_coverage_joins_a_straddled_sentence(encoder) -> None:
    """Text+Berg de 225-226 / fr 267-269 is one gold 2-3 bead; fr 268 ends with the content
    of de 226. Sentence vectors alone split it; their words' coverage joins it."""
    src, tgt = textberg_lines((225, 227), (267, 270))
    vectors = encoder.encode_sentences(src + tgt)
    lens = {"src_lens": [len(s) for s in src], "tgt_lens": [len(t) for t in tgt]}
    assert align_pair(vectors[:2], vectors[2:], **lens) == [((0,), (0, 1)), ((1,), (2,))]
    words = {"src_words": encoder.encode_words(src), "tgt_words": encoder.encode_words(tgt)}
    assert align_pair(vectors[:2], vectors[2:], mode="monotonic", **lens, **words) == [((0, 1), (0, 1, 2))]


def test_shared_numbers_keep_two_translations_apart(encoder) -> None:
    """Text+Berg de 14-15 / fr 52-53 are two gold 1-1 beads: the Lhotse at 8501 m, then
    the Makalu's 8470 m (fr 53 names neither mountain). Sentence vectors join them into
    one 2-2 bead; the numbers each pair shares split it."""
    src, tgt = textberg_lines((14, 16), (52, 54))
    vectors = encoder.encode_sentences(src + tgt)
    lens = {"src_lens": [len(s) for s in src], "tgt_lens": [len(t) for t in tgt]}
    assert align_pair(vectors[:2], vectors[2:], **lens) == [((0, 1), (0, 1))]
    assert align_pair(vectors[:2], vectors[2:], src_texts=src, tgt_texts=tgt) == [((0,), (0,)), ((1,), (1,))]


def test_free_mode_leaves_word_coverage_out(encoder) -> None:
    """Between rewrites neighbouring sentences share names and topic words, so order-free
    alignment ignores word vectors (see `drift.align.bitext.dp.align_free`)."""
    src, tgt = textberg_lines((225, 227), (267, 270))
    vectors = encoder.encode_sentences(src + tgt)
    lens = {"src_lens": [len(s) for s in src], "tgt_lens": [len(t) for t in tgt]}
    words = {"src_words": encoder.encode_words(src), "tgt_words": encoder.encode_words(tgt)}
    free = align_pair(vectors[:2], vectors[2:], mode="free", **lens)
    assert align_pair(vectors[:2], vectors[2:], mode="free", **lens, **words) == free
    assert align_pair(vectors[:2], vectors[2:], mode="monotonic", **lens, **words) != free


def test_align_sentences_uses_words_and_numbers(encoder) -> None:
    """`drift align` passes word vectors and texts: both beads above come out as in the gold."""
    from drift.pipeline import align_sentences

    assert align_sentences(*textberg_lines((225, 227), (267, 270)), encoder=encoder) == [((0, 1), (0, 1, 2))]
    assert align_sentences(*textberg_lines((14, 16), (52, 54)), encoder=encoder) == [((0,), (0,)), ((1,), (1,))]


def test_word_vectors_must_match_the_sentences(encoder) -> None:
    vecs = encoder.encode_sentences(SRC[:2])
    words = encoder.encode_words(SRC[:2])
    with pytest.raises(InputError, match=r"tgt_words has 1 entries; expected one per sentence \(2\)"):
        align_pair(vecs, vecs, src_words=words, tgt_words=words[:1])
    story = segment(load_example())
    vectors = {v.id: np.zeros((len(v.content_sentences), 384), np.float32) for v in story.versions}
    with pytest.raises(InputError, match="no word vectors for version 'v001'"):
        align_story(story, vectors, words={"v000": []})
