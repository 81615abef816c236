"""The daily 待办 e-mail: one message per user who has an address and something waiting.

Mail settings live in one place, ``settings.py`` (``GONGKAI_SMTP_*``, read from the environment); run
``gongkai todo --mail`` once a day (cron, Windows 任务计划).  Offices without mail use ``gongkai todo --user``
or the 待办 page."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import get_connection, send_mail

from ..accounts.models import User
from ..clock import today
from .services import as_text, todo_for


def send_digests(base_url: str = "") -> tuple[int, int]:
    """Send the digests; returns (sent, users with something waiting but no e-mail address)."""
    day = today()
    sent = skipped = 0
    connection = get_connection()
    for user in User.objects.filter(is_active=True).select_related("agency").order_by("id"):
        groups = todo_for(user, day)
        if not groups:
            continue
        if not user.email:
            skipped += 1
            continue
        total = sum(g.count for g in groups)
        send_mail(f"【政府信息公开工作平台】{day:%Y-%m-%d} 待办 {total} 项", as_text(user, groups, base_url),
                  settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection)
        sent += 1
    return sent, skipped
