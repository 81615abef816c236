"""条例第二十六条: 20 working days from formation or change, with the State Council holiday schedule.

Expected dates worked out by hand from the 国务院办公厅 holiday notices (see shared/spec/working-days.md
§2, whose 2025-09-26 → 2025-10-30 example is the same 20-working-day count).
"""

import datetime as dt

from gongkai.workdays.calendar import WorkCalendar
from gongkai.publications import SpecialDeadline, overdue_items, publication_deadline, timeliness
from gongkai.publications.workflow import approve, sign_off, submit

from .helpers import CLERK_LI, REVIEWER_WANG, SIGNATORY_ZHANG, at, ready_item


def test_deadline_across_national_day_counts_makeup_sunday_and_saturday():
    # formed Fri 2025-09-26: 9-29, 9-30 …; 9-28 (Sun) and 10-11 (Sat) are 调休上班; 10-01..10-08 放假
    dl = publication_deadline(ready_item(formed="2025-09-26"))
    assert dl.due == dt.date(2025, 10, 30)
    trail = "\n".join(dl.trail())
    assert "条例第二十六条" in trail and "国庆节放假" in trail and "调休上班" in trail


def test_deadline_across_spring_festival_2025():
    # formed Mon 2025-01-20: Jan 21–24 (4), Sun Jan 26 调休 (5), Jan 27 (6), Jan 28–Feb 4 春节,
    # Feb 5–7 (9), Sat Feb 8 调休 (10), Feb 10–14 (15), Feb 17–21 (20)
    assert publication_deadline(ready_item(formed="2025-01-20")).due == dt.date(2025, 2, 21)


def test_deadline_runs_from_the_change_date_when_information_changed():
    p = ready_item(formed="2024-01-02", changed_on=dt.date(2025, 9, 26))
    dl = publication_deadline(p)
    assert dl.due == dt.date(2025, 10, 30) and dl.start_label == "变更之日"


def test_special_deadline_set_by_law_takes_precedence():
    p = ready_item(formed="2025-09-26", special_deadline=SpecialDeadline(5, "某法第十条"))
    # 9-28 (Sun, 调休), 9-29, 9-30, then 10-09, 10-10
    dl = publication_deadline(p)
    assert dl.due == dt.date(2025, 10, 10) and "从其规定" in dl.basis


def test_unpublished_item_past_20_working_days_is_flagged_overdue():
    p = submit(ready_item(formed="2025-09-26"), actor=CLERK_LI, at=at("2025-09-29"))
    assert timeliness(p, dt.date(2025, 10, 30)).status == "pending"
    t = timeliness(p, dt.date(2025, 10, 31))
    assert t.status == "overdue" and t.flagged and t.days_late == 1
    assert [x.item_id for x in overdue_items([p], dt.date(2025, 11, 3))] == ["P1"]


def test_item_published_after_its_deadline_is_late_and_before_is_on_time():
    p = approve(submit(ready_item(formed="2025-09-26"), actor=CLERK_LI, at=at("2025-09-29")),
                actor=REVIEWER_WANG, at=at("2025-10-30"))
    assert timeliness(sign_off(p, actor=SIGNATORY_ZHANG, at=at("2025-10-30", 16)), dt.date(2025, 12, 31)).status == "on_time"
    late = timeliness(sign_off(p, actor=SIGNATORY_ZHANG, at=at("2025-10-31")), dt.date(2025, 12, 31))
    assert late.status == "late" and late.days_late == 1


def test_non_proactive_items_have_no_publication_deadline():
    from gongkai.publications import Classification
    p = ready_item(classification=Classification("withheld", ground="state_secret", reason="定密"))
    assert timeliness(p, dt.date(2030, 1, 1)).status == "not_applicable"


def test_year_without_a_holiday_schedule_is_provisional_not_refused():
    t = timeliness(ready_item(formed="2025-09-26"), dt.date(2025, 12, 1), WorkCalendar(library=False))
    assert t.status == "overdue" and t.provisional and "期限暂定" in t.message


def test_year_without_a_holiday_schedule_is_neither_overdue_nor_on_time_when_provisional_years_are_off():
    cal = WorkCalendar(library=False, provisional=False)
    t = timeliness(ready_item(formed="2025-09-26"), dt.date(2025, 12, 1), cal)
    assert t.status == "calendar_unavailable" and not t.flagged and "节假日安排" in t.message
