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


def year_problem(year) -> str | None:
    """Why ``year`` (as typed: a form field, a command-line option) is no report year, in Chinese; None when
    it is one (:func:`report_years`).  The one rule of the web forms and the command line."""
    years = report_years()
    try:
        y = int(str(year).strip())
    except ValueError:  # not a number (or more than 4300 digits)
        y = None
    if y is None or y not in years:
        return (f"没有「{str(year)[:20]}」年度的报告：年度须在 {years[0]}—{years[-1]} 年之间"
                f"（{years[0]} 年为《政府信息公开条例》施行之年）。")
    return None


def parse_report_year(year) -> int:
    """``year`` as an int if it is a report year (:func:`year_problem`); else raise ValueError with the reason
    (the command line's ``--year``: argparse says it and exits with 2)."""
    problem = year_problem(year)
    if problem:
        raise ValueError(problem)
    return int(str(year).strip())


def check_report_year(year) -> int:
    """``year`` as an int if it is in :func:`report_years`; else raise :class:`NotFound` (404)."""
    problem = year_problem(year)
    if problem:
        raise NotFound(problem)
    return int(str(year).strip())


def implausible_year(stated: int | None) -> str | None:
    """Why the year a published report states cannot be the year it is about, in Chinese (None when it can):
    before 2008 (no 年度报告 before the 条例) or after this year (a year's report is published once it ends)."""
    if stated is None:
        return None
    if stated < FIRST_REPORT_YEAR:
        return f"报告写明的年度 {stated} 早于 {FIRST_REPORT_YEAR} 年（《政府信息公开条例》施行之年），不可能有该年度的年报"
    if stated > today().year:
        return f"报告写明的年度 {stated} 晚于今年（{today().year}），该年度尚未结束，不可能已有该年度的年报"
    return None
