"""Public pages on a phone (390 px wide): no horizontal overflow; and a township's first-run setup in a browser."""

from __future__ import annotations

import pytest

from .conftest import make_world

PUBLIC = ["/", "/agencies/{a}/", "/gongkai/", "/gongkai/{a}/guide/", "/gongkai/{a}/xxgk/", "/gongkai/{a}/apply/",
          "/gongkai/status/", "/accounts/login/"]


@pytest.mark.django_db(transaction=True)
def test_public_pages_fit_a_390px_phone(browser, live_server):
    w = make_world()
    w.a.address = "甲镇人民路1号甲镇人民政府办公楼一楼政府信息公开受理窗口（东侧）"
    w.a.save()
    page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                               device_scale_factor=2).new_page()
    page.set_default_timeout(15000)
    for path in PUBLIC:
        url = live_server.url + path.format(a=w.a.pk)
        resp = page.goto(url)
        assert resp.status == 200, url
        width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"{path}: 内容宽 {width[0]} px，超出屏幕 {width[1]} px"
        assert page.locator("meta[name=viewport]").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_township_sets_up_alone_and_edits_its_agency_later(browser, live_server):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15000)
    page.goto(live_server.url + "/")
    page.wait_for_url("**/accounts/setup/**")
    page.select_option("#id_agency_kind", "township")
    page.fill("#id_agency_name", "某县甲镇人民政府")
    assert page.input_value("#id_review_body") == "某县人民政府"  # suggested by level while typing
    page.fill("#id_agency_name", "甲镇人民政府")
    page.fill("#id_review_body", "某县人民政府")
    page.fill("#id_court", "某县人民法院")
    page.fill("#id_office_name", "甲镇党政办公室")
    page.fill("#id_address", "甲镇人民路1号")
    page.fill("#id_phone", "0451-1234567")
    page.fill("#id_hours", "工作日 9:00—17:00")
    page.fill("#id_username", "root")
    page.fill("#id_password", "Gongkai-2025-xyz")
    page.fill("#id_password2", "Gongkai-2025-xyz")
    page.click("#setup button[type=submit]")
    page.wait_for_url("**/accounts/login/**")
    page.fill("#id_username", "root")
    page.fill("#id_password", "Gongkai-2025-xyz")
    page.click("#login button[type=submit]")
    page.wait_for_url("**/todo/**")
    page.click("nav >> text=机构与用户")
    page.click("table.list a:has-text('甲镇人民政府')")
    page.wait_for_url("**/agencies/*/edit/**")
    assert page.input_value("#id_court") == "某县人民法院"
    page.fill("#id_hours", "工作日 8:30—17:30")
    page.click("#agency-edit button[type=submit]")
    page.wait_for_url("**/accounts/admin/**")
    from gongkai.web.agencies.models import Agency
    a = Agency.objects.get(name="甲镇人民政府")
    assert a.hours == "工作日 8:30—17:30" and a.remedy_review_body == "某县人民政府"
    assert a.court == "某县人民法院" and "甲镇党政办公室" in a.contact_line()


@pytest.mark.django_db(transaction=True)
def test_a_clerks_case_page_fits_a_390px_phone(browser, live_server):
    """The case page's action boxes (受理、告知补正 …) wrap to the screen instead of widening the page."""
    from .conftest import PASSWORD
    w = make_world()
    page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                               device_scale_factor=2).new_page()
    page.set_default_timeout(15000)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "clerk_a")
    page.fill("#id_password", PASSWORD)
    page.click("#login button[type=submit]")
    page.wait_for_url("**/todo/**")
    page.goto(live_server.url + f"/cases/{w.case_a.pk}/")
    assert page.locator(".actions fieldset").count() >= 2
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    boxes = page.evaluate("() => Math.max(...[...document.querySelectorAll('.actions fieldset')]"
                          ".map(e => e.getBoundingClientRect().right))")
    assert width[0] <= width[1] and boxes <= width[1], f"案件页内容宽 {width[0]} px（操作框到 {boxes} px），屏幕 {width[1]} px"
