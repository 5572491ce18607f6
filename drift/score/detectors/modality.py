"""``modality``: one side says it will happen, the other that it could, or just that it does.

Modal words are mapped to classes (possibility, probability, future, conditional,
necessity, volition) in en, fr, nl and de, and the classes of the two sides are compared: "will
likely seek" and "is likely to request" are both probable, "will" and "could" differ. A
class one side has and the other lacks is reported on the modal words that express it.
"""

from __future__ import annotations

from functools import lru_cache

from drift.score.detectors.base import Detector, difference, fold, register, tokens, unique
from drift.types import Difference, Side

# Modal words by class (the modal verbs and epistemic adverbs of each language's grammar;
# "reportedly"-type hearsay is ``attribution``'s). English "may" counts only in lower
# case (the month is "May"); "can" and "could" are both possibility, as are "able" and
# "capable" (to carry = kan vervoeren).
MODALS = {
    "possibility": {
        "en": "could can may might possibly possible perhaps maybe potentially able",
        "fr": "pourrait pourraient peut peuvent pouvait possible possiblement peut-être éventuellement capable capables",
        "nl": "kan kunnen kon konden mogelijk misschien wellicht eventueel",
        "de": "könnte könnten kann können möglicherweise vielleicht eventuell möglich",
    },
    "probability": {
        "en": "likely probably unlikely expected presumably should",
        "fr": "probablement vraisemblablement devrait devraient probable",
        "nl": "waarschijnlijk vermoedelijk verwacht",
        "de": "wahrscheinlich vermutlich dürfte dürften voraussichtlich erwartet",
    },
    "future": {
        "en": "will won't shall",
        "fr": "va vont",
        "nl": "zal zullen",
        "de": "wird werden",
    },
    "conditional": {
        "en": "would",
        "fr": "serait seraient",
        "nl": "zou zouden",
        "de": "würde würden soll sollen",
    },
    "necessity": {
        "en": "must",
        "fr": "doit doivent faut",
        "nl": "moet moeten",
        "de": "muss müssen",
    },
    # "wil donderdag naar Beiroet" (wants to go) against "se rendra jeudi" (will go). Words
    # that as often take a noun ("plans", fr "compte") are left out; "want" and the first
    # persons ("je veux", "nous voulons") are in, since quotes use them and a translation
    # of one into the other must not read as a change (``BEFORE_TO``).
    "volition": {
        "en": "intends intend want wants",
        "fr": "veux veut voulons voulez veulent souhaite souhaitons souhaitez souhaitent",
        "nl": "wil willen wilde wilden",
        "de": "will wollen möchte möchten",
    },
}
# Volition words that are modal only before an infinitive ("wants to go", "want it to be
# finished"; not "wants advanced technology"): they count when "to" is one of the next two words.
BEFORE_TO = {"en": frozenset({"want", "wants"})}
# "will likely", "will possibly": the hedge, not the future, is what the sentence asserts.
HEDGING = frozenset({"possibility", "probability"})
# Future tense is mostly morphology outside English (fr "rencontrera", nl present for
# future), and necessity is split differently (English "should" is as often "doit" as
# "devrait"), so across languages the other classes are compared. Comparing conditional
# and volition too (not only the hedging classes) raised recall of severity >= 1 drifts on
# the dev stories from 124 to 128 of 193 and precision from 0.429 to 0.434
# (scripts/eval_drifts.py, system alignment).
CROSS_LANGUAGE = frozenset(MODALS) - {"future", "necessity"}
# Asserting a hedged claim, or hedging an asserted one, is a shift of certainty, less
# than a contradiction; two different modalities ("will" vs "could") weigh more (design
# choices, not calibrated).
SCORE_ASSERTED = 0.5
SCORE_OTHER_MODALITY = 0.7


@lru_cache(maxsize=None)
def _class_of(language: str) -> dict[str, str]:
    return {fold(w): cls for cls, table in MODALS.items() for w in table.get(language, "").split()}


@lru_cache(maxsize=512)
def modals(text: str, language: str) -> tuple[tuple[str, int, int], ...]:
    """(class, start, end) of every modal word of ``text``."""
    classes = _class_of(language)
    words = tokens(text)
    out = []
    for i, word in enumerate(words):
        cls = classes.get(word.key)
        if cls is None or (word.key == "may" and word.text != "may"):
            continue
        if word.key in BEFORE_TO.get(language, ()) and "to" not in {w.key for w in words[i + 1 : i + 3]}:
            continue
        out.append((cls, word.start, word.end))
    return tuple(out)


def _effective(found: tuple[tuple[str, int, int], ...], allowed: frozenset[str]) -> set[str]:
    classes = {cls for cls, _, _ in found if cls in allowed}
    return classes - {"future"} if classes & HEDGING else classes


@register
class ModalityDetector(Detector):
    name = "modality"

    def detect(self, a: Side, b: Side) -> list[Difference]:
        if a.language not in MODALS["future"] or b.language not in MODALS["future"]:
            return []
        allowed = frozenset(MODALS) if a.language == b.language else CROSS_LANGUAGE
        ma, mb = modals(a.text, a.language), modals(b.text, b.language)
        ca, cb = _effective(ma, allowed), _effective(mb, allowed)
        score = SCORE_OTHER_MODALITY if ca and cb else SCORE_ASSERTED
        out = [difference(a, s, e, self.name, score) for cls, s, e in ma if cls in ca - cb]
        out += [difference(b, s, e, self.name, score) for cls, s, e in mb if cls in cb - ca]
        return unique(out)
