"""The report views (terminal, JSON, Markdown, HTML) and the file writer, on the real
pipeline's report of the bundled example story.

Most tests check what every report has (versions, units, pairs, similarity); the
``test_scored_pipeline_*`` tests check the scoring stage's fields (drift, label,
differences); ``unscored_report`` (analysed with ``score=False``) checks the fallbacks.
"""

from __future__ import annotations

import dataclasses
import html
import io
import json
import re
from html.parser import HTMLParser

import pytest
from rich.console import Console

from drift.errors import ConfigError
from drift.report import writer
from drift.report.html import heat_colour, render_html
from drift.report.json import render_json, schema
from drift.report.markdown import escape, render_markdown
from drift.report.summary import MEASURE_DRIFT, MEASURE_FALLBACK, READER_ORDER, pair_drift, segments, summarize
from drift.report.terminal import print_summary
from drift.types import LABELS, Report


@pytest.fixture(scope="module")
def report(example_report) -> Report:
    return example_report


@pytest.fixture(scope="module")
def scored(example_report) -> Report:
    return example_report


class TextOf(HTMLParser):
    """Collects the text inside elements that have a given class (nested tags included)."""

    def __init__(self, css_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.css_class = css_class
        self.depth = 0
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1
        elif self.css_class in (dict(attrs).get("class") or "").split():
            self.depth = 1
            self.found.append("")

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.found[-1] += data


# -- derived figures ---------------------------------------------------------------------------


def test_summary_matrix_counts_every_pair_once_each_way(report):
    data = report.to_dict()
    summary = summarize(data)
    ids = summary.version_ids
    assert ids == ("v000", "v001", "v002", "v003", "v004")
    assert sum(summary.pair_counts[a][b] for a in ids for b in ids) == 2 * len(data["pairs"])
    for a in ids:
        assert summary.matrix[a][a] is None
        for b in ids:
            assert summary.matrix[a][b] == summary.matrix[b][a]
    v0_v1 = [pair_drift(p) for p in data["pairs"] if (p["a"]["version"], p["b"]["version"]) == ("v000", "v001")]
    assert summary.matrix["v000"]["v001"] == pytest.approx(sum(v0_v1) / len(v0_v1))


def test_summary_coverage_and_top_units(report):
    data = report.to_dict()
    summary = summarize(data)
    for unit in data["units"]:
        for vid in summary.version_ids:
            assert (unit["id"] in summary.coverage[vid]) == (vid in unit["members"])
    assert set(summary.missing("v001")) == {u["id"] for u in data["units"] if "v001" not in u["members"]}
    top = summary.top_units()
    assert len(top) == 10
    assert [u.drift for u in top] == sorted((u.drift for u in top), reverse=True)
    best_pair = max(data["pairs"], key=pair_drift)
    assert top[0].drift == pytest.approx(pair_drift(best_pair))


def test_summary_matrix_counts_meaning_changes(report):
    data = report.to_dict()
    summary = summarize(data)
    changed = [p for p in data["pairs"] if p["label"] == "changed" and {p["a"]["version"], p["b"]["version"]} == {"v000", "v003"}]
    assert summary.changes["v000"]["v003"] == summary.changes["v003"]["v000"] == len(changed)
    assert all(summary.changes[a][b] <= summary.pair_counts[a][b] for a in summary.version_ids for b in summary.version_ids)


def test_summary_leads_with_drifts_by_severity_then_type(report):
    data = report.to_dict()
    summary = summarize(data)
    drifts = summary.drifts
    assert drifts, "the example story has drifts of severity 1 or more"
    rank = {t: i for i, t in enumerate(READER_ORDER)}
    keys = [(-d.severity, rank.get(d.type, len(rank))) for d in drifts]
    assert keys == sorted(keys)
    units = {u["id"]: u for u in data["units"]}
    texts = {v["id"]: v["text"] for v in data["versions"]}
    for d in drifts:
        assert d.severity >= 1 and d.type != "name_variant"
        assert set(d.wordings) == set(units[d.unit]["members"])  # every version of the unit, side by side
        assert any(d.wordings.values())
        # the differences it stands for, with their offsets, are the wordings' source: each
        # wording is a stretch of its version's text, and each difference lies in one
        assert d.differences and {x["type"] for x in d.differences} == {d.type}
        for vid, wording in d.wordings.items():
            assert all(w in texts[vid] for w in wording)
            assert all(any(x["text"] in w for w in wording) for x in d.differences if x["version"] == vid)
            assert bool(wording) == any(x["version"] == vid for x in d.differences)
        assert max(x.get("severity", 1) for x in d.differences) == d.severity
    assert summary.top_drifts(3) == list(drifts[:3])


def test_a_drifts_wording_reads_differences_a_few_words_apart_as_one_stretch():
    from drift.report.summary import _wording

    text = "Kim called it a gentle diplomatic blackmail. He left. Putin called it plain blackmail."

    def at(word, after=0):
        start = text.index(word, after)
        return {"start": start, "end": start + len(word), "text": word}

    # one word apart in one clause: one stretch; a sentence end between: two
    assert _wording(text, [at("gentle"), at("blackmail")]) == ("gentle diplomatic blackmail",)
    assert _wording(text, [at("blackmail"), at("Putin")]) == ("blackmail", "Putin")
    # more than WORDING_GAP_WORDS words apart: two; overlapping differences: one
    assert _wording(text, [at("Kim"), at("diplomatic")]) == ("Kim", "diplomatic")
    assert _wording(text, [at("gentle diplomatic"), at("diplomatic blackmail")]) == ("gentle diplomatic blackmail",)
    assert _wording(text, []) == ()


def test_views_lead_with_the_most_important_drifts(report):
    top = summarize(report.to_dict()).top_drifts()[0]
    wording = next(w for w in top.wordings.values() if w)[0]
    text = printed(report)
    assert text.index("Most important drifts") < text.index("Versions")
    assert wording.split()[0] in text
    markdown = render_markdown(report)
    assert markdown.index("## Most important drifts") < markdown.index("## Versions")
    html = render_html(report)
    assert html.index('id="drifts"') < html.index('id="heatmap"')


def test_unscored_views_keep_the_mean_matrix(unscored_report):
    text = printed(unscored_report)
    assert "Drift matrix" in text and "Meaning changes" not in text
    assert "No drift of severity 1 or more." in render_markdown(unscored_report)


def test_pair_drift_falls_back_to_one_minus_similarity():
    assert pair_drift({"similarity": 0.8}) == pytest.approx(0.2)
    assert pair_drift({"similarity": -0.5}) == 1.0
    assert pair_drift({"similarity": 0.8, "drift": 0.6}) == 0.6


def test_segments_cut_at_overlapping_differences_and_join_back(scored):
    data = scored.to_dict()
    text = scored.story.version("v003").text
    diffs = [d for p in data["pairs"] for d in p.get("differences", ()) if d["version"] == "v003"]
    pieces = segments(text, 0, diffs)
    assert "".join(p.text for p in pieces) == text
    for piece in pieces:
        assert text[piece.start:piece.end] == piece.text
        for d in piece.differences:
            assert d["start"] <= piece.start and piece.end <= d["end"]
    # "The US" (attribution) overlapping "US" (entity): the overlap piece carries both types.
    start = text.index("The US")
    both = [
        {"version": "v003", "start": start, "end": start + 6, "type": "attribution", "score": 0.8},
        {"version": "v003", "start": start + 4, "end": start + 6, "type": "entity", "score": 0.8},
    ]
    overlap = [p for p in segments(text, 0, both) if len(p.differences) == 2]
    assert [p.text for p in overlap] == ["US"]


def test_segments_of_a_sentence_use_version_offsets():
    sentence = {"text": "It took 20 hours.", "start": 100}
    diff = {"version": "x", "start": 108, "end": 110, "text": "20", "type": "number", "score": 0.9}
    pieces = segments(sentence["text"], sentence["start"], [diff])
    assert [(p.text, bool(p.differences)) for p in pieces] == [("It took ", False), ("20", True), (" hours.", False)]
    assert pieces[1].top is diff


# -- JSON ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["report", "scored"])
def test_json_validates_against_schema_and_round_trips(which, request, tmp_path):
    import jsonschema
    rep = request.getfixturevalue(which)
    out = writer.write_report(rep, tmp_path / "r.json", "json")
    loaded = json.loads(out[0].read_text(encoding="utf-8"))
    jsonschema.validate(loaded, schema())
    assert loaded == json.loads(json.dumps(rep.to_dict()))
    assert render_json(rep) == out[0].read_text(encoding="utf-8")


def test_schema_rejects_a_broken_report(report):
    import jsonschema
    data = report.to_dict()
    data["versions"][0]["language"] = "english"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema())


# -- terminal --------------------------------------------------------------------------------------


def printed(report: Report) -> str:
    console = Console(width=160, record=True, file=io.StringIO())
    print_summary(report, console)
    return console.export_text()


def test_terminal_shows_versions_coverage_matrix_and_top_units(report):
    text = printed(report)
    data = report.to_dict()
    assert data["story"]["title"] in text
    for needle in ("Montreal daily (AFP)", "Asia Financial (Reuters)", "Coverage", "Meaning changes", "Most drifted units"):
        assert needle in text
    # v001 omits 45 of the 67 units; the line lists them.
    missing = summarize(data).missing("v001")
    assert f"{len(missing)}: {missing[0]}, {missing[1]}" in text
    assert MEASURE_FALLBACK in text or MEASURE_DRIFT in text
    assert data["signature"] in text.replace("\n", "")


def test_terminal_prints_user_text_literally(report):
    story = dataclasses.replace(report.story, title="[bold]Kim[/bold] in [red]Russia")
    assert "[bold]Kim[/bold] in [red]Russia" in printed(dataclasses.replace(report, story=story))


def test_terminal_lists_differing_words_by_type(scored):
    text = printed(scored)
    assert "differences by type" in text
    shown = {t for unit in summarize(scored.to_dict()).top_units() for t in unit.types}
    assert shown and all(re.search(rf"\b{t}: ", text) for t in shown)


# -- Markdown --------------------------------------------------------------------------------------


def test_markdown_has_tables_matrix_and_top_units(report):
    text = render_markdown(report)
    data = report.to_dict()
    assert text.startswith(f"# {escape(data['story']['title'])}\n")
    assert "| v000 | en | Montreal daily (AFP) | fr |" in text
    summary = summarize(data)
    changes, shared = summary.changes["v000"]["v001"], summary.pair_counts["v000"]["v001"]
    assert f"| v000 | – | {changes}/{shared} ({summary.matrix['v000']['v001']:.2f}) |" in text
    assert text.count("### Unit ") == 10
    # every table row has as many cells as its header
    for block in re.findall(r"(?:^\|.*\|\n)+", text, flags=re.M):
        rows = block.strip().split("\n")
        widths = {len(re.split(r"(?<!\\)\|", r)) for r in rows}
        assert len(widths) == 1, rows[:3]


def test_markdown_bolds_differing_words(scored):
    text = render_markdown(scored)
    assert "## Differences by type" in text
    assert re.search(r"\*\*[^*]+\*\*", text)
    assert re.search(r"`(number|time|entity|attribution|modality)` \*\*", text)
    assert "****" not in text  # adjacent bold runs are joined


def test_markdown_escape():
    assert escape("a|b *c* <d>\n e &amp;") == r"a\|b \*c\* \<d\> e \&amp;"


HOSTILE = "<img src=x onerror=alert(1)>"


def test_markdown_renders_story_strings_as_text(tmp_path, encoder):
    """Version ids (file names), title, outlet, language codes and texts from a hostile
    story come out of a CommonMark renderer as text: no live HTML, no broken table."""
    from markdown_it import MarkdownIt

    from drift.ingest import load_folder
    from drift.pipeline import analyze

    folder = tmp_path / "story"
    folder.mkdir()
    texts = {
        f"{HOSTILE}.txt": "Kim Jong Un arrived in Russia on Tuesday. He met Putin <b>at a spaceport</b>.",
        "a`|<b>x`.txt": "Kim Jong Un arrived in Russia on Monday. He met Putin at a *space* port.",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    manifest = ['title = "<script>alert(2)</script>"']
    for name in texts:
        manifest += ["[[versions]]", f"file = {name!r}", 'language = "en"', f'outlet = "{HOSTILE}"']
    (folder / "story.toml").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    page = MarkdownIt("commonmark", {"html": True}).enable("table").render(render_markdown(analyze(load_folder(folder), encoder=encoder)))
    assert not re.search(r"<(img|script|b)\b", page), page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;script&gt;" in page
    for table in re.findall(r"<table>.*?</table>", page, flags=re.S):
        widths = {row.count("<td") + row.count("<th") for row in re.findall(r"<tr>.*?</tr>", table, flags=re.S)}
        assert len(widths) == 1, table


# -- HTML ------------------------------------------------------------------------------------------


def test_html_is_self_contained_and_complete(report):
    page = render_html(report)
    data = report.to_dict()
    assert page.count('<article class="unit"') == len(data["units"])
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=|@import|url\(", page)
    assert f'<code id="signature">{html.escape(data["signature"])}</code>' in page
    assert 'id="heatmap"' in page and 'class="legend"' in page and 'id="coverage"' in page
    assert "1 − similarity" not in page


def test_html_says_when_pairs_are_not_scored(unscored_report):
    assert "1 − similarity" in render_html(unscored_report)  # the unscored note


def test_html_full_texts_reproduce_every_version(report):
    parser = TextOf("fulltext")
    parser.feed(render_html(report))
    assert parser.found == [v.text for v in report.story.versions]
    bp = TextOf("bp")
    bp.feed(render_html(report))
    expected = [s.text for v in report.story.versions for s in v.sentences if s.boilerplate]
    assert bp.found == expected and expected


def test_html_escapes_what_the_user_gave(report):
    story = dataclasses.replace(report.story, title="<script>alert('x')</script> & co")
    page = render_html(dataclasses.replace(report, story=story))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co" in page


def test_html_highlights_carry_type_and_score(scored):
    page = render_html(scored)
    marks = re.findall(r'<mark class="d" data-show="(\w+)" data-top="\w+" data-diffs="([^"]+)" title="([^"]+)">([^<]*)</mark>', page)
    assert len(marks) > 100
    differences = {(d["type"], d["text"]) for p in scored.to_dict()["pairs"] for d in p["differences"]}
    for show, diffs, title, text in marks:
        first_type, first_score = diffs.split(" ")[0].rsplit(":", 1)
        assert show == first_type and 0 <= float(first_score) <= 1
        assert first_type.replace("_", " ") in html.unescape(title)
        assert any(t == first_type and html.unescape(text) in d for t, d in differences)


def test_heat_colour_runs_from_light_to_dark():
    assert heat_colour(0.0, 1.0) == "#fee5d9"
    assert heat_colour(1.0, 1.0) == "#a50f15"
    assert heat_colour(2.0, 1.0) == "#a50f15"
    assert heat_colour(0.5, 1.0) == "#fb6a4a"


# -- writing files ---------------------------------------------------------------------------------


def test_write_all_formats(report, tmp_path):
    paths = writer.write_report(report, tmp_path / "out" / "kim.html", "all")
    assert [p.name for p in paths] == ["kim.json", "kim.html", "kim.md"]
    assert json.loads(paths[0].read_text(encoding="utf-8"))["schema"] == "drift-report/1"
    assert paths[1].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert paths[2].read_text(encoding="utf-8").startswith("# ")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["kim.html", "kim.json", "kim.md"]


def test_unknown_format_is_a_config_error(report, tmp_path):
    with pytest.raises(ConfigError, match="expected one of json, html, md, all"):
        writer.write_report(report, tmp_path / "r.pdf", "pdf")


def test_failed_render_leaves_no_file_and_keeps_the_old_one(report, tmp_path, monkeypatch):
    old = tmp_path / "kim.json"
    old.write_text("old", encoding="utf-8")

    def broken(_report):
        raise RuntimeError("renderer failed")

    monkeypatch.setitem(writer.RENDERERS, "md", broken)
    with pytest.raises(RuntimeError, match="renderer failed"):
        writer.write_report(report, tmp_path / "kim", "all")
    assert [p.name for p in tmp_path.iterdir()] == ["kim.json"]
    assert old.read_text(encoding="utf-8") == "old"


# -- the pipeline's own scores -------------------------------------------------------------------


def test_scored_pipeline_report_views_use_drift(report):
    data = report.to_dict()
    summary = summarize(data)
    assert summary.measure == MEASURE_DRIFT
    for pair in data["pairs"]:
        assert 0.0 <= pair["drift"] <= 1.0 and pair["label"] in LABELS
        for d in pair["differences"]:
            text = report.story.version(d["version"]).text
            assert text[d["start"]:d["end"]] == d["text"]
    assert "1 − similarity" not in render_html(report)
    assert "## Meaning changes" in render_markdown(report)


def test_scored_pipeline_report_validates(report):
    import jsonschema
    jsonschema.validate(json.loads(render_json(report)), schema())
    assert 'class="pill label-' in render_html(report)
