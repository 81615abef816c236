"""Issue 15 (SUPV-FIX item 6): the worker fetches the addresses a supervisor types in, so an address must not
become a way into this machine or its internal network (SSRF).  Every address the host resolves to is
checked, the address actually connected to as well (a name may resolve differently the second time), and a
redirect to an internal host is refused like the address itself.  GONGKAI_FETCH_ALLOW_PRIVATE lets tests and
intranet deployments reach their own servers; the refusal is the address's import result, in Chinese."""

from __future__ import annotations

import http.server
import socket

import pytest
from django.core.exceptions import ImproperlyConfigured

from gongkai.web.supervision import addresses, intake
from gongkai.web.supervision.intake import Batch, check_ip, fetch_address, fetch_allowance
from gongkai.web.supervision.models import ImportAddress

from .conftest import local_site, sample_text


class Portal(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        if self.path.startswith("/to-internal"):
            self.send_response(302)
            self.send_header("Location", "http://10.1.2.3/secret.txt")
            self.end_headers()
            return
        body = sample_text().encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def portal():
    """A local portal: local_site allows 127.0.0.1 for its block; a test refusing it switches that off."""
    with local_site(Portal) as base:
        yield base


def refused(url: str) -> str:
    batch = Batch()
    fetch_address(url, batch)
    assert not batch.files
    return batch.refused[0].reason


def test_loopback_private_and_link_local_addresses_are_refused_by_default(settings, portal):
    settings.GONGKAI_FETCH_ALLOW_PRIVATE = ""
    reason = refused(f"{portal}/report.txt")
    assert reason.startswith("地址 127.0.0.1 指向本机地址 127.0.0.1，为防止借抓取访问本机或内网，不抓取")
    assert "GONGKAI_FETCH_ALLOW_PRIVATE" in reason and reason.endswith("未取得文件")
    assert "指向链路本地地址 169.254.169.254" in refused("http://169.254.169.254/latest/meta-data/")  # cloud metadata
    assert "指向内网地址 10.0.0.8" in refused("http://10.0.0.8/nb.pdf")
    assert "指向内网地址 192.168.1.1" in refused("http://192.168.1.1:8080/nb.pdf")
    assert "指向本机地址 ::1" in refused("http://[::1]/nb.pdf")
    assert "指向本机地址 127.0.0.1" in refused("http://[::ffff:127.0.0.1]/nb.pdf")  # IPv4 written as IPv6


def test_a_name_is_refused_when_any_of_its_addresses_is_internal(settings, monkeypatch):
    settings.GONGKAI_FETCH_ALLOW_PRIVATE = ""

    def resolve(host, port, *a, **kw):  # a public name with one internal address among its records
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.9.8.7", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    assert refused("http://www.example.gov.cn/nb.pdf").startswith(
        "地址 www.example.gov.cn 指向内网地址 10.9.8.7")


def test_the_address_connected_to_is_checked_too(settings, portal, monkeypatch):
    """A name that resolved to a public address when checked and to 127.0.0.1 when connecting (DNS
    rebinding) is stopped at the connection: the check is on the peer of the socket itself."""
    settings.GONGKAI_FETCH_ALLOW_PRIVATE = ""
    monkeypatch.setattr(intake, "check_host", lambda *a, **kw: None)  # the first look-up said "public"
    assert refused(f"{portal}/report.txt").startswith("地址 127.0.0.1 指向本机地址 127.0.0.1")
    check_ip("www.example.gov.cn", "93.184.216.34", (False, [], set()))  # a public one passes


def test_a_redirect_to_an_internal_host_is_refused(settings, portal):
    settings.GONGKAI_FETCH_ALLOW_PRIVATE = "127.0.0.1/32"  # the portal itself is allowed, 10.1.2.3 is not
    reason = refused(f"{portal}/to-internal")
    assert reason.startswith("重定向到了 http://10.1.2.3/secret.txt：地址 10.1.2.3 指向内网地址 10.1.2.3")


def test_the_setting_allows_everything_or_a_list_and_a_wrong_entry_is_said(settings, portal, monkeypatch):
    settings.GONGKAI_FETCH_ALLOW_PRIVATE = "1"
    assert fetch_allowance() == (True, [], set())
    batch = Batch()
    fetch_address(f"{portal}/report.txt", batch)
    assert [f.name for f in batch.files] == [f"{portal}/report.txt"] and not batch.refused
    settings.GONGKAI_FETCH_ALLOW_PRIVATE = "10.0.0.0/8, intranet.gov.cn"
    everything, networks, hosts = fetch_allowance()
    assert not everything and [str(n) for n in networks] == ["10.0.0.0/8"] and hosts == {"intranet.gov.cn"}
    check_ip("x", "10.20.30.40")  # in the allowed network
    check_ip("intranet.gov.cn", "192.168.0.9")  # an allowed name, whatever it resolves to
    with pytest.raises(intake.PrivateAddress):
        check_ip("x", "192.168.0.9")
    settings.GONGKAI_FETCH_ALLOW_PRIVATE = "10.0.0.0/33"
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_FETCH_ALLOW_PRIVATE 中的“10.0.0.0/33”"):
        fetch_allowance()
    # the environment is read when the setting is absent
    del settings.GONGKAI_FETCH_ALLOW_PRIVATE
    monkeypatch.setenv("GONGKAI_FETCH_ALLOW_PRIVATE", "true")
    assert fetch_allowance()[0] is True


def test_the_refusal_is_the_address_import_result(world, unit, settings, portal, login):
    settings.GONGKAI_FETCH_ALLOW_PRIVATE = ""
    page = login(world.supervisor).post("/supervision/upload/", {"addresses": f"{portal}/report.txt",
                                                                "year": "2023"}, follow=True).content.decode()
    a = ImportAddress.objects.get()
    assert a.status == "failed" and a.reason.startswith("地址 127.0.0.1 指向本机地址 127.0.0.1") and a.report is None
    assert f"{portal}/report.txt</td><td class=\"error\">未导入：地址 127.0.0.1 指向本机地址" in page
    # allowed later (an intranet deployment): 重新抓取 takes it
    settings.GONGKAI_FETCH_ALLOW_PRIVATE = "127.0.0.1"
    addresses.refetch(a)
    a.refresh_from_db()
    assert a.status == "fetched" and a.report.agency == unit


def test_serve_refuses_to_start_with_a_wrong_allowance(settings):
    from gongkai.web.supervision import tasks
    settings.GONGKAI_FETCH_ALLOW_PRIVATE = "内网/全部"
    with pytest.raises(ImproperlyConfigured, match="不是 IP 地址、网段"):
        tasks.check_settings()
    # the fetch itself says it as the address's result instead of failing the task
    assert refused("http://www.example.gov.cn/nb.pdf").startswith("设置 GONGKAI_FETCH_ALLOW_PRIVATE 中的“内网/全部”")
