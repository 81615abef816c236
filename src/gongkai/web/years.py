"""Which report years the web platform serves: 2008 (the first year of the 《政府信息公开条例》,
施行 2008-05-01) to next year (a draft may be started early).  Other years are 404 with a Chinese
page, never a 500 from ``datetime`` (year 0, 10000, a 20-digit number …)."""

from __future__ import annotations

from .clock import today
from .views import NotFound

FIRST_REPORT_YEAR = 2008


def report_years() -> range:
    """The years a report page can be opened for, oldest first (the clock is read here)."""
    return range(FIRST_REPORT_YEAR, today().year + 2)


def check_report_year(year) -> int:
    """``year`` as an int if it is in :func:`report_years`; else raise :class:`NotFound` (404)."""
    years = report_years()
    try:
        y = int(str(year).strip())
    except ValueError:  # not a number (or more than 4300 digits)
        y = None
    if y is None or y not in years:
        raise NotFound(f"没有「{str(year)[:20]}」年度的报告：年度须在 {years[0]}—{years[-1]} 年之间"
                       f"（{years[0]} 年为《政府信息公开条例》施行之年）。")
    return y
