"""Issue 14 "done when", as one journey in a real browser (Playwright + Debian chromium, headless): a new
township on an empty data folder sets the platform up alone (首次运行), its 系统管理员 creates the accounts
with 批量导入, the 安全管理员 grants the roles, the 经办人 registers a paper application, sends a 补正 and asks
for a 延期, the leader (审核人) approves it from the 待办 list, the 经办人 replies and downloads the A4 reply
letter that names the township's own 复议机关.

Skips with the reason when /usr/bin/chromium or the playwright package is absent.
"""

from __future__ import annotations

import io
import re

import pytest

from .browser_steps import act

ZHEN = "某某县甲镇人民政府"
OWN_PASSWORD = "Zhen-Gong-2025!"


def open_page(browser, base):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True).new_page()
    page.set_default_timeout(15000)
    page.goto(base + "/accounts/login/")
    return page


def log_in(browser, base, username, password, *, first=False):
    """A new page logged in as ``username``; with ``first``, the forced first change of an initial password."""
    page = open_page(browser, base)
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login button[type=submit]")
    if first:
        page.wait_for_url("**/accounts/password/**")
        assert "首次登录" in page.inner_text(".messages")
        change_password(page, password, OWN_PASSWORD)
    else:
        page.wait_for_load_state()
    return page


def change_password(page, old, new):
    page.fill("#id_old_password", old)
    page.fill("#id_new_password1", new)
    page.fill("#id_new_password2", new)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=密码已修改")


def xlsx(sheets: dict) -> bytes:
    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_new_township_sets_up_registers_clarifies_extends_replies_and_prints_its_letter(
        browser, live_server, tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"  # an empty data folder: no agency, no user
    settings.DATA_DIR.mkdir()
    base = live_server.url

    # 首次运行: every page leads to the setup; the 复议机关 is suggested from the name while it is typed
    admin = open_page(browser, base)
    admin.goto(base + "/")
    admin.wait_for_url("**/accounts/setup/**")
    admin.select_option("#id_agency_kind", "township")
    admin.type("#id_agency_name", ZHEN)
    assert admin.input_value("#id_review_body") == "某某县人民政府"
    for field, value in (("court", "某某县人民法院"), ("office_name", "甲镇党政办公室"), ("address", "甲镇人民路1号"),
                         ("phone", "0451-1234567"), ("hours", "工作日 9:00—17:00"), ("username", "zhen_admin"),
                         ("full_name", "镇管理员"), ("password", OWN_PASSWORD), ("password2", OWN_PASSWORD)):
        admin.fill(f"#id_{field}", value)
    admin.click("#setup button[type=submit]")
    admin.wait_for_selector("text=初始化完成（行政复议机关：某某县人民政府）")
    admin.context.close()

    # the 系统管理员 creates the township's accounts from a sheet (三员分立: no business role)
    admin = log_in(browser, base, "zhen_admin", OWN_PASSWORD)
    admin.goto(base + "/accounts/admin/")
    admin.click("#bulk-import-link")
    sheet = xlsx({"账号": [["账号", "姓名", "角色", "所属单位"],
                           ["zhen_sec", "安全员", "安全管理员", ZHEN],
                           ["zhen_clerk", "王经办", "", ZHEN],
                           ["zhen_head", "李主任", "", ZHEN]]})
    admin.set_input_files("#sheet", files=[{"name": "甲镇账号.xlsx", "mimeType": "application/octet-stream",
                                             "buffer": sheet}])
    admin.click("#bulk-upload button[type=submit]")
    assert "将建立 0 个单位、3 个账号" in admin.inner_text("#import-preview")
    admin.click("#bulk-confirm button[type=submit]")
    admin.wait_for_selector("#initial-passwords")
    initial = {}
    for row in admin.locator("#initial-passwords tr").all()[1:]:
        cells = row.locator("td").all_inner_texts()
        initial[cells[0]] = cells[4]
    assert set(initial) == {"zhen_sec", "zhen_clerk", "zhen_head"}
    admin.context.close()

    # the 安全管理员 (after choosing a password) grants the business roles
    sec = log_in(browser, base, "zhen_sec", initial["zhen_sec"], first=True)
    sec.goto(base + "/accounts/security/")
    for username, role in (("zhen_clerk", "clerk"), ("zhen_head", "reviewer")):
        sec.select_option(f"select[aria-label='{username} 的角色']", role)
        sec.locator(f"form:has(select[aria-label='{username} 的角色']) button").click()
        sec.wait_for_load_state()
    sec.context.close()

    # the 经办人 registers a paper application handed in at the office, asks for a 补正, gets it, asks for a 延期
    clerk = log_in(browser, base, "zhen_clerk", initial["zhen_clerk"], first=True)
    clerk.goto(base + "/cases/new/")
    clerk.fill("#id_requester_name", "赵某某")
    clerk.select_option("#id_applicant_type", "natural_person")
    clerk.fill("#id_id_document", "居民身份证 110101198805051234")
    clerk.fill("#id_contact", "13712345678")
    clerk.select_option("#id_channel", "in_person")
    clerk.fill("#id_submitted_on", "2025-03-10")
    clerk.fill("#id_description", "甲镇某村2024年土地征收补偿安置方案")
    clerk.fill("#id_form", "纸质，自行领取")
    clerk.click("#intake button[type=submit]")
    clerk.wait_for_selector("text=已登记申请")
    case_url = clerk.url
    act(clerk, "request_clarification", on="2025-03-11", items="请写明所属村名和征收批次")
    assert "待补正" in clerk.inner_text("h1")
    with clerk.expect_download() as dl:
        clerk.click("#letters a[href*='/letter/clarification/']")
    assert dl.value.suggested_filename.endswith(".docx")
    act(clerk, "receive_clarification", on="2025-03-14")
    act(clerk, "extension_request", on="2025-03-20", days="15", reason="需调取征收档案")
    assert "待审核人或签发人批准" in clerk.inner_text("#pending-extension")

    # the leader sees the request in 待办 (with its count in the navigation) and approves it from there
    head = log_in(browser, base, "zhen_head", initial["zhen_head"], first=True)
    head.goto(base + "/todo/")
    assert re.search(r"待办（\d+）", head.inner_text("header nav"))
    group = head.locator("#todo-extensions")
    assert "提请延期 15 个工作日" in group.inner_text()
    group.locator("a").first.click()
    head.wait_for_url(case_url)
    head.click("#pending-extension button:has-text('同意延期')")
    head.wait_for_selector("text=已批准延期")
    head.goto(base + "/todo/")
    assert head.locator("#todo-extensions").count() == 0  # nothing left to approve
    head.context.close()

    # the reply, and its letter: A4, naming the township's own 复议机关, court and contact line
    clerk.goto(case_url)
    assert "已延长 15 个工作日" in clerk.inner_text("#deadline")
    act(clerk, "respond", on="2025-03-20", disposition="granted")
    with clerk.expect_download() as dl:
        clerk.click("#letters a[href*='/letter/reply/']")
    path = tmp_path / "reply.docx"
    dl.value.save_as(path)
    from docx import Document
    from docx.shared import Mm
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "六十日内向某某县人民政府申请行政复议" in text and "六个月内向某某县人民法院提起行政诉讼" in text
    assert "联系方式：甲镇党政办公室；地址：甲镇人民路1号；电话：0451-1234567；受理时间：工作日 9:00—17:00" in text
    for s in doc.sections:
        assert abs(s.page_width - Mm(210)) < Mm(1) and abs(s.page_height - Mm(297)) < Mm(1)
    clerk.context.close()
