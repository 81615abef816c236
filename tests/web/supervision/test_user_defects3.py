"""Defects a fresh user found in the supervising office's year (issue 15, third round): files imported before any
agency existed were lost; Chinese names in zips garbled; the review form opened on 确认; settings errors reported as a
dead broker or an internal error; carried-over comments grew; an unreachable broker said 交给后台 in English; the
file table went stale; a saved page's 发布时间 header was ignored; a zip in a zip; the 整改 text's code twice."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from gongkai.cli import main as cli_main
from gongkai.web.accounts.models import User
from gongkai.web.agencies.models import Agency
from gongkai.web.supervision import intake, services
from gongkai.web.supervision.models import PublishedReport, Rectification

from .conftest import ON_PLATFORM_SINCE, batch_of, local_site, sample_text

SHARED = Path(os.environ.get("GONGKAI_SHARED") or Path(__file__).resolve().parents[3].parent / "shared")
CORPUS = SHARED / "corpus" / "real"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus 不在（GONGKAI_SHARED）")


def _import(name, text, office, **kw):
    return services.import_batch(batch_of((name, text.encode("utf-8"))), office=office, by="t", **kw)[0].report


# ------------------------------------------------------------------ 1. no agency yet
@needs_corpus
def test_an_import_before_any_agency_is_refused_and_says_how(db, capsys):
    path = CORPUS / "2024_huaian-shi.txt"
    assert cli_main(["supervise", "import", str(path), "--year", "2024"]) == 2
    err = capsys.readouterr().err
    assert "还没有任何机关" in err and "gongkai serve" in err and "首次设置" in err
    assert not PublishedReport.objects.exists()
    with pytest.raises(services.SupervisionError, match="还没有任何机关"):
        services.import_batch(batch_of(("a.txt", b"x")), office=None, by="t")


@needs_corpus
def test_files_stored_without_an_office_by_older_versions_join_the_top_office(db, capsys):
    # what an older version left: the file stored and audited while no agency existed (no office, no unit)
    item = intake.incoming("2024_huaian-shi.txt", (CORPUS / "2024_huaian-shi.txt").read_bytes())
    r = PublishedReport.objects.create(sha256=item.sha256, size=item.size, source_name=item.name, office=None,
                                       year_given=2024, year=2024)
    services.audit_published(r.pk)
    r.refresh_from_db()
    assert r.office_id is None and r.agency_id is None and r.status == "audited"
    city = Agency.objects.create(name="淮安市人民政府", kind="city", added_on=ON_PLATFORM_SINCE)  # first-run setup
    sup = User.objects.create(username="sup", full_name="sup", role="supervisor", agency=city)
    assert services.visible(sup).filter(pk=r.pk).exists()  # in sight even before it is attached
    assert cli_main(["supervise", "coverage", "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "2024 年度审核进度（含尚未确定年度的文件）：共 1 份" in out and "淮安市人民政府\t" in out
    r.refresh_from_db()
    assert r.office == city and r.agency == city and r.match_state == "auto"
    assert any(row["published"] for row in services.coverage(city, 2024))
    # and the same file again is the same row, now counted
    assert cli_main(["supervise", "import", str(CORPUS / "2024_huaian-shi.txt"), "--year", "2024"]) == 0
    assert "已导入过" in capsys.readouterr().out


# ------------------------------------------------------------------ 2. zip member names
class _Cp437Info(zipfile.ZipInfo):
    """A member written as an archiver without the UTF-8 flag writes it: the name's own bytes, flag unset."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("cp437"), self.flag_bits & ~0x800


def _zip_without_flag(members: dict[bytes, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for raw, data in members.items():
            z.writestr(_Cp437Info(raw.decode("cp437")), data)
    return buf.getvalue()


def test_chinese_member_names_of_zips_without_the_utf8_flag(world, unit, tmp_path, capsys):
    data = _zip_without_flag({"清河镇年报.txt".encode("gbk"): sample_text().encode(),
                              "乙局年报.txt".encode("utf-8"): sample_text().replace(unit.name, world.b.name).encode(),
                              b"\xff\xfe.txt": b"x"})
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # as Python reads it: cp437 mojibake
        assert all(not i.flag_bits & 0x800 for i in z.infolist()) and "清河镇年报.txt" not in z.namelist()
    batch = intake.Batch()
    intake.add_upload("各单位.zip", io.BytesIO(data), len(data), batch)
    names = {f.name for f in batch.files} | {f.name for f in batch.refused}
    assert {"各单位.zip/清河镇年报.txt", "各单位.zip/乙局年报.txt"} <= names
    assert "各单位.zip/" + b"\xff\xfe.txt".decode("cp437") in names  # neither decodes: kept as read
    (tmp_path / "各单位.zip").write_bytes(data)
    assert cli_main(["supervise", "import", str(tmp_path / "各单位.zip"), "--office", world.county.name,
                     "--published-on", "各单位.zip/清河镇年报.txt=2024-01-25"]) == 2  # \xff\xfe.txt is no report
    assert PublishedReport.objects.get(source_name="各单位.zip/清河镇年报.txt").published_on == dt.date(2024, 1, 25)


@hsettings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=12))
def test_a_utf8_name_without_the_flag_reads_back_as_written(name):
    info = zipfile.ZipInfo((name + ".txt").encode("utf-8").decode("cp437"))
    info.flag_bits = 0
    assert intake.member_name(info) == name + ".txt"


def test_a_zip_inside_a_zip_is_said_as_such():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("内层.zip", b"PK")
    batch = intake.Batch()
    intake.add_upload("外层.zip", io.BytesIO(buf.getvalue()), None, batch)
    assert [(r.name, r.reason) for r in batch.refused] == [("外层.zip/内层.zip", batch.refused[0].reason)]
    assert "压缩包中的压缩包不展开" in batch.refused[0].reason


# ------------------------------------------------------------------ 3, 5, 12. review form and carried decisions
def _finding(r, code):
    return r.findings.get(code=code, active=True)


def test_the_review_form_opens_on_the_saved_decision(world, unit, login):
    r = _import("a.txt", sample_text(), world.county)
    f = _finding(r, "R401")
    c = login(world.supervisor)

    def select():
        page = c.get(f"/supervision/reports/{r.pk}/").content.decode()
        block = page[page.index(f'id="f{f.pk}"'):]
        return block[block.index('<select name="decision">'):block.index("</select>")]

    assert '<option value="" selected>（请选择）</option>' in select()  # 待审查: nothing chosen for the user
    c.post(f"/supervision/findings/{f.pk}/review/", {"decision": "dismissed", "comment": "表四系另行统计"})
    s = select()
    assert '<option value="dismissed" selected>' in s and '<option value="confirmed">' in s
    assert '<option value="" selected>' not in s
    # saving the form as it opens keeps the decision
    c.post(f"/supervision/findings/{f.pk}/review/", {"decision": "", "comment": "表四系另行统计"})
    f.refresh_from_db()
    assert f.review == "dismissed"


def _versions(world, n):
    """n versions of the sample's report: the narrative differs (a sentence added), the tables do not."""
    out = []
    for i in range(n):
        text = sample_text().replace("一、总体情况", f"一、总体情况\n本版第{i + 1}次更正了文字。", 1)
        out.append(_import(f"v{i + 1}.txt", text, world.county))
    return out


def test_a_carried_over_comment_stays_the_reviewers_words_plus_one_note(world, unit):
    v1, = _versions(world, 1)
    services.review_finding(_finding(v1, "R401"), "dismissed", "排除B", world.supervisor)
    text = sample_text()
    for i in (2, 3, 4):
        r = _import(f"v{i}.txt", text.replace("一、总体情况", f"一、总体情况\n第{i}版的更正。", 1), world.county)
        assert r.version == i, r.note
        f = _finding(r, "R401")
        assert f.review == "dismissed" and f.comment == f"排除B（沿用第{i - 1}版的审查意见）"
    assert services.own_words("排除B（沿用第41版的审查意见）（沿用第42版的审查意见）") == "排除B"
    # the reviewer saves the carried decision as it is shown: their words, no note
    services.review_finding(f, "dismissed", f.comment, world.supervisor)
    assert f.comment == "排除B"


def test_changed_evidence_in_a_new_version_shows_the_earlier_decision(world, unit, login):
    v1 = _import("v1.txt", sample_text(), world.county)
    f1 = _finding(v1, "R401")
    services.review_finding(f1, "dismissed", "复议另行统计", world.supervisor)
    changed = _change_r401(sample_text())
    v2 = _import("v2.txt", changed, world.county)
    assert v2.version == 2
    f2 = v2.findings.filter(code="R401", active=True).first()
    assert f2 is not None and f2.identity == f1.identity and f2.evidence_digest != f1.evidence_digest
    assert f2.review == "open" and f2.previous_review["comment"] == "复议另行统计"
    page = login(world.supervisor).get(f"/supervision/reports/{v2.pk}/").content.decode()
    assert "上一版本的审查：排除（复议另行统计）" in page


def _change_r401(text: str) -> str:
    """The sample with 表四's 行政复议 总计 printed 3 instead of 1 (1+0+0+1 = 2: off by 1, now by 1 the other way)."""
    row = "\n1\t0\t0\t1\t1\t"
    assert text.count(row) == 1
    return text.replace(row, "\n1\t0\t0\t1\t3\t")


# ------------------------------------------------------------------ 4, 6, 7. settings and the broker
def test_a_bad_visibility_timeout_is_said_as_a_setting(world, unit, settings, monkeypatch, tmp_path, capsys):
    settings.GONGKAI_BROKER_URL = "redis://127.0.0.1:6390/14"
    (tmp_path / "a.txt").write_text(sample_text(), encoding="utf-8")
    for bad in ("abc", "30"):
        monkeypatch.setenv("GONGKAI_BROKER_VISIBILITY_TIMEOUT", bad)
        assert cli_main(["worker"]) == 2
        err = capsys.readouterr().err
        assert "设置有误" in err and "GONGKAI_BROKER_VISIBILITY_TIMEOUT" in err and "不少于 60" in err
        assert "无法连接" not in err
        assert cli_main(["supervise", "import", str(tmp_path / "a.txt"), "--office", world.county.name]) == 2
        assert "不少于 60" in capsys.readouterr().err
    assert not PublishedReport.objects.exists()


@pytest.mark.parametrize("bad", ["13-40", "02-30", "0220"])
def test_a_bad_township_due_date_is_said_as_a_setting(world, unit, settings, bad, tmp_path, capsys):
    settings.GONGKAI_TOWNSHIP_REPORT_DUE = bad
    for cmd in (["coverage"], ["export", "--format", "xlsx", "-o", str(tmp_path / "评估.xlsx")]):
        assert cli_main(["supervise", *cmd, "--year", "2023", "--office", world.county.name]) == 2
        err = capsys.readouterr().err
        assert "设置有误" in err and f"GONGKAI_TOWNSHIP_REPORT_DUE 的值“{bad}”" in err and "02-20" in err
        assert "内部错误" not in err


def test_an_unreachable_broker_is_said_in_chinese(transactional_db, world, unit, settings, tmp_path, capsys,
                                                  monkeypatch):
    # (transactional: the command line commits as it goes, so the queueing runs before the command's output)
    import logging

    from gongkai.web.supervision import tasks
    said = []
    handler = logging.Handler()
    handler.emit = lambda rec: said.append(rec.getMessage())
    # (another test's logging set-up — a Celery worker's — may have silenced or raised it)
    monkeypatch.setattr(tasks.log, "disabled", False)
    monkeypatch.setattr(logging.root.manager, "disable", logging.NOTSET)
    level = tasks.log.level
    tasks.log.setLevel(logging.WARNING)
    tasks.log.addHandler(handler)
    settings.GONGKAI_BROKER_URL = "redis://127.0.0.1:6390/14"
    (tmp_path / "a.txt").write_text(sample_text(), encoding="utf-8")
    (tmp_path / "b.txt").write_text(sample_text().replace(unit.name, world.b.name), encoding="utf-8")
    try:
        assert cli_main(["supervise", "import", str(tmp_path), "--office", world.county.name]) == 0
    finally:
        tasks.log.removeHandler(handler)
        tasks.log.setLevel(level)
        settings.GONGKAI_BROKER_URL = ""
        tasks.configure()
    out = capsys.readouterr().out
    assert "不可达，已在本进程审核" in out and "交给后台" not in out
    assert PublishedReport.objects.filter(status="audited").count() == 2
    assert len(said) == 1 and "不可达" in said[0] and "broker unreachable" not in said[0]  # once per batch


# ------------------------------------------------------------------ 8. the page's table follows the progress
def test_the_progress_refreshes_the_years_rows_and_counts_that_year(world, unit, login):
    r = _import("a.txt", sample_text(), world.county)  # 2023
    PublishedReport.objects.create(sha256="1" * 64, size=1, source_name="old.txt", office=world.county,
                                   year=2021, status="audited")
    PublishedReport.objects.filter(pk=r.pk).update(status="pending")
    c = login(world.supervisor)
    page = c.get("/supervision/", {"year": 2023}).content.decode()
    assert 'id="year-files"' in page and "?year=2023" in page
    part = c.get("/supervision/progress/", {"year": 2023}).content.decode()
    assert "2023 年度审核进度" in part and "共 <b>1</b> 份" in part  # not the 2021 file
    assert 'id="year-files" hx-swap-oob="true"' in part and "a.txt" in part and "待审核" in part
    assert "hx-trigger" in part
    services.audit_published(r.pk)
    part = c.get("/supervision/progress/", {"year": 2023}).content.decode()
    row = part[part.index("a.txt"):]
    assert "已审核" in row[:row.index("</tr>")] and "hx-trigger" not in part  # done: polling stops


# ------------------------------------------------------------------ 9. a saved page's header
@needs_corpus
def test_the_crawler_headers_publication_time_is_taken(world):
    pingtan = Agency.objects.create(name="平潭综合实验区管委会", kind="county", added_on=ON_PLATFORM_SINCE)
    r = services.import_batch(batch_of(("2024_pingtan-zhqsyq.txt", (CORPUS / "2024_pingtan-zhqsyq.txt")
                                        .read_bytes())), office=pingtan, by="t")[0].report
    assert r.status == "audited"
    assert r.published_on == dt.date(2025, 3, 10)
    assert "发布时间“2025-03-10 15:35”" in r.published_on_source


# ------------------------------------------------------------------ 12. 整改 text, exit status, form year
def test_the_rectification_text_carries_the_code_once(world, unit, login):
    from gongkai.web.accounts.models import User as U
    r = _import("a.txt", sample_text(), world.county)
    f = _finding(r, "R401")
    services.review_finding(f, "confirmed", "", world.supervisor)
    item = services.issue_rectification(f, dt.date.today() + dt.timedelta(days=30), "", world.supervisor)
    assert item.description == f.message and "[R401]" not in item.description
    clerk = U.objects.create(username="qh", full_name="qh", role="clerk", agency=unit)
    page = login(clerk).get("/supervision/rectifications/mine/").content.decode()
    assert page.count(f.message) == 1 and "审核意见 R401" in page
    # an item an older version wrote as "[code] message" reads the same
    Rectification.objects.filter(pk=item.pk).update(description=f"[R401] {f.message}")
    page = login(clerk).get("/supervision/rectifications/mine/").content.decode()
    assert page.count(f.message) == 1 and "[R401] " + f.message not in page


def test_cli_import_exits_2_when_a_file_cannot_be_read(world, unit, tmp_path, capsys):
    (tmp_path / "a.txt").write_text(sample_text(), encoding="utf-8")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    assert cli_main(["supervise", "import", str(tmp_path), "--office", world.county.name]) == 2
    assert "无法读取 1" in capsys.readouterr().err
    assert cli_main(["supervise", "import", str(tmp_path / "a.txt"), "--office", world.county.name]) == 0


def test_a_refused_date_keeps_the_forms_year(world, unit, login):
    c = login(world.supervisor)
    resp = c.post("/supervision/upload/", {"files": [io.BytesIO(b"x")], "year": "2023",
                                           "published_on": "2020-01-01"})
    assert resp.status_code == 302 and "upload_year=2023" in resp["Location"]
    page = c.get(resp["Location"]).content.decode()
    assert 'name="year" type="number"' in page and 'value="2023"' in page and "早于 2024-01-01" in page


# ------------------------------------------------------------------ 10. web addresses
@pytest.fixture
def web_server(tmp_path):
    """A local HTTP server over a folder: its files as they are, /show?id=N a text page without a suffix,
    /redirect to a file:// address, /big with a Content-Length past the limit."""
    import http.server

    root = tmp_path / "site"
    root.mkdir()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(root), **kw)

        def log_message(self, *a):
            pass

        def do_GET(self):
            if self.path.startswith("/show?"):
                body = (root / "page.txt").read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
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


def test_reports_are_imported_from_web_addresses(world, unit, web_server, tmp_path, capsys):
    root, base = web_server
    (root / "qinghe.txt").write_text(sample_text(), encoding="utf-8")
    (root / "page.txt").write_text(sample_text().replace(unit.name, world.b.name), encoding="utf-8")
    listing = tmp_path / "地址.txt"
    listing.write_text(f"# 各单位的年报\n{base}/show?id=3\n\n{base}/missing.txt\n{base}/redirect\n{base}/big.pdf\n"
                       "ftp://example.org/a.txt\n", encoding="utf-8")
    assert cli_main(["supervise", "import", "--urls", str(listing), "--office", world.county.name]) == 2  # refused
    out = capsys.readouterr().out
    assert f"{base}/missing.txt\t服务器返回 404" in out
    assert f"{base}/redirect\t重定向到了不支持的地址 file:///etc/passwd，未取得文件" in out
    assert f"{base}/big.pdf\t文件过大（上限 50 MB）" in out
    assert "ftp://example.org/a.txt\t只支持 http:// 或 https://" in out
    page = PublishedReport.objects.get(source_name=f"{base}/show?id=3#.txt")  # the address, and the type
    assert page.status == "audited" and page.agency == world.b and page.year == 2023
    # an address on the command line, with a date for it
    assert cli_main(["supervise", "import", f"{base}/qinghe.txt", "--office", world.county.name,
                     "--published-on", f"{base}/qinghe.txt=2024-01-25"]) == 0
    r = PublishedReport.objects.get(source_name=f"{base}/qinghe.txt")
    assert r.agency == unit and r.published_on == dt.date(2024, 1, 25)
    # a list with a line that is no address: refused before anything is fetched
    listing.write_text("qinghe.txt\n", encoding="utf-8")
    assert cli_main(["supervise", "import", "--urls", str(listing)]) == 2
    assert "第 1 行“qinghe.txt”不是网页地址（应以 http:// 或 https:// 开头）" in capsys.readouterr().err


def test_import_help_names_addresses_and_the_exit_status(capsys):
    with pytest.raises(SystemExit):
        cli_main(["supervise", "import", "--help"])
    out = capsys.readouterr().out
    assert "--urls" in out and "网页地址" in out and "退出码" in out


def test_the_upload_form_reads_chinese_member_names_too(world, unit, login):
    from django.core.files.uploadedfile import SimpleUploadedFile
    data = _zip_without_flag({"清河镇2023年报.txt".encode("gbk"): sample_text().encode()})
    page = login(world.supervisor).post("/supervision/upload/", {
        "files": [SimpleUploadedFile("各单位.zip", data, content_type="application/zip")]}, follow=True).content.decode()
    assert "各单位.zip/清河镇2023年报.txt" in page
    assert PublishedReport.objects.get().source_name == "各单位.zip/清河镇2023年报.txt"
