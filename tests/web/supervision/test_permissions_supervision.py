"""Every supervision route: only the 上级审查员 (others 403); another office's records are 404.  Routes are
enumerated from the URL map, so a new route is covered without editing this file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.web.supervision import services
from gongkai.web.supervision.models import Rectification

from .conftest import batch_of, sample_text


def supervision_routes():
    out = []

    def walk(patterns, ns):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns)
            elif isinstance(p, URLPattern) and p.name and ns == "supervision:":
                out.append((f"{ns}{p.name}", sorted(p.pattern.converters)))
    walk(get_resolver().url_patterns, "")
    return out


UNIT_ROUTES = {"supervision:my_rectifications", "supervision:respond"}  # the unit's side of 整改
ROUTES = [(n, k) for n, k in supervision_routes() if n not in UNIT_ROUTES]


@pytest.fixture
def target(world, unit):
    r = services.import_batch(batch_of(("a.txt", sample_text().encode())), office=world.county, by="t")[0].report
    f = r.findings.first()
    services.review_finding(f, "confirmed", "本机关确认", world.supervisor)  # 整改 follows a confirmed finding
    item = services.issue_rectification(f, dt.date(2025, 12, 31), "", world.supervisor)
    return r, f, item


def _url(name, kw, target):
    r, f, item = target
    pk = {"supervision:review": f.pk, "supervision:rectify": f.pk, "supervision:close_rectification": item.pk,
          "supervision:respond": item.pk}.get(name, r.pk)
    values = {"pk": pk, "year": 2023, "token": "some-import"}
    return reverse(name, kwargs={k: values[k] for k in kw})


def test_routes_are_enumerated():
    names = {n for n, _ in ROUTES}
    assert {"supervision:index", "supervision:upload", "supervision:review", "supervision:download"} <= names


@pytest.mark.parametrize("name,kw", ROUTES)
def test_other_roles_are_refused(world, target, login, name, kw):
    url = _url(name, kw, target)
    for user in (world.clerk_a, world.signer_a, world.sysadmin, world.auditor):
        c = login(user)
        assert c.get(url).status_code in (403, 405), (user.role, url)
        assert c.post(url, {"decision": "confirmed", "status": "done", "agency": world.a.pk}).status_code in (403, 405)


@pytest.mark.parametrize("name,kw", [(n, k) for n, k in ROUTES if "pk" in k])
def test_another_office_gets_404(world, target, login, name, kw):
    url = _url(name, kw, target)
    c = login(world.other_sup)
    method = c.get if name in ("supervision:report", "supervision:download") else c.post
    assert method(url, {"decision": "confirmed", "status": "done", "agency": world.a.pk,
                        "due_on": "2025-12-31", "published_on": "2025-01-01"}).status_code == 404
    r, f, item = target
    f.refresh_from_db()
    item.refresh_from_db()
    assert (f.review, f.comment) == ("confirmed", "本机关确认") and item.status == "open"
    assert Rectification.objects.count() == 1


def test_download_is_an_attachment(world, target, login):
    r = target[0]
    resp = login(world.supervisor).get(reverse("supervision:download", args=[r.pk]))
    assert resp.status_code == 200 and resp["Content-Type"] == "application/octet-stream"
    assert "attachment" in resp["Content-Disposition"]
    assert b"".join(resp.streaming_content) == sample_text().encode()


def test_published_on_correction(world, target, login):
    r = target[0]
    c = login(world.supervisor)
    assert "晚于今天" in c.post(reverse("supervision:published_on", args=[r.pk]), {"published_on": "2099-01-01"},
                              follow=True).content.decode()
    c.post(reverse("supervision:published_on", args=[r.pk]), {"published_on": "2024-01-15"})
    r.refresh_from_db()
    assert r.published_on == dt.date(2024, 1, 15)
    from django.core.files.uploadedfile import SimpleUploadedFile
    page = c.post(reverse("supervision:upload"), {"files": [SimpleUploadedFile("b.txt", b"x")], "published_on": "x"},
                  follow=True).content.decode()
    assert "年-月-日" in page
    page = c.post(reverse("supervision:upload"), {"files": [SimpleUploadedFile("b.txt", b"x")], "year": "abc"},
                  follow=True).content.decode()
    assert "年度须在" in page


def test_the_unit_sees_and_answers_its_own_rectifications(world, unit, target, login):
    from gongkai.web.accounts.models import User
    r, f, item = target
    assert item.agency == unit
    clerk = User(username="qinghe_clerk", full_name="清河镇经办人", role="clerk", agency=unit)
    clerk.set_password("x")
    clerk.save()
    c = login(clerk)
    page = c.get(reverse("supervision:my_rectifications")).content.decode()
    assert f.message in page and "2025-12-31" in page
    assert "请填写" in c.post(reverse("supervision:respond", args=[item.pk]), {"response": " "},
                             follow=True).content.decode()
    c.post(reverse("supervision:respond", args=[item.pk]), {"response": "已重新发布更正后的年报"})
    item.refresh_from_db()
    assert item.response == "已重新发布更正后的年报" and item.responded_by == "清河镇经办人"
    assert "已重新发布更正后的年报" in login(world.supervisor).get(
        reverse("supervision:dashboard") + "?year=2023").content.decode()
    # another unit's people: not listed, and 404 on answering
    other = login(world.clerk_a)
    assert f.message not in other.get(reverse("supervision:my_rectifications")).content.decode()
    assert other.post(reverse("supervision:respond", args=[item.pk]), {"response": "x"}).status_code == 404
    assert login(world.supervisor).get(reverse("supervision:my_rectifications")).status_code == 403
    assert login(world.sysadmin).post(reverse("supervision:respond", args=[item.pk]), {"response": "x"}
                                      ).status_code == 403
