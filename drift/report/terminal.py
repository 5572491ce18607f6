"""The terminal view of a report (``drift analyze STORY`` without ``-o``), drawn with rich.

It leads with the story's most important drifts (by severity, then type), each with its
unit and the versions' wordings side by side; then who said what (versions and
provenance), which version carries which content (coverage, omissions visible), how many
meaning changes each two versions share (the matrix) and the most drifted units with their
differing words coloured by type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from drift.report.console import StdoutConsole
from drift.report.summary import (
    MEASURE_DRIFT,
    TYPE_COLOURS,
    Summary,
    UnitSummary,
    pair_drift,
    segments,
    summarize,
    unit_sentences,
)

if TYPE_CHECKING:
    from drift.types import Report

# Side texts in the top-units table are cut to this many characters (about two lines of an
# 80-column terminal); the differences column lists every differing word in full.
SIDE_CHARS = 160


def print_summary(report: "Report", console: Console | None = None) -> None:
    """Print the report's summary to ``console`` (default: a new rich Console on stdout)."""
    console = console or StdoutConsole()
    data = report.to_dict()
    summary = summarize(data)
    story = data["story"]
    # Everything the user gave is escaped: a "[...]" in a title or id is text, not markup.
    console.rule(f"[bold]{escape(story.get('title') or story['id'])}")
    console.print(f"story [bold]{escape(story['id'])}[/]: {len(data['versions'])} versions, "
                  f"{len(summary.units)} units, {len(data['pairs'])} pairs")
    if not data["pairs"] and any(not s["boilerplate"] for v in data["versions"] for s in v["sentences"]):
        # (a story of boilerplate only has its warnings already)
        console.print("[dim]no pairs to score: no sentence of one version links to another version's[/]")
    for table in (
        _drifts_table(summary),
        _versions_table(data, summary),
        _coverage_table(summary),
        _matrix_table(summary),
        _top_units_table(data, summary),
    ):
        console.print(table)
    if summary.type_counts:
        console.print("differences by type: " + ", ".join(
            f"[{TYPE_COLOURS.get(t, 'default')}]{t}[/] {n}" for t, n in summary.type_counts.items()
        ))
    console.print(f"[dim]signature: {escape(data['signature'])}[/]", soft_wrap=True)


def _versions_table(data: Mapping[str, Any], summary: Summary) -> Table:
    table = Table(title="Versions", title_justify="left")
    for name in ("version", "lang", "outlet", "translated from", "published", "sentences", "units"):
        table.add_column(name, justify="right" if name in ("sentences", "units") else "left")
    for v in data["versions"]:
        boilerplate = sum(s["boilerplate"] for s in v["sentences"])
        table.add_row(
            escape(v["id"]),
            v["language"] + (" (detected)" if v.get("language_detected") else ""),
            escape(v.get("outlet", "")),
            v.get("translated_from", ""),
            escape(v.get("published", "")),
            f"{len(v['sentences']) - boilerplate} + {boilerplate} boilerplate",
            f"{len(summary.coverage[v['id']])}/{len(summary.units)}",
        )
    return table


def _coverage_table(summary: Summary) -> Table:
    table = Table(
        title="Coverage: which version carries which unit (█ carries, · omits)", title_justify="left"
    )
    table.add_column("version")
    table.add_column(f"units 0–{len(summary.units) - 1}", overflow="fold")
    table.add_column("omits", overflow="fold")
    for vid in summary.version_ids:
        carried = summary.coverage[vid]
        strip = "".join("[green]█[/]" if u.id in carried else "[red]·[/]" for u in summary.units)
        missing = summary.missing(vid)
        table.add_row(escape(vid), strip, f"{len(missing)}: " + ", ".join(map(str, missing)) if missing else "none")
    return table


def _drifts_table(summary: Summary) -> Table:
    table = Table(
        title="Most important drifts (severity 0-3, then quote, number, time, direction, negation, "
        "source, entity, modality)",
        title_justify="left",
        show_lines=True,
    )
    table.add_column("unit", justify="right")
    table.add_column("drift")
    for vid in summary.version_ids:
        table.add_column(escape(vid))
    for drift in summary.top_drifts():
        cells = []
        for vid in summary.version_ids:
            if vid not in drift.wordings:
                cells.append(Text("absent", style="dim"))
            else:
                cells.append(Text(" | ".join(drift.wordings[vid]) or "same as others",
                                  style="" if drift.wordings[vid] else "dim"))
        kind = Text(f"{drift.type}\n", style=TYPE_COLOURS.get(drift.type, ""))
        kind.append(f"severity {drift.severity}")
        table.add_row(str(drift.unit), kind, *cells)
    return table


def _matrix_table(summary: Summary) -> Table:
    scored = summary.measure == MEASURE_DRIFT
    title = (f"Meaning changes: pairs labelled changed / units two versions share; mean {summary.measure} below"
             if scored else f"Drift matrix: mean {summary.measure} over the pairs of two versions (pairs in brackets)")
    table = Table(title=title, title_justify="left")
    table.add_column("")
    for vid in summary.version_ids:
        table.add_column(escape(vid), justify="right")
    for a in summary.version_ids:
        cells = []
        for b in summary.version_ids:
            value = summary.matrix[a][b]
            if value is None:
                cells.append("[dim]–[/]")
            elif scored:
                changes, shared = summary.changes[a][b], summary.pair_counts[a][b]
                cells.append(f"[{_heat(changes / shared)}]{changes}/{shared}[/]\n[dim]{value:.2f}[/]")
            else:
                cells.append(f"[{_heat(value)}]{value:.2f}[/] [dim]({summary.pair_counts[a][b]})[/]")
        table.add_row(escape(a), *cells)
    return table


def _heat(value: float) -> str:
    """A rich style for a share in [0, 1]: green (little drift) to bold red (much)."""
    # Thresholds at the quarter points of [0, 1], the drift scale's equal steps.
    return "green" if value < 0.25 else "yellow" if value < 0.5 else "red" if value < 0.75 else "bold red"


def _top_units_table(data: Mapping[str, Any], summary: Summary) -> Table:
    table = Table(
        title=f"Most drifted units (by the {summary.measure} of their most drifted pair)",
        title_justify="left",
        show_lines=True,
    )
    table.add_column("unit", justify="right")
    table.add_column(summary.measure, justify="right")
    table.add_column("most drifted pair")
    table.add_column("differences")
    for unit in summary.top_units():
        pair = max(unit.pairs, key=pair_drift)
        sides = [_side_text(data, unit, pair[side]["version"]) for side in ("a", "b")]
        table.add_row(
            str(unit.id),
            f"{unit.drift:.2f}" + (f"\n{unit.label}" if unit.label else ""),
            _join_sides(pair, sides),
            _differences_text(unit),
        )
    return table


def _side_text(data: Mapping[str, Any], unit: UnitSummary, version_id: str) -> Text:
    """A side's sentences with its differing words coloured by type, cut to SIDE_CHARS."""
    text = Text()
    for sentence in unit_sentences(data, unit, version_id):
        if text:
            text.append(" ")
        for piece in segments(sentence["text"], sentence["start"], unit.differences_in(version_id)):
            top = piece.top
            text.append(piece.text, style=f"bold {TYPE_COLOURS.get(top['type'], 'default')}" if top else "")
    if len(text) > SIDE_CHARS:
        text.truncate(SIDE_CHARS)
        text.append("…")
    return text


def _join_sides(pair: Mapping[str, Any], sides: list[Text]) -> Text:
    out = Text()
    for side, text in zip(("a", "b"), sides):
        if out:
            out.append("\n")
        out.append(f"{pair[side]['version']}: ", style="bold")
        out.append_text(text)
    return out


def _differences_text(unit: UnitSummary) -> Text:
    """Each type's differing words, e.g. ``number: 20, 18``."""
    out = Text()
    for kind in unit.types:
        words = list(dict.fromkeys(d["text"] for d in unit.differences if d["type"] == kind))
        if out:
            out.append("\n")
        out.append(f"{kind}: ", style=TYPE_COLOURS.get(kind, ""))
        out.append(", ".join(words))
    return out or Text("–", style="dim")
