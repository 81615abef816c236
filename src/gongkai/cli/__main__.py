"""``python -m gongkai.cli``: the ``gongkai`` command."""

import sys

from . import main

sys.exit(main())
