"""The JSONL view of scored sentence pairs (``drift pairs``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from drift.files import write_text_atomic

if TYPE_CHECKING:
    from drift.encoders import Encoder
    from drift.types import Pair


def pair_records(
    ids: Sequence[str], pairs: Sequence["Pair"], encoder: "Encoder", metrics: Sequence[str]
) -> Iterator[dict[str, Any]]:
    """One JSON-ready record per scored pair: its id, similarity and score, the run's
    signature and, where lexical metrics were computed, their sacrebleu signatures."""
    from drift.signature import metric_signatures, signature

    run = signature(encoder, metrics=metrics)
    for pair_id, pair in zip(ids, pairs):
        record = {"id": pair_id, "similarity": pair.similarity, **pair.score.to_dict(), "signature": run}
        if pair.a.language == pair.b.language:
            record["metric_signatures"] = metric_signatures([pair.a.language], metrics).get(pair.a.language, {})
        yield record


def write_jsonl(results: Iterable[Mapping[str, Any]], output: Path | None) -> None:
    """Write one JSON object per line to ``output`` (atomically), or to stdout."""
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
    if output is None:
        sys.stdout.write(text)
    else:
        write_text_atomic(output, text)
