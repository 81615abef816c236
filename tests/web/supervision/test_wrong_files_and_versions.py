"""SUPV-FIX items 1 and 4 (issue 15): a wrongly imported file is reassigned to its unit (改派) or marked as not a
report (作废/移除) — kept with its history, counted nowhere, every action in the audit log; and the version the
supervisor confirmed stays whatever is imported, dated or confirmed later."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from gongkai.cli import main as cli_main
from gongkai.web.auditlog.models import AuditEntry
from gongkai.web.supervision import services
from gongkai.web.supervision.models import PublishedReport

from .conftest import batch_of, sample_text


def _as(text, agency_name):
    return text.replace("示例县清河镇人民政府", agency_name)


def _corrected(text):
    return text.replace("六、其他需要报告的事项", "六、其他需要报告的事项\n本报告发布后作了更正。", 1)


def _row(office, year, agency):
    return {row["agency"].pk: row for row in services.coverage(office, year)}[agency.pk]


def _import(name, text, world, **kw):
    return services.import_batch(batch_of((name, text.encode())), office=world.county, by="t", year=2023,
                                 **kw)[0].report


# ------------------------------------------------------------------ 作废/移除
def test_a_voided_file_counts_nowhere_but_is_kept_with_who_when_why(world, unit, tmp_path, login):
    r = _import("清河镇年报.txt", sample_text(), world, published_on=dt.date(2024, 1, 20))
    f = r.findings.filter(origin="audit").first()
    services.review_finding(f, "confirmed", "属实", world.supervisor)
    assert _row(world.county, 2023, unit)["published"]
    client = login(world.supervisor)
    dashboard = client.get("/supervision/dashboard/?year=2023").content.decode()
    assert f"/supervision/reports/{r.pk}/" in dashboard.split('id="indicators"')[1].split("</table>")[0]
    with pytest.raises(services.SupervisionError, match="作废时请写明理由"):
        services.void_report(r, "  ", world.supervisor)
    client.post(f"/supervision/reports/{r.pk}/void/", {"reason": "不是年度报告，是政府信息公开指南"})
    r.refresh_from_db()
    assert r.voided_at is not None and r.voided_by == world.supervisor.display_name
    assert r.void_reason == "不是年度报告，是政府信息公开指南"
    # the file and its history stay
    assert r.status == "audited" and r.findings.get(pk=f.pk).review == "confirmed"
    # coverage, the page's counts and the dashboard's indicators no longer count it
    row = _row(world.county, 2023, unit)
    assert not row["published"] and row["files"] == 0 and row["latest"] is None
    counts = services.status_counts(PublishedReport.objects.filter(year=2023))
    assert (counts["total"], counts["audited"], counts["voided"]) == (0, 0, 1)
    index = client.get("/supervision/?year=2023").content.decode()
    assert "已作废的文件（1）" in index and "不是年度报告，是政府信息公开指南" in index
    assert "2023 年度已导入的文件（0）" in index
    before = client.get("/supervision/dashboard/?year=2023").content.decode()
    assert f"/supervision/reports/{r.pk}/" not in before.split('id="indicators"')[1].split("</table>")[0]
    page = client.get(f"/supervision/reports/{r.pk}/").content.decode()
    assert "<b>已作废</b>：不是年度报告，是政府信息公开指南" in page and "恢复（撤销作废）" in page
    # exports: not among the reports, listed apart with who, when and why
    out = tmp_path / "e.json"
    assert cli_main(["supervise", "export", "--year", "2023", "--format", "json", "-o", str(out),
                     "--office", world.county.name]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["reports"] == []
    [v] = data["voided"]
    assert v["file"] == "清河镇年报.txt" and v["voided"]["reason"] == "不是年度报告，是政府信息公开指南"
    assert v["voided"]["by"] == world.supervisor.display_name and v["voided"]["at"]
    wb = load_workbook(io.BytesIO(client.get("/supervision/export/2023.xlsx").content))
    assert [c.value for c in wb["年报"]["A"]] == ["文件"]
    assert [r_[0] for r_ in wb["发布情况"].iter_rows(min_row=2, values_only=True) if r_[0] == unit.name]
    assert next(r_ for r_ in wb["发布情况"].iter_rows(min_row=2, values_only=True) if r_[0] == unit.name)[5] is None
    voided_rows = list(wb["已作废的文件"].iter_rows(values_only=True))
    assert voided_rows[2][0] == "清河镇年报.txt" and voided_rows[2][-1] == "不是年度报告，是政府信息公开指南"
    # the audit log: who, when, why
    entry = AuditEntry.objects.get(action="supervision_void")
    assert entry.actor == world.supervisor.username and entry.target_id == str(r.pk)
    assert entry.new["reason"] == "不是年度报告，是政府信息公开指南" and entry.old["agency"] == unit.name
    # imported again: still one row, and said to be voided
    [again] = services.import_batch(batch_of(("copy.txt", sample_text().encode())), office=world.county, by="t")
    assert again.state == "duplicate" and "已作废" in again.reason and "请在报告页恢复" in again.reason
    # restored: counts again, logged
    client.post(f"/supervision/reports/{r.pk}/restore/", {"reason": "核对后确是年报"})
    r.refresh_from_db()
    assert r.voided_at is None and _row(world.county, 2023, unit)["published"]
    restore = AuditEntry.objects.get(action="supervision_restore")
    assert restore.old["reason"] == "不是年度报告，是政府信息公开指南" and restore.new["reason"] == "核对后确是年报"


def test_voiding_a_version_numbers_the_others_without_it(world, unit):
    text = _as(sample_text(), world.b.name)
    first = _import("乙局原版.txt", text, world, published_on=dt.date(2024, 1, 10))
    second = _import("乙局更正.txt", _corrected(text), world, published_on=dt.date(2024, 2, 1))
    second.refresh_from_db()
    assert (first.version, second.version, second.modified_after_publication) == (1, 2, True)
    services.void_report(first, "是别县乙局的年报，误传", world.supervisor)
    second.refresh_from_db()
    assert (second.version, second.modified_after_publication, second.previous_id) == (1, False, None)
    assert not second.findings.filter(code="S01", active=True).exists()
    row = _row(world.county, 2023, world.b)
    assert row["versions"] == 1 and row["first"].pk == second.pk and row["state"] == "逾期发布"
    # a re-audit of the voided file leaves it out
    services.audit_published(first.pk)
    second.refresh_from_db()
    assert second.version == 1 and _row(world.county, 2023, world.b)["versions"] == 1


# ------------------------------------------------------------------ 改派
def test_a_file_matched_to_the_wrong_unit_is_reassigned_with_a_reason(world, unit, login):
    r = _import("乙局年报.txt", _as(sample_text(), world.b.name), world)
    assert r.agency == world.b
    f = r.findings.filter(origin="audit").first()
    services.review_finding(f, "confirmed", "属实", world.supervisor)
    with pytest.raises(services.SupervisionError, match="改派到甲镇人民政府时请写明理由"):
        services.confirm_agency(r, world.a, world.supervisor)
    client = login(world.supervisor)
    page = client.get(f"/supervision/reports/{r.pk}/").content.decode()
    assert "不属于乙局、改派到其他机关时，写明理由" in page and "改派到所选机关" in page
    resp = client.post(f"/supervision/reports/{r.pk}/confirm/", {"agency": world.a.pk,
                                                                 "reason": "落款是甲镇人民政府，标题写错"}, follow=True)
    assert "已改派：该报告属于甲镇人民政府" in resp.content.decode()
    r.refresh_from_db()
    assert r.agency == world.a and r.match_state == "confirmed"
    assert r.findings.get(pk=f.pk).review == "confirmed"  # its history kept
    assert not _row(world.county, 2023, world.b)["published"] and _row(world.county, 2023, world.a)["published"]
    entry = AuditEntry.objects.get(action="supervision_reassign")
    assert (entry.old["agency"], entry.new["agency"], entry.new["reason"]) == ("乙局", "甲镇人民政府",
                                                                               "落款是甲镇人民政府，标题写错")
    assert entry.actor == world.supervisor.username
    # a re-audit does not match it back by name
    services.audit_published(r.pk)
    r.refresh_from_db()
    assert r.agency == world.a
    # a unit outside the office's units is refused, pointing to 作废
    with pytest.raises(services.SupervisionError, match="作废/移除"):
        services.confirm_agency(r, world.other_county, world.supervisor, "别县的")


# ------------------------------------------------------------------ the confirmed version stays
def _two_files_one_unknown_unit(world):
    """乙局's report imported after a file whose unit was not recognised (both of unknown date): 乙局's is
    version 1 until the earlier import is confirmed as 乙局's too."""
    text = _as(sample_text(), world.b.name)
    earlier = _import("先导入.txt", _corrected(text).replace(world.b.name, "某单位"), world)
    mine = _import("乙局.txt", text, world)
    assert earlier.agency is None and mine.version == 1
    return earlier, mine


def test_without_a_confirmed_version_the_order_is_by_date_else_import_time(world, unit):
    earlier, mine = _two_files_one_unknown_unit(world)
    services.confirm_agency(earlier, world.b, world.supervisor)
    mine.refresh_from_db()
    earlier.refresh_from_db()
    assert (earlier.version, mine.version) == (1, 2)  # imported first, no dates: first


def test_a_confirmed_version_stays_when_an_earlier_imported_file_is_confirmed_later(world, unit, login):
    earlier, mine = _two_files_one_unknown_unit(world)
    client = login(world.supervisor)
    resp = client.post(f"/supervision/reports/{mine.pk}/version/", {"version": "1"}, follow=True)
    assert "已确认：该文件为第1版" in resp.content.decode()
    mine.refresh_from_db()
    assert mine.version_pinned == 1 and mine.version_pinned_by == world.supervisor.display_name
    services.confirm_agency(earlier, world.b, world.supervisor)
    mine.refresh_from_db()
    earlier.refresh_from_db()
    assert (mine.version, earlier.version, earlier.modified_after_publication) == (1, 2, True)
    assert earlier.findings.get(code="S01", active=True)
    # a file dated earlier than the confirmed one does not move it either
    services.set_published_on(earlier, dt.date(2024, 1, 5), world.supervisor)
    mine.refresh_from_db()
    assert mine.version == 1
    page = client.get(f"/supervision/reports/{mine.pk}/").content.decode()
    assert "已确认</span>" in page and "取消确认" in page
    # the supervisor changes it: the other file is version 1 now, and the earlier confirmation gives way
    services.pin_version(earlier, 1, world.supervisor)
    mine.refresh_from_db()
    earlier.refresh_from_db()
    assert (earlier.version, earlier.version_pinned, mine.version, mine.version_pinned) == (1, 1, 2, None)
    # released: the rule again (publication date where known: the one dated 2024-01-05 first)
    client.post(f"/supervision/reports/{earlier.pk}/version/", {"release": "1"})
    earlier.refresh_from_db()
    assert earlier.version_pinned is None and earlier.version == 1
    logged = [(e.old["pinned"], e.new["pinned"]) for e in AuditEntry.objects.filter(
        action="supervision_pin_version").order_by("id")]
    assert logged == [(None, 1), (None, 1), (1, None)]
    with pytest.raises(services.SupervisionError, match="版本号应在 1 到 2 之间"):
        services.pin_version(mine, 3, world.supervisor)
    resp = client.post(f"/supervision/reports/{mine.pk}/version/", {"version": "二"}, follow=True)
    assert "版本号“二”不是正整数" in resp.content.decode()


def test_a_new_import_takes_the_next_free_number_after_the_confirmed_ones(world, unit):
    text = _as(sample_text(), world.b.name)
    a = _import("二月.txt", text, world, published_on=dt.date(2024, 2, 1))
    services.pin_version(a, None, world.supervisor)  # confirmed as it is: version 1
    b = _import("一月.txt", _corrected(text), world, published_on=dt.date(2024, 1, 10))
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.version, b.version, b.modified_after_publication) == (1, 2, True)
    assert services.pinned_order([a, b]) == [a, b]


def test_a_file_of_no_unit_waiting_for_confirmation_can_be_voided(world, unit, login):
    """A file that is no unit's report at all (a 公开指南 uploaded by mistake) waits for its unit forever unless
    it can be voided: voided, it leaves the list of files to confirm and the 待确认 count."""
    r = _import("公开指南.txt", "某县政府信息公开指南\n一、公开的主体\n本县各部门。\n", world)
    assert r.agency is None
    client = login(world.supervisor)
    assert "待确认机关或年度的文件（1）" in client.get("/supervision/?year=2023").content.decode()
    assert services.status_counts(PublishedReport.objects.all())["to_confirm"] == 1
    client.post(f"/supervision/reports/{r.pk}/void/", {"reason": "公开指南，不是年报"})
    page = client.get("/supervision/?year=2023").content.decode()
    assert "待确认机关或年度的文件" not in page and "公开指南，不是年报" in page
    assert services.status_counts(PublishedReport.objects.all())["to_confirm"] == 0
    assert AuditEntry.objects.get(action="supervision_void").new["reason"] == "公开指南，不是年报"
