"""The JSON view of a report: ``Report.to_dict()`` as written, schema ``drift-report/1``.

The schema is ``drift/schemas/drift-report-1.json``; :func:`schema` loads it for tools that
validate reports (the tests do, with jsonschema). :func:`load_report` reads a report file
(from ``drift analyze -o``, ``drift batch`` or :func:`write_json`) back into a Report.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drift.errors import ReportError
from drift.files import write_text_atomic

if TYPE_CHECKING:
    from drift.types import Report

SCHEMA_FILE = "schemas/drift-report-1.json"


def render_json(report: "Report | dict[str, Any]") -> str:
    """The report (or its ``to_dict()``) as indented UTF-8 JSON text (non-ASCII kept as
    is), ending in a newline."""
    data = report if isinstance(report, dict) else report.to_dict()
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_json(report: "Report", path: str | Path) -> None:
    """Write the report's JSON to ``path`` atomically."""
    write_text_atomic(path, render_json(report))


def load_report(path: str | Path) -> "Report":
    """The Report saved in the JSON file ``path``; ReportError names the file when it is
    not a drift report."""
    from drift.types import Report

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(f"cannot read a report: {exc}", path=str(path)) from None
    try:
        return Report.from_dict(data)
    except ReportError as exc:
        raise ReportError(exc.message, path=str(path)) from None


def schema() -> dict[str, Any]:
    """The JSON Schema of drift's report (draft 2020-12)."""
    return json.loads(resources.files("drift").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))
