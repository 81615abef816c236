"""Defects a fresh supervising office found (issue 15, fifth round): one report published as a web page, as
Markdown and as text became several versions (the page's footer read into section 六; a cell one layout could
not tell compared as different); …"""

from __future__ import annotations

import pytest

from gongkai.readers import read_report
from gongkai.web.supervision import services
from gongkai.web.supervision.models import PublishedReport
from gongkai.writers.html import write_html
from gongkai.writers.markdown import write_markdown

from .conftest import batch_of, sample_path, sample_text

CMS_CHROME = ('<div class="share">分享到：</div><div id="footer"><p>主办单位：示例市人民政府办公室 '
              '网站标识码：3300000001 备案号：浙ICP备00000000号</p><p>版权所有 © 示例市人民政府</p></div>')


def _cms_page() -> str:
    article = write_html(read_report(sample_path()))
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><div class="nav">首页 政务公开 年度报告'
            f'</div>{article}{CMS_CHROME}</body></html>')


def _import(name, data, office):
    return services.import_batch(batch_of((name, data)), office=office, by="t")[0].report


# ------------------------------------------------------------------ 1. one publication in several formats
def test_the_footer_of_a_cms_page_is_not_read_into_section_six(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(_cms_page(), encoding="utf-8")
    six = read_report(page).sections["六"].text
    plain = read_report(sample_path()).sections["六"].text
    assert six == plain and "分享到" not in six and "备案号" not in six


def test_report_text_after_the_chrome_is_kept(tmp_path):
    """Conservative: a sentence after chrome-like words keeps them all (report text is never dropped)."""
    html = _cms_page().replace("</body>", "<p>本报告由本机关负责解释。</p></body>")
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    six = read_report(page).sections["六"].text
    assert "本报告由本机关负责解释" in six and "分享到" in six


def test_one_report_as_a_web_page_markdown_and_text_is_one_version(world, unit):
    text = sample_text()
    page = _import("清河镇2023年报.html", _cms_page().encode("utf-8"), world.county)
    md = _import("清河镇2023年报.md", write_markdown(read_report(sample_path())).encode("utf-8"), world.county)
    txt = _import("清河镇2023年报.txt", text.encode("utf-8"), world.county)
    assert {r.status for r in (page, md, txt)} == {"audited"}
    for r in (md, txt):
        r.refresh_from_db()
        assert r.same_as_id == page.pk and r.version == 1 and not r.modified_after_publication
        assert not r.findings.filter(code="S01", active=True).exists()
    row = next(row for row in services.coverage(world.county, 2023) if row["agency"].pk == unit.pk)
    assert (row["versions"], row["files"]) == (1, 3)


def _r(figures, digest="d"):
    return PublishedReport(figures=figures, text_digest=digest)


def test_a_cell_one_layout_could_not_tell_is_unknown_not_different():
    full = {f"三|r{i}|total": str(i) for i in range(20)}
    unread = {k: v for k, v in full.items() if k != "三|r3|total"}  # one glued run it could not split
    assert services.same_publication(_r(full), _r(unread))
    assert services.same_publication(_r(unread), _r(full))
    # a cell both read, read differently: different
    assert not services.same_publication(_r(full), _r({**unread, "三|r4|total": "5"}))
    # another narrative: different
    assert not services.same_publication(_r(full), _r(full, "e"))
    # a reading of a few scattered cells says too little
    assert not services.same_publication(_r(full), _r({"三|r1|total": "1", "x|y|z": "9", "x|y|w": "9"}))
    assert not services.same_publication(_r({}), _r({}))


# ------------------------------------------------------------------ 2. addresses with 汉字
def test_an_address_with_chinese_characters_is_encoded_before_the_fetch():
    from gongkai.web.supervision.intake import as_uri
    assert as_uri("http://127.0.0.1:8705/文化和旅游局.html?名=年报#六") == \
        "http://127.0.0.1:8705/%E6%96%87%E5%8C%96%E5%92%8C%E6%97%85%E6%B8%B8%E5%B1%80.html" \
        "?%E5%90%8D=%E5%B9%B4%E6%8A%A5#%E5%85%AD"
    assert as_uri("https://政府.中国/a%20b/年报.pdf") == "https://xn--mxtq1m.xn--fiqs8s/a%20b/%E5%B9%B4%E6%8A%A5.pdf"
    assert as_uri("http://example.gov.cn/a?b=c&d=e") == "http://example.gov.cn/a?b=c&d=e"


def test_a_page_whose_address_has_chinese_characters_is_fetched_and_the_guard_still_applies(world, unit):
    import http.server
    import urllib.parse

    from django.test import override_settings

    from gongkai.web.supervision import addresses

    from .conftest import local_site

    body = sample_text().encode("utf-8")
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            seen.append(self.path)
            if urllib.parse.unquote(self.path) == "/旧地址.txt":
                self.send_response(302)
                # raw UTF-8 bytes, as some servers send it (http.client reads them as Latin-1)
                self._headers_buffer.append("Location: /清河镇年报.txt\r\n".encode("utf-8"))
                self.end_headers()
                return
            ok = urllib.parse.unquote(self.path) == "/清河镇年报.txt"
            self.send_response(200 if ok else 404)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.end_headers()
            self.wfile.write(body if ok else b"")

    with local_site(Handler) as base:
        lines = addresses.import_addresses([f"{base}/旧地址.txt"], office=world.county, by="t")
        assert [i.report.status for i in lines if i.report is not None] == ["audited"], [i.reason for i in lines]
        assert all(p.isascii() for p in seen)
        # without the allowance the same address is refused, as any internal address
        with override_settings(GONGKAI_FETCH_ALLOW_PRIVATE=""):
            lines = addresses.import_addresses([f"{base}/清河镇年报.txt?v=2"], office=world.county, by="t")
        assert [i.report for i in lines] == [None] and "不抓取" in lines[0].reason


# ------------------------------------------------------------------ 3. coverage counts the files of no year yet
def test_cli_coverage_counts_pending_files_whose_year_is_not_known_yet(world, unit, capsys):
    from gongkai.cli import main as cli_main
    done = _import("清河镇2023年报.txt", sample_text().encode("utf-8"), world.county)
    waiting = _import("某文件.txt", sample_text().replace("清河镇", "河口镇").encode("utf-8"), world.county)
    PublishedReport.objects.filter(pk=waiting.pk).update(status="pending", year=None)
    assert done.status == "audited"
    capsys.readouterr()
    assert cli_main(["supervise", "coverage", "--year", "2023", "--office", world.county.name]) == 0
    out = capsys.readouterr().out
    assert "共 2 份，待审核 1（其中 1 份年度尚未确定），已审核 1" in out


# ------------------------------------------------------------------ 4. one time zone on every page
def test_the_import_result_page_shows_times_in_the_configured_time_zone(world, unit, login, settings):
    import datetime as dt
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    settings.TIME_ZONE = "Asia/Shanghai"
    c = login(world.supervisor)
    page = c.post("/supervision/upload/", {"files": [SimpleUploadedFile("清河镇.txt", sample_text().encode())]},
                  follow=True).content.decode()
    r = PublishedReport.objects.get()
    shown = re.search(r'id="import-progress">(\d{4}-\d\d-\d\d \d\d:\d\d) 导入的', page).group(1)
    local = timezone.localtime(r.imported_at, timezone.get_current_timezone())
    assert local.utcoffset() == dt.timedelta(hours=8)
    assert abs(dt.datetime.strptime(shown, "%Y-%m-%d %H:%M") - local.replace(tzinfo=None)) < dt.timedelta(minutes=2)
    listed = c.get("/supervision/?year=2023").content.decode()
    assert local.strftime("%Y-%m-%d %H:%M") in listed


# ------------------------------------------------------------------ 6. an earlier version by its 发布日期
def test_the_report_page_names_earlier_versions_by_their_publication_date(world, unit, login):
    import datetime as dt
    text = sample_text()
    v1 = services.import_batch(batch_of(("清河镇2023年报.txt", text.encode())), office=world.county, by="t",
                               published_on=dt.date(2024, 1, 20))[0].report
    changed = text.replace("1\t0\t0\t1\t1", "1\t0\t0\t1\t2")
    assert changed != text
    v2 = services.import_batch(batch_of(("清河镇2023年报（更正）.txt", changed.encode())), office=world.county, by="t")[0].report
    assert (v1.version, v2.version) == (1, 2)
    page = login(world.supervisor).get(f"/supervision/reports/{v2.pk}/").content.decode()
    assert "第1版（2024-01-20 发布）" in page
    page = login(world.supervisor).get(f"/supervision/reports/{v1.pk}/").content.decode()
    assert "第2版（" in page and "导入，发布日期未知）" in page


# ------------------------------------------------------------------ 5. one year rule for the CLI and the web
@pytest.mark.parametrize("argv", [["supervise", "import", "x.txt", "--year", "1999"],
                                  ["supervise", "export", "--year", "0"],
                                  ["supervise", "coverage", "--year", "2031"],
                                  ["supervise", "audit", "--year", "二〇二四"]])
def test_the_cli_refuses_the_years_the_web_form_refuses(world, argv, capsys, settings):
    from gongkai.cli import main as cli_main
    from gongkai.web.years import report_years
    settings.GONGKAI_TODAY = "2026-12-06"
    assert cli_main(argv) == 2
    err = capsys.readouterr().err
    years = report_years()
    assert f"年度须在 {years[0]}—{years[-1]} 年之间" in err and "Traceback" not in err


def test_the_web_and_the_cli_share_the_range(settings):
    from django.http import Http404

    from gongkai.web.years import check_report_year, parse_report_year, year_problem
    settings.GONGKAI_TODAY = "2026-12-06"
    for y in ("2007", "2028", "0", "abc", "99999999999999999999"):
        with pytest.raises(Http404):
            check_report_year(y)
        with pytest.raises(ValueError):
            parse_report_year(y)
        assert year_problem(y)
    assert check_report_year("2008") == parse_report_year("2008") == 2008
    assert parse_report_year("2027") == 2027


@pytest.mark.parametrize("stated", [2031, 2007])
def test_a_report_stating_an_implausible_year_gets_a_finding(world, unit, stated, settings):
    settings.GONGKAI_TODAY = "2026-12-06"
    text = sample_text().replace("2023", str(stated))
    r = _import(f"清河镇{stated}.txt", text.encode("utf-8"), world.county)
    r.refresh_from_db()
    # (neither year is one the pages and exports serve: the file is 年度不明, listed beside every year —
    # test_year_out_of_range.py)
    assert r.year is None and f"报告写明的年度 {stated} 不在本平台可查看的年度" in r.note
    f = r.findings.get(code="S03", active=True)
    assert f.severity == "warning" and str(stated) in f.message and "年度不合理" in f.message
    # a plausible year: none
    ok = _import("清河镇2023.txt", sample_text().encode("utf-8"), world.county)
    assert not ok.findings.filter(code="S03").exists()


# ------------------------------------------------------------------ 7. one rule for the names of unreadable files
def test_unreadable_files_are_matched_by_their_file_name_by_one_rule(world):
    from gongkai.web.agencies.models import Agency
    from gongkai.web.supervision.matching import _without_copy_words

    forestry = Agency.objects.create(name="清源县林业局", kind="department", parent=world.county)
    stats = Agency.objects.create(name="清源县统计局", kind="department", parent=world.county)
    garbage = b"%PDF-1.4\n" + bytes(range(256)) * 8
    a = _import("清源县统计局2024年报.pdf", garbage, world.county)
    b = _import("清源县林业局2024年报-扫描件.pdf", garbage + b"scan", world.county)
    c = _import("清源县林业局2024年报（副本）(1).pdf", garbage + b"copy", world.county)
    for r, unit in ((a, stats), (b, forestry), (c, forestry)):
        r.refresh_from_db()
        assert r.status == "unreadable" and r.agency == unit and r.match_state != "pending", r.source_name
        assert r.year == 2024
    # what the name says about the unit is kept: only a copy word at the end goes
    assert _without_copy_words("某局扫描仪采购") == "某局扫描仪采购"
    assert _without_copy_words("清源县第3中学") == "清源县第3中学"
    assert _without_copy_words("某局2024年报-2") == "某局2024年报"


# ------------------------------------------------------------------ 8. the XLSX says 另一格式 as the page does
def test_the_xlsx_names_the_publication_another_format_belongs_to(world, unit):
    import io

    from openpyxl import load_workbook

    text = sample_text()
    v1 = _import("清河镇2023年报.txt", text.encode(), world.county)
    v2 = _import("清河镇2023年报（更正）.txt", text.replace("1\t0\t0\t1\t1", "1\t0\t0\t1\t2").encode(), world.county)
    other = _import("清河镇2023年报（更正，网页）.txt",
                    text.replace("1\t0\t0\t1\t1", "1\t0\t0\t1\t2").replace("\n\n", "\n \n\n").encode(), world.county)
    assert (v1.version, v2.version, other.version) == (1, 2, 2) and other.same_as == v2
    stream = io.BytesIO()
    services.export_xlsx(stream, world.county, 2023, PublishedReport.objects.filter(year=2023))
    ws = load_workbook(io.BytesIO(stream.getvalue()))["年报"]
    header = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    col = services.SAME_PUBLICATION_HEADER
    assert rows[other.source_name][col] == v2.source_name and rows[other.source_name]["发布后修改"] in ("", None)
    assert rows[v2.source_name]["发布后修改"] == "是" and rows[v2.source_name][col] in ("", None)
    assert rows[v1.source_name]["发布后修改"] in ("", None)


# ------------------------------------------------------------------ 9. gongkai worker --name
@pytest.mark.parametrize("given, expected", [(None, None), ("worker1@%h", "worker1@%h"), ("审核机甲", "审核机甲")])
def test_the_worker_passes_its_name_to_celery(world, settings, monkeypatch, given, expected, capsys):
    import os

    from gongkai.cli import main as cli_main
    from gongkai.web.commands import supervise

    settings.GONGKAI_BROKER_URL = "redis://127.0.0.1:6379/14"
    monkeypatch.setattr(supervise, "reachable", lambda: True)
    monkeypatch.setattr(supervise.gc, "freeze", lambda: None)
    argv = []

    class App:
        def worker_main(self, a):
            argv.extend(a)

    monkeypatch.setattr(supervise, "configure", lambda: App())
    assert cli_main(["worker"] + (["--name", given] if given else [])) == 0
    name = argv[argv.index("-n") + 1]
    assert name == (expected or f"gongkai-{os.getpid()}@%h")
    assert "本 worker 的名称" in capsys.readouterr().out


def test_a_worker_name_with_spaces_is_refused(capsys):
    from gongkai.cli import main as cli_main
    assert cli_main(["worker", "--name", "a b"]) == 2
    assert "不是有效的 worker 名称" in capsys.readouterr().err
