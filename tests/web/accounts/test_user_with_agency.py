"""The signed-in user of every request is read by SQL written once per process (issue 16:
``accounts.backends.user_with_agency``); it must give what ``select_related("agency")`` gives — every field with
its type (aware datetimes, booleans, JSON), the agency cached, or None — on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _fields(obj):
    return {f.attname: (type(getattr(obj, f.attname)), getattr(obj, f.attname)) for f in obj._meta.concrete_fields}


def _same(user_id):
    from gongkai.web.accounts.backends import user_with_agency
    from gongkai.web.accounts.models import User
    orm = User._default_manager.select_related("agency").filter(pk=user_id).first()
    with CaptureQueriesContext(connection) as ctx:
        ours = user_with_agency(user_id)
        agency = ours.agency if ours is not None else None
    assert len(ctx.captured_queries) == 1  # the agency came with the user
    if orm is None:
        assert ours is None
        return
    assert _fields(ours) == _fields(orm)
    assert ours._state.db == orm._state.db and not ours._state.adding
    if orm.agency is None:
        assert agency is None
    else:
        assert _fields(agency) == _fields(orm.agency)


def test_every_field_as_the_orm_reads_it(world):
    from gongkai.web.accounts.models import User
    u = world.clerk_a
    u.last_login = timezone.now() - dt.timedelta(hours=3)
    u.locked_until = timezone.now() + dt.timedelta(minutes=5)
    u.is_active = False
    u.save()
    nobody = User.objects.create(username="no_agency", role="sysadmin", agency=None)
    for user in User.objects.all():
        _same(user.pk)
    _same(nobody.pk)
    _same(10 ** 9)  # no such user
    assert isinstance(User._default_manager.get(pk=u.pk).last_login, dt.datetime)


def test_an_inactive_or_missing_user_is_nobody(world, client):
    from gongkai.web.accounts.backends import LockoutBackend
    from gongkai.web.accounts.models import User
    backend = LockoutBackend()
    assert backend.get_user(world.clerk_a.pk).agency == world.a
    User.objects.filter(pk=world.clerk_a.pk).update(is_active=False)
    assert backend.get_user(world.clerk_a.pk) is None
    assert backend.get_user(10 ** 9) is None
