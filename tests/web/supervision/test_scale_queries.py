"""The supervising office's pages at scale: the number of database queries of the dashboard, the coverage
(units) page and a report page does not grow with the number of units and reports (5 against 50)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.web.agencies.models import Agency
from gongkai.web.supervision.models import PublishedReport, Rectification, ReportFinding

FIGURES = {"三|received|total": "80", "三|carried_over|total": "20", "三|dispositions_total|total": "60",
           "三|carried_forward|total": "40", "三|granted|total": "20", "三|partially_granted|total": "10",
           "四|cases|review_total": "5", "四|cases|review_corrected": "1"}


def _units(world, n: int, start: int = 0) -> None:
    """``n`` units under the test county, each with two audited versions for 2023 (one 发布后修改 flag, a
    finding, an 整改 item), one unreadable file and one waiting for its unit to be confirmed."""
    for k in range(start, start + n):
        unit = Agency.objects.create(name=f"规模测试第{k}镇人民政府", kind="township" if k % 2 else "department",
                                     parent=world.county)
        prev = None
        for v in (1, 2):
            sha = hashlib.sha256(f"{k}-{v}".encode()).hexdigest()
            r = PublishedReport.objects.create(
                sha256=sha, size=10, source_name=f"{k}-{v}.txt", office=world.county, agency=unit, year=2023,
                status="audited", match_state="auto", version=v, previous=prev, modified_after_publication=v > 1,
                errors=k % 3, warnings=1, figures=FIGURES, published_on=dt.date(2024, 1, 20))
            f = ReportFinding.objects.create(report=r, identity=f"id{k}{v}", code="E03", severity="error",
                                             message="数字与正文不符", evidence_digest="x")
            prev = r
        Rectification.objects.create(agency=unit, year=2023, report=r, finding=f, description="请更正",
                                     issued_by="t", due_on=dt.date(2026, 1, 1))
        PublishedReport.objects.create(sha256=hashlib.sha256(f"{k}-bad".encode()).hexdigest(), size=1,
                                       source_name=f"{k}.pdf", office=world.county, agency=unit, year=2023,
                                       status="unreadable", read_error="无法读取")
        PublishedReport.objects.create(sha256=hashlib.sha256(f"{k}-?".encode()).hexdigest(), size=1,
                                       source_name=f"{k}-?.txt", office=world.county, year=2023,
                                       status="audited", match_state="pending")


def _count(client, url, fresh: bool = True) -> int:
    """The queries of a request; ``fresh``: with the year's coverage computed afresh (not kept from before)."""
    from gongkai.web.supervision import services
    if fresh:
        services.forget_year_views()
    with CaptureQueriesContext(connection) as q:
        resp = client.get(url)
    assert resp.status_code == 200, url
    return len(q.captured_queries)


@pytest.mark.parametrize("page", ["/supervision/dashboard/?year=2023", "/supervision/?year=2023",
                                  "report"])
def test_queries_do_not_grow_with_units(world, login, page):
    c = login(world.supervisor)

    def url(findings):
        if page != "report":
            return page
        r = PublishedReport.objects.filter(version=2).order_by("-id").first()
        ReportFinding.objects.bulk_create([ReportFinding(report=r, identity=f"more{i}", code="W01",
                                                         severity="warning", message="m", evidence_digest="y")
                                           for i in range(findings)])
        return f"/supervision/reports/{r.pk}/"
    _units(world, 5)
    c.get("/supervision/?year=2023")  # the session's first request does its own bookkeeping
    small = _count(c, url(4))
    _units(world, 45, start=5)
    large = _count(c, url(49))
    assert large == small, f"{page}: {small} queries with 5 units, {large} with 50"


@pytest.mark.parametrize("page", ["/supervision/dashboard/?year=2023", "/supervision/?year=2023"])
def test_a_page_opened_again_reads_no_unit_or_report_of_the_year(world, login, page):
    """While nothing changed, the year's coverage and indicators are kept (two small queries: the units'
    version numbers), whatever the number of units; a change to one unit's report is seen at once."""
    from gongkai.web.supervision import services
    c = login(world.supervisor)
    _units(world, 5)
    c.get(page)
    first = _count(c, page)
    again = _count(c, page, fresh=False)
    assert again < first
    _units(world, 45, start=5)
    c.get(page)
    assert _count(c, page, fresh=False) == again
    # a unit's latest version gets another error count: the page shows it at the next request
    r = PublishedReport.objects.filter(version=2, agency__name="规模测试第7镇人民政府").get()
    PublishedReport.objects.filter(pk=r.pk).update(errors=97)
    view = services.year_view(world.county, 2023, services.scope_filter(world.supervisor))
    assert [row["errors"] for row in view.rows if row["agency"].pk == r.agency_id] == [97]
    assert view.indicators()[r.pk]["received"] == 80
    assert "<td>97</td>" in c.get("/supervision/?year=2023&q=规模测试第7镇").content.decode()


def test_large_pages_are_paged_and_bounded(world, login, monkeypatch):
    from gongkai.web.supervision import views
    monkeypatch.setattr(views, "PAGE_UNITS", 10)
    monkeypatch.setattr(views, "PAGE_INDICATORS", 10)
    monkeypatch.setattr(views, "TOP", 5)
    _units(world, 30)
    c = login(world.supervisor)
    page = c.get("/supervision/?year=2023").content.decode()
    assert "第 1 / 4 页（共 3" in page and "个机关" in page  # 30 units + the county and its test units
    assert page.count("规模测试第") >= 10 and "规模测试第29镇" not in page.split('id="coverage"')[1].split("</table>")[0]
    page2 = c.get("/supervision/?year=2023&page=4").content.decode()
    assert "规模测试第29镇" in page2.split('id="coverage"')[1].split("</table>")[0]
    dash = c.get("/supervision/dashboard/?year=2023").content.decode()
    assert "“错误”最多的 5 个机关" in dash and "第 1 / 3 页（共 30 个机关）" in dash



def test_an_audit_task_writes_in_a_few_statements_whatever_its_number_of_reports(world):
    """One task is one transaction: the reports of a task are locked and read together, their findings read
    and written together; per report only its own UPDATE and its unit's year being numbered remain."""
    from gongkai.web.supervision import services

    from .conftest import batch_of, sample_text

    units = [Agency.objects.create(name=f"第{k}测试镇人民政府", kind="township", parent=world.county)
             for k in range(10)]
    text = sample_text()
    name = "示例县清河镇人民政府"
    assert name in text

    def task(units_):
        ids = [i.report.pk for i in services.import_batch(
            batch_of(*[(f"{u.name}.txt", text.replace(name, u.name).encode()) for u in units_]),
            office=world.county, by="t", year=2023, enqueue_audit=False)]
        with CaptureQueriesContext(connection) as q:
            services.audit_reports(ids)
        reports = PublishedReport.objects.filter(pk__in=ids)
        assert {(r.agency_id, r.status, r.version) for r in reports} == {(u.pk, "audited", 1) for u in units_}
        assert all(r.findings.exists() for r in reports)
        return len(q.captured_queries)
    two, eight = task(units[:2]), task(units[2:])
    # (a transaction per report took about eight each: lock, read, update, findings, numbering, insert, commit)
    assert eight - two <= 3 * 6, f"2 reports: {two} statements, 8 reports: {eight}"
