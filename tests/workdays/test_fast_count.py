"""The year-at-a-time count (``WorkCalendar.add_working_days``, ``working_days_excluding``, ``working_days_between``)
gives exactly what walking day by day gives: the same due date, the same trail (counted, skipped and paused days,
open pause), the same refusal (CalendarUnavailable, the 9999 limit) — for random dates and spans across years,
with pauses, on calendars with loaded notices (spilling into the year before), forced changes of built-in years,
provisional years and years no source covers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from gongkai.errors import GongkaiError
from gongkai.workdays.calendar import Pause, WorkCalendar, WorkingDayCount
from gongkai.workdays.notice import parse_notice

D = dt.date
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _notice(name: str, replace: tuple[str, str] | None = None):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    return parse_notice(text)


N2019 = _notice("notices/2019.txt")  # 元旦 from 2018-12-30, 2018-12-29 上班: days of the year before
N2023 = _notice("notices/2023.txt")  # 2022-12-31 off
N2027 = _notice("notice-2027-sample.txt")
N2026_LONGER = _notice("notices/2026.txt", ("2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天",
                                            "2月15日（农历腊月二十八、周日）至24日（农历正月初八、周二）放假调休，共10天"))


def _calendars():
    return {
        "package": WorkCalendar(),
        "notices": WorkCalendar([N2019, N2023, N2026_LONGER, N2027]),
        "notices, no package": WorkCalendar([N2019, N2027], library=False),
        # 2018: only the 2019 notice's three days can be classified; 2020–2026 and 2028 on: none
        "notices only": WorkCalendar([N2019, N2027], library=False, provisional=False),
        "package, no provisional": WorkCalendar([N2027], provisional=False),
    }


CALENDARS = list(_calendars())


# --- the day-by-day walk (the code before the year-at-a-time count), the reference ---------------------------

def walk_add(cal: WorkCalendar, start: dt.date, n: int, pauses=()) -> WorkingDayCount:
    if n < 0:
        raise ValueError(f"工作日数不能为负数：{n}")
    pauses = tuple(sorted(pauses, key=lambda p: p.start))
    res = WorkingDayCount(start, n, None, pauses=pauses, calendar_version=cal.version)
    d = start
    if n == 0:
        res.due = start
        return res
    while True:
        if d >= dt.date.max - dt.timedelta(days=1):
            raise GongkaiError(f"从 {start} 起算 {n} 个工作日超出了可计算的日期范围（公元9999年），请核对日期。")
        d += dt.timedelta(days=1)
        p = next((p for p in pauses if p.covers(d)), None)
        if p is not None:
            if p.end is None:
                res.open_pause = p
                return res
            res.paused.append((d, p.reason))
            continue
        info = cal.day(d)
        if info.working:
            res.counted.append(info)
            if len(res.counted) == n:
                res.due = d
                return res
        else:
            res.skipped.append(info)


def walk_between(cal: WorkCalendar, start: dt.date, end: dt.date, pauses=()) -> int:
    n, d = 0, start
    while d < end and d < dt.date.max:
        d += dt.timedelta(days=1)
        if any(p.covers(d) for p in pauses):
            continue
        if cal.day(d).working:
            n += 1
    return n


def outcome(f, *args):
    try:
        return "ok", f(*args)
    except GongkaiError as e:  # CalendarUnavailable is one
        return type(e).__name__, str(e)


pause_st = st.tuples(st.integers(-40, 400), st.integers(0, 80), st.booleans(), st.sampled_from(["征求第三方意见", "缴费"]))


def _pauses(start, spec):
    out = []
    for offset, length, open_, reason in spec:
        a = start + dt.timedelta(days=offset)
        out.append(Pause(a, None if open_ and length % 5 == 0 else a + dt.timedelta(days=length), reason))
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(CALENDARS), start=st.dates(D(2003, 6, 1), D(2036, 12, 31)), n=st.integers(0, 500),
       spec=st.lists(pause_st, max_size=3))
def test_adding_working_days_equals_the_day_by_day_walk(name, start, n, spec):
    fast, slow = _calendars()[name], _calendars()[name]  # separate caches: neither helps the other
    pauses = _pauses(start, spec)
    assert outcome(fast.add_working_days, start, n, pauses) == outcome(walk_add, slow, start, n, pauses)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(CALENDARS), start=st.dates(D(2003, 6, 1), D(2036, 12, 31)),
       span=st.integers(-30, 900), spec=st.lists(pause_st, max_size=3))
def test_counting_working_days_between_equals_the_day_by_day_walk(name, start, span, spec):
    fast, slow = _calendars()[name], _calendars()[name]
    end = start + dt.timedelta(days=span)
    pauses = _pauses(start, spec)
    assert outcome(fast.working_days_excluding, start, end, pauses) == outcome(walk_between, slow, start, end, pauses)
    assert outcome(fast.working_days_between, start, end) == outcome(walk_between, slow, start, end)


def test_one_calendar_reused_for_many_counts_gives_the_walks_answers():
    # the year tables are kept in the calendar: later counts read tables earlier ones built
    fast, slow = WorkCalendar([N2019, N2027]), WorkCalendar([N2019, N2027])
    day = D(2018, 12, 1)
    while day < D(2028, 2, 1):
        for n in (1, 5, 20, 40):
            assert fast.add_working_days(day, n) == walk_add(slow, day, n)
        day += dt.timedelta(days=11)


@pytest.mark.parametrize("name", CALENDARS)
def test_around_new_year_and_a_year_known_only_by_a_notice_s_first_days(name):
    # "notices only": of 2018 only 12-29 (上班), 12-30 and 12-31 (元旦, the 2019 notice) can be classified
    fast, slow = _calendars()[name], _calendars()[name]
    for start in (D(2018, 12, 20) + dt.timedelta(days=i) for i in range(18)):
        for n in range(0, 8):
            for pauses in ([], [Pause(D(2018, 12, 30), D(2019, 1, 2))], [Pause(D(2018, 12, 26), D(2018, 12, 28))],
                           [Pause(D(2018, 12, 31), None)]):
                assert outcome(fast.add_working_days, start, n, pauses) == outcome(walk_add, slow, start, n, pauses)
                end = start + dt.timedelta(days=n)
                assert (outcome(fast.working_days_excluding, start, end, pauses)
                        == outcome(walk_between, slow, start, end, pauses))
    assert fast.add_working_days(D(2018, 12, 28), 1).due == D(2018, 12, 29) if name == "notices only" else True


@pytest.mark.parametrize("start, n", [(D(9999, 12, 1), 100), (D(9999, 12, 29), 1), (D(9999, 12, 30), 1),
                                      (D(9999, 11, 1), 5), (D(9999, 12, 31), 0)])
def test_the_end_of_the_calendar_is_refused_as_the_walk_refused_it(start, n):
    fast, slow = WorkCalendar(), WorkCalendar()
    assert outcome(fast.add_working_days, start, n) == outcome(walk_add, slow, start, n)
    assert outcome(fast.working_days_between, start, dt.date.max) == outcome(walk_between, slow, start, dt.date.max)
    pauses = [Pause(D(9999, 12, 30), D(9999, 12, 31))]
    assert outcome(fast.add_working_days, start, n, pauses) == outcome(walk_add, slow, start, n, pauses)


def test_the_known_2027_count_on_the_loaded_notice():
    # read from the sample notice: 春节 2月5日–12日 off, 2月20日 (Sat) 上班; from Mon 2027-01-25, 20 working days
    # are 1-26…1-29, 2-1…2-4, 2-15…2-19, 2-20, 2-22…2-26, 3-1
    r = WorkCalendar([N2027]).add_working_days(D(2027, 1, 25), 20)
    assert r.due == D(2027, 3, 1) and not r.provisional
    assert [d.date for d in r.counted if d.kind == "makeup"] == [D(2027, 2, 20)]
    assert [d.date for d in r.skipped if d.kind == "holiday"] == [D(2027, 2, 5) + dt.timedelta(days=i)
                                                                  for i in range(8)]
    with pytest.raises(ValueError, match="不能为负数"):
        WorkCalendar().add_working_days(D(2027, 1, 25), -1)
