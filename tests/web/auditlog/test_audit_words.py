"""The audit log in words: who did what to which record, in Chinese, personal data masked for its reader,
filters by person, record and date (a bad date is a form message, not a server error)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gongkai.web.auditlog.models import AuditEntry
from gongkai.web.cases import services


def _page(client, world, query=""):
    client.force_login(world.auditor)
    r = client.get(reverse("auditlog:list") + query)
    assert r.status_code == 200
    return r.content.decode()


def test_entries_read_as_sentences_in_chinese(world, client):
    world.clerk_a.full_name = "王经办"
    world.clerk_a.save()
    case = world.case_a
    services.edit(world.clerk_a, case, case.version, {"address": "新地址8号"})
    case.refresh_from_db()
    services.apply_event(world.clerk_a, case, case.version, "request_clarification", dt.date(2025, 3, 5),
                         {"items": ["请说明年度"]})
    body = _page(client, world)
    table = body.split('id="audit-entries"')[1]
    assert "王经办（clerk_a，经办人）" in table  # person, username, role in Chinese
    assert "修改申请信息" in table and "办件「2025-00001 张*」" in table  # model name in Chinese, name masked
    assert "地址：甲镇** → 新地址**" in table and "新地址8号" not in table  # old → new, address masked for the auditor
    assert "状态：" in table and "待补正" in table  # a state code in words
    assert "clerk）" not in table and ">case " not in table and "'state'" not in table  # no codes, no dicts
    assert "身份证明：居民身份证 110*************34" in table and "联系方式：138****5678" in table
    assert "张某" not in table


def test_filters_by_person_record_and_date_and_a_bad_date_is_a_message(world, client):
    services.edit(world.clerk_b, world.case_b, world.case_b.version, {"address": "乙地"})
    body = _page(client, world, "?person=clerk_b")
    rows = body.split('id="audit-entries"')[1]
    assert "clerk_b" in rows and "clerk_a" not in rows
    body = _page(client, world, f"?target={world.case_a.number}&target_type=case")
    assert "登记申请" in body
    body = _page(client, world, "?since=2025-13-45")
    assert "起始日期应为“年-月-日”" in body
    body = _page(client, world, "?since=2099-01-01")
    assert "没有符合条件的记录" in body
    body = _page(client, world, "?since=2025-03-02&until=2025-03-01")
    assert "截止日期早于起始日期" in body
    r = client.get(reverse("auditlog:export") + "?since=abc", follow=True)
    assert r.status_code == 200 and "筛选条件有误，未导出" in r.content.decode()


def test_export_has_the_words_too(world, client):
    client.force_login(world.auditor)
    body = client.get(reverse("auditlog:export")).content.decode("utf-8-sig")
    assert "登记申请" in body and "经办人" in body and "办件「" in body
    assert AuditEntry.objects.filter(action="auditlog_export").exists()


def test_report_user_and_agency_entries_in_words(world, client):
    from gongkai.web.reports.services import table2_fields
    client.force_login(world.clerk_a)
    fields = {"version": 1, **{f"v_{k}": "0" for k, *_ in table2_fields()},
              **{f"s_{k}": "本机关台账" for k, *_ in table2_fields()}, "section_一": "第一稿"}
    client.post(reverse("reports:save", args=[world.a.pk, 2025]), fields)
    fields.update({"version": 2, "v_licensing:decisions": "3", "section_一": "第二稿"})
    client.post(reverse("reports:save", args=[world.a.pk, 2025]), fields)
    client.force_login(world.sysadmin)
    # (三员分立: the 系统管理员 creates administrator accounts or accounts without a business role)
    client.post(reverse("accounts:admin_users"), {"what": "user", "u-username": "new_aud", "u-full_name": "新审计",
                                                  "u-role": "auditor", "u-agency": world.a.pk,
                                                  "u-password": "Gongkai-2025-xyz"})
    client.post(reverse("agencies:edit", args=[world.a.pk]), {"name": "甲镇人民政府", "kind": "township",
                                                             "parent": world.county.pk, "contact": "0451-1234567"})
    body = _page(client, world)
    assert "表二「行政许可」本年处理决定数量：0（来源：本机关台账） → 3（来源：本机关台账）" in body
    assert "正文第一部分：第一稿 → 第二稿" in body
    assert "正文第二部分：（空）" not in body
    assert "角色：审计管理员" in body and "年度报告「甲镇人民政府2025年度报告」" in body
    assert "机关「甲镇人民政府」" in body and "联系电话：（空） → 0451-1234567" in body  # an office phone, not masked
