"""The administrators' and everyone's newer screens in a real browser (Playwright + Debian chromium, headless):
待办 with its count in the navigation, agency editing from the 系统管理员's 待办, 批量导入, disabling and
re-enabling an account, one's own password change, and the 节假日安排 page.

Skips with the reason when /usr/bin/chromium or the playwright package is absent.  Screenshots go to
docs/images/web-*.png when GONGKAI_SCREENSHOTS=1 (to refresh docs/web.md), else to the test's temporary folder.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from .conftest import PASSWORD, make_world
from .test_browser_township import OWN_PASSWORD, change_password, log_in, open_page, xlsx

DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


def shots(tmp_path) -> Path:
    folder = DOCS_IMAGES if os.environ.get("GONGKAI_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def nav_count(page) -> int:
    m = re.search(r"待办（(\d+)）", page.inner_text("header nav"))
    return int(m.group(1)) if m else 0


@pytest.mark.django_db(transaction=True)
def test_todo_counts_lead_each_role_to_its_work(browser, live_server, tmp_path):
    from gongkai.web.cases import services
    w = make_world()
    case = services.request_extension(w.clerk_a, w.case_a, w.case_a.version, on=dt.date(2025, 3, 20), days=10,
                                      reason="需调取档案")
    base = live_server.url
    # the leader: the 延期 waiting for approval; the navigation's count is the page's total
    head = log_in(browser, base, "reviewer_a", PASSWORD)
    head.wait_for_url("**/todo/**")  # every role lands on its 待办
    total = int(re.search(r"待办（(\d+) 项）", head.inner_text("h1")).group(1))
    assert nav_count(head) == total >= 1
    assert case.number in head.inner_text("#todo-extensions") and "提请延期 10 个工作日" in head.inner_text("#todo-extensions")
    head.screenshot(path=str(shots(tmp_path) / "web-todo-head.png"), full_page=True)
    head.context.close()

    # the 系统管理员: agencies whose letters lack something; editing one takes it off the list
    admin = log_in(browser, base, "sysadmin", PASSWORD)
    admin.wait_for_url("**/todo/**")
    before = nav_count(admin)
    group = admin.locator("#todo-agencies")
    assert "甲镇人民政府" in group.inner_text() and "缺少联系电话、受理地址" in group.inner_text()
    group.locator("a:has-text('甲镇人民政府')").click()
    admin.wait_for_url("**/agencies/**")
    assert admin.input_value("#id_review_body") == ""  # suggested by level, shown beside the field
    admin.fill("#id_review_body", "测试县人民政府")
    admin.fill("#id_court", "测试县人民法院")
    admin.fill("#id_contact", "0451-7654321")
    admin.fill("#id_address", "甲镇人民路2号")
    admin.click("main form button[type=submit]")
    admin.wait_for_selector("text=已保存机关 甲镇人民政府")
    admin.goto(base + "/todo/")
    assert "甲镇人民政府" not in (admin.inner_text("#todo-agencies") if admin.locator("#todo-agencies").count() else "")
    assert nav_count(admin) == before - 1
    from gongkai.web.auditlog.models import AuditEntry
    entry = AuditEntry.objects.get(action="agency_update")
    assert entry.new["contact"] == "0451-7654321" and entry.old["contact"] == ""
    admin.context.close()

    # the 安全管理员: a locked account
    from django.utils import timezone
    type(w.clerk_b).objects.filter(pk=w.clerk_b.pk).update(locked_until=timezone.now() + dt.timedelta(minutes=15))
    sec = log_in(browser, base, "secadmin", PASSWORD)
    sec.wait_for_url("**/todo/**")
    assert "clerk_b" in sec.inner_text("#todo-locked") and nav_count(sec) == 1
    sec.context.close()


@pytest.mark.django_db(transaction=True)
def test_bulk_import_then_disable_and_enable_an_account(browser, live_server, tmp_path):
    make_world()
    base = live_server.url
    admin = log_in(browser, base, "sysadmin", PASSWORD)
    admin.goto(base + "/accounts/admin/")
    admin.click("#bulk-import-link")
    with admin.expect_download() as dl:
        admin.click("#download-template")
    assert dl.value.suggested_filename == "批量导入单位和账号模板.xlsx"
    # a sheet with mistakes: every one listed, nothing created
    bad = xlsx({"单位": [["单位名称", "层级", "上级单位"], ["丙镇人民政府", "乡镇", "测试县人民政"]],
                "账号": [["账号", "姓名", "角色", "所属单位", "邮箱"], ["bing", "", "经办人", "丙镇人民政府", "bing@"]]})
    admin.set_input_files("#sheet", files=[{"name": "有错.xlsx", "mimeType": "application/octet-stream", "buffer": bad}])
    admin.click("#bulk-upload button[type=submit]")
    errors = admin.inner_text("#import-errors")
    assert "共 3 处错误" in errors and "「单位」表第2行C列「上级单位」" in errors and "「账号」表第2行E列「邮箱」" in errors
    good = xlsx({"单位": [["单位名称", "层级", "上级单位", "复议机关", "政府信息公开工作机构", "联系电话"],
                          ["丙镇人民政府", "乡镇/街道", "测试县人民政府", "测试县人民政府", "丙镇党政办公室", "0451-1112223"],
                          ["测试县教育局", "部门", "测试县人民政府", "", "局办公室", "0451-3334445"]],
                 "账号": [["账号", "姓名", "角色", "所属单位", "邮箱"],
                          ["bing_clerk", "丙经办", "", "丙镇人民政府", "bing@example.gov.cn"],
                          ["bing_head", "丙主任", "", "丙镇人民政府", ""],
                          ["edu_clerk", "教经办", "", "测试县教育局", ""],
                          ["county_audit2", "县审计", "审计管理员", "测试县人民政府", ""]]})
    admin.set_input_files("#sheet", files=[{"name": "全县单位和账号.xlsx", "mimeType": "application/octet-stream",
                                             "buffer": good}])
    admin.click("#bulk-upload button[type=submit]")
    assert "将建立 2 个单位、4 个账号" in admin.inner_text("#import-preview")
    admin.screenshot(path=str(shots(tmp_path) / "web-bulk-import.png"), full_page=True)
    admin.click("#bulk-confirm button[type=submit]")
    admin.wait_for_selector("#initial-passwords")
    assert "初始密码只在本页显示这一次" in admin.inner_text("#import-done")
    passwords = {r.locator("td").nth(0).inner_text(): r.locator("td").nth(4).inner_text()
                 for r in admin.locator("#initial-passwords tr").all()[1:]}
    with admin.expect_download() as dl:
        admin.click("#download-passwords")
    assert dl.value.suggested_filename == "初始密码.xlsx"
    from openpyxl import load_workbook
    import io
    sheet = load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes()))["初始密码"]
    assert {r[0]: r[4] for r in sheet.iter_rows(min_row=2, values_only=True)} == passwords

    # 停用: the account cannot log in; 启用: it can, and first chooses its own password
    admin.goto(base + "/accounts/admin/")
    admin.locator("#accounts tr:has-text('bing_clerk') button:has-text('停用')").click()
    admin.wait_for_selector("text=已停用账户 bing_clerk")
    assert "已停用" in admin.inner_text("#accounts tr:has-text('bing_clerk')")
    page = open_page(browser, base)
    page.fill("#id_username", "bing_clerk")
    page.fill("#id_password", passwords["bing_clerk"])
    page.click("#login button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url and "用户名或密码不正确" in page.inner_text("main")
    page.context.close()
    admin.locator("#accounts tr:has-text('bing_clerk') button:has-text('启用')").click()
    admin.wait_for_selector("text=已启用账户 bing_clerk")
    admin.context.close()
    user = log_in(browser, base, "bing_clerk", passwords["bing_clerk"], first=True)
    assert "尚未授予角色" in user.inner_text("main") or "/accounts/password/" in user.url
    user.context.close()


@pytest.mark.django_db(transaction=True)
def test_everyone_changes_their_own_password(browser, live_server):
    make_world()
    base = live_server.url
    page = log_in(browser, base, "clerk_a", PASSWORD)
    page.click("header a:has-text('更改密码')")
    page.fill("#id_old_password", "wrong-Passw0rd!")
    page.fill("#id_new_password1", OWN_PASSWORD)
    page.fill("#id_new_password2", OWN_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "原密码" in page.inner_text("main .error") or "不正确" in page.inner_text("main")
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", "woaini12345")
    page.fill("#id_new_password2", "woaini12345")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("main .error").count() >= 1  # a weak password: the rules, in Chinese
    change_password(page, PASSWORD, OWN_PASSWORD)
    page.click("header button:has-text('退出')")
    page.context.close()
    again = log_in(browser, base, "clerk_a", OWN_PASSWORD)
    again.wait_for_url("**/todo/**")
    from gongkai.web.auditlog.models import AuditEntry
    assert AuditEntry.objects.filter(action="password_change", actor="clerk_a").count() == 1
    again.context.close()


@pytest.mark.django_db(transaction=True)
def test_holiday_notice_is_parsed_checked_and_loaded(browser, live_server, tmp_path, settings):
    from gongkai.workdays.calendar import LIBRARY_YEARS
    if LIBRARY_YEARS[1] >= 2027:
        pytest.skip("chinese-calendar 已包含 2027 年，示例通知无从检验暂定期限")
    from gongkai.web.cases import services
    notice = (Path(__file__).resolve().parents[1] / "workdays" / "fixtures" / "notice-2027-sample.txt").read_text(
        encoding="utf-8")
    settings.DATA_DIR = tmp_path / "data"  # no notice loaded yet: 2027 is provisional
    settings.DATA_DIR.mkdir()
    settings.GONGKAI_TODAY = dt.date(2026, 12, 16)
    w = make_world()
    december = services.register(w.clerk_a, requester_name="王某", applicant_type="natural_person", id_document="",
                                 contact="13800000000", description="2026年预算", channel="in_person",
                                 received_on=dt.date(2026, 12, 15), form="纸质")
    base = live_server.url
    admin = log_in(browser, base, "sysadmin", PASSWORD)
    admin.click("header nav a:has-text('节假日安排')")
    admin.wait_for_url("**/calendar/**")
    assert "暂定" in admin.inner_text("#calendar-years tr:has-text('2027')")
    admin.click("#calendar-parse button[type=submit]")  # nothing pasted: told what to paste
    assert "请粘贴" in admin.inner_text("#calendar-error")
    admin.fill("#notice", notice)
    admin.click("#calendar-parse button[type=submit]")
    preview = admin.inner_text("#calendar-preview")
    assert "解析结果：2027 年" in preview and "2027-02-05 至 2027-02-12" in preview
    admin.screenshot(path=str(shots(tmp_path) / "web-calendar.png"), full_page=True)
    admin.click("#calendar-load button[type=submit]")
    result = admin.inner_text("#calendar-result")
    assert "已加载 2027 年节假日安排" in result and december.number in result
    assert "暂定" not in admin.inner_text("#calendar-years tr:has-text('2027')")
    admin.context.close()
