"""``python -m cigraph``: the same as the ``cigraph`` command."""

import sys

from cigraph.cli import main

sys.exit(main())
