"""The vocabularies of scored pairs, in one place: labels, model classes, difference types.

Scoring, the data model, the report views, the JSON Schema and the dataset's ClassLabels
all read these tuples; their order is the order the dataset's ClassLabel ids use, so a
new name goes at the end. Importing this module imports nothing else.
"""

from __future__ import annotations

# A pair's label, in order of increasing drift (drift.score.pair.label says how it is chosen).
LABELS = ("equivalent", "nuance", "changed", "unrelated")
# The calibrated pair model's classes (REFreSD's three classes, drift.score.calibration).
CLASSES = ("equivalent", "some", "unrelated")

# Every drift type a difference can have. The last three come from the word-level
# alignment over contextual word vectors (drift.score.pair), the others from the
# rule-based detectors (drift.score.detectors, one module per type).
ALL_TYPES = (
    "quote_wording",
    "number",
    "time",
    "name_variant",
    "entity",
    "attribution",
    "modality",
    "negation",
    "omission",
    "addition",
    "wording",
    "direction",
)
WORD_ALIGNMENT_TYPES = ("omission", "addition", "wording")
# Types that change a fact: one of them more likely than not makes a "some" pair "changed".
# Words without a counterpart (omission, addition) are wording: they leave a pair a "nuance"
# (their severity estimate is 1, as the story gold rates 28 of its 29 omissions). Counted as
# changes, they made 84 of 192 gold-equivalent story pairs "changed" (45 without them); label
# macro-F1 against the gold classes, gold-aligned pairs, rose from 0.3209 to 0.3617
# (scripts/eval_drifts.py --loso; models/calibration.md).
CHANGE_TYPES = frozenset({"number", "time", "direction", "entity", "attribution", "negation"})
# Typed differences precise enough to overrule an "equivalent" verdict: a value on each side
# that conflicts (a number, a time, a negation flip; detectors give a conflict the score
# SCORE_CONFLICT, drift.score.detectors.base). Their count is also a pair model feature
# (drift.score.features.sure_conflicts): trained with the dev stories, leaving it out
# lowered REFreSD dev 5-fold figures (binary F1 0.8596 -> 0.8551, 3-way 0.7313 -> 0.7146,
# REFreSD weighted 3 against the stories).
FACT_CONFLICT_TYPES = frozenset({"number", "time", "direction", "negation"})
# The detectors' type that explains words away instead of marking drift.
VARIANT = "name_variant"
# Severity of a sure difference of each type on the story gold's scale (0 no meaning
# change, 1 nuance, 2 clear change, 3 contradiction; drift.score.pair.severity): a flipped
# negation contradicts, a conflicting figure, time, name, role or source is a clear change,
# any other type a nuance. Design choices, checked on the dev stories (scripts/eval_drifts.py).
SEVERITY = {"name_variant": 0, "negation": 3, "number": 2, "time": 2, "direction": 2, "entity": 2, "attribution": 2}

# The sacrebleu metrics of a same-language pair, in the order reports list them.
METRICS = ("chrf", "ter", "bleu")

# Marks that end a clause or a sentence: differing words are joined across a gap (word
# spans, a drift's wording in the summary) only where none of these stands in it.
CLAUSE_ENDS = frozenset(".!?;:")
