"""Step 6: indicators per unit and year from the published tables, 整改 items, the dashboard's SVG charts."""

from __future__ import annotations

import datetime as dt

from gongkai.web.supervision import indicators, services
from gongkai.web.supervision.charts import bar_chart
from gongkai.web.supervision.models import Rectification

from .conftest import batch_of, sample_text


def test_indicators_from_figures():
    figures = {"三|received|total": "80", "三|carried_over|total": "20", "三|dispositions_total|total": "60",
               "三|carried_forward|total": "40", "三|granted|total": "20", "三|partially_granted|total": "10",
               "三|withheld_state_secret|total": "6", "三|withheld_third_party_rights|total": "6",
               "四|cases|review_corrected": "1", "四|cases|review_total": "6", "四|cases|review_pending": "1",
               "四|cases|lawsuit_direct_total": "0", "四|cases|lawsuit_after_review_total": "0"}
    v = indicators.compute(figures)
    assert (v["received"], v["concluded"]) == (80, 60)
    assert v["carry_rate"] == 0.4 and v["open_rate"] == 0.5 and v["withheld_rate"] == 0.2
    assert v["review_correction_rate"] == 0.2
    assert v["lawsuit_correction_rate"] is None  # nothing concluded: "—", not 0 %
    assert indicators.level("carry_rate", 0.4) == "red" and indicators.level("withheld_rate", 0.2) == "yellow"
    assert indicators.level("open_rate", 0.5) == "yellow" and indicators.level("open_rate", 0.9) == ""
    assert indicators.compute({})["carry_rate"] is None


def test_bar_chart_is_plain_svg_with_escaped_labels():
    svg = bar_chart([("<b>某局</b>", 3, "red"), ("乙", None, "")], title="错误数")
    assert svg.startswith("<svg") and "<script" not in svg and "&lt;b&gt;" in svg and "—" in svg
    assert 'fill="#b22222"' in svg


def test_rectification_from_a_finding(world, unit, login):
    r = services.import_batch(batch_of(("a.txt", sample_text().encode())), office=world.county, by="t")[0].report
    f = r.findings.filter(severity="error").first()
    c = login(world.supervisor)
    resp = c.post(f"/supervision/findings/{f.pk}/rectify/", {"due_on": "2020-01-01"}, follow=True)
    assert "尚未确认" in resp.content.decode() and not Rectification.objects.exists()
    services.review_finding(f, "confirmed", "", world.supervisor)  # 整改 follows a confirmed finding
    resp = c.post(f"/supervision/findings/{f.pk}/rectify/", {"due_on": "2020-01-01"}, follow=True)
    assert "早于今天" in resp.content.decode() and not Rectification.objects.exists()
    c.post(f"/supervision/findings/{f.pk}/rectify/", {"due_on": "2025-04-30", "description": "请更正表三"})
    item = Rectification.objects.get()
    assert (item.agency, item.year, item.due_on, item.finding) == (unit, 2023, dt.date(2025, 4, 30), f)
    page = c.get("/supervision/dashboard/?year=2023").content.decode()
    assert "请更正表三" in page and "<svg" in page and unit.name in page and "结转率" in page
    c.post(f"/supervision/rectifications/{item.pk}/close/", {"status": "done", "note": "已重新发布"})
    item.refresh_from_db()
    assert item.status == "done" and item.closing_note == "已重新发布"
    assert login(world.other_sup).post(f"/supervision/rectifications/{item.pk}/close/",
                                       {"status": "done"}).status_code == 404


def test_dashboard_empty_year(world, login):
    resp = login(world.supervisor).get("/supervision/dashboard/?year=2022")
    assert resp.status_code == 200 and "没有数据" in resp.content.decode()
