"""The rich Console the terminal views print to.

rich answers a closed pipe (``drift segment --example | head -1``) by exiting with status 1
itself; this Console raises BrokenPipeError instead, so the command line decides (it stops
quietly, see ``drift.cli``).
"""

from __future__ import annotations

from rich.console import Console


class StdoutConsole(Console):
    """A Console on stdout that lets a closed pipe surface as BrokenPipeError."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError
