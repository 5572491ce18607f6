"""Read stories: a folder of text files, a JSONL corpus, or a Hugging Face dataset.

A story is two or more versions of one news item. Three sources are supported:

* a **folder** with one ``.txt`` file per version and an optional ``story.toml`` manifest
  (format below) giving the story's id and title and each version's metadata and order;
* a **JSONL corpus**, one story per line:
  ``{"id", "title"?, "versions": [{"id", "text", "language"?, "translated_from"?,
  "outlet"?, "url"?, "published"?, "metadata"?, ...}]}`` (unknown version keys go to the
  version's ``metadata``);
* a **Hugging Face** ``datasets.Dataset`` whose rows have the JSONL fields.

Manifest (``story.toml``)::

    id = "kim-putin-2023"            # default: the folder's name
    title = "Kim Jong Un arrives in Russia"
    license = "CC-BY-4.0"            # optional; any other key goes to the story metadata

    [[versions]]                     # optional; without it every *.txt is read, by name
    id = "v000"                      # default: the file's stem
    file = "v000.txt"
    language = "en"                  # default: detected
    translated_from = "fr"
    outlet = "La Presse"
    url = "https://..."
    published = 2023-09-12
    metadata = { wire = "AFP" }

Text files are decoded as UTF-8 (a byte-order mark is dropped; UTF-16 with a BOM is
accepted). A file that is not UTF-8 is decoded as UTF-16 when it is that without a BOM, else
with the encoding charset-normalizer identifies (cp1251 Russian, Latin-1, Shift JIS...; a
fixed fallback such as cp1252 would turn Cyrillic into mojibake that language detection then
calls Yoruba) or with a given fallback encoding, and a warning names it, unless the fallback
is switched off (strict); bytes no encoding explains, or a binary file, are refused.
Nothing is ever decoded lossily. The decoded text is kept exactly (line endings included):
every offset drift reports points into it.
"""

from __future__ import annotations

import codecs
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from drift.errors import (
    ConfigError,
    CorpusLineError,
    EncodingError,
    InputError,
    ManifestError,
    MarkupError,
    TooFewVersionsError,
)
from drift.languages import detect_language, normalise_language
from drift.types import VERSION_FIELDS, Story, Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

log = logging.getLogger("drift")

MANIFEST_NAME = "story.toml"
# For files that are not UTF-8: "auto" asks charset-normalizer which encoding they are in.
AUTO_ENCODING = "auto"
DEFAULT_FALLBACK_ENCODING = AUTO_ENCODING
# A news article is well under 1 MB of text; 10 MB (about 1.5 million words) is far beyond
# any real version and guards against being handed a dump or a binary by mistake.
MAX_VERSION_BYTES = 10 * 1024 * 1024

# Control characters that never occur in text (everything below U+0020 except tab, line
# feed, vertical tab, form feed and carriage return); their presence means binary data.
_TEXT_CONTROLS = {"\t", "\n", "\x0b", "\x0c", "\r"}


def _looks_binary(text: str) -> bool:
    return any(ch < " " and ch not in _TEXT_CONTROLS for ch in text)


# An HTML page given as a version is refused rather than analysed: its doctype, scripts and
# styles would become sentences, and extracting the article is a job of its own (a tool
# such as trafilatura does it well) whose output drift then reads as plain text. A page is
# recognised by a document tag, or by lines that open with a block tag (three or more, and
# at least a fifth of the lines): a news text that quotes a tag or says "a <b> c" is not.
_DOCUMENT_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|\?xml)[\s>]", re.IGNORECASE)
_BLOCK_TAG_LINE = re.compile(
    r"^[ \t]*</?(?:p|div|h[1-6]|li|ul|ol|table|tr|td|script|style|section|article|header|footer|nav|span|a|br|img|meta|link)\b[^>]*>",
    re.IGNORECASE | re.MULTILINE,
)


def _markup(text: str) -> str | None:
    """The tag that shows ``text`` is an HTML or XML page, or None for plain text."""
    document = _DOCUMENT_TAG.search(text)
    if document:
        return document.group().rstrip(" \t\r\n>") + ">"
    tags = _BLOCK_TAG_LINE.findall(text)
    lines = sum(1 for line in text.splitlines() if line.strip())
    if len(tags) >= 3 and len(tags) >= lines / 5:
        return tags[0].strip()
    return None


def decode_text(
    data: bytes,
    *,
    where: str,
    fallback_encoding: str | None = DEFAULT_FALLBACK_ENCODING,
) -> str:
    """Decode the bytes of one version, refusing binary data and never garbling.

    Args:
        data: the file's bytes.
        where: a name for error messages (a path, or ``corpus.jsonl:12``).
        fallback_encoding: for bytes that are not UTF-8: ``"auto"`` (detect it with
            charset-normalizer), a codec name, or ``None`` to refuse them.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingError(f"invalid UTF-16 at byte {exc.start}", path=where) from None
    elif b"\x00" in data:
        encoding, text = _bomless_utf16(data)
        if encoding is None:
            raise EncodingError("binary file (contains NUL bytes), expected text", path=where)
        if fallback_encoding is None:
            raise EncodingError(
                f"{encoding.upper()} without a byte-order mark, not UTF-8; re-encode it as UTF-8 "
                "or allow a fallback encoding",
                path=where,
            )
        log.warning("%s: not valid UTF-8, decoded as %s (it has no byte-order mark)", where, encoding)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if fallback_encoding is None:
                raise EncodingError(
                    f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                    "re-encode it as UTF-8 or allow a fallback encoding",
                    path=where,
                ) from None
            encoding = _detect_encoding(data, where) if fallback_encoding == AUTO_ENCODING else fallback_encoding
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc2:
                raise EncodingError(
                    f"neither UTF-8 nor {encoding} (byte 0x{data[exc2.start]:02x} "
                    f"at offset {exc2.start}); re-encode it as UTF-8",
                    path=where,
                ) from None
            log.warning("%s: not valid UTF-8, decoded as %s", where, encoding)
    if _looks_binary(text):
        raise EncodingError("binary file (contains control characters), expected text", path=where)
    return text


def _bomless_utf16(data: bytes) -> tuple[str, str] | tuple[None, None]:
    """``(encoding, text)`` when ``data`` is UTF-16 text without a byte-order mark (as some
    Windows tools save it), else ``(None, None)``: its NUL bytes are the high bytes of
    Latin-script characters, all on one side; a binary file decodes to control characters."""
    if len(data) % 2:
        return None, None
    encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None, None
    return (None, None) if _looks_binary(text) else (encoding, text)


# Where charset-normalizer finds several encodings equally plausible (short Western
# European texts read alike as cp1250 and cp1252), the one most news files are in.
_PREFERRED_ENCODING = "cp1252"


def _detect_encoding(data: bytes, where: str) -> str:
    """The encoding charset-normalizer finds most plausible for ``data``."""
    from charset_normalizer import from_bytes

    results = list(from_bytes(data))
    if not results:
        raise EncodingError("not UTF-8, and no other text encoding fits it; re-encode it as UTF-8", path=where)
    best = results[0]
    tied = [r.encoding for r in results if (r.chaos, r.coherence) == (best.chaos, best.coherence)]
    return _PREFERRED_ENCODING if _PREFERRED_ENCODING in tied else best.encoding


def read_text_file(
    path: Path,
    *,
    fallback_encoding: str | None = DEFAULT_FALLBACK_ENCODING,
    max_bytes: int = MAX_VERSION_BYTES,
) -> str:
    """Read and decode one version file (see :func:`decode_text`)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=str(path)) from None
    if size > max_bytes:
        raise InputError(
            f"file is {size:,} bytes, over the limit of {max_bytes:,} for one version",
            path=str(path),
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=str(path)) from None
    return decode_text(data, where=str(path), fallback_encoding=fallback_encoding)


def _optional_str(value: Any) -> str | None:
    """Metadata values as strings (TOML dates become ISO dates)."""
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _id(kind: str, value: Any, where: str) -> str:
    """An id as a string: a non-empty string or an integer, else an InputError naming ``where``."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        raise InputError(f"{kind} id must be a non-empty string, got {value!r}", path=where)
    return str(value)


def _json_safe(value: Any) -> Any:
    """Metadata as JSON-ready values: TOML dates and times become ISO strings."""
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def make_version(
    version_id: str,
    text: str,
    *,
    language: str | None = None,
    where: str | None = None,
    source: str | None = None,
    fields: Mapping[str, Any] | None = None,
) -> Version:
    """Build a Version, checking its text and language.

    ``fields`` holds the named provenance fields (``translated_from``, ``outlet``,
    ``url``, ``published``), ``metadata`` (a mapping), and any other key (a manifest's or a
    record's own), which goes to metadata.
    """
    where = where or f"version {version_id}"
    version_id = _id("version", version_id, where)
    if not isinstance(text, str):
        raise InputError(f"version {version_id!r}: text must be a string", path=where)
    if not text.strip():
        raise InputError(f"version {version_id!r} is empty (only whitespace)", path=where)
    if _looks_binary(text):
        raise EncodingError(f"version {version_id!r} holds binary data", path=where)
    tag = _markup(text)
    if tag is not None:
        raise MarkupError(
            f"version {version_id!r} is an HTML page ({tag[:40]}); drift reads plain text: "
            "extract the article's text first",
            path=where,
        )
    fields = dict(fields or {})
    metadata = fields.pop("metadata", None) or {}
    if not isinstance(metadata, Mapping):
        raise InputError(f"version {version_id!r}: 'metadata' must be a table of keys and values", path=where)
    metadata = dict(metadata)
    for name in VERSION_FIELDS:  # a list or a table would be written as Python's repr
        if isinstance(fields.get(name), (Mapping, list, tuple, set)):
            raise InputError(
                f"version {version_id!r}: {name!r} must be a single value, got {type(fields[name]).__name__}",
                path=where,
            )
    named = {name: _optional_str(fields.pop(name, None)) for name in VERSION_FIELDS}
    metadata.update({str(k): v for k, v in fields.items() if v is not None})
    metadata = _json_safe(metadata)
    if named["translated_from"] is not None:
        named["translated_from"] = normalise_language(named["translated_from"], where=where)
    if language:
        return Version(
            id=version_id, text=text, language=normalise_language(language, where=where),
            metadata=metadata, source=source, **named,
        )
    return Version(
        id=version_id, text=text, language=detect_language(text, where=where),
        language_detected=True, metadata=metadata, source=source, **named,
    )


def make_story(
    story_id: str,
    versions: Sequence[Version],
    *,
    title: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    where: str | None = None,
) -> Story:
    """Build a Story, checking it has two or more versions with distinct ids."""
    where = where or f"story {story_id}"
    story_id = _id("story", story_id, where)
    if title is not None and not isinstance(title, str):
        raise InputError(f"story {story_id!r}: 'title' must be a string, got {type(title).__name__}", path=where)
    _check_count(story_id, len(versions), where)
    seen: set[str] = set()
    for version in versions:
        if version.id in seen:
            raise InputError(f"story {story_id!r} has two versions with id {version.id!r}", path=where)
        seen.add(version.id)
    return Story(
        id=story_id, versions=tuple(versions), title=title, metadata=_json_safe(metadata or {})
    )


def story_from_texts(
    texts: Mapping[str, str] | Sequence[str],
    *,
    story_id: str = "story",
    languages: Mapping[str, str] | Sequence[str] | str | None = None,
    title: str | None = None,
) -> Story:
    """Build a story from texts in memory, for research scripts.

    Args:
        texts: version id -> text, or a list of texts (ids become ``v0``, ``v1``, ...).
        languages: one code for all versions, a mapping by id, a list in order, or
            ``None`` to detect each version's language.
    """
    if isinstance(texts, str) or not isinstance(texts, (Mapping, Sequence)):
        raise ConfigError(
            f"texts must be a mapping of version id to text or a list of texts, got {type(texts).__name__}"
        )
    items = list(texts.items()) if isinstance(texts, Mapping) else [
        (f"v{i}", text) for i, text in enumerate(texts)
    ]
    if isinstance(languages, str) or languages is None:
        langs = {vid: languages for vid, _ in items}
    elif isinstance(languages, Mapping):
        langs = dict(languages)
    elif isinstance(languages, Sequence) and len(languages) == len(items):
        langs = {vid: lang for (vid, _), lang in zip(items, languages)}
    else:
        raise ConfigError(
            f"languages must be one code, a mapping by version id or a list of {len(items)} codes (one per text), "
            f"got {type(languages).__name__}{f' of {len(languages)}' if isinstance(languages, Sequence) else ''}"
        )
    versions = [make_version(vid, text, language=langs.get(vid)) for vid, text in items]
    return make_story(story_id, versions, title=title)


def _read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ManifestError(f"cannot read file: {exc.strerror}", path=str(path)) from None
    try:  # TOML is UTF-8; a BOM (as Windows editors write it) is dropped
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); TOML files are UTF-8",
            path=str(path),
        ) from None
    try:
        manifest = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"malformed TOML: {exc}", path=str(path)) from None
    versions = manifest.get("versions", [])
    if not isinstance(versions, list) or not all(isinstance(v, dict) for v in versions):
        raise ManifestError("'versions' must be an array of tables ([[versions]])", path=str(path))
    return manifest


def _not_a_file(path: Path) -> str | None:
    """What ``path`` is when it is no regular file (for the error), else None."""
    if path.is_file():
        return None
    if path.is_dir():
        return "a folder"
    if path.is_symlink():
        return "a broken or looping link"
    return "a pipe or device" if path.exists() else "a missing file"


def load_folder(
    folder: str | Path,
    *,
    language: str | None = None,
    fallback_encoding: str | None = DEFAULT_FALLBACK_ENCODING,
    max_bytes: int = MAX_VERSION_BYTES,
) -> Story:
    """Read a story folder: one ``.txt`` per version, plus an optional ``story.toml``.

    Args:
        language: a language for versions the manifest gives none for (default: detect).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("not a folder", path=str(folder))
    manifest = _read_manifest(folder)
    entries = manifest.get("versions") or [{"file": p.name} for p in sorted(folder.glob("*.txt"))]
    # Counted before any file is read: a story of one version is refused for that, not for
    # what reading its text (its encoding, its language) finds.
    _check_count(str(manifest.get("id", folder.name)), len(entries), str(folder))
    manifest_path = str(folder / MANIFEST_NAME)
    inside = folder.resolve()
    versions = []
    for entry in entries:
        entry = dict(entry)
        file_name = entry.pop("file", None)
        if not file_name or not isinstance(file_name, str):
            raise ManifestError("a [[versions]] entry has no 'file'", path=manifest_path)
        path = folder / file_name
        # A version is the story's own text: a path (or a symlink) leading out of the folder
        # would put any file of the machine into reports, exports and Hub uploads.
        try:
            outside = not path.resolve().is_relative_to(inside)
        except (OSError, RuntimeError):  # a symlink loop: refused below as no file
            outside = False
        if outside:
            raise ManifestError(
                f"version file {file_name!r} lies outside the story folder; versions must be files inside it",
                path=manifest_path if manifest.get("versions") else str(path),
            )
        kind = _not_a_file(path)
        if kind and not manifest.get("versions"):  # a folder, a pipe or a broken link named like a version
            raise InputError(f"is {kind}; expected a version's text file", path=str(path))
        if kind:
            raise ManifestError(f"names {kind} {file_name!r}", path=manifest_path)
        text = read_text_file(path, fallback_encoding=fallback_encoding, max_bytes=max_bytes)
        version_id = entry.pop("id", Path(file_name).stem)
        versions.append(
            make_version(
                version_id, text, language=entry.pop("language", None) or language,
                where=str(path), source=str(path), fields=entry,
            )
        )
    story_meta = {k: v for k, v in manifest.items() if k not in ("id", "title", "versions")}
    return make_story(
        manifest.get("id", folder.name), versions, title=manifest.get("title"),
        metadata=story_meta, where=str(folder),
    )


def _check_count(story_id: str, count: int, where: str) -> None:
    if count < 2:
        raise TooFewVersionsError(f"story {story_id!r} has {count} version(s); drift compares two or more", path=where)


def story_from_record(record: Any, *, where: str, language: str | None = None) -> Story:
    """Build a story from one JSONL line or dataset row (see the module docstring)."""
    if not isinstance(record, Mapping):
        raise CorpusLineError("expected a JSON object with 'id' and 'versions'", path=where)
    versions_data = record.get("versions")
    if "id" not in record or not isinstance(versions_data, list):
        raise CorpusLineError("a story needs an 'id' and a 'versions' list", path=where)
    versions = []
    for number, item in enumerate(versions_data):
        if not isinstance(item, Mapping) or "text" not in item:
            raise CorpusLineError(f"version #{number} needs a 'text'", path=where)
        size = len(item["text"].encode("utf-8")) if isinstance(item["text"], str) else 0
        if size > MAX_VERSION_BYTES:  # the limit a version file has
            raise InputError(
                f"version #{number}'s text is {size:,} bytes, over the limit of {MAX_VERSION_BYTES:,} for one version",
                path=where,
            )
        fields = {k: v for k, v in item.items() if k not in ("id", "text", "language")}
        versions.append(
            make_version(
                f"v{number}" if item.get("id") is None else item["id"], item["text"],
                language=item.get("language") or language, where=where, fields=fields,
            )
        )
    meta = {k: v for k, v in record.items() if k not in ("id", "title", "versions")}
    return make_story(record["id"], versions, title=record.get("title"), metadata=meta, where=where)


def parse_jsonl_line(raw: bytes, *, where: str, first: bool = False) -> Any:
    """Parse one JSONL line (bytes); raise CorpusLineError naming ``where`` if it is not
    UTF-8 JSON. ``first``: the file's first line, which may start with a BOM."""
    try:
        line = raw.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError:
        raise CorpusLineError("line is not valid UTF-8", path=where) from None
    try:
        return json.loads(line, parse_constant=_not_json)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(line.rstrip()):  # pretty-printed JSON, or a line cut short
            raise CorpusLineError(
                "malformed JSON (the line ends inside a value); JSONL holds one whole JSON object per line",
                path=where,
            ) from None
        raise CorpusLineError(f"malformed JSON ({exc.msg} at column {exc.colno})", path=where) from None
    except ValueError as exc:
        raise CorpusLineError(f"malformed JSON ({exc})", path=where) from None


def _not_json(constant: str) -> Any:
    """Python's json reads NaN and Infinity, which JSON has not: they would come out of
    drift's reports as invalid JSON."""
    raise ValueError(f"{constant} is not a JSON value")


def iter_jsonl_records(path: str | Path) -> Iterator[tuple[str, Any]]:
    """Yield ``(where, parsed JSON)`` for each non-blank line, streaming the file.

    Raises CorpusLineError naming the line number of the first malformed line.
    """
    path = Path(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=str(path)) from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                where = f"{path}:{number}"
                yield where, parse_jsonl_line(raw, where=where, first=number == 1)


def read_pair_records(path: str | Path) -> list[tuple[str, str, str, str | None, str | None]]:
    """Read ``drift pairs`` input: JSONL lines ``{"id", "a", "b", "lang_a"?, "lang_b"?}``.

    Returns ``(id, a, b, lang_a, lang_b)`` tuples; raises CorpusLineError naming the line
    of the first malformed record.
    """
    records = []
    for where, record in iter_jsonl_records(path):
        if not isinstance(record, Mapping) or not all(isinstance(record.get(k), str) for k in ("a", "b")):
            raise CorpusLineError('expected {"id", "a", "b", "lang_a"?, "lang_b"?} with string texts', path=where)
        if not record["a"].strip() or not record["b"].strip():
            raise CorpusLineError("'a' and 'b' must not be empty", path=where)
        if _looks_binary(record["a"] + record["b"]):
            raise EncodingError("'a' or 'b' holds binary data (control characters), expected text", path=where)
        languages = [
            normalise_language(record[k], where=where) if record.get(k) else None for k in ("lang_a", "lang_b")
        ]
        pair_id = where if record.get("id") is None else _id("pair", record["id"], where)
        records.append((pair_id, record["a"], record["b"], *languages))
    if not records:
        raise InputError("no pairs in the file", path=str(path))
    return records


def iter_jsonl(path: str | Path, *, language: str | None = None) -> Iterator[Story]:
    """Stream the stories of a JSONL corpus, one per line."""
    for where, record in iter_jsonl_records(path):
        yield story_from_record(record, where=where, language=language)


def iter_dataset(dataset: Iterable[Mapping[str, Any]], *, language: str | None = None) -> Iterator[Story]:
    """Stream the stories of a Hugging Face ``datasets.Dataset`` (or any iterable of rows)."""
    if isinstance(dataset, (str, bytes)) or not isinstance(dataset, Iterable):
        raise ConfigError(f"expected a dataset or an iterable of story rows, got {type(dataset).__name__}")
    for number, row in enumerate(dataset):
        yield story_from_record(row, where=f"row {number}", language=language)


def load_story(
    path: str | Path,
    *,
    story_id: str | None = None,
    language: str | None = None,
    fallback_encoding: str | None = DEFAULT_FALLBACK_ENCODING,
) -> Story:
    """Load one story from a folder, or from a JSONL file (the story ``story_id``, or its
    only story).
    """
    if not isinstance(path, (str, os.PathLike)):
        raise ConfigError(
            f"expected the path of a story folder or a .jsonl file, got {type(path).__name__}; "
            "for texts in memory use drift.ingest.story_from_texts"
        )
    path = Path(path)
    if path.is_dir():
        if story_id is not None:
            raise ConfigError(
                f"a story id ({story_id!r}) picks a story of a .jsonl corpus; this is a story folder", path=str(path)
            )
        return load_folder(path, language=language, fallback_encoding=fallback_encoding)
    if not path.exists():
        raise InputError("no such file or folder", path=str(path))
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        # Only the chosen story is built (its language detected, its fields checked): the
        # others of a corpus may be what `drift batch` would list in errors.jsonl.
        found: list[tuple[str, Any]] = []
        for where, record in iter_jsonl_records(path):
            if story_id is None or (isinstance(record, Mapping) and str(record.get("id")) == story_id):
                found.append((where, record))
            if len(found) > 1 and story_id is None:
                raise InputError(
                    "holds several stories; choose one by id or use 'drift batch'", path=str(path)
                )
        if not found:
            wanted = f"no story with id {story_id!r}" if story_id else "no story"
            raise InputError(wanted, path=str(path))
        if len(found) > 1:
            lines = ", ".join(where.rsplit(":", 1)[1] for where, _ in found)
            raise InputError(f"holds {len(found)} stories with id {story_id!r} (lines {lines})", path=str(path))
        where, record = found[0]
        return story_from_record(record, where=where, language=language)
    raise InputError(
        "expected a story folder (one .txt per version) or a .jsonl corpus", path=str(path)
    )


def example_story_path() -> Path:
    """The bundled example story (five English versions of one 2023 wire story)."""
    return Path(__file__).parent / "data" / "stories" / "kim-putin-2023"


def load_example() -> Story:
    """Load the bundled example story."""
    return load_folder(example_story_path())
