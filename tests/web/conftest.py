"""Web tests: Django configured here (pytest-django), SQLite in a temporary data folder.

The same tests run on PostgreSQL through test_postgresql.py (a second run with DATABASE_URL).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
os.environ.setdefault("GONGKAI_DATA_DIR", tempfile.mkdtemp(prefix="gongkai-web-test-"))
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

import django  # noqa: E402
import pytest  # noqa: E402

django.setup()  # this conftest is not the initial one, so pytest-django found no settings at start-up

TODAY = dt.date(2025, 3, 20)
PASSWORD = "Test-Passw0rd!"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database without the audit log's DELETE triggers (migration 0003): pytest-django empties
    the database after each transactional test, which they would refuse.  Tests of the triggers put them
    back inside their own transaction (tests/web/test_backup.py)."""
    from django.db import connection
    from gongkai.web.auditlog import triggers
    with django_db_blocker.unblock():
        triggers.drop(connection)
    yield


@pytest.fixture(scope="session", autouse=True)
def _no_stray_postgresql_connections(django_db_setup, django_db_blocker):
    """At the end, close connections other threads left open on the PostgreSQL test database (the live
    server's request threads keep theirs: conn_max_age), so Django can drop it instead of leaving
    test_gongkai_web_<pid> behind on the shared server."""
    yield
    from django.db import connection
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as c:
        c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                  "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.fixture(autouse=True)
def _web_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.GONGKAI_TODAY = TODAY
    settings.MEDIA_ROOT = tmp_path / "media"
    from gongkai.web.security import FirstRunMiddleware
    FirstRunMiddleware._done = False
    from gongkai.web.todo import services as todo
    todo.forget_kept_counts()  # each test's database starts its ids again (a server's never reuses them)
    from gongkai.web.cases import services as cases
    cases.forget_kept_totals()


class World:
    """Two sibling agencies A and B under a county, users of every role, one case in each."""


def make_world():
    from gongkai.web.accounts.models import User
    from gongkai.web.agencies.models import Agency
    from gongkai.web.cases import services
    from gongkai.web.reviews.models import ReviewOrLawsuit

    w = World()
    w.county = Agency.objects.create(name="测试县人民政府", kind="county")
    w.a = Agency.objects.create(name="甲镇人民政府", kind="township", parent=w.county)
    w.b = Agency.objects.create(name="乙局", kind="department", parent=w.county)
    w.other_county = Agency.objects.create(name="别县人民政府", kind="county")

    def user(name, role, agency):
        u = User(username=name, full_name=name, role=role, agency=agency)
        u.set_password(PASSWORD)
        u.save()
        return u

    w.clerk_a = user("clerk_a", "clerk", w.a)
    w.reviewer_a = user("reviewer_a", "reviewer", w.a)
    w.signer_a = user("signer_a", "signatory", w.a)
    w.clerk_b = user("clerk_b", "clerk", w.b)
    w.supervisor = user("county_sup", "supervisor", w.county)
    w.other_sup = user("other_sup", "supervisor", w.other_county)
    w.sysadmin = user("sysadmin", "sysadmin", w.county)
    w.secadmin = user("secadmin", "secadmin", w.county)
    w.auditor = user("auditor", "auditor", w.county)
    w.case_a = services.register(w.clerk_a, requester_name="张某", applicant_type="natural_person",
                                 id_document="居民身份证 110101199001011234", contact="13812345678",
                                 address="甲镇1号", description="2024年征地补偿方案", channel="in_person",
                                 received_on=dt.date(2025, 3, 3), form="纸质")
    w.case_b = services.register(w.clerk_b, requester_name="李某", applicant_type="natural_person",
                                 id_document="居民身份证 110101199202021111", contact="13900001111",
                                 description="乙局预算", channel="online", received_on=dt.date(2025, 3, 4), form="电子邮件")
    w.lit_b = ReviewOrLawsuit.objects.create(agency=w.b, case=w.case_b, number="乙复〔2025〕1号", kind="review",
                                             filed_on=dt.date(2025, 3, 10))
    return w


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        return client
    return do


# ---------------------------------------------------------------- browser (Playwright + Debian chromium)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser():
    """A headless Debian chromium driven by Playwright; skips with the reason when either is missing."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} 不存在（apt-get install -y chromium）")
    sync_api = pytest.importorskip("playwright.sync_api", reason="python 包 playwright 未安装")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
