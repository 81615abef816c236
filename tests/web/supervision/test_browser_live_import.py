"""SUPV-FIX item 3 in a real browser: the import's result page, opened while the worker has not yet audited the
file, turns from 尚在审核 to 审核完成 by itself (htmx every 5 s), without a reload.  Skips with the reason when
/usr/bin/chromium or the playwright package is absent."""

from __future__ import annotations

import pytest

from ..browser_steps import log_in
from .conftest import SAMPLE_AGENCY, sample_text


@pytest.mark.django_db(transaction=True)
def test_the_result_page_shows_the_audit_when_the_worker_finishes(browser, live_server, world, unit, tmp_path,
                                                                  settings, monkeypatch):
    from gongkai.web.supervision import services, tasks
    from gongkai.web.supervision.models import PublishedReport

    settings.GONGKAI_BROKER_URL = "redis://127.0.0.1:6379/14"  # a broker, and a worker that has not started yet
    monkeypatch.setattr(tasks, "enqueue", lambda ids, total=None, last=True: "queued")
    (tmp_path / "清河镇2023年报.txt").write_text(sample_text(), encoding="utf-8")
    base = live_server.url
    sup = log_in(browser, base, "county_sup")
    sup.goto(base + "/supervision/?year=2023")
    sup.set_input_files("#files", [str(tmp_path / "清河镇2023年报.txt")])
    sup.fill("#up-year", "2023")
    sup.click("button:has-text('导入并审核')")
    sup.wait_for_selector("#imported")
    assert "待审核" in sup.inner_text("#imported tbody tr") and "尚在审核 1" in sup.inner_text("#import-progress")
    url = sup.url
    services.audit_published(PublishedReport.objects.get().pk)  # the worker's turn
    sup.locator("#imported tbody tr:has-text('已审核')").wait_for(timeout=15000)  # (the page's CSP: no eval)
    row = sup.inner_text("#imported tbody tr")
    assert SAMPLE_AGENCY in row and "第1版" in row and "全部处理完毕" in sup.inner_text("#import-progress")
    assert sup.url == url  # refreshed in place, no reload
