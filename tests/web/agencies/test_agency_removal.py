"""Issue 15, remaining defect 3: a unit can be removed from the platform — deleted when nothing refers to it,
otherwise deactivated (停用: 撤销、合并) with everything it has kept; after a confirmation (its name typed again, a
reason), audit-logged; a deactivated unit owes no report from that year, takes no new accounts or sub-units."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.web.accounts import bulk
from gongkai.web.accounts.forms import AgencyForm, NewUserForm
from gongkai.web.accounts.models import User
from gongkai.web.agencies import removal
from gongkai.web.agencies.models import Agency
from gongkai.web.auditlog.models import AuditEntry
from gongkai.web.cases.models import DisclosureRequest
from gongkai.web.clock import today
from gongkai.web.supervision.models import PublishedReport


def _remove(client, agency, name=None, reason="名称录入错误，重复建立"):
    return client.post(f"/agencies/{agency.pk}/remove/", {"confirm_name": agency.name if name is None else name,
                                                          "reason": reason}, follow=True)


def test_a_unit_nothing_refers_to_is_deleted_after_confirmation(world, login):
    typo = Agency.objects.create(name="丙局（重复建立）", kind="department", parent=world.county)
    client = login(world.sysadmin)
    assert "删除或停用该机关" in client.get(f"/agencies/{typo.pk}/edit/").content.decode()
    page = client.get(f"/agencies/{typo.pk}/remove/").content.decode()
    assert "确认后将<b>删除</b>该机关" in page and "删除该机关</button>" in page
    # the name typed wrong, or no reason: nothing happens, the page says why
    page = _remove(client, typo, name="丙局").content.decode()
    assert "请在确认框中输入机关名称“丙局（重复建立）”" in page and Agency.objects.filter(pk=typo.pk).exists()
    page = _remove(client, typo, reason=" ").content.decode()
    assert "请写明删除或停用的理由" in page and Agency.objects.filter(pk=typo.pk).exists()
    page = _remove(client, typo).content.decode()
    assert "已删除机关 丙局（重复建立）" in page and not Agency.objects.filter(pk=typo.pk).exists()
    entry = AuditEntry.objects.get(action="agency_delete")
    assert entry.old == {"name": "丙局（重复建立）", "kind": "部门", "parent": "测试县人民政府"}
    assert entry.new == {"reason": "名称录入错误，重复建立"} and entry.actor == "sysadmin"
    assert entry.target_id == str(typo.pk) and entry.agency_id == world.county.pk


def test_a_unit_with_records_is_deactivated_never_deleted_and_everything_is_kept(world, login):
    client = login(world.sysadmin)
    # enabled accounts stop it: they are disabled (or moved) first
    page = client.get(f"/agencies/{world.b.pk}/remove/").content.decode()
    assert "还有 1 个启用的账户（clerk_b）" in page and "停用该机关</button>" not in page
    assert "暂不能停用" in page
    page = _remove(client, world.b).content.decode()
    assert "还有 1 个启用的账户" in page and world.b.deactivated_on is None
    User.objects.filter(agency=world.b).update(is_active=False)
    page = client.get(f"/agencies/{world.b.pk}/remove/").content.decode()
    assert "<b>不能删除</b>" in page and "<td>依申请公开办件</td><td>1</td>" in page
    assert "<td>复议诉讼登记</td><td>1</td>" in page and "<td>账户</td><td>1</td>" in page
    page = _remove(client, world.b, reason="2025 年撤销，职能并入甲镇").content.decode()
    assert "已停用机关 乙局" in page
    b = Agency.objects.get(pk=world.b.pk)
    assert b.deactivated_on == today() and b.deactivated_by == "sysadmin"
    assert b.deactivation_reason == "2025 年撤销，职能并入甲镇"
    assert DisclosureRequest.objects.filter(agency=b).count() == 1 and User.objects.filter(agency=b).count() == 1
    entry = AuditEntry.objects.get(action="agency_deactivate")
    assert entry.new["reason"] == "2025 年撤销，职能并入甲镇"
    assert entry.new["kept"] == {"账户": 1, "依申请公开办件": 1, "复议诉讼登记": 1}
    # the year it was deactivated in and later: no report owed; earlier years unchanged
    assert not b.owes_report(today().year) and b.owes_report(today().year - 1)
    assert b.not_owed_reason(today().year).startswith("该年度已停用")
    # no new accounts, sub-units; not on the public page; the list and its edit page say so
    assert b.pk not in NewUserForm().fields["agency"].queryset.values_list("pk", flat=True)
    assert b.pk not in AgencyForm().fields["parent"].queryset.values_list("pk", flat=True)
    client.logout()
    assert "乙局" not in client.get("/").content.decode()
    assert "该机关已于" in client.get(f"/agencies/{b.pk}/").content.decode()
    client = login(world.sysadmin)
    assert "乙局</a>（已停用" in client.get("/accounts/admin/").content.decode()
    edit = client.get(f"/agencies/{b.pk}/edit/").content.decode()
    assert "<b>已停用</b>" in edit and "重新启用该机关" in edit
    # and back
    client.post(f"/agencies/{b.pk}/reactivate/")
    b.refresh_from_db()
    assert b.deactivated_on is None and b.owes_report(today().year)
    assert AuditEntry.objects.get(action="agency_reactivate").old["reason"] == "2025 年撤销，职能并入甲镇"


def test_rows_without_a_reverse_name_count_too(world, tmp_path):
    """PublishedReport.office and Rectification.agency have no reverse accessor (related_name '+'): a unit
    that only imported files is still not deleted."""
    office = Agency.objects.create(name="丁区人民政府", kind="county")
    PublishedReport.objects.create(sha256="0" * 64, size=1, source_name="x.txt", office=office)
    p = removal.plan(office)
    assert not p.deletes and p.references == [("导入的已发布年报（审查机关）", 1)]
    assert removal.remove(office, "丁区人民政府", "撤销", world.sysadmin) == "deactivated"
    assert PublishedReport.objects.get().office_id == office.pk


def test_every_kind_of_row_that_refers_to_a_unit_has_a_chinese_name():
    """A model added later with a foreign key to Agency is named on the confirmation page in Chinese."""
    keys = {key for _, _, key in removal._relations()}
    assert keys and keys <= set(removal.LABELS), sorted(keys - set(removal.LABELS))


def test_a_unit_with_active_sub_units_is_not_deactivated_and_others_are_404(world, login):
    client = login(world.sysadmin)
    page = client.get(f"/agencies/{world.county.pk}/remove/").content.decode()
    assert "个未停用的下级机关（甲镇人民政府、乙局）" in page
    assert client.get(f"/agencies/{world.other_county.pk}/remove/").status_code == 404
    assert login(world.supervisor).get(f"/agencies/{world.b.pk}/remove/").status_code == 403


def test_bulk_import_refuses_accounts_and_sub_units_of_a_deactivated_unit(world):
    User.objects.filter(agency=world.b).update(is_active=False)
    removal.remove(world.b, "乙局", "撤销", world.sysadmin)
    unit = dict(zip([k for k, *_ in bulk.UNIT_COLUMNS], ["乙局财务科", "部门", "乙局"] + [""] * 7))
    account = dict(zip([k for k, *_ in bulk.ACCOUNT_COLUMNS], ["new_b", "新人", "", "乙局", ""]))
    rows = {"单位": [bulk.Row("单位", 2, unit, {k: chr(65 + j) for j, (k, *_) in enumerate(bulk.UNIT_COLUMNS)})],
            "账号": [bulk.Row("账号", 2, account, {k: chr(65 + j) for j, (k, *_) in enumerate(bulk.ACCOUNT_COLUMNS)})]}
    with pytest.raises(bulk.BulkImportError) as exc:
        bulk.check(rows, world.sysadmin)
    text = "\n".join(exc.value.errors)
    assert "「乙局」已停用（撤销、合并），不能再建立它的下级单位" in text
    assert "「乙局」已停用（撤销、合并），不能再建立属于它的账号" in text


def test_a_report_year_before_deactivation_still_counts_in_coverage(world):
    from gongkai.web.supervision import services
    User.objects.filter(agency=world.b).update(is_active=False)
    Agency.objects.filter(pk=world.b.pk).update(deactivated_on=dt.date(today().year, 2, 1), added_on=dt.date(2019, 1, 1))
    rows = {r["agency"].pk: r for r in services.coverage(world.county, today().year)}
    assert rows[world.b.pk]["not_established"] and not rows[world.b.pk]["overdue"]
    assert rows[world.b.pk]["state"].startswith("该年度已停用")
    rows = {r["agency"].pk: r for r in services.coverage(world.county, today().year - 1)}
    assert not rows[world.b.pk]["not_established"]


def test_a_deactivated_unit_is_not_in_the_administrators_todo(world):
    from gongkai.web.todo.services import todo_for
    Agency.objects.filter(pk=world.b.pk).update(contact="", address="")
    names = lambda: [i.label for g in todo_for(world.sysadmin) if g.key == "agencies" for i in g.items]  # noqa: E731
    assert "乙局" in names()
    User.objects.filter(agency=world.b).update(is_active=False)
    removal.remove(world.b, "乙局", "撤销", world.sysadmin)
    assert "乙局" not in names()
