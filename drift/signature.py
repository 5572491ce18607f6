"""One reproducibility signature per run, derived from what ran, as sacrebleu's are.

``drift:<version>|<encoder's fields>|align:<mode>[|links:<fitted>.<digest>]|calibration:<created>.<digest>|metrics:<names>``:
each component appears once and comes from the object that did the work (the encoder,
the configuration, the calibration file), so it cannot drift from what ran. The lexical
metrics' own sacrebleu signatures (tokenizer, smoothing, sacrebleu version) depend on the
language, so they travel beside it, per language (:func:`metric_signatures`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from drift import __version__

if TYPE_CHECKING:
    from drift.align.story.calibration import LinkModel
    from drift.encoders import Encoder
    from drift.score.calibration import Calibration


def signature(
    encoder: "Encoder", *, align_mode: str | None = None, metrics: Sequence[str] | None = None,
    link_model: "LinkModel | None" = None, calibration: "Calibration | None" = None,
) -> str:
    """The signature of a run with ``encoder``; ``align_mode`` when sentences were aligned,
    ``metrics`` (the sacrebleu metrics computed) when pairs were scored, else None;
    ``link_model`` and ``calibration`` where the run used others than the shipped ones."""
    parts = [f"drift:{__version__}", encoder.signature]
    if align_mode is not None:
        parts.append(f"align:{align_mode}")
        if align_mode == "story":
            from drift.align.story.calibration import load_link_model

            parts.append((link_model or load_link_model()).signature)
    if metrics is not None:
        from drift.score.calibration import load_calibration

        parts.append((calibration or load_calibration()).signature)
        parts.append(f"metrics:{'+'.join(metrics) or 'none'}")
    return "|".join(parts)


def metric_signatures(languages: Iterable[str], metrics: Sequence[str]) -> dict[str, dict[str, str]]:
    """sacrebleu's signature of each computed metric, for each language whose same-language
    pairs got them: ``{"en": {"chrf": "nrefs:1|case:mixed|...|version:2.5.1", ...}}``."""
    from drift.score.metrics import signatures

    wanted = sorted({lang for lang in languages if lang != "und"}) if metrics else []
    return {lang: {m: s for m, s in signatures(lang).items() if m in metrics} for lang in wanted}
