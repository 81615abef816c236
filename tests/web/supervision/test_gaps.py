"""Gaps found at scale (issue 15): --year against the report's own year, the same file twice in one batch,
the 乡镇 deadline, and a restored backup bringing the kept originals back."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from gongkai.cli import main as cli_main
from gongkai.web.supervision import services
from gongkai.web.supervision.models import PublishedReport

from .conftest import batch_of, sample_text


# ------------------------------------------------------------------ --year against the report's year
def test_report_year_wins_over_given_year_and_says_so(world, unit, login):
    r = services.import_batch(batch_of(("x.txt", sample_text().encode())), office=unit.parent, by="t",
                              year=2024)[0].report
    assert r.year == 2023 and r.year_given == 2024  # the report says 2023: it counts for 2023
    flag = r.findings.get(code="S02", active=True)
    assert flag.origin == "platform" and flag.severity == "warning"
    assert "2023" in flag.message and "2024" in flag.message and "按报告的年度计入" in flag.message
    assert r.errors == sum(f.severity == "error" for f in r.findings.filter(origin="audit"))  # not counted
    c = login(world.supervisor)
    assert "与指定的 2024 年不同" in c.get("/supervision/?year=2023").content.decode()
    assert "年度与导入时指定的不同" in c.get(f"/supervision/reports/{r.pk}/").content.decode()
    # the flag is reviewed like any finding, and its decision stays when the file is audited again
    services.review_finding(flag, "dismissed", "导入时年度填错", world.supervisor)
    services.audit_published(r.pk)
    assert r.findings.get(code="S02").review == "dismissed"


def test_no_flag_when_the_years_agree_or_no_year_was_given(unit):
    r = services.import_batch(batch_of(("x.txt", sample_text().encode())), office=unit.parent, by="t",
                              year=2023)[0].report
    r2 = services.import_batch(batch_of(("y.txt", sample_text().encode() + b"\n")), office=unit.parent,
                               by="t")[0].report
    assert not r.findings.filter(code="S02").exists() and not r2.findings.filter(code="S02").exists()
    assert r.note == ""


def test_cli_import_lists_the_year_mismatch(world, unit, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "qinghe.txt").write_text(sample_text(), encoding="utf-8")
    assert cli_main(["supervise", "import", str(folder), "--year", "2024", "--office", world.county.name]) == 0
    out = capsys.readouterr().out
    assert "1 份报告写明的年度与 --year 2024 不同" in out and "qinghe.txt\t报告写明 2023 年" in out
    assert cli_main(["supervise", "coverage", "--year", "2023", "--office", world.county.name]) == 0
    assert "年度与导入时指定的不同：qinghe.txt（导入时指定 2024 年，报告写明 2023 年" in capsys.readouterr().out


# ------------------------------------------------------------------ the same file twice in one batch
def test_same_file_twice_in_one_batch_resolves_at_once(unit):
    data = sample_text().encode()
    res = services.import_batch(batch_of(("a/qinghe.txt", data), ("b/qinghe.txt", data)), office=unit.parent,
                                by="t")
    assert [i.state for i in res] == ["new", "duplicate"]
    assert res[0].report.pk == res[1].report.pk and PublishedReport.objects.count() == 1
    assert res[1].report.status == "audited" and res[1].report.agency == unit and res[1].report.version == 1
    assert "a/qinghe.txt" in res[1].reason


def test_same_file_twice_in_one_zip_page(world, unit, login):
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("one/qinghe.txt", sample_text())
        z.writestr("two/qinghe.txt", sample_text())
    page = login(world.supervisor).post("/supervision/upload/", {
        "files": [SimpleUploadedFile("all.zip", buf.getvalue())]}, follow=True).content.decode()
    assert "待审核" not in page and page.count("已审核") == 2


# ------------------------------------------------------------------ 乡镇: the 条例 sets no date
def test_township_has_no_statutory_deadline(world, unit, settings):
    from gongkai.web.deadlines import publication_due
    due, basis = publication_due(2024, unit)
    assert due is None and "第四十九条" in basis and "条例未规定乡镇的期限" in basis and "按县级" not in basis
    dept_due, dept_basis = publication_due(2024, world.county.__class__(kind="department"))
    assert dept_due == dt.date(2025, 1, 31) and "第一款" in dept_basis
    gov_due, gov_basis = publication_due(2024, world.county)
    assert gov_due == dt.date(2025, 3, 31) and "第二款" in gov_basis
    # an office whose local rules set a date for its 乡镇 says so in settings; it is cited as local, not as the 条例
    settings.GONGKAI_TOWNSHIP_REPORT_DUE = "02-20"
    due, basis = publication_due(2024, unit)
    assert due == dt.date(2025, 2, 20) and "本地规定" in basis and "条例未规定" in basis


def test_township_coverage_without_a_local_date_is_never_overdue(world, unit):
    rows = {row["agency"].pk: row for row in services.coverage(world.county, 2020)}
    row = rows[unit.pk]
    assert row["due"] is None and not row["overdue"] and row["state"] == "未发布（条例未规定期限）"
    services.import_batch(batch_of(("x.txt", sample_text().encode())), office=unit.parent, by="t",
                          published_on=dt.date(2024, 12, 1))
    row = {row["agency"].pk: row for row in services.coverage(world.county, 2023)}[unit.pk]
    assert row["published"] and row["on_time"] is None and row["state"] == "已发布（条例未规定期限）"


# ------------------------------------------------------------------ backup and restore of the kept originals
def _imported_with_files(settings, tmp_path, unit):
    settings.DATA_DIR = tmp_path / "data"
    settings.GONGKAI_SUPERVISION_DIR = None  # the default place: DATA_DIR/supervision
    data = sample_text().encode()
    r = services.import_batch(batch_of(("qinghe.txt", data)), office=unit.parent, by="t")[0].report
    return r, data


@pytest.mark.django_db(transaction=True)  # a backup is one REPEATABLE READ transaction on PostgreSQL
def test_restore_brings_back_the_imported_published_files(world, unit, settings, tmp_path):
    import shutil
    import zipfile

    from gongkai.web import backup as bk
    from gongkai.web.supervision.intake import stored_path
    r, data = _imported_with_files(settings, tmp_path, unit)
    (stored_path("0" * 64).parent / ".incoming-1-x").write_bytes(b"half a file")  # an import under way
    path = tmp_path / "b.zip"
    bk.write_backup(path)
    names = zipfile.ZipFile(path).namelist()
    assert f"data/supervision/{r.sha256}" in names and not any(".incoming-" in n for n in names)
    # the data folder is lost; the records are still in the database (or restored into a new one)
    shutil.rmtree(settings.DATA_DIR / "supervision")
    assert services.audit_published(r.pk) == "unreadable"
    bk.restore(open(path, "rb"), force=True)
    assert stored_path(r.sha256).read_bytes() == data
    assert services.audit_published(r.pk) == "audited"  # the kept original reads again
    r.refresh_from_db()
    assert r.agency == unit and r.errors > 0


@pytest.mark.django_db(transaction=True)
def test_a_backup_without_an_imported_file_is_refused_or_says_it_was_missing(world, unit, settings, tmp_path):
    from gongkai.web import backup as bk
    from gongkai.web.supervision.intake import stored_path

    from ..test_backup import _rewrite
    r, data = _imported_with_files(settings, tmp_path, unit)
    raw = io.BytesIO()
    bk.dump(raw)
    member = f"data/supervision/{r.sha256}"
    cut = _rewrite(raw.getvalue(), drop=[member])
    with pytest.raises(bk.BackupError, match="不在备份中"):
        bk.restore(io.BytesIO(cut), force=True)
    assert PublishedReport.objects.filter(pk=r.pk).exists()  # nothing was touched
    # a file already missing when the backup was made: said by the backup, and by the restore
    stored_path(r.sha256).unlink()
    again = io.BytesIO()
    made = bk._dump(again)
    assert any("qinghe" in w or r.sha256 in w for w in made.warnings)
    result = bk.restore(io.BytesIO(again.getvalue()), force=True)
    assert any("请重新导入" in w for w in result.warnings)
