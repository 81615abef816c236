"""Issue 15, remaining defect 1: an open 整改 item issued from a report that is then reassigned to another unit
(改派) or voided (作废) was left open, addressed to a unit whose report it is not.  It is cancelled with the
reason (logged), and the supervisor can issue it again to the unit the report now belongs to."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.web.auditlog.models import AuditEntry
from gongkai.web.clock import today
from gongkai.web.supervision import services
from gongkai.web.supervision.models import Rectification

from .conftest import batch_of, sample_text


def _report_of_b(world):
    text = sample_text().replace("示例县清河镇人民政府", world.b.name)
    r = services.import_batch(batch_of(("乙局年报.txt", text.encode())), office=world.county, by="t",
                              year=2023)[0].report
    assert r.agency == world.b
    return r


def _confirmed(r, world, n=1):
    findings = list(r.findings.filter(origin="audit", active=True).order_by("id")[:n])
    assert len(findings) == n
    for f in findings:
        services.review_finding(f, "confirmed", "属实", world.supervisor)
    return findings


def _due():
    return today() + dt.timedelta(days=30)


def test_reassigning_a_report_cancels_the_old_units_open_items_and_offers_them_again(world, unit, login):
    r = _report_of_b(world)
    f, g = _confirmed(r, world, 2)
    open_item = services.issue_rectification(f, _due(), "", world.supervisor)
    done_item = services.issue_rectification(g, _due(), "", world.supervisor)
    services.close_rectification(done_item, "done", "已改", world.supervisor)
    services.respond_rectification(open_item, "正在核对", world.clerk_b)
    client = login(world.supervisor)
    resp = client.post(f"/supervision/reports/{r.pk}/confirm/",
                       {"agency": world.a.pk, "reason": "落款是甲镇人民政府"}, follow=True)
    page = resp.content.decode()
    assert "乙局据此报告下发的 1 项未办结整改事项已自动撤销" in page
    assert "向甲镇人民政府重新下发" in page
    open_item.refresh_from_db()
    done_item.refresh_from_db()
    assert open_item.status == "cancelled" and open_item.closed_at is not None
    assert "已改派到甲镇人民政府" in open_item.closing_note and "落款是甲镇人民政府" in open_item.closing_note
    assert open_item.response == "正在核对"  # what the unit said is kept
    assert done_item.status == "done" and done_item.closing_note == "已改"  # a closed item is history: untouched
    # the audit log: the reassignment names the items, each cancellation is an entry of its own
    reassign = AuditEntry.objects.get(action="supervision_reassign")
    assert reassign.new["rectifications_cancelled"] == [open_item.pk]
    [closing] = AuditEntry.objects.filter(action="supervision_rectify_close", target_id=str(open_item.pk))
    assert closing.new["automatic"] is True and closing.new["status"] == "cancelled"
    assert closing.actor == world.supervisor.username and closing.agency_id == world.b.pk
    # 乙局 no longer has it to answer; its 整改通知 says why it was withdrawn
    assert not services.rectifications_to_answer(world.b.pk).exists()
    mine = login(world.clerk_b).get("/supervision/rectifications/mine/").content.decode()
    assert "已撤销：所依据的年报（乙局年报.txt）已改派到甲镇人民政府" in mine
    # the report page offers the item again, to the unit the report belongs to now
    page = login(world.supervisor).get(f"/supervision/reports/{r.pk}/").content.decode()
    assert "向甲镇人民政府下发整改" in page and "已向乙局下发整改" in page
    f.refresh_from_db()
    again = services.issue_rectification(f, _due(), "", world.supervisor)
    assert again.agency == world.a and again.status == "open"
    assert list(services.rectifications_to_answer(world.a.pk)) == [again]


def test_confirming_the_same_unit_or_a_first_unit_cancels_nothing(world, unit):
    r = _report_of_b(world)
    [f] = _confirmed(r, world)
    item = services.issue_rectification(f, _due(), "", world.supervisor)
    assert services.confirm_agency(r, world.b, world.supervisor) == []
    item.refresh_from_db()
    assert item.status == "open"


def test_voiding_a_report_cancels_its_open_items_and_refuses_new_ones_until_restored(world, unit, login):
    r = _report_of_b(world)
    [f] = _confirmed(r, world)
    item = services.issue_rectification(f, _due(), "", world.supervisor)
    client = login(world.supervisor)
    page = client.post(f"/supervision/reports/{r.pk}/void/", {"reason": "是别县乙局的年报"}, follow=True)
    assert "1 项未办结整改事项已自动撤销" in page.content.decode()
    item.refresh_from_db()
    assert item.status == "cancelled" and "已作废（理由：是别县乙局的年报）" in item.closing_note
    assert AuditEntry.objects.get(action="supervision_void").new["rectifications_cancelled"] == [item.pk]
    assert AuditEntry.objects.filter(action="supervision_rectify_close", new__automatic=True).count() == 1
    f.refresh_from_db()
    with pytest.raises(services.SupervisionError, match="已作废"):
        services.issue_rectification(f, _due(), "", world.supervisor)
    assert "下发整改</button>" not in client.get(f"/supervision/reports/{r.pk}/").content.decode()
    # restoring does not reopen the cancelled item (its closing is history); the supervisor issues it again
    r.refresh_from_db()
    services.restore_report(r, "误作废", world.supervisor)
    item.refresh_from_db()
    assert item.status == "cancelled"
    f.refresh_from_db()
    assert services.issue_rectification(f, _due(), "", world.supervisor).status == "open"
    assert Rectification.objects.filter(finding=f).count() == 2


def test_no_rectification_is_issued_to_a_deactivated_unit(world, unit):
    from gongkai.web.accounts.models import User
    from gongkai.web.agencies import removal
    r = _report_of_b(world)
    [f] = _confirmed(r, world)
    User.objects.filter(agency=world.b).update(is_active=False)
    removal.remove(world.b, "乙局", "撤销", world.sysadmin)
    f = type(f).objects.get(pk=f.pk)
    with pytest.raises(services.SupervisionError, match="停用（撤销、合并），没有账户能报送整改情况"):
        services.issue_rectification(f, _due(), "", world.supervisor)
