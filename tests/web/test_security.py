"""Login lockout, password policy, session timeout, CSRF, headers, the append-only audit log."""

from __future__ import annotations

import pytest
from django.conf import settings as dj_settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.web.auditlog.models import AppendOnlyError, AuditEntry

from .conftest import PASSWORD


def test_five_failed_logins_lock_the_account_even_for_the_right_password(world, client):
    """Five failures of one name from one address pause that name there (issue #13: per address and
    user name); the 安全管理员's unlock lifts it."""
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": "clerk_a", "password": "wrong"})
    r = client.post(url, {"username": "clerk_a", "password": PASSWORD})
    assert "已被锁定" in r.content.decode() and "_auth_user_id" not in client.session
    sec = Client()
    sec.force_login(world.secadmin)
    sec.post(reverse("accounts:security_action", args=[world.clerk_a.pk, "unlock"]))
    r = client.post(url, {"username": "clerk_a", "password": PASSWORD})
    assert r.status_code == 302
    assert AuditEntry.objects.filter(action="user_unlock").exists()


@pytest.mark.parametrize("pw", ["short1A!", "alllowercaseletters", "1234567890123", "password123"])
def test_weak_passwords_are_refused(pw):
    with pytest.raises(ValidationError):
        validate_password(pw)


def test_a_strong_password_passes():
    validate_password("Gongkai-2025-xyz")


def test_session_expires_after_thirty_idle_minutes():
    assert dj_settings.SESSION_COOKIE_AGE == 1800 and dj_settings.SESSION_COOKIE_HTTPONLY
    assert "gongkai.web.security.IdleSessionMiddleware" in dj_settings.MIDDLEWARE
    assert "django.contrib.sessions.middleware.SessionMiddleware" not in dj_settings.MIDDLEWARE


def test_the_idle_timeout_is_renewed_at_most_once_a_minute_and_never_runs_past_thirty_minutes(world, client,
                                                                                               monkeypatch):
    """Issue 16: a request within a minute of the last renewal writes no session; one a minute or more later
    moves the end to 30 minutes after it; a session idle past its end is over."""
    import datetime as dt
    import time as real_time

    from django.contrib.sessions.models import Session

    from gongkai.web import security

    clock = {"now": real_time.time()}
    monkeypatch.setattr(security.time, "time", lambda: clock["now"])
    client.force_login(world.clerk_a)

    def expiry():
        return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date

    assert client.get("/cases/").status_code == 200
    first = expiry()
    start = clock["now"]
    for offset in (1, 30, 59):  # within the minute: read, not written
        clock["now"] = start + offset
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/cases/").status_code == 200
        assert not [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")], offset
        assert expiry() == first
    clock["now"] = start + 61
    real_time.sleep(0.01)  # the database's expiry is set from the real clock (Django's timezone.now())
    assert client.get("/cases/").status_code == 200
    renewed = expiry()
    assert renewed > first
    assert renewed - dt.datetime.now(dt.timezone.utc) <= dt.timedelta(seconds=dj_settings.SESSION_COOKIE_AGE)
    # past its end, the session is over: the worklist sends to the login page
    Session.objects.filter(session_key=client.cookies["sessionid"].value).update(
        expire_date=dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1))
    assert client.get("/cases/").status_code == 302


def test_post_without_csrf_token_is_refused(world):
    c = Client(enforce_csrf_checks=True)
    c.force_login(world.clerk_a)
    r = c.post(reverse("cases:new"), {"requester_name": "王某"})
    assert r.status_code == 403 and "CSRF" in r.content.decode()


def test_security_headers(world, client):
    client.force_login(world.clerk_a)
    r = client.get(reverse("cases:worklist"))
    assert r["X-Frame-Options"] == "DENY" and r["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in r["Content-Security-Policy"] and r["Cache-Control"] == "no-store"
    assert r["Referrer-Policy"] == "same-origin"


def test_audit_log_is_append_only_in_the_model_and_in_the_database(world):
    e = AuditEntry.objects.first()
    e.action = "tampered"
    with pytest.raises(AppendOnlyError):
        e.save()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(Exception, match="append-only"):
        with connection.cursor() as c:
            c.execute("UPDATE auditlog_auditentry SET action = 'x' WHERE id = %s", [e.id])


def test_changes_are_logged_old_to_new_and_the_auditor_exports_them(world, client):
    from gongkai.web.cases import services
    services.edit(world.clerk_a, world.case_a, 1, {"address": "新地址"})
    entry = AuditEntry.objects.filter(action="case_edit").get()
    assert entry.actor == "clerk_a" and entry.old == {"address": "甲镇1号"} and entry.new == {"address": "新地址"}
    reg = AuditEntry.objects.filter(action="case_register", target_id=str(world.case_a.pk)).get()
    assert reg.new["contact"] == "138****5678"  # personal data masked in the log too
    client.force_login(world.auditor)
    body = client.get(reverse("auditlog:export")).content.decode()
    # the change is there; the 审计管理员 sees the applicant's address shortened (三员分立, issue #13)
    assert "修改申请信息" in body and "新**" in body and "新地址" not in body


def test_first_run_page_creates_the_agency_and_administrator(db, client):
    assert client.get("/").url == reverse("accounts:setup")
    r = client.post(reverse("accounts:setup"), {"agency_name": "新县人民政府", "agency_kind": "county",
                                                "review_body": "某市人民政府", "username": "root", "password": "Gongkai-2025-xyz",
                                                "password2": "Gongkai-2025-xyz"})
    assert r.status_code == 302
    from gongkai.web.accounts.models import User
    assert User.objects.get(username="root").role == "sysadmin"
    assert client.get("/").status_code == 200  # the public root page, no login


def test_failed_logins_arriving_together_in_two_workers_are_all_counted(world):
    """Two gunicorn workers each count a failure for the same account at the same moment: both count
    (an atomic ``failed_logins + 1``), or parallel guessing would get more than 5 tries before the lock."""
    from gongkai.web.accounts.signals import on_failed
    other_worker_done = []

    def interleave(execute, sql, params, many, context):
        if not other_worker_done and sql.lstrip().upper().startswith("UPDATE") and "accounts_user" in sql:
            other_worker_done.append(True)  # the other worker's failure is written just before ours
            on_failed(sender=None, credentials={"username": "clerk_a"})
        return execute(sql, params, many, context)

    with connection.execute_wrapper(interleave):
        on_failed(sender=None, credentials={"username": "clerk_a"})
    world.clerk_a.refresh_from_db()
    assert world.clerk_a.failed_logins == 2


def test_an_oversized_form_gets_a_chinese_page_not_a_bare_400(world, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client.force_login(world.clerk_a)
    r = client.post(reverse("reports:sections", args=[world.a.pk, 2025]), {"version": 1, "section_一": "字" * 2000})
    assert r.status_code == 400 and "提交的内容过大" in r.content.decode()
