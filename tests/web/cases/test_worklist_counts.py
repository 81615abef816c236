"""The worklist's “共 N 件” (issue 16): without a filter it is not counted again — a tab's count from the one
aggregate over the open cases, 全部 kept per agency under the record versions — and it must still be the number of
cases the tab lists, after any kind of write."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

FILTERS = ["", "&q=某", "&state=closed", "&channel=online", "&year=2024", "&year=abc", "&q=%20%20"]


def _shown(client, query: str) -> int:
    page = client.get(reverse("cases:worklist") + "?" + query)
    assert page.status_code == 200, query
    return int(re.search(r"共 (\d+) 件", page.content.decode()).group(1))


def _expected(user, query: str) -> int:
    from gongkai.web.cases.views import filtered
    request = RequestFactory().get(reverse("cases:worklist") + "?" + query)
    request.user = user
    return filtered(request)[1].count()


def _check(client, users):
    from gongkai.web.cases.views import TABS
    for user in users:
        client.force_login(user)
        for tab in TABS:
            for f in FILTERS:
                query = f"tab={tab}{f}"
                assert _shown(client, query) == _expected(user, query), (user.username, query)


@pytest.fixture
def many(world):
    from gongkai.web.demo import _load_cases
    _load_cases(world.a, 2024, 40, seed=3)
    _load_cases(world.b, 2024, 25, seed=4)
    return world


def test_every_tab_shows_the_number_it_lists_with_and_without_filters(many, client):
    _check(client, [many.supervisor, many.clerk_a, many.clerk_b])


def test_the_kept_total_follows_every_kind_of_write(many, client):
    from gongkai.web.cases import services
    from gongkai.web.cases.models import DisclosureRequest
    users = [many.supervisor, many.clerk_a, many.clerk_b]
    _check(client, users)  # the totals are kept now
    moved = DisclosureRequest.objects.filter(agency=many.a).first()
    DisclosureRequest.objects.filter(pk=moved.pk).update(agency=many.b, number=moved.number + "移")  # both change
    _check(client, users)
    DisclosureRequest.objects.filter(agency=many.b, state="closed")[:1].get().delete()
    _check(client, users)
    services.register(many.clerk_a, requester_name="王某", applicant_type="natural_person",
                      id_document="居民身份证 110101199001011234", contact="13812345678", description="新申请",
                      channel="online", received_on=dt.date(2025, 3, 5), form="电子邮件")
    _check(client, users)
    with connection.cursor() as c:  # raw SQL, past the ORM
        c.execute("DELETE FROM cases_caseevent WHERE case_id IN (SELECT id FROM cases_case WHERE agency_id = %s)",
                  [many.b.pk])
        c.execute("DELETE FROM cases_deadlinechange WHERE case_id IN (SELECT id FROM cases_case WHERE agency_id = %s)",
                  [many.b.pk])
        c.execute("DELETE FROM litigation_litigation WHERE agency_id = %s", [many.b.pk])
        c.execute("DELETE FROM cases_case WHERE agency_id = %s", [many.b.pk])
    _check(client, users)


def test_without_a_filter_the_worklist_does_not_count_its_cases_again(many, client):
    client.force_login(many.supervisor)
    for query in ("tab=open", "tab=all", "tab=overdue"):
        client.get(reverse("cases:worklist") + "?" + query)  # (全部: the totals kept)
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("cases:worklist") + "?" + query)
        counts = [q["sql"] for q in ctx.captured_queries
                  if q["sql"].startswith("SELECT COUNT(*)") and "cases_case" in q["sql"]]
        assert counts == [], (query, counts)
    with CaptureQueriesContext(connection) as ctx:  # a filter: counted
        client.get(reverse("cases:worklist") + "?tab=all&channel=online")
    assert any(q["sql"].startswith("SELECT COUNT(*)") and "cases_case" in q["sql"] for q in ctx.captured_queries)


def test_the_kept_tab_counts_follow_the_day_and_a_whole_platform_supervisor_sees_every_case(many, client, settings):
    """The tabs' counts kept per agency (issue 16) are the cases each tab lists on another day too; and the
    supervisor of the platform's only top-level agency — whose worklist queries without a list of agency ids
    (``AgencyIds.whole``) — is shown every case, after writes as well."""
    from gongkai.web.agencies.models import Agency
    from gongkai.web.cases.models import DisclosureRequest
    users = [many.supervisor, many.clerk_a]
    for day in (dt.date(2025, 3, 20), dt.date(2025, 4, 30), dt.date(2025, 3, 20)):
        settings.GONGKAI_TODAY = day
        _check(client, users)
    assert not many.county.subtree_ids().whole  # (two top-level agencies)
    Agency.objects.filter(parent__isnull=True).exclude(pk=many.county.pk).update(parent=many.county)
    many.supervisor.refresh_from_db()
    ids = many.supervisor.scope_agency_ids()
    assert ids.whole and sorted(ids) == sorted(Agency.objects.values_list("id", flat=True))
    _check(client, users)
    client.force_login(many.supervisor)
    assert _shown(client, "tab=all") == DisclosureRequest.objects.count()
    DisclosureRequest.objects.filter(agency=many.b).update(state="closed", paused=False)
    _check(client, users)
