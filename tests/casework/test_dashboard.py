"""Dashboard queries: due within N working days, overdue, paused, by handler (today is a parameter)."""

from gongkai.workdays.calendar import WorkCalendar
from gongkai.casework.deadlines import by_handler, case_status, due_within, overdue, paused
from gongkai.casework.workflow import step

from .helpers import D, in_state, make


def _cases():
    a = step(make(D(2024, 3, 4), id="A", handler="李四"), "accept", D(2024, 3, 4))   # due Mon 04-01
    b = step(make(D(2024, 3, 18), id="B", handler="王五"), "accept", D(2024, 3, 18))  # due later
    c = step(step(make(D(2024, 3, 4), id="C", handler="王五"), "accept", D(2024, 3, 4)),
             "start_consultation", D(2024, 3, 6), party="某公司")
    d = in_state("closed")
    return [a, b, c, d]


def test_due_within_counts_working_days_from_today():
    # today Wed 2024-03-27: A due Mon 04-01 → 3 working days left (03-28, 03-29, 04-01)
    s = due_within(_cases(), 3, D(2024, 3, 27))
    assert [x.request_id for x in s] == ["A"] and s[0].working_days_left == 3
    assert due_within(_cases(), 2, D(2024, 3, 27)) == []


def test_overdue_is_after_the_due_day_only():
    assert overdue(_cases(), D(2024, 4, 1)) == []
    s = overdue(_cases(), D(2024, 4, 2))
    assert [x.request_id for x in s] == ["A"] and s[0].working_days_left == -1


def test_paused_lists_consultation_and_it_is_never_overdue():
    assert [x.request_id for x in paused(_cases(), D(2024, 6, 3))] == ["C"]
    assert "C" not in [x.request_id for x in overdue(_cases(), D(2024, 6, 3))]


def test_by_handler_counts():
    stats = by_handler(_cases(), D(2024, 3, 27))
    assert stats["李四"] == {"open": 1, "paused": 0, "overdue": 0, "due_soon": 1}
    assert stats["王五"]["open"] == 2 and stats["王五"]["paused"] == 1


def test_unknown_calendar_year_is_neither_overdue_nor_on_time():
    s = case_status(_cases()[0], D(2024, 3, 27), WorkCalendar(library=False, provisional=False))
    assert s.calendar_error and not s.overdue and s.due is None
