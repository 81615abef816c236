"""Step 1: importing published reports (files, folders, zips), one version per distinct file, matching
to a unit with rapidfuzz, year from the report."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.web.supervision import intake, services
from gongkai.web.supervision.matching import match
from gongkai.web.supervision.models import PublishedReport

from .conftest import SAMPLE_AGENCY, batch_of, sample_text


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_zip_members_are_bounded_and_traversal_refused():
    data = _zip({"ok/a.txt": b"x", "../evil.txt": b"y", "/abs.txt": b"z", "b.exe": b"w", "__MACOSX/._a.txt": b"",
                 "c.html": b"<p>1</p>"})
    batch = intake.Batch()
    intake.add_upload("reports.zip", io.BytesIO(data), len(data), batch)
    assert sorted(f.name for f in batch.files) == ["reports.zip/c.html", "reports.zip/ok/a.txt"]
    reasons = {r.name: r.reason for r in batch.refused}
    assert "路径穿越" in reasons["reports.zip/../evil.txt"]
    assert "绝对路径" in reasons["reports.zip//abs.txt"]
    assert "不支持的文件类型" in reasons["reports.zip/b.exe"]


def test_zip_member_count_and_size_limits(monkeypatch, settings, tmp_path):
    settings.GONGKAI_SUPERVISION_DIR = tmp_path / "limits"
    monkeypatch.setattr(intake, "MAX_ZIP_MEMBERS", 3)
    data = _zip({f"{i}.txt": b"x" for i in range(4)})
    batch = intake.Batch()
    intake.add_upload("many.zip", io.BytesIO(data), len(data), batch)
    assert not batch.files and "过多" in batch.refused[0].reason
    monkeypatch.setattr(intake, "MAX_FILE_BYTES", 10)
    data = _zip({"big.txt": b"x" * 11, "small.txt": b"x"})
    batch = intake.Batch()
    intake.add_upload("big.zip", io.BytesIO(data), len(data), batch)
    assert [f.name for f in batch.files] == ["big.zip/small.txt"]
    assert "过大" in batch.refused[0].reason
    # the refused member was streamed and dropped: nothing of it (and no partial file) is left in storage
    assert sorted(p.name for p in intake.storage_dir().iterdir()) == sorted({f.sha256 for f in batch.files})
    batch = intake.Batch()
    intake.add_upload("bad.zip", io.BytesIO(b"not a zip"), 9, batch)
    assert "不是有效的 zip" in batch.refused[0].reason


def test_same_file_twice_is_one_version_and_stored_by_sha256(unit, settings):
    data = sample_text().encode()
    first = services.import_batch(batch_of(("清河镇2023.txt", data)), office=unit.parent, by="t")
    again = services.import_batch(batch_of(("副本.txt", data)), office=unit.parent, by="t")
    assert first[0].state == "new" and again[0].state == "duplicate"
    assert PublishedReport.objects.count() == 1
    r = PublishedReport.objects.get()
    assert (settings.GONGKAI_SUPERVISION_DIR / r.sha256).read_bytes() == data
    assert r.size == len(data) and r.source_name == "清河镇2023.txt"
    assert r.agency == unit and r.match_state == "auto" and r.year == 2023
    assert r.status == "audited" and r.errors > 0 and r.version == 1 and not r.modified_after_publication


def test_changed_file_is_a_new_version_flagged_modified_after_publication(unit):
    text = sample_text()
    services.import_batch(batch_of(("v1.txt", text.encode())), office=unit.parent, by="t")
    changed = text.replace("六、其他需要报告的事项", "六、其他需要报告的事项\n本报告发布后作了更正。", 1)
    services.import_batch(batch_of(("v2.txt", changed.encode())), office=unit.parent, by="t")
    v1, v2 = PublishedReport.objects.order_by("imported_at", "id")
    assert (v1.version, v2.version) == (1, 2)
    assert v2.previous == v1 and v2.modified_after_publication and not v1.modified_after_publication
    flag = v2.findings.get(code="S01")
    assert flag.active and "发布后修改" in flag.message and v1.source_name in flag.message
    assert not v1.findings.filter(code="S01").exists()


def test_weak_match_waits_for_confirmation_and_nothing_is_dropped(world):
    data = sample_text().encode()
    res = services.import_batch(batch_of(("a.txt", data)), office=world.county, by="t")
    r = res[0].report
    assert r.agency is None and r.match_state == "pending" and r.status == "audited"
    assert r.agency_text == SAMPLE_AGENCY
    services.confirm_agency(r, world.a, world.supervisor)
    r.refresh_from_db()
    assert r.agency == world.a and r.match_state == "confirmed"
    services.audit_published(r.pk)  # a re-run keeps the supervisor's choice
    r.refresh_from_db()
    assert r.agency == world.a


def test_matching_scores():
    class A:
        def __init__(self, i, name):
            self.id, self.name = i, name
    units = [A(1, "测试县人民政府"), A(2, "测试县人民政府办公室"), A(3, "测试县教育局")]
    assert match(units, "测试县教育局", "", "")[0].id == 3
    agency, score, cands, state = match(units, "", "测试县人民政府办公室2024年政府信息公开工作年度报告", "")
    assert agency.id == 2 and state == "auto"
    # the county's name is inside the 办公室's, but a unit that is not on the list is not guessed
    agency, score, cands, state = match(units[:1] + units[2:], "测试县人民政府办公室", "", "")
    assert agency is None and state == "pending" and cands[0]["id"] == 1
    assert match(units, "", "", "教育局2024年度报告.pdf")[3] == "pending"


def test_year_from_report_or_given(unit):
    text = sample_text().replace("2023年", "").replace("2022年", "")
    res = services.import_batch(batch_of(("noyear.txt", text.encode())), office=unit.parent, by="t", year=2023)
    assert res[0].report.year == 2023
    res = services.import_batch(batch_of(("x.txt", sample_text().encode() + b"\n")), office=unit.parent, by="t",
                                year=2024)
    assert res[0].report.year == 2023 and "2024" in res[0].report.note


def test_unreadable_file_is_a_result_not_a_lost_job(unit):
    res = services.import_batch(batch_of(("broken.pdf", b"%PDF-1.4 not really")), office=unit.parent, by="t")
    r = res[0].report
    assert r.status == "unreadable" and r.read_error and r.version == 1


def test_reader_crash_is_stored_as_unreadable(unit, monkeypatch):
    def boom(r):
        raise ZeroDivisionError("bug")
    monkeypatch.setattr(services, "_read_and_audit", boom)
    r = services.import_batch(batch_of(("a.txt", b"x")), office=unit.parent, by="t")[0].report
    assert r.status == "unreadable" and "内部错误" in r.read_error


def test_upload_page_files_and_zip(world, unit, login):
    c = login(world.supervisor)
    assert c.get("/supervision/").status_code == 200
    z = _zip({"年报/清河镇.txt": sample_text().encode(), "../x.txt": b"1"})
    resp = c.post("/supervision/upload/", {"files": [SimpleUploadedFile("batch.zip", z),
                                                     SimpleUploadedFile("note.exe", b"MZ")]}, follow=True)
    page = resp.content.decode()
    assert resp.status_code == 200 and "已导入" in page and "路径穿越" in page and "不支持的文件类型" in page
    r = PublishedReport.objects.get()
    assert r.agency == unit and r.status == "audited" and r.office == world.county
    page = c.get("/supervision/?year=2023").content.decode()
    assert "已审核" in page and SAMPLE_AGENCY in page
    assert c.get(f"/supervision/reports/{r.pk}/").status_code == 200


def test_only_supervisors_in_scope(world, unit, login):
    r = services.import_batch(batch_of(("a.txt", sample_text().encode())), office=world.county, by="t")[0].report
    clerk = login(world.clerk_a)
    assert clerk.get("/supervision/").status_code == 403
    assert clerk.post("/supervision/upload/", {"files": [SimpleUploadedFile("a.txt", b"x")]}, follow=True).status_code == 403
    other = login(world.other_sup)
    assert other.get(f"/supervision/reports/{r.pk}/").status_code == 404
    assert other.post(f"/supervision/reports/{r.pk}/confirm/", {"agency": world.a.pk}).status_code == 404
    f = r.findings.first()
    assert other.post(f"/supervision/findings/{f.pk}/review/", {"decision": "dismissed", "comment": "x"}
                      ).status_code == 404
    assert "a.txt" not in other.get("/supervision/?year=2023").content.decode()


@pytest.mark.parametrize("bad", ["abc", "1900", "99999999999999999999"])
def test_bad_year_is_a_page_not_a_traceback(world, login, bad):
    resp = login(world.supervisor).get(f"/supervision/?year={bad}")
    assert resp.status_code == 404 and "年度" in resp.content.decode()


def test_supervise_commands_skip_migrate_only_when_every_migration_is_applied(db):
    from django.db.migrations.recorder import MigrationRecorder

    from gongkai.web.commands import supervise
    assert supervise._migrated()
    MigrationRecorder.Migration.objects.filter(app="supervision", name="0004_rule_codes").delete()
    assert not supervise._migrated()  # a migration on disk not applied: migrate runs


def test_import_in_chunks_keeps_every_file_and_each_content_once(unit, monkeypatch):
    """Chunks of 3: a file imported before, the same content twice across a chunk boundary, and new files —
    every file is in the result, in order, each content one row, the new ones audited."""
    monkeypatch.setattr(services, "IMPORT_CHUNK", 3)
    monkeypatch.setattr(services, "FIRST_CHUNK", 3)
    text = sample_text().encode()
    before = services.import_batch(batch_of(("old.txt", text)), office=unit.parent, by="t")[0].report
    files = [("a.txt", text + b"\n"), ("old-again.txt", text), ("b.txt", text + b"\n\n"), ("c.txt", text + b"\n" * 3),
             ("a-again.txt", text + b"\n"), ("d.txt", text + b"\n" * 4), ("b-again.txt", text + b"\n\n")]
    res = services.import_batch(batch_of(*files), office=unit.parent, by="t")
    assert [i.name for i in res] == [n for n, _ in files]
    assert [i.state for i in res] == ["new", "duplicate", "new", "new", "duplicate", "new", "duplicate"]
    assert res[1].report.pk == before.pk and res[4].report.pk == res[0].report.pk
    assert "a.txt" in res[4].reason and "b.txt" in res[6].reason
    assert PublishedReport.objects.count() == 5
    assert {i.report.status for i in res} == {"audited"}  # the rows read back after the audits
    assert res[4].report is res[0].report  # a copy shows the first one's row


def test_import_when_another_import_inserted_the_same_file_meanwhile(unit, monkeypatch):
    """Another request inserts one of the chunk's files between the look-up and the bulk insert: the insert
    fails on the unique sha256, the chunk is inserted one file at a time and that file is a duplicate of the
    other request's row; nothing is dropped."""
    text = sample_text().encode()
    batch = batch_of(("a.txt", text + b"\n"), ("b.txt", text + b"\n\n"), ("c.txt", text + b"\n" * 3))
    PublishedReport.objects.create(sha256=batch.files[1].sha256, size=1, source_name="other.txt",
                                   office=unit.parent)
    manager = PublishedReport.objects
    real = manager.filter

    def look_up_before_the_other_request(*args, **kwargs):  # the look-up ran before the other insert
        monkeypatch.setattr(manager, "filter", real)
        return real(*args, **kwargs).none()
    monkeypatch.setattr(manager, "filter", look_up_before_the_other_request)
    res = services.import_batch(batch, office=unit.parent, by="t", enqueue_audit=False)
    assert [i.state for i in res] == ["new", "duplicate", "new"]
    assert res[1].report.source_name == "other.txt"
    assert PublishedReport.objects.count() == 3
