"""Every route that names a record refuses users outside the record's agency (条例 records hold
personal data: 个人信息保护法; 等保2.0 access control).  The routes are enumerated from the URL map, so a
new route is tested without editing this file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.web.cases import services
from gongkai.web.cases.models import DisclosureRequest, RequestEvent
from gongkai.web.reviews.models import ReviewOrLawsuit
from gongkai.web.reports.models import ReportDraft

PUBLIC = {"home", "agencies:public", "accounts:login", "accounts:logout", "accounts:setup"}


def routes():
    out = []

    def walk(patterns, ns):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns)
            elif isinstance(p, URLPattern) and p.name:
                out.append((f"{ns}{p.name}", sorted(p.pattern.converters)))
    walk(get_resolver().url_patterns, "")
    return out


#: the namespaces whose record routes this file knows how to fill; another app (publications) tests its own
NAMESPACES = ("cases", "litigation", "reports", "accounts", "auditlog", "agencies")
OBJECT_ROUTES = [(name, kw) for name, kw in routes()
                 if set(kw) & {"pk", "aid", "agency_id"} and name not in PUBLIC and name.split(":")[0] in NAMESPACES]


def _target(world):
    """B's case with a clarification letter and an attachment, so every route has something to find."""
    case = services.apply_event(world.clerk_b, world.case_b, world.case_b.version, "request_clarification",
                                dt.date(2025, 3, 5), {"items": ["请说明预算年度"]})
    att = services.add_attachment(world.clerk_b, case, SimpleUploadedFile("a.pdf", b"%PDF-1.4 test", "application/pdf"))
    ReportDraft.objects.create(agency=world.b, year=2025)
    return case, att


def _kwargs(name, names, world, case, att):
    app = name.split(":")[0]
    values = {"agency_id": world.b.pk, "year": 2025, "aid": att.pk, "seq": 1, "fmt": "html", "step": "clerk",
              "action": "request", "kind": "clarification" if name == "cases:letter" else "accept"}
    values["pk"] = {"cases": case.pk, "litigation": world.lit_b.pk,
                    "agencies": world.other_county.pk}.get(app, world.clerk_b.pk)
    if name == "cases:export":
        values["fmt"] = "csv"
    return {k: values[k] for k in names}


def _state(world):
    c = DisclosureRequest.objects.get(pk=world.case_b.pk)
    return (c.version, c.state, c.contact, RequestEvent.objects.filter(case=c).count(),
            ReviewOrLawsuit.objects.get(pk=world.lit_b.pk).version, c.attachments.count(),
            list(ReportDraft.objects.filter(agency=world.b).values_list("version", "table2", "signoffs")))


@pytest.mark.parametrize("name,kwnames", OBJECT_ROUTES, ids=[n for n, _ in OBJECT_ROUTES])
@pytest.mark.parametrize("who", ["clerk_a", "reviewer_a", "other_sup", "sysadmin", "secadmin", "auditor"])
def test_other_agencys_records_are_refused_on_every_route(world, client, name, kwnames, who):
    case, att = _target(world)
    url = reverse(name, kwargs=_kwargs(name, kwnames, world, case, att))
    if name.startswith("accounts:"):
        owner = "sysadmin" if name in ("accounts:account_active", "accounts:reset_password") else "secadmin"
        if who == owner:
            pytest.skip(f"the {owner}'s own route")
    before = _state(world)
    client.force_login(getattr(world, who))
    get = client.get(url)
    post = client.post(url, {"version": case.version, "on": "2025-03-06", "accept-version": case.version,
                             "accept-on": "2025-03-06", "v_rules:issued": "9", "s_rules:issued": "x",
                             "contact": "13000000000", "requester_name": "改"})
    assert get.status_code in (403, 404, 405), f"GET {url} as {who}: {get.status_code}"
    assert post.status_code in (403, 404, 405), f"POST {url} as {who}: {post.status_code}"
    assert "13900001111" not in get.content.decode(errors="ignore")
    assert _state(world) == before


ADMIN_ROUTES = ("accounts:", "agencies:edit", "agencies:remove", "agencies:reactivate")  # the administrators' routes (their positive tests are elsewhere)


@pytest.mark.parametrize("name,kwnames", [r for r in OBJECT_ROUTES if not r[0].startswith(ADMIN_ROUTES)],
                         ids=[n for n, _ in OBJECT_ROUTES if not n.startswith(ADMIN_ROUTES)])
def test_supervisor_reads_subtree_but_changes_nothing(world, client, name, kwnames):
    case, att = _target(world)
    url = reverse(name, kwargs=_kwargs(name, kwnames, world, case, att))
    before = _state(world)
    client.force_login(world.supervisor)
    post = client.post(url, {"version": case.version, "on": "2025-03-06"})
    assert post.status_code in (403, 405), f"POST {url}: {post.status_code}"
    assert _state(world) == before


ADMIN_ROUTES = ("accounts:", "agencies:edit", "agencies:remove", "agencies:reactivate")  # the administrators' routes (their positive tests are elsewhere)


@pytest.mark.parametrize("name,kwnames", [r for r in OBJECT_ROUTES if not r[0].startswith(ADMIN_ROUTES)],
                         ids=[n for n, _ in OBJECT_ROUTES if not n.startswith(ADMIN_ROUTES)])
def test_the_agencys_own_clerk_reaches_every_route(world, client, name, kwnames):
    """Positive control: the refusals above come from scoping, not from a broken route."""
    case, att = _target(world)
    url = reverse(name, kwargs=_kwargs(name, kwnames, world, case, att))
    client.force_login(world.clerk_b)
    r = client.get(url)
    assert r.status_code in (200, 302, 405), f"GET {url}: {r.status_code}"


def test_lists_and_exports_show_only_the_users_agency(world, client):
    client.force_login(world.clerk_a)
    for url in (reverse("cases:worklist") + "?tab=all", reverse("cases:export", args=["csv"]) + "?tab=all",
                reverse("litigation:list"), reverse("reports:index")):
        body = client.get(url).content.decode()
        assert world.case_b.requester_name not in body and "乙局" not in body, url
    assert world.case_a.number in client.get(reverse("cases:worklist")).content.decode()


def test_supervisor_overview_covers_only_its_subtree(world, client):
    client.force_login(world.other_sup)
    body = client.get(reverse("reports:overview", args=[2025])).content.decode()
    assert "甲镇" not in body and "乙局" not in body
    client.force_login(world.supervisor)
    body = client.get(reverse("reports:overview", args=[2025])).content.decode()
    assert "甲镇人民政府" in body and "乙局" in body


def test_administrators_see_no_case_content(world, client):
    for who in ("sysadmin", "secadmin", "auditor"):
        client.force_login(getattr(world, who))
        assert client.get(reverse("cases:worklist")).status_code == 403
        assert client.get(reverse("cases:detail", args=[world.case_a.pk])).status_code in (403, 404)
        assert client.get(reverse("reports:workspace", args=[world.a.pk, 2025])).status_code in (403, 404)


def test_case_roles_cannot_use_administrator_pages(world, client):
    client.force_login(world.clerk_a)
    for name in ("accounts:admin_users", "accounts:security", "auditlog:list", "auditlog:export"):
        assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse("accounts:security_action", args=[world.clerk_a.pk, "grant"])).status_code == 403
