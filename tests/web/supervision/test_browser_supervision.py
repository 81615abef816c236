"""Issue 15 "done when", as one journey in a real browser (Playwright + Debian chromium, headless): the county's
supervisor imports published reports (one of them not a report at all), sees them audited (no broker: in this
process), sees which units have not published, reviews a finding, issues a 整改 item, the unit answers it, the
supervisor closes it and exports the evaluation.

Skips with the reason when /usr/bin/chromium or the playwright package is absent.  Screenshots go to
docs/images/web-supervision*.png when GONGKAI_SCREENSHOTS=1 (to refresh the docs), else to the test's folder.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from ..browser_steps import log_in
from ..conftest import PASSWORD
from .conftest import SAMPLE_AGENCY, sample_text

DOCS_IMAGES = Path(__file__).resolve().parents[3] / "docs" / "images"


def _coverage_state(page, agency: str) -> str:
    return page.locator(f"#coverage tr:has-text('{agency}')").locator("td").nth(3).inner_text().strip()


@pytest.mark.django_db(transaction=True)
def test_supervisor_imports_reviews_issues_rectification_and_exports(browser, live_server, world, unit, tmp_path):
    from gongkai.web.accounts.models import User

    clerk = User(username="clerk_qh", full_name="清河镇经办人", role="clerk", agency=unit)
    clerk.set_password(PASSWORD)
    clerk.save()
    shots = DOCS_IMAGES if os.environ.get("GONGKAI_SCREENSHOTS") == "1" else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    # 1. Import: the township's published report, and a file that is not a PDF at all.
    (tmp_path / "清河镇2023年报.txt").write_text(sample_text(), encoding="utf-8")
    (tmp_path / "乙局年报.pdf").write_bytes(b"not a pdf at all\n" * 50)
    sup = log_in(browser, base, "county_sup")
    sup.goto(base + "/supervision/?year=2023")
    sup.set_input_files("#files", [str(tmp_path / "清河镇2023年报.txt"), str(tmp_path / "乙局年报.pdf")])
    sup.fill("#up-year", "2023")  # the year of the batch: a file that cannot be read still belongs to it
    sup.fill("#published_on", "2024-01-20")
    sup.click("button:has-text('导入并审核')")
    sup.wait_for_selector("#imported")
    rows = {r.locator("td").nth(0).inner_text().strip(): r.inner_text() for r in sup.locator("#imported tbody tr").all()}
    assert "已审核" in rows["清河镇2023年报.txt"] and SAMPLE_AGENCY in rows["清河镇2023年报.txt"]
    assert "无法读取" in rows["乙局年报.pdf"]  # a failed read is a result, kept, never "published"

    # 2. Coverage: who published, on time; who has not.
    sup.goto(base + "/supervision/?year=2023")
    # a 乡镇 has no deadline in 条例第四十九条; a 县级以上人民政府部门 (乙局) had until 2024-01-31
    assert _coverage_state(sup, SAMPLE_AGENCY) == "已发布（条例未规定期限）"
    assert _coverage_state(sup, world.b.name) == "未发布（已逾期）"
    sup.select_option("#cov-state", "overdue")
    sup.click("#coverage-filter button")
    sup.wait_for_selector("#coverage-shown")
    shown = sup.inner_text("#coverage")
    assert world.b.name in shown and SAMPLE_AGENCY not in shown and world.a.name not in shown
    sup.goto(base + "/supervision/?year=2023")
    sup.screenshot(path=str(shots / "web-supervision.png"), full_page=True)

    # 3. The report page: the sample's text says one application was received, its table 三 says 0 (N01).
    sup.click("#year-files a:has-text('清河镇2023年报.txt')")
    sup.wait_for_selector("#status")
    assert "已审核" in sup.inner_text("#status")
    n01 = sup.locator(".finding:has-text('N01')").first
    n01.locator("select[name=decision]").select_option("confirmed")
    n01.locator("input[name=comment]").fill("正文与表三不一致，属实")
    n01.locator("button:has-text('保存')").click()
    sup.wait_for_load_state()
    n01 = sup.locator(".finding:has-text('N01')").first
    assert "正文与表三不一致，属实" in n01.locator("input[name=comment]").input_value()
    n01.locator("input[name=due_on]").fill("2027-01-15")
    n01.locator("input[name=description]").fill("请核对表三第一行与正文，更正后重新发布")
    n01.locator("button:has-text('下发整改')").click()
    sup.wait_for_load_state()

    # 4. The unit answers in the platform.
    qh = log_in(browser, base, "clerk_qh")
    qh.goto(base + "/supervision/rectifications/mine/")
    item = qh.locator("#my-rectifications tr:has-text('请核对表三第一行与正文')")
    item.locator("textarea[name=response]").fill("已更正表三并于门户网站重新发布")
    item.locator("button:has-text('报送整改情况')").click()
    qh.wait_for_load_state()
    assert "已更正表三并于门户网站重新发布" in qh.inner_text("#my-rectifications")

    # 5. The supervisor sees the answer on the dashboard and closes the item.
    sup.goto(base + "/supervision/dashboard/?year=2023")
    row = sup.locator("#rectifications tr:has-text('请核对表三第一行与正文')")
    assert SAMPLE_AGENCY in row.inner_text()
    row.locator("select[name=status]").select_option("done")
    row.locator("input[name=note]").fill("已核实")
    row.locator("button:has-text('办结')").click()
    sup.wait_for_load_state()
    sup.goto(base + "/supervision/dashboard/?year=2023")
    assert "已整改" in sup.locator("#rectifications tr:has-text('请核对表三第一行与正文')").inner_text()
    sup.screenshot(path=str(shots / "web-supervision-dashboard.png"), full_page=True)

    # 6. The evaluation as XLSX: coverage, one row per file, the findings with their review.
    sup.goto(base + "/supervision/?year=2023")
    with sup.expect_download() as dl:
        sup.click("#export-xlsx")
    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes()), read_only=True)
    coverage = {r[0]: r for r in wb["发布情况"].iter_rows(min_row=2, values_only=True)}
    assert coverage[SAMPLE_AGENCY][4] == "已发布（条例未规定期限）"
    assert coverage[world.b.name][4] == "未发布（已逾期）"
    files = [r for r in wb["年报"].iter_rows(min_row=2, values_only=True)]
    assert {r[0] for r in files} == {"清河镇2023年报.txt", "乙局年报.pdf"}
    findings = [r for r in wb["审核意见"].iter_rows(values_only=True)]
    assert any("N01" in r and "正文与表三不一致，属实" in r for r in findings)
