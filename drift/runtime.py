"""How drift's own work runs beside the model: numpy on one thread, the collector held back.

Both are process-wide settings, so `pipeline_runtime` makes them for the first run that
starts and undoes them when the last running one ends: a script keeps its own settings,
also when it runs drift in several threads at once (issue 17: time outside the model).
"""

from __future__ import annotations

import gc
import threading
from contextlib import ExitStack, contextmanager
from typing import Iterator

# The collector's first threshold inside a run (Python's default is 700 allocations). A
# story allocates hundreds of thousands of small objects that live on (tokens, word
# scores, detectors' cached readings) and makes almost no cycles: with the default, 128
# young and 11 middle collections and a full one during one dev story scanned them again
# and again, 0.03-0.05 s of the 0.5 s outside the model, and freed nothing a later
# collection would not.
RUN_THRESHOLD = 100_000

_LOCK = threading.Lock()
_running = 0  # pipeline runs under way in this process
_settings: ExitStack | None = None  # what undoes the settings when the last run ends


@contextmanager
def numpy_on_one_thread() -> Iterator[None]:
    """Within it, numpy's BLAS runs on one thread.

    drift's numpy products are small (words x words, sentences x sentences); BLAS threads
    woken beside torch's spinning OpenMP threads made a 120x384 @ 384x110 product 5x slower
    (4.1 ms against 0.78 ms on one thread, 2-core AVX2 machine), and such products were a
    fifth of `drift analyze` (issue 17). torch's own threads are left alone.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Within it, the cyclic garbage collector runs after ``RUN_THRESHOLD`` allocations
    rather than 700; the thresholds it had come back on leaving."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], RUN_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def pipeline_runtime() -> Iterator[None]:
    """Both of the above around a pipeline run: set when the first of the runs under way
    starts, undone when the last ends (nested or in other threads)."""
    global _running, _settings
    with _LOCK:
        if _running == 0:
            settings = ExitStack()
            settings.enter_context(numpy_on_one_thread())
            settings.enter_context(fewer_collections())
            _settings = settings
        _running += 1
    try:
        yield
    finally:
        with _LOCK:
            _running -= 1
            if _running == 0 and _settings is not None:
                _settings.close()
                _settings = None
