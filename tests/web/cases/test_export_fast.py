"""Issue 16: the worklist's XLSX export of thousands of cases — what the file holds, and the stored timeliness
copies that keep it fast (used only while their stamp is current, recomputed otherwise)."""

from __future__ import annotations

import datetime as dt
import io

from django.db import DatabaseError
from django.db.models import F
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.casework.deadlines import timeliness
from gongkai.web.auditlog.models import AuditEntry
from gongkai.web.cases import services
from gongkai.web.cases.engine import to_request
from gongkai.web.cases.models import DisclosureRequest, TimelinessCopy
from gongkai.web.cases.views import EXPORT_COLUMNS


def _close(world, case, reply_on: dt.date):
    case = services.apply_event(world.clerk_a, case, case.version, "accept", dt.date(2025, 3, 4))
    return services.apply_event(world.clerk_a, case, case.version, "respond", reply_on, {"disposition": "granted"})


def _export(client):
    r = client.get(reverse("cases:export", args=["xlsx"]) + "?tab=all")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    return [list(row) for row in load_workbook(io.BytesIO(r.content)).active.iter_rows()]


def test_the_xlsx_export_holds_headers_typed_values_masked_personal_data_and_is_logged(world, client):
    # received Mon 2025-03-03, answered Fri 2025-03-14: working days 3-4…3-7 and 3-10…3-14 = 9, within 20 (按期)
    _close(world, world.case_a, dt.date(2025, 3, 14))
    client.force_login(world.clerk_a)  # not allowed to see personal data
    rows = _export(client)
    assert [c.value for c in rows[0]] == [label for _, label in EXPORT_COLUMNS]
    col = {label: i for i, (_, label) in enumerate(EXPORT_COLUMNS)}
    row = next(r for r in rows[1:] if r[0].value == world.case_a.number)
    assert len(rows) == 2  # the clerk's office has this one case
    assert row[0].data_type == "s" and row[col["机关"]].value == "甲镇人民政府"
    received = row[col["收到申请之日"]]
    assert received.is_date and received.value.date() == dt.date(2025, 3, 3)
    closed = row[col["办结日期"]]
    assert closed.is_date and closed.value.date() == dt.date(2025, 3, 14)
    assert row[col["联系方式"]].value == "138****5678"
    assert "110101199001011234" not in str(row[col["身份证明"]].value)
    used = row[col["用时（工作日）"]]
    assert used.value == 9 and used.data_type == "n"
    assert row[col["按期情况"]].value == "按期"
    assert row[col["逾期工作日"]].value is None  # on time: the cell is blank, not 0
    assert row[col["期限届满日"]].value is None  # a closed case has no running deadline
    entry = AuditEntry.objects.filter(action="export").latest("id")
    assert entry.new == {"what": "办件清单", "format": "xlsx", "rows": 1, "personal_data": False}
    world.clerk_a.view_personal_data = True
    world.clerk_a.save()
    row = _export(client)[1]
    assert row[col["联系方式"]].value == "13812345678" and row[col["身份证明"]].value == "居民身份证 110101199001011234"


def test_a_late_reply_shows_its_working_days_late_as_a_number(world, client, settings):
    # 20 working days from Mon 2025-03-03 end on Mon 2025-03-31; a reply on Wed 2025-04-02 took 22 working days
    # (March 4–31: 20, April 1–2: 2) and is 2 working days late
    settings.GONGKAI_TODAY = dt.date(2025, 4, 30)
    _close(world, world.case_a, dt.date(2025, 4, 2))
    client.force_login(world.clerk_a)
    col = {label: i for i, (_, label) in enumerate(EXPORT_COLUMNS)}
    row = _export(client)[1]
    assert row[col["用时（工作日）"]].value == 22 and row[col["逾期工作日"]].value == 2
    assert row[col["按期情况"]].value == "逾期 2 个工作日"


def _fresh(case):
    case = DisclosureRequest.objects.get(pk=case.pk)
    return timeliness(to_request(case))


def test_the_stored_copy_is_used_while_its_stamp_is_current_and_recomputed_when_anything_it_rests_on_changed(
        world, monkeypatch):
    case = _close(world, world.case_a, dt.date(2025, 3, 14))
    qs = DisclosureRequest.objects.filter(agency=world.a)
    first = services.timeliness_of(qs)
    assert first == {case.pk: _fresh(case)} and first[case.pk].working_days_used == 9
    copy = TimelinessCopy.objects.get(case=case)

    def forge():
        TimelinessCopy.objects.filter(pk=copy.pk).update(data={**copy.data, "label": "伪造", "used": 99})

    forge()  # the copy is what is read while its stamp holds (proves the copy is used at all)
    assert services.timeliness_of(qs)[case.pk].label == "伪造"
    # a new version of the case (any event or edit bumps it)
    DisclosureRequest.objects.filter(pk=case.pk).update(version=F("version") + 1)
    assert services.timeliness_of(qs) == {case.pk: _fresh(case)}
    # a row changed without a version bump: 收到申请之日
    forge()
    DisclosureRequest.objects.filter(pk=case.pk).update(received_on=dt.date(2025, 3, 4))
    again = services.timeliness_of(qs)[case.pk]
    assert again == _fresh(case) and again.working_days_used == 8  # 3-5…3-7 and 3-10…3-14
    # another calendar, or other engine code
    forge()
    monkeypatch.setitem(services._DIGESTS, "code", "other code")
    assert services.timeliness_of(qs) == {case.pk: _fresh(case)}
    # a copy that cannot be written is only not kept
    TimelinessCopy.objects.all().delete()

    def refuse(*a, **k):
        raise DatabaseError("locked")

    monkeypatch.setattr(TimelinessCopy.objects, "bulk_create", refuse)
    assert services.timeliness_of(qs) == {case.pk: _fresh(case)} and not TimelinessCopy.objects.exists()


def test_open_cases_have_no_timeliness_and_a_deleted_case_takes_its_copy_with_it(world):
    case = _close(world, world.case_a, dt.date(2025, 3, 14))
    qs = DisclosureRequest.objects.filter(agency__in=[world.a, world.b])
    assert set(services.timeliness_of(qs)) == {case.pk}  # case_b is open
    assert TimelinessCopy.objects.count() == 1
    DisclosureRequest.objects.filter(pk=case.pk).delete()
    assert not TimelinessCopy.objects.exists()
