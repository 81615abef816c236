"""Step 5: gongkai supervise export --format json|xlsx, the CLI import, and the page's XLSX evaluation."""

from __future__ import annotations

import io
import json
import zipfile

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
    assert wb.sheetnames == ["发布情况", "年报", "审核意见"]
    assert cli_main(["supervise", "export", "--year", "2023", "--format", "xlsx", "--office", "无此机关"]) == 2
    assert "无此机关" in capsys.readouterr().err


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
