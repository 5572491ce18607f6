"""Language codes: validation of user-given codes and detection when none is given.

Detection uses py3langid (a maintained fork of langid.py, Lui & Baldwin 2012), whose
model ships inside the package, so it works offline. It is restricted to the ISO 639-1
languages it knows, because drift reports two-letter codes.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from drift.errors import LanguageError

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

logger = logging.getLogger("drift")

# The 183 ISO 639-1 codes (ISO 639-1:2002 with its later additions).
ISO_639_1 = frozenset(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu
    cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi
    ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks
    ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl
    nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl
    sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve
    vi vo wa wo xh yi yo za zh zu
    """.split()
)

# Below this many letters a language guess is unreliable (langid.py's own evaluation shows
# accuracy falling steeply under ~25 characters); such texts are rejected, not guessed.
MIN_LETTERS_FOR_DETECTION = 20


def normalise_language(code: str, *, where: str | None = None) -> str:
    """Return ``code`` as a lower-case ISO 639-1 code, or raise LanguageError.

    Accepts regional forms such as ``en-GB`` or ``pt_BR`` (the region is dropped).
    """
    if not isinstance(code, str):
        raise LanguageError(
            f"language must be a code such as en, fr, nl; got {code!r} ({type(code).__name__})", path=where
        )
    base = code.strip().replace("_", "-").split("-")[0].lower()
    if base not in ISO_639_1:
        raise LanguageError(
            f"unknown language code {code!r}: expected an ISO 639-1 code such as en, fr, nl",
            path=where,
        )
    return base


# Bump when the cached tables change, so an old cache is not read.
IDENTIFIER_CACHE_VERSION = 1


@lru_cache(maxsize=1)
def _identifier() -> "LanguageIdentifier":
    from importlib.metadata import version

    from drift.encoders.loading import cache_root

    return cached_identifier(cache_root() / f"py3langid-{version('py3langid')}-iso639-1-c{IDENTIFIER_CACHE_VERSION}")


def cached_identifier(folder: Path) -> "LanguageIdentifier":
    """py3langid's identifier, restricted to ISO 639-1, from its tables cached in ``folder``
    (written there on first use).

    py3langid unpacks its 65 MB model (LZMA) on every load: 0.5-0.7 s of every process that
    detects a language, which is every ``drift analyze`` (sentences are checked too). The
    cached arrays load memory-mapped in about 0.05 s and classify bit for bit as the
    package's own load. A folder that cannot be written or read costs the slow load, never
    the detection.
    """
    if not (folder / _CLASSES).is_file():
        identifier = _packaged_identifier()
        try:
            _write_tables(identifier, folder)
        except OSError as exc:
            logger.info("cannot cache the language identifier in %s: %s", folder, exc)
            return identifier
    try:
        return _read_tables(folder)
    except (OSError, ValueError, EOFError) as exc:  # EOFError: numpy's word for an empty .npy
        logger.warning("cannot read the cached language identifier in %s (%s); delete that folder to write it again", folder, exc)
        return _packaged_identifier()


def _packaged_identifier() -> "LanguageIdentifier":
    """The identifier as py3langid loads it, restricted to the ISO 639-1 languages."""
    import numpy as np  # py3langid loads it anyway
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    known = [lang for lang in identifier.nb_classes if lang in ISO_639_1]
    identifier.set_languages(known)
    # The restricted table comes back as a column-strided float16 copy, so every guess
    # gathered its features' rows across memory and multiplied in float16: three quarters
    # of a sentence's guess. Row-major float32 (46 MB, 0.03 s once) gives the same
    # probabilities, bit for bit on 1,728 dev texts, 2.3x faster (issue 17).
    identifier.nb_ptc = np.ascontiguousarray(identifier.nb_ptc, dtype=np.float32)
    return identifier


# The identifier's tables, one file each: its classes, the feature scores per class
# (features x classes, float32, read memory-mapped), the class priors, and the byte
# automaton that finds the features (next state, row offsets, the feature each state emits).
_CLASSES = "classes.json"
_ARRAYS = ("ptc", "pc", "nextmove", "row", "output")


def _write_tables(identifier: "LanguageIdentifier", folder: Path) -> None:
    import numpy as np

    from drift.files import atomic_directory

    arrays = {
        "ptc": identifier.nb_ptc, "pc": identifier.nb_pc,
        "nextmove": np.frombuffer(identifier.tk_nextmove, dtype=np.dtype(identifier.tk_nextmove.typecode)),
        "row": np.frombuffer(identifier.tk_row, dtype=np.dtype(identifier.tk_row.typecode)),
        "output": np.asarray(identifier.tk_output, dtype=np.int64),
    }
    with atomic_directory(folder) as tmp:
        for name, array in arrays.items():
            np.save(tmp / f"{name}.npy", array, allow_pickle=False)
        (tmp / _CLASSES).write_text(json.dumps(identifier.nb_classes), encoding="utf-8")


def _read_tables(folder: Path) -> "LanguageIdentifier":
    from array import array

    import numpy as np
    from py3langid.langid import LanguageIdentifier

    loaded = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS}
    classes = json.loads((folder / _CLASSES).read_text(encoding="utf-8"))
    if loaded["ptc"].shape[1:] != (len(classes),) or loaded["pc"].shape != (len(classes),):
        raise ValueError(f"tables of shapes {loaded['ptc'].shape} and {loaded['pc'].shape} for {len(classes)} classes")

    def automaton(values: np.ndarray) -> array:
        """The walk indexes these per byte of text: a stdlib array, as py3langid's own load gives."""
        out = array(values.dtype.char)
        out.frombytes(np.ascontiguousarray(values).tobytes())
        return out

    return LanguageIdentifier(
        loaded["ptc"], np.array(loaded["pc"]), classes, automaton(loaded["nextmove"]), loaded["output"].tolist(),
        norm_probs=True, tk_row=automaton(loaded["row"]),
    )


def detect_language(text: str, *, where: str | None = None) -> str:
    """Guess the ISO 639-1 language of ``text`` with py3langid.

    Raises LanguageError when the text has too few letters for a reliable guess.
    """
    letters = _letters(text)
    if letters < MIN_LETTERS_FOR_DETECTION:
        raise LanguageError(
            f"cannot detect the language of a text with {letters} letters; "
            "give the language explicitly",
            path=where,
        )
    language, _probability = _identifier().classify(text)
    return str(language)


# A sentence gets a language of its own only when py3langid gives another language than its
# version's with at least this probability: on 2,111 sentences of monolingual texts (the
# gold stories, the example story, REFreSD dev) none was given a wrong language (the one
# flagged is a REFreSD line whose English field holds French text).
SENTENCE_LANGUAGE_PROBABILITY = 0.99


def sentence_languages(texts: Sequence[str], main: str) -> list[str | None]:
    """Per text, its language where it is surely not ``main`` (a version that mixes
    languages), else None; texts too short to tell stay None."""
    out: list[str | None] = []
    for text in texts:
        language = None
        if _letters(text) >= MIN_LETTERS_FOR_DETECTION:
            guess, probability = _identifier().classify(text)
            if guess != main and probability >= SENTENCE_LANGUAGE_PROBABILITY:
                language = str(guess)
        out.append(language)
    return out


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))
