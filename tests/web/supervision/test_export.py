"""Step 5: gongkai supervise export --format json|xlsx, the CLI import, and the page's XLSX evaluation."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from gongkai.cli import main as cli_main
from gongkai.web.supervision import services
from gongkai.web.supervision.models import PublishedReport

from .conftest import SAMPLE_AGENCY, batch_of, sample_text


def test_cli_import_and_json_export(world, unit, tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "qinghe.txt").write_text(sample_text(), encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    with zipfile.ZipFile(folder / "more.zip", "w") as z:
        z.writestr("../../escape.txt", "x")
        z.writestr("copy/qinghe.txt", sample_text())  # the same bytes again: one version
    code = cli_main(["supervise", "import", str(folder), "--year", "2023", "--office", world.county.name])
    out = capsys.readouterr().out
    assert code == 2  # the traversal member was refused (and said)
    assert "路径穿越" in out and "已导入过" in out and SAMPLE_AGENCY in out
    assert PublishedReport.objects.count() == 2
    services.review_finding(PublishedReport.objects.get(agency=unit).findings.first(), "confirmed", "属实",
                            world.supervisor)
    out_file = tmp_path / "e.json"
    assert cli_main(["supervise", "export", "--year", "2023", "--format", "json", "-o", str(out_file),
                     "--office", world.county.name]) == 0
    data = json.loads(out_file.read_text(encoding="utf-8"))
    by_file = {e["file"]: e for e in data["reports"]}
    q = by_file["more.zip/copy/qinghe.txt"]  # the first file with these bytes names them
    assert q["agency"] == SAMPLE_AGENCY and q["year"] == 2023 and q["status"] == "audited"
    # the same counts as `gongkai audit` of the same file (the sample's planted errors)
    from gongkai.audit import audit
    from gongkai.cli import sample_path
    from gongkai.readers import read_report
    found = audit(read_report(sample_path()))
    assert q["errors"] == sum(f.severity == "error" for f in found) >= 3 and q["warnings"] >= 1
    assert {"code", "severity", "message", "review", "comment"} <= set(q["findings"][0])
    assert any(f["review"] == "confirmed" and f["comment"] == "属实" for f in q["findings"])
    b = by_file["broken.pdf"]
    assert b["status"] == "unreadable" and b["read_error"] and b["findings"] == [] and b["year"] == 2023
    assert cli_main(["supervise", "coverage", "--year", "2023", "--office", world.county.name]) == 0
    assert SAMPLE_AGENCY in capsys.readouterr().out


def test_cli_xlsx_export_and_usage_errors(world, unit, tmp_path, capsys):
    services.import_batch(batch_of(("qinghe.txt", sample_text().encode())), office=world.county, by="t")
    out = tmp_path / "e.xlsx"
    assert cli_main(["supervise", "export", "--year", "2023", "--format", "xlsx", "-o", str(out)]) == 2  # two roots
    assert "--office" in capsys.readouterr().err
    assert cli_main(["supervise", "export", "--year", "2023", "--format", "xlsx", "-o", str(out),
                     "--office", world.county.name]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["发布情况", "年报", "审核意见", "年度不明的文件", "已作废的文件"]
    assert cli_main(["supervise", "export", "--year", "2023", "--format", "xlsx", "--office", "无此机关"]) == 2
    assert "无此机关" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_cli_export_name_without_an_ending_gets_the_formats(world, unit, tmp_path, capsys, fmt):
    """「-o 结果」 wrote a file named 结果 that no program opens by a double click: the format's ending is added
    and said; a name ending as the other format is refused before anything is written."""
    services.import_batch(batch_of(("qinghe.txt", sample_text().encode())), office=world.county, by="t")
    assert cli_main(["supervise", "export", "--year", "2023", "--format", fmt, "-o", str(tmp_path / "结果"),
                     "--office", world.county.name]) == 0
    assert f"结果.{fmt}" in capsys.readouterr().out
    assert (tmp_path / f"结果.{fmt}").is_file() and not (tmp_path / "结果").exists()
    if fmt == "xlsx":
        assert load_workbook(tmp_path / "结果.xlsx").sheetnames[0] == "发布情况"
    else:
        assert json.loads((tmp_path / "结果.json").read_text(encoding="utf-8"))["reports"]
    other = tmp_path / ("e.json" if fmt == "xlsx" else "e.xlsx")
    assert cli_main(["supervise", "export", "--year", "2023", "--format", fmt, "-o", str(other),
                     "--office", world.county.name]) == 2
    assert "扩展名" in capsys.readouterr().err and not other.exists()


def test_page_xlsx_export(world, unit, login):
    services.import_batch(batch_of(("=HYPERLINK(1).txt", sample_text().encode())), office=world.county, by="t")
    resp = login(world.supervisor).get("/supervision/export/2023.xlsx")
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(resp.content))
    rows = list(wb["发布情况"].values)
    assert rows[0][0] == "机关" and any(r[0] == SAMPLE_AGENCY for r in rows)
    files = [c.value for c in wb["年报"]["A"]]
    assert "=HYPERLINK(1).txt" in files and wb["年报"]["A2"].data_type == "s"  # text, not a formula
    assert wb["审核意见"].max_row > 1
    assert login(world.clerk_a).get("/supervision/export/2023.xlsx").status_code == 403


def test_cli_audit_requeues_pending_and_reruns_all_keeping_decisions(world, unit, capsys):
    r = services.import_batch(batch_of(("a.txt", sample_text().encode())), office=world.county, by="t")[0].report
    f = r.findings.first()
    services.review_finding(f, "dismissed", "已说明", world.supervisor)
    PublishedReport.objects.filter(pk=r.pk).update(status="pending")  # a worker stopped mid-way
    assert cli_main(["supervise", "audit", "--office", world.county.name]) == 0
    r.refresh_from_db()
    assert r.status == "audited"
    assert cli_main(["supervise", "audit", "--all", "--year", "2023", "--office", world.county.name]) == 0
    f.refresh_from_db()
    assert f.review == "dismissed" and f.active
    assert "已审核 1 份" in capsys.readouterr().out


def test_an_unreadable_file_imported_with_a_year_is_in_that_years_export(world, unit, tmp_path, login):
    """SUPV-FIX item 5: the year given on import (--year, the form's 年度) is the year of a file that cannot be
    read — it is in that year's JSON and XLSX exports, as 无法读取."""
    broken = tmp_path / "清河镇年报.pdf"
    broken.write_bytes(b"%PDF-1.4 broken")
    assert cli_main(["supervise", "import", str(broken), "--year", "2023", "--office", world.county.name]) == 2
    out = tmp_path / "e.json"
    assert cli_main(["supervise", "export", "--year", "2023", "--format", "json", "-o", str(out),
                     "--office", world.county.name]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [(e["file"], e["year"], e["status"]) for e in data["reports"]] == [("清河镇年报.pdf", 2023, "unreadable")]
    assert data["year_unknown"] == []
    # the form's 年度 does the same
    login(world.supervisor).post("/supervision/upload/", {"year": "2023", "files": [
        _upload("某局年报.pdf", b"%PDF-1.4 also broken")]}, follow=True)
    wb = load_workbook(io.BytesIO(login(world.supervisor).get("/supervision/export/2023.xlsx").content))
    rows = {r[0]: r for r in wb["年报"].iter_rows(min_row=2, values_only=True)}
    assert rows["某局年报.pdf"][2] == 2023 and rows["某局年报.pdf"][5] == "无法读取"
    assert rows["清河镇年报.pdf"][2] == 2023


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile
    return SimpleUploadedFile(name, data)


def test_files_of_unknown_year_are_listed_apart_in_every_years_export(world, unit, tmp_path, login):
    """SUPV-FIX item 5: a file no year could be given to (unreadable, no --year, no year in its name) belongs to
    no year; each year's export lists it in a section of its own (JSON ``year_unknown``, XLSX sheet
    年度不明的文件) so nothing imported is lost — and importing it again with a year places it."""
    broken = tmp_path / "清河镇年报.pdf"
    broken.write_bytes(b"%PDF-1.4 broken")
    cli_main(["supervise", "import", str(broken), "--office", world.county.name])
    r = PublishedReport.objects.get()
    assert r.status == "unreadable" and r.year is None
    for year in ("2022", "2023"):
        out = tmp_path / f"{year}.json"
        assert cli_main(["supervise", "export", "--year", year, "--format", "json", "-o", str(out),
                         "--office", world.county.name]) == 0
        data = json.loads(out.read_text(encoding="utf-8"))
        assert data["reports"] == []
        [entry] = data["year_unknown"]
        assert (entry["file"], entry["year"], entry["status"], entry["year_unknown"]) == (
            "清河镇年报.pdf", None, "unreadable", True)
        assert data["year_unknown_note"].startswith("年度不明")
    xlsx = tmp_path / "e.xlsx"
    assert cli_main(["supervise", "export", "--year", "2023", "--format", "xlsx", "-o", str(xlsx),
                     "--office", world.county.name]) == 0
    sheet = load_workbook(xlsx)["年度不明的文件"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("年度不明") and rows[1][0] == "文件"
    assert (rows[2][0], rows[2][2], rows[2][5]) == ("清河镇年报.pdf", "年度不明", "无法读取")
    page = load_workbook(io.BytesIO(login(world.supervisor).get("/supervision/export/2023.xlsx").content))
    assert [c.value for c in page["年度不明的文件"]["A"]][2] == "清河镇年报.pdf"
    # imported again with the year: it is that year's now
    cli_main(["supervise", "import", str(broken), "--year", "2023", "--office", world.county.name])
    r.refresh_from_db()
    assert (r.year, r.year_given) == (2023, 2023) and "再次导入时指定" in r.note
    out = tmp_path / "again.json"
    cli_main(["supervise", "export", "--year", "2023", "--format", "json", "-o", str(out),
              "--office", world.county.name])
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [e["file"] for e in data["reports"]] == ["清河镇年报.pdf"] and data["year_unknown"] == []
