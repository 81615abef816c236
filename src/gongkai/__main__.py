"""``python -m gongkai``: the ``gongkai`` command."""

import sys

from .cli import main

sys.exit(main())
