"""Rate limits and the audit log use the client's address: X-Forwarded-For only from trusted proxies."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory

from gongkai.web.clientip import client_ip, trusted_networks

FORM = {"requester_name": "钱某", "applicant_type": "natural_person", "id_document": "居民身份证 110101199303031234",
        "contact": "13611112222", "address": "qian@example.cn", "description": "甲镇2024年高标准农田建设项目验收报告",
        "access": "电子邮件", "form_note": "", "website": ""}


def _req(remote, xff=None):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_forwarded_for_is_ignored(settings):
    settings.GONGKAI_TRUSTED_PROXIES = []
    assert client_ip(_req("127.0.0.1", "203.0.113.5")) == "127.0.0.1"


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(settings):
    settings.GONGKAI_TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(_req("127.0.0.1", "203.0.113.5")) == "203.0.113.5"
    assert client_ip(_req("198.51.100.9", "203.0.113.5")) == "198.51.100.9"  # a client writing the header itself


def test_forwarded_for_is_read_from_the_right_skipping_trusted_hops(settings):
    settings.GONGKAI_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    # the client prepended a forged address; nginx appended the real one, an inner proxy 10.0.0.2
    assert client_ip(_req("127.0.0.1", "1.2.3.4, 203.0.113.5, 10.0.0.2")) == "203.0.113.5"
    assert client_ip(_req("127.0.0.1", "not-an-ip, 10.0.0.2")) == "10.0.0.2"
    assert client_ip(_req("127.0.0.1", "")) == "127.0.0.1"
    assert client_ip(_req("::1", "203.0.113.5")) == "::1"  # ::1 not listed


def test_bad_trusted_proxy_entry_is_a_chinese_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="不是 IP 地址或网段"):
        trusted_networks(("127.0.0.1", "nginx"))


def test_behind_a_trusted_proxy_one_abuser_does_not_block_other_citizens(world, settings):
    settings.GONGKAI_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.GONGKAI_PUBLIC_APPLY_PER_HOUR = 2
    url = f"/gongkai/{world.a.pk}/apply/"
    abuser = Client(HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert [abuser.post(url, FORM).status_code for _ in range(3)] == [302, 302, 429]
    assert Client(HTTP_X_FORWARDED_FOR="198.51.100.7").post(url, FORM).status_code == 302
    from gongkai.web.auditlog.models import AuditEntry
    assert AuditEntry.objects.filter(action="online_application").order_by("-id").first().ip == "198.51.100.7"


def test_without_trusted_proxies_a_forged_header_does_not_escape_the_limit(world, settings):
    settings.GONGKAI_TRUSTED_PROXIES = []
    settings.GONGKAI_PUBLIC_APPLY_PER_HOUR = 2
    url = f"/gongkai/{world.a.pk}/apply/"
    codes = [Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").post(url, FORM).status_code for i in range(3)]
    assert codes == [302, 302, 429]
