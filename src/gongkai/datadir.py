"""Where gongkai keeps its data: one folder shared by the CLI, the library's office calendar and the web
platform.  ``GONGKAI_DATA_DIR`` overrides the user's data folder (platformdirs).  Framework-free."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir(create: bool = False) -> Path:
    """The data folder (``GONGKAI_DATA_DIR`` or the user's data folder); created 0700 with ``create``."""
    env = os.environ.get("GONGKAI_DATA_DIR")
    if env:
        path = Path(env)
    else:
        import platformdirs  # lazy: only needed when no folder is given
        path = Path(platformdirs.user_data_dir("gongkai", appauthor=False))
    if create:
        path.mkdir(parents=True, exist_ok=True)
        try:
            path.chmod(0o700)
        except OSError:  # a folder the user does not own (read-only mount): leave it
            pass
    return path
