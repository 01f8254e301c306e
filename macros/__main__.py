"""``python -m macros``: see macros/clerk/cli.py."""

import sys

from .clerk.cli import main

sys.exit(main())
