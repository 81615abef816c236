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


def test_coverage_narrowed_by_name_region_level_and_state(world, unit, login):
    """A province has thousands of units: the supervisor narrows the table to a unit or region by name, a level,
    the units under a region, or a state (not published, late, …); the counts above stay the whole year's."""
    services.import_batch(batch_of(("qinghe.txt", sample_text().encode())), office=world.county, by="t",
                          published_on=dt.date(2024, 1, 20))
    rows = services.coverage(world.county, 2023)
    names = lambda got: sorted(row["agency"].name for row in got)  # noqa: E731
    everyone = names(rows)
    assert names(services.filter_coverage(rows)) == everyone
    assert names(services.filter_coverage(rows, kind="township")) == sorted(
        a.name for a in (world.a, unit) if a.kind == "township")
    assert names(services.filter_coverage(rows, query=unit.name[:3])) == [unit.name]
    # a region's name finds the units under it
    under_county = names(services.filter_coverage(rows, query=world.county.name))
    assert unit.name in under_county and world.b.name in under_county
    assert names(services.filter_coverage(rows, region=world.county.pk)) == under_county
    published = names(services.filter_coverage(rows, state="unpublished"))
    assert unit.name not in published and world.a.name in published
    assert names(services.filter_coverage(rows, state="unpublished", query="没有这个机关")) == []

    client = login(world.supervisor)

    def table(page):  # the coverage table only (the list of imported files below names units too)
        return page.split('<table id="coverage">', 1)[1].split("</table>", 1)[0]

    page = client.get(f"/supervision/?year=2023&q={unit.name}").content.decode()
    assert f"符合筛选条件的机关 1 个（共 {len(everyone)} 个）" in page
    assert f"<td>{unit.name}</td>" in table(page) and f"<td>{world.b.name}</td>" not in table(page)
    page = client.get("/supervision/?year=2023&state=unpublished&kind=township&region=abc").content.decode()
    assert f"<td>{unit.name}</td>" not in table(page) and f"<td>{world.a.name}</td>" in table(page)
    page = client.get("/supervision/?year=2023&q=没有这个机关").content.decode()
    assert "没有符合条件的机关" in page


def test_reports_of_2018_and_earlier_were_due_on_31_march_for_every_agency(world):
    """The 2008 条例 (第三十一条) gave every 行政机关 until 31 March; the revised 条例 (in force 2019-05-15) first
    governs the 2019 reports: 部门 31 January, 县级以上地方人民政府 31 March, 乡镇 no national date."""
    import datetime as dt

    from gongkai.web.deadlines import publication_due
    for agency in (world.b, world.county, world.a):  # 部门, 县政府, 乡镇
        day, basis = publication_due(2018, agency)
        assert day == dt.date(2019, 3, 31) and "第三十一条" in basis
    assert publication_due(2019, world.b)[0] == dt.date(2020, 1, 31)
    assert publication_due(2019, world.county)[0] == dt.date(2020, 3, 31)
    assert publication_due(2019, world.a)[0] is None
