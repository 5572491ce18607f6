"""Write a report to files: ``drift analyze STORY -o PATH --format json|html|md|all``.

Every view is rendered in full before anything is written, and each file is written to a
temporary file and renamed into place, so a failed or interrupted run leaves no partial or
half-updated output.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from drift.errors import ConfigError
from drift.files import write_text_atomic
from drift.report.html import render_html
from drift.report.json import render_json
from drift.report.markdown import render_markdown

if TYPE_CHECKING:
    from drift.types import Report

RENDERERS: dict[str, Callable[["Report"], str]] = {
    "json": render_json,
    "html": render_html,
    "md": render_markdown,
}
SUFFIXES = {"json": ".json", "html": ".html", "md": ".md"}
FORMATS = (*RENDERERS, "all")


def output_paths(path: str | Path, format: str) -> dict[str, Path]:
    """Format -> file for ``write_report``: ``path`` itself for one format; for ``all``,
    ``path`` with each format's suffix (a ``.json``/``.html``/``.md`` suffix it has is
    replaced, so ``out/report`` and ``out/report.html`` both give ``out/report.json``, ...)."""
    if format not in FORMATS:
        raise ConfigError(f"unknown report format {format!r}; expected one of {', '.join(FORMATS)}")
    path = Path(path)
    if format != "all":
        return {format: path}
    base = path.with_suffix("") if path.suffix in SUFFIXES.values() else path
    return {name: base.with_name(base.name + suffix) for name, suffix in SUFFIXES.items()}


def write_report(report: "Report", path: str | Path, format: str = "json") -> list[Path]:
    """Write ``report`` as ``format`` (json, html, md or all) to ``path``; returns the files.

    Renders every requested view first: if one fails, no file is written.
    """
    targets = output_paths(path, format)
    texts = {name: RENDERERS[name](report) for name in targets}
    for name, target in targets.items():
        write_text_atomic(target, texts[name])
    return list(targets.values())
