"""Defects a fresh tester found in the supervising office's year (issue 15, fourth round): a GBK file name on disk
aborted a folder import; versions followed the import order instead of the publication date; 某镇 and 某镇人民政府
did not match; a broken PDF's reason named a temporary file; stored files were readable by all; exports dropped
folder paths and the other names of a duplicate."""

from __future__ import annotations

import datetime as dt
import os
import sys

import pytest

from gongkai.cli import main as cli_main
from gongkai.web.supervision import intake
from gongkai.web.supervision.models import PublishedReport

from .conftest import sample_text

posix_bytes_names = pytest.mark.skipif(sys.platform == "win32" or os.fsencode("é") != "é".encode("utf-8"),
                                       reason="文件名按字节保存（UTF-8 文件系统编码）时才会有非 UTF-8 文件名")


# ------------------------------------------------------------------ 1. non-UTF-8 names on disk
def test_readable_name_decodes_gbk_and_replaces_what_nothing_decodes():
    gbk = os.fsdecode("清河镇年报.txt".encode("gbk"))
    assert gbk != "清河镇年报.txt"  # as Python gives it: surrogates
    assert intake.readable_name(gbk) == "清河镇年报.txt"
    assert intake.readable_name("已是UTF-8.txt") == "已是UTF-8.txt"
    odd = intake.readable_name(os.fsdecode(b"\x81\x30\xff.txt"))  # no GB18030 either
    assert odd.endswith(".txt") and "\ufffd" in odd
    odd.encode("utf-8")  # storable and printable


@posix_bytes_names
def test_a_gbk_named_file_in_a_folder_is_imported_with_its_name(world, unit, tmp_path, capsys):
    folder = tmp_path / "各单位"
    folder.mkdir()
    (folder / "乙局年报.txt").write_text(sample_text().replace(unit.name, world.b.name), encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), "清河镇年报.txt".encode("gbk")), "wb") as fh:
        fh.write(sample_text().encode("utf-8"))
    with open(os.path.join(os.fsencode(folder), b"\xff\xfe\xff.txt"), "wb") as fh:
        fh.write(sample_text().replace(unit.name, world.a.name).encode("utf-8"))
    rc = cli_main(["supervise", "import", str(folder), "--office", world.county.name, "--year", "2023",
                   "--published-on", os.fsdecode("清河镇年报.txt".encode("gbk")) + "=2024-01-20"])
    out = capsys.readouterr().out
    assert rc == 0, out
    names = set(PublishedReport.objects.values_list("source_name", flat=True))
    assert len(names) == 3 and {"清河镇年报.txt", "乙局年报.txt"} <= names
    odd = (names - {"清河镇年报.txt", "乙局年报.txt"}).pop()
    assert "\ufffd" in odd and odd.endswith(".txt")
    assert "清河镇年报.txt" in out and odd in out
    assert PublishedReport.objects.get(source_name="清河镇年报.txt").published_on == dt.date(2024, 1, 20)
    assert PublishedReport.objects.get(source_name="清河镇年报.txt").agency == unit
    # the export takes them as well
    assert cli_main(["supervise", "export", "--year", "2023", "--format", "json", "-o", str(tmp_path / "e.json"),
                     "--office", world.county.name]) == 0
    assert "清河镇年报.txt" in (tmp_path / "e.json").read_text(encoding="utf-8")


# ------------------------------------------------------------------ 2. versions by publication date
def _as(text, agency):
    return text.replace("示例县清河镇人民政府", agency.name)


def _corrected(text):
    return text.replace("六、其他需要报告的事项", "六、其他需要报告的事项\n本报告发布后作了更正。", 1)


def _rows(office, year):
    from gongkai.web.supervision import services
    return {row["agency"].pk: row for row in services.coverage(office, year)}


def test_a_correction_imported_before_the_original_is_still_the_later_version(world, unit):
    from gongkai.web.auditlog.models import AuditEntry
    from gongkai.web.supervision import services

    from .conftest import batch_of
    original = _as(sample_text(), world.b)
    services.import_batch(batch_of(("乙局2023更正.txt", _corrected(original).encode())), office=world.county, by="t",
                          year=2023, published_on=dt.date(2024, 3, 1))
    fix = PublishedReport.objects.get()
    assert (fix.version, fix.modified_after_publication) == (1, False)
    assert _rows(world.county, 2023)[world.b.pk]["state"] == "逾期发布"  # all that is known so far
    services.import_batch(batch_of(("乙局2023原版.txt", original.encode())), office=world.county, by="t",
                          year=2023, published_on=dt.date(2024, 1, 20))
    first = PublishedReport.objects.get(source_name="乙局2023原版.txt")
    fix.refresh_from_db()
    assert (first.version, first.modified_after_publication, first.previous_id) == (1, False, None)
    assert (fix.version, fix.modified_after_publication, fix.previous_id) == (2, True, first.pk)
    s01 = fix.findings.get(code="S01", active=True)
    assert "第2版" in s01.message and "2024-01-20 发布的第1版" in s01.message and "乙局2023原版.txt" in s01.message
    assert not first.findings.filter(code="S01", active=True).exists()
    row = _rows(world.county, 2023)[world.b.pk]
    assert row["state"] == "按时发布" and row["first_published_on"] == dt.date(2024, 1, 20)
    assert row["first"].pk == first.pk and row["latest"].pk == fix.pk and row["versions"] == 2
    # the renumbered file is said in the audit log
    entry = AuditEntry.objects.get(action="supervision_renumber")
    assert entry.target_id == str(fix.pk) and (entry.old["version"], entry.new["version"]) == (1, 2)


def test_files_of_unknown_date_follow_the_dated_ones_by_import_time(world, unit):
    from gongkai.web.supervision import services

    from .conftest import batch_of
    text = _as(sample_text(), world.b)
    texts = [text, _corrected(text), _corrected(text).replace("本报告发布后作了更正。", "本报告发布后再次更正。")]
    services.import_batch(batch_of(("无日期.txt", texts[2].encode())), office=world.county, by="t", year=2023)
    services.import_batch(batch_of(("二月.txt", texts[1].encode())), office=world.county, by="t", year=2023,
                          published_on=dt.date(2024, 2, 1))
    services.import_batch(batch_of(("一月.txt", texts[0].encode())), office=world.county, by="t", year=2023,
                          published_on=dt.date(2024, 1, 10))
    numbers = dict(PublishedReport.objects.values_list("source_name", "version"))
    assert numbers == {"一月.txt": 1, "二月.txt": 2, "无日期.txt": 3}
    assert _rows(world.county, 2023)[world.b.pk]["state"] == "按时发布"


def test_confirming_a_later_published_file_keeps_the_confirmed_numbers(world, unit, login):
    """A pending file (its unit not found) confirmed later: the versions already numbered stay as they are when it
    was published after them; one published before them comes first, and the change is logged."""
    from gongkai.web.auditlog.models import AuditEntry
    from gongkai.web.supervision import services

    from .conftest import batch_of
    text = _as(sample_text(), world.b)
    services.import_batch(batch_of(("乙局.txt", text.encode())), office=world.county, by="t", year=2023,
                          published_on=dt.date(2024, 1, 15))
    anonymous = [_corrected(text).replace(world.b.name, "某单位"),
                 text.replace(world.b.name, "某单位").replace("六、其他需要报告的事项", "六、其他需要报告的事项\n另稿。", 1)]
    services.import_batch(batch_of(("稍后.txt", anonymous[0].encode())), office=world.county, by="t", year=2023,
                          published_on=dt.date(2024, 2, 1))
    services.import_batch(batch_of(("更早.txt", anonymous[1].encode())), office=world.county, by="t", year=2023,
                          published_on=dt.date(2024, 1, 5))
    later, earlier = (PublishedReport.objects.get(source_name=n) for n in ("稍后.txt", "更早.txt"))
    assert later.agency is None and earlier.agency is None
    mine = PublishedReport.objects.get(source_name="乙局.txt")
    services.confirm_agency(later, world.b, world.supervisor)
    mine.refresh_from_db()
    later.refresh_from_db()
    assert (mine.version, later.version) == (1, 2)
    assert not AuditEntry.objects.filter(action="supervision_renumber").exists()
    services.confirm_agency(earlier, world.b, world.supervisor)
    numbers = dict(PublishedReport.objects.values_list("source_name", "version"))
    assert numbers == {"更早.txt": 1, "乙局.txt": 2, "稍后.txt": 3}
    logged = {e.target_id: (e.old["version"], e.new["version"])
              for e in AuditEntry.objects.filter(action="supervision_renumber")}
    assert logged == {str(mine.pk): (1, 2), str(later.pk): (2, 3)}
    assert all("更早.txt" in e.new["reason"] for e in AuditEntry.objects.filter(action="supervision_renumber"))


def test_a_corrected_date_renumbers_the_versions(world, unit, login):
    from gongkai.web.auditlog.models import AuditEntry
    from gongkai.web.supervision import services

    from .conftest import batch_of
    text = _as(sample_text(), world.b)
    services.import_batch(batch_of(("甲.txt", text.encode())), office=world.county, by="t", year=2023)
    services.import_batch(batch_of(("乙.txt", _corrected(text).encode())), office=world.county, by="t", year=2023)
    a, b = (PublishedReport.objects.get(source_name=n) for n in ("甲.txt", "乙.txt"))
    assert (a.version, b.version) == (1, 2)  # both dates unknown: import order
    services.set_published_on(b, dt.date(2024, 1, 20), world.supervisor)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (b.version, a.version, a.previous_id, a.modified_after_publication) == (1, 2, b.pk, True)
    assert AuditEntry.objects.filter(action="supervision_renumber").count() == 2


def test_web_uploads_number_by_publication_date_too(world, unit, login):
    from django.core.files.uploadedfile import SimpleUploadedFile
    text = _as(sample_text(), world.b)
    c = login(world.supervisor)
    for name, data, day in (("更正.txt", _corrected(text), "2024-03-01"), ("原版.txt", text, "2024-01-20")):
        c.post("/supervision/upload/", {"files": [SimpleUploadedFile(name, data.encode())], "year": "2023",
                                        "published_on": day}, follow=True)
    numbers = dict(PublishedReport.objects.values_list("source_name", "version"))
    assert numbers == {"原版.txt": 1, "更正.txt": 2}
    assert _rows(world.county, 2023)[world.b.pk]["state"] == "按时发布"


# ------------------------------------------------------------------ 3. 某镇 and 某镇人民政府 are one body
TOWNS = [(1, "青禾县东山镇"), (2, "青禾县西河乡"), (3, "青禾县"), (4, "青禾县财政局"), (5, "青禾县人民政府办公室"),
         (6, "青禾县东山镇财政所"), (7, "青禾县南关街道")]


@pytest.mark.parametrize("printed, title, expected", [
    ("青禾县东山镇人民政府", "青禾县东山镇人民政府2023年政府信息公开工作年度报告", 1),
    ("青禾县西河乡人民政府", "", 2),
    ("", "青禾县西河乡人民政府2023年政府信息公开工作年度报告", 2),
    ("青禾县东山镇", "", 1),
    ("青禾县人民政府", "青禾县人民政府2023年政府信息公开工作年度报告", 3),
    ("青禾县", "", 3),
    ("青禾县南关街道人民政府", "", 7),
    ("青禾县人民政府办公室", "", 5),  # an office of the government is not the government
    ("青禾县东山镇财政所", "", 6),
])
def test_a_township_or_county_and_its_government_match_either_way(printed, title, expected):
    from gongkai.web.supervision import matching
    index = matching.UnitIndex(TOWNS)
    uid, score, _, state = index.match(printed, title, "年报.pdf")
    assert (uid, state) == (expected, "auto"), score


def test_the_government_suffix_is_stripped_on_the_units_side_too():
    from gongkai.web.supervision import matching
    index = matching.UnitIndex([(1, "青禾县东山镇人民政府"), (2, "青禾县西河乡人民政府"), (3, "青禾县人民政府")])
    assert index.match("青禾县东山镇", "", "")[:1] == (1,)
    assert index.match("", "青禾县西河乡2023年年报", "")[:1] == (2,)
    assert index.match("青禾县", "", "")[:1] == (3,)


def test_a_body_inside_a_township_is_not_the_township():
    from gongkai.web.supervision import matching
    assert matching.score("东山镇", "东山镇财政所", "", "") < matching.AUTO_THRESHOLD
    assert matching.score("东山镇财政所", "东山镇人民政府", "", "") < matching.AUTO_THRESHOLD
    index = matching.UnitIndex([(1, "东山镇")])
    assert index.match("东山镇财政所", "", "")[3] == "pending"
    assert matching._clean("东山镇人民政府办公室") == "东山镇人民政府办公室"
    assert matching._clean(matching._clean("东山镇人民政府")) == "东山镇"


def test_a_report_of_the_government_is_imported_to_the_township(world, unit):
    from gongkai.web.agencies.models import Agency
    from gongkai.web.supervision import services

    from .conftest import batch_of
    town = Agency.objects.create(name="示例县东山镇", kind="township", parent=world.county)
    text = sample_text().replace("示例县清河镇人民政府", "示例县东山镇人民政府")
    r = services.import_batch(batch_of(("年报.txt", text.encode())), office=world.county, by="t")[0].report
    assert r.agency == town and r.match_state == "auto"


# ------------------------------------------------------------------ 4. a read error names the file as imported
@pytest.mark.parametrize("name, data", [
    ("南岭镇2024年报.pdf", b"%PDF-1.4 broken"),
    ("南岭镇2024年报.docx", b"PK\x03\x04 not a docx"),
    ("南岭镇2024年报.txt", b"\xff\xfe\x00\xd8 \x81" * 3),
])
def test_a_read_error_names_the_file_as_imported(world, unit, name, data):
    from gongkai.web.supervision import services

    from .conftest import batch_of
    r = services.import_batch(batch_of((name, data)), office=world.county, by="t", year=2024)[0].report
    if r.status != "unreadable":
        pytest.skip(f"{name} 被读出了（读取器容错）")
    for text in (r.read_error,):
        assert "report." not in text and "gongkai-sup-" not in text, text


def test_a_broken_pdf_in_a_zip_is_named_with_its_archive(world, unit):
    import io
    import zipfile

    from gongkai.web.supervision import services
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("南岭镇2024年报.pdf", b"%PDF-1.4 broken")
    batch = intake.Batch()
    intake.add_upload("各镇.zip", io.BytesIO(buf.getvalue()), len(buf.getvalue()), batch)
    r = services.import_batch(batch, office=world.county, by="t", year=2024)[0].report
    assert r.status == "unreadable"
    assert "「各镇.zip/南岭镇2024年报.pdf」" in r.read_error and "report.pdf" not in r.read_error


def test_a_readers_bug_names_the_file_as_imported(world, unit, monkeypatch):
    from gongkai.web.supervision import services

    from .conftest import batch_of

    def broken(path):
        raise ValueError(f"cannot parse {path}")
    monkeypatch.setattr(services, "read_report", broken)
    r = services.import_batch(batch_of(("西河乡年报.html", b"<p>x</p>")), office=world.county, by="t",
                              year=2024)[0].report
    assert r.status == "unreadable" and "内部错误" in r.read_error
    assert "cannot parse 西河乡年报.html" in r.read_error and "gongkai-sup-" not in r.read_error


# ------------------------------------------------------------------ 5. stored files for the service only
posix_modes = pytest.mark.skipif(os.name != "posix", reason="文件权限位只在 POSIX 系统上有意义")


@posix_modes
def test_stored_files_are_0600_in_a_0700_folder(world, unit, settings, tmp_path):
    import stat

    from gongkai.web.supervision import services

    from .conftest import batch_of
    old_umask = os.umask(0o022)  # a usual service umask: files would be 0644
    try:
        services.import_batch(batch_of(("a.txt", sample_text().encode()), ("b.pdf", b"%PDF-1.4 broken")),
                              office=world.county, by="t")
    finally:
        os.umask(old_umask)
    folder = intake.storage_dir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert len(files) == 2 and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)


@posix_modes
def test_a_folder_left_open_by_an_older_version_is_tightened(settings, tmp_path):
    import stat
    settings.GONGKAI_SUPERVISION_DIR = folder = tmp_path / "older"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    (folder / "abc").write_bytes(b"x")
    (folder / "abc").chmod(0o644)
    assert intake.storage_dir() == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and stat.S_IMODE((folder / "abc").stat().st_mode) == 0o600


# ------------------------------------------------------------------ 8. exports keep folder paths and every name
def test_exports_keep_the_folder_path_and_the_other_names_of_a_file(world, unit, tmp_path, capsys):
    import json

    from openpyxl import load_workbook
    folder = tmp_path / "各单位"
    (folder / "sub").mkdir(parents=True)
    data = sample_text().encode("utf-8")
    (folder / "清河镇年报.txt").write_bytes(data)
    (folder / "sub" / "清河镇年报副本.txt").write_bytes(data)
    assert cli_main(["supervise", "import", str(folder), "--office", world.county.name, "--year", "2023"]) == 0
    (tmp_path / "again").mkdir()
    (tmp_path / "again" / "再传一次.txt").write_bytes(data)
    assert cli_main(["supervise", "import", str(tmp_path / "again"), "--office", world.county.name]) == 0
    assert cli_main(["supervise", "import", str(tmp_path / "again"), "--office", world.county.name]) == 0
    out = capsys.readouterr().out
    assert "sub/清河镇年报副本.txt" in out
    r = PublishedReport.objects.get()
    # (the folder's files in path order: sub/… first)
    assert r.source_name == "sub/清河镇年报副本.txt" and r.other_names == ["清河镇年报.txt", "再传一次.txt"]
    assert cli_main(["supervise", "export", "--year", "2023", "--format", "json", "-o", str(tmp_path / "e.json"),
                     "--office", world.county.name]) == 0
    entry = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))["reports"][0]
    assert entry["file"] == "sub/清河镇年报副本.txt" and entry["other_names"] == ["清河镇年报.txt", "再传一次.txt"]
    assert cli_main(["supervise", "export", "--year", "2023", "--format", "xlsx", "-o", str(tmp_path / "e.xlsx"),
                     "--office", world.county.name]) == 0
    ws = load_workbook(tmp_path / "e.xlsx")["年报"]
    header = [c.value for c in ws[1]]
    row = dict(zip(header, [c.value for c in ws[2]]))
    assert row["文件"] == "sub/清河镇年报副本.txt" and row["也以这些文件名导入（内容相同）"] == "清河镇年报.txt、再传一次.txt"


@posix_bytes_names
def test_an_address_list_with_a_gbk_name_is_said_readably(world, unit, tmp_path, capsys):
    raw = os.path.join(os.fsencode(tmp_path), "地址列表.txt".encode("gbk"))
    with open(raw, "wb") as fh:
        fh.write(b"not an address\n")
    assert cli_main(["supervise", "import", "--urls", os.fsdecode(raw), "--office", world.county.name]) == 2
    err = capsys.readouterr().err
    assert "地址列表.txt" in err and "第 1 行" in err


def test_the_upload_result_says_each_files_version_and_a_change_after_publication(world, unit, login):
    """The web import's result lists the version as the CLI does: a changed file for the same unit and year is 第2版,
    发布后修改 (fresh tester: the page had no version column)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    text = _as(sample_text(), world.b)
    c = login(world.supervisor)
    pages = []
    for name, data, day in (("原版.txt", text, "2024-01-20"), ("更正.txt", _corrected(text), "2024-03-01")):
        pages.append(c.post("/supervision/upload/", {"files": [SimpleUploadedFile(name, data.encode())],
                                                     "year": "2023", "published_on": day}, follow=True).content.decode())
    assert "<th>版本</th>" in pages[0] and "第1版" in pages[0] and "发布后修改" not in pages[0]
    assert "第2版" in pages[1] and "（发布后修改）" in pages[1]
