"""Views of a bitext alignment (``drift align``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Sequence

from drift.files import write_text_atomic

Bead = tuple[tuple[int, ...], tuple[int, ...]]


def beads_list(beads: Sequence[Bead]) -> list[dict[str, list[int]]]:
    """Beads as JSON-ready data: ``[{"src": [3], "tgt": [3, 4]}, ...]``."""
    return [{"src": list(s), "tgt": list(t)} for s, t in beads]


BEADS_SCHEMA = "drift-beads/1"


def write_json(
    beads: Sequence[Bead], output: Path | None, sentences: Sequence[Sequence[str]], signature: str
) -> None:
    """Write ``{"schema", "signature", "src", "tgt", "beads"}`` as JSON to ``output``
    (atomically) or stdout: one shape whether the sides were given as lines or segmented."""
    data: Any = {
        "schema": BEADS_SCHEMA, "signature": signature,
        "src": list(sentences[0]), "tgt": list(sentences[1]), "beads": beads_list(beads),
    }
    text = json.dumps(data, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        write_text_atomic(output, text)


def print_table(beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str]) -> None:
    """Print the beads side by side."""
    from drift.report.console import StdoutConsole
    from rich.table import Table

    table = Table(show_lines=True)
    table.add_column("src", justify="right", no_wrap=True)
    table.add_column("source")
    table.add_column("tgt", justify="right", no_wrap=True)
    table.add_column("target")
    for s, t in beads:
        table.add_row(
            ",".join(map(str, s)), " ".join(src[i] for i in s),
            ",".join(map(str, t)), " ".join(tgt[j] for j in t),
        )
    StdoutConsole().print(table)
