"""``negation``: one side negates what the other affirms.

Counts explicit negators (not, n't, never, no; ne ... pas, jamais; niet, geen, nooit;
nicht, kein) on each side. Within one language a negator is matched to a negator on the
other side by the words it governs (the next content words), so a moved "not" is no drift;
across languages, where words cannot be compared, only a side with negators against a side
with none is reported. The negator word is the reported span. "not X but Y" (pas … mais,
niet … maar, nicht … sondern) corrects rather than negates, and "not only X" (pas
seulement, niet alleen, nicht nur) adds; neither counts as a negator. A side that says
with a negative implicative what the other says with a negator ("bars it from selling",
"never to supply"; "refused to", "without", "the first trip since") keeps its polarity.
"""

from __future__ import annotations

from functools import lru_cache

from drift import lang
from drift.score.detectors.base import Detector, Token, difference, fold, register, same_language, tokens, unique
from drift.score.detectors.name_variant import NOT_NAMES
from drift.types import Difference, Side

# Explicit negators per language, and French "plus", "rien", "personne", which negate only
# after "ne"/"n'" (drift.lang).
NEGATORS = lang.table("NEGATORS")
AFTER_NE = lang.table("AFTER_NE")
# "not X but Y" corrects X into Y and asserts Y ("was not a weapon but a fertiliser"): a
# negator with the language's contrast word within CONTRAST_WINDOW words and no punctuation
# between (but the comma where the language takes one) negates no claim ("did not come, but
# she did" still does).
CONTRASTS = lang.table("CONTRAST")
CONTRAST_WINDOW = 5
# A subject pronoun after the contrast opens a clause of its own ("not over but it is
# close"): then the negation stands.
SUBJECTS = lang.table("SUBJECT_PRONOUNS")
# "not only X (but also Y)" asserts X: a negator right before one of these negates nothing.
NOT_ONLY = {code: frozenset(fold(w) for w in words.split()) for code, words in lang.table("NOT_ONLY").items()}
NE = frozenset({"ne", "n'"})
NE_WINDOW = 4  # words between "ne"/"n'" and its second part ("n'a jamais", "ne l'a pas")
# Words a negator governs, compared to place it: the next few content words after it
# (function words, the name detector's NOT_NAMES, say nothing about the place).
SCOPE = 3
# A flipped polarity is a contradiction; across languages, where the negated words are
# not compared, a little less sure (design choices, not calibrated).
SCORE_SAME_LANGUAGE = 0.8
SCORE_CROSS_LANGUAGE = 0.6


Negators = tuple[tuple[int, frozenset[str]], ...]

# Verbs whose negation asserts a possibility, per language (drift.lang): "did not rule out",
# "n'a pas exclu", "sloot ... niet uit", "schloss ... nicht aus" say that it may be so, not
# that it is not. Such a negator negates nothing here, and the modality detector reads it as
# a possibility. The verb is the first word after the negator that is no auxiliary or filler
# ("has not yet been ruled out"), or stands right before it ("n'exclut pas"); a verb that
# needs its particle ("rule ... out", "sloot ... uit") has it right after the verb, or right
# after the negator when the verb stands up to RULE_OUT_SPLIT words before it (a Dutch or
# German verb stands second in its clause).
RULE_OUT = {
    code: (*(frozenset(fold(w) for w in part.split()) for part in (complete, split)), particle,
           frozenset(fold(w) for w in fillers.split()) | frozenset(fold(w) for w in lang.table("SKIP_BEFORE_VERB").get(code, ())))
    for code, (complete, split, particle, fillers) in lang.table("RULE_OUT").items()
}
RULE_OUT_SPLIT = 8

# Negative implicatives per language (drift.lang): "refused to", "without", "bars it from",
# "the first trip since" negate what follows without a negator. They are never reported; a
# side's surplus of them stands for as many of the other side's negators ("did not want
# South Korea to supply" against "to dissuade the South Koreans from supplying"). A form
# that needs its particle has it within NEGATIVE_PARTICLE_WINDOW words after it.
NEGATIVE_IMPLICATIVES = {
    code: (
        frozenset(fold(w) for w in alone.split()),
        {fold(particle): frozenset(fold(w) for w in forms.split()) for particle, forms in with_particle.items()},
        {fold(form): frozenset(fold(w) for w in following.split()) for form, following in idioms.items()},
    )
    for code, (alone, with_particle, idioms) in lang.table("NEGATIVE_IMPLICATIVES").items()
}
NEGATIVE_PARTICLE_WINDOW = 4


@lru_cache(maxsize=512)
def _negator_words(text: str, language: str) -> tuple[int, ...]:
    """Word indices of every negator word of ``text``, whatever it negates."""
    words = tokens(text)
    plain = frozenset(fold(w) for w in NEGATORS.get(language, "").split())
    after_ne = frozenset(fold(w) for w in AFTER_NE.get(language, "").split())
    return tuple(
        i for i, word in enumerate(words)
        if word.key in plain
        or (language == "en" and word.key.endswith("n't"))
        or (word.key in after_ne and any(w.key in NE for w in words[max(0, i - NE_WINDOW) : i]))
    )


@lru_cache(maxsize=512)
def negators(text: str, language: str) -> Negators:
    """(word index, governed words) of every negator of ``text`` that negates a claim: not
    one that corrects ("not X but Y"), adds ("not only X") or asserts a possibility ("did
    not rule out")."""
    words = tokens(text)
    only = NOT_ONLY.get(language, frozenset())
    return tuple(
        (i, _scope(words, i)) for i in _negator_words(text, language)
        if not _corrects(text, words, i, language) and not rules_out(words, i, language)
        and not (i + 1 < len(words) and words[i + 1].key in only)
    )


@lru_cache(maxsize=512)
def implicit_negatives(text: str, language: str) -> int:
    """How many negative implicatives (``NEGATIVE_IMPLICATIVES``) ``text`` has."""
    if language not in NEGATIVE_IMPLICATIVES:
        return 0
    alone, with_particle, idioms = NEGATIVE_IMPLICATIVES[language]
    words = tokens(text)
    keys = [w.key for w in words]
    # "without doubt", "sans doute": neither word negates
    idiom = {k + offset for k in range(len(keys) - 1) if keys[k + 1] in idioms.get(keys[k], ()) for offset in (0, 1)}

    def negates(k: int) -> bool:
        if k in idiom:
            return False
        if keys[k] in alone:
            return True
        if words[k].text[0].isupper() and not words[k].initial:
            return False  # a title, not "first": "le Premier ministre depuis 2019"
        following = keys[k + 1 : k + 2 + NEGATIVE_PARTICLE_WINDOW]
        return any(keys[k] in forms and particle in following for particle, forms in with_particle.items())

    return sum(negates(k) for k in range(len(words)))


def rules_out(words: tuple[Token, ...], i: int, language: str) -> bool:
    """Whether the negator ``words[i]`` negates a verb of ``RULE_OUT``: a possibility."""
    if language not in RULE_OUT:
        return False
    complete, split, particle, fillers = RULE_OUT[language]
    keys = [w.key for w in words]
    j = next((j for j in range(i + 1, len(keys)) if keys[j] not in fillers), len(keys))
    following = keys[j + 1] if j + 1 < len(keys) else ""
    if j < len(keys) and (keys[j] in complete or (keys[j] in split and following == particle)):
        return True  # "did not rule out", "n'a pas exclu", "niet uitgesloten"
    if i > 0 and keys[i - 1] in complete:
        return True  # "n'exclut pas"
    after = keys[i + 1] if i + 1 < len(keys) else ""
    return bool(particle) and after == particle and any(k in split for k in keys[max(0, i - RULE_OUT_SPLIT) : i])


@lru_cache(maxsize=512)
def possibilities(text: str, language: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of the negators of ``text`` that assert a possibility (``rules_out``)."""
    words = tokens(text)
    return tuple(
        (words[i].start, words[i].end) for i in _negator_words(text, language) if rules_out(words, i, language)
    )


def _corrects(text: str, words: tuple[Token, ...], i: int, language: str) -> bool:
    """Whether the negator ``words[i]`` opens "not X but Y" (``CONTRASTS``)."""
    contrast, comma = CONTRASTS.get(language, ("", False))
    for j in range(i + 1, min(len(words), i + 2 + CONTRAST_WINDOW)):
        gap = text[words[j - 1].end : words[j].start].strip()
        if words[j].key == contrast and gap in ("", ",") and (comma or not gap):
            following = words[j + 1].key if j + 1 < len(words) else ""
            return following not in SUBJECTS.get(language, "").split()
        if gap:
            return False
    return False


def _scope(words: tuple[Token, ...], i: int) -> frozenset[str]:
    return frozenset(w.key for w in words[i + 1 : i + 1 + SCOPE] if w.key not in NOT_NAMES)


@register
class NegationDetector(Detector):
    name = "negation"

    def detect(self, a: Side, b: Side) -> list[Difference]:
        if a.language not in NEGATORS or b.language not in NEGATORS:
            return []
        na, nb = negators(a.text, a.language), negators(b.text, b.language)
        ia, ib = implicit_negatives(a.text, a.language), implicit_negatives(b.text, b.language)
        if same_language(a, b):
            out = self._unmatched(a, na, nb, max(0, ib - ia)) + self._unmatched(b, nb, na, max(0, ia - ib))
        elif bool(na) != bool(nb):
            side, found, implied = (a, na, ib - ia) if na else (b, nb, ia - ib)
            out = [self._report(side, i, SCORE_CROSS_LANGUAGE) for i, _ in found[max(0, implied):]]
        else:
            out = []
        return unique(out)

    def _unmatched(self, side: Side, own: Negators, other: Negators, implied: int) -> list[Difference]:
        """Negators of ``own`` whose governed words no negator of ``other`` shares, as many
        as ``own`` has more negators than ``other``, less the ``implied`` negations of
        ``other``'s surplus of negative implicatives."""
        excess = len(own) - len(other) - implied
        if excess <= 0:
            return []
        lonely = [i for i, scope in own if not any(scope & s for _, s in other)]
        ordered = lonely + [i for i, _ in own if i not in lonely]
        return [self._report(side, i, SCORE_SAME_LANGUAGE) for i in ordered[:excess]]

    def _report(self, side: Side, i: int, score: float) -> Difference:
        word = tokens(side.text)[i]
        return difference(side, word.start, word.end, self.name, score)
