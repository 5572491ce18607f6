"""The data model that flows through drift's pipeline.

Everything is a small frozen dataclass. Text positions are character offsets into the
version's original (decoded) text, as in spaCy: ``version.text[s.start:s.end] == s.text``
for every sentence ``s``, so every result maps back to what the user gave.

Stages return new objects rather than mutating: ``segment(story)`` returns a Story whose
versions carry sentences, ``align`` returns units, and so on.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Iterator, Mapping, TypeVar

from drift.errors import ReportError
from drift.score.vocab import ALL_TYPES, LABELS, METRICS

K = TypeVar("K")
V = TypeVar("V")


class FrozenMapping(Mapping[K, V]):
    """A read-only mapping that, unlike ``types.MappingProxyType``, pickles and deep-copies,
    so stories and reports can go to worker processes and into notebooks' copies."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        self._data = dict(data or {})

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"FrozenMapping({self._data!r})"


def _frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return FrozenMapping(value)


def _short(text: str, width: int = 60) -> str:
    """``text`` cut to ``width`` characters, for reprs that stay one line."""
    return repr(text if len(text) <= width else text[: width - 1] + "…")


@dataclass(frozen=True)
class Sentence:
    """One sentence (or headline, or boilerplate line) of a version.

    ``index`` is the sentence's position in its version (0-based, boilerplate included);
    ``start``/``end`` are character offsets into ``Version.text``. ``language`` is the
    sentence's own language where it differs from its version's (a version that mixes
    languages), else None.
    """

    version: str
    index: int
    start: int
    end: int
    text: str
    boilerplate: bool = False
    language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "boilerplate": self.boilerplate,
        }
        if self.language is not None:
            out["language"] = self.language
        return out

    @classmethod
    def from_dict(cls, version: str, data: Mapping[str, Any]) -> "Sentence":
        return cls(
            version, data["index"], data["start"], data["end"], data["text"], data.get("boilerplate", False),
            data.get("language"),
        )


# Metadata fields a Version knows by name; anything else goes to ``metadata``.
VERSION_FIELDS = ("translated_from", "outlet", "url", "published")


@dataclass(frozen=True)
class Version:
    """One version (rewrite or translation) of a story.

    ``text`` is the text exactly as read and decoded; ``language`` is an ISO 639-1 code,
    given by the user or detected (then ``language_detected`` is True).
    """

    id: str
    text: str
    language: str
    translated_from: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    language_detected: bool = False
    source: str | None = None
    sentences: tuple[Sentence, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "metadata", _frozen_mapping(self.metadata))

    def __repr__(self) -> str:
        return (f"Version(id={self.id!r}, language={self.language!r}, chars={len(self.text)}, "
                f"sentences={len(self.sentences)})")

    @property
    def content_sentences(self) -> tuple[Sentence, ...]:
        """Sentences that are not boilerplate: what gets aligned and scored."""
        return tuple(s for s in self.sentences if not s.boilerplate)

    def with_sentences(self, sentences: tuple[Sentence, ...]) -> "Version":
        return replace(self, sentences=tuple(sentences))

    def header_dict(self) -> dict[str, Any]:
        """The version's identity and provenance, without text or sentences."""
        out: dict[str, Any] = {"id": self.id, "language": self.language}
        for name in VERSION_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.language_detected:
            out["language_detected"] = True
        if self.metadata:
            out["metadata"] = dict(self.metadata)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Identity, provenance, the full text (every offset points into it), sentences."""
        out = self.header_dict()
        out["text"] = self.text
        out["sentences"] = [s.to_dict() for s in self.sentences]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Version":
        """The inverse of :meth:`to_dict`."""
        return cls(
            id=data["id"],
            text=data["text"],
            language=data["language"],
            **{name: data.get(name) for name in VERSION_FIELDS},
            metadata=data.get("metadata") or {},
            language_detected=bool(data.get("language_detected", False)),
            sentences=tuple(Sentence.from_dict(data["id"], s) for s in data.get("sentences", ())),
        )


@dataclass(frozen=True)
class Story:
    """One story: two or more versions of the same news item."""

    id: str
    versions: tuple[Version, ...]
    title: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "versions", tuple(self.versions))
        object.__setattr__(self, "metadata", _frozen_mapping(self.metadata))

    def __repr__(self) -> str:
        title = f", title={_short(self.title)}" if self.title is not None else ""
        return f"Story(id={self.id!r}, versions={list(self.version_ids)}{title})"

    def version(self, version_id: str) -> Version:
        for v in self.versions:
            if v.id == version_id:
                return v
        raise KeyError(version_id)

    @property
    def version_ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.versions)

    def with_versions(self, versions: tuple[Version, ...]) -> "Story":
        return replace(self, versions=tuple(versions))

    def header_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id}
        if self.title is not None:
            out["title"] = self.title
        if self.metadata:
            out["metadata"] = dict(self.metadata)
        return out


@dataclass(frozen=True)
class Side:
    """One side of an aligned pair: the sentences one version contributes to a unit, in
    ``language`` (see :meth:`language_of`).

    ``text`` joins the sentences with one space, the form models and detectors read;
    ``to_version_offset`` maps a position in ``text`` back to the version's original text,
    so every difference a detector finds points into what the user gave.
    """

    version: str
    language: str
    sentences: tuple[Sentence, ...]

    def __repr__(self) -> str:
        return f"Side(version={self.version!r}, sentences={list(self.indices)}, text={_short(self.text)})"

    @cached_property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def indices(self) -> tuple[int, ...]:
        return tuple(s.index for s in self.sentences)

    @cached_property
    def _cursors(self) -> list[int]:
        """Where each sentence starts in ``text`` (sentences are joined by one space)."""
        out, cursor = [], 0
        for sentence in self.sentences:
            out.append(cursor)
            cursor += sentence.end - sentence.start + 1
        return out

    def to_version_offset(self, position: int) -> int:
        """Map a character position in ``text`` to one in the version's original text."""
        if not self.sentences:
            return 0
        i = max(bisect_right(self._cursors, position) - 1, 0)
        sentence, cursor = self.sentences[i], self._cursors[i]
        if position <= cursor + sentence.end - sentence.start:
            return sentence.start + max(0, position - cursor)
        return self.sentences[-1].end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of ``text`` to version offsets."""
        return self.to_version_offset(start), self.to_version_offset(end)

    def version_spans(self, spans: Any) -> Any:
        """``span`` of every ``(start, end)`` in ``spans`` at once, as an ``(n, 2)`` int
        array: scoring maps every word of every pair, 50,000 calls of ``span`` a story."""
        import numpy as np  # here: the command line's start does not load numpy

        positions = np.asarray(spans, dtype=np.int64).reshape(-1)
        if not self.sentences:
            return np.zeros((len(positions) // 2, 2), dtype=np.int64)
        cursors = np.asarray(self._cursors)
        lengths = np.asarray([s.end - s.start for s in self.sentences])
        starts = np.asarray([s.start for s in self.sentences])
        i = np.maximum(np.searchsorted(cursors, positions, side="right") - 1, 0)
        inside = positions <= cursors[i] + lengths[i]
        mapped = np.where(inside, starts[i] + np.maximum(0, positions - cursors[i]), self.sentences[-1].end)
        return mapped.reshape(-1, 2)

    def to_dict(self) -> dict[str, Any]:
        """Version and sentence indices; the side's language too when its version mixes
        languages (else it is the version's)."""
        out: dict[str, Any] = {"version": self.version, "sentences": list(self.indices)}
        if any(s.language is not None for s in self.sentences):
            out["language"] = self.language
        return out

    @staticmethod
    def language_of(version_language: str, sentences: tuple[Sentence, ...]) -> str:
        """The language of most of the sentences' characters (each sentence's own, or the
        version's): what same-language metrics and detectors read the side as."""
        weight: dict[str, int] = {}
        for s in sentences:
            code = s.language or version_language
            weight[code] = weight.get(code, 0) + s.end - s.start
        return max(weight, key=weight.__getitem__) if weight else version_language


@dataclass(frozen=True)
class Difference:
    """A stretch of words that carries a meaning difference between two sides.

    ``start``/``end`` are offsets into the original text of ``version``; ``type`` is one of
    the registered drift types (see ``drift.score.detectors``); ``score`` is in [0, 1];
    ``severity`` estimates how much the meaning changes, 0 (not at all: a name variant) to
    3 (a contradiction), as in the story gold.
    """

    version: str
    start: int
    end: int
    text: str
    type: str
    score: float
    severity: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "score": round(float(self.score), 4),
            "severity": self.severity,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Difference":
        if data["type"] not in ALL_TYPES:
            raise ReportError(f"difference type {data['type']!r} is not one of {', '.join(ALL_TYPES)}")
        return cls(data["version"], data["start"], data["end"], data["text"], data["type"], data["score"],
                   data.get("severity", 1))


@dataclass(frozen=True)
class WordScore:
    """One word of a pair's side: offsets into its version's text and the probability
    (calibrated, ``drift.score.calibration``) that its meaning has no counterpart."""

    start: int
    end: int
    text: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "score": round(float(self.score), 4)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "WordScore":
        return cls(data["start"], data["end"], data["text"], data["score"])


@dataclass(frozen=True)
class Metrics:
    """sacrebleu's sentence chrF, TER and BLEU of side b against side a; None across
    languages and for a metric the configuration left out (``drift.score.metrics``)."""

    chrf: float | None = None
    ter: float | None = None
    bleu: float | None = None

    def to_dict(self) -> dict[str, float | None]:
        return {name: getattr(self, name) for name in METRICS}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> "Metrics":
        return cls(**{name: (data or {}).get(name) for name in METRICS})


@dataclass(frozen=True)
class PairScore:
    """What the scoring stage says about a pair (``drift.score.pair``).

    ``drift`` is in [0, 1]; ``label`` one of ``LABELS`` (``drift.score.vocab``);
    ``differences`` carry version offsets; ``words_a``/``words_b`` score every word of
    each side.
    """

    drift: float
    label: str
    differences: tuple[Difference, ...] = ()
    metrics: Metrics = Metrics()
    words_a: tuple[WordScore, ...] = ()
    words_b: tuple[WordScore, ...] = ()

    def __repr__(self) -> str:
        return (f"PairScore(drift={self.drift}, label={self.label!r}, differences={len(self.differences)}, "
                f"words={len(self.words_a)}+{len(self.words_b)})")

    def __post_init__(self) -> None:
        if self.label not in LABELS:
            raise ReportError(f"pair label {self.label!r} is not one of {', '.join(LABELS)}")
        for name in ("differences", "words_a", "words_b"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "drift": round(float(self.drift), 4),
            "label": self.label,
            "differences": [d.to_dict() for d in self.differences],
            "metrics": self.metrics.to_dict(),
            "words_a": [w.to_dict() for w in self.words_a],
            "words_b": [w.to_dict() for w in self.words_b],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "PairScore":
        return cls(
            drift=data["drift"],
            label=data["label"],
            differences=tuple(Difference.from_dict(d) for d in data.get("differences", ())),
            metrics=Metrics.from_dict(data.get("metrics")),
            words_a=tuple(WordScore.from_dict(w) for w in data.get("words_a", ())),
            words_b=tuple(WordScore.from_dict(w) for w in data.get("words_b", ())),
        )


@dataclass(frozen=True)
class Unit:
    """Sentences of several versions that carry the same content.

    ``members`` maps each version id present in the unit to its sentence indices (sorted).
    A version absent from ``members`` has nothing for this content (an omission there).
    ``confidence`` (story aligner only) is the mean link probability of the unit's
    sentences of different versions; ``links`` holds, per two versions in the unit,
    ``(version_a, version_b, mean link probability of their sentences)``.
    """

    id: int
    members: Mapping[str, tuple[int, ...]]
    confidence: float | None = None
    links: tuple[tuple[str, str, float], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "members",
            FrozenMapping({k: tuple(sorted(v)) for k, v in self.members.items() if v}),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "members": {k: list(v) for k, v in self.members.items()},
            "confidence": None if self.confidence is None else round(float(self.confidence), 4),
        }

    def link(self, a: str, b: str) -> float | None:
        """The mean link probability between versions a and b in this unit, if known."""
        for x, y, p in self.links:
            if {x, y} == {a, b}:
                return p
        return None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Unit":
        return cls(data["id"], {k: tuple(v) for k, v in data["members"].items()}, data.get("confidence"))


@dataclass(frozen=True)
class Pair:
    """Two versions' sides of one unit, compared.

    ``similarity`` is the cosine of the two sides' sentence vectors (a multi-sentence side
    is the normalised mean of its sentence vectors). ``score`` is what the scoring stage
    adds (drift, label, differences, metrics, word scores); None until then. ``link`` is
    the story aligner's mean probability that the two sides carry the same fact (None from
    a bitext mode).
    """

    unit: int
    a: Side
    b: Side
    similarity: float
    score: PairScore | None = None
    link: float | None = None

    def __repr__(self) -> str:
        scored = f", drift={self.drift}, label={self.label!r}" if self.score else ""
        return (f"Pair(unit={self.unit}, a={self.a.version!r}{list(self.a.indices)}, "
                f"b={self.b.version!r}{list(self.b.indices)}, similarity={self.similarity:.4f}{scored})")

    @property
    def drift(self) -> float | None:
        return self.score.drift if self.score else None

    @property
    def label(self) -> str | None:
        return self.score.label if self.score else None

    @property
    def differences(self) -> tuple[Difference, ...]:
        return self.score.differences if self.score else ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "unit": self.unit,
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "similarity": round(float(self.similarity), 4),
            "link_probability": None if self.link is None else round(float(self.link), 4),
        }
        if self.score is not None:
            out.update(self.score.to_dict())
        return out


REPORT_SCHEMA = "drift-report/1"


@dataclass(frozen=True)
class Report:
    """The result of analysing one story: what every view and export is made from.

    ``story`` carries segmented versions; ``units`` group aligned sentences across
    versions; ``pairs`` compare every two versions present in a unit; ``signature`` names
    what produced it (drift version, model, alignment mode, calibration, metrics) so it can
    be cited, and ``metric_signatures`` gives sacrebleu's signature of each lexical metric
    per language (``drift.signature``).
    """

    story: Story
    units: tuple[Unit, ...]
    pairs: tuple[Pair, ...]
    signature: str
    metric_signatures: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "units", tuple(self.units))
        object.__setattr__(self, "pairs", tuple(self.pairs))
        object.__setattr__(
            self, "metric_signatures", FrozenMapping({k: FrozenMapping(v) for k, v in self.metric_signatures.items()})
        )

    def __repr__(self) -> str:
        return (f"Report(story={self.story.id!r}, versions={len(self.story.versions)}, units={len(self.units)}, "
                f"pairs={len(self.pairs)}, signature={self.signature!r})")

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (schema ``drift-report/1``); every view reads this."""
        out: dict[str, Any] = {"schema": REPORT_SCHEMA, "signature": self.signature}
        if self.metric_signatures:
            out["metric_signatures"] = {k: dict(v) for k, v in self.metric_signatures.items()}
        return out | {
            "story": self.story.header_dict(),
            "versions": [v.to_dict() for v in self.story.versions],
            "units": [u.to_dict() for u in self.units],
            "pairs": [p.to_dict() for p in self.pairs],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Report":
        """The inverse of :meth:`to_dict`, for a report read back from JSON (fields a later
        stage added, such as ``drift batch``'s ``input_sha256``, are not kept).

        Raises ReportError when ``data`` is not a ``drift-report/1`` report.
        """
        if not isinstance(data, Mapping) or data.get("schema") != REPORT_SCHEMA:
            found = data.get("schema") if isinstance(data, Mapping) else type(data).__name__
            raise ReportError(f"not a {REPORT_SCHEMA} report (schema: {found!r})")
        try:
            versions = tuple(Version.from_dict(v) for v in data["versions"])
            story = Story(
                id=data["story"]["id"], versions=versions, title=data["story"].get("title"),
                metadata=data["story"].get("metadata") or {},
            )
            pairs = tuple(_pair_from_dict(story, p) for p in data["pairs"])
            units = tuple(Unit.from_dict(u) for u in data["units"])
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise ReportError(f"malformed {REPORT_SCHEMA} report: {type(exc).__name__}: {exc}") from None
        return cls(
            story=story, units=units, pairs=pairs, signature=data["signature"],
            metric_signatures=data.get("metric_signatures") or {},
        )


def _pair_from_dict(story: Story, data: Mapping[str, Any]) -> Pair:
    """A report dict's pair, its sides rebuilt from the story's sentences."""
    sides = []
    for key in ("a", "b"):
        version = story.version(data[key]["version"])
        sentences = tuple(version.sentences[i] for i in data[key]["sentences"])
        sides.append(Side(version.id, Side.language_of(version.language, sentences), sentences))
    score = PairScore.from_dict(data) if data.get("drift") is not None else None
    return Pair(data["unit"], sides[0], sides[1], data["similarity"], score, data.get("link_probability"))
