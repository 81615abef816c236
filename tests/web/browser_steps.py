"""Steps the browser journeys share (Playwright pages of the platform)."""

from __future__ import annotations

from .conftest import PASSWORD


def log_in(browser, base, username, *, timeout=15000):
    """A new page (1280×900, downloads accepted) logged in as ``username``, on its 待办 (where every role lands)."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True).new_page()
    page.set_default_timeout(timeout)
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login button[type=submit]")
    page.wait_for_url("**/todo/**")
    return page


def act(page, kind, **fields):
    """Fill the case page's action box ``kind`` (受理, 告知补正, 提请延期 …) with ``fields`` and submit it."""
    box = page.locator(f"#action-{kind}")
    for name, value in fields.items():
        el = box.locator(f"[name='{'extreq' if kind == 'extension_request' else kind}-{name}']")
        if el.evaluate("e => e.tagName") == "SELECT":
            el.select_option(value)
        else:
            el.fill(value)
    box.locator("button[type=submit]").click()
    page.wait_for_load_state()
