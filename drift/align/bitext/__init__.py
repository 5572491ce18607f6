"""Bitext alignment: beads of consecutive sentences between two sides (`dp`: the dynamic
programme in Bertalign's two passes, monotonic or order-free; `coverage`: word coverage as
bead evidence; `units`: beads of every two versions merged into units, the story aligner
of drift before 0.2, kept for ``--mode auto|free|monotonic``)."""
