"""No doubled records, no server errors (issue #13, item 4): the online form's id under a unique
constraint, one 系统管理员 from simultaneous first-run setups, login throttling per address and user
name, and the 500s of a duplicate 复议诉讼 number, ``/auditlog/?since=x`` and CR/LF in a case number."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from django.db import connection
from django.test import Client

from gongkai.web.cases.models import DisclosureRequest
from gongkai.web.cases.models import OnlineApplication

FORM = {"requester_name": "钱某", "applicant_type": "natural_person", "id_document": "居民身份证 110101199303031234",
        "contact": "13611112222", "address": "qian@example.cn", "description": "甲镇2024年高标准农田建设项目验收报告",
        "access": "电子邮件", "form_note": "", "website": ""}


def _together(n, fn):
    """Run ``fn(i)`` in ``n`` threads released at the same moment; returns results or exceptions."""
    from django.db import connections
    barrier = threading.Barrier(n)
    out = [None] * n

    def run(i):
        try:
            barrier.wait()
            out[i] = fn(i)
        except Exception as e:  # noqa: BLE001 — returned to the test
            out[i] = e
        finally:
            connections.close_all()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def test_the_same_form_from_two_sessions_makes_one_application(world):
    """The form posted again without the first one's session (cookies off, a second connection): the
    form id is in the database, so the second post finds the first application."""
    page = Client().get(f"/gongkai/{world.a.pk}/apply/").content.decode()
    submission = re.search(r'name="submission" value="([^"]+)"', page).group(1)
    before = DisclosureRequest.objects.count()
    first = Client().post(f"/gongkai/{world.a.pk}/apply/", {**FORM, "submission": submission}, follow=True)
    second = Client().post(f"/gongkai/{world.a.pk}/apply/", {**FORM, "submission": submission}, follow=True)
    assert first.status_code == second.status_code == 200
    assert DisclosureRequest.objects.count() == before + 1 and OnlineApplication.objects.count() == 1
    assert 'id="code"' in first.content.decode() and 'id="code-shown"' in second.content.decode()
    tracking = OnlineApplication.objects.get().tracking_number
    assert tracking in second.content.decode()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_posts_of_one_form_make_one_case():
    if connection.vendor != "postgresql":
        pytest.skip("threads with their own connections need a server database (SQLite test database is in memory)")
    from .conftest import make_world
    from gongkai.web.cases import services
    w = make_world()
    before = DisclosureRequest.objects.count()
    results = _together(4, lambda i: services.submit_application(w.a, {**FORM, "form": "电子邮件"}, submission="same-form"))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len({app.pk for app, code in results}) == 1
    assert sum(1 for app, code in results if code) == 1  # the code is shown to one of them only
    assert DisclosureRequest.objects.count() == before + 1


SETUP = {"agency_name": "某县人民政府", "agency_kind": "county", "review_body": "某市人民政府", "full_name": "",
         "password": "Str0ng-Passw0rd!",
         "password2": "Str0ng-Passw0rd!"}


def test_a_setup_that_arrives_after_another_creates_nothing(db, monkeypatch):
    """The form was shown and sent while no user existed, but another setup committed first: the check
    under the lock refuses it (before: a second 系统管理员 and a second top agency)."""
    from gongkai.web.accounts import views
    from gongkai.web.accounts.models import User
    from gongkai.web.agencies.models import Agency
    assert Client().post("/accounts/setup/", {**SETUP, "username": "admin1"}).status_code == 302
    monkeypatch.setattr(views, "_has_users", lambda: False)  # as if the page check had run before admin1 existed
    r = Client().post("/accounts/setup/", {**SETUP, "username": "admin2"}, follow=True)
    assert r.status_code == 200 and "另一次初始化" in r.content.decode()
    assert list(User.objects.values_list("username", flat=True)) == ["admin1"] and Agency.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_three_simultaneous_first_run_setups_make_one_administrator():
    if connection.vendor != "postgresql":
        pytest.skip("threads with their own connections need a server database (SQLite test database is in memory)")
    from gongkai.web.accounts.models import User
    from gongkai.web.security import FirstRunMiddleware
    FirstRunMiddleware._done = False
    statuses = _together(3, lambda i: Client().post("/accounts/setup/", {**SETUP, "username": f"admin{i}"}).status_code)
    assert statuses == [302, 302, 302], statuses
    assert User.objects.filter(role="sysadmin").count() == 1


# ------------------------------------------------------------------ server errors turned into messages
def test_a_duplicate_review_case_number_is_a_form_error(world, login):
    """Before: IntegrityError (the unique constraint on agency + number) → HTTP 500."""
    from gongkai.web.reviews.models import ReviewOrLawsuit
    c = login(world.clerk_b)
    data = {"number": "乙复〔2025〕1号", "kind": "review", "stage": "filed", "filed_on": "2025-03-11", "result": "",
            "decided_on": "", "note": "", "case_number": ""}
    r = c.post("/litigation/", data)
    assert r.status_code == 200 and "已登记案号为 乙复〔2025〕1号" in r.content.decode()
    assert ReviewOrLawsuit.objects.filter(agency=world.b).count() == 1
    # the same by editing another entry to the number
    other = ReviewOrLawsuit.objects.create(agency=world.b, number="乙复〔2025〕2号", kind="review",
                                           filed_on=dt.date(2025, 3, 12))
    r = c.post(f"/litigation/{other.pk}/", {**data, "version": other.version})
    assert r.status_code == 200 and "已登记案号为" in r.content.decode()
    other.refresh_from_db()
    assert other.number == "乙复〔2025〕2号"


def test_a_duplicate_review_case_number_saved_at_the_same_moment_is_a_form_error(world, login, monkeypatch):
    """The check passed (the other registration was not yet committed), the database refuses: a message."""
    from gongkai.web.reviews import views
    from gongkai.web.reviews.models import ReviewOrLawsuit
    monkeypatch.setattr(views.LitigationForm, "_number_taken", lambda self, number: False)
    r = login(world.clerk_b).post("/litigation/", {"number": "乙复〔2025〕1号", "kind": "review", "stage": "filed",
                                                   "filed_on": "2025-03-11", "result": "", "decided_on": "",
                                                   "note": "", "case_number": ""})
    assert r.status_code == 200 and "已登记案号为" in r.content.decode()
    assert ReviewOrLawsuit.objects.filter(agency=world.b).count() == 1


@pytest.mark.parametrize("since", ["x", "2025-13-45", "2025-03-20'--"])
def test_auditlog_since_that_is_not_a_date(world, login, since):
    c = login(world.auditor)
    r = c.get("/auditlog/", {"since": since})
    assert r.status_code == 200 and "起始日期应为" in r.content.decode()
    r = c.get("/auditlog/export.csv", {"since": since}, follow=True)  # refused, back to the list with the reason
    assert r.status_code == 200 and "筛选条件有误，未导出" in r.content.decode()
    assert c.get("/auditlog/", {"since": "2025-01-01"}).status_code == 200


@pytest.mark.parametrize("number", ["A\r\n2025-1", "甲\n〔2025〕1号", 'x"; filename=evil.exe'])
def test_letter_download_when_the_case_number_holds_line_breaks(world, login, number):
    from django.urls import reverse
    DisclosureRequest.objects.filter(pk=world.case_a.pk).update(number=number)
    c = login(world.clerk_a)
    case = DisclosureRequest.objects.get(pk=world.case_a.pk)
    c.post(reverse("cases:event", args=[case.pk, "request_clarification"]),
           {"request_clarification-version": case.version, "request_clarification-on": "2025-03-05",
            "request_clarification-items": "请写明征地项目名称", "request_clarification-period_days": 15})
    ev = case.events.get(kind="request_clarification")
    r = c.get(reverse("cases:letter", args=[case.pk, "clarification", ev.seq]))
    assert r.status_code == 200
    disp = r["Content-Disposition"]
    assert "\n" not in disp and "\r" not in disp and disp.startswith("attachment;")
    assert "evil.exe\"" not in disp.replace('\\"', "")
