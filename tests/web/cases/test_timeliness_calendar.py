"""用时 / 按期情况 are counted on the office's calendar — the one its deadlines are counted on (chinese-calendar plus
the notices the office loaded) — everywhere they are shown: the case page, the worklist export, the annual
report's 按期答复率; and a case's timeliness copy is written when it concludes.

Expected values are read from the notices by hand (see each test), not from running our code."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.casework.deadlines import timeliness
from gongkai.web.cases import services
from gongkai.web.cases.engine import to_request
from gongkai.web.cases.models import DisclosureRequest, TimelinessCopy
from gongkai.web.cases.views import EXPORT_COLUMNS
from gongkai.workdays.calendar import LIBRARY_YEARS, default_calendar
from gongkai.workdays.notice import parse_notice
from gongkai.workdays.store import CalendarStore

FIXTURES = Path(__file__).resolve().parents[2] / "workdays" / "fixtures"
#: not a published notice: a plausible 2027 text for tests (the dates are illustrative)
NOTICE_2027 = (FIXTURES / "notice-2027-sample.txt").read_text(encoding="utf-8")
#: the real 2026 notice with 春节 made one day longer (as 2020's was extended): 2月24日 (Tue) off too
NOTICE_2026_LONGER = (FIXTURES / "notices" / "2026.txt").read_text(encoding="utf-8").replace(
    "2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天",
    "2月15日（农历腊月二十八、周日）至24日（农历正月初八、周二）放假调休，共10天")


def _case(world, received_on: dt.date):
    return services.register(world.clerk_a, requester_name="王某", applicant_type="natural_person",
                             id_document="", contact="13800000000", description="预算",
                             channel="in_person", received_on=received_on, form="纸质")


def _answered(world, received_on, reply_on):
    case = _case(world, received_on)
    case = services.apply_event(world.clerk_a, case, case.version, "accept", received_on)
    accepted = DisclosureRequest.objects.get(pk=case.pk)
    case = services.apply_event(world.clerk_a, case, case.version, "respond", reply_on, {"disposition": "granted"})
    return accepted, case


def _export_row(client, number):
    r = client.get(reverse("cases:export", args=["xlsx"]) + "?tab=all")
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(r.content)).active.iter_rows()]
    col = {label: i for i, (_, label) in enumerate(EXPORT_COLUMNS)}
    row = next(x for x in rows[1:] if x[0] == number)
    return {k: row[col[k]] for k in ("用时（工作日）", "按期情况", "逾期工作日")}


def _everywhere(world, client, case, year):
    """The case's timeliness as the case page, the export and the annual report's rate see it."""
    client.force_login(world.clerk_a)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    line = page.split('id="timeliness">')[1].split("</p>")[0]
    rate = {r.agency: r for r in services.timeliness_rates_for([world.a.id], year)}[world.a.name]
    return line, _export_row(client, case.number), rate


def test_a_notice_that_lengthens_a_holiday_of_a_built_in_year_moves_on_time_and_late_as_it_moves_the_deadline(
        world, client, settings, tmp_path):
    # chinese-calendar 2026: 2月14日 (Sat) 上班, 2月15日–23日 off, 2月28日 (Sat) 上班.  Received Mon 2026-02-02:
    # 2-3…2-6 (4), 2-9…2-13 (9), 2-14 (10), 2-24…2-27 (14), 2-28 (15), 3-2…3-6 (20): due Fri 2026-03-06.
    # The office's notice adds 2月24日: 2-25…2-27 (13), 2-28 (14), 3-2…3-6 (19), 3-9 (20): due Mon 2026-03-09.
    # A reply on 3-9 is on time after 20 working days (by the package alone: 1 day late after 21).
    settings.DATA_DIR = tmp_path
    settings.GONGKAI_TODAY = dt.date(2026, 3, 20)
    CalendarStore(tmp_path / "calendars").save(parse_notice(NOTICE_2026_LONGER), force=True)
    accepted, case = _answered(world, dt.date(2026, 2, 2), dt.date(2026, 3, 9))
    assert accepted.due == dt.date(2026, 3, 9)  # the deadline the office was shown
    line, row, rate = _everywhere(world, client, case, 2026)
    assert "按期" in line and "用时 20 个工作日" in line and "2026年3月9日" in line
    assert row == {"用时（工作日）": 20, "按期情况": "按期", "逾期工作日": None}
    assert (rate.on_time, rate.late, rate.provisional, rate.rate_text) == (1, 0, 0, "100.0%")
    # the package alone says otherwise: what the platform used to show
    old = timeliness(to_request(case), default_calendar())
    assert (old.status, old.due, old.working_days_used, old.working_days_late) == ("late", dt.date(2026, 3, 6), 21, 1)


def test_a_reply_a_day_after_the_office_deadline_is_late_by_one_working_day(world, client, settings, tmp_path):
    # as above, replied Tue 2026-03-10: the 21st working day, 1 after the due date 3-09
    settings.DATA_DIR = tmp_path
    settings.GONGKAI_TODAY = dt.date(2026, 3, 20)
    CalendarStore(tmp_path / "calendars").save(parse_notice(NOTICE_2026_LONGER), force=True)
    _, case = _answered(world, dt.date(2026, 2, 2), dt.date(2026, 3, 10))
    line, row, rate = _everywhere(world, client, case, 2026)
    assert "逾期 1 个工作日" in line and "用时 21 个工作日" in line
    assert row == {"用时（工作日）": 21, "按期情况": "逾期 1 个工作日", "逾期工作日": 1}
    assert (rate.on_time, rate.late, rate.rate_text) == (0, 1, "0.0%")


needs_2027_uncovered = pytest.mark.skipif(LIBRARY_YEARS[1] >= 2027, reason="chinese-calendar already covers 2027")


@needs_2027_uncovered
@pytest.mark.parametrize("reply_on, used, status, late", [
    # the loaded 2027 notice: 春节 2月5日–12日 off, 2月20日 (Sat) 上班.  Received Mon 2027-01-25: 1-26…1-29 (4),
    # 2-1…2-4 (8), 2-15…2-19 (13), 2-20 (14), 2-22…2-26 (19), 3-1 (20): due Mon 2027-03-01
    (dt.date(2027, 2, 26), 19, "按期", None),
    (dt.date(2027, 3, 1), 20, "按期", None),
    (dt.date(2027, 3, 3), 22, "逾期 2 个工作日", 2),
])
def test_a_year_only_a_loaded_notice_covers_is_counted_final_on_it_not_provisional(
        world, client, settings, tmp_path, reply_on, used, status, late):
    settings.DATA_DIR = tmp_path
    settings.GONGKAI_TODAY = dt.date(2027, 3, 20)
    CalendarStore(tmp_path / "calendars").save(parse_notice(NOTICE_2027))
    accepted, case = _answered(world, dt.date(2027, 1, 25), reply_on)
    assert accepted.due == dt.date(2027, 3, 1) and not accepted.due_provisional
    line, row, rate = _everywhere(world, client, case, 2027)
    assert status in line and "暂定" not in line and "2027年3月1日" in line
    assert row == {"用时（工作日）": used, "按期情况": status, "逾期工作日": late}
    assert rate.provisional == 0 and rate.counted == 1
    # the package alone has no 2027: the platform used to say 期限暂定 beside a final deadline
    assert timeliness(to_request(case), default_calendar()).status == "provisional"


@needs_2027_uncovered
def test_without_the_notice_the_year_stays_provisional_and_loading_it_makes_the_stored_copy_stale(
        world, client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.GONGKAI_TODAY = dt.date(2027, 3, 20)
    _, case = _answered(world, dt.date(2027, 1, 25), dt.date(2027, 2, 26))
    client.force_login(world.clerk_a)
    assert _export_row(client, case.number)["按期情况"] == "期限暂定"
    assert services.timeliness_rates_for([world.a.id], 2027)[0].provisional == 1
    CalendarStore(tmp_path / "calendars").save(parse_notice(NOTICE_2027))
    assert _export_row(client, case.number) == {"用时（工作日）": 19, "按期情况": "按期", "逾期工作日": None}
    assert services.timeliness_rates_for([world.a.id], 2027)[0].on_time == 1


def test_a_year_outside_every_calendar_gives_a_clear_message_never_a_count_of_weekends_only(
        world, client, settings, tmp_path, monkeypatch):
    # an office calendar that refuses years without a schedule (WorkCalendar(provisional=False)): the first
    # year after the package's is then outside every calendar
    from gongkai.web import workcalendar
    from gongkai.workdays.calendar import WorkCalendar
    year = LIBRARY_YEARS[1] + 1
    settings.DATA_DIR = tmp_path
    settings.GONGKAI_TODAY = dt.date(year, 4, 1)
    _, case = _answered(world, dt.date(year, 3, 1), dt.date(year, 3, 15))  # counted provisionally meanwhile
    monkeypatch.setattr(workcalendar, "office_calendar", lambda root=None: WorkCalendar(provisional=False))
    t = services.timeliness_of(DisclosureRequest.objects.filter(pk=case.pk))[case.pk]
    assert (t.status, t.label, t.working_days_used, t.due) == ("provisional", "期限暂定", None, None)
    assert str(year) in t.note and "节假日" in t.note  # CalendarUnavailable's Chinese message
    line, row, rate = _everywhere(world, client, case, year)
    assert "期限暂定" in line and str(year) in line
    assert row == {"用时（工作日）": None, "按期情况": "期限暂定", "逾期工作日": None}
    assert (rate.on_time, rate.late, rate.provisional, rate.rate) == (0, 0, 1, None)


# --- the copy written when a case concludes ----------------------------------------------------------------------

def test_concluding_a_case_writes_its_timeliness_copy_and_the_export_reads_it_without_replaying(
        world, client, monkeypatch):
    # received Mon 2025-03-03, answered Fri 2025-03-14: 9 working days, on time
    case = services.apply_event(world.clerk_a, world.case_a, world.case_a.version, "accept", dt.date(2025, 3, 4))
    assert not TimelinessCopy.objects.exists()  # open: nothing to keep
    case = services.apply_event(world.clerk_a, case, case.version, "respond", dt.date(2025, 3, 14),
                                {"disposition": "granted"})
    copy = TimelinessCopy.objects.get(case=case)
    assert copy.data["status"] == "on_time" and copy.data["used"] == 9

    def no_replay(*a, **k):
        raise AssertionError("the copy written at conclusion should have been used")

    monkeypatch.setattr(services, "_timeliness_computed", no_replay)
    got = services.timeliness_of(DisclosureRequest.objects.filter(agency=world.a))
    monkeypatch.undo()
    assert got == {case.pk: timeliness(to_request(DisclosureRequest.objects.get(pk=case.pk)), services.office_cal())}
    # an edit after conclusion bumps the version: the copy is stale and computed again
    DisclosureRequest.objects.filter(pk=case.pk).update(received_on=dt.date(2025, 3, 4),
                                                        version=case.version + 1)
    assert services.timeliness_of(DisclosureRequest.objects.filter(agency=world.a))[case.pk].working_days_used == 8


def test_a_withdrawal_keeps_its_copy_too_and_a_refused_event_writes_none(world):
    from gongkai.casework.errors import TransitionRefused
    case = world.case_a
    with pytest.raises(TransitionRefused):
        services.apply_event(world.clerk_a, case, case.version, "respond", dt.date(2025, 3, 1),
                             {"disposition": "granted"})  # before 收到申请之日 (2025-03-03)
    assert not TimelinessCopy.objects.exists()
    case = services.apply_event(world.clerk_a, case, case.version, "withdraw", dt.date(2025, 3, 5))
    assert TimelinessCopy.objects.get(case=case).data["status"] == "not_applicable"


def test_a_copy_written_in_a_transaction_that_fails_is_undone_with_it(world):
    from django.db import transaction
    case = services.apply_event(world.clerk_a, world.case_a, world.case_a.version, "accept", dt.date(2025, 3, 4))
    with pytest.raises(RuntimeError), transaction.atomic():
        services.apply_event(world.clerk_a, case, case.version, "respond", dt.date(2025, 3, 14),
                             {"disposition": "granted"})
        raise RuntimeError("later step fails")
    assert not TimelinessCopy.objects.exists() and DisclosureRequest.objects.get(pk=case.pk).state == "in_progress"


# --- 主动公开: the same class (the register and the item page) ---------------------------------------------------

def test_a_publication_s_timeliness_is_counted_on_the_office_calendar_like_its_deadline(world, settings, tmp_path):
    # formed Mon 2026-02-02: 20 working days end on 2026-03-06 by the package, 2026-03-09 with the office's notice
    # (2月24日 off too, as in the first test).  On 2026-03-09, unpublished, it is due today, not overdue.
    import re

    from django.test import Client
    from tests.web.publications.helpers import draft
    settings.DATA_DIR = tmp_path
    settings.GONGKAI_TODAY = dt.date(2026, 3, 9)
    CalendarStore(tmp_path / "calendars").save(parse_notice(NOTICE_2026_LONGER), force=True)
    clerk = Client()
    clerk.force_login(world.clerk_a)
    pk = draft(clerk, title="按本机关日历计算期限的信息", formed_on="2026-02-02", reviewed_on="2026-02-03")
    page = clerk.get(f"/publications/{pk}/").content.decode()
    assert "应于 <strong>2026-03-09</strong> 前公开" in page and 'class="flag"' not in page
    register = clerk.get("/publications/").content.decode()
    assert "已超期未公开" not in register and not re.search(r"期限未公开：\d+条", register)
    settings.GONGKAI_TODAY = dt.date(2026, 3, 10)  # one working day later it is
    page = clerk.get(f"/publications/{pk}/").content.decode()
    assert 'class="flag"' in page and "已过 1 个工作日" in page
    assert "超过条例第二十六条20个工作日期限未公开：1条" in clerk.get("/publications/").content.decode()


def test_the_concluded_rows_of_an_imported_ledger_get_their_copies_and_the_open_one_none(world, client, monkeypatch):
    from tests.web.cases.test_casework_ui import _ledger_xlsx
    client.force_login(world.clerk_a)
    rows = [["2024-101", "张三", "自然人", "", "", "某项目批复", "网络", "2025-01-06", "2025-01-20", "予以公开"],
            ["2024-102", "某公司", "商业企业", "", "", "中标结果", "邮寄", "2025-03-03", "", ""],
            ["2024-103", "李四", "自然人", "", "", "预算", "当面", "2025-01-08", "2025-01-10", "撤回"]]
    client.post(reverse("cases:import"), {"ledger": _ledger_xlsx(rows)})
    by = {c.number: c for c in DisclosureRequest.objects.filter(number__startswith="2024-1")}
    assert set(TimelinessCopy.objects.values_list("case__number", flat=True)) == {"2024-101", "2024-103"}
    monkeypatch.setattr(services, "_timeliness_computed", lambda *a, **k: {})  # no replay: the copies are read
    got = services.timeliness_of(DisclosureRequest.objects.filter(number__startswith="2024-1"))
    assert got[by["2024-101"].pk].label == "不适用（台账导入，办理过程不在记录中）"
    assert got[by["2024-103"].pk].status == "not_applicable" and by["2024-102"].pk not in got
