"""The Markdown view of a report, for pasting into papers and issues.

GitHub-flavoured tables: versions with provenance, coverage, the drift matrix, the count of
differences by type, then the most drifted units with each version's words, the differing
ones in bold and their types in code.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from drift.report.summary import MEASURE_DRIFT, Summary, UnitSummary, segments, summarize, unit_sentences

if TYPE_CHECKING:
    from drift.types import Report

# Characters Markdown (CommonMark + GitHub tables) could read as markup inside text. Every
# story-supplied string (ids from file names, title, outlet, texts) goes through `escape`,
# never into a code span, which a backtick or a table's pipe would break out of.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")
_SPACE = re.compile(r"\s+")


def render_markdown(report: "Report") -> str:
    """The report as Markdown text."""
    data = report.to_dict()
    summary = summarize(data)
    scored = summary.measure == MEASURE_DRIFT
    story = data["story"]
    parts = [
        f"# {escape(story.get('title') or story['id'])}",
        f"Story {escape(story['id'])}: {len(data['versions'])} versions, {len(summary.units)} units, "
        f"{len(data['pairs'])} pairs. Signature: `{data['signature']}`",
        "## Most important drifts",
        "By severity (0-3), then type (quote, number, time, direction, negation, source, entity, modality); "
        "each version's wording of the unit's differing words.",
        _drifts(summary),
        "## Versions",
        _versions(data, summary),
        "## Coverage",
        "Units each version carries; the others it omits (or they are additions elsewhere).",
        _coverage(summary),
        "## Meaning changes" if scored else f"## Drift matrix ({summary.measure})",
        f"Pairs labelled changed / units two versions share (mean {summary.measure} in brackets)." if scored
        else f"Mean {summary.measure} over the units two versions share (pairs in brackets).",
        _matrix(summary),
    ]
    if summary.type_counts:
        parts += ["## Differences by type", _table(("type", "count"), (
            (f"`{t}`", str(n)) for t, n in summary.type_counts.items()
        ), right=(1,))]
    parts += [f"## Most drifted units (by {summary.measure})"]
    parts += [_unit(data, unit, summary.measure) for unit in summary.top_units()]
    return "\n\n".join(parts) + "\n"




def escape(text: str) -> str:
    """``text`` with Markdown markup characters backslash-escaped and on one line."""
    return _SPECIAL.sub(r"\\\1", _SPACE.sub(" ", text))


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], right: Sequence[int] = ()) -> str:
    align = ["---:" if i in right else "---" for i in range(len(header))]
    lines = [header, align, *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def _versions(data: Mapping[str, Any], summary: Summary) -> str:
    rows = []
    for v in data["versions"]:
        boilerplate = sum(s["boilerplate"] for s in v["sentences"])
        rows.append((
            escape(v["id"]),
            escape(v["language"]) + (" (detected)" if v.get("language_detected") else ""),
            escape(v.get("outlet", "")),
            escape(v.get("translated_from", "")),
            escape(v.get("published", "")),
            f"{len(v['sentences']) - boilerplate} (+{boilerplate} boilerplate)",
        ))
    return _table(("version", "language", "outlet", "translated from", "published", "sentences"), rows, right=(5,))


def _coverage(summary: Summary) -> str:
    rows = []
    for vid in summary.version_ids:
        missing = summary.missing(vid)
        rows.append((
            escape(vid),
            f"{len(summary.coverage[vid])}/{len(summary.units)}",
            ", ".join(map(str, missing)) or "none",
        ))
    return _table(("version", "units carried", "units omitted"), rows, right=(1,))


def _matrix(summary: Summary) -> str:
    rows = []
    for a in summary.version_ids:
        cells = [escape(a)]
        for b in summary.version_ids:
            value = summary.matrix[a][b]
            if value is None:
                cells.append("–")
            elif summary.measure == MEASURE_DRIFT:
                cells.append(f"{summary.changes[a][b]}/{summary.pair_counts[a][b]} ({value:.2f})")
            else:
                cells.append(f"{value:.2f} ({summary.pair_counts[a][b]})")
        rows.append(cells)
    header = ("", *(escape(v) for v in summary.version_ids))
    return _table(header, rows, right=range(1, len(header)))


def _drifts(summary: Summary) -> str:
    rows = []
    for drift in summary.top_drifts():
        cells = [str(drift.unit), f"`{drift.type}` {drift.severity}"]
        for vid in summary.version_ids:
            wording = drift.wordings.get(vid)
            cells.append("absent" if wording is None else " \\| ".join(map(escape, wording)) or "same")
        rows.append(cells)
    if not rows:
        return "No drift of severity 1 or more."
    return _table(("unit", "drift, severity", *(escape(v) for v in summary.version_ids)), rows)


def _unit(data: Mapping[str, Any], unit: UnitSummary, measure: str) -> str:
    label = f", {unit.label}" if unit.label else ""
    rows = [
        (escape(vid), " ".join(_marked(s, unit.differences_in(vid)) for s in unit_sentences(data, unit, vid)))
        for vid in unit.members
    ]
    parts = [f"### Unit {unit.id}: {measure} {unit.drift:.2f}{label}", _table(("version", "text"), rows)]
    if unit.differences:
        parts.append("Differences: " + "; ".join(f"`{kind}` {_words(unit, kind)}" for kind in unit.types))
    return "\n\n".join(parts)


def _words(unit: UnitSummary, kind: str) -> str:
    """The unit's differing words of one type, each with the versions and scores it has."""
    where: dict[str, list[str]] = {}
    for d in unit.differences:
        if d["type"] == kind:
            where.setdefault(d["text"], []).append(f"{escape(d['version'])} {d['score']:.2f}")
    return ", ".join(f"**{escape(text)}** ({', '.join(found)})" for text, found in where.items())


def _marked(sentence: Mapping[str, Any], differences: Sequence[Mapping[str, Any]]) -> str:
    """A sentence's text with each run of differing words in bold (adjacent pieces
    joined, since ``**a****b**`` is not bold in Markdown)."""
    runs: list[tuple[bool, str]] = []
    for piece in segments(sentence["text"], sentence["start"], differences):
        marked = bool(piece.differences)
        if runs and runs[-1][0] == marked:
            runs[-1] = (marked, runs[-1][1] + piece.text)
        else:
            runs.append((marked, piece.text))
    return "".join(_bold(text) if marked else escape(text) for marked, text in runs)


def _bold(text: str) -> str:
    """``text`` in bold, its outer spaces kept outside the markers (else it is not bold)."""
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    return f"{lead}**{escape(core)}**{trail}"
