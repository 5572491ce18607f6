"""``modality``: one side says it will happen, the other that it could, or just that it does.

Modal words are mapped to classes (possibility, ability, probability, future, conditional,
necessity, volition) in en, fr, nl and de, and the classes of the two sides are compared: "will
likely seek" and "is likely to request" are both probable, "will" and "could" differ. A
class one side has and the other lacks is reported on the modal words that express it. A
negated "rule out" ("did not rule out", "n'a pas exclu") is a possibility (``negation.rules_out``).
"""

from __future__ import annotations

from functools import lru_cache

from drift import lang
from drift.score.detectors.base import Detector, difference, fold, register, tokens, unique
from drift.score.detectors.negation import possibilities
from drift.types import Difference, Side

# Modal words by class per language, from drift.lang: {language: {class: words}}; and
# the volition words that are modal only before "to" ("wants to go", not "wants advanced
# technology").
MODALS = lang.table("MODALS")
CLASSES = frozenset(cls for classes in MODALS.values() for cls in classes)
BEFORE_TO = lang.table("BEFORE_TO")
# Classes that a language marks with a verb ending: {language: ((class, endings, not), ...)}.
MODAL_ENDINGS = lang.table("MODAL_ENDINGS")
# "will likely", "will possibly": the hedge, not the future, is what the sentence asserts.
HEDGING = frozenset({"possibility", "probability"})
# Classes compared as another and never reported themselves: ability ("able to carry")
# matches a possibility ("kan vervoeren"), but a side that states a capacity asserts as
# much as one that leaves it out ("the ship's 18,300 containers").
COMPARED_AS = {"ability": "possibility"}
# Future tense is mostly morphology outside English (fr "rencontrera", nl present for
# future), and necessity is split differently (English "should" is as often "doit" as
# "devrait"), so across languages the other classes are compared. Comparing conditional
# and volition too (not only the hedging classes) raised recall of severity >= 1 drifts on
# the dev stories from 124 to 128 of 193 and precision from 0.429 to 0.434
# (scripts/eval_drifts.py, system alignment).
CROSS_LANGUAGE = CLASSES - {"future", "necessity"}
# Asserting a hedged claim, or hedging an asserted one, is a shift of certainty, less
# than a contradiction; two different modalities ("will" vs "could") weigh more (design
# choices, not calibrated).
SCORE_ASSERTED = 0.5
SCORE_OTHER_MODALITY = 0.7


@lru_cache(maxsize=None)
def _class_of(language: str) -> dict[str, str]:
    return {fold(w): cls for cls, words in MODALS.get(language, {}).items() for w in words.split()}


@lru_cache(maxsize=512)
def modals(text: str, language: str) -> tuple[tuple[str, int, int], ...]:
    """(class, start, end) of every modal word of ``text``."""
    classes = _class_of(language)
    words = tokens(text)
    out = []
    for i, word in enumerate(words):
        cls = classes.get(word.key) or _class_by_ending(word.text.lower(), language)
        if cls is None or (word.key == "may" and word.text != "may"):
            continue
        if word.key in BEFORE_TO.get(language, ()) and "to" not in {w.key for w in words[i + 1 : i + 3]}:
            continue
        out.append((cls, word.start, word.end))
    out += [("possibility", start, end) for start, end in possibilities(text, language)]  # "did not rule out"
    return tuple(sorted(out, key=lambda m: m[1]))


def _class_by_ending(word: str, language: str) -> str | None:
    """The class a verb's ending marks (``MODAL_ENDINGS``), read on the word as written:
    folding accents would take the imperfect "opérait" for a conditional."""
    for cls, endings, exceptions in MODAL_ENDINGS.get(language, ()):
        if word.endswith(endings) and not word.endswith(exceptions):
            return cls
    return None


def _effective(found: tuple[tuple[str, int, int], ...], allowed: frozenset[str]) -> set[str]:
    classes = {COMPARED_AS.get(cls, cls) for cls, _, _ in found} & allowed
    return classes - {"future"} if classes & HEDGING else classes


@register
class ModalityDetector(Detector):
    name = "modality"

    def detect(self, a: Side, b: Side) -> list[Difference]:
        if a.language not in MODALS or b.language not in MODALS:
            return []
        allowed = CLASSES if a.language == b.language else CROSS_LANGUAGE
        ma, mb = modals(a.text, a.language), modals(b.text, b.language)
        ca, cb = _effective(ma, allowed), _effective(mb, allowed)
        score = SCORE_OTHER_MODALITY if ca and cb else SCORE_ASSERTED
        out = [difference(a, s, e, self.name, score) for cls, s, e in ma if cls in ca - cb]
        out += [difference(b, s, e, self.name, score) for cls, s, e in mb if cls in cb - ca]
        return unique(out)
