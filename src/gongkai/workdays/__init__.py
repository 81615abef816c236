"""Statutory working days (工作日): the State Council's yearly holiday schedules (chinese-calendar, notices an
office loads), provisional years counted from 《全国年节及纪念日放假办法》, and the store of loaded notices.

Shared at the bottom of the project: casework (reply deadlines), publications (第二十六条 publication deadlines)
and the web platform all count on it; it depends on nothing of theirs.

- :mod:`.calendar` — :class:`~.calendar.WorkCalendar`, counts with their trail, provisional years;
- :mod:`.notice` — parsing 《国务院办公厅关于XXXX年部分节假日安排的通知》;
- :mod:`.store` — the notices an office loaded, in ``<data folder>/calendars``;
- :mod:`.errors` — :class:`~.errors.CalendarUnavailable`, :class:`~.errors.ScheduleFileError`.
"""
