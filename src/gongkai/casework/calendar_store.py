"""Moved to :mod:`gongkai.workdays.store` (the working-day calendar is shared at the bottom of the project);
this name stays so that existing scripts keep working."""

from ..workdays.store import *  # noqa: F401,F403
