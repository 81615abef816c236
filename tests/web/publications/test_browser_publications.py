"""In a real browser (Playwright, Debian chromium, headless): a clerk drafts an item, the 主管领导
returns it once with a comment, the clerk fixes it, both leaders approve, it is in the public
catalogue; a citizen applies online and later downloads the reply.  Keyboard only on the public form.

Skips with the reason when /usr/bin/chromium or playwright is absent (CI: apt-get install -y chromium).
"""

from __future__ import annotations

import pytest

from ..conftest import PASSWORD, make_world


def _page(browser, **kw):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, **kw).new_page()
    page.set_default_timeout(15000)
    return page


def _login(browser, base, username):
    page = _page(browser)
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login button[type=submit]")
    page.wait_for_load_state()
    return page


def _step(page, kind, comment=""):
    form = page.locator(f"form[action$='/step/{kind}/']")
    if comment:
        form.locator("textarea").fill(comment)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_clerk_drafts_leaders_sign_off_with_one_return_and_item_is_public(browser, live_server):
    w = make_world()
    base = live_server.url
    clerk = _login(browser, base, "clerk_a")
    clerk.goto(base + "/publications/new/")
    clerk.select_option("#id_category", "township_homestead_review")
    clerk.fill("#id_title", "2025年第一批农村宅基地审批结果公示")
    clerk.fill("#id_formed_on", "2025-03-18")
    clerk.fill("#id_summary", "第一批宅基地审批结果")
    clerk.select_option("#id_disclosure", "proactive")
    clerk.select_option("#id_review_conclusion", "cleared")
    clerk.fill("#id_reviewer_name", "保密员小周")
    clerk.fill("#id_reviewed_on", "2025-03-19")
    clerk.click("form.stack button[type=submit]")
    clerk.wait_for_selector("text=已起草")
    item_url = clerk.url
    _step(clerk, "submit")
    assert clerk.inner_text("#state") == "待审核"

    reviewer = _login(browser, base, "reviewer_a")
    reviewer.goto(item_url)
    _step(reviewer, "return", "公示内容应隐去申请人身份证号码。")
    assert reviewer.inner_text("#state") == "已退回"

    clerk.goto(item_url)
    assert "公示内容应隐去申请人身份证号码。" in clerk.inner_text("[role=alert]")
    clerk.click("text=修改")
    clerk.fill("#id_summary", "第一批宅基地审批结果（已隐去身份证号码）")
    clerk.click("form.stack button[type=submit]")
    clerk.wait_for_selector("text=已保存修改")
    _step(clerk, "submit")

    reviewer.goto(item_url)
    _step(reviewer, "approve")
    assert reviewer.inner_text("#state") == "待签发"
    signer = _login(browser, base, "signer_a")
    signer.goto(item_url)
    _step(signer, "sign_off")
    assert signer.inner_text("#state") == "已公开"

    public = _page(browser)
    public.goto(base + "/")
    public.click(f"a[href='/gongkai/{w.a.pk}/xxgk/']")
    public.click("text=2025年第一批农村宅基地审批结果公示")
    assert "已隐去身份证号码" in public.inner_text("main")
    assert f"/gongkai/{w.a.pk}/xxgk/2025-" in public.url


@pytest.mark.django_db(transaction=True)
def test_citizen_applies_online_with_the_keyboard_and_later_downloads_the_reply(browser, live_server, tmp_path):
    w = make_world()
    base = live_server.url
    citizen = _page(browser)
    citizen.goto(base + f"/gongkai/{w.a.pk}/apply/")
    # keyboard only: focus the first field, type, Tab to the next
    citizen.focus("#id_requester_name")
    citizen.keyboard.type("孙某")
    citizen.keyboard.press("Tab")
    citizen.keyboard.press("Tab")
    citizen.keyboard.type("居民身份证 110101199404041234")
    citizen.keyboard.press("Tab")
    citizen.keyboard.type("13500001111")
    citizen.fill("#id_description", "甲镇2024年农村低保对象名单")
    citizen.focus("form.stack button[type=submit]")
    citizen.keyboard.press("Enter")
    citizen.wait_for_selector("#tracking")
    tracking, code = citizen.inner_text("#tracking"), citizen.inner_text("#code")

    clerk = _login(browser, base, "clerk_a")
    clerk.goto(base + "/publications/applications/")
    reply = tmp_path / "答复书.pdf"
    reply.write_bytes(b"%PDF-1.4 reply letter")
    clerk.set_input_files("input[type=file]", str(reply))
    clerk.click("text=上传答复书")
    clerk.wait_for_selector("text=答复书已上传")

    later = _page(browser)  # a new session, days later
    later.goto(base + "/gongkai/status/")
    later.fill("#id_tracking_number", tracking)
    later.fill("#id_code", code)
    later.click("form.stack button[type=submit]")
    later.wait_for_selector("#case-state")
    with later.expect_download() as dl:
        later.click("text=下载 答复书.pdf")
    path = dl.value.path()
    assert open(path, "rb").read() == b"%PDF-1.4 reply letter"


@pytest.mark.django_db(transaction=True)
def test_catalogue_reflows_at_200_percent_zoom_without_horizontal_scroll(browser, live_server):
    w = make_world()
    page = _page(browser, device_scale_factor=2)
    page.set_viewport_size({"width": 640, "height": 900})  # 1280 px at 200 % zoom
    page.goto(live_server.url + f"/gongkai/{w.a.pk}/guide/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
