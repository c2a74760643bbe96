"""``python -m lexkg``: the command line."""

import sys

from lexkg.cli import main

sys.exit(main())
