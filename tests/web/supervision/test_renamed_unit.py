"""Tester 6 (task S), high: renaming a unit (机构改革: 商务局 → 商务和投资促进局) and then re-auditing
(``gongkai supervise audit --all``, what the docs say to run after an upgrade) took every auto-matched report
away from it — coverage flipped from 按时发布 to 未发布（已逾期）, silently.  A renamed unit keeps its former
names for matching, and a re-audit never takes a file away from the unit it was matched to."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from gongkai.cli import main as cli_main
from gongkai.web.agencies.models import Agency
from gongkai.web.supervision import matching, services
from gongkai.web.supervision.models import PublishedReport

from .conftest import batch_of, sample_text


def _import(name, text, world, **kw):
    return services.import_batch(batch_of((name, text.encode())), office=world.county, by="t", year=2023,
                                 published_on=dt.date(2024, 1, 20), **kw)[0].report


def _rename(client, agency, new):
    resp = client.post(f"/agencies/{agency.pk}/edit/", {"name": new, "kind": agency.kind, "parent": agency.parent_id})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    agency.refresh_from_db()


def _row(world, agency):
    return {row["agency"].pk: row for row in services.coverage(world.county, 2023)}[agency.pk]


def test_a_renamed_unit_keeps_its_reports_through_a_re_audit_and_matches_new_imports_by_the_old_name(
        world, login, capsys):
    commerce = Agency.objects.create(name="测试县商务局", kind="department", parent=world.county,
                                     added_on=dt.date(2019, 1, 1))
    text = sample_text().replace("示例县清河镇人民政府", "测试县商务局")
    r = _import("商务局年报.txt", text, world)
    assert r.agency == commerce and r.match_state == "auto"
    assert _row(world, commerce)["published"]
    _rename(login(world.sysadmin), commerce, "测试县商务和投资促进局")
    assert commerce.former_names == ["测试县商务局"]
    page = login(world.sysadmin).get(f"/agencies/{commerce.pk}/edit/").content.decode()
    assert "曾用名：测试县商务局" in page
    capsys.readouterr()
    assert cli_main(["supervise", "audit", "--all", "--year", "2023", "--office", world.county.name]) == 0
    r.refresh_from_db()
    assert r.agency == commerce and r.match_state == "auto"
    assert _row(world, commerce)["published"] and _row(world, commerce)["versions"] == 1
    # a report published under the old name, imported after the rename: still the unit's
    later = _import("商务局年报-网页版.html", "<html><body><pre>" + text.replace("六、其他需要报告的事项",
                                                                        "六、其他需要报告的事项\n更正。", 1)
                    + "</pre></body></html>", world)
    assert later.agency == commerce
    assert [c["name"] for c in later.candidates][:1] == ["测试县商务和投资促进局"]  # shown by its name now


def test_a_re_audit_keeps_an_auto_match_the_names_no_longer_decide_and_says_so(world, unit):
    r = _import("清河镇年报.txt", sample_text(), world)
    assert r.agency == unit and r.match_state == "auto"
    # the unit renamed outside the form (no former name kept): matching alone would no longer find it
    Agency.objects.filter(pk=unit.pk).update(name="示例县清河街道办事处")
    services.audit_published(r.pk)
    r.refresh_from_db()
    assert r.agency_id == unit.pk and r.match_state == "auto"
    assert "保留原来匹配的" in r.note and "请在报告页改派" in r.note
    # a unit now matching better by name does not take it either: the supervisor decides (改派)
    twin = Agency.objects.create(name="示例县清河镇人民政府", kind="township", parent=world.county)
    services.audit_published(r.pk)
    r.refresh_from_db()
    assert r.agency_id == unit.pk and f"更接近{twin.name}" in r.note
    # a file waiting for its unit is matched as before
    PublishedReport.objects.filter(pk=r.pk).update(agency=None, match_state="pending")
    services.audit_published(r.pk)
    r.refresh_from_db()
    assert r.agency_id == twin.pk and r.match_state == "auto"


#: few characters, so that many units resemble the report and each other (the pruning has work to do)
NAMES = st.text(alphabet="青石河西镇乡人民政府局商务（）2024年", min_size=1, max_size=10)


@hsettings(max_examples=300, deadline=None)
@given(units=st.lists(st.tuples(NAMES, st.lists(NAMES, max_size=3)), min_size=1, max_size=30),
       agency=NAMES, title=NAMES, filename=NAMES)
def test_a_unit_with_former_names_scores_its_best_name(units, agency, title, filename):
    """With former names, each unit scores the best of its names; candidates are units (each once, under its
    name now); the decision is that of the units scored one by one that way — also when only the best few
    are scored in full (UnitIndex.contenders looks further by the number of former names)."""
    rows = [(1000 - 7 * k % 997, name, former) for k, (name, former) in enumerate(units)]  # ids not in order
    index = matching.UnitIndex(list(matching.names_of(rows)))
    uid, best, candidates, state = index.match(agency, title, filename)
    expected = sorted(((max(matching.score(n, agency, title, filename) for n in [name, *former]), i, name)
                       for i, name, former in rows), key=lambda t: (-t[0], t[1]))
    assert candidates == [{"id": i, "name": n, "score": s} for s, i, n in expected[:matching.CANDIDATES] if s > 0]
    assert len({c["id"] for c in candidates}) == len(candidates)
    top, second = expected[0][0], (expected[1][0] if len(expected) > 1 else 0.0)
    auto = top >= matching.AUTO_THRESHOLD and top - second >= matching.MARGIN
    assert (state, uid) == (("auto", expected[0][1]) if auto else ("pending", None))


def test_a_title_without_its_year_in_digits_still_names_the_unit():
    """Tester 6: a report whose year was taken out of the text kept "某乡人民政府年度政府信息公开工作年度报告" as its
    title, and the leftover 年度 kept the unit's name below the threshold (待确认)."""
    for title in ("清源县大坪乡人民政府年度政府信息公开工作年度报告", "清源县大坪乡人民政府二〇二五年度政府信息公开工作年度报告",
                  "清源县大坪乡人民政府2025年度政府信息公开工作年度报告", "清源县大坪乡人民政府政府信息公开工作年度报告"):
        assert matching.score("清源县大坪乡人民政府", "", title, "x.pdf") == 100.0, title
    index = matching.UnitIndex([(1, "清源县大坪乡人民政府"), (2, "清源县人民政府")])
    assert index.match("", "清源县大坪乡人民政府年度政府信息公开工作年度报告", "x.pdf")[::3] == (1, "auto")


def test_the_units_read_for_matching_are_those_of_the_query_former_names_included(world):
    """services._unit_rows reads the units on a plain cursor (the worker's JSON decoding per row was most of a
    task's reading): the same (id, name, former names) rows as units_of(...).values_list, on SQLite and
    PostgreSQL (test_postgresql.py), for the top office, a county below another and no office."""
    Agency.objects.create(name="测试县商务和投资促进局", kind="department", parent=world.county,
                          former_names=["测试县商务局", '测试县商务"局"\\旧'])
    Agency.objects.create(name="别县某镇人民政府", kind="township", parent=world.other_county, former_names=[])
    for office in (world.county.pk, world.other_county.pk, None):
        expected = list(services.units_of(office).order_by("id").values_list("id", "name", "former_names"))
        assert list(services._unit_rows(office)) == expected
        assert any(former for _, _, former in expected) or office == world.other_county.pk
