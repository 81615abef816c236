"""Issue 16 on PostgreSQL: every query of a page is a round trip to another process, which under 20 clients on
two cores costs more than the query — so a page reads nothing twice (the request memo), the per-request health
check needs no round trip while the connection is quiet, the worklist reads its page in one query and the case
page asks for attachments and deadline changes only when the case has some.  What each page shows is unchanged:
the worklist's pages list exactly the tab's cases in its order; a write inside a GET is seen by what the request
reads after it."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- the worklist's pages
@pytest.fixture
def many(world):
    from gongkai.web.demo import _load_cases
    _load_cases(world.a, 2024, 70, seed=5)
    _load_cases(world.b, 2024, 45, seed=6)
    return world


def _listed(client, query: str) -> list[int]:
    """The case ids a worklist page links to, in its order."""
    page = client.get(reverse("cases:worklist") + "?" + query)
    assert page.status_code == 200, query
    body = page.content.decode()
    table = body[body.index("<tbody"):] if "<tbody" in body else body
    return [int(i) for i in re.findall(r'href="/cases/(\d+)/"', table)]


def _expected(user, tab: str, extra: dict) -> list[int]:
    """The tab's cases in its order, sorted here from the rows (newest received first, then the larger id; by
    due date then id on the tabs of deadlines)."""
    from gongkai.web.cases.views import filtered
    request = RequestFactory().get(reverse("cases:worklist"), {"tab": tab, **extra})
    request.user = user
    rows = list(filtered(request)[1].values("id", "received_on", "due"))
    if tab in ("due_soon", "overdue", "expired"):
        rows.sort(key=lambda r: (r["due"], r["id"]))
    else:
        rows.sort(key=lambda r: (r["received_on"], r["id"]), reverse=True)
    return [r["id"] for r in rows]


@pytest.mark.parametrize("tab", ["all", "open", "closed", "overdue", "due_soon"])
def test_every_page_of_the_worklist_lists_the_tabs_cases_in_order(many, client, settings, tab):
    settings.GONGKAI_TODAY = dt.date(2025, 3, 20)
    for user, extra in ((many.supervisor, {}), (many.clerk_a, {}), (many.supervisor, {"channel": "online"})):
        client.force_login(user)
        expected = _expected(user, tab, extra)
        shown, page = [], 1
        while True:
            query = "&".join(f"{k}={v}" for k, v in {"tab": tab, **extra, "page": page}.items())
            got = _listed(client, query)
            shown += got
            if len(got) < 50 or len(shown) >= len(expected):
                break
            page += 1
        assert shown == expected, (user.username, tab, extra)
    assert len(_expected(many.supervisor, "all", {})) > 100  # (three pages for the supervisor)


# ---------------------------------------------------------------- the case page
def test_the_case_page_reads_attachments_and_deadline_changes_only_when_there_are_some(world, client):
    from django.core.files.base import ContentFile

    from gongkai.web.cases.models import Attachment, DeadlineChange
    case = world.case_a
    client.force_login(world.clerk_a)
    url = reverse("cases:detail", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(url).content.decode()
    tables = " ".join(q["sql"] for q in ctx.captured_queries if not q["sql"].startswith("SELECT \"cases_case\""))
    assert "FROM \"cases_attachment\"" not in tables and "FROM \"cases_deadlinechange\"" not in tables
    assert "期限调整" not in body
    a = Attachment(case=case, name="申请书扫描件.pdf", size=4, content_type="application/pdf", uploaded_by="clerk_a")
    a.file.save("scan.pdf", ContentFile(b"%PDF"), save=True)
    DeadlineChange.objects.create(case=case, on=dt.date(2025, 3, 10), kind="答复期限", old_due=dt.date(2025, 3, 31),
                                  new_due=dt.date(2025, 4, 1), reason="加载节假日安排", actor="系统")
    body = client.get(url).content.decode()
    assert "申请书扫描件.pdf" in body and "期限调整" in body and "2025-03-31" in body and "2025-04-01" in body


# ---------------------------------------------------------------- the request memo
def test_a_page_reads_the_record_versions_and_the_agency_tree_once(many, client):
    client.force_login(many.supervisor)
    for url in (reverse("cases:worklist") + "?tab=all", reverse("reports:overview", args=[2024])):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        sqls = [q["sql"] for q in ctx.captured_queries]
        assert sum("gongkai_record_version" in s for s in sqls) == 1, (url, sqls)
        # the tree (ids and parents) for the scope; not again for the sole-top question or the navigation
        tree = [s for s in sqls if s.startswith('SELECT "agencies_agency"."id" AS "id"')]
        assert len(tree) == 1 and "parent_id" in tree[0], (url, tree)
    client.force_login(many.clerk_a)
    for url in (reverse("cases:worklist"), reverse("reports:workspace", args=[many.a.pk, 2024])):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        assert sum("gongkai_record_version" in q["sql"] for q in ctx.captured_queries) == 1, url


def test_a_write_inside_a_get_empties_the_memo(world):
    """A safe request that writes (none should, but nothing forbids it) reads the versions again after the
    write: what was kept before it is never used after it."""
    from gongkai.web.cases.models import DisclosureRequest
    from gongkai.web.reports.services import record_versions
    from gongkai.web.requestmemo import RequestMemoMiddleware, memo

    seen = {}

    def view(request):
        assert memo() is not None
        seen["before"] = record_versions([world.a.pk])
        seen["again"] = record_versions([world.a.pk])
        DisclosureRequest.objects.filter(pk=world.case_a.pk).update(handler="王五")
        seen["after"] = record_versions([world.a.pk])
        return "ok"

    with CaptureQueriesContext(connection) as ctx:
        assert RequestMemoMiddleware(view)(RequestFactory().get("/")) == "ok"
    assert seen["before"] == seen["again"]
    assert sum("gongkai_record_version" in q["sql"] for q in ctx.captured_queries) == 2  # before, after
    if connection.vendor in ("sqlite", "postgresql"):  # (the triggers)
        assert seen["after"][world.a.pk] != seen["before"][world.a.pk]
    assert memo() is None  # (the request is over)
    posted = {}
    RequestMemoMiddleware(lambda r: posted.setdefault("memo", memo()))(RequestFactory().post("/"))
    assert posted["memo"] is None  # no memo for a POST


def test_sole_top_comes_from_the_tree_the_request_read(world, client):
    """The supervisor of one of two top-level agencies (this world has two counties) is not the sole top, and
    the answer that came from the tree read for the scope is the one the query gives."""
    from gongkai.web.accounts.models import User
    from gongkai.web.agencies.models import Agency
    from gongkai.web.requestmemo import RequestMemoMiddleware
    from gongkai.web.supervision.services import sole_top

    def answer(user):
        return RequestMemoMiddleware(lambda r: (user.scope_agency_ids(), sole_top(user))[1])(RequestFactory().get("/"))

    sup = User.objects.get(pk=world.supervisor.pk)
    assert answer(sup) is False and sole_top(User.objects.get(pk=sup.pk)) is False
    Agency.objects.filter(pk=world.other_county.pk).update(parent=world.county)
    sup = User.objects.get(pk=world.supervisor.pk)
    assert answer(sup) is True and sole_top(User.objects.get(pk=sup.pk)) is True


# ---------------------------------------------------------------- PostgreSQL: the health check
@pytest.mark.django_db(transaction=True)
def test_a_quiet_connection_is_used_without_select_1_and_a_closed_one_is_replaced():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (SQLite's connections need no health check)")
    import psycopg
    from django.db import close_old_connections, connections

    from gongkai.web.postgresql.base import DatabaseWrapper
    conn = connections.create_connection("default")  # (its own, with the settings' health checks)
    assert isinstance(conn, DatabaseWrapper) and conn.settings_dict["CONN_HEALTH_CHECKS"]
    checks = []
    usable = conn.is_usable
    conn.is_usable = lambda: (checks.append(1), usable())[1]

    def request() -> int:
        conn.close_if_unusable_or_obsolete()  # (what request_started does)
        with conn.cursor() as c:
            c.execute("SELECT pg_backend_pid()")
            return c.fetchone()[0]
    try:
        first = request()
        assert request() == first and checks == []  # quiet: no SELECT 1
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        with psycopg.connect(**{**params, "autocommit": True}) as other:
            other.execute("SELECT pg_terminate_backend(%s)", (first,))
        deadline = time.monotonic() + 10
        from gongkai.web.postgresql.base import quiet
        while quiet(conn.connection) and time.monotonic() < deadline:
            time.sleep(0.05)
        second = request()  # the server closed it: Django's own check finds it, a new one is opened
        assert second != first and checks == [1]
    finally:
        conn.close()
        close_old_connections()


# ---------------------------------------------------------------- the session and its user in one query
def test_the_session_and_its_user_are_read_in_one_query_and_always_current(world, client):
    from gongkai.web import sessions
    from gongkai.web.accounts.models import User
    client.force_login(world.clerk_a)
    url = reverse("cases:worklist")
    assert client.get(url).status_code == 200  # (this process learns whom the session names)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert sum("django_session" in s for s in sqls) == 1
    assert "accounts_user" in next(s for s in sqls if "django_session" in s)
    assert not [s for s in sqls if "accounts_user" in s and "django_session" not in s]
    # the row is read with the session each time: a change shows on the next page
    User.objects.filter(pk=world.clerk_a.pk).update(full_name="改过的名字")
    assert "改过的名字" in client.get(url).content.decode()
    User.objects.filter(pk=world.clerk_a.pk).update(is_active=False)
    assert client.get(url).status_code == 302  # (a deactivated user is signed out)
    # a wrong guess (another user's id kept for the key) is never used: the session's own user is read
    User.objects.filter(pk=world.clerk_a.pk).update(is_active=True)
    client.force_login(world.clerk_b)
    key = client.cookies["sessionid"].value
    sessions._USER_OF[key] = str(world.clerk_a.pk)
    body = client.get(url).content.decode()
    assert reverse("cases:detail", args=[world.case_b.pk]) in body
    assert reverse("cases:detail", args=[world.case_a.pk]) not in body
    assert sessions._USER_OF[key] == str(world.clerk_b.pk)


def test_a_user_row_read_with_the_session_is_used_once_and_only_in_its_request(world):
    from gongkai.web.accounts import backends
    from gongkai.web.accounts.models import User
    other = User.objects.get(pk=world.clerk_b.pk)
    row_of_b = backends.user_with_agency(other.pk)
    assert row_of_b.username == "clerk_b"
    # a row kept for user B is not used for user A, nor twice, nor after the request ended
    with CaptureQueriesContext(connection) as ctx:
        backends.keep_fetched(other.pk, "default", None)
        assert backends.user_with_agency(world.clerk_a.pk).username == "clerk_a"
    assert len(ctx.captured_queries) == 1
    from django.core.signals import request_finished, request_started
    for signal, uid in ((request_started, "gongkai_forget_fetched_user_start"),
                        (request_finished, "gongkai_forget_fetched_user_finish")):
        assert any(r[0][0] == uid for r in signal.receivers)  # (forget_fetched at every request's start and end)
    with CaptureQueriesContext(connection) as ctx:
        raw = _raw_user_row(other.pk)
        backends.keep_fetched(other.pk, "default", raw)
        assert backends.user_with_agency(other.pk).username == "clerk_b"  # (from the kept row)
        assert backends.user_with_agency(other.pk).username == "clerk_b"  # (read again)
        backends.keep_fetched(other.pk, "default", raw)
        backends.forget_fetched()  # (the end of the request)
        assert backends.user_with_agency(other.pk).username == "clerk_b"  # (read again)
    assert len(ctx.captured_queries) == 3  # the raw row, then the two reads


def _raw_user_row(pk):
    from gongkai.web.accounts.backends import _prepared
    with connection.cursor() as c:
        c.execute(_prepared(connection)[0], [pk])
        return c.fetchone()
