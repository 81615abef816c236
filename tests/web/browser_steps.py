"""Steps the browser journeys share (Playwright pages of the platform)."""

from __future__ import annotations


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
