"""Django's own messages (password validators, form errors) reach users in Chinese."""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client

SHORT = {"password": "abc", "password2": "abc"}


def _errors(body: str) -> list[str]:
    return re.findall(r"<li>(.*?)</li>", "".join(re.findall(r'class="errorlist[^>]*>.*?</ul>', body)))


def test_django_runs_in_simplified_chinese():
    assert settings.LANGUAGE_CODE == "zh-hans" and settings.USE_I18N


def test_setup_page_password_too_short_message_is_chinese(db):
    r = Client().post("/accounts/setup/", {"agency_name": "测试县人民政府", "agency_kind": "county",
                                           "username": "admin", "full_name": "管理员", **SHORT})
    errors = _errors(r.content.decode())
    assert "密码长度太短。密码必须包含至少 10 个字符。" in errors  # Django's zh_Hans catalogue
    assert not [e for e in errors if re.search(r"[A-Za-z]{4,}", e)]
    assert "too short" not in r.content.decode()


def test_new_user_form_password_messages_are_chinese(world):
    c = Client()
    c.force_login(world.sysadmin)
    r = c.post("/accounts/admin/", {"what": "user", "u-username": "new_clerk", "u-full_name": "新经办人",
                                    "u-role": "clerk", "u-agency": world.a.pk, "u-password": "12345"})
    errors = _errors(r.content.decode())
    assert any("至少 10 个字符" in e for e in errors)
    assert not [e for e in errors if re.search(r"[A-Za-z]{4,}", e)]


def test_login_page_and_wrong_password_are_chinese(world):
    c = Client()
    r = c.post("/accounts/login/", {"username": "clerk_a", "password": "wrong-password"})
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script).*?</\1>", " ", r.content.decode(), flags=re.S))
    assert not re.findall(r"[A-Za-z][A-Za-z ,.'’]{10,}", text)
