"""Stop the processes a driver started once the driver is gone, even after SIGKILL.

Run as a script, ``python _reaper.py PID``, with a pipe from the driver on stdin, before
the driver starts a local Ray cluster: Ray's head processes share the driver's fate, but the
agents they start outlive a killed driver (a minute and more, measured with Ray 2.60). While
the driver lives, the reaper notes every process that appears below it, with its start
time; when the pipe closes (the driver finished, or died and the kernel closed it), it
waits a few seconds for them to exit and kills those still running. It imports nothing
from drift, so it starts in a few milliseconds. Linux only (it reads ``/proc``); elsewhere
it notes nothing and kills nothing.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time

# How often the process tree is read, and how long processes get to exit on their own
# after the driver closes the pipe.
POLL_SECONDS = 0.25
GRACE_SECONDS = 5.0


def _stat(pid: int) -> tuple[int, str] | None:
    """(parent pid, start time) of a live process, or None (gone, or a zombie)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] == "Z" else (int(fields[1]), fields[19])


def _descendants(root: int) -> dict[int, str]:
    """Every live process below ``root``: pid -> start time."""
    parents: dict[int, list[int]] = {}
    starts: dict[int, str] = {}
    for name in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if name.isdigit() and (found := _stat(int(name))) is not None:
            parents.setdefault(found[0], []).append(int(name))
            starts[int(name)] = found[1]
    out: dict[int, str] = {}
    frontier = [root]
    while frontier:
        for child in parents.get(frontier.pop(), ()):
            out[child] = starts[child]
            frontier.append(child)
    return out


def _running(noted: dict[int, str]) -> list[int]:
    return [pid for pid, start in noted.items() if (found := _stat(pid)) is not None and found[1] == start]


def main(driver: int) -> None:
    before = set(_descendants(driver))
    noted: dict[int, str] = {}
    while not select.select([sys.stdin], [], [], POLL_SECONDS)[0] or os.read(sys.stdin.fileno(), 64):
        noted.update((pid, start) for pid, start in _descendants(driver).items() if pid not in before)
    noted.pop(os.getpid(), None)
    deadline = time.monotonic() + GRACE_SECONDS
    while _running(noted) and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
    for pid in _running(noted):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


if __name__ == "__main__":
    main(int(sys.argv[1]))
