"""The JSONL view of scored sentence pairs (``drift pairs``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Mapping

from drift.files import write_text_atomic


def write_jsonl(results: Iterable[Mapping[str, Any]], output: Path) -> None:
    """Write one JSON object per line to ``output``, atomically."""
    write_text_atomic(output, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results))
