"""The platform's working-day calendar: chinese-calendar, the notices stored in the data folder
(``<GONGKAI_DATA_DIR>/calendars``, shared with ``gongkai calendar import``) and provisional years."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.store import CalendarStore, office_calendar, office_calendar_and_problems


def calendar_store() -> CalendarStore:
    return CalendarStore(Path(settings.DATA_DIR) / "calendars")


def office_cal() -> WorkCalendar:
    """The calendar every deadline of the platform is counted on (re-read when a stored notice changes)."""
    return office_calendar(calendar_store().root)


def office_cal_problems() -> list[str]:
    return office_calendar_and_problems(calendar_store().root)[1]
