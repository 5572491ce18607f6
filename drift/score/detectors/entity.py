"""``entity``: a different person, place or organisation, or a changed role.

A name on one side that no name on the other side matches, exactly, as a spelling variant
or as an inflection (see ``name_variant``), is reported; names are mostly the same in every
language, so cross-language pairs are compared too. A fuller form of a name the other side
gives shorter ("Dmitri Peskov" against "Peskov", "Kim Jong-un" against "Kim") is the same
entity; a name that shares a part with the other side's but differs in another part
("Kim Jong-un" against "Kim Jong-il") is not. When the same person is named on both
sides with a role next to the name ("Kremlin spokesperson Dmitri Peskov", "Park Won-gon, a
professor at"), roles from different groups of the role lexicon (researcher vs president)
are a change; synonyms across languages (spokesman, porte-parole) are not.
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

from drift.score.detectors.base import SCORE_ONE_SIDED, Detector, Token, difference, fold, register, tokens, unique
from drift.score.detectors.name_variant import ROLE_OF, Mention, match_names, same_word
from drift.types import Difference, Side

# Design choices, not calibrated: a name left unexplained on both sides is most likely one
# entity replaced by another (Easley -> Park Won-gon); a changed role of the same person is
# a clear change too, a little less sure because the role window may catch a neighbour's.
SCORE_REPLACED = 0.8
SCORE_ROLE = 0.7
# Role words are read in the words right before a name ("Kremlin spokesperson Dmitri
# Peskov") and in an apposition after it ("Park Won-gon, a professor at Ewha University"),
# up to these many words: a title in news copy is short (one or two words and an article).
ROLE_BEFORE, ROLE_AFTER = 3, 4
# A title set off before the name by a comma is read further back: French and Dutch copy
# puts long titles there ("le secrétaire d'État à l'Intérieur, Laurent Nuñez").
ROLE_APPOSED = 6
# Ranks (the role lexicons' meanings that are military or police grades): a rank is held
# beside a function ("General Abbas Ibrahim", Lebanon's "intelligence chief"; "le général
# Gallet", the fire brigade's "spokesman"), so ranks are compared with ranks and functions
# with functions.
RANKS = frozenset({"general"})


def _unmatched_runs(
    found: tuple[Mention, ...], unmatched: frozenset[tuple[int, int]], other: tuple[Mention, ...]
) -> list[tuple[int, int]]:
    """Spans of contiguous unmatched words inside reportable mentions that are no fuller
    form of a name on the other side."""
    spans = []
    for m, mention in enumerate(found):
        if not mention.reportable or _fuller_form(mention, other):
            continue
        run: list[int] = []
        for i in range(len(mention.words) + 1):
            if i < len(mention.words) and (m, i) in unmatched:
                run.append(i)
            elif run:
                spans.append((mention.words[run[0]].start, mention.words[run[-1]].end))
                run = []
    return spans


def _fuller_form(mention: Mention, other: tuple[Mention, ...]) -> bool:
    """Whether the other side names the same entity shorter: some of its names share a
    word with ``mention`` and every such name lies wholly within it."""
    own = _keys(mention)
    sharing = [keys for keys in map(_keys, other) if any(same_word(k, o) for k in keys for o in own)]
    return bool(sharing) and all(all(any(same_word(k, o) for o in own) for k in keys) for keys in sharing)


def _keys(mention: Mention) -> list[str]:
    return [w.key for w in mention.words if not w.connector]


@lru_cache(maxsize=4096)
def _roles(text: str, mention: Mention) -> Mapping[str, tuple[int, int]]:
    """Role groups next to ``mention``, with the span of the word that names each (cached:
    a mention meets every mention of the same entity, in every pair of its unit)."""
    words = tokens(text)
    first = next(i for i, w in enumerate(words) if w.start == mention.words[0].start)
    last = next(i for i, w in enumerate(words) if w.start == mention.words[-1].start)
    found: dict[str, tuple[int, int]] = {}
    apposed = first > 0 and text[words[first - 1].end : words[first].start].strip() == ","
    for i in range(first - 1, max(-1, first - 1 - (ROLE_APPOSED if apposed else ROLE_BEFORE)), -1):
        if not _joined(text, words[i], words[i + 1]) and not (apposed and i == first - 1):
            break  # one comma, right before the name, is crossed only to read an apposed title
        _add_role(words[i], found)
    if last + 1 < len(words) and text[words[last].end : words[last + 1].start].strip() == ",":
        for i in range(last + 1, min(len(words), last + 1 + ROLE_AFTER)):
            _add_role(words[i], found)
            if i + 1 < len(words) and not _joined(text, words[i], words[i + 1]):
                break
    return MappingProxyType(found)


def _joined(text: str, left: Token, right: Token) -> bool:
    return text[left.end : right.start].strip() == ""


def is_role(text: str) -> bool:
    """Whether ``text`` is one role word of the role lexicon (what ``_role_change`` reports)."""
    return fold(text) in ROLE_OF


def _add_role(word: Token, found: dict[str, tuple[int, int]]) -> None:
    role = ROLE_OF.get(word.key)
    if role is not None:
        found.setdefault(role, (word.start, word.end))


def _same_entity(x: Mention, y: Mention, variant_links: set[tuple[int, int]], i: int, j: int) -> bool:
    keys_x = {w.key for w in x.words if not w.connector}
    return bool(keys_x & {w.key for w in y.words if not w.connector}) or (i, j) in variant_links


@register
class EntityDetector(Detector):
    name = "entity"

    def detect(self, a: Side, b: Side) -> list[Difference]:
        matching = match_names(a, b)
        ma, mb = matching.mentions_a, matching.mentions_b
        runs_a, runs_b = _unmatched_runs(ma, matching.unmatched_a, mb), _unmatched_runs(mb, matching.unmatched_b, ma)
        score = SCORE_REPLACED if runs_a and runs_b else SCORE_ONE_SIDED
        out = [difference(a, s, e, self.name, score) for s, e in runs_a]
        out += [difference(b, s, e, self.name, score) for s, e in runs_b]
        links = {(x.indices[0], y.indices[0]) for x, y in matching.variants}
        for i, x in enumerate(ma):
            for j, y in enumerate(mb):
                if _same_entity(x, y, links, i, j):
                    out += self._role_change(a, x, b, y)
        return unique(out)

    def _role_change(self, a: Side, x: Mention, b: Side, y: Mention) -> list[Difference]:
        """The roles of one person on the two sides when they differ: both name a function and
        no function is shared, or both name a rank and no rank is (``RANKS``)."""
        roles_a, roles_b = _roles(a.text, x), _roles(b.text, y)
        out = []
        for ranks in (False, True):
            kind_a = {r: span for r, span in roles_a.items() if (r in RANKS) == ranks}
            kind_b = {r: span for r, span in roles_b.items() if (r in RANKS) == ranks}
            if kind_a and kind_b and not kind_a.keys() & kind_b.keys():
                out += [difference(a, s, e, self.name, SCORE_ROLE) for s, e in kind_a.values()]
                out += [difference(b, s, e, self.name, SCORE_ROLE) for s, e in kind_b.values()]
        return out
