"""Moved to :mod:`gongkai.workdays.calendar` (the working-day calendar is shared at the bottom of the project);
this name stays so that existing scripts keep working."""

from ..workdays.calendar import *  # noqa: F401,F403
