"""Errors of the working-day calendar (Chinese messages, structured fields)."""

from __future__ import annotations

from ..errors import GongkaiError


class CalendarUnavailable(GongkaiError):
    """No holiday schedule is known for ``year`` and provisional years are off (or the year is before the 条例).

    Raised instead of silently counting Monday–Friday (working-days.md §4 rule 1).
    """

    def __init__(self, year: int, known: tuple[int, int] | None = None):
        span = f"（内置日历覆盖 {known[0]}—{known[1]} 年）" if known else ""
        if year < 2008:
            hint = "《政府信息公开条例》2008年5月1日起施行，请核对日期。"
        else:
            hint = (f"请由本机关加载 {year} 年的国务院节假日安排通知（gongkai calendar import，见 docs/casework.md"
                    f"「加载国务院节假日安排通知」）后重新计算。")
        super().__init__(f"无法计算：缺少 {year} 年的国务院节假日安排{span}。{hint}", year=year)
        self.year = year


class ScheduleFileError(GongkaiError):
    """An office schedule file or notice is malformed: ``path`` and ``where`` say where."""
