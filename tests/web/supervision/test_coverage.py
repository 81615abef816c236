"""Step 4: coverage per year — who published, when, on time by 条例第四十九条 (部门 1月31日, 县级以上地方人民政府
3月31日); an unreadable upload is not a publication.  And the platform's reminders cite 第四十九条."""

from __future__ import annotations

import datetime as dt

from gongkai.web.deadlines import publication_due
from gongkai.web.reports.models import ReportDraft
from gongkai.web.supervision import services

from .conftest import batch_of, sample_text


def test_deadlines_by_level(world):
    assert publication_due(2024, world.b) == (dt.date(2025, 1, 31), publication_due(2024, world.b)[1])
    assert "第四十九条第一款" in publication_due(2024, world.b)[1]
    due, basis = publication_due(2024, world.county)
    assert due == dt.date(2025, 3, 31) and "第四十九条第二款" in basis
    assert publication_due(2024, world.a)[0] is None  # 乡镇: the 条例 sets no date (test_gaps.py)


def _as(text, agency):
    return text.replace("示例县清河镇人民政府", agency.name)


def test_coverage_on_time_late_missing_and_failed(world, unit):
    text = sample_text()
    county, b = world.county, world.b
    services.import_batch(batch_of(("b.txt", _as(text, b).encode())), office=county, by="t",
                          published_on=dt.date(2024, 2, 10))  # a 部门, after 1月31日: late
    services.import_batch(batch_of(("county.txt", _as(text, county).encode())), office=county, by="t",
                          published_on=dt.date(2024, 3, 1))  # the county's own report, before 3月31日: on time
    services.import_batch(batch_of(("qinghe.txt", text.encode())), office=county, by="t",
                          published_on=dt.date(2024, 1, 20))
    failed = services.import_batch(batch_of(("甲镇人民政府2023年报.pdf", b"%PDF-1.4 broken")), office=county, by="t",
                                   year=2023)[0].report
    assert failed.status == "unreadable"
    rows = {row["agency"].name: row for row in services.coverage(county, 2023)}
    assert rows[b.name]["state"] == "逾期发布" and rows[b.name]["on_time"] is False
    assert rows[county.name]["state"] == "按时发布" and rows[county.name]["due"] == dt.date(2024, 3, 31)
    assert rows[unit.name]["state"] == "已发布（条例未规定期限）"  # a 乡镇: no date in the 条例 (test_gaps.py)
    a = rows[world.a.name]
    assert failed.agency == world.a  # matched by its file name
    assert not a["published"] and a["state"].startswith("未发布") and a["failed"] == 1
    assert world.other_county.name not in rows


def test_coverage_page(world, unit, login):
    services.import_batch(batch_of(("qinghe.txt", sample_text().encode())), office=world.county, by="t",
                          published_on=dt.date(2024, 1, 20))
    page = login(world.supervisor).get("/supervision/?year=2023").content.decode()
    assert "已发布（条例未规定期限）" in page and "未发布（已逾期）" in page and "2024-03-31" in page


def test_report_reminders_cite_article_49_with_the_right_date(world, login):
    ReportDraft.objects.create(agency=world.b, year=2024)
    page = login(world.clerk_b).get(f"/reports/{world.b.pk}/2024/").content.decode()
    assert "第四十九条第一款" in page and "2025-01-31" in page and "第五十条" not in page
    page = login(world.supervisor).get("/reports/overview/2024/").content.decode()
    assert "第四十九条第二款" in page and "2025-03-31" in page and "2025-01-31" in page and "第五十条" not in page
    assert "乡镇人民政府、街道办事处的年度报告，条例未规定期限" in page  # the county's 乡镇 are in the overview too


def test_year_from_the_file_name_when_the_report_has_none(world):
    from gongkai.web.supervision.services import year_in_name
    assert year_in_name("甲镇人民政府2024年报.pdf") == 2024
    assert year_in_name("2023-2024对比.pdf") is None and year_in_name("年报.pdf") is None
    r = services.import_batch(batch_of(("甲镇人民政府2024年报.pdf", b"%PDF-1.4 broken")), office=world.county,
                              by="t")[0].report
    assert r.status == "unreadable" and r.year == 2024 and "文件名" in r.note and r.agency == world.a
    row = {x["agency"].name: x for x in services.coverage(world.county, 2024)}[world.a.name]
    assert row["failed"] == 1 and not row["published"]
