"""Rate-limit counters shared by every worker process and kept across restarts.

The counters live in the database (SQLite or PostgreSQL — whichever the platform uses, so a
township's first ``gongkai serve`` needs nothing more), not in Django's per-process cache: under
``gunicorn -w 4`` a per-process counter would let a client make four times the limit, and a
restart would forget it.  Each counter is a fixed window: the first hit opens a window of
``window_seconds``; hits inside it are counted with an atomic ``UPDATE … SET count = count + 1``
(no lost increments between processes); after it ends the counter starts again from one.

Functions (keys are at most 200 characters, e.g. ``"pub-apply:203.0.113.5"``):

- :func:`hit` counts one use and returns the count in the current window (int, ≥ 1);
- :func:`count` returns the current count without counting (0 when none or expired);
- :func:`limited` is ``count(key) >= limit``;
- :func:`expires_at` is when the current window ends (None when there is none);
- :func:`clear` forgets a key.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import Counter


def _now(now):
    return now if now is not None else timezone.now()


def hit(key: str, window_seconds: int, *, now: dt.datetime | None = None) -> int:
    """Count one use of ``key``; returns the number of uses in the current window (this one included)."""
    now = _now(now)
    live = Counter.objects.filter(key=key, expires_at__gt=now)
    if live.update(count=F("count") + 1):
        return live.values_list("count", flat=True).first() or 1
    expires = now + dt.timedelta(seconds=window_seconds)
    try:
        with transaction.atomic():
            # an expired row (or none): start a new window; an expired row is reused, others are swept
            if not Counter.objects.filter(key=key, expires_at__lte=now).update(count=1, expires_at=expires):
                Counter.objects.create(key=key, count=1, expires_at=expires)
    except IntegrityError:  # another process opened the window first: count into it
        if live.update(count=F("count") + 1):
            return live.values_list("count", flat=True).first() or 1
        return 1
    Counter.objects.filter(expires_at__lte=now).exclude(key=key).delete()
    return 1


def count(key: str, *, now: dt.datetime | None = None) -> int:
    """Uses of ``key`` in its current window (0 when none or the window has ended)."""
    return Counter.objects.filter(key=key, expires_at__gt=_now(now)).values_list("count", flat=True).first() or 0


def limited(key: str, limit: int, *, now: dt.datetime | None = None) -> bool:
    """Whether ``key`` has already been used ``limit`` times in its current window."""
    return count(key, now=now) >= limit


def expires_at(key: str, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """End of ``key``'s current window (aware datetime), or None when it has none."""
    return Counter.objects.filter(key=key, expires_at__gt=_now(now)).values_list("expires_at", flat=True).first()


def clear(key: str) -> None:
    """Forget ``key`` (e.g. after a successful login)."""
    Counter.objects.filter(key=key).delete()
