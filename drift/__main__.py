"""``python -m drift``: the same command line as ``drift``."""

import sys

from drift.cli import main

sys.exit(main())
