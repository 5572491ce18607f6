"""Progress bars for the long stages (encoding, scoring, corpus runs), on stderr.

The public functions take ``progress`` and switch it on for what they run (:func:`shown`);
the encoder and the scorer open their bars here, so a bar covers encoding as well as
scoring without every function in between passing a flag. A bar draws only when stderr is
a terminal (tqdm's ``disable=None``) and only after half a second, so pipes, logs, tests
and quick calls stay quiet.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from tqdm import tqdm

_SHOWN: ContextVar[bool] = ContextVar("drift_progress", default=False)
# Seconds before a bar appears: calls that finish sooner print nothing.
DELAY_S = 0.5


@contextmanager
def shown(flag: bool) -> Iterator[None]:
    """Show (or hide) the bars of everything run inside the ``with`` block."""
    token = _SHOWN.set(flag)
    try:
        yield
    finally:
        _SHOWN.reset(token)


def bar(total: int | None, desc: str, unit: str, *, show: bool | None = None) -> "tqdm":
    """A tqdm bar on stderr, drawn when ``show`` (default: the switch of :func:`shown`) and
    stderr is a terminal; it disappears when done."""
    from tqdm import tqdm

    show = _SHOWN.get() if show is None else show
    return tqdm(
        total=total, desc=f"drift: {desc}", unit=unit, file=sys.stderr, leave=False,
        delay=DELAY_S, disable=None if show else True, dynamic_ncols=True,
    )
