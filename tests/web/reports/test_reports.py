"""Annual report workspace: counted tables, entered table 二 with sources, sign-off chain, 汇总."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.web.cases import services
from gongkai.web.reviews.models import ReviewOrLawsuit
from gongkai.web.reports.models import ReportDraft
from gongkai.web.reports.services import build, publication_due


def _report(agency, year=2025):
    return build([agency.id], {agency.id: agency.name}, year,
                 [ReportDraft.objects.filter(agency=agency, year=year).first() or ReportDraft(agency=agency, year=year)],
                 agency_name=agency.name)


def test_answered_request_is_counted_in_its_table_three_row(world):
    services.apply_event(world.clerk_a, world.case_a, 1, "accept", dt.date(2025, 3, 4))
    services.apply_event(world.clerk_a, world.case_a, 2, "respond", dt.date(2025, 3, 6),
                         {"disposition": "partially_granted"})
    rep = _report(world.a)
    assert rep.value("三", "received", "natural_person") == 1
    assert rep.value("三", "partially_granted", "total") == 1
    assert rep.value("三", "carried_forward", "total") == 0


def test_litigation_register_fills_table_four(world):
    ReviewOrLawsuit.objects.create(agency=world.b, number="乙诉1", kind="lawsuit_direct", filed_on=dt.date(2025, 5, 1),
                                   result="corrected", decided_on=dt.date(2025, 8, 1), stage="decided")
    rep = _report(world.b)
    assert rep.value("四", "cases", "review_pending") == 1  # the fixture's 复议, 尚未审结
    assert rep.value("四", "cases", "lawsuit_direct_corrected") == 1
    assert "被申请行政复议1件，被提起行政诉讼1件" in rep.sections["四"].text


def test_narrative_sentence_is_generated_from_the_table_so_the_audit_finds_no_contradiction(world):
    rep = _report(world.a)
    from gongkai.audit.registry import audit
    assert "收到政府信息公开申请1件" in rep.sections["一"].text
    assert not [f for f in audit(rep) if f.code.startswith("N")]


def test_table_two_needs_a_number_and_its_source(world, client):
    client.force_login(world.clerk_a)
    url = reverse("reports:table2", args=[world.a.pk, 2025])
    r = client.post(url, {"version": 1, "v_licensing:decisions": "abc", "s_licensing:decisions": "x"}, follow=True)
    assert "不是非负整数" in r.content.decode()
    r = client.post(url, {"version": 1, "v_licensing:decisions": "2", "s_licensing:decisions": ""}, follow=True)
    assert "请注明数据来源" in r.content.decode()
    client.post(url, {"version": 1, "v_licensing:decisions": "2", "s_licensing:decisions": "司法局备案系统"})
    rep = _report(world.a)
    assert rep.value("二", "licensing", "decisions") == 2
    assert "司法局备案系统" in rep.cell("二", "licensing", "decisions").location.where


def test_sign_off_goes_clerk_then_reviewer_then_signer_and_an_edit_resets_it(world, client):
    url = lambda step: reverse("reports:signoff", args=[world.a.pk, 2025, step])  # noqa: E731
    client.force_login(world.reviewer_a)
    client.post(url("reviewer"), {"version": 1})
    assert not ReportDraft.objects.get(agency=world.a).signoffs  # refused: the clerk has not submitted
    client.force_login(world.clerk_a)
    assert client.post(url("reviewer"), {"version": 1}).status_code == 403  # wrong role
    r = client.post(url("clerk"), {"version": 1}, follow=True)
    assert "改正后才能签核" in r.content.decode()  # table 二 not entered: the audit's 错误 blocks sign-off
    from gongkai.web.reports.services import table2_fields
    fields = {"version": 1}
    for key, *_ in table2_fields():
        fields[f"v_{key}"], fields[f"s_{key}"] = "0", "本机关台账"
    client.post(reverse("reports:table2", args=[world.a.pk, 2025]), fields)
    r = client.post(url("clerk"), {"version": 2}, follow=True)
    assert "还有【待填写】的内容" in r.content.decode()  # the 主动公开 register is empty: the office must say it
    assert not ReportDraft.objects.get(agency=world.a).signoffs
    client.post(reverse("reports:sections", args=[world.a.pk, 2025]),
                {"version": 2, "section_一": "2025年，本机关主动公开政府信息3条，均为机构职能信息。"})
    client.post(url("clerk"), {"version": 3})
    d = ReportDraft.objects.get(agency=world.a)
    assert set(d.signoffs) == {"clerk"}
    client.force_login(world.reviewer_a)
    client.post(url("reviewer"), {"version": d.version})
    assert set(ReportDraft.objects.get(agency=world.a).signoffs) == {"clerk", "reviewer"}
    client.post(reverse("reports:sections", args=[world.a.pk, 2025]), {"version": d.version + 1, "section_五": "问题"})
    assert ReportDraft.objects.get(agency=world.a).signoffs == {}


def test_supervisor_summary_sums_the_subtree(world, client):
    client.force_login(world.supervisor)
    body = client.get(reverse("reports:summary", args=[2025])).content.decode()
    assert "收到政府信息公开申请2件" in body
    r = client.get(reverse("reports:export", args=[world.a.pk, 2025, "html"]))
    assert r.status_code == 200 and "gongkai-report" in r.content.decode()
    r = client.get(reverse("reports:export", args=[world.a.pk, 2025, "docx"]))
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_publication_date_is_31_january_of_the_next_year():
    assert publication_due(2025) == dt.date(2026, 1, 31)  # 条例第四十九条（部门）


YEAR_PAGES = ["/reports/{a}/{y}/", "/reports/{a}/{y}/export.html", "/reports/overview/{y}/", "/reports/summary/{y}/",
              "/reports/?year={y}"]


@pytest.mark.parametrize("year", ["99999", "0", "2007", "9999", "10000", "12345678901234567890", "2027"])
@pytest.mark.parametrize("page", YEAR_PAGES)
def test_report_year_outside_2008_to_next_year_is_a_chinese_404(world, client, page, year):
    # TODAY is 2025-03-20: report years 2008 (条例施行) … 2026.
    client.raise_request_exception = False
    client.force_login(world.supervisor)
    r = client.get(page.format(a=world.county.pk, y=year))
    assert r.status_code == 404
    body = r.content.decode()
    assert "年度须在 2008—2026 年之间" in body and "Traceback" not in body


def test_report_year_post_outside_range_is_404(world, client):
    client.raise_request_exception = False
    client.force_login(world.clerk_a)
    r = client.post(reverse("reports:sections", args=[world.a.pk, 99999]), {"version": 1})
    assert r.status_code == 404


@pytest.mark.parametrize("year", [2008, 2026])
def test_report_years_2008_and_next_year_open(world, client, year):
    client.force_login(world.supervisor)
    assert client.get(f"/reports/{world.county.pk}/{year}/").status_code == 200
    assert client.get(f"/reports/?year={year}").status_code == 200


def test_table_two_figures_page_year_outside_range_is_404(world, client):
    client.raise_request_exception = False
    client.force_login(world.clerk_a)
    assert client.get("/publications/figures/99999/").status_code == 404
    assert client.get("/publications/figures/2025/").status_code == 200


def test_empty_register_leaves_a_marked_placeholder_in_section_one_not_a_claim(world, client):
    # no 主动公开 item registered for 2025: nothing shows the office published nothing
    from gongkai.publications.annual import PLACEHOLDER_MARK
    texts = [t for t, _ in _report(world.a).sections["一"].paragraphs]
    assert not any("未主动公开" in t for t in texts)
    assert any(t.startswith(PLACEHOLDER_MARK) and "主动公开登记簿中没有2025年公开的信息" in t for t in texts)
    client.force_login(world.clerk_a)
    page = client.get(reverse("reports:workspace", args=[world.a.pk, 2025])).content.decode()
    assert 'class="warning placeholder"' in page and "有待填写内容时不能签核" in page
    # the office states it in its own words: the placeholder goes, the statement stays
    client.post(reverse("reports:sections", args=[world.a.pk, 2025]),
                {"version": 1, "section_一": "2025年，本机关未主动公开政府信息。"})
    texts = [t for t, _ in _report(world.a).sections["一"].paragraphs]
    assert not any(PLACEHOLDER_MARK in t for t in texts) and "2025年，本机关未主动公开政府信息。" in texts


def test_fee_lapse_sentence_uses_the_table_row_words_not_an_unconfirmed_attribution(world):
    # shared/spec/fees.md: "逾期未缴纳的视为放弃申请" is confirmed only in a 四川 provincial notice (F4),
    # not in 《政府信息公开信息处理费管理办法》; the table 三（六）2 label is confirmed.
    from gongkai.report import Cell
    from gongkai.web.reports.services import data_sentences
    rep = _report(world.a)
    rep.cells["三", "other_fee_not_paid", "total"] = Cell("number", 1, "1")
    text = "".join(data_sentences(rep)["六"])
    assert "本年度有1件政府信息公开申请因申请人逾期未按收费通知要求缴纳费用，本机关不再处理" in text
    assert "管理办法" not in text and "视为放弃申请" not in text


def test_live_audit_checks_unsaved_text_and_saves_nothing(world, client):
    """The workspace's audit panel (htmx, on input) audits what is typed before it is saved."""
    client.force_login(world.clerk_a)
    url = reverse("reports:check", args=[world.a.pk, 2025])
    calm = client.post(url, {"section_一": "本机关坚持以公开为常态。"}).content.decode()
    assert 'id="audit-unsaved"' in calm and "<html" not in calm  # a fragment, not a page
    assert "N01" not in calm
    wrong = client.post(url, {"section_一": "2025年，本机关共收到政府信息公开申请5件。"}).content.decode()
    assert "N01" in wrong and "申请5件" in wrong  # the text says 5, table 三 counts 1
    bad = client.post(url, {"v_licensing:decisions": "十二", "s_licensing:decisions": "审批局"}).content.decode()
    assert "不是非负整数" in bad
    assert not ReportDraft.objects.filter(agency=world.a, year=2025).exists()  # nothing was saved


def test_workspace_wires_the_live_audit_only_for_those_who_may_write(world, client):
    client.force_login(world.clerk_a)
    page = client.get(reverse("reports:workspace", args=[world.a.pk, 2025])).content.decode()
    assert 'hx-post="' + reverse("reports:check", args=[world.a.pk, 2025]) + '"' in page
    assert "/static/gongkai/htmx-2.0.11.min.js" in page
    client.force_login(world.supervisor)
    page = client.get(reverse("reports:workspace", args=[world.a.pk, 2025])).content.decode()
    assert "hx-post" not in page
    js = client.get("/static/gongkai/htmx-2.0.11.min.js")
    assert js.status_code == 200 and b"htmx" in b"".join(js.streaming_content)


def test_table_two_first_item_is_counted_from_the_register_not_typed(world, client):
    """第二十条第（一）项 (规章、行政规范性文件) comes from the register: shown read-only, typed values refused."""
    client.force_login(world.clerk_a)
    page = client.get(reverse("reports:workspace", args=[world.a.pk, 2025])).content.decode()
    counted = page.split('id="table2-counted"')[1].split("</table>")[0]
    assert "规章" in counted and "行政规范性文件" in counted and "规章和规范性文件登记" in counted
    assert 'name="v_rules:issued"' not in page and 'name="v_licensing:decisions"' in page
    r = client.post(reverse("reports:table2", args=[world.a.pk, 2025]),
                    {"version": 1, "v_rules:issued": "5", "s_rules:issued": "司法局"}, follow=True)
    assert "由规章和规范性文件登记统计，不能在年报中直接填写" in r.content.decode()
    assert _report(world.a).value("二", "rules", "issued") == 0


@pytest.mark.parametrize("version", ["abc", "", None])
def test_a_form_without_a_valid_version_is_a_message_not_a_server_error(world, client, version):
    client.force_login(world.clerk_a)
    data = {"v_licensing:decisions": "2", "s_licensing:decisions": "审批局", "section_一": "正文"}
    if version is not None:
        data["version"] = version
    for name in ("reports:table2", "reports:sections"):
        r = client.post(reverse(name, args=[world.a.pk, 2025]), data, follow=True)
        assert r.status_code == 200 and "表单缺少有效的版本号" in r.content.decode()
    assert not ReportDraft.objects.filter(agency=world.a, year=2025).exclude(version=1).exists()


def _submitted(world, client):
    """甲镇's 2025 report with table 二 and the 主动公开 text filled in, submitted by the 经办人 (logged in on
    ``client``)."""
    from gongkai.web.reports.services import table2_fields
    client.force_login(world.clerk_a)
    fields = {"version": 1}
    for key, *_ in table2_fields():
        fields[f"v_{key}"], fields[f"s_{key}"] = "0", "本机关台账"
    client.post(reverse("reports:table2", args=[world.a.pk, 2025]), fields)
    client.post(reverse("reports:sections", args=[world.a.pk, 2025]),
                {"version": 2, "section_一": "2025年，本机关主动公开政府信息3条，均为机构职能信息。"})
    client.post(reverse("reports:signoff", args=[world.a.pk, 2025, "clerk"]), {"version": 3})
    assert set(ReportDraft.objects.get(agency=world.a).signoffs) == {"clerk"}


def _signed(world, client):
    """甲镇's 2025 report through 经办人 → 审核人 → 签发人; returns the signer's client."""
    from django.test import Client
    url = lambda step: reverse("reports:signoff", args=[world.a.pk, 2025, step])  # noqa: E731
    _submitted(world, client)
    for user, step in ((world.reviewer_a, "reviewer"), (world.signer_a, "signatory")):
        c = Client()
        c.force_login(user)
        # (2025 is not over on the test's today: the 签发人 confirms an early sign-off)
        c.post(url(step), {"version": ReportDraft.objects.get(agency=world.a).version, "early": "1"})
    d = ReportDraft.objects.get(agency=world.a)
    assert set(d.signoffs) == {"clerk", "reviewer", "signatory"} and d.is_signed and d.status == "已签发"
    return c


def test_a_signed_report_is_frozen_exported_as_signed_and_changes_are_shown(world, client):
    signer = _signed(world, client)
    # a case answered after the sign-off changes the live count, not the signed report
    services.apply_event(world.clerk_a, world.case_a, 1, "accept", dt.date(2025, 3, 4))
    services.apply_event(world.clerk_a, world.case_a, 2, "respond", dt.date(2025, 3, 6), {"disposition": "granted"})
    exported = client.get(reverse("reports:export", args=[world.a.pk, 2025, "html"])).content
    from gongkai.readers import map_document
    from gongkai.readers.html import read_html
    assert map_document(read_html(exported, "x.html")).value("三", "granted", "total") == 0  # as signed
    page = client.get(reverse("reports:workspace", args=[world.a.pk, 2025])).content.decode()
    changes = page.split('id="signed-changes"')[1].split("</div>")[0]
    assert "表三「（一）予以公开」行「总计」列：签发时 0，现在 1" in changes
    # edits are refused while signed; the clerk has no withdraw button
    v = ReportDraft.objects.get(agency=world.a).version
    r = client.post(reverse("reports:sections", args=[world.a.pk, 2025]), {"version": v, "section_五": "改"}, follow=True)
    assert "报告已签发，不能直接修改" in r.content.decode()
    assert ReportDraft.objects.get(agency=world.a).is_signed and "撤回签发</button>" not in page
    assert client.post(reverse("reports:withdraw", args=[world.a.pk, 2025]), {"version": v}).status_code == 403
    # the 签发人 withdraws: the chain starts again and the live figures are exported
    r = signer.post(reverse("reports:withdraw", args=[world.a.pk, 2025]), {"version": v}, follow=True)
    assert "已撤回签发" in r.content.decode()
    d = ReportDraft.objects.get(agency=world.a)
    assert d.signoffs == {} and d.signed_report is None and d.status == "编辑中"
    from gongkai.web.auditlog.models import AuditEntry
    assert AuditEntry.objects.filter(action="report_withdraw", actor="signer_a").exists()


def test_figures_that_change_between_steps_reset_the_chain(world, client):
    from django.test import Client
    url = lambda step: reverse("reports:signoff", args=[world.a.pk, 2025, step])  # noqa: E731
    _submitted(world, client)
    services.apply_event(world.clerk_a, world.case_a, 1, "accept", dt.date(2025, 3, 4))
    services.apply_event(world.clerk_a, world.case_a, 2, "respond", dt.date(2025, 3, 6), {"disposition": "granted"})
    reviewer = Client()
    reviewer.force_login(world.reviewer_a)
    r = reviewer.post(url("reviewer"), {"version": 4}, follow=True)
    assert "表格数字因办件或登记簿的变化而改变，签核记录已清除" in r.content.decode()
    assert ReportDraft.objects.get(agency=world.a).signoffs == {}


def test_sign_off_times_are_shown_in_local_time(world, client):
    _signed(world, client)
    page = client.get(reverse("reports:workspace", args=[world.a.pk, 2025])).content.decode()
    signoff = page.split('id="signoff"')[1].split("</ol>")[0]
    assert "+00:00" not in signoff and "T" not in signoff.split("：")[1][:20]


@pytest.mark.parametrize("raw, stored, error", [
    ("Infinity", None, "不是金额（万元）"), ("NaN", None, "不是金额（万元）"), ("1e3", None, "不是金额（万元）"),
    ("-0", "0", None), ("12.50", "12.5", None), ("251000元", "25.1", None), ("１２", "12", None),
    ("9" * 400, None, "不是金额（万元）"),
])
def test_table_two_fee_amount_accepts_amounts_only(world, client, raw, stored, error):
    client.force_login(world.clerk_a)
    r = client.post(reverse("reports:table2", args=[world.a.pk, 2025]),
                    {"version": 1, "v_administrative_fees:amount_10k_yuan": raw,
                     "s_administrative_fees:amount_10k_yuan": "财政局"}, follow=True)
    d = ReportDraft.objects.filter(agency=world.a, year=2025).first()
    if error:
        assert error in r.content.decode() and not (d and d.table2)
    else:
        assert d.table2["administrative_fees:amount_10k_yuan"]["value"] == stored


def test_an_unentered_table_two_row_is_said_as_not_yet_entered(world, client):
    client.force_login(world.clerk_a)
    panel = client.get(reverse("reports:workspace", args=[world.a.pk, 2025])).content.decode().split('id="audit-panel"')[1]
    panel = panel.split("</ul>")[0]
    assert "[错误 C03] 表二「行政处罚」尚未填写。" in panel and "表二缺少" not in panel
