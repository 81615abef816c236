"""Issue #16: each agency's record version (database triggers, reports/versions.py) changes with every way of
writing any record its annual report is counted from, and only that agency's; the overview and the report
workspace, which are kept by that version, therefore show every change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.web.reports.versions import versions

pytestmark = pytest.mark.django_db


def _write(kind, w):
    """One write of ``kind`` touching agency B's records (never A's)."""
    from gongkai.web.agencies.models import Agency
    from gongkai.web.cases.models import DisclosureRequest, RequestEvent
    from gongkai.web.reviews.models import ReviewOrLawsuit
    from gongkai.web.publications.models import DocumentRecord, Figure
    from gongkai.web.reports.models import ReportDraft
    if kind == "case save()":
        c = DisclosureRequest.objects.get(pk=w.case_b.pk)
        c.handler = "王某"
        c.save()
    elif kind == "case QuerySet.update()":
        DisclosureRequest.objects.filter(pk=w.case_b.pk).update(received_on=dt.date(2025, 3, 5))
    elif kind == "case deleted":
        ReviewOrLawsuit.objects.filter(case=w.case_b).update(case=None)
        DisclosureRequest.objects.filter(pk=w.case_b.pk).delete()
    elif kind == "case moved to another agency":
        DisclosureRequest.objects.filter(pk=w.case_a.pk).update(agency=w.b, number="移入-1")
    elif kind == "case event added":
        RequestEvent.objects.create(case=w.case_b, seq=99, kind="accept", on=dt.date(2025, 3, 5))
    elif kind == "case event changed":
        RequestEvent.objects.filter(case=w.case_b).update(on=dt.date(2025, 3, 6))
    elif kind == "复议诉讼 changed":
        ReviewOrLawsuit.objects.filter(pk=w.lit_b.pk).update(result="upheld", decided_on=dt.date(2025, 3, 15))
    elif kind == "draft written":
        ReportDraft.objects.update_or_create(agency=w.b, year=2024, defaults={"sections": {"二": "改写。"}})
    elif kind == "table 二 figure entered":
        Figure.objects.create(agency=w.b, year=2024, row="administrative_fees", value="1.5", source="财政局",
                              entered_by="clerk_b", entered_on=dt.date(2025, 1, 5))
    elif kind == "规范性文件 registered":
        DocumentRecord.objects.create(agency=w.b, kind="normative", title="乙局办法", document_number="乙发〔2024〕1号",
                                      issued_on=dt.date(2024, 5, 1))
    elif kind == "agency renamed":
        Agency.objects.filter(pk=w.b.pk).update(name="乙局（新）")
    else:  # pragma: no cover
        raise AssertionError(kind)


KINDS = ["case save()", "case QuerySet.update()", "case deleted", "case moved to another agency", "case event added",
         "case event changed", "复议诉讼 changed", "draft written", "table 二 figure entered", "规范性文件 registered",
         "agency renamed"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_write_gives_the_agency_a_new_version_and_leaves_others_alone(world, kind):
    if kind == "case event changed":
        from gongkai.web.cases.models import RequestEvent
        RequestEvent.objects.create(case=world.case_b, seq=98, kind="accept", on=dt.date(2025, 3, 5))
    ids = [world.a.id, world.b.id, world.county.id]
    before = versions(ids)
    _write(kind, world)
    after = versions(ids)
    assert after[world.b.id] != before[world.b.id]
    assert after[world.county.id] == before[world.county.id]
    if kind == "case moved to another agency":  # the case left A: both agencies' reports change
        assert after[world.a.id] != before[world.a.id]
    else:
        assert after[world.a.id] == before[world.a.id]


def test_a_version_once_replaced_does_not_come_back(world):
    from gongkai.web.cases.models import DisclosureRequest
    seen = {versions([world.b.id])[world.b.id]}
    for k in range(20):
        # the same two states in turn
        DisclosureRequest.objects.filter(pk=world.case_b.pk).update(handler=f"经办人{k % 2}")
        v = versions([world.b.id])[world.b.id]
        assert v not in seen
        seen.add(v)


def _overview_row(client, w, name):
    r = client.get(reverse("reports:overview", args=[2024]))
    assert r.status_code == 200
    rows = {row["agency"].name: row for row in r.context["rows"]}
    return rows[name]


def test_overview_shows_a_change_made_by_a_bare_update(client, world):
    """The kept figures are not served after a record changes, even by a write no model signal sees."""
    from gongkai.web.cases.models import DisclosureRequest
    from gongkai.web.reports import cache
    cache.clear()
    client.force_login(world.supervisor)
    DisclosureRequest.objects.filter(pk=world.case_b.pk).update(received_on=dt.date(2024, 6, 3))
    first = _overview_row(client, world, "乙局")
    assert first["received"] == 1
    assert _overview_row(client, world, "乙局") == first  # kept
    DisclosureRequest.objects.filter(pk=world.case_b.pk).update(received_on=dt.date(2025, 1, 3))
    assert _overview_row(client, world, "乙局")["received"] == 0
    DisclosureRequest.objects.filter(pk=world.case_a.pk).update(received_on=dt.date(2024, 7, 1), agency=world.b,
                                                                number="移入-1")
    assert _overview_row(client, world, "乙局")["received"] == 1
    assert _overview_row(client, world, "甲镇人民政府")["received"] == 0


def test_overview_rows_kept_equal_those_computed_now(world):
    """Every row from the kept figures equals reports.services.overview_rows computed afresh."""
    from gongkai.web.agencies.models import Agency
    from gongkai.web.reports import cache, services
    from gongkai.web.reports.models import ReportDraft
    agencies = list(Agency.objects.filter(id__in=world.supervisor.scope_agency_ids()).order_by("id"))
    cache.clear()
    assert cache.overview_rows(agencies, 2024) == services.overview_rows(agencies, 2024)
    ReportDraft.objects.create(agency=world.a, year=2024, signoffs={"clerk": {"by": "x", "at": "", "digest": ""}})
    assert cache.overview_rows(agencies, 2024) == services.overview_rows(agencies, 2024)
    assert {r["agency"].name: r["status"] for r in cache.overview_rows(agencies, 2024)}["甲镇人民政府"] == "经办人已提交"


def test_workspace_shows_a_change_of_the_draft_and_of_the_cases(client, world):
    from gongkai.web.cases.models import DisclosureRequest
    from gongkai.web.reports import cache
    from gongkai.web.reports.models import ReportDraft
    cache.clear()
    client.force_login(world.clerk_b)
    url = reverse("reports:workspace", args=[world.b.id, 2024])
    assert client.get(url).context["received"] == 0
    DisclosureRequest.objects.filter(pk=world.case_b.pk).update(received_on=dt.date(2024, 6, 3))
    assert client.get(url).context["received"] == 1
    ReportDraft.objects.update_or_create(agency=world.b, year=2024, defaults={"sections": {"二": "独有的一句话。"}})
    r = client.get(url)
    assert "独有的一句话。" in r.content.decode()
    assert r.context["draft"].sections == {"二": "独有的一句话。"}


def test_figures_stored_by_another_version_of_the_program_are_not_read(world, monkeypatch):
    """The stored figures outlive upgrades: a key includes a digest of the program's source."""
    import json

    from django.db import connection

    from gongkai.web.agencies.models import Agency
    from gongkai.web.reports import cache
    from gongkai.web.reports.versions import FIGURES
    agencies = list(Agency.objects.filter(id__in=world.supervisor.scope_agency_ids()).order_by("id"))
    cache.clear()
    fresh = cache.overview_rows(agencies, 2024)
    with connection.cursor() as c:  # what an older program stored under the same record versions
        c.execute(f"SELECT agency_id, figures FROM {FIGURES}")
        for aid, figures in c.fetchall():
            c.execute(f"UPDATE {FIGURES} SET figures = %s WHERE agency_id = %s AND year = 2024",
                      [json.dumps({**json.loads(figures), "warnings": 999}), aid])
    assert {r["warnings"] for r in cache.overview_rows(agencies, 2024)} == {999}  # read from the table
    monkeypatch.setattr(cache, "code_digest", lambda: "another program")
    assert cache.overview_rows(agencies, 2024) == fresh


def test_every_trigger_exists_after_all_migrations():
    """Migrations after reports 0003 that rebuild a watched table (SQLite copies a table to add most columns)
    must not leave it unwatched: the triggers are checked after every ``migrate``."""
    from django.db import connection
    from gongkai.web.reports import versions as v
    assert v.expected(connection) <= v._present(connection)


def test_a_dropped_trigger_is_recreated_after_migrate_and_every_version_changes(world):
    from django.core.management import call_command
    from django.db import connection
    from gongkai.web.reports import versions as v
    name = sorted(v.expected(connection))[0]
    before = versions([world.a.pk, world.b.pk])
    with connection.cursor() as c:
        c.execute(f"DROP TRIGGER {name}" if connection.vendor == "sqlite"
                  else f"DROP TRIGGER {name} ON {next(t for t, _ in v.WATCHED if name.startswith(f'gk_rv_{t}'))}")
    assert name not in v._present(connection)
    call_command("migrate", verbosity=0)
    assert v.expected(connection) <= v._present(connection)
    after = versions([world.a.pk, world.b.pk])
    assert all(after[k] != before[k] for k in before)
