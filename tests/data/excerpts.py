"""Rebuild the excerpts in tests/data from the development data in ../shared (run from the
repository root: ``python tests/data/excerpts.py``). The tests read only these excerpts, so
they pass on a clone that has no ../shared beside it."""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared" / "data"
# Text+Berg dev lines the alignment tests read: de 14-31 and 225-227, fr 52-68 and 267-270.
TEXTBERG_DE, TEXTBERG_FR = 240, 280
ISTS_DE = 15  # German iSTS pairs in the encoder parity corpus


def textberg() -> None:
    out = HERE / "textberg"
    out.mkdir(exist_ok=True)
    for name, keep in (("dev.de", TEXTBERG_DE), ("dev.fr", TEXTBERG_FR)):
        lines = (SHARED / "textberg" / name).read_text(encoding="utf-8").splitlines(keepends=True)
        (out / name).write_text("".join(lines[:keep]), encoding="utf-8")
    beads = []
    for line in (SHARED / "textberg" / "dev.defr").read_text(encoding="utf-8").splitlines(keepends=True):
        src, tgt = (re.findall(r"\d+", side) for side in line.split(":"))
        if all(int(i) < TEXTBERG_DE for i in src) and all(int(j) < TEXTBERG_FR for j in tgt):
            beads.append(line)
    (out / "dev.defr").write_text("".join(beads), encoding="utf-8")


def refresd() -> None:
    out = HERE / "refresd"
    out.mkdir(exist_ok=True)
    (out / "dev.tsv").write_bytes((SHARED / "refresd" / "dev.tsv").read_bytes())


def ists() -> None:
    """The pairs tests/test_detectors.py names by the start of ``text_a``, and the first
    German pairs."""
    wanted = re.findall(r'\("ists", "([^"]+)"\)', (HERE.parent / "test_detectors.py").read_text(encoding="utf-8"))
    rows, german = [], 0
    for line in (SHARED / "ists_rsd" / "dev.jsonl").read_text(encoding="utf-8").splitlines(keepends=True):
        row = json.loads(line)
        take_german = row["subset"] == "ists_de" and german < ISTS_DE
        german += take_german
        if take_german or any(row["text_a"].startswith(w) for w in wanted):
            rows.append(line)
    out = HERE / "ists_rsd"
    out.mkdir(exist_ok=True)
    (out / "dev.jsonl").write_text("".join(rows), encoding="utf-8")


if __name__ == "__main__":
    textberg()
    refresd()
    ists()
