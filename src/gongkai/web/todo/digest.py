"""The daily 待办 e-mail: one message per user who has an address and something waiting.

Mail settings live in one place, ``settings.py`` (``GONGKAI_SMTP_*``, read from the environment); run
``gongkai todo --mail`` once a day (cron, Windows 任务计划).  Offices without mail use ``gongkai todo --user``
or the 待办 page."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import get_connection, send_mail

from ..accounts.models import User
from ..clock import today
from .services import as_text, todo_for


class MailUnavailable(Exception):
    """The mail server could not be reached or refused the messages; ``sent`` went out before it failed."""

    def __init__(self, reason: str, sent: int):
        host, port = settings.EMAIL_HOST, settings.EMAIL_PORT
        super().__init__(f"无法通过邮件服务器 {host}:{port} 发送待办提醒（{reason}）。请检查邮件服务器设置 "
                         f"GONGKAI_SMTP_HOST、GONGKAI_SMTP_PORT（及用户名、密码、加密方式，见 docs/web.md）"
                         + (f"；此前已发送 {sent} 封。" if sent else "。"))
        self.sent = sent


def send_digests(base_url: str = "") -> tuple[int, int]:
    """Send the digests; returns (sent, users with something waiting but no e-mail address).  Raises
    :class:`MailUnavailable` (a Chinese message naming the SMTP settings) when the server cannot be used."""
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
        try:
            send_mail(f"【政府信息公开工作平台】{day:%Y-%m-%d} 待办 {total} 项", as_text(user, groups, base_url),
                      settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection)
        except (OSError, smtplib.SMTPException) as e:  # refused, unknown host, timeout, bad login …
            raise MailUnavailable(_reason(e), sent) from e
        sent += 1
    return sent, skipped


def _reason(e: Exception) -> str:
    if isinstance(e, ConnectionRefusedError):
        return "连接被拒绝，服务器未运行或端口不对"
    if isinstance(e, TimeoutError):
        return "连接超时"
    if isinstance(e, smtplib.SMTPAuthenticationError):
        return "用户名或密码不被接受"
    if isinstance(e, smtplib.SMTPException):
        return f"服务器拒绝：{e}"
    return e.strerror or str(e) or type(e).__name__
