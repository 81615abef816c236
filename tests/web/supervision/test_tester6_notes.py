"""Defects tester 6 (task S) found in the supervising office's year (issue 15), each fixed as a class:
a second 报送 replaced the first; a reassigned file showed the old unit's similarity; ``supervise audit --all``
counted a voided file in its total only; the thresholds setting had no written form; the indicator legend said
"—" meant a zero denominator only; the upload's result stayed at the POST address; an unreadable file was
said to be "第1版"; a reader's size refusal said "20 MB, limit 20 MB"; a repeated address vanished."""

from __future__ import annotations

import datetime as dt
import http.server
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from gongkai.cli import main as cli_main
from gongkai.readers import over_limit_mb
from gongkai.web.accounts.models import User
from gongkai.web.auditlog.models import AuditEntry
from gongkai.web.clock import today
from gongkai.web.supervision import indicators, services

from .conftest import batch_of, local_site, sample_text


def _import(name, text, world, **kw):
    return services.import_batch(batch_of((name, text if isinstance(text, bytes) else text.encode())),
                                 office=world.county, by="t", year=2023, **kw)[0].report


def _of(agency_name):
    return sample_text().replace("示例县清河镇人民政府", agency_name)


# ------------------------------------------------------------------ 报送 twice: both kept
def test_a_second_report_of_the_unit_is_added_to_the_first_never_replaces_it(world, unit, login):
    clerk = User.objects.create(username="qh_clerk", full_name="清河经办人", role="clerk", agency=unit)
    r = _import("清河镇年报.txt", sample_text(), world)
    f = r.findings.filter(origin="audit", active=True).first()
    services.review_finding(f, "confirmed", "", world.supervisor)
    item = services.issue_rectification(f, today() + dt.timedelta(days=10), "请更正表三", world.supervisor)
    client = login(clerk)
    page = client.get("/supervision/rectifications/mine/").content.decode()
    assert "所依据的年报：清河镇年报.txt" in page and "报送整改情况</button>" in page
    client.post(f"/supervision/rectifications/{item.pk}/respond/", {"response": "已重新核对表三，第一次报送"})
    page = client.get("/supervision/rectifications/mine/").content.decode()
    assert "补充报送（已报送的内容保留）" in page
    assert "第一次报送</textarea>" not in page  # the form does not offer the old text to be overwritten
    client.post(f"/supervision/rectifications/{item.pk}/respond/", {"response": "x"})
    item.refresh_from_db()
    assert [e["text"] for e in item.reports] == ["已重新核对表三，第一次报送", "x"]
    assert all(e["by"] == "清河经办人" and e["at"] is not None for e in item.reports)
    assert item.response == "x" and item.responded_by == "清河经办人"  # the latest, for the 待办
    page = client.get("/supervision/rectifications/mine/").content.decode()
    assert "已重新核对表三，第一次报送" in page and "补充报送：x" in page
    board = login(world.supervisor).get("/supervision/dashboard/?year=2023").content.decode()
    assert "本机关报送（清河经办人" in board and "已重新核对表三，第一次报送" in board and "补充报送（清河经办人" in board
    entries = AuditEntry.objects.filter(action="supervision_rectify_response").order_by("id")
    assert [e.new.get("supplement") for e in entries] == [None, 2]


def test_an_item_answered_before_the_record_was_kept_keeps_its_answer(world, unit):
    from gongkai.web.supervision.models import Rectification
    clerk = User.objects.create(username="qh_clerk", full_name="清河经办人", role="clerk", agency=unit)
    r = _import("清河镇年报.txt", sample_text(), world)
    f = r.findings.filter(origin="audit", active=True).first()
    services.review_finding(f, "confirmed", "", world.supervisor)
    item = services.issue_rectification(f, today() + dt.timedelta(days=10), "", world.supervisor)
    Rectification.objects.filter(pk=item.pk).update(response="旧版本报送的", responded_by="老经办人",
                                                    responded_at=dt.datetime(2025, 1, 2, tzinfo=dt.timezone.utc))
    item.refresh_from_db()
    services.respond_rectification(item, "补充", clerk)
    item.refresh_from_db()
    assert [(e["text"], e["by"]) for e in item.reports] == [("旧版本报送的", "老经办人"), ("补充", "清河经办人")]


# ------------------------------------------------------------------ 改派: the similarity is the new unit's
def test_after_reassigning_the_similarity_shown_is_the_new_units_or_none(world, unit, login):
    r = _import("乙局年报.txt", _of(world.b.name), world)
    assert r.agency == world.b and r.match_score == 100.0
    services.confirm_agency(r, world.a, world.supervisor, "落款是甲镇")
    r.refresh_from_db()
    in_candidates = {c["id"]: c["score"] for c in r.candidates}
    assert r.match_score == in_candidates.get(world.a.pk)
    page = login(world.supervisor).get(f"/supervision/reports/{r.pk}/").content.decode()
    assert "相似度 100.0" not in page.split("<th>机关</th>")[1].split("</tr>")[0]


# ------------------------------------------------------------------ audit --all: the parts add up
def test_audit_all_counts_a_voided_file_apart(world, unit, capsys):
    a = _import("乙局年报.txt", _of(world.b.name), world)
    _import("清河镇年报.txt", sample_text(), world)
    _import("坏.pdf", b"%PDF-1.4 broken", world)
    services.void_report(a, "不是年报", world.supervisor)
    capsys.readouterr()
    assert cli_main(["supervise", "audit", "--all", "--year", "2023", "--office", "测试县人民政府"]) == 0
    out = capsys.readouterr().out
    assert "已审核 3 份：已审核 1，无法读取 1，已作废 1（不计入发布情况和统计）。" in out


# ------------------------------------------------------------------ thresholds: written form, checked
def test_thresholds_from_the_environment_as_json(monkeypatch, settings):
    settings.GONGKAI_SUPERVISION_THRESHOLDS = None
    monkeypatch.setenv("GONGKAI_SUPERVISION_THRESHOLDS", '{"carry_rate": [0.15, 0.3], "open_rate": [0.6, 0.4, "low"]}')
    t = indicators.thresholds()
    assert t["carry_rate"] == (0.15, 0.3, "high") and t["open_rate"] == (0.6, 0.4, "low")
    assert t["withheld_rate"] == indicators.DEFAULT_THRESHOLDS["withheld_rate"]
    for wrong, said in (('{"carry": [0.1, 0.2]}', "没有指标“carry”"), ("[1]", "不是“指标: [黄, 红]”的映射"),
                        ('{"carry_rate": [20, 40]}', "应为 0 到 1 之间的比例"), ("{x", "不是 JSON"),
                        ('{"carry_rate": [0.4, 0.2]}', "黄色阈值应当不大于红色阈值"),
                        ('{"open_rate": [0.3, 0.5]}', "黄色阈值应当不小于红色阈值"),
                        ('{"carry_rate": [0.1, 0.2, "up"]}', "应为 high 或 low")):
        monkeypatch.setenv("GONGKAI_SUPERVISION_THRESHOLDS", wrong)
        with pytest.raises(ImproperlyConfigured) as exc:
            indicators.thresholds()
        assert said in str(exc.value) and "例如" in str(exc.value)


@hsettings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.recursive(st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                        st.sampled_from([*indicators.DEFAULT_THRESHOLDS, "x"]), inner, max_size=3), max_leaves=8))
def test_any_thresholds_value_is_taken_or_refused_in_chinese(value, settings):
    """Whatever the setting holds: thresholds the pages can use (yellow before red in the direction), or
    ImproperlyConfigured naming the setting — never another exception."""
    settings.GONGKAI_SUPERVISION_THRESHOLDS = json.dumps(value)
    try:
        t = indicators.thresholds()
    except ImproperlyConfigured as exc:
        assert "GONGKAI_SUPERVISION_THRESHOLDS" in str(exc)
    else:
        for yellow, red, direction in t.values():
            assert 0 <= yellow <= 1 and 0 <= red <= 1
            assert (yellow <= red) if direction == "high" else (yellow >= red)


def test_serve_checks_the_thresholds_at_start(settings):
    from gongkai.web.supervision.tasks import check_settings
    settings.GONGKAI_SUPERVISION_THRESHOLDS = {"carry_rate": (0.5, 0.1)}
    with pytest.raises(ImproperlyConfigured):
        check_settings()


def test_the_dashboard_legend_says_a_blank_cell_is_a_dash_too(world, login):
    page = login(world.supervisor).get("/supervision/dashboard/?year=2023").content.decode()
    assert "计算所需的格在报告中空白（未能读出数字）时显示“—”" in page


# ------------------------------------------------------------------ the upload's result has its own address
def test_the_upload_goes_on_to_the_result_page(world, unit, login):
    client = login(world.supervisor)
    resp = client.post("/supervision/upload/", {"year": "2023", "files": [
        SimpleUploadedFile("清河镇年报.txt", sample_text().encode())]})
    assert resp.status_code == 302 and resp["Location"].startswith("/supervision/imported/")
    page = client.get(resp["Location"]).content.decode()
    assert "清河镇年报.txt" in page and "第1版" in page


# ------------------------------------------------------------------ an unreadable file is no version
def test_an_unreadable_file_is_not_said_to_be_a_version(world, unit, tmp_path, capsys, login):
    (tmp_path / "坏.pdf").write_bytes(b"%PDF-1.4 broken")
    capsys.readouterr()
    assert cli_main(["supervise", "import", str(tmp_path / "坏.pdf"), "--year", "2023",
                     "--office", "测试县人民政府"]) == 2
    line = next(x for x in capsys.readouterr().out.splitlines() if "坏.pdf" in x)
    assert "不计版本（无法读取）" in line and "第1版" not in line
    client = login(world.supervisor)
    resp = client.post("/supervision/upload/", {"year": "2023", "files": [
        SimpleUploadedFile("坏2.pdf", b"%PDF-1.4 broken too")]}, follow=True)
    row = resp.content.decode().split("坏2.pdf")[1].split("</tr>")[0]
    assert "不计版本" in row and "第1版" not in row


# ------------------------------------------------------------------ the size refusal reads larger than the limit
@given(st.integers(min_value=1, max_value=200 * 2**20), st.sampled_from([20 * 2**20, 50 * 2**20]))
def test_the_size_said_is_larger_than_the_limit(excess, limit):
    shown = over_limit_mb(limit + excess, limit)
    assert float(shown) > limit / 2**20


# ------------------------------------------------------------------ a repeated address is said
class _Report(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = sample_text().encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


def test_a_repeated_address_in_the_list_is_said_not_dropped(world, unit, tmp_path, capsys):
    with local_site(_Report) as base:
        url = f"{base}/qh.txt"
        (tmp_path / "urls.txt").write_text(f"{url}\n{url}\n", encoding="utf-8")
        capsys.readouterr()
        cli_main(["supervise", "import", "--urls", str(tmp_path / "urls.txt"), "--year", "2023",
                  "--office", "测试县人民政府"])
    captured = capsys.readouterr()
    lines = [x for x in captured.out.splitlines() if url in x]
    assert len(lines) == 2
    assert any("本次导入中重复的地址（共出现 2 次），只抓取一次" in x for x in lines)
    assert "共 2 个文件" in captured.err


def test_the_upload_form_lists_the_types_the_refusal_lists(world, login):
    from gongkai.web.supervision.intake import REPORT_SUFFIXES
    page = login(world.supervisor).get("/supervision/").content.decode()
    hint = page.split('id="upload-types">')[1].split("</p>")[0]
    assert all(s in hint.split() or f"{s}（" in hint for s in REPORT_SUFFIXES), hint


def test_the_json_export_lists_the_addresses_that_gave_no_file(world, unit, tmp_path):
    from gongkai.web.supervision import addresses
    addresses.import_addresses(["ftp://example.org/qh.txt"], office=world.county, by="t", year=2023)
    addresses.import_addresses(["ftp://example.org/other-year.txt"], office=world.county, by="t", year=2022)
    out = tmp_path / "e.json"
    assert cli_main(["supervise", "export", "--year", "2023", "--format", "json", "-o", str(out),
                     "--office", "测试县人民政府"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    [a] = data["addresses_not_fetched"]
    assert a["url"] == "ftp://example.org/qh.txt" and a["status"] == "failed" and "http" in a["reason"]
    assert a["year_given"] == 2023 and a["given_at"]
