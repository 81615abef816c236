"""Count failed logins, lock, and record logins in the audit log."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone

from ..auditlog.services import record
from ..ratelimit import counters as ratelimit
from .backends import count_ip_failure, count_name_failure, lock_limits, pair_key
from .models import User


@receiver(user_login_failed)
def on_failed(sender, credentials, request=None, **kwargs):
    count_ip_failure(request)
    username = credentials.get("username", "")
    # per address + name and per name: counted alike whether or not the user exists (no enumeration)
    overall = count_name_failure(request, username)
    user = User.objects.filter(username=username).first()
    if user is None:
        record(None, "login_failed", None, new={"username": username}, request=request)
        return
    if user.locked_until and user.locked_until > timezone.now():
        record(None, "login_refused_locked", user, request=request)
        return
    # counted in the database with one UPDATE, so failures arriving together in several worker
    # processes are all counted (a read-modify-write would lose some and allow extra guesses)
    row = User.objects.filter(pk=user.pk)
    row.update(failed_logins=F("failed_logins") + 1)
    user.failed_logins = row.values_list("failed_logins", flat=True).first() or 0
    new = {"failed_logins": user.failed_logins}
    _, per_name, minutes = lock_limits()
    if overall >= per_name:  # from any addresses: the account itself is locked (the 安全管理员 sees it)
        user.locked_until = timezone.now() + dt.timedelta(minutes=minutes)
        row.update(failed_logins=0, locked_until=user.locked_until)
        new = {"locked_until": user.locked_until.isoformat()}
    record(None, "login_failed", user, new=new, request=request)


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    ratelimit.clear(pair_key(request, user.username))  # this person at this address knew the password
    if user.failed_logins or user.locked_until:
        user.failed_logins = 0
        user.locked_until = None
        user.save(update_fields=["failed_logins", "locked_until"])
    record(user, "login", user, request=request)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(user, "logout", user, request=request)
