"""Entry point of ``python -m admin_web``."""

import sys

from admin_web.cli import main

sys.exit(main())
