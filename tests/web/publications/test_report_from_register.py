"""Table 二 and the 主动公开 sentence of the annual report come from the register: change the register,
the report changes."""

from __future__ import annotations

import datetime as dt

from gongkai.web.publications import services
from gongkai.web.publications.models import DocumentRecord

from .helpers import do, draft


def _report(world):
    from gongkai.web.reports.views import _report
    return _report(world.a, 2025)


def _sentence(rep):
    return next(t for t, loc in rep.sections["一"].paragraphs if "主动公开政府信息" in t)


def test_changing_the_register_changes_table_two_and_the_sentence(world, login):
    clerk, reviewer, signer = login(world.clerk_a), None, None
    from django.test import Client
    reviewer, signer = Client(), Client()
    reviewer.force_login(world.reviewer_a)
    signer.force_login(world.signer_a)
    rep = _report(world)
    assert _sentence(rep).startswith("【待填写：主动公开登记簿中没有2025年公开的信息")  # no claim from an empty register
    assert rep.value("二", "normative_documents", "issued") == 0

    # one 行政规范性文件 issued in 2025, one issued in 2024 and repealed in 2025; an item published
    services.issue_document(world.clerk_a, {"kind": "normative_document", "title": "甲镇村规民约备案办法",
                                            "document_number": "甲政规〔2025〕1号", "issued_on": dt.date(2025, 3, 3)})
    old = services.issue_document(world.clerk_a, {"kind": "normative_document", "title": "旧办法",
                                                  "document_number": "甲政规〔2024〕2号",
                                                  "issued_on": dt.date(2024, 5, 6)})
    services.document_action(world.clerk_a, old, "repeal", dt.date(2025, 3, 10))
    services.save_figure(world.clerk_a, 2025, "licensing", "12", "县政务服务中心审批系统")
    pk = draft(clerk)
    for c, kind in ((clerk, "submit"), (reviewer, "approve"), (signer, "sign_off")):
        do(c, pk, kind)

    rep = _report(world)
    assert [rep.value("二", "normative_documents", c) for c in ("issued", "repealed", "in_force")] == [1, 1, 1]
    assert rep.value("二", "licensing", "decisions") == 12
    assert "审批系统" in rep.cell("二", "licensing", "decisions").location.where
    s = _sentence(rep)
    assert s.startswith("2025年，本机关主动公开政府信息1条，其中：财政预决算1条。")
    assert "本年制发规章0件、行政规范性文件1件，废止规章0件、行政规范性文件1件" in s
    # the report workspace page shows it
    page = clerk.get(f"/reports/{world.a.pk}/2025/").content.decode()
    assert "主动公开政府信息1条" in page
    assert DocumentRecord.objects.count() == 2


def test_the_supervisors_summary_counts_every_agencys_register(world):
    """汇总 of the county: table 二 第（一）项 and the 主动公开 sentence add up the subordinate agencies' registers
    (the roll-up once filtered the register by the summary's own name and printed 0)."""
    from gongkai.web.reports.services import build
    services.issue_document(world.clerk_a, {"kind": "normative_document", "title": "甲镇办法",
                                            "document_number": "甲政规〔2025〕1号", "issued_on": dt.date(2025, 3, 3)})
    services.issue_document(world.clerk_b, {"kind": "normative_document", "title": "乙局办法",
                                            "document_number": "乙规〔2025〕1号", "issued_on": dt.date(2025, 3, 4)})
    ids = [world.county.id, world.a.id, world.b.id]
    rep = build(ids, {i: str(i) for i in ids}, 2025, [], agency_name="测试县（汇总）")
    assert rep.value("二", "normative_documents", "issued") == 2
    assert "行政规范性文件2件" in _sentence(rep)
    own = _report(world)
    assert own.value("二", "normative_documents", "issued") == 1  # 甲镇's own report still counts only its own


def test_register_refuses_a_duplicate_and_a_wrong_year_and_an_entry_error_can_be_voided(world, login):
    clerk = login(world.clerk_a)
    doc = {"kind": "normative_document", "title": "甲镇办法", "document_number": "甲政规〔2025〕1号",
           "issued_on": "2025-03-03"}
    clerk.post("/publications/documents/", doc)
    r = clerk.post("/publications/documents/", doc, follow=True)  # the same again
    assert "已经登记过，不能重复登记" in r.content.decode()
    r = clerk.post("/publications/documents/", {**doc, "document_number": "甲政规〔2025〕2号", "issued_on": "1900-01-01"},
                   follow=True)
    assert "早于1949年" in r.content.decode()
    r = clerk.post("/publications/documents/", {**doc, "document_number": "甲政规〔2024〕3号"}, follow=True)
    assert "文号年份 2024 与制发日期 2025-03-03 不一致" in r.content.decode()
    assert DocumentRecord.objects.count() == 1 and _report(world).value("二", "normative_documents", "issued") == 1
    # a bad date in an action is said as such
    d = DocumentRecord.objects.get()
    r = clerk.post(f"/publications/documents/{d.pk}/", {"action": "repeal", "on": "zz"}, follow=True)
    assert "日期格式不对" in r.content.decode()
    # 撤销登记: gone from the register and from table 二, kept in the audit log — not counted as 废止
    r = clerk.post(f"/publications/documents/{d.pk}/", {"action": "void"}, follow=True)
    assert "已撤销该登记" in r.content.decode() and not DocumentRecord.objects.exists()
    rep = _report(world)
    assert rep.value("二", "normative_documents", "issued") == 0 and rep.value("二", "normative_documents", "repealed") == 0
    from gongkai.web.auditlog.models import AuditEntry
    entry = AuditEntry.objects.get(action="document_void")
    assert "甲政规〔2025〕1号" in str(entry.old)
