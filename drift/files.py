"""Write output files atomically, so a failed or interrupted run leaves no partial file, and
check output paths before any work is done."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from drift.errors import OutputError


def check_output(path: str | Path, *, folder: bool = False) -> Path:
    """``path`` if drift can write a file (or, with ``folder``, a folder) there, else an
    OutputError saying why: called before the work, so a long run never ends in an
    unwritable path. Missing parent folders are fine (they are created)."""
    target = Path(path)
    if target.is_dir() and not folder:
        raise OutputError("is a folder; expected a file path", path=str(target))
    if target.exists() and not target.is_dir() and folder:
        raise OutputError("is a file; expected a folder", path=str(target))
    existing = target.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"cannot be created: {existing} is a file, not a folder", path=str(target))
    try:  # the one sure test of writability (root ignores permission bits, a read-only mount does not)
        handle, probe = tempfile.mkstemp(prefix=".drift-check.", suffix=".tmp", dir=existing)
    except OSError as exc:
        raise OutputError(f"cannot write in {existing}: {exc.strerror}", path=str(target)) from None
    os.close(handle)
    os.unlink(probe)
    return target


def check_not_input(path: str | Path, inputs: Iterable[str | Path]) -> None:
    """Refuse an output path that is one of the command's input files (the same file under
    any name: a symlink or a hard link too): writing it would destroy what was read."""
    target = Path(path)
    if not target.is_file():
        return
    for source in inputs:
        if Path(source).is_file() and target.samefile(source):
            raise OutputError(
                f"is an input file ({source}); writing there would destroy it: choose another output path",
                path=str(target),
            )


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it into place if the block succeeds.

    Works for a file or a folder written at the temporary path. What was written is
    flushed to disk before the rename (so a crash leaves the old file or the new one, never
    an empty one), and a file that replaces another keeps its permissions. On error the
    temporary file or folder is removed and ``path`` is left as it was.
    """
    target = Path(path)
    with parents_made(target):
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
        staged = tmp / target.name
        try:
            yield staged
            _fsync_tree(staged)
            if target.is_file() and staged.is_file():
                os.chmod(staged, stat.S_IMODE(target.stat().st_mode))
            if target.is_dir() and staged.is_dir():
                shutil.rmtree(target)
            os.replace(staged, target)
            _fsync(target.parent)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """Yield a temporary sibling of ``target``; rename it to ``target`` only on success (a
    cache entry: the converted model, the language identifier's tables).

    An interrupted or failed write leaves no ``target`` (and removes the temporary), so a
    half-written cache can never be mistaken for a finished one.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        yield tmp
        try:
            os.rename(tmp, target)
        except OSError:
            if not target.is_dir():
                raise
            # another process finished the same cache entry first; keep theirs
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def parents_made(path: Path) -> Iterator[None]:
    """Create the missing folders above ``path``; if the block fails, remove those of them
    that are still empty, so a failed or interrupted run leaves no trace."""
    missing = []
    parent = path.parent
    while not parent.exists():
        missing.append(parent)  # deepest first
        parent = parent.parent
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        yield
    except BaseException:
        for folder in missing:
            try:
                folder.rmdir()
            except OSError:  # not empty: something else wrote there meanwhile
                break
        raise


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    with atomic_path(path) as staged:
        staged.write_text(text, encoding="utf-8")


def _fsync_tree(path: Path) -> None:
    """fsync a file, or every file and folder under a folder."""
    if path.is_dir():
        for child in path.rglob("*"):
            _fsync(child)
    _fsync(path)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
