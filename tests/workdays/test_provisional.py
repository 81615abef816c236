"""Years without an official holiday schedule are counted provisionally, never refused and never final
(issue: deadlines that never run out; working-days.md §4)."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import lunardate
import pytest
from hypothesis import given, strategies as st

from gongkai.workdays.calendar import (LIBRARY_YEARS, WorkCalendar, default_calendar, schedule_from_dict,
                                       statutory_holidays)
from gongkai.casework.deadlines import case_status, reply_deadline

D = dt.date
CAL = default_calendar()
FIRST_UNCOVERED = LIBRARY_YEARS[1] + 1


def test_reply_deadline_of_a_december_receipt_runs_into_the_next_year_provisionally():
    # received Tue 2026-12-15: 12 working days in December, 2027-01-01 元旦 (statutory), then 8 in January
    r = reply_deadline(D(2026, 12, 15), calendar=WorkCalendar(provisional=True)) if FIRST_UNCOVERED == 2027 \
        else pytest.skip("chinese-calendar already covers 2027")
    assert r.due == D(2027, 1, 13)
    assert r.provisional and r.provisional_years == (2027,)
    assert "2027年的国务院节假日安排尚未公布" in r.provisional_reason
    assert any("（暂定）" in line for line in r.trail())
    data = r.to_dict()
    assert data["provisional"] is True and data["provisional_reason"]


def test_a_deadline_inside_covered_years_is_final():
    r = reply_deadline(D(2025, 9, 26))
    assert r.due == D(2025, 10, 30) and r.provisional is False
    assert r.to_dict()["provisional"] is False and r.to_dict()["provisional_reason"] == ""


def test_a_loaded_notice_makes_the_year_final():
    sched = schedule_from_dict({"year": 2035, "holidays": [{"name": "元旦", "from": "2035-01-01", "to": "2035-01-01"}]})
    r = CAL.with_schedule(sched).add_working_days(D(2035, 3, 1), 20)
    assert not r.provisional


def test_provisional_year_counts_statutory_holidays_and_weekends_but_no_makeup_days():
    holidays = statutory_holidays(2030)
    cal = WorkCalendar(library=False)
    for d, name in holidays.items():
        info = cal.day(d)
        assert info.kind == "holiday" and info.name == name and info.provisional
    # no Saturday or Sunday is ever a provisional working day (调休 is never invented)
    d = D(2030, 1, 1)
    while d.year == 2030:
        if d.weekday() >= 5:
            assert not cal.day(d).working
        d += dt.timedelta(days=1)


def test_statutory_holidays_follow_the_2024_revision_from_2025():
    h = statutory_holidays(2027)
    # 2027: 春节 2月6日 (正月初一) → 除夕 2月5日 and 初一至初三; 清明 4月5日; 端午 6月9日; 中秋 9月15日
    assert [d for d, n in h.items() if n == "春节"] == [D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8)]
    assert [d for d, n in h.items() if n == "劳动节"] == [D(2027, 5, 1), D(2027, 5, 2)]
    assert h[D(2027, 4, 5)] == "清明节" and h[D(2027, 6, 9)] == "端午节" and h[D(2027, 9, 15)] == "中秋节"
    assert len(h) == 13


def test_mid_autumn_on_national_day_is_one_day_of_both():
    h = statutory_holidays(2031)  # 农历八月十五 = 2031-10-01
    assert h[D(2031, 10, 1)] == "国庆节、中秋节" and len(h) == 12


@pytest.mark.parametrize("year", range(2025, LIBRARY_YEARS[1] + 1))
def test_every_statutory_holiday_of_a_covered_year_is_off_in_the_official_schedule(year):
    for d, name in statutory_holidays(year).items():
        assert chinese_calendar.is_holiday(d), (d, name)


@given(st.integers(min_value=2027, max_value=2099))
def test_lunar_dates_agree_with_a_second_library(year):
    """lunar_python (our choice) against lunardate's tables for 春节、端午、中秋."""
    h = statutory_holidays(year)
    for (m, d), name in {(1, 1): "春节", (5, 5): "端午节", (8, 15): "中秋节"}.items():
        day = lunardate.LunarDate(year, m, d).to_solar_date() if hasattr(lunardate.LunarDate, "to_solar_date") \
            else lunardate.LunarDate(year, m, d).toSolarDate()
        assert name in h.get(day, ""), (year, name, day)


@given(st.integers(min_value=2027, max_value=2099))
def test_qingming_is_on_april_4_to_6(year):
    qm = [d for d, n in statutory_holidays(year).items() if n == "清明节"]
    assert len(qm) == 1 and qm[0].month == 4 and 4 <= qm[0].day <= 6


def test_case_status_of_a_provisional_deadline_says_so_and_still_counts_toward_the_worklist():
    from casework.helpers import make
    if FIRST_UNCOVERED != 2027:
        pytest.skip("chinese-calendar already covers 2027")
    s = case_status(make(received=D(2026, 12, 15)), D(2027, 1, 12), CAL)
    assert s.due == D(2027, 1, 13) and s.provisional and s.working_days_left == 1
    assert "暂定" in s.provisional_reason


@given(st.dates(min_value=D(2008, 5, 1), max_value=D(2090, 12, 31)))
def test_a_deadline_is_never_none_and_provisional_exactly_when_an_uncovered_year_is_touched(day):
    r = CAL.add_working_days(day, 20)
    assert r.due is not None and r.due > day
    touched = {d.date.year for d in (*r.counted, *r.skipped)}
    assert r.provisional == any(y > LIBRARY_YEARS[1] for y in touched)


def test_no_december_step_is_refused_for_lack_of_next_years_schedule():
    """补正 notices, consultations, extensions and fee notices from mid-December compute dates in the next
    year: each is registered with a provisional date, never refused (the issue's December outage)."""
    from gongkai.casework.workflow import reply_due, step

    from casework.helpers import make
    r = step(make(received=D(2026, 12, 14)), "accept", D(2026, 12, 14))
    c = step(make(received=D(2026, 12, 14)), "request_clarification", D(2026, 12, 18), items=["写明文号"])
    assert c.clarification_due is not None and c.clarification_due.year == 2027
    consult = step(r, "start_consultation", D(2026, 12, 18), party="某公司")
    assert consult.state == "consultation"
    ext = step(r, "extend", D(2027, 1, 8), days=20, approved_by="王主任", notified_on=D(2027, 1, 8),
               reason="需调取档案")
    assert reply_due(ext, CAL).due is not None and reply_due(ext, CAL).provisional
    fee = step(r, "issue_fee_notice", D(2026, 12, 21), amount_yuan=100)
    assert fee.state == "awaiting_fee"
