"""答复审核 in a real browser (Playwright driving Debian's chromium, headless): a citizen applies online; the clerk
submits the drafted reply; the 审核人 opens it from his 待办 and returns it with a reason; the clerk opens it from
her 待办, revises and submits again; the 审核人 approves; the applicant's status page shows the outcome.

Skips with the reason when /usr/bin/chromium or the playwright package is absent (CI: apt-get install -y chromium).
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from .browser_steps import log_in
from .conftest import make_world


def _page(browser):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(30000)
    return page


def _login(browser, base, username):
    return log_in(browser, base, username, timeout=30000)


def _status(browser, base, tracking, code):
    page = _page(browser)
    page.goto(base + "/gongkai/status/")
    page.fill("#id_tracking_number", tracking)
    page.fill("#id_code", code)
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("#case-state")
    return page


@pytest.mark.django_db(transaction=True)
def test_clerk_submits_leader_returns_clerk_revises_leader_approves_applicant_sees_outcome(browser, live_server,
                                                                                            settings):
    w = make_world()
    w.a.reply_review = True  # (switched on by the 系统管理员 on the agency page: tests/web/cases/test_reply_review.py)
    w.a.save()
    base = live_server.url

    citizen = _page(browser)
    citizen.goto(base + f"/gongkai/{w.a.pk}/apply/")
    citizen.fill("#id_requester_name", "孙某")
    citizen.fill("#id_id_document", "居民身份证 110101199404041234")
    citizen.fill("#id_contact", "13500001111")
    citizen.fill("#id_description", "甲镇2024年农村低保对象名单")
    citizen.click("form.stack button[type=submit]")
    citizen.wait_for_selector("#tracking")
    tracking, code = citizen.inner_text("#tracking"), citizen.inner_text("#code")
    citizen.context.close()

    from gongkai.web.cases.models import DisclosureRequest
    case = DisclosureRequest.objects.get(requester_name="孙某")
    case_url = base + f"/cases/{case.pk}/"

    # the clerk drafts the reply and submits it for review
    clerk = _login(browser, base, "clerk_a")
    clerk.goto(case_url)
    assert clerk.locator("#action-respond").count() == 0
    box = clerk.locator("#action-submit_reply")
    box.locator("[name='submit_reply-disposition']").select_option("granted")
    box.locator("[name='submit_reply-info_given']").fill("2024年低保对象名单（已隐去身份证号）")
    box.locator("button[type=submit]").click()
    clerk.wait_for_selector("text=已登记“提交答复审核”")
    assert "答复待审核" in clerk.inner_text("h1")
    assert _status(browser, base, tracking, code).inner_text("#case-state") == "办理中"

    # the leader finds it in his 待办 and returns it with a reason
    leader = _login(browser, base, "reviewer_a")
    leader.click(f"#todo-reply_review a[href='/cases/{case.pk}/']")
    leader.wait_for_selector("#reply-review")
    ret = leader.locator("#action-return_reply")
    ret.locator("[name='return_reply-reason']").fill("名单应删去家庭住址，并说明依据第十五条")
    ret.locator("button[type=submit]").click()
    leader.wait_for_selector("text=已登记“退回修改答复”")

    # the clerk finds it in her 待办 with the reason, revises and submits again
    clerk.goto(base + "/todo/")
    assert "名单应删去家庭住址" in clerk.inner_text("#todo-reply_returned")
    clerk.click(f"#todo-reply_returned a[href='/cases/{case.pk}/']")
    clerk.wait_for_selector("#reply-returned")
    box = clerk.locator("#action-submit_reply")
    box.locator("[name='submit_reply-info_given']").fill("2024年低保对象名单（已隐去身份证号和家庭住址）")
    box.locator("[name='submit_reply-reason']").fill("家庭住址属于个人隐私，依据条例第十五条不予公开")
    box.locator("button[type=submit]").click()
    clerk.wait_for_selector("text=已登记“提交答复审核”")

    # the leader approves: the reply goes out today
    settings.GONGKAI_TODAY = dt.date(2025, 3, 21)
    leader.goto(base + "/todo/")
    leader.click(f"#todo-reply_review a[href='/cases/{case.pk}/']")
    leader.locator("#action-approve_reply button[type=submit]").click()
    leader.wait_for_selector("text=已审核通过，答复已发出")
    assert "已办结" in leader.inner_text("h1")
    timeline = leader.inner_text("#timeline")
    for text in ("提交答复审核", "退回修改答复", "名单应删去家庭住址", "审核通过答复", "答复"):
        assert text in timeline

    # the applicant's status page shows the outcome
    status = _status(browser, base, tracking, code)
    assert status.inner_text("#case-state") == "已办结"
    assert status.inner_text("#case-outcome") == "予以公开"
    assert "2025-03-21" in status.inner_text("table")  # the day the reply went out
    if shutil.which("soffice") or shutil.which("libreoffice"):  # the 答复书 published as PDF on approval
        assert status.locator("a:has-text('答复书.pdf')").count() == 1
    for p in (clerk, leader, status):
        p.context.close()
