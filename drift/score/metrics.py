"""Lexical metrics of a same-language pair: sentence chrF, TER and BLEU from sacrebleu.

Side ``a`` is the reference and ``b`` the hypothesis. Across languages the metrics say
nothing about meaning, so they are None; so is a metric left out of ``names``. TER is by
far the costliest (sacrebleu's shift search is pure Python and grows fast with segment
length: on the example story it took two thirds of ``drift analyze``, and a fifth of a
corpus run), so it runs only when named (``AnalysisConfig(metrics=METRICS)``,
``--metrics chrf,ter,bleu``); ``DEFAULT_METRICS`` is chrF and BLEU everywhere. Each metric's sacrebleu signature (from
:func:`signatures`) says how to reproduce a number; BLEU's tokenizer and TER's Asian
support depend on the language.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

from drift.errors import ConfigError
from drift.score.vocab import METRICS

if TYPE_CHECKING:
    from sacrebleu.metrics.base import Metric

# What every command computes unless asked for more: TER's cost is in the module docstring.
DEFAULT_METRICS = ("chrf", "bleu")
# sacrebleu's own tokenizers for scripts without spaces between words; "char" for Japanese
# and Korean because their MeCab tokenizers need extra packages.
_BLEU_TOKENIZERS = {"zh": "zh", "ja": "char", "ko": "char"}


def lexical_metrics(
    a_text: str, b_text: str, a_language: str, b_language: str, names: Sequence[str] = DEFAULT_METRICS
) -> dict[str, float | None]:
    """``{"chrf", "ter", "bleu"}`` of ``b_text`` against ``a_text``: the metrics in ``names``
    are computed, the others None; all None when the languages differ or are unknown (``und``)."""
    out: dict[str, float | None] = dict.fromkeys(METRICS)
    if a_language != b_language or a_language == "und":
        return out
    for name, metric in _metrics(a_language).items():
        if name in names:
            out[name] = round(float(metric.sentence_score(b_text, [a_text]).score), 4)
    return out


def check_metrics(names: Sequence[str]) -> tuple[str, ...]:
    """``names`` as a tuple in canonical order, or a ConfigError naming the unknown ones."""
    if isinstance(names, str):  # its letters would be read as names
        raise ConfigError(f"metrics must be a sequence of names such as ('chrf', 'bleu'), got the string {names!r}")
    unknown = sorted(set(names) - set(METRICS))
    if unknown:
        raise ConfigError(f"unknown metric(s) {', '.join(unknown)}; expected some of {', '.join(METRICS)}")
    return tuple(name for name in METRICS if name in names)


def signatures(language: str) -> dict[str, str]:
    """The sacrebleu signature of each metric as used for ``language``."""
    return {name: str(metric.get_signature()) for name, metric in _metrics(language).items()}


@lru_cache(maxsize=None)
def _metrics(language: str) -> dict[str, "Metric"]:
    from sacrebleu.metrics import BLEU, CHRF, TER

    metrics = {
        "chrf": CHRF(),
        "ter": TER(asian_support=language in _BLEU_TOKENIZERS),
        # effective_order: as sacrebleu.sentence_bleu, so short sentences do not score 0.
        "bleu": BLEU(tokenize=_BLEU_TOKENIZERS.get(language, "13a"), effective_order=True),
    }
    for metric in metrics.values():
        metric.sentence_score("x", ["x"])  # a signature needs the reference count, set on first use
    return metrics
