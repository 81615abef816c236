"""gongkai backup / restore: a consistent dump, restored and compared."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from gongkai.web.commands.web import dump, load
from gongkai.web.cases import services
from gongkai.web.cases.models import DisclosureRequest


@pytest.mark.django_db(transaction=True)
def test_restore_reproduces_the_backup(settings, tmp_path):
    from .conftest import make_world
    w = make_world()
    services.add_attachment(w.clerk_a, w.case_a, SimpleUploadedFile("a.pdf", b"%PDF-1.4 hello"))
    # A time whose microseconds are not whole milliseconds (Django's JSON would cut them and the
    # comparison below would fail one run in a few hundred; the backup keeps them).
    DisclosureRequest.objects.filter(pk=w.case_a.pk).update(
        created_at=dt.datetime(2025, 3, 1, 4, 0, 0, 500, tzinfo=dt.UTC))
    first = io.BytesIO()
    n = dump(first)
    assert n > 10
    data1 = json.loads(zipfile.ZipFile(io.BytesIO(first.getvalue())).read("data.json"))
    with pytest.raises(ValueError, match="--force"):
        load(io.BytesIO(first.getvalue()))
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored"
    assert load(io.BytesIO(first.getvalue())) == n
    second = io.BytesIO()
    dump(second)
    data2 = json.loads(zipfile.ZipFile(io.BytesIO(second.getvalue())).read("data.json"))
    restored = [o for o in data2 if o["model"] == "auditlog.auditentry" and o["fields"]["action"] == "restore"]
    assert len(restored) == 1  # the restore is in the log; otherwise the data is the backup's
    data2.remove(restored[0])
    before = {(o["model"], str(o["pk"])): o["fields"] for o in data1}
    after = {(o["model"], str(o["pk"])): o["fields"] for o in data2}
    assert before.keys() == after.keys(), (
        f"only in the backup: {sorted(before.keys() - after.keys())}; "
        f"only after the restore: {sorted(after.keys() - before.keys())}")
    changed = {k: {f: (v, after[k].get(f)) for f, v in fields.items() if after[k].get(f) != v}
               for k, fields in before.items() if after[k] != fields}
    assert not changed, f"objects changed by backup + restore (field: (before, after)): {changed}"
    att = DisclosureRequest.objects.get(pk=w.case_a.pk).attachments.get()
    assert att.file.read() == b"%PDF-1.4 hello"
    assert DisclosureRequest.objects.get(pk=w.case_a.pk).created_at.microsecond == 500


# ------------------------------------------------------------------ issue #13: restore all-or-nothing
from gongkai.cli import main as gongkai_main  # noqa: E402
from gongkai.web import backup as bk  # noqa: E402


def _rewrite(raw: bytes, records=None, manifest=None, members=None, drop=()) -> bytes:
    """A backup rebuilt with changed records/manifest/members and a consistent manifest (checksums
    recomputed), so that only the change itself is wrong."""
    z = zipfile.ZipFile(io.BytesIO(raw))
    content = {n: z.read(n) for n in z.namelist()}
    man = json.loads(content.pop("manifest.json"))
    if records is not None:
        old = json.loads(content["data.json"])
        new = records(old)
        content["data.json"] = json.dumps(new if new is not None else old).encode()
    content.update(members or {})
    for n in drop:
        content.pop(n, None)
    man["members"] = {n: {"size": len(b), "sha256": bk._sha256(b)} for n, b in content.items()}
    man["objects"] = len(json.loads(content["data.json"]))
    if manifest:
        manifest(man)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zz:
        zz.writestr("manifest.json", json.dumps(man))
        for n, b in content.items():
            zz.writestr(n, b)
    return out.getvalue()


def _counts():
    from gongkai.web.accounts.models import User
    from gongkai.web.agencies.models import Agency
    from gongkai.web.auditlog.models import AuditEntry
    return (Agency.objects.count(), User.objects.count(), DisclosureRequest.objects.count(), AuditEntry.objects.count(),
            list(DisclosureRequest.objects.order_by("pk").values_list("description", flat=True)))


def _first(records, model):
    return next(o for o in records if o["model"] == model)


def _set_field(model, name, value):
    def f(records):
        _first(records, model)["fields"][name] = value
    return f


BAD = {
    "unknown field": (dict(records=_set_field("cases.disclosurerequest", "colour", "red")), "字段「colour」在本版本中不存在"),
    "bad date": (dict(records=_set_field("cases.disclosurerequest", "received_on", "2025-13-45")), "字段「received_on」的值"),
    "unknown model": (dict(records=lambda r: r + [{"model": "cases.gizmo", "pk": 1, "fields": {}}]), "cases.gizmo"),
    "too long": (dict(records=_set_field("agencies.agency", "name", "长" * 500)), "超过上限"),
    "dangling reference": (dict(records=_set_field("cases.disclosurerequest", "agency", 987654)), "不一致"),
    "empty data": (dict(records=lambda r: []), "没有任何记录"),
    "count differs": (dict(manifest=lambda m: m.update(objects=2072)), "2072"),
    "duplicate": (dict(records=lambda r: r + [_first(r, "cases.disclosurerequest")]), "出现两次"),
    "missing attachment": (dict(drop=["attachments/x"]), None),  # replaced below
    "newer version": (dict(manifest=lambda m: m["migrations"]["cases"].append("0099_future")), "较新版本"),
    "not a backup": (dict(manifest=lambda m: m.update(format="other/1")), "不是 gongkai 的备份"),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("what", sorted(BAD))
def test_a_backup_that_will_not_load_leaves_the_data_untouched(what, settings, tmp_path, capsys):
    from .conftest import make_world
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    w = make_world()
    services.add_attachment(w.clerk_a, w.case_a, SimpleUploadedFile("a.pdf", b"%PDF-1.4 hello"))
    buf = io.BytesIO()
    dump(buf)
    change, message = BAD[what]
    if what == "missing attachment":
        name = next(n for n in zipfile.ZipFile(io.BytesIO(buf.getvalue())).namelist() if n.startswith("attachments/"))
        change, message = dict(drop=[name]), "不在备份中"
    raw = _rewrite(buf.getvalue(), **change)
    before = _counts()
    with pytest.raises(bk.BackupError, match=message):
        load(io.BytesIO(raw), force=True)
    assert _counts() == before
    path = tmp_path / "bad.zip"
    path.write_bytes(raw)
    assert gongkai_main(["restore", str(path), "--force"]) == 2
    err = capsys.readouterr().err
    assert "gongkai restore：" in err and "Traceback" not in err
    assert _counts() == before
    assert not list(settings.DATA_DIR.glob("*.gongkai-restore*")) and not list(tmp_path.glob(".*gongkai-restore*"))


@pytest.mark.django_db(transaction=True)
def test_a_record_the_database_refuses_rolls_everything_back(world, settings, tmp_path):
    """A value that converts but the database refuses (NOT NULL) — the error comes in the middle of the
    load, after the old rows were deleted inside the transaction: all of it rolls back."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    buf = io.BytesIO()
    dump(buf)

    def unique_clash(records):  # two users with one user name: the unique index refuses the second
        users = [o for o in records if o["model"] == "accounts.user"]
        users[-1]["fields"]["username"] = users[0]["fields"]["username"]
    before = _counts()
    with pytest.raises(bk.BackupError, match="无法写入数据库.*原有数据未改动"):
        load(io.BytesIO(_rewrite(buf.getvalue(), records=unique_clash)), force=True)
    assert _counts() == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("damage", ["truncated", "flipped", "not a zip"])
def test_a_broken_zip_never_restores(world, settings, tmp_path, capsys, damage):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    path = tmp_path / "b.zip"
    bk.write_backup(path)
    raw = bytearray(path.read_bytes())
    if damage == "truncated":
        raw = raw[: len(raw) // 2]
    elif damage == "flipped":
        i = raw.index(b"data.json") + 200  # inside the compressed data.json
        raw[i] ^= 0xFF
    else:
        raw = bytearray(b"hello")
    path.write_bytes(bytes(raw))
    before = _counts()
    assert gongkai_main(["restore", str(path), "--force"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and ("损坏" in err or "zip" in err or "不符" in err)
    assert _counts() == before


@pytest.mark.django_db(transaction=True)
def test_an_older_backup_is_migrated_forward(world, settings, tmp_path, monkeypatch):
    """A backup made before reports.0002 (no signed_report): loaded at its own schema in a temporary
    database, migrated, then restored."""
    # Django's test case refuses connections to aliases it was not told about, the restore's temporary
    # database among them; give back the real ensure_connection for this test.
    from django.db.backends.base.base import BaseDatabaseWrapper
    patched = BaseDatabaseWrapper.ensure_connection
    real = next((c.cell_contents for c in (patched.__closure__ or ()) if callable(c.cell_contents)
                 and getattr(c.cell_contents, "__name__", "") == "ensure_connection"), patched)
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", real)
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    from gongkai.web.reports.models import ReportDraft
    ReportDraft.objects.create(agency=world.a, year=2024)
    buf = io.BytesIO()
    dump(buf)

    def old(records):
        for o in records:
            if o["model"] == "reports.reportdraft":
                o["fields"].pop("signed_report", None)

    def old_manifest(m):
        m["migrations"]["reports"] = ["0001_initial"]
    raw = _rewrite(buf.getvalue(), records=old, manifest=old_manifest)
    result = bk.restore(io.BytesIO(raw), force=True)
    assert result.migrated_from and "reports.0001_initial" in result.migrated_from
    assert ReportDraft.objects.get(agency=world.a, year=2024).signed_report in (None, {}, "")
    assert DisclosureRequest.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_restore_is_in_the_audit_log_and_keeps_a_copy_of_what_it_replaced(world, settings, tmp_path):
    from gongkai.web.auditlog.models import AuditEntry
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    path = tmp_path / "b.zip"
    bk.write_backup(path)
    services.edit(world.clerk_a, world.case_a, 1, {"address": "新地址"})
    result = bk.restore(open(path, "rb"), force=True, source=str(path))
    entry = AuditEntry.objects.filter(action="restore").get()
    assert entry.target_label == str(path) and entry.new["记录数"] == result.objects
    assert result.safety_copy.exists() and result.safety_copy.parent == settings.DATA_DIR / "backups"
    copy = bk.read_backup(open(result.safety_copy, "rb"))
    assert any(o["fields"].get("action") == "case_edit" for o in copy.records)  # the replaced log is kept
    assert DisclosureRequest.objects.get(pk=world.case_a.pk).address == "甲镇1号"


# ------------------------------------------------------------------ issue #13: complete and safe backups
@pytest.mark.django_db(transaction=True)
def test_every_platform_file_and_the_key_are_backed_up_and_restored(world, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    (settings.DATA_DIR / "calendars").mkdir(parents=True)
    (settings.DATA_DIR / "calendars" / "2025.json").write_text('{"holidays": ["2025-10-01"]}', encoding="utf-8")
    (settings.DATA_DIR / "backups").mkdir()
    (settings.DATA_DIR / "backups" / "old.zip").write_bytes(b"not me")
    (settings.DATA_DIR / "gongkai.sqlite3").write_bytes(b"not me either")
    services.add_attachment(world.clerk_a, world.case_a, SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))
    path = tmp_path / "b.zip"
    bk.write_backup(path)
    names = zipfile.ZipFile(path).namelist()
    assert "data/calendars/2025.json" in names and "keys/secret_key" in names
    assert not any("backups" in n or "sqlite3" in n for n in names)
    assert any(n.startswith("attachments/cases/") for n in names)
    # everything changes after the backup …
    (settings.DATA_DIR / "calendars" / "2025.json").write_text("{}", encoding="utf-8")
    (settings.DATA_DIR / "calendars" / "2026.json").write_text("{}", encoding="utf-8")
    original_key = settings.SECRET_KEY
    settings.SECRET_KEY = "another key after a reinstall"
    import shutil
    shutil.rmtree(settings.MEDIA_ROOT)
    # … and the restore brings back the backup's
    result = bk.restore(open(path, "rb"), force=True)
    assert (settings.DATA_DIR / "calendars" / "2025.json").read_text(encoding="utf-8") == '{"holidays": ["2025-10-01"]}'
    assert not (settings.DATA_DIR / "calendars" / "2026.json").exists()
    assert (settings.DATA_DIR / "secret_key").read_text(encoding="utf-8") == original_key
    assert any("重启" in w for w in result.warnings)
    assert DisclosureRequest.objects.get(pk=world.case_a.pk).attachments.get().file.read() == b"%PDF-1.4 x"
    assert (settings.DATA_DIR / "backups" / "old.zip").read_bytes() == b"not me"


@pytest.mark.django_db(transaction=True)
def test_a_failed_backup_leaves_the_previous_file_whole(world, settings, tmp_path, monkeypatch, capsys):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    path = tmp_path / "b.zip"
    assert gongkai_main(["backup", str(path)]) == 0
    good = path.read_bytes()
    assert oct(path.stat().st_mode & 0o777) == "0o600"

    def broken(stream):
        stream.write(b"PK half a backup")
        raise bk.BackupError("磁盘已满")
    monkeypatch.setattr(bk, "_dump", broken)
    assert gongkai_main(["backup", str(path)]) == 2
    assert "磁盘已满" in capsys.readouterr().err
    assert path.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.django_db(transaction=True)
def test_backups_to_a_folder_are_named_by_time_and_rotated(world, settings, tmp_path, monkeypatch, capsys):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    folder = tmp_path / "daily"
    folder.mkdir()
    for day in range(1, 5):
        monkeypatch.setattr(bk, "timestamped_name", lambda d=day: f"gongkai-backup-202503{d:02d}-020000.zip")
        assert gongkai_main(["backup", str(folder), "--keep", "2"]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["gongkai-backup-20250303-020000.zip",
                                                        "gongkai-backup-20250304-020000.zip"]
    assert gongkai_main(["backup", str(tmp_path / "x.zip"), "--keep", "2"]) == 2
    assert "--keep" in capsys.readouterr().err


# ------------------------------------------------------------------ audit entries cannot be deleted
@pytest.mark.django_db
def test_audit_entries_cannot_be_deleted_in_the_database(world):
    from django.db import connection, transaction
    from gongkai.web.auditlog import triggers
    from gongkai.web.auditlog.models import AuditEntry
    triggers.create(connection)  # the suite lifts them (see conftest); inside this test's transaction
    n = AuditEntry.objects.count()
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as c:
        c.execute("DELETE FROM auditlog_auditentry")
    if connection.vendor == "postgresql":
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as c:
            c.execute("TRUNCATE auditlog_auditentry CASCADE")
    assert AuditEntry.objects.count() == n


def test_the_data_folder_and_its_files_are_private(tmp_path):
    """A fresh data folder is 0700, the generated key 0600, uploads 0600 (settings read in a new process)."""
    import os
    import subprocess
    import sys
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    d = tmp_path / "fresh"
    code = ("from django.conf import settings; import django; django.setup(); "
            "print(oct(settings.FILE_UPLOAD_PERMISSIONS), oct(settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS))")
    env = {**os.environ, "GONGKAI_DATA_DIR": str(d), "DJANGO_SETTINGS_MODULE": "gongkai.web.settings"}
    env.pop("GONGKAI_SECRET_KEY", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0o600", "0o700"]
    assert oct(d.stat().st_mode & 0o777) == "0o700"
    assert oct((d / "secret_key").stat().st_mode & 0o777) == "0o600"
    assert len((d / "secret_key").read_text()) > 40 and [p.name for p in d.iterdir()] == ["secret_key"]


@pytest.mark.django_db(transaction=True)
def test_backups_kept_in_the_data_folder_are_not_backed_up_again(world, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    assert gongkai_main(["backup", str(settings.DATA_DIR) + "/"]) == 0
    assert gongkai_main(["backup"]) == 0  # default: DATA_DIR/backups
    assert oct((settings.DATA_DIR / "backups").stat().st_mode & 0o777) == "0o700"
    path = tmp_path / "third.zip"
    bk.write_backup(path)
    assert not [n for n in zipfile.ZipFile(path).namelist() if n.endswith(".zip")]


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_first_format_still_restores(world, settings, tmp_path):
    """Backups made by the earlier `gongkai backup` (format 1: manifest, data.json, attachments/, no
    checksums, no key) restore, with a note that query codes may need the old key."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    services.add_attachment(world.clerk_a, world.case_a, SimpleUploadedFile("a.pdf", b"%PDF-1.4 v1"))
    buf = io.BytesIO()
    dump(buf)
    z = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    data = z.read("data.json")
    old = io.BytesIO()
    with zipfile.ZipFile(old, "w") as v1:
        v1.writestr("manifest.json", json.dumps({"format": "gongkai-web-backup/1", "objects": len(json.loads(data)),
                                                 "created": "2025-03-01T10:00:00"}))
        v1.writestr("data.json", data)
        for n in z.namelist():
            if n.startswith("attachments/"):
                v1.writestr(n, z.read(n))
    DisclosureRequest.objects.filter(pk=world.case_a.pk).update(address="改过")
    result = bk.restore(io.BytesIO(old.getvalue()), force=True)
    assert DisclosureRequest.objects.get(pk=world.case_a.pk).address == "甲镇1号"
    assert DisclosureRequest.objects.get(pk=world.case_a.pk).attachments.get().file.read() == b"%PDF-1.4 v1"
    assert any("密钥" in w for w in result.warnings)


def test_a_backup_before_the_first_run_setup_says_there_is_nothing_to_back_up(db, tmp_path):
    from gongkai.web.backup import BackupError, write_backup
    with pytest.raises(BackupError, match="还没有建立机关和系统管理员"):
        write_backup(tmp_path / "b.zip")
    assert not (tmp_path / "b.zip").exists()


def test_a_read_only_reviewer_is_not_offered_the_register_tabs_it_may_not_open(world, client):
    client.force_login(world.supervisor)
    page = client.get("/publications/").content.decode()
    assert "表二年度数据" not in page and ">公开指南<" not in page


def test_the_security_administrator_sees_the_latest_backup_and_a_failure(world, client, settings, tmp_path):
    from gongkai.cli import main
    settings.DATA_DIR = tmp_path
    client.force_login(world.secadmin)
    assert "还没有运行过 gongkai backup" in client.get("/accounts/security/").content.decode()
    from django.db import connection
    if connection.vendor == "sqlite":  # (on PostgreSQL the backup's snapshot transaction cannot start inside a test's)
        assert main(["backup", str(tmp_path / "b.zip")]) == 0
    else:
        from gongkai.web.backup import record_result
        record_result(True, tmp_path / "b.zip", "已读回核对", 10, 0)
    page = client.get("/accounts/security/").content.decode()
    assert "最近一次备份" in page and "b.zip" in page and "已读回核对" in page
    from gongkai.web.backup import record_result
    record_result(False, tmp_path / "y.zip", "磁盘已满")
    assert "最近一次备份失败" in client.get("/accounts/security/").content.decode()
