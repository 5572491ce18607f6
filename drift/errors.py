"""Errors drift raises on bad input or configuration.

Every error carries a short code (like spaCy's E-codes) and a one-line message that says
what was wrong and what was expected; the CLI prints ``drift: error [CODE]: message`` and
exits non-zero, never a traceback.
"""

from __future__ import annotations


class DriftError(Exception):
    """Base class of every error drift raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.message = message
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)

    def one_line(self) -> str:
        """The error as a single line, for the CLI and for batch error logs."""
        return f"[{self.code}] {str(self).splitlines()[0] if str(self) else self.code}"


class InputError(DriftError):
    """A story, version or corpus cannot be read or is not usable."""

    code = "E100"


class EncodingError(InputError):
    """A text file is binary or not in a supported text encoding."""

    code = "E101"


class ManifestError(InputError):
    """A story manifest is malformed or names a missing file."""

    code = "E102"


class CorpusLineError(InputError):
    """A JSONL corpus line is not valid JSON or not a story."""

    code = "E103"


class TooFewVersionsError(InputError):
    """A story has fewer than two usable versions."""

    code = "E104"


class LanguageError(InputError):
    """A language code is unknown or cannot be detected."""

    code = "E105"


class ReportError(InputError):
    """A saved report (JSON) is not one drift wrote: a missing field or an unknown name."""

    code = "E106"


class ModelError(DriftError):
    """A model cannot be loaded (offline, missing files, unknown preset)."""

    code = "E200"


class ConfigError(DriftError):
    """An option has a value outside what it accepts."""

    code = "E300"
