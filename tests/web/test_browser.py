"""A clerk's day in a real browser (Playwright driving Debian's chromium, headless).

Skips with the reason when /usr/bin/chromium or the playwright package is absent
(CI: ``apt-get install -y chromium``).  Screenshots go to docs/images/web-*.png when
GONGKAI_SCREENSHOTS=1 (to refresh the docs), else to the test's temporary folder, so a test run
never changes the repository.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from .browser_steps import act as _act
from .browser_steps import log_in as _login
from .conftest import PASSWORD, make_world

DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


@pytest.mark.django_db(transaction=True)
def test_clerk_registers_clarifies_extends_answers_and_sees_table_three(browser, live_server, tmp_path, settings):
    w = make_world()
    base = live_server.url
    SHOTS = DOCS_IMAGES if os.environ.get("GONGKAI_SCREENSHOTS") == "1" else tmp_path
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = _login(browser, base, "clerk_a")
    page.goto(base + "/cases/new/")
    page.fill("#id_requester_name", "赵某某")
    page.select_option("#id_applicant_type", "natural_person")
    page.fill("#id_id_document", "居民身份证 110101198805051234")
    page.fill("#id_contact", "13712345678")
    page.select_option("#id_channel", "in_person")
    page.fill("#id_submitted_on", "2025-03-10")
    page.fill("#id_description", "某村土地征收补偿安置方案")
    page.fill("#id_form", "纸质，自行领取")
    page.screenshot(path=str(SHOTS / "web-intake.png"), full_page=True)
    page.click("#intake button[type=submit]")
    page.wait_for_selector("text=已登记申请")
    case_url = page.url
    _act(page, "request_clarification", on="2025-03-11", items="请写明所属村名和征收批次")
    assert "待补正" in page.inner_text("h1")
    _act(page, "receive_clarification", on="2025-03-14")
    _act(page, "extension_request", on="2025-03-20", days="15", reason="需调取征收档案")
    assert "待审核人或签发人批准" in page.inner_text("#pending-extension")

    head = _login(browser, base, "reviewer_a")
    head.goto(case_url)
    head.click("#pending-extension button:has-text('同意延期')")
    head.wait_for_selector("text=已批准延期")
    head.context.close()

    page.goto(case_url)
    assert "已延长 15 个工作日" in page.inner_text("#deadline")
    page.screenshot(path=str(SHOTS / "web-case.png"), full_page=True)
    settings.GONGKAI_TODAY = dt.date(2025, 3, 28)  # the reply is registered on the day it is given
    _act(page, "respond", on="2025-03-28", disposition="partially_granted", info_given="补偿安置方案",
         info_withheld="被征收户身份信息", reason="涉及个人隐私（条例第十五条）")
    assert "部分公开" in page.inner_text("#disposition")
    with page.expect_download() as dl:
        page.click("#letters a[href*='/letter/reply/']")
    assert dl.value.suggested_filename.endswith("政府信息公开申请答复书.docx")  # a Chinese file name (RFC 5987)

    page.goto(base + "/cases/?tab=all")
    page.screenshot(path=str(SHOTS / "web-worklist.png"), full_page=True)
    page.goto(base + "/todo/")
    assert "待办（" in page.inner_text("header nav")  # the count in the navigation
    page.screenshot(path=str(SHOTS / "web-todo.png"), full_page=True)
    page.goto(base + f"/reports/{w.a.pk}/2025/")
    cell = page.locator("#gk-requests tr:has-text('（二）部分公开') td").last
    assert cell.inner_text().strip() == "1"
    assert "收到政府信息公开申请2件" in page.inner_text("#preview")
    page.screenshot(path=str(SHOTS / "web-report.png"), full_page=True)
    # The audit panel follows the typing (htmx), before anything is saved: text against table 三.
    assert "N01" not in page.inner_text("#audit-panel")
    page.locator("textarea[name='section_一']").fill("2025年，本机关共收到政府信息公开申请9件。")
    page.wait_for_selector("#audit-unsaved")
    assert "N01" in page.inner_text("#audit-panel") and "申请9件" in page.inner_text("#audit-panel")

    sup = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sup.goto(base + "/accounts/login/")
    sup.fill("#id_username", "county_sup")
    sup.fill("#id_password", PASSWORD)
    sup.click("#login button[type=submit]")
    sup.wait_for_load_state()
    sup.goto(base + "/reports/overview/2025/")
    row = sup.locator("#overview tr:has-text('甲镇人民政府')")
    assert row.locator("td").nth(2).inner_text().strip() == "2"
    sup.screenshot(path=str(SHOTS / "web-overview.png"), full_page=True)
