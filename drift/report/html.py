"""The HTML view of a report: one self-contained file (CSS and JS inline, no network).

It shows the story and its provenance, a version-by-version drift heatmap, which version
carries which unit, every unit side by side across versions with the differing words
coloured by type (hover for type and score), filters by type and score, and each version's
full text with boilerplate greyed. Scores come from ``Report.to_dict()`` (via
:mod:`drift.report.summary`); the Report object only lends each version's full text.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from drift.report.summary import (
    MEASURE_DRIFT,
    TYPE_COLOURS,
    Summary,
    UnitSummary,
    segments,
    summarize,
    unit_sentences,
)

if TYPE_CHECKING:
    import jinja2

    from drift.types import Report

# ColorBrewer "Reds" (5 classes): a sequential scale that prints and reads in greyscale.
HEAT_STOPS = ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")
# Above this fraction of the scale a cell's text turns white to stay readable.
DARK_FROM = 0.6
# Colour of a type not in TYPE_COLOURS (a type added after this view was written).
OTHER_COLOUR = "#999999"


def render_html(report: "Report") -> str:
    """The report as one self-contained HTML page."""
    return _environment().get_template("report.html").render(**context(report))




@lru_cache(maxsize=1)
def _environment() -> "jinja2.Environment":
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("drift", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def context(report: "Report") -> dict[str, Any]:
    """Everything the template shows: the report dict's figures plus each version's text."""
    data = report.to_dict()
    summary = summarize(data)
    texts = {v.id: v.text for v in report.story.versions}
    upper = _scale_top(summary)
    unit_views = [_unit_view(data, summary, unit, upper) for unit in summary.units]
    differences = {vid: [d for u in summary.units for d in u.differences_in(vid)] for vid in summary.version_ids}
    return {
        "data": data,
        "story": data["story"],
        "measure": summary.measure,
        "scored": summary.measure == MEASURE_DRIFT,
        "versions": [_version_view(v, summary, texts[v["id"]], differences[v["id"]]) for v in data["versions"]],
        "heatmap": _heatmap(summary, upper),
        "drifts": [
            {"unit": d.unit, "type": d.type, "severity": d.severity,
             "wordings": [d.wordings.get(v) for v in summary.version_ids]}
            for d in summary.top_drifts()
        ],
        "version_ids": summary.version_ids,
        "scale": {"top": upper, "gradient": ", ".join(HEAT_STOPS), "sample": HEAT_STOPS[2]},
        "coverage": _coverage(summary, upper),
        "units": unit_views,
        "types": [
            {"name": t, "colour": TYPE_COLOURS.get(t, OTHER_COLOUR), "count": summary.type_counts.get(t, 0)}
            for t in (*TYPE_COLOURS, *sorted(set(summary.type_counts) - set(TYPE_COLOURS)))
        ],
        "colours": {t: TYPE_COLOURS.get(t, OTHER_COLOUR) for t in {*TYPE_COLOURS, *summary.type_counts}},
        "label_counts": summary.label_counts,
        "difference_count": sum(summary.type_counts.values()),
    }


def _scale_top(summary: Summary) -> float:
    """The value the heat scale tops out at: 1 for drift (a probability-like score); for
    the ``1 - similarity`` fallback, whose values crowd near 0, the largest unit value
    rounded up to a tenth, so that the colours spread (the legend shows the range)."""
    if summary.measure == MEASURE_DRIFT:
        return 1.0
    largest = max((u.drift for u in summary.units if u.drift is not None), default=0.0)
    return max(0.1, math.ceil(round(largest * 100) / 10) / 10)


def heat_colour(value: float, top: float) -> str:
    """The heat scale's colour for ``value`` on ``[0, top]``, linear between HEAT_STOPS."""
    t = min(1.0, max(0.0, value / top)) * (len(HEAT_STOPS) - 1)
    low = min(int(t), len(HEAT_STOPS) - 2)
    a, b = _rgb(HEAT_STOPS[low]), _rgb(HEAT_STOPS[low + 1])
    mix = [round(x + (y - x) * (t - low)) for x, y in zip(a, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _cell(value: float | None, top: float) -> dict[str, Any]:
    if value is None:
        return {"value": None, "bg": "", "dark": False}
    return {"value": value, "bg": heat_colour(value, top), "dark": value / top > DARK_FROM}


def _heatmap(summary: Summary, top: float) -> list[dict[str, Any]]:
    """Cells coloured by the share of shared units whose pair changes the meaning (scored
    reports), else by the mean of the fallback measure."""
    scored = summary.measure == MEASURE_DRIFT
    rows = []
    for a in summary.version_ids:
        cells = []
        for b in summary.version_ids:
            mean, count, changes = summary.matrix[a][b], summary.pair_counts[a][b], summary.changes[a][b]
            heat = (changes / count if count else None) if scored else mean
            cells.append({**_cell(heat, 1.0 if scored else top), "mean": mean, "other": b, "count": count,
                          "changes": changes, "self": a == b})
        rows.append({"version": a, "cells": cells})
    return rows


def _coverage(summary: Summary, top: float) -> list[dict[str, Any]]:
    return [
        {
            "version": vid,
            "carried": len(summary.coverage[vid]),
            "cells": [
                {
                    "unit": u.id,
                    "present": u.id in summary.coverage[vid],
                    "sentences": list(u.members.get(vid, ())),
                    **_cell(u.drift if u.id in summary.coverage[vid] else None, top),
                }
                for u in summary.units
            ],
        }
        for vid in summary.version_ids
    ]


def _pieces(text: str, offset: int, differences: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``text`` cut into plain and highlighted pieces; a highlighted piece carries its
    differences as ``type:score`` words (for the filters) and a hover title."""
    out = []
    for piece in segments(text, offset, differences):
        if not piece.differences:
            out.append({"text": piece.text, "top": None})
            continue
        ranked = sorted(piece.differences, key=lambda d: -d["score"])
        out.append({
            "text": piece.text,
            "top": ranked[0]["type"],
            "diffs": " ".join(f"{d['type']}:{d['score']:.4g}" for d in ranked),
            "title": "\n".join(f"{d['type'].replace('_', ' ')} · score {d['score']:.2f}" for d in ranked),
        })
    return out


def _unit_view(data: Mapping[str, Any], summary: Summary, unit: UnitSummary, top: float) -> dict[str, Any]:
    columns = []
    for vid in summary.version_ids:
        sentences = unit_sentences(data, unit, vid)
        columns.append({
            "version": vid,
            "sentences": [
                {"index": s["index"], "pieces": _pieces(s["text"], s["start"], unit.differences_in(vid))}
                for s in sentences
            ],
        })
    return {
        "id": unit.id,
        "drift": unit.drift,
        "label": unit.label,
        "colour": heat_colour(unit.drift, top) if unit.drift is not None else "",
        "present": len(unit.members),
        "types": unit.types,
        "columns": columns,
        "pairs": unit.pairs,
    }


def _version_view(
    version: Mapping[str, Any], summary: Summary, text: str, differences: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """A version's provenance and its full text as blocks: the text between sentences,
    and each sentence (boilerplate flagged, unit named) with its highlighted pieces."""
    unit_of = {i: u.id for u in summary.units for i in u.members.get(version["id"], ())}
    blocks = []
    cursor = 0
    for s in version["sentences"]:
        if s["start"] > cursor:
            blocks.append({"gap": text[cursor:s["start"]]})
        blocks.append({
            "index": s["index"],
            "boilerplate": s["boilerplate"],
            "unit": unit_of.get(s["index"]),
            "pieces": _pieces(text[s["start"]:s["end"]], s["start"], differences),
        })
        cursor = s["end"]
    if cursor < len(text):
        blocks.append({"gap": text[cursor:]})
    boilerplate = sum(s["boilerplate"] for s in version["sentences"])
    url = version.get("url", "")  # linked only when it is a web address, never javascript:
    return {
        **version,
        "content_count": len(version["sentences"]) - boilerplate,
        "boilerplate_count": boilerplate,
        "carried": len(summary.coverage[version["id"]]),
        "link": url if url.startswith(("https://", "http://")) else None,
        "blocks": blocks,
    }
