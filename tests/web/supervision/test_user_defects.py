"""Defects a fresh user found: impossible publication dates; overdue flags in coverage (a unit under a 乡镇, a
unit set up after the year, 「截止 None」 on the command line); 整改 issued twice, on an unreviewed finding,
and missing from the 待办 lists."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from gongkai.cli import main as cli_main
from gongkai.web.agencies.models import Agency
from gongkai.web.deadlines import publication_due
from gongkai.web.supervision import services
from gongkai.web.supervision.models import Rectification
from gongkai.web.todo.services import as_text, count_for, todo_for

from .conftest import batch_of, sample_text


# ------------------------------------------------------------------ 1. publication dates
@hsettings(max_examples=60, deadline=None)
@given(year=st.integers(2008, 2030), day=st.dates(dt.date(2008, 1, 1), dt.date(2031, 12, 31)))
def test_a_year_report_is_never_published_before_the_year_ended(year, day):
    today = dt.date(2031, 12, 31)
    try:
        from unittest import mock
        with mock.patch.object(services, "today", lambda: today):
            services.check_published_on(day, year)
    except services.SupervisionError as exc:
        assert day < dt.date(year + 1, 1, 1) and f"{year + 1}-01-01" in str(exc)
    else:
        assert day >= dt.date(year + 1, 1, 1)


def test_web_refuses_a_publication_date_before_the_year_ended(world, unit, login):
    r = services.import_batch(batch_of(("q.txt", sample_text().encode())), office=world.county, by="t",
                              published_on=dt.date(2024, 1, 20))[0].report
    assert r.year == 2023
    c = login(world.supervisor)
    page = c.post(f"/supervision/reports/{r.pk}/published-on/", {"published_on": "2001-01-01"},
                  follow=True).content.decode()
    assert "早于 2024-01-01" in page and "发布日期已改为" not in page
    r.refresh_from_db()
    assert r.published_on == dt.date(2024, 1, 20)
    assert "发布日期已改为 2024-01-01" in c.post(f"/supervision/reports/{r.pk}/published-on/",
                                             {"published_on": "2024-01-01"}, follow=True).content.decode()
    # the upload form with a year: the same check, nothing imported
    from django.core.files.uploadedfile import SimpleUploadedFile
    page = c.post("/supervision/upload/", {"year": "2023", "published_on": "2023-06-01",
                                            "files": SimpleUploadedFile("x.txt", b"other")}, follow=True)
    assert "早于 2024-01-01" in page.content.decode()


def test_import_and_cli_refuse_it_too(world, unit, tmp_path, capsys):
    with pytest.raises(services.SupervisionError, match="早于 2024-01-01"):
        services.import_batch(batch_of(("q.txt", b"x")), office=world.county, by="t", year=2023,
                              published_on=dt.date(2023, 12, 31))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "qinghe.txt").write_text(sample_text(), encoding="utf-8")
    assert cli_main(["supervise", "import", str(folder), "--year", "2023", "--published-on", "2001-01-01",
                     "--office", world.county.name]) == 2
    assert "早于 2024-01-01" in capsys.readouterr().err
    # no year given: the report's own year decides after reading, and the impossible date is noted
    assert cli_main(["supervise", "import", str(folder), "--published-on", "2023-05-01",
                     "--office", world.county.name]) == 0
    r = services.PublishedReport.objects.get()
    assert r.year == 2023 and "早于 2024-01-01" in r.note


# ------------------------------------------------------------------ 2. coverage
def test_a_unit_under_a_township_follows_the_townships_rule(world, unit, settings):
    station = Agency.objects.create(name="甲镇农业综合服务站", kind="department", parent=world.a)
    office = Agency.objects.create(name="甲镇党政办下属科室", kind="department", parent=station)
    assert publication_due(2024, station) == publication_due(2024, world.a)
    assert publication_due(2024, office)[0] is None
    assert publication_due(2024, world.b)[0] == dt.date(2025, 1, 31)  # a county 部门 still has 1月31日
    rows = {row["agency"].pk: row for row in services.coverage(world.county, 2020)}
    assert rows[station.pk]["due"] is None and not rows[station.pk]["overdue"]
    settings.GONGKAI_TOWNSHIP_REPORT_DUE = "02-20"
    assert publication_due(2024, station)[0] == dt.date(2025, 2, 20)


def test_a_unit_set_up_after_the_year_is_not_overdue_for_it(world, login, capsys):
    new = Agency.objects.create(name="新设局", kind="department", parent=world.county,
                                established_on=dt.date(2025, 3, 1))
    rows = {row["agency"].pk: row for row in services.coverage(world.county, 2024)}
    assert rows[new.pk]["state"] == "该年度尚未设立" and not rows[new.pk]["overdue"]
    assert rows[world.b.pk]["state"] == "未发布（已逾期）"
    rows = {row["agency"].pk: row for row in services.coverage(world.county, 2025)}
    assert rows[new.pk]["state"] != "该年度尚未设立"  # set up during 2025: it owes that year's report
    page = login(world.supervisor).get("/supervision/?year=2024").content.decode()
    assert "该年度尚未设立" in page
    assert login(world.supervisor).get("/supervision/dashboard/?year=2024").status_code == 200
    assert cli_main(["supervise", "coverage", "--year", "2024", "--office", world.county.name]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("新设局"))
    assert "该年度尚未设立" in line


def test_cli_coverage_says_no_statutory_date_for_a_township(world, unit, capsys):
    assert cli_main(["supervise", "coverage", "--year", "2024", "--office", world.county.name]) == 0
    out = capsys.readouterr().out
    assert "None" not in out
    assert any(x.startswith(unit.name) and "截止 条例未规定" in x for x in out.splitlines())


# ------------------------------------------------------------------ 3. 整改
def _finding(world):
    r = services.import_batch(batch_of(("a.txt", sample_text().encode())), office=world.county, by="t")[0].report
    return r.findings.filter(severity="error").first()


def test_rectification_needs_a_confirmed_finding_and_is_issued_once(world, unit, login):
    f = _finding(world)
    c = login(world.supervisor)
    page = c.post(f"/supervision/findings/{f.pk}/rectify/", {"due_on": "2099-04-30"}, follow=True).content.decode()
    assert "尚未确认" in page and not Rectification.objects.exists()
    c.post(f"/supervision/findings/{f.pk}/review/", {"decision": "confirmed", "comment": ""})
    c.post(f"/supervision/findings/{f.pk}/rectify/", {"due_on": "2099-04-30", "description": "请更正表三"})
    page = c.post(f"/supervision/findings/{f.pk}/rectify/", {"due_on": "2099-04-30", "description": "请更正表三"},
                  follow=True).content.decode()
    assert "不再重复下发" in page and Rectification.objects.count() == 1
    # once closed, a new item may be issued (the finding came back)
    item = Rectification.objects.get()
    services.close_rectification(item, "done", "", world.supervisor)
    c.post(f"/supervision/findings/{f.pk}/rectify/", {"due_on": "2099-05-30"})
    assert Rectification.objects.count() == 2


def test_rectifications_in_the_todo_lists(world, unit, settings):
    from gongkai.web.accounts.models import User
    clerk = User.objects.create(username="clerk_q", full_name="清河经办人", role="clerk", agency=unit)
    f = _finding(world)
    services.review_finding(f, "confirmed", "", world.supervisor)
    services.issue_rectification(f, dt.date(2099, 4, 30), "请更正表三", world.supervisor)
    groups = {g.key: g for g in todo_for(clerk)}
    g = groups["rectify_todo"]
    assert g.count == 1 and "请更正表三" in g.items[0].label and "2099-04-30" in g.items[0].note
    assert count_for(clerk) >= 1 and "待整改的事项" in as_text(clerk, list(groups.values()))
    assert "rectify_answered" not in {g.key for g in todo_for(world.supervisor)}
    assert "rectify_todo" not in {g.key for g in todo_for(world.clerk_b)}  # another unit's clerk
    services.respond_rectification(Rectification.objects.get(), "已重新发布", clerk)
    assert "rectify_todo" not in {g.key for g in todo_for(clerk)}
    sup = {g.key: g for g in todo_for(world.supervisor)}["rectify_answered"]
    assert sup.count == 1 and unit.name in sup.items[0].label
    assert "rectify_answered" not in {g.key for g in todo_for(world.other_sup)}  # another subtree
    services.close_rectification(Rectification.objects.get(), "done", "", world.supervisor)
    assert "rectify_answered" not in {g.key for g in todo_for(world.supervisor)}


def test_the_agency_page_takes_the_date_of_establishment(world, login):
    from django.urls import reverse
    c = login(world.sysadmin)
    url = reverse("agencies:edit", args=[world.b.pk])
    assert "设立日期" in c.get(url).content.decode()
    form = {"name": world.b.name, "kind": "department", "parent": world.county.pk, "established_on": "2025-03-01"}
    c.post(url, form)
    world.b.refresh_from_db()
    assert world.b.established_on == dt.date(2025, 3, 1) and world.b.established_after(2024)
    assert not world.b.established_after(2025)
