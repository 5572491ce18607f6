"""The data model that flows through drift's pipeline.

Everything is a small frozen dataclass. Text positions are character offsets into the
version's original (decoded) text, as in spaCy: ``version.text[s.start:s.end] == s.text``
for every sentence ``s``, so every result maps back to what the user gave.

Stages return new objects rather than mutating: ``segment(story)`` returns a Story whose
versions carry sentences, ``align`` returns units, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Mapping


def _frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True)
class Sentence:
    """One sentence (or headline, or boilerplate line) of a version.

    ``index`` is the sentence's position in its version (0-based, boilerplate included);
    ``start``/``end`` are character offsets into ``Version.text``.
    """

    version: str
    index: int
    start: int
    end: int
    text: str
    boilerplate: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "boilerplate": self.boilerplate,
        }


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
    """One side of an aligned pair: the sentences one version contributes to a unit.

    ``text`` joins the sentences with one space, the form models and detectors read;
    ``to_version_offset`` maps a position in ``text`` back to the version's original text,
    so every difference a detector finds points into what the user gave.
    """

    version: str
    language: str
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def indices(self) -> tuple[int, ...]:
        return tuple(s.index for s in self.sentences)

    def to_version_offset(self, position: int) -> int:
        """Map a character position in ``text`` to one in the version's original text."""
        cursor = 0
        for sentence in self.sentences:
            length = sentence.end - sentence.start
            if position <= cursor + length:
                return sentence.start + max(0, position - cursor)
            cursor += length + 1  # the joining space
        return self.sentences[-1].end if self.sentences else 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of ``text`` to version offsets."""
        return self.to_version_offset(start), self.to_version_offset(end)


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


@dataclass(frozen=True)
class Unit:
    """Sentences of several versions that carry the same content.

    ``members`` maps each version id present in the unit to its sentence indices (sorted).
    A version absent from ``members`` has nothing for this content (an omission there).
    """

    id: int
    members: Mapping[str, tuple[int, ...]]

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "members",
            MappingProxyType({k: tuple(sorted(v)) for k, v in self.members.items() if v}),
        )

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "members": {k: list(v) for k, v in self.members.items()}}


@dataclass(frozen=True)
class Pair:
    """Two versions' sides of one unit, compared.

    ``similarity`` is the cosine of the two sides' sentence vectors (a multi-sentence side
    is the normalised mean of its sentence vectors). ``scores`` holds what the scoring stage
    adds (drift, label, differences, metrics, words); empty until then.
    """

    unit: int
    a: Side
    b: Side
    similarity: float
    scores: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "scores", _frozen_mapping(self.scores))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "unit": self.unit,
            "a": {"version": self.a.version, "sentences": list(self.a.indices)},
            "b": {"version": self.b.version, "sentences": list(self.b.indices)},
            "similarity": round(float(self.similarity), 4),
        }
        out.update(self.scores)
        return out


REPORT_SCHEMA = "drift-report/1"


@dataclass(frozen=True)
class Report:
    """The result of analysing one story: what every view and export is made from.

    ``story`` carries segmented versions; ``units`` group aligned sentences across
    versions; ``pairs`` compare every two versions present in a unit; ``signature`` names
    what produced it (drift version, model, alignment mode, calibration) so it can be cited.
    """

    story: Story
    units: tuple[Unit, ...]
    pairs: tuple[Pair, ...]
    signature: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "units", tuple(self.units))
        object.__setattr__(self, "pairs", tuple(self.pairs))

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (schema ``drift-report/1``); every view reads this."""
        return {
            "schema": REPORT_SCHEMA,
            "signature": self.signature,
            "story": self.story.header_dict(),
            "versions": [v.to_dict() for v in self.story.versions],
            "units": [u.to_dict() for u in self.units],
            "pairs": [p.to_dict() for p in self.pairs],
        }

    def to_dataset_dict(self) -> Any:
        """The report as a ``datasets.DatasetDict`` (versions, sentences, units, pairs)."""
        from drift.export import to_dataset_dict

        return to_dataset_dict(self)

    def to_pandas(self, table: str = "pairs") -> Any:
        """One table (``"pairs"``, ``"units"``, ``"sentences"`` or ``"versions"``) as a
        pandas DataFrame, for notebooks."""
        from drift.export import to_pandas

        return to_pandas(self, table)
