"""Evaluate drift's differences and labels against the hand-made drifts of gold stories.

For every story folder with a gold annotation (``sentences.json``, ``pairs.tsv``,
``drifts.json``, as in ``../shared/data/stories``) the script scores two sets of pairs:

- gold alignment: the gold pairs of ``pairs.tsv``, each side built from the gold sentence
  offsets, scored by drift's pair scorer with the link probability the story aligner's
  model gives their sentences (the mean over the two sides' sentence pairs, as
  ``Unit.link``; the pipeline passes it for its own pairs), their differences read
  against the gold unit's other versions as the pipeline reads its own
  (`drift.score.agreement`);
- system alignment: ``drift.pipeline.analyze`` on the story folder (drift's own segmentation,
  alignment and scoring).

and prints, for each and over all stories:

- recall: share of gold drifts of severity >= 1 with phrases in >= 2 versions that a
  difference called a change touches (overlaps one of the drift's phrases, in a pair of two
  versions the drift concerns: versions with a phrase or listed in ``absent_in``);
- precision: share of differences called a change that overlap a phrase of a gold drift of
  severity >= 1 in their own version, whatever the two types; beside it the stricter share
  that overlap such a drift of a gold type their own type maps to (``GOLD_TYPES``): a
  "negation" inside a gold omission counts for the first and not the second;
- quiet: share of severity-0 gold items (phrases in >= 2 versions, present in a scored pair)
  that no difference called a change overlaps;
- per gold type (and its drift type: ``GOLD_TYPES``) and per drift type;
- for the system alignment, the share of the drifts the summary leads with (the top 10 and
  20 of ``Summary.drifts``, as the terminal, Markdown and HTML views show them first; beside
  it the share over all its drifts, what a random order would lead with) that
  lie on a gold drift of severity >= 1 (one of the drift's differences overlaps its phrase);
- the label confusion against the gold class of each pair: the highest severity among the
  gold drifts the pair carries (none or 0 -> equivalent, 1 -> nuance, 2-3 -> changed), and
  unrelated for a system pair whose sides share no gold unit; with the labels' accuracy and
  macro-F1 over the gold classes that occur.

A difference is "called a change" unless its type is name_variant or its severity is 0.
System sentences map to gold items by character offsets (``drift.gold.project``).

Models: by default the shipped link model and calibration, as a user's run would use them:
the figures for stories they were not fitted on (held-out stories). On the stories they
were fitted on those figures are in-sample, and the script says so. ``--loso`` gives the
honest figures there: each story is scored with a link model fitted on the other stories
(`drift.align.story.fitting.fit_link_model`) and a pair model fitted on REFreSD dev and the
other stories (`scripts/fit_calibration.py`'s recipe; the word map, fitted on iSTS-RSD,
stays). It needs scikit-learn (``.[fit]``) and REFreSD dev (``--refresd``).

    python scripts/eval_drifts.py ../shared/data/stories [--story ID ...] [--gold-only] [--loso]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from drift.align.story.calibration import LinkModel, load_link_model
from drift.align.story.fitting import fit_link_model, story_evidence, story_examples
from drift.encoders import get_encoder
from drift.errors import DriftError
from drift.gold import GoldStory, gold_folders, project
from drift.gold import read_gold as read_gold_story
from drift.pipeline import analyze
from drift.report.summary import summarize
from drift.score.agreement import across_versions
from drift.score.calibration import Calibration, from_dict, load_calibration
from drift.score.pair import evidence_for_pairs, score_pairs
from drift.types import Pair, PairScore, Sentence, Side, Story

# Gold drift types -> the drift type a reader would expect (drift.score.detectors.ALL_TYPES).
GOLD_TYPES = {
    "quote_wording": ("quote_wording",),
    "number_or_unit": ("number",),
    "time": ("time",),
    "entity_name_variant": ("name_variant",),
    "entity_role_or_title": ("entity",),
    "attribution": ("attribution",),
    "hedging/modality": ("modality", "negation"),
    "modifier/intensity": ("wording", "modality"),
    "content_substitution": ("wording", "entity", "negation", "direction"),
    "translation_artifact": ("wording",),
    "omission_or_addition": ("omission", "addition"),
}
# How many of the drifts the summary leads with are read against the gold; None: all of
# them, what a summary in random order would lead with on average (the in-run baseline).
LEADING = (10, 20, None)
CLASSES = ("equivalent", "nuance", "changed", "unrelated")
LABELS = ("equivalent", "nuance", "changed", "unrelated")
REFERENCE = (
    "Issue #16 before: 1,100-1,800 typed differences per story, precision 25-29%, severity-0 "
    "quiet 28-47%, recall 69-86%. Targets (system alignment): recall >= 0.85, precision >= 0.60, "
    "quiet >= 0.85, unrelated <= 10% of pairs (<= 3% on gold-aligned pairs)."
)


@dataclass(frozen=True)
class Phrase:
    version: str
    start: int
    end: int


@dataclass(frozen=True)
class GoldDrift:
    id: str
    type: str
    severity: int
    phrases: tuple[Phrase, ...]
    absent_in: tuple[str, ...]

    @property
    def versions(self) -> frozenset[str]:
        return frozenset(p.version for p in self.phrases)

    @property
    def concerned(self) -> frozenset[str]:
        return self.versions | frozenset(self.absent_in)

    def overlaps(self, version: str, start: int, end: int) -> bool:
        return any(p.version == version and p.start < end and start < p.end for p in self.phrases)


@dataclass(frozen=True)
class Diff:
    """A difference as the evaluation reads it: where, what type, whether it is a change."""

    pair: tuple[str, str]
    version: str
    start: int
    end: int
    type: str
    change: bool


@dataclass(frozen=True)
class ScoredPair:
    versions: tuple[str, str]
    spans: Mapping[str, tuple[tuple[int, int], ...]]  # version -> sentence offsets of its side
    label: str
    gold: str


@dataclass
class Tally:
    """Counts for one story and one alignment, summed over stories for the totals."""

    recall: Counter = field(default_factory=Counter)  # (gold type, "hit"/"n")
    typed: Counter = field(default_factory=Counter)  # (gold type, "right type")
    quiet: Counter = field(default_factory=Counter)
    precision: Counter = field(default_factory=Counter)  # (drift type, "on"/"typed"/"n")
    confusion: Counter = field(default_factory=Counter)  # (gold class, label)
    leading: Counter = field(default_factory=Counter)  # (top k of the summary's drifts, "on"/"n")

    def add(self, other: "Tally") -> None:
        for name in ("recall", "typed", "quiet", "precision", "confusion", "leading"):
            getattr(self, name).update(getattr(other, name))


@dataclass(frozen=True)
class Gold:
    story: GoldStory
    pairs: tuple[tuple[str, tuple[int, ...], str, tuple[int, ...], str], ...]  # gold unit last
    drifts: tuple[GoldDrift, ...]


def read_gold(folder: Path) -> Gold:
    story = read_gold_story(folder)
    with (folder / "pairs.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    ids = lambda s: tuple(int(x) for x in s.split(","))  # noqa: E731
    pairs = tuple((r["version_a"], ids(r["ids_a"]), r["version_b"], ids(r["ids_b"]), r["unit"]) for r in rows)
    drifts = []
    for d in story.drifts:
        if d.get("within_version"):
            continue
        phrases = tuple(Phrase(v, p["start"], p["end"]) for v, ps in d["versions"].items() for p in ps)
        drifts.append(GoldDrift(d["id"], d["type"], int(d["severity"]), phrases, tuple(d.get("absent_in", ()))))
    return Gold(story, pairs, tuple(drifts))


def gold_class(drifts: Iterable[GoldDrift], spans: Mapping[str, Sequence[tuple[int, int]]]) -> str:
    """The class of a pair of sides from the most severe gold drift it carries."""
    (va, sa), (vb, sb) = spans.items()
    severity = -1
    for d in drifts:
        in_a = any(d.overlaps(va, s, e) for s, e in sa)
        in_b = any(d.overlaps(vb, s, e) for s, e in sb)
        if (in_a and (in_b or vb in d.absent_in)) or (in_b and va in d.absent_in):
            severity = max(severity, d.severity)
    return "equivalent" if severity <= 0 else "nuance" if severity == 1 else "changed"


def to_diffs(pair: tuple[str, str], scores: PairScore) -> list[Diff]:
    """The differences of a pair; where they carry no severity (drift before severities, for
    the before figures), every one but name_variant is called a change."""
    return [
        Diff(pair, d.version, d.start, d.end, d.type, d.type != "name_variant" and getattr(d, "severity", 1) > 0)
        for d in scores.differences
    ]


@dataclass(frozen=True)
class Models:
    """The link model and calibration a story is scored with, and what they were fitted on."""

    links: LinkModel
    calibration: Calibration
    name: str


def gold_aligned(gold: Gold, encoder: Any, models: Models) -> tuple[list[ScoredPair], list[Diff], list[bool]]:
    """Score the gold pairs with sides built from the gold sentences."""
    def side(version: str, ids: tuple[int, ...]) -> Side:
        text = gold.story.story.version(version).text
        items = {it.id: it for it in gold.story.items[version]}
        sentences = tuple(Sentence(version, i, items[i].start, items[i].end, text[items[i].start:items[i].end]) for i in ids)
        return Side(version, gold.story.language(version), sentences)

    sides = [(side(va, ia), side(vb, ib)) for va, ia, vb, ib, _ in gold.pairs]
    links = gold_links(gold, encoder, models.links)
    scored = score_pairs(sides, encoder=encoder, links=links, calibration=models.calibration)
    units = {unit: k for k, unit in enumerate(dict.fromkeys(row[-1] for row in gold.pairs))}
    texts = {
        v.id: " ".join(v.text[it.start:it.end] for it in gold.story.items[v.id] if not it.boilerplate)
        for v in gold.story.story.versions
    }
    read = across_versions([
        Pair(units[row[-1]], a, b, similarity=0.0, score=scores, link=link)
        for row, (a, b), scores, link in zip(gold.pairs, sides, scored, links)
    ], texts)
    pairs, diffs = [], []
    for p in read:
        spans = {p.a.version: _offsets(p.a), p.b.version: _offsets(p.b)}
        pairs.append(ScoredPair((p.a.version, p.b.version), spans, p.score.label, gold_class(gold.drifts, spans)))
        diffs += to_diffs((p.a.version, p.b.version), p.score)
    return pairs, diffs, []


def gold_links(gold: Gold, encoder: Any, model: LinkModel) -> list[float]:
    """The story aligner's link probability of each gold pair: its link model run on the
    gold sentences (as the aligner runs it on drift's own), averaged over the pair's
    sentences of the two versions."""
    versions = []
    for version in gold.story.story.versions:
        text = version.text
        items = gold.story.items[version.id]
        versions.append(version.with_sentences(tuple(
            Sentence(version.id, it.id, it.start, it.end, text[it.start:it.end], it.boilerplate) for it in items
        )))
    story = Story(gold.story.id, tuple(versions))
    prob = model.probabilities(story_evidence(story, encoder))
    position = {v.id: k for k, v in enumerate(versions)}
    rows = {v.id: {s.index: r for r, s in enumerate(v.content_sentences)} for v in versions}
    out = []
    for va, ia, vb, ib, _ in gold.pairs:
        (x, ix), (y, iy) = sorted(((va, ia), (vb, ib)), key=lambda side: position[side[0]])
        block = prob[(position[x], position[y])]
        out.append(float(np.mean(block[np.ix_([rows[x][i] for i in ix], [rows[y][i] for i in iy])])))
    return out


def system_aligned(gold: Gold, encoder: Any, models: Models) -> tuple[list[ScoredPair], list[Diff], list[bool]]:
    """Run drift on the story folder and read its pairs, and the drifts its summary leads
    with (whether each lies on a gold drift of severity >= 1, most important first),
    against the gold."""
    report = analyze(gold.story.story, encoder=encoder, link_model=models.links, calibration=models.calibration)
    pairs, diffs = [], []
    for p in report.pairs:
        spans = {p.a.version: _offsets(p.a), p.b.version: _offsets(p.b)}
        units_a = _gold_units(gold, p.a.version, spans[p.a.version])
        units_b = _gold_units(gold, p.b.version, spans[p.b.version])
        cls = gold_class(gold.drifts, spans) if units_a & units_b else "unrelated"
        pairs.append(ScoredPair((p.a.version, p.b.version), spans, p.score.label, cls))
        diffs += to_diffs((p.a.version, p.b.version), p.score)
    serious = [g for g in gold.drifts if g.severity >= 1]
    leading = [
        any(g.overlaps(d["version"], d["start"], d["end"]) for d in drift.differences for g in serious)
        for drift in summarize(report.to_dict()).drifts
    ]
    return pairs, diffs, leading


def _offsets(side: Side) -> tuple[tuple[int, int], ...]:
    return tuple((s.start, s.end) for s in side.sentences)


def _gold_units(gold: Gold, version: str, spans: Sequence[tuple[int, int]]) -> set[str]:
    """Gold units of the gold items that ``spans`` overlap most (a singleton is its own)."""
    out = set()
    for start, end in spans:
        item = project(gold.story, version, start, end)
        if item is not None:
            out.add(gold.story.unit_of.get((version, item)) or f"{version}#{item}")
    return out


def tally(gold: Gold, pairs: list[ScoredPair], diffs: list[Diff], leading: Sequence[bool] = ()) -> Tally:
    t = Tally()
    for k in LEADING:
        t.leading[(k, "on")] += sum(leading[:k])
        t.leading[(k, "n")] += len(leading[:k])
    changes = [d for d in diffs if d.change]
    serious = [g for g in gold.drifts if g.severity >= 1]
    for d in changes:
        on = [g for g in serious if g.overlaps(d.version, d.start, d.end)]
        t.precision[(d.type, "n")] += 1
        t.precision[(d.type, "on")] += bool(on)
        t.precision[(d.type, "typed")] += any(d.type in GOLD_TYPES.get(g.type, ()) for g in on)
    for g in gold.drifts:
        if len(g.versions) < 2:
            continue
        touching = [
            d for d in changes
            if set(d.pair) <= g.concerned and g.overlaps(d.version, d.start, d.end)
        ]
        if g.severity >= 1:
            t.recall[(g.type, "n")] += 1
            t.recall[(g.type, "hit")] += bool(touching)
            t.typed[(g.type, "right")] += any(d.type in GOLD_TYPES.get(g.type, ()) for d in touching)
        elif _present(g, pairs):
            t.quiet[(g.type, "n")] += 1
            t.quiet[(g.type, "quiet")] += not touching
    for p in pairs:
        t.confusion[(p.gold, p.label)] += 1
    return t


def _present(g: GoldDrift, pairs: list[ScoredPair]) -> bool:
    """Whether some scored pair holds the drift's phrases on both of its sides."""
    for p in pairs:
        va, vb = p.versions
        if va in g.versions and vb in g.versions and all(
            any(g.overlaps(v, s, e) for s, e in p.spans[v]) for v in (va, vb)
        ):
            return True
    return False


def _share(hit: int, n: int) -> str:
    return f"{hit / n:.4f} ({hit}/{n})" if n else "-"


def total(counter: Counter, key: str) -> tuple[int, int]:
    return (
        sum(v for (t, k), v in counter.items() if k == key),
        sum(v for (t, k), v in counter.items() if k == "n"),
    )


def print_tally(name: str, t: Tally, n_diffs: int, detail: bool) -> None:
    hit, n = total(t.recall, "hit")
    right, _ = total(t.typed, "right")
    on, changes = total(t.precision, "on")
    typed_on, _ = total(t.precision, "typed")
    quiet, n0 = total(t.quiet, "quiet")
    pairs = sum(t.confusion.values())
    unrelated = sum(v for (g, label), v in t.confusion.items() if label == "unrelated")
    print(
        f"{name}: recall {_share(hit, n)}  precision {_share(on, changes)}  quiet {_share(quiet, n0)}  "
        f"unrelated {_share(unrelated, pairs)}  differences {n_diffs} ({changes} called a change)  "
        f"touched with the expected type {_share(right, n)}  precision with the expected type {_share(typed_on, changes)}"
    )
    if t.leading[(LEADING[-1], "n")]:
        print("  the summary leads with drifts on a gold drift of severity >= 1: " + ", ".join(
            f"{f'top {k}' if k else 'all (random order)'} {_share(t.leading[(k, 'on')], t.leading[(k, 'n')])}"
            for k in LEADING
        ))
    if not detail:
        return
    print(f"  {'gold type':22s} {'drift types':18s} {'recall':>16s} {'typed so':>16s} {'quiet (sev 0)':>16s}")
    unmapped = sorted({k for k, _ in (*t.recall, *t.quiet)} - set(GOLD_TYPES))  # a type this script has no map for
    for gold_type, drift_types in [*GOLD_TYPES.items(), *((k, ("-",)) for k in unmapped)]:
        print(
            f"  {gold_type:22s} {'/'.join(drift_types):18s} "
            f"{_share(t.recall[(gold_type, 'hit')], t.recall[(gold_type, 'n')]):>16s} "
            f"{_share(t.typed[(gold_type, 'right')], t.recall[(gold_type, 'n')]):>16s} "
            f"{_share(t.quiet[(gold_type, 'quiet')], t.quiet[(gold_type, 'n')]):>16s}"
        )
    types = sorted({k for k, _ in t.precision}, key=lambda k: (-t.precision[(k, "n")], k))
    print("  precision per drift type: " + ", ".join(
        f"{k} {_share(t.precision[(k, 'on')], t.precision[(k, 'n')])}" for k in types
    ))
    print(f"  label confusion (rows gold class, columns drift label; {pairs} pairs):")
    print(f"  {'':12s}" + "".join(f"{label:>11s}" for label in LABELS))
    for cls in CLASSES:
        print(f"  {cls:12s}" + "".join(f"{t.confusion[(cls, label)]:11d}" for label in LABELS))
    accuracy, f1 = label_agreement(t.confusion)
    print(f"  label agreement with the gold class: accuracy {accuracy:.4f}, macro-F1 {f1:.4f} (over the gold classes present)")


def label_agreement(confusion: Counter) -> tuple[float, float]:
    """Accuracy and macro-F1 of the labels (``confusion[(gold class, label)]``), the F1
    averaged over the gold classes that occur."""
    total = sum(confusion.values())
    accuracy = sum(confusion[(c, c)] for c in CLASSES) / total if total else 0.0
    f1s = []
    for c in CLASSES:
        gold = sum(confusion[(c, label)] for label in LABELS)
        if gold:
            called = sum(confusion[(g, c)] for g in CLASSES)
            f1s.append(2 * confusion[(c, c)] / (gold + called))
    return accuracy, float(np.mean(f1s)) if f1s else 0.0


def shipped_models(stories: Sequence[str]) -> Models:
    """The shipped models, named with the stories (ids) they were fitted on that are scored here."""
    links, calibration = load_link_model(), load_calibration()
    data = str(calibration.meta.get("data", ""))
    fitted_on = [s for s in stories if s in links.stories or re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", data)]
    note = f"; fitted on {', '.join(fitted_on)}, so their figures are in-sample (--loso for honest ones)" if fitted_on else ""
    return Models(links, calibration, f"shipped ({links.signature}, {calibration.signature}){note}")


def held_out_models(folders: Sequence[Path], encoder: Any, refresd: Path) -> dict[str, Models]:
    """For each story, a link model and a pair model fitted without it (``--loso``)."""
    import fit_calibration as recipe  # scripts/fit_calibration.py, beside this script

    stories = {f.name: read_gold_story(f) for f in folders}
    examples = {name: story_examples(story, encoder) for name, story in stories.items()}
    shipped = load_calibration()
    refresd_pairs, refresd_y = recipe.read_refresd(refresd)
    refresd_x, _ = evidence_for_pairs(refresd_pairs, encoder=encoder, calibration=shipped)
    candidates = from_dict({**shipped.to_dict(), "quote_words": recipe.QUOTE_GRID[0]})  # features as shipped
    story_items, story_x, story_y, story_diffs = {}, {}, {}, {}
    for name, story in stories.items():
        story_items[name] = items = [*recipe.gold_pairs(story), *recipe.unrelated_pairs(story)]
        story_x[name], story_diffs[name] = evidence_for_pairs([(p.a, p.b) for p in items], encoder=encoder, calibration=candidates)
        story_y[name] = recipe.story_targets(items)
    out = {}
    for held in stories:
        others = [name for name in stories if name != held]
        links = fit_link_model([examples[name] for name in others], note=f"without {held}")
        train_x, train_y = [story_x[n] for n in others], [story_y[n] for n in others]
        fitted = recipe.fit(refresd_x, refresd_y, train_x, train_y)
        fitted["unrelated_in_unit"] = recipe.unrelated_in_unit(
            recipe.held_out_probabilities(refresd_x, refresd_y, train_x, train_y), train_y
        )
        fitted["quote_words"] = recipe.quote_words(
            [p for n in others for p in story_items[n]], [d for n in others for d in story_diffs[n]],
            [stories[n] for n in others],
        )
        calibration = from_dict({**shipped.to_dict(), **fitted, "created": f"without {held}"})
        out[held] = Models(
            links, calibration,
            f"fitted without {held} (on {', '.join(others)} and REFreSD dev; quotation words from {calibration.quote_words})",
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", type=Path, help="a folder of gold story folders, or one story folder")
    parser.add_argument("--story", action="append", help="only these story ids (repeatable)")
    parser.add_argument("--gold-only", action="store_true", help="skip the system alignment")
    parser.add_argument("--detail", action="store_true", help="per-story tables too")
    parser.add_argument(
        "--loso", action="store_true",
        help="score each story with models fitted on the other gold stories (leave-one-story-out)",
    )
    parser.add_argument(
        "--refresd", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data" / "refresd" / "dev.tsv",
        help="REFreSD dev, for --loso (default: ../shared/data/refresd/dev.tsv beside the checkout)",
    )
    args = parser.parse_args()
    annotated = gold_folders(args.stories) if args.stories.is_dir() else []
    if not annotated:
        raise SystemExit(f"eval_drifts: no gold story (sentences.json and units.json) under {args.stories}")
    folders = [f for f in annotated if (f / "drifts.json").is_file()]
    if args.story:
        folders = [f for f in folders if f.name in args.story]
    for f in annotated:
        if f not in folders and (not args.story or f.name in args.story):
            print(f"{f.name}: no drifts.json, not scored")
    if not folders:
        raise SystemExit(f"eval_drifts: no gold story with drifts.json under {args.stories}")
    if args.loso and len(annotated) < 2:
        raise SystemExit(f"eval_drifts: --loso needs two or more gold stories under {args.stories}")
    if args.loso and not args.refresd.is_file():
        raise SystemExit(f"eval_drifts: --loso needs REFreSD dev; {args.refresd} is not a file (--refresd PATH)")
    started = time.time()
    for folder in annotated:
        read_gold_story(folder)  # a malformed gold folder stops the run before the model loads
    encoder = get_encoder()
    if args.loso:
        models = held_out_models(annotated, encoder, args.refresd)
    else:
        shipped = shipped_models([read_gold_story(f).id for f in folders])
        models = {f.name: shipped for f in folders}
        print(f"models: {shipped.name}")
    totals = {"gold alignment": Tally(), "system alignment": Tally()}
    counts: dict[str, int] = defaultdict(int)
    for folder in folders:
        gold = read_gold(folder)
        fold = models[folder.name]
        runs = {"gold alignment": gold_aligned(gold, encoder, fold)}
        if not args.gold_only:
            runs["system alignment"] = system_aligned(gold, encoder, fold)
        print(f"== {folder.name}: {len(gold.drifts)} gold drifts, {len(gold.pairs)} gold pairs")
        if args.loso:
            print(f"models: {fold.name}")
        for name, (pairs, diffs, leading) in runs.items():
            t = tally(gold, pairs, diffs, leading)
            totals[name].add(t)
            counts[name] += len(diffs)
            print_tally(f"{name} ({len(pairs)} pairs)", t, len(diffs), args.detail)
    print()
    print(f"== all {len(folders)} stories ({time.time() - started:.0f} s){', leave-one-story-out' if args.loso else ''}")
    for name, t in totals.items():
        if counts[name]:
            print_tally(name, t, counts[name], True)
            print()
    print(REFERENCE)


if __name__ == "__main__":
    try:
        main()
    except DriftError as exc:  # a gold folder that cannot be read: one line, no traceback
        sys.exit(f"eval_drifts: {exc.one_line()}")
