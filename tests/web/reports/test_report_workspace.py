"""The report workspace: one save for table 二 and the narrative; an early 签发 warns; a signed report whose
records changed is flagged in the overview; the 汇总 narrative is the county's own and names its units."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from gongkai.web.cases import services
from gongkai.web.reports.models import ReportDraft
from gongkai.web.reports.services import table2_fields

from .test_reports import _signed, _submitted


def _all_table2(value="0"):
    return {**{f"v_{k}": value for k, *_ in table2_fields()}, **{f"s_{k}": "本机关台账" for k, *_ in table2_fields()}}


def test_one_save_keeps_table_two_and_the_narrative(world, client):
    client.force_login(world.clerk_a)
    page = client.get(reverse("reports:workspace", args=[world.a.pk, 2025])).content.decode()
    form = page.split('id="report-form"')[1].split("</form>")[0]
    assert 'name="v_licensing:decisions"' in form and 'name="section_一"' in form  # one form holds both
    r = client.post(reverse("reports:save", args=[world.a.pk, 2025]),
                    {"version": 1, **_all_table2(), "section_一": "本机关坚持以公开为常态。", "save": "table2"},
                    follow=True)
    assert "表二和正文已保存" in r.content.decode()
    d = ReportDraft.objects.get(agency=world.a, year=2025)
    assert d.sections["一"] == "本机关坚持以公开为常态。" and d.table2["licensing:decisions"]["value"] == "0"


def test_a_refused_table_two_keeps_what_was_typed(world, client):
    client.force_login(world.clerk_a)
    r = client.post(reverse("reports:save", args=[world.a.pk, 2025]),
                    {"version": 1, "v_licensing:decisions": "abc", "s_licensing:decisions": "x",
                     "section_一": "刚写好的正文"})
    body = r.content.decode()
    assert r.status_code == 200 and "不是非负整数" in body and "表二和正文都未保存" in body
    assert "刚写好的正文</textarea>" in body and 'value="abc"' in body  # nothing typed is lost


def test_signing_before_the_year_is_over_warns_and_needs_a_confirmation(world, client, settings):
    _submitted(world, client)
    d = ReportDraft.objects.get(agency=world.a)
    rc = Client()
    rc.force_login(world.reviewer_a)
    rc.post(reverse("reports:signoff", args=[world.a.pk, 2025, "reviewer"]), {"version": d.version})
    sc = Client()
    sc.force_login(world.signer_a)
    page = sc.get(reverse("reports:workspace", args=[world.a.pk, 2025])).content.decode()
    assert "2025年尚未结束" in page and 'name="early"' in page
    v = ReportDraft.objects.get(agency=world.a).version
    r = sc.post(reverse("reports:signoff", args=[world.a.pk, 2025, "signatory"]), {"version": v}, follow=True)
    def the_warning(page):
        return "2025年尚未结束（今天是" + page.split("2025年尚未结束（今天是", 1)[1].split("后再签发。", 1)[0]

    warning = the_warning(r.content.decode())
    assert "2025年尚未结束（今天是 2025年3月20日）" in warning
    # the deadline is the workspace's (第四十九条, by level): a 乡镇 has none in the 条例; never 「第五十条」
    assert "条例未规定乡镇的期限" in warning and "第五十条" not in warning and "1月31日前公布）" not in warning
    world.a.kind = "department"
    world.a.save()
    warning = the_warning(sc.post(reverse("reports:signoff", args=[world.a.pk, 2025, "signatory"]), {"version": v},
                                  follow=True).content.decode())
    assert "条例第四十九条第一款：县级以上人民政府部门应当在每年1月31日前" in warning and "第五十条" not in warning
    world.a.kind = "township"
    world.a.save()
    assert not ReportDraft.objects.get(agency=world.a).is_signed
    sc.post(reverse("reports:signoff", args=[world.a.pk, 2025, "signatory"]), {"version": v, "early": "1"})
    assert ReportDraft.objects.get(agency=world.a).is_signed
    settings.GONGKAI_TODAY = dt.date(2026, 1, 10)  # after the year: no warning
    assert "尚未结束" not in sc.get(reverse("reports:workspace", args=[world.a.pk, 2025])).content.decode()


def test_overview_flags_a_signed_report_whose_records_changed(world, client):
    _signed(world, client)
    sup = Client()
    sup.force_login(world.supervisor)
    assert "签发后记录有变化" not in sup.get(reverse("reports:overview", args=[2025])).content.decode()
    services.register(world.clerk_a, requester_name="赵某", applicant_type="natural_person", id_document="",
                      contact="", description="新申请", channel="in_person", received_on=dt.date(2025, 3, 18),
                      form="纸质")
    body = sup.get(reverse("reports:overview", args=[2025])).content.decode()
    row = body.split("甲镇人民政府</a>")[1].split("</tr>")[0]
    assert "签发后记录有变化" in row and "签发时 1，现在 2" in row


def test_summary_narrative_is_the_countys_own_and_names_its_units(world, client):
    ReportDraft.objects.create(agency=world.a, year=2025, sections={"一": "甲镇自己的正文。"})
    sup = Client()
    sup.force_login(world.supervisor)
    body = sup.get(reverse("reports:summary", args=[2025])).content.decode()
    assert "甲镇自己的正文" not in body  # one township's text is not the county's
    assert "测试县人民政府、甲镇人民政府、乙局" in body and "共3个单位" in body
    ReportDraft.objects.create(agency=world.county, year=2025, sections={"一": "全县坚持以公开为常态。"})
    body = sup.get(reverse("reports:summary", args=[2025])).content.decode()
    assert "全县坚持以公开为常态" in body and "甲镇自己的正文" not in body
