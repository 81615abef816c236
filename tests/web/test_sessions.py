"""The session engine (issue 16: gongkai.web.sessions) reads a session as Django's database engine does: the same
data for a live session; nothing, and a forgotten key, for an expired, unknown or malformed one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.backends import db as django_db
from django.contrib.sessions.models import Session
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _both(key):
    from gongkai.web.sessions import SessionStore
    ours, theirs = SessionStore(key), django_db.SessionStore(key)
    return (ours.load(), ours.session_key), (theirs.load(), theirs.session_key)


def test_sessions_read_as_djangos_database_engine_reads_them(settings):
    assert settings.SESSION_ENGINE == "gongkai.web.sessions"
    live = django_db.SessionStore()
    live["_auth_user_id"], live["x"] = "7", [1, "二"]
    live.create()
    old = django_db.SessionStore()
    old["y"] = 1
    old.create()
    Session.objects.filter(session_key=old.session_key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    for key in (live.session_key, old.session_key, "a" * 32, "short", None, "bad key!" * 5):
        ours, theirs = _both(key)
        assert ours == theirs, key
    assert _both(live.session_key)[0][0]["x"] == [1, "二"]


def test_a_signed_in_user_stays_signed_in(world, client):
    from django.urls import reverse
    client.force_login(world.clerk_a)
    page = client.get(reverse("cases:worklist"))
    assert page.status_code == 200 and world.clerk_a.display_name in page.content.decode()
