"""Fit the story aligner's link model on gold stories and write it where you say.

    python scripts/fit_links.py ../shared/data/stories -o links.json
    python scripts/fit_links.py ../shared/data/stories -o drift/data/links.json   # refresh the shipped model

Every story folder under the root that has a gold annotation (``units.json``) is used; the
model (two logistic regressions, the clustering threshold and the heading threshold, `drift.align.story.calibration`)
is printed and written to ``-o``. Leave-one-story-out figures come from
``scripts/eval_stories.py``, which refits the same way without the held-out story.
Needs scikit-learn: ``pip install -e ".[fit]"``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from drift.align.story.calibration import SUPPORT_FEATURES
from drift.align.story.fitting import fit_link_model, story_examples
from drift.encoders import get_encoder
from drift.encoders.precision import DTYPES
from drift.errors import DriftError
from drift.gold import gold_folders, read_gold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", type=Path, help="a gold story folder, or a folder of them")
    parser.add_argument("-o", "--output", type=Path, required=True, help="where to write the model (JSON)")
    parser.add_argument("--model", default=None, help="encoder preset (default: the default model)")
    parser.add_argument(
        "--dtype", default="float32", choices=DTYPES,
        help="the encoder's number format while fitting (default float32, which every machine runs, so that the "
        "fit does not depend on the machine; the runtime's bfloat16 vectors are within the parity tests' bound)",
    )
    args = parser.parse_args(argv)
    folders = gold_folders(args.stories)
    if not folders:
        print(f"fit_links: no gold story under {args.stories}", file=sys.stderr)
        return 1
    golds = [read_gold(folder) for folder in folders]
    if all(len(gold.story.versions) < 3 for gold in golds):
        print(f"fit_links: the link model learns from stories of three or more versions; none under {args.stories} has three",
              file=sys.stderr)
        return 1
    encoder = get_encoder(args.model, dtype=args.dtype)
    examples = [story_examples(gold, encoder) for gold in golds]
    model = fit_link_model(examples, note=f"dtype:{encoder.dtype}")
    print(f"fitted on {len(examples)} stories: {', '.join(e.name for e in examples)}")
    print("direct model:")
    for name, weight in zip(model.features, model.direct.weights):
        print(f"  {name:18s} {weight:+.3f}")
    print(f"  {'bias':18s} {model.direct.bias:+.3f}")
    print("with the other versions' support:")
    for name, weight in zip(SUPPORT_FEATURES, model.with_support.weights):
        print(f"  {name:18s} {weight:+.3f}")
    print(f"  {'bias':18s} {model.with_support.bias:+.3f}")
    print(f"clustering threshold (mean link probability): {model.threshold}")
    print(f"heading threshold (cosine of a heading to its paragraph): {model.heading_threshold}")
    model.save(args.output)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except DriftError as exc:  # a gold folder that cannot be read: one line, no traceback
        sys.exit(f"fit_links: {exc.one_line()}")
