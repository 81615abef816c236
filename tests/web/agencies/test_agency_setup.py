"""A township sets the platform up alone: the first-run page asks for what letters need (复议机关, court,
工作机构, address, phone, 受理时间); the 系统管理员 edits them later; letters carry them; letters are A4."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse

from gongkai.web.agencies.models import Agency

from ..cases.test_casework_ui import _post_event


def _reply_letter(client, world):
    client.force_login(world.clerk_a)
    case = world.case_a
    _post_event(client, case, "respond", on="2025-03-20", disposition="granted")
    case.refresh_from_db()
    seq = case.events.order_by("-seq").first().seq
    r = client.get(reverse("cases:letter", args=[case.pk, "reply", seq]))
    assert r.status_code == 200 and r.content[:2] == b"PK"
    from docx import Document
    return Document(io.BytesIO(r.content))


def test_first_run_for_a_township_records_what_letters_need(db, client):
    page = client.get(reverse("accounts:setup")).content.decode()
    for label in ("行政复议机关", "行政诉讼管辖法院", "政府信息公开工作机构", "受理地址", "联系电话", "受理时间"):
        assert label in page
    r = client.post(reverse("accounts:setup"), {"agency_name": "甲镇人民政府", "agency_kind": "township", "review_body": "",
                                                "username": "root", "password": "Gongkai-2025-xyz",
                                                "password2": "Gongkai-2025-xyz"})
    assert r.status_code == 200 and "请填写行政复议机关" in r.content.decode()  # the name does not say: asked for
    r = client.post(reverse("accounts:setup"), {
        "agency_name": "甲镇人民政府", "agency_kind": "township", "review_body": "测试县人民政府",
        "court": "测试县人民法院", "office_name": "甲镇党政办公室", "address": "甲镇人民路1号",
        "phone": "0451-1234567", "hours": "工作日 9:00—17:00",
        "username": "root", "password": "Gongkai-2025-xyz", "password2": "Gongkai-2025-xyz"})
    assert r.status_code == 302
    a = Agency.objects.get(name="甲镇人民政府")
    assert (a.review_body, a.court, a.office_name, a.address, a.contact, a.hours) == (
        "测试县人民政府", "测试县人民法院", "甲镇党政办公室", "甲镇人民路1号", "0451-1234567", "工作日 9:00—17:00")


def test_first_run_suggests_the_review_body_from_the_name_by_level(db, client):
    from gongkai.web.agencies.models import review_body_from_name as suggest
    assert suggest("某某县甲镇人民政府", "township") == "某某县人民政府"
    assert suggest("某某市某某区某某街道办事处", "township") == "某某市某某区人民政府"
    assert suggest("某某县财政局", "department") == "某某县人民政府"
    assert suggest("某某县工业园区管委会", "department") == "某某县人民政府"
    assert suggest("哈尔滨市道里区人民政府", "county") == "哈尔滨市人民政府"
    assert suggest("甲镇人民政府", "township") == "" and suggest("某某县人民政府", "county") == ""
    r = client.post(reverse("accounts:setup"), {"agency_name": "某某县甲镇人民政府", "agency_kind": "township",
                                                "review_body": "", "username": "root",
                                                "password": "Gongkai-2025-xyz", "password2": "Gongkai-2025-xyz"},
                    follow=True)
    assert "初始化完成（行政复议机关：某某县人民政府）" in r.content.decode()
    assert Agency.objects.get().review_body == "某某县人民政府"


def test_review_body_suggested_by_level(world):
    world.a.review_body = world.b.review_body = world.county.review_body = ""
    assert world.a.remedy_review_body == "测试县人民政府"  # a township: the county government
    assert world.b.remedy_review_body == "测试县人民政府"  # a county department: the county government
    office = Agency.objects.create(name="甲镇某站", kind="department", parent=world.a)
    assert office.suggested_review_body() == "测试县人民政府"
    assert world.county.remedy_review_body == "本级人民政府"  # top agency with nothing entered


def test_letter_names_the_agencys_review_body_court_and_contact_on_a4(world, client):
    Agency.objects.filter(pk=world.a.pk).update(review_body="", court="测试县人民法院", office_name="甲镇党政办公室",
                                                address="甲镇人民路1号", contact="0451-1234567", hours="工作日 9:00—17:00")
    doc = _reply_letter(client, world)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "六十日内向测试县人民政府申请行政复议" in text and "六个月内向测试县人民法院提起行政诉讼" in text
    assert "本级人民政府" not in text
    assert "联系方式：甲镇党政办公室；地址：甲镇人民路1号；电话：0451-1234567；受理时间：工作日 9:00—17:00" in text
    for s in doc.sections:  # GB/T 9704: A4, margins 37/35/28/26 mm
        assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
        assert [round(m.mm) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]


def test_builtin_letter_templates_are_a4(tmp_path):
    from docx import Document

    from gongkai.casework.letters import KINDS, TEMPLATE_DIR, build_default_templates
    for path in [TEMPLATE_DIR / f"{k}.docx" for k in KINDS] + build_default_templates(tmp_path):
        s = Document(str(path)).sections[0]
        assert (round(s.page_width.mm), round(s.page_height.mm), round(s.top_margin.mm), round(s.left_margin.mm)) \
            == (210, 297, 37, 28), path


def test_sysadmin_edits_an_agency_and_the_change_is_logged(world, client):
    client.force_login(world.sysadmin)
    admin = client.get(reverse("accounts:admin_users")).content.decode()
    assert reverse("agencies:edit", args=[world.a.pk]) in admin
    page = client.get(reverse("agencies:edit", args=[world.a.pk])).content.decode()
    assert "按层级推定的行政复议机关：测试县人民政府" in page
    r = client.post(reverse("agencies:edit", args=[world.a.pk]), {
        "name": "甲镇人民政府", "kind": "township", "parent": world.county.pk, "review_body": "测试县人民政府",
        "court": "测试县人民法院", "office_name": "甲镇党政办", "address": "", "contact": "0451-7654321", "hours": ""})
    assert r.status_code == 302, r.content.decode()[-3000:]
    world.a.refresh_from_db()
    assert world.a.court == "测试县人民法院" and world.a.contact == "0451-7654321"
    from gongkai.web.auditlog.models import AuditEntry
    e = AuditEntry.objects.get(action="agency_update")
    assert e.new["court"] == "测试县人民法院"
    # a parent inside its own subtree is refused with a message
    r = client.post(reverse("agencies:edit", args=[world.county.pk]), {"name": world.county.name, "kind": "county",
                                                                      "parent": world.a.pk})
    assert r.status_code == 200 and "上级机关不能是本机关或其下级机关" in r.content.decode()
    client.force_login(world.clerk_a)
    assert client.get(reverse("agencies:edit", args=[world.a.pk])).status_code == 403
    assert dt  # noqa
