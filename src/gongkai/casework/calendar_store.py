"""Moved to :mod:`gongkai.workdays.store` (the working-day calendar is shared at the bottom of the project);
this name stays so that existing scripts keep working."""

from ..workdays import store as _moved

# the names ``from gongkai.workdays.store import *`` gives
globals().update((name, getattr(_moved, name)) for name in getattr(_moved, "__all__", None)
                 or [name for name in dir(_moved) if not name.startswith("_")])
