"""Views of a segmented story (``drift segment``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from drift.files import write_text_atomic
from drift.types import Story

SEGMENTS_SCHEMA = "drift-segments/1"


def segments_dict(story: Story) -> dict[str, Any]:
    """The segmented story as JSON-ready data: the same ``versions`` as ``drift analyze``."""
    return {
        "schema": SEGMENTS_SCHEMA,
        "story": story.header_dict(),
        "versions": [v.to_dict() for v in story.versions],
    }


def write_json(story: Story, output: Path | None) -> None:
    """Write the segmentation as JSON to ``output`` (atomically), or to stdout."""
    text = json.dumps(segments_dict(story), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        write_text_atomic(output, text)


def print_table(story: Story) -> None:
    """Print each version's sentences as a table, boilerplate dimmed."""
    from drift.report.console import StdoutConsole
    from rich.table import Table

    console = StdoutConsole()
    for version in story.versions:
        content = len(version.content_sentences)
        table = Table(
            title=f"{version.id} ({version.language}): {len(version.sentences)} sentences, "
            f"{content} content, {len(version.sentences) - content} boilerplate",
            title_justify="left",
            show_lines=False,
        )
        table.add_column("#", justify="right")
        table.add_column("start-end", justify="right", no_wrap=True)
        table.add_column("sentence")
        for sentence in version.sentences:
            table.add_row(
                str(sentence.index),
                f"{sentence.start}-{sentence.end}",
                sentence.text,
                style="dim" if sentence.boilerplate else None,
            )
        console.print(table)
