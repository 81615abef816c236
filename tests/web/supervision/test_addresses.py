"""Issue 15, item 1: web addresses given to the import are kept as 待抓取, fetched by a task (the worker with a
broker, the importing process without one) under the limits of an upload, imported as an uploaded file is, or
said as 抓取失败 with the reason — and fetched again from the page.  A local HTTP server stands for the portals."""

from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import os
import threading
import time

import pytest
from django.test import Client

from gongkai.cli import main as cli_main
from gongkai.web.auditlog.models import AuditEntry
from gongkai.web.supervision import addresses, intake, tasks
from gongkai.web.supervision.models import ImportAddress, PublishedReport

from .conftest import local_site, sample_text
from .test_background import REDIS, _redis_up

#: a small PDF (one page, no report in it): what matters here is that it is fetched, stored and audited
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A local portal: its folder's files as they are; /download?id=7 a PDF without a suffix; /page a text
    page without one; /slow answers after the read timeout; /drip sends a byte at a time past the whole
    fetch's limit; /big.pdf says it is past the size limit; /redirect goes to file://; /logo an image."""
    monkeypatch.setattr(intake, "FETCH_TIMEOUT", 1)
    monkeypatch.setattr(intake, "FETCH_TOTAL", 2)
    root = tmp_path / "site"
    root.mkdir()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(root), **kw)

        def log_message(self, *a):
            pass

        def send(self, body: bytes, ctype: str):
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            try:
                self.route()
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeouts): as a portal would
                pass

        def route(self):
            if self.path.startswith("/download?"):
                self.send(PDF, "application/pdf")
            elif self.path == "/page":
                self.send((root / "page.txt").read_bytes(), "text/plain; charset=utf-8")
            elif self.path == "/logo":
                self.send(b"\x89PNG\r\n\x1a\n", "image/png")
            elif self.path == "/slow.txt":
                time.sleep(3)
                self.send(b"late", "text/plain")
            elif self.path == "/drip.txt":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", "100")
                self.end_headers()
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            elif self.path == "/redirect":
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.end_headers()
            elif self.path == "/big.pdf":
                self.send_response(200)
                self.send_header("Content-Length", str(intake.MAX_FILE_BYTES + 1))
                self.end_headers()
            else:
                super().do_GET()

    with local_site(Handler) as base:
        yield root, base


def test_a_line_that_is_no_address_is_said_with_its_number_and_repeats_are_taken_once():
    urls, refused = addresses.parse_lines("# 各单位\nhttps://a.gov.cn/1.pdf\n\n青石镇年报.pdf\n"
                                          "https://a.gov.cn/1.pdf\r\nftp://a.gov.cn/2.txt\n")
    assert urls == ["https://a.gov.cn/1.pdf", "ftp://a.gov.cn/2.txt"]
    assert [(i.name, i.state, i.reason) for i in refused] == [
        ("青石镇年报.pdf", "refused", "第 4 行不是网页地址（应以 http:// 或 https:// 开头）")]


def test_the_page_takes_addresses_and_without_a_broker_fetches_them_at_once(world, unit, site, login):
    root, base = site
    (root / "qinghe.txt").write_text(sample_text(), encoding="utf-8")
    (root / "page.txt").write_text(sample_text().replace(unit.name, world.b.name), encoding="utf-8")
    given = [f"{base}/qinghe.txt", f"{base}/download?id=7", f"{base}/missing.txt", f"{base}/slow.txt",
             f"{base}/drip.txt", f"{base}/big.pdf", f"{base}/redirect", f"{base}/logo", "ftp://example.org/a.txt"]
    page = login(world.supervisor).post("/supervision/upload/", {
        "addresses": "\n".join(given + ["不是地址"]), "year": "2023"}, follow=True).content.decode()
    rows = {a.url: a for a in ImportAddress.objects.all()}
    assert set(rows) == set(given)  # every address kept, none dropped
    ok = rows[f"{base}/qinghe.txt"]
    assert ok.status == "fetched" and ok.attempts == 1 and ok.fetched_at is not None and ok.office == world.county
    r = ok.report
    data = sample_text().encode()
    assert (r.source_name, r.sha256, r.size) == (f"{base}/qinghe.txt", hashlib.sha256(data).hexdigest(), len(data))
    assert r.status == "audited" and r.agency == unit and r.year == 2023 and r.imported_by == world.supervisor.username
    assert intake.stored_path(r.sha256).read_bytes() == data
    pdf = rows[f"{base}/download?id=7"].report  # no suffix in the address: the server's type is said after #
    assert pdf.source_name == f"{base}/download?id=7#.pdf" and pdf.sha256 == hashlib.sha256(PDF).hexdigest()
    assert pdf.status in ("audited", "unreadable") and pdf.audited_at is not None  # its audit ran
    reasons = {url: (a.status, a.reason) for url, a in rows.items() if a.status == "failed"}
    assert reasons == {
        f"{base}/missing.txt": ("failed", "服务器返回 404（File not found），未取得文件"),
        f"{base}/slow.txt": ("failed", "访问超时（1 秒），未取得文件"),
        f"{base}/drip.txt": ("failed", "下载过慢，2 秒内未取完文件，未取得文件"),
        f"{base}/big.pdf": ("failed", "文件过大（上限 50 MB）"),
        f"{base}/redirect": ("failed", "重定向到了不支持的地址 file:///etc/passwd，未取得文件"),
        f"{base}/logo": ("failed", "不支持的文件类型（服务器说是 image/png）"),
        "ftp://example.org/a.txt": ("failed", "只支持 http:// 或 https:// 开头的网页地址"),
    }
    for url, (_, reason) in reasons.items():  # the result page says each one
        assert f"{url}</td><td class=\"error\">未导入：{reason}" in page
    assert "不是地址</td><td class=\"error\">未导入：第 10 行不是网页地址" in page
    # the import page lists what failed, with 重新抓取
    index = login(world.supervisor).get("/supervision/?year=2023").content.decode()
    assert "网页地址（待抓取 0，抓取失败 7）" in index and index.count("重新抓取</button>") == 7
    entry = AuditEntry.objects.get(action="supervision_import")
    assert entry.new["addresses"][:2] == given[:2] and entry.actor == world.supervisor.username


def test_the_same_content_fetched_twice_is_one_version_and_a_change_is_a_new_one(world, unit, site):
    root, base = site
    (root / "qinghe.txt").write_text(sample_text(), encoding="utf-8")
    url = f"{base}/qinghe.txt"
    first = addresses.import_addresses([url], office=world.county, by="t", year=2023)
    assert [i.state for i in first] == ["new"]
    again = addresses.import_addresses([url], office=world.county, by="t", year=2023)  # given again
    assert [i.state for i in again] == ["duplicate"] and again[0].report.pk == first[0].report.pk
    assert PublishedReport.objects.count() == 1 and ImportAddress.objects.count() == 1  # one row per address
    assert ImportAddress.objects.get().attempts == 2
    (root / "qinghe.txt").write_text(sample_text() + "\n（更正）\n", encoding="utf-8")
    a = ImportAddress.objects.get()
    changed = addresses.refetch(a)
    assert [i.state for i in changed] == ["new"]
    assert list(PublishedReport.objects.order_by("id").values_list("version", "modified_after_publication")) == [
        (1, False), (2, True)]


def test_a_failed_address_is_fetched_again_from_the_page(world, unit, site, login):
    root, base = site
    url = f"{base}/qinghe.txt"
    addresses.import_addresses([url], office=world.county, by="t", year=2023)
    a = ImportAddress.objects.get()
    assert a.status == "failed" and "404" in a.reason
    (root / "qinghe.txt").write_text(sample_text(), encoding="utf-8")  # the portal puts it up
    # only a supervisor whose office it was given to, and with the form's CSRF token
    assert login(world.other_sup).post(f"/supervision/addresses/{a.pk}/refetch/").status_code == 404
    assert login(world.clerk_a).post(f"/supervision/addresses/{a.pk}/refetch/").status_code in (302, 403)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.supervisor)
    assert strict.post(f"/supervision/addresses/{a.pk}/refetch/").status_code == 403
    a.refresh_from_db()
    assert a.status == "failed" and a.attempts == 1
    resp = login(world.supervisor).post(f"/supervision/addresses/{a.pk}/refetch/", follow=True)
    assert f"已重新抓取：{url}" in resp.content.decode()
    a.refresh_from_db()
    assert a.status == "fetched" and a.reason == "" and a.attempts == 2 and a.report.agency == unit
    assert AuditEntry.objects.filter(action="supervision_refetch", new__address=url).count() == 1


def test_the_cli_keeps_its_output_without_a_broker_and_lists_failed_addresses_in_coverage(world, unit, site,
                                                                                        tmp_path, capsys):
    root, base = site
    (root / "qinghe.txt").write_text(sample_text(), encoding="utf-8")
    listing = tmp_path / "地址.txt"
    listing.write_text(f"{base}/qinghe.txt\n{base}/missing.txt\n", encoding="utf-8")
    assert cli_main(["supervise", "import", "--urls", str(listing), "--office", world.county.name,
                     "--published-on", f"{base}/qinghe.txt=2024-01-25"]) == 2
    out = capsys.readouterr().out
    assert f"已导入\t{base}/qinghe.txt\t{unit.name}\t2023\t第1版" in out
    assert f"未导入\t{base}/missing.txt\t服务器返回 404" in out
    r = PublishedReport.objects.get()
    assert (r.published_on, r.published_on_source) == (dt.date(2024, 1, 25), "导入时为该文件指定")
    assert cli_main(["supervise", "coverage", "--year", "2023", "--office", world.county.name]) == 0
    out = capsys.readouterr().out
    assert "网页地址：待抓取 0，抓取失败 1，已抓取 1" in out
    assert f"抓取失败\t{base}/missing.txt\t服务器返回 404" in out


@pytest.mark.django_db(transaction=True)
def test_with_a_broker_the_worker_fetches_imports_and_audits(settings, monkeypatch, site, tmp_path, capsys):
    if not _redis_up():
        pytest.skip("Redis 127.0.0.1:6379 不可连接：真实后台进程的测试跳过（CI 有 Redis）")
    from celery.contrib.testing.worker import start_worker
    from django.db import OperationalError

    from gongkai.web.agencies.models import Agency

    from .conftest import SAMPLE_AGENCY
    root, base = site
    (root / "qinghe.txt").write_text(sample_text(), encoding="utf-8")
    county = Agency.objects.create(name="测试县人民政府", kind="county")
    unit = Agency.objects.create(name=SAMPLE_AGENCY, kind="township", parent=county)
    settings.GONGKAI_BROKER_URL = REDIS
    monkeypatch.setattr(tasks, "QUEUE", f"gongkai-supervision-test-{os.getpid()}-{time.time_ns()}")
    app = tasks.configure()
    fetched_in = []
    real = addresses.fetch_one
    monkeypatch.setattr(addresses, "fetch_one", lambda a: fetched_in.append(threading.current_thread()) or real(a))
    listing = tmp_path / "地址.txt"
    listing.write_text(f"{base}/qinghe.txt\n{base}/missing.txt\n", encoding="utf-8")
    try:
        # the command returns at once: both addresses are 待抓取, nothing fetched in this process
        assert cli_main(["supervise", "import", "--urls", str(listing), "--year", "2023"]) == 0
        out = capsys.readouterr().out
        assert f"待抓取\t{base}/qinghe.txt" in out and f"待抓取\t{base}/missing.txt" in out
        assert "2 个网页地址已交给后台抓取" in out and not fetched_in
        assert set(ImportAddress.objects.values_list("status", flat=True)) == {"pending"}

        def busy():
            try:
                return (ImportAddress.objects.filter(status="pending").exists()
                        or PublishedReport.objects.filter(status="pending").exists())
            except OperationalError:  # SQLite's shared in-memory test database: the worker is writing
                return True
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[tasks.QUEUE], shutdown_timeout=20):
            deadline = time.monotonic() + 60
            while busy() and time.monotonic() < deadline:
                time.sleep(0.2)
        ok = ImportAddress.objects.get(url=f"{base}/qinghe.txt")
        assert ok.status == "fetched" and ok.report.status == "audited" and ok.report.agency == unit
        failed = ImportAddress.objects.get(url=f"{base}/missing.txt")
        assert failed.status == "failed" and failed.reason == "服务器返回 404（File not found），未取得文件"
        assert fetched_in and threading.main_thread() not in fetched_in  # fetched by the worker
    finally:
        settings.GONGKAI_BROKER_URL = ""
        tasks.configure()


def test_a_fetch_delivered_again_leaves_a_fetched_address_as_it_is(world, unit, site, monkeypatch):
    root, base = site
    (root / "qinghe.txt").write_text(sample_text(), encoding="utf-8")
    addresses.import_addresses([f"{base}/qinghe.txt"], office=world.county, by="t")
    a = ImportAddress.objects.get()
    calls = []
    monkeypatch.setattr(addresses, "fetch_one", lambda a: calls.append(a.pk))
    import django.db
    monkeypatch.setattr(django.db, "close_old_connections", lambda: None)  # a worker's; here: the test's transaction
    assert tasks.fetch_addresses_task.apply(args=[[a.pk]]).get() == f"{a.pk}: already-fetched"
    assert calls == []
