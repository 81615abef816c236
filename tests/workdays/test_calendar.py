"""Working days per shared/spec/working-days.md; expected dates read from the State Council notices
and the spec's VERIFIED examples, not from this code."""

import datetime as dt
import json

import pytest

from gongkai.workdays.calendar import (Pause, WorkCalendar, default_calendar, load_schedule,
                                       schedule_from_dict)
from gongkai.casework.errors import CalendarUnavailable, ScheduleFileError

D = dt.date
CAL = default_calendar()


def test_reply_deadline_counts_national_day_makeup_sunday_and_saturday_2024():
    # Issue example: 2024 国庆 10-01..10-07 off, 9-29 (Sun) and 10-12 (Sat) are working days.
    r = CAL.add_working_days(D(2024, 9, 27), 20)
    assert r.due == D(2024, 10, 30)
    days = [d.date for d in r.counted]
    assert D(2024, 9, 29) in days and D(2024, 10, 12) in days
    assert D(2024, 10, 1) not in days and D(2024, 10, 7) not in days
    assert {d.date: d.describe() for d in r.skipped}[D(2024, 10, 1)] == "国庆节放假"


def test_reply_deadline_skips_spring_festival_2025_and_counts_makeup_saturday():
    # Issue example: 春节 2025: 1-28..2-04 off, 1-26 (Sun) and 2-08 (Sat) working days.
    r = CAL.add_working_days(D(2025, 1, 20), 20)
    assert r.due == D(2025, 2, 21)
    days = [d.date for d in r.counted]
    assert D(2025, 1, 26) in days and D(2025, 2, 8) in days
    assert all(not (D(2025, 1, 28) <= d <= D(2025, 2, 4)) for d in days)


def test_day_of_receipt_is_not_counted():
    # 2024-03-04 is a Monday: day 1 is Tuesday.
    assert CAL.add_working_days(D(2024, 3, 4), 1).due == D(2024, 3, 5)


def test_receipt_on_a_holiday_starts_on_next_working_day():
    assert CAL.add_working_days(D(2024, 10, 3), 1).due == D(2024, 10, 8)


@pytest.mark.parametrize("start,n,due", [
    (D(2025, 9, 26), 7, D(2025, 10, 13)),    # working-days.md §2 VERIFIED
    (D(2025, 9, 26), 20, D(2025, 10, 30)),
    (D(2026, 2, 10), 20, D(2026, 3, 16)),
    (D(2026, 2, 10), 40, D(2026, 4, 14)),
    (D(2025, 12, 15), 20, D(2026, 1, 13)),
])
def test_spec_verified_examples(start, n, due):
    assert CAL.add_working_days(start, n).due == due


def test_pause_days_are_not_counted_and_shown_in_trail():
    # 2024-03-04 Monday; pause Tue 03-05..Thu 03-07 → day 1 is Fri 03-08.
    r = CAL.add_working_days(D(2024, 3, 4), 1, [Pause(D(2024, 3, 5), D(2024, 3, 7), "征求第三方意见")])
    assert r.due == D(2024, 3, 8)
    assert [d for d, _ in r.paused] == [D(2024, 3, 5), D(2024, 3, 6), D(2024, 3, 7)]
    assert any("征求第三方意见" in line for line in r.trail())


def test_open_pause_stops_the_clock():
    r = CAL.add_working_days(D(2024, 3, 4), 20, [Pause(D(2024, 3, 11), None, "待缴费")])
    assert r.due is None and r.open_pause is not None
    assert len(r.counted) == 4  # Tue 03-05 .. Fri 03-08


def test_unknown_year_refuses_to_count_when_provisional_years_are_off():
    cal = WorkCalendar(library=False, provisional=False)
    with pytest.raises(CalendarUnavailable) as e:
        cal.add_working_days(D(2024, 3, 4), 5)
    assert "无法计算" in str(e.value) and "2024" in str(e.value)


def test_year_after_library_coverage_is_provisional_not_refused():
    r = CAL.add_working_days(D(2035, 12, 20), 20)
    assert r.due is not None and r.provisional and r.provisional_years == (2035, 2036)
    with pytest.raises(CalendarUnavailable):
        WorkCalendar(provisional=False).add_working_days(D(2035, 12, 20), 20)


SCHEDULE_2035 = {
    "year": 2035, "notice": "国务院办公厅关于2035年部分节假日安排的通知（测试）",
    "holidays": [{"name": "元旦", "from": "2035-01-01", "to": "2035-01-01"}],
    "makeup_workdays": [{"date": "2035-01-06", "name": "元旦"}],
}


def test_office_can_load_a_year_the_library_does_not_know(tmp_path):
    path = tmp_path / "cn_2035.json"
    path.write_text(json.dumps(SCHEDULE_2035, ensure_ascii=False), encoding="utf-8")
    cal = CAL.with_schedule(load_schedule(path))
    # 2035-01-01 (Mon) off; Sat 01-06 is a make-up day.
    r = cal.add_working_days(D(2034, 12, 31), 5)
    assert [d.date for d in r.counted] == [D(2035, 1, 2), D(2035, 1, 3), D(2035, 1, 4), D(2035, 1, 5),
                                           D(2035, 1, 6)]
    assert "2035年" in cal.version


def test_loaded_schedule_overrides_library_year():
    # An extraordinary change: pretend 2024-03-05 became a rest day.
    s = schedule_from_dict({"year": 2024, "holidays": [{"name": "特别安排", "from": "2024-03-05"}]})
    assert WorkCalendar([s]).day(D(2024, 3, 5)).kind == "holiday"


@pytest.mark.parametrize("bad,msg", [
    ({"year": 2035, "makeup_workdays": [{"date": "2035-01-03"}]}, "不是周六或周日"),
    ({"year": 2035, "holidays": [{"from": "2035-13-01"}]}, "不是 YYYY-MM-DD"),
    ({"year": 2035, "holidays": [{"from": "2036-01-01"}]}, "不在 2035 年内"),
    ({"year": 2035, "holidays": [{"from": "2035-01-05", "to": "2035-01-01"}]}, "早于开始日"),
    ({"holidays": []}, "缺少「year」"),
])
def test_schedule_file_errors_say_what_and_where(bad, msg):
    with pytest.raises(ScheduleFileError) as e:
        schedule_from_dict(bad, "cn.json")
    assert msg in str(e.value)


def test_schedule_warns_on_more_than_six_consecutive_working_days():
    s = schedule_from_dict({"year": 2035, "holidays": [{"from": "2035-01-08", "to": "2035-01-10"}],
                            "makeup_workdays": [{"date": "2035-01-06"}, {"date": "2035-01-07"}]})
    assert s.warnings and "第七条" in s.warnings[0]


def test_schedule_with_no_holiday_at_all_loads_with_a_warning():
    # an empty holidays list would silently bring back Monday–Friday counting (working-days.md §4 rule 1)
    s = schedule_from_dict({"year": 2035, "notice": "测试", "holidays": []}, "2035.json")
    assert s.year == 2035 and not s.rest_days
    assert any("没有列出任何放假日" in w and "2035.json" in w for w in s.warnings)
    s2 = schedule_from_dict({"year": 2035}, "2035.json")
    assert any("没有列出任何放假日" in w for w in s2.warnings)


def test_schedule_with_holidays_has_no_empty_schedule_warning():
    s = schedule_from_dict({"year": 2035, "holidays": [{"name": "元旦", "from": "2035-01-01"}]})
    assert not any("没有列出任何放假日" in w for w in s.warnings)
