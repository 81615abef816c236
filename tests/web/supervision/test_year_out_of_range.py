"""Tester 6 (task S), high: a report stating a year the platform does not serve (2031: after next year; 2007:
before the 条例) was counted under that year — which no page (404), export or command (refused) can open, so
the file vanished from every list.  A file is counted only under a year the platform serves: the year given at
import, else the file name's, else 年度不明 (listed beside every year); S03 and a note say why."""

from __future__ import annotations

import json

import pytest

from gongkai.cli import main as cli_main
from gongkai.web.supervision import services
from gongkai.web.years import report_years

from .conftest import batch_of, sample_text


@pytest.fixture(autouse=True)
def _today(settings):
    settings.GONGKAI_TODAY = "2026-12-06"


def _import(name, text, world, **kw):
    return services.import_batch(batch_of((name, text.encode())), office=world.county, by="t", **kw)[0].report


def _export(year, tmp_path):
    out = tmp_path / f"e{year}.json"
    assert cli_main(["supervise", "export", "--year", str(year), "--format", "json", "-o", str(out),
                     "--office", "测试县人民政府"]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("stated", [2031, 2007])
def test_a_year_out_of_range_counts_under_the_year_given_at_import(world, unit, stated, tmp_path, capsys, login):
    r = _import("清河镇年报.txt", sample_text().replace("2023", str(stated)), world, year=2025)
    r.refresh_from_db()
    assert r.year == 2025 and r.status == "audited"
    assert f"{stated} 年不在本平台可查看的年度（2008—2027 年）之内，按导入时指定的 2025 年计入" in r.note
    codes = set(r.findings.filter(active=True, origin="platform").values_list("code", flat=True))
    assert {"S02", "S03"} <= codes
    s02 = r.findings.get(code="S02", active=True)
    assert "按导入时指定的 2025 年计入" in s02.message and "按报告的年度计入" not in s02.message
    # the year's page, export and coverage show it
    assert r.source_name in [e["file"] for e in _export(2025, tmp_path)["reports"]]
    capsys.readouterr()
    assert cli_main(["supervise", "coverage", "--year", "2025", "--office", "测试县人民政府"]) == 0
    assert f"年度不合理：清河镇年报.txt（报告写明 {stated} 年，按 2025 年计入，请核对）" in capsys.readouterr().out
    page = login(world.supervisor).get("/supervision/?year=2025").content.decode()
    assert f"/supervision/reports/{r.pk}/" in page


def test_without_a_year_given_it_is_year_unknown_in_every_export_even_with_a_year_in_its_name(world, unit,
                                                                                               tmp_path):
    r = _import("清河镇2031年度报告.txt", sample_text().replace("2023", "2031"), world)
    r.refresh_from_db()
    assert r.year is None
    assert "报告写明的年度 2031 不在本平台可查看的年度" in r.note and "文件名中的年份 2031" in r.note
    assert "计入“年度不明”" in r.note
    for year in (2024, 2025):
        [entry] = _export(year, tmp_path)["year_unknown"]
        assert entry["file"] == r.source_name and entry["year_unknown"] is True
    assert r.findings.filter(code="S03", active=True).exists()


def test_a_year_in_range_is_still_the_reports_own(world, unit):
    """The rule is the served range, not plausibility: 2027 (next year) is served, so it is counted there
    with S03 as before."""
    assert 2027 in report_years()
    r = _import("清河镇年报.txt", sample_text().replace("2023", "2027"), world, year=2025)
    r.refresh_from_db()
    assert r.year == 2027 and r.findings.filter(code="S03", active=True).exists()
