"""Office scale (issue #16): the pages a supervisor and a clerk open all day make a number of database
queries that does not grow with the number of agencies (or cases) in scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _county(n_agencies: int, cases_each: int = 3):
    from gongkai.web.accounts.models import User
    from gongkai.web.agencies.models import Agency
    from gongkai.web.cases.models import DisclosureRequest
    from gongkai.web.demo import _load_cases
    from gongkai.web.publications.models import Figure
    from gongkai.web.reports.models import ReportDraft

    county = Agency.objects.create(name=f"规模县{n_agencies}", kind="county")
    agencies = [Agency.objects.create(name=f"规模县{n_agencies}局{k}", kind="department", parent=county)
                for k in range(n_agencies)]
    for k, ag in enumerate(agencies):
        _load_cases(ag, 2024, cases_each, seed=k + 1)
        if k % 2:
            ReportDraft.objects.create(agency=ag, year=2024, sections={"一": f"第{k}个机关的总体情况。"})
            Figure.objects.create(agency=ag, year=2024, row="administrative_fees", value="1.5", source="财政局",
                                  entered_by="clerk", entered_on=dt.date(2025, 1, 5))
    sup = User.objects.create(username=f"sup{n_agencies}", role="supervisor", agency=county)
    clerk = User.objects.create(username=f"clerk{n_agencies}", role="clerk", agency=agencies[0])
    case = DisclosureRequest.objects.filter(agency=agencies[0]).first()
    return sup, clerk, case


def _queries(client, user, url) -> int:
    client.force_login(user)
    client.get(url)  # a first request may fill per-process caches (calendar, site settings)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return len(ctx.captured_queries)


def _counts(client, n):
    sup, clerk, case = _county(n)
    return {"overview": _queries(client, sup, reverse("reports:overview", args=[2024])),
            "worklist (supervisor)": _queries(client, sup, reverse("cases:worklist") + "?tab=all"),
            "worklist": _queries(client, clerk, reverse("cases:worklist")),
            "case page": _queries(client, clerk, reverse("cases:detail", args=[case.pk])),
            "report workspace": _queries(client, clerk, reverse("reports:workspace", args=[clerk.agency_id, 2024])),
            "report workspace (supervisor)": _queries(client, sup, reverse("reports:workspace",
                                                                           args=[clerk.agency_id, 2024]))}


def test_overview_worklist_case_page_and_workspace_queries_do_not_grow_with_the_agencies(client):
    small = _counts(client, 3)
    large = _counts(client, 30)
    assert small == large, (small, large)
    assert small["overview"] <= 20, small


def test_overview_rows_equal_one_build_and_audit_per_agency_and_follow_changes():
    from gongkai.web.agencies.models import Agency
    from gongkai.web.cases.models import DisclosureRequest
    from gongkai.web.reports import services
    from gongkai.web.reports.models import ReportDraft
    from gongkai.web.reports.views import _report

    sup, clerk, case = _county(4, cases_each=6)
    agencies = list(Agency.objects.filter(id__in=sup.scope_agency_ids()))

    def expected():
        out = []
        for a in agencies:
            draft = ReportDraft.objects.filter(agency=a, year=2024).first() or ReportDraft(agency=a, year=2024)
            rep = _report(a, 2024, draft)
            signed = services.signed_report(draft)
            from gongkai.web.cases.services import timeliness_rates_for
            rate = {r.agency: r for r in timeliness_rates_for([a.id], 2024)}.get(a.name)
            out.append({"agency": a, **services._agency_figures(rep), "status": draft.status,
                        "changed": services.figure_changes(signed, rep, limit=3) if signed is not None else [],
                        "timeliness": rate.rate_text if rate else "—（无可计算的答复）"})
        return out

    assert services.overview_rows(agencies, 2024) == expected()
    # a record changes: the agency's figures are computed again, not taken from the fingerprint cache
    DisclosureRequest.objects.filter(pk=case.pk).update(received_on=dt.date(2024, 6, 3), state="closed",
                                                        disposition="granted", closed_on=dt.date(2024, 6, 20))
    ReportDraft.objects.update_or_create(agency=agencies[1], year=2024, defaults={"sections": {"二": "改写的文字。"}})
    assert services.overview_rows(agencies, 2024) == expected()
