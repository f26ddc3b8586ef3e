import sys

from cigraph.cli import main

sys.exit(main())
