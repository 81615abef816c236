"""Security plumbing: headers, first-run redirect, navigation, masking of personal data.

Masking (个人信息保护法 第五十一条 “采取相应的加密、去标识化等安全技术措施”): identity document
numbers and phone numbers are shown masked in lists and exports unless the user holds the
``view_personal_data`` grant (given by the 安全管理员); the case page shows them in full only to
the agency's own case-handling roles.
"""

from __future__ import annotations

import re
import time

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse

from .accounts.models import User

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


class SecurityHeadersMiddleware:
    """Content-Security-Policy, Permissions-Policy, and no caching of pages behind the login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


#: the session's idle timeout (SESSION_COOKIE_AGE) is renewed when a request comes this many seconds or more
#: after the last renewal, not on every request
SESSION_RENEW_SECONDS = 60
RENEWED_KEY = "_renewed"


class IdleSessionMiddleware(SessionMiddleware):
    """Django's session middleware with the idle timeout (等保: SESSION_COOKIE_AGE, 30 minutes) renewed at most
    once a minute: a signed-in user's requests within a minute of the last renewal read the session and
    write nothing (SESSION_SAVE_EVERY_REQUEST renewed it with a database write and commit on every request, a
    good part of a small page's cost and, on SQLite, a write lock per page).  The session thus ends between
    29 and 30 idle minutes after the last request — never later than 30.  A session changed by the request
    is saved as always."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.is_empty():
            now = int(time.time())
            if session.modified or now - session.get(RENEWED_KEY, 0) >= SESSION_RENEW_SECONDS:
                session[RENEWED_KEY] = now  # marks it modified: saved with a new expiry below
        return super().process_response(request, response)


class FirstRunMiddleware:
    """Until the first administrator exists, every page leads to the first-run page."""

    _done = False

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not FirstRunMiddleware._done:
            if User.objects.exists():
                FirstRunMiddleware._done = True
            elif not request.path.startswith(reverse("accounts:setup")):
                return redirect("accounts:setup")
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """An account whose password an administrator set (a new account) goes to 更改密码 until its user has
    chosen their own; logging out and static files stay open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = (reverse("accounts:password"), reverse("accounts:logout"), "/static/")
            if not request.path.startswith(allowed):
                from django.contrib import messages
                messages.info(request, "首次登录：请先把管理员设置的初始密码改为您自己的密码。")
                return redirect("accounts:password")
        return self.get_response(request)


def nav(request):
    """Template context: the navigation entries the user's role may see (computed only when a template shows
    them: the counts cost queries, and fragments such as the htmx audit panel have no navigation)."""
    from django.utils.functional import SimpleLazyObject
    return {"gongkai_nav": SimpleLazyObject(lambda: _nav_items(request))}


def _nav_items(request) -> list:
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        counters = getattr(settings, "GONGKAI_NAV_COUNTS", {})
        for label, url_name, roles in settings.GONGKAI_NAV:
            if not roles or user.role in roles:
                if url_name in counters:
                    from django.utils.module_loading import import_string
                    n = import_string(counters[url_name])(user)
                    label = f"{label}（{n}）" if n else label
                items.append((label, reverse(url_name)))
    return items


def csrf_failure(request, reason=""):
    return render(request, "error.html", {"title": "请求被拒绝",
                                          "message": "页面已过期或来源不明（CSRF 校验失败）。请返回上一页，刷新后重试。"},
                  status=403)


_ID_RE = re.compile(r"[0-9Xx*]{15,18}")
_PHONE_RE = re.compile(r"1\d{10}")


def mask_id(text: str) -> str:
    """Mask an identity document number: keep the first 3 and last 2 characters of each long number.

    “居民身份证 110101199001011234” → “居民身份证 110*************34”.
    """
    if not text:
        return ""
    return _ID_RE.sub(lambda m: m.group(0)[:3] + "*" * (len(m.group(0)) - 5) + m.group(0)[-2:], text) \
        if _ID_RE.search(text) else (text[:2] + "*" * max(0, len(text) - 4) + text[-2:] if len(text) > 4 else "****")


def mask_phone(text: str) -> str:
    """Mask a phone number: “13812345678” → “138****5678”; other contacts keep 3 + 2 characters."""
    if not text:
        return ""
    if _PHONE_RE.search(text):
        return _PHONE_RE.sub(lambda m: m.group(0)[:3] + "****" + m.group(0)[-4:], text)
    return text[:3] + "*" * max(0, len(text) - 5) + text[-2:] if len(text) > 5 else "****"
