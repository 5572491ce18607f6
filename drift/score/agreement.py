"""Agreement across versions: which version of a unit departs from the others.

A pair is scored on its own (``drift.score.pair``), but a unit that three or more versions
carry has more witnesses. The entity detector calls a name a replacement whenever both
sides of a pair have a name the other lacks; in a rewritten story that is mostly a detail
that some versions give and others leave out ("Paris Mayor Anne Hidalgo" in three versions
of five), and the pair in which it shows is not where the meaning changed. So an entity
difference keeps its severity only where the version that names it departs from the
others: it differs on that name from every other version of the unit (it alone gives the
name), or from the compared version only (that version alone lacks it). Where the other
versions split, some differing on the name and some not, the difference stays in the
report, typed as before, with severity 0: not a change of meaning that one version made,
and a pair that only such differences made ``changed`` becomes a ``nuance``
(`drift.score.pair.relabel`).

On the dev stories, entity differences over which the other versions split lay on a gold
drift 24% of the time (39 of 160), the others 50% (90 of 181); with this rule, precision of
the differences called a change rose from 0.4577 to 0.4860 and recall fell from 0.6373 to
0.6269 (``scripts/eval_drifts.py --loso``, system alignment; models/calibration.md).

The compared version's whole text is a witness too. A name it writes elsewhere (an
``entity`` difference whose words, folded, occur anywhere in that version's content) is a
detail placed in another sentence, not a name the version lacks; so are common words
(an ``omission`` or ``addition`` without capitals) that it writes elsewhere in the same
form. Such differences also stay in the report with severity 0. Capitalised omissions
are kept: a source named in one version and left out of the other's sentence ("selon M.
Rabie") is an attribution drift even when the name recurs. On the dev stories this set
one severity-0 item quiet and raised precision by 1.2 points for one drift (a chance hit)
(models/calibration.md, ninth session).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from typing import Mapping, Sequence

from drift.score.detectors.base import fold
from drift.score.pair import relabel
from drift.score.vocab import VARIANT
from drift.types import Difference, Pair

SPLIT_TYPES = frozenset({"entity"})
# Word-alignment types whose lower-case words, written elsewhere in the compared version,
# are a detail moved, not left out.
MOVED_TYPES = frozenset({"omission", "addition"})


def across_versions(pairs: Sequence[Pair], texts: Mapping[str, str] | None = None) -> list[Pair]:
    """``pairs`` (scored, of any units) with severity 0 for the differences of
    ``SPLIT_TYPES`` on which the unit's other versions split, and, given ``texts`` (each
    version's content, by version id), for those the compared version writes elsewhere
    (module docstring)."""
    folded = {version: fold(text) for version, text in (texts or {}).items()}
    changes: dict[tuple[int, str, str], list[Difference]] = {}
    versions: dict[int, set[str]] = defaultdict(set)
    for p in pairs:
        found = [d for d in p.differences if d.type != VARIANT and d.severity > 0]
        changes[(p.unit, p.a.version, p.b.version)] = changes[(p.unit, p.b.version, p.a.version)] = found
        versions[p.unit] |= {p.a.version, p.b.version}

    def differs(unit: int, own: str, other: str, d: Difference) -> bool:
        return any(e.version == own and e.start < d.end and d.start < e.end for e in changes.get((unit, own, other), ()))

    def explained(p: Pair, d: Difference) -> bool:
        """Whether the story explains ``d`` away: the compared version writes its words
        elsewhere, or the unit's other versions split over it."""
        other = p.b.version if d.version == p.a.version else p.a.version
        if d.severity == 0:
            return False
        if other in folded and written_elsewhere(d, folded[other]):
            return True
        if d.type not in SPLIT_TYPES:
            return False
        witnesses = versions[p.unit] - {d.version, other}
        differing = sum(differs(p.unit, d.version, w, d) for w in witnesses)
        return 0 < differing < len(witnesses)

    out = []
    for p in pairs:
        if p.score is not None:
            quiet = [explained(p, d) for d in p.score.differences]
            if any(quiet):
                kept = tuple(replace(d, severity=0) if q else d for d, q in zip(p.score.differences, quiet))
                p = replace(p, score=relabel(replace(p.score, differences=kept), p.link))
        out.append(p)
    return out


_WORD = re.compile(r"\w+")


@lru_cache(maxsize=64)
def _vocabulary(folded: str) -> frozenset[str]:
    """The words of a version's folded text."""
    return frozenset(_WORD.findall(folded))


def written_elsewhere(difference: Difference, folded: str) -> bool:
    """Whether ``folded`` (the compared version, through ``fold``) writes the difference's
    words as whole words: a name (``entity``), or common words (``MOVED_TYPES`` without
    capitals)."""
    words = difference.text.split()
    name = difference.type == "entity"
    common = difference.type in MOVED_TYPES and not any(w[:1].isupper() for w in words)
    if not words or not (name or common):
        return False
    folded_words = [fold(w) for w in words]
    if not set(_WORD.findall(" ".join(folded_words))) <= _vocabulary(folded):
        return False  # some word of it occurs nowhere there (most differences: no search)
    phrase = r"\s+".join(re.escape(w) for w in folded_words)
    return re.search(rf"(?<!\w){phrase}(?!\w)", folded) is not None
