"""The platform counts deadlines of years without a notice provisionally, and the 系统管理员 loads the notice
(issue: deadlines that never run out)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from gongkai.workdays.calendar import LIBRARY_YEARS
from gongkai.web.cases import services
from gongkai.web.cases.models import DeadlineChange

pytestmark = pytest.mark.skipif(LIBRARY_YEARS[1] >= 2027, reason="chinese-calendar already covers 2027")

#: not a published notice: a plausible 2027 text for tests (the dates are illustrative)
NOTICE_2027 = (Path(__file__).resolve().parents[2] / "workdays" / "fixtures" / "notice-2027-sample.txt").read_text(
    encoding="utf-8")


@pytest.fixture
def december(world, settings, tmp_path):
    settings.DATA_DIR = tmp_path  # an empty calendars folder: 2027 is provisional
    settings.GONGKAI_TODAY = dt.date(2026, 12, 16)
    case = services.register(world.clerk_a, requester_name="王某", applicant_type="natural_person",
                             id_document="", contact="13800000000", description="2026年预算",
                             channel="in_person", received_on=dt.date(2026, 12, 15), form="纸质")
    return case


def test_a_december_application_gets_a_provisional_deadline_with_its_reason(world, client, december):
    december.refresh_from_db()
    assert december.due == dt.date(2027, 1, 13) and december.due_provisional
    client.force_login(world.clerk_a)
    page = client.get(reverse("cases:detail", args=[december.pk])).content.decode()
    assert "2027-01-13" in page and "暂定" in page and "2027年的国务院节假日安排尚未公布" in page
    assert "None" not in page.split('id="deadline"')[1][:300]
    wl = client.get(reverse("cases:worklist") + "?tab=open").content.decode()
    assert 'id="provisional-note"' in wl and "暂定</span>" in wl
    # such a case is in the 即将到期/已超期 tabs like any other
    from django.test import override_settings
    with override_settings(GONGKAI_TODAY=dt.date(2027, 1, 11)):
        soon = client.get(reverse("cases:worklist") + "?tab=due_soon").content.decode()
    assert december.number in soon
    export = client.get(reverse("cases:export", args=["csv"])).content.decode("utf-8-sig")
    assert "期限是否暂定" in export and "暂定" in export


def test_loading_the_notice_makes_the_deadline_final_and_records_the_change(world, client, december):
    client.force_login(world.sysadmin)
    preview = client.post(reverse("cases:calendar"), {"action": "preview", "notice": NOTICE_2027}).content.decode()
    assert 'id="calendar-preview"' in preview and "2027-02-05 至 2027-02-12" in preview
    from django.conf import settings as live
    assert not list((live.DATA_DIR / "calendars").glob("*.json"))  # a preview stores nothing
    done = client.post(reverse("cases:calendar"), {"action": "load", "notice": NOTICE_2027}).content.decode()
    assert 'id="calendar-result"' in done and december.number in done
    december.refresh_from_db()
    # with the notice: 2027-01-01..03 off (Fri–Sun), so the 20th working day is still Wed 2027-01-13, now final
    assert december.due == dt.date(2027, 1, 13) and not december.due_provisional
    ch = DeadlineChange.objects.get(case=december)
    assert ch.old_provisional and not ch.new_provisional and ch.actor == "sysadmin"
    client.force_login(world.clerk_a)
    page = client.get(reverse("cases:detail", args=[december.pk])).content.decode()
    assert "期限调整" in page and "由暂定变为确定" in page
    assert 'class="badge provisional"' not in page
    from gongkai.web.auditlog.models import AuditEntry
    assert AuditEntry.objects.filter(action="calendar_load").exists()


def test_a_moved_date_already_told_to_the_applicant_shows_both_dates(world, client, december, settings):
    # a 补正 notice told the applicant a provisional last day; the notice moves it
    client.force_login(world.clerk_a)
    settings.GONGKAI_TODAY = dt.date(2027, 1, 25)  # a late notice, over 春节: statutory 4 days vs the notice's 8
    r = client.post(reverse("cases:event", args=[december.pk, "request_clarification"]),
                    {"request_clarification-version": december.version, "request_clarification-on": "2027-01-25",
                     "request_clarification-items": "写明文件名称", "request_clarification-period_days": 15},
                    follow=True)
    assert r.status_code == 200
    december.refresh_from_db()
    assert december.state == "awaiting_clarification" and december.due_provisional
    old = december.due
    changes = services.recompute_deadlines("测试：加载通知")  # nothing loaded yet: nothing moves
    assert changes == []
    from gongkai.workdays.store import CalendarStore
    from gongkai.workdays.notice import parse_notice
    CalendarStore(settings.DATA_DIR / "calendars").save(parse_notice(NOTICE_2027))
    changes = services.recompute_deadlines("测试：加载通知", actor="sysadmin")
    assert len(changes) == 1 and changes[0].told_applicant and changes[0].old_due == old
    december.refresh_from_db()
    assert (old, december.due) == (dt.date(2027, 2, 17), dt.date(2027, 2, 22)) and not december.due_provisional
    assert str(old) in changes[0].note and str(december.due) in changes[0].note and "第三十条" in changes[0].note
    wl = client.get(reverse("cases:worklist")).content.decode()
    assert 'id="deadline-changes"' in wl and "已告知申请人" in wl


def test_only_the_system_administrator_loads_a_notice(world, client):
    client.force_login(world.clerk_a)
    assert client.post(reverse("cases:calendar"), {"action": "load", "notice": NOTICE_2027}).status_code == 403


def test_an_unparseable_notice_is_refused_naming_the_line(world, client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    client.force_login(world.sysadmin)
    bad = "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n二、春节：2月35日至40日放假。\n"
    page = client.post(reverse("cases:calendar"), {"action": "load", "notice": bad}).content.decode()
    assert 'id="calendar-error"' in page and "第3行" in page
    assert not (tmp_path / "calendars").exists() or not list((tmp_path / "calendars").glob("*.json"))


def test_a_calendar_upgrade_is_noticed_at_start_and_recounts_open_cases(world, december, settings):
    from gongkai.workdays.store import CalendarStore
    from gongkai.workdays.notice import parse_notice
    assert services.recount_if_calendar_changed() == []  # first start: recorded, nothing moved
    assert services.recount_if_calendar_changed() is None
    # another process stores the notice (as `gongkai calendar import` on the server would)
    CalendarStore(settings.DATA_DIR / "calendars").save(parse_notice(NOTICE_2027))
    changes = services.recount_if_calendar_changed()
    assert [c.case_id for c in changes] == [december.pk]
    december.refresh_from_db()
    assert not december.due_provisional


NOTICE_2027_SHORT = NOTICE_2027.replace(
    "二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。2月20日（周六）上班。",
    "二、春节：2月6日（周六）至7日（周日）放假，共2天。")


def test_the_date_told_in_a_letter_is_kept_across_loads_and_the_applicant_is_never_cut_short(world, client, december,
                                                                                              settings):
    import io

    from docx import Document

    from gongkai.workdays.store import CalendarStore
    from gongkai.workdays.notice import parse_notice
    client.force_login(world.clerk_a)
    settings.GONGKAI_TODAY = dt.date(2027, 1, 25)
    client.post(reverse("cases:event", args=[december.pk, "request_clarification"]),
                {"request_clarification-version": december.version, "request_clarification-on": "2027-01-25",
                 "request_clarification-items": "写明文件名称", "request_clarification-period_days": 15})
    december.refresh_from_db()
    assert december.due == dt.date(2027, 2, 17) and december.due_provisional
    store = CalendarStore(settings.DATA_DIR / "calendars")
    # a notice with a shorter 春节 counts the period to 2月15日, but the letter told 2月17日: the later one binds
    store.save(parse_notice(NOTICE_2027_SHORT))
    services.recompute_deadlines("加载（短）", actor="sysadmin")
    december.refresh_from_db()
    assert december.due == dt.date(2027, 2, 17) and not december.due_provisional
    settings.GONGKAI_TODAY = dt.date(2027, 2, 16)
    page = client.get(reverse("cases:detail", args=[december.pk])).content.decode()
    assert "逾期未补正" not in page.split('id="deadline"')[1][:400]
    r = client.post(reverse("cases:event", args=[december.pk, "clarification_lapsed"]),
                    {"clarification_lapsed-version": december.version, "clarification_lapsed-on": "2027-02-16"},
                    follow=True).content.decode()
    assert "尚未届满" in r and "2027-02-17" in r
    # the letter as sent, whatever the calendar says now
    letter = client.get(reverse("cases:letter", args=[december.pk, "clarification", 1]))
    text = "\n".join(p.text for p in Document(io.BytesIO(letter.content)).paragraphs)
    assert "暂按法定节假日推算至2027年2月17日" in text
    # a second load (the real notice, longer 春节): the change quotes the date told, not the previous count
    store.save(parse_notice(NOTICE_2027))
    changes = services.recompute_deadlines("加载（正式）", actor="sysadmin")
    assert len(changes) == 1 and changes[0].new_due == dt.date(2027, 2, 22)
    assert changes[0].told_applicant and "已告知申请人于 2027-02-17 前补正" in changes[0].note
