"""The JSON view of a report: ``Report.to_dict()`` as written, schema ``drift-report/1``.

The schema is ``drift/schemas/drift-report-1.json``; :func:`schema` loads it for tools that
validate reports (the tests do, with jsonschema).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:
    from drift.types import Report

SCHEMA_FILE = "schemas/drift-report-1.json"


def render_json(report: "Report | dict[str, Any]") -> str:
    """The report (or its ``to_dict()``) as indented UTF-8 JSON text (non-ASCII kept as
    is), ending in a newline."""
    data = report if isinstance(report, dict) else report.to_dict()
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"




def schema() -> dict[str, Any]:
    """The JSON Schema of drift's report (draft 2020-12)."""
    return json.loads(resources.files("drift").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))
