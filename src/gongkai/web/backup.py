"""``gongkai backup`` / ``gongkai restore``: a complete, verified snapshot, restored all-or-nothing.

A backup (zip, format ``gongkai-web-backup/2``) holds

* ``manifest.json`` — format, creation time, the applied migrations (the schema version of the data),
  the number of records, and the size and SHA-256 of every other member;
* ``data.json`` — every record (Django's JSON with whole microseconds, :mod:`gongkai.web.lossless_json`),
  taken in one transaction (REPEATABLE READ on PostgreSQL);
* ``attachments/…`` — every file under ``MEDIA_ROOT`` (case attachments, publication files, online replies);
* ``data/…`` — every other file the platform keeps in the data folder (``calendars/``, the published reports
  a supervising office imported, ``supervision/<sha256>``, and whatever else), except the SQLite database (it
  is in ``data.json``), the ``backups/`` folder and temporary files;
* ``keys/secret_key`` — the key in effect: query codes of online applications are HMACs under it, so a
  restore without it would leave every applicant's code invalid.

:func:`write_backup` writes to a temporary file next to the target, reads it back and checks every member
against the manifest, then renames it into place (the previous file stays whole until then).

:func:`restore` checks the whole backup first — the zip's checksums, the manifest, the version of the
data, every record and field, every file — and only then replaces the data: the records in ONE
transaction (any failure rolls back and the old data stays as it was), the files staged beside their
place and swapped in after the commit.  A backup from an older version is migrated forward in a
temporary database; one from a newer version is refused.  Problems are :class:`BackupError` with a
Chinese message saying what and where.  The restore is recorded in the audit log, and the data it
replaces is first saved to ``backups/恢复前-….zip``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .accounts.models import User
from .agencies.models import Agency
from .auditlog import triggers
from .auditlog.models import AuditEntry

FORMAT = "gongkai-web-backup/2"
FORMATS = {"gongkai-web-backup/1", FORMAT}
#: not backed up: derived (contenttypes, permissions), transient (sessions, rate-limit counters)
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "ratelimit"]
EXCLUDED_APPS = {"contenttypes", "sessions", "ratelimit"}
BACKUP_PREFIX = "gongkai-backup-"
CHUNK = 1 << 20
#: members read into memory (the rest is checked and extracted in chunks)
SMALL = ("manifest.json", "data.json", "keys/secret_key")
TMP_MARK = ".gongkai-tmp"
RESTORE_MARK = ".gongkai-restore"


class BackupError(ValueError):
    """A backup that cannot be written or restored; the message (Chinese) says what and where."""


@dataclass
class Result:
    objects: int = 0
    files: int = 0
    warnings: list[str] = field(default_factory=list)
    safety_copy: Path | None = None
    migrated_from: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------------ helpers
def data_dir() -> Path:
    from django.conf import settings
    return Path(settings.DATA_DIR)


def backup_dir() -> Path:
    from django.conf import settings
    return Path(getattr(settings, "GONGKAI_BACKUP_DIR", None) or data_dir() / "backups")


def _sha256(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def key_fingerprint(key: str) -> str:
    return _sha256(f"gongkai-secret-key:{key}".encode())[:16]


def _skipped(rel: Path) -> bool:
    """Files of the data folder that are not platform data: the SQLite database (dumped as records),
    the backups, temporary files of backup/restore."""
    first = rel.parts[0]
    if first.startswith("gongkai.sqlite3") or first == "secret_key":  # the key goes to keys/secret_key
        return True
    if (data_dir() / first).resolve() == backup_dir().resolve():
        return True
    if rel.name.endswith(".zip") and (rel.name.startswith(BACKUP_PREFIX) or rel.name.startswith(f"恢复前-{BACKUP_PREFIX}")):
        return True  # backups kept elsewhere in the data folder are not backed up again
    if rel.name.startswith(".incoming-"):
        return True  # a published file still being copied in (supervision.intake)
    return any(TMP_MARK in p or RESTORE_MARK in p for p in rel.parts)


def supervision_member(sha256: str) -> str:
    """The backup member of a published report a supervising office imported (kept as DATA_DIR/supervision/<sha256>)."""
    return f"data/supervision/{sha256}"


def _supervision_names(records) -> list[tuple[str, object]]:
    """(member, record) of every imported published report among deserialized ``records``."""
    return [(supervision_member(o.object.sha256), o) for o in records
            if o.object._meta.label_lower == "supervision.publishedreport" and getattr(o.object, "sha256", "")]


def platform_files() -> list[tuple[str, Path]]:
    """(name in the backup, path) of every file the platform keeps: MEDIA_ROOT as ``attachments/``,
    the rest of the data folder as ``data/``."""
    from django.conf import settings
    out = []
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        for p in sorted(media.rglob("*")):
            rel = p.relative_to(media)
            if p.is_file() and not p.is_symlink() and not any(TMP_MARK in x or RESTORE_MARK in x for x in rel.parts):
                out.append(("attachments/" + rel.as_posix(), p))
    root = data_dir()
    media_r = media.resolve()
    if root.is_dir():
        for p in sorted(root.rglob("*")):
            if not p.is_file() or p.is_symlink():
                continue
            if p.resolve() == media_r or media_r in p.resolve().parents:
                continue
            rel = p.relative_to(root)
            if not _skipped(rel):
                out.append(("data/" + rel.as_posix(), p))
    return out


def _applied_migrations(connection) -> dict[str, list[str]]:
    from django.db.migrations.recorder import MigrationRecorder
    out: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        out.setdefault(app, []).append(name)
    return out


def _file_fields():
    """(model, field name) of every FileField of the installed models."""
    from django.apps import apps
    from django.db import models
    return [(m, f.name) for m in apps.get_models() for f in m._meta.concrete_fields if isinstance(f, models.FileField)]


# ------------------------------------------------------------------------------------------ backup
def dump(stream) -> int:
    """Write a backup to the binary ``stream``; returns the number of records."""
    return _dump(stream).objects


def _dump(stream) -> Result:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    buf = io.StringIO()
    referenced = set()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command("dumpdata", exclude=EXCLUDE, natural_foreign=False, indent=None, stdout=buf,
                     format="json-lossless")
        for model, name in _file_fields():
            referenced.update(v for v in model._base_manager.values_list(name, flat=True) if v)
        from django.apps import apps
        published = apps.get_model("supervision", "PublishedReport")
        originals = {supervision_member(sha) for sha in published._base_manager.values_list("sha256", flat=True)}
        migrations = _applied_migrations(connection)
    data = buf.getvalue().encode("utf-8")
    count = len(json.loads(data))
    result = Result(objects=count)
    files = platform_files()
    key = settings.SECRET_KEY.encode("utf-8")
    listed: dict[str, dict] = {}
    present = set()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as z:
        for name, b in (("data.json", data), ("keys/secret_key", key)):
            z.writestr(name, b)
            listed[name] = {"size": len(b), "sha256": _sha256(b)}
        for name, path in files:  # streamed: attachments are not held in memory
            h, size = hashlib.sha256(), 0
            try:
                with open(path, "rb") as src, z.open(name, "w", force_zip64=True) as dst:
                    while chunk := src.read(CHUNK):
                        h.update(chunk)
                        size += len(chunk)
                        dst.write(chunk)
            except OSError as e:
                raise BackupError(f"无法读取文件 {path}：{e.strerror or e}") from None
            listed[name] = {"size": size, "sha256": h.hexdigest()}
            if name.startswith("attachments/"):
                present.add(name[len("attachments/"):])
        missing = sorted(referenced - present)
        for name in missing:
            result.warnings.append(f"记录中引用的附件 {name} 在 {settings.MEDIA_ROOT} 中不存在，备份中也没有。")
        missing_originals = sorted(originals - set(listed))
        for name in missing_originals:
            result.warnings.append(f"上级审查导入的已发布年报 {name[len('data/'):]} 在数据文件夹中不存在，备份中也没有。")
        result.files = len(files)
        manifest = {
            "format": FORMAT, "objects": count,
            "created": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "database": connection.vendor, "migrations": migrations,
            "secret_key": {"fingerprint": key_fingerprint(settings.SECRET_KEY),
                           "source": "environment" if os.environ.get("GONGKAI_SECRET_KEY") else "file"},
            "members": listed, "missing_attachments": missing, "missing_supervision_files": missing_originals,
        }
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return result


def write_backup(target: Path) -> Result:
    """Back up into ``target``: a temporary file beside it (mode 0600), read back and verified, then
    renamed over ``target`` — an existing file is replaced only by a complete, checked backup."""
    target = Path(target)
    if not User.objects.exists():
        raise BackupError("办公平台还没有建立机关和系统管理员（首次运行尚未完成），没有可备份的记录。"
                          "本机关加载的节假日安排等文件在数据文件夹中，可直接复制保存。")
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TMP_MARK, dir=target.parent)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, 0o600)
        with os.fdopen(fd, "wb") as f:
            result = _dump(f)
            f.flush()
            os.fsync(f.fileno())
        with open(tmp, "rb") as f:
            check = read_backup(f)
        if check.manifest["objects"] != result.objects:
            raise BackupError("写出的备份读回后记录数不一致，未保存。")
        os.replace(tmp, target)
        os.chmod(target, 0o600)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return result


LAST_RESULT = "last-backup.json"


def record_result(ok: bool, target: Path | str, message: str, objects: int = 0, files: int = 0,
                  now: dt.datetime | None = None) -> None:
    """Keep the outcome of the latest ``gongkai backup`` (run by hand or by the daily timer) in the data folder,
    where the 安全管理员's page shows it; a failure is kept as such."""
    from django.conf import settings
    now = now or dt.datetime.now().astimezone()
    data = {"ok": ok, "at": now.isoformat(timespec="seconds"), "target": str(target), "message": message,
            "objects": objects, "files": files}
    path = Path(settings.DATA_DIR) / LAST_RESULT
    try:
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.chmod(path, 0o600)
    except OSError:
        pass  # the backup's own outcome was already said on the console


def last_result(now: dt.datetime | None = None) -> dict | None:
    """The latest backup's outcome, with ``stale`` when it is older than two days (None: never run here)."""
    from django.conf import settings
    try:
        data = json.loads((Path(settings.DATA_DIR) / LAST_RESULT).read_text(encoding="utf-8"))
        at = dt.datetime.fromisoformat(data["at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    now = now or dt.datetime.now().astimezone()
    data["stale"] = (now - at) > dt.timedelta(days=2)
    return data


def rotate(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` ``gongkai-backup-*.zip`` in ``folder``; returns the deleted."""
    found = sorted(p for p in Path(folder).glob(f"{BACKUP_PREFIX}*.zip") if p.is_file())
    gone = found[:-keep] if keep > 0 else found
    for p in gone:
        p.unlink()
    return gone


def timestamped_name(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now()
    return f"{BACKUP_PREFIX}{now.strftime('%Y%m%d-%H%M%S')}.zip"


# ------------------------------------------------------------------------------------------ reading
@dataclass
class Backup:
    manifest: dict
    records: list
    small: dict[str, bytes]          # manifest.json, data.json, keys/secret_key
    files: list[str]                 # attachments/… and data/… members, checked
    stream: object = None

    @property
    def attachment_names(self) -> set[str]:
        return {n[len("attachments/"):] for n in self.files if n.startswith("attachments/")}


def _damaged(name, e) -> BackupError:
    return BackupError(f"备份中的 {name} 已损坏（{type(e).__name__}: {e}），没有恢复任何数据。")


def _read_member(z, info, manifest_entry, sink=None) -> bytes | None:
    """Read one member in chunks, checking its CRC (zipfile) and the manifest's size and SHA-256; the
    chunks go to ``sink`` (a file) or, for the small members, are returned."""
    h, size, parts = hashlib.sha256(), 0, []
    try:
        with z.open(info) as src:
            while chunk := src.read(CHUNK):
                h.update(chunk)
                size += len(chunk)
                if sink is not None:
                    sink.write(chunk)
                else:
                    parts.append(chunk)
    except Exception as e:  # noqa: BLE001 — BadZipFile (CRC), zlib.error, EOFError …: a damaged member
        raise _damaged(info.filename, e) from None
    if manifest_entry is not None and (size != manifest_entry.get("size") or h.hexdigest() != manifest_entry.get("sha256")):
        raise BackupError(f"备份中的 {info.filename} 与清单中的大小或校验值不符（文件被改动或损坏），没有恢复任何数据。")
    return None if sink is not None else b"".join(parts)


def read_backup(stream) -> Backup:
    """Open and check a backup: a readable zip whose members match their checksums, a manifest of a
    known format, a ``data.json`` list with the manifest's number of records.  Nothing is changed."""
    try:
        z = zipfile.ZipFile(stream)
    except zipfile.BadZipFile:
        raise BackupError("不是有效的 zip 文件（文件损坏或不完整），没有恢复任何数据。") from None
    except OSError as e:
        raise BackupError(f"无法读取备份文件：{e}") from None
    small: dict[str, bytes] = {}
    with z:
        infos = [i for i in z.infolist() if not i.is_dir()]
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            raise BackupError("备份中有重名的文件，不是 gongkai 写出的备份。")
        if "manifest.json" not in names:
            raise BackupError("备份中没有 manifest.json，不是 gongkai 的备份文件。")
        by_name = {i.filename: i for i in infos}
        raw = _read_member(z, by_name["manifest.json"], None)
        try:
            manifest = json.loads(raw)
        except ValueError as e:
            raise BackupError(f"manifest.json 不是有效的 JSON（{e}）。") from None
        if not isinstance(manifest, dict) or manifest.get("format") not in FORMATS:
            fmt = manifest.get("format") if isinstance(manifest, dict) else None
            raise BackupError(f"不是 gongkai 的备份文件（格式 {fmt!r}，应为 {FORMAT}）。")
        small["manifest.json"] = raw
        for name in names:
            if name != "manifest.json" and not _safe_member(name):
                raise BackupError(f"备份中的文件路径不安全：{name}")
        listed = manifest.get("members")
        if manifest["format"] == FORMAT:
            if not isinstance(listed, dict):
                raise BackupError("manifest.json 缺少文件清单（members）。")
            for name in listed:
                if name not in by_name:
                    raise BackupError(f"备份不完整：清单中的 {name} 不在 zip 中。")
            extra = sorted(set(names) - set(listed) - {"manifest.json"})
            if extra:
                raise BackupError(f"备份中有清单以外的文件：{'、'.join(extra[:5])}")
        else:
            listed = {}
        for name in names:
            if name == "manifest.json":
                continue
            if name in SMALL:
                small[name] = _read_member(z, by_name[name], listed.get(name))
            else:
                with open(os.devnull, "wb") as sink:
                    _read_member(z, by_name[name], listed.get(name), sink)
    if "data.json" not in small:
        raise BackupError("备份中没有 data.json（数据）。")
    try:
        records = json.loads(small["data.json"])
    except ValueError as e:
        raise BackupError(f"data.json 不是有效的 JSON（{e}），没有恢复任何数据。") from None
    if not isinstance(records, list):
        raise BackupError("data.json 应为记录的列表。")
    expected = manifest.get("objects")
    if not isinstance(expected, int) or expected != len(records):
        raise BackupError(f"data.json 有 {len(records)} 条记录，manifest.json 记载为 {expected!r} 条：备份不完整或被改动。")
    if not records:
        raise BackupError("备份中没有任何记录，恢复会清空现有数据，已拒绝。")
    return Backup(manifest, records, small, [n for n in names if n not in SMALL], stream)


def _safe_member(name: str) -> bool:
    if not (name == "data.json" or name == "keys/secret_key" or name.startswith(("attachments/", "data/"))):
        return False
    parts = name.split("/")
    return not (name.startswith("/") or "\\" in name or ".." in parts or "" in parts[1:] or ":" in parts[0])


# ------------------------------------------------------------------------------------------ checking records
def _where(i: int, rec) -> str:
    if isinstance(rec, dict):
        return f"data.json 第 {i + 1} 条记录（{rec.get('model')}，主键 {rec.get('pk')}）"
    return f"data.json 第 {i + 1} 条记录"


def check_records(records, apps=None) -> list:
    """Every record against the models (``apps``: a migration state's, default the installed ones):
    the model and each field exist, each value converts, required values are present, text fits its
    length; no record twice.  Returns the deserialized objects (not saved)."""
    from django.core import serializers
    from django.core.serializers.base import DeserializationError
    from django.db import models
    if apps is None:
        from django.apps import apps
    Python = serializers.get_deserializer("python")

    class Deserializer(Python):
        @staticmethod
        def _get_model_from_node(label):
            try:
                return apps.get_model(label)
            except (LookupError, TypeError, ValueError):
                raise DeserializationError(f"模型 {label!r} 不存在") from None

    seen = set()
    objects = []
    for i, rec in enumerate(records):
        where = _where(i, rec)
        if not isinstance(rec, dict) or not isinstance(rec.get("model"), str) or not isinstance(rec.get("fields"), dict):
            raise BackupError(f"{where} 格式不对（应有 model、pk、fields）。")
        try:
            Model = apps.get_model(rec["model"])
        except (LookupError, ValueError):
            raise BackupError(f"{where}：本版本没有「{rec['model']}」这类记录（备份来自其他版本？），没有恢复任何数据。") \
                from None
        if (Model, str(rec.get("pk"))) in seen:
            raise BackupError(f"{where}：同一记录在备份中出现两次。")
        seen.add((Model, str(rec.get("pk"))))
        names = {f.name: f for f in Model._meta.get_fields()}
        for fname, value in rec["fields"].items():
            f = names.get(fname)
            if f is None or not getattr(f, "concrete", False):
                raise BackupError(f"{where}：字段「{fname}」在本版本中不存在（备份来自其他版本？），没有恢复任何数据。")
            if f.many_to_many:
                continue
            target = f.target_field if f.is_relation else f
            if value is None:
                if not f.null:
                    raise BackupError(f"{where}：字段「{fname}」不能为空。")
                continue
            try:
                py = target.to_python(value)
            except Exception as e:  # noqa: BLE001 — any conversion error is the backup's, reported with its place
                msg = "；".join(getattr(e, "messages", None) or [str(e)])
                raise BackupError(f"{where}：字段「{fname}」的值 {value!r} 无效（{msg}），没有恢复任何数据。") from None
            if isinstance(target, models.CharField) and target.max_length and isinstance(py, str) \
                    and len(py) > target.max_length:
                raise BackupError(f"{where}：字段「{fname}」长 {len(py)} 个字符，超过上限 {target.max_length}。")
        for f in Model._meta.concrete_fields:
            if f.primary_key or f.null or f.has_default() or f.name in rec["fields"] or getattr(f, "auto_now", False) \
                    or getattr(f, "auto_now_add", False) or isinstance(f, models.FileField):
                continue
            if isinstance(f, (models.CharField, models.TextField)) and f.blank:
                continue
            raise BackupError(f"{where}：缺少必填字段「{f.name}」。")
        try:
            objects.extend(Deserializer([rec]))
        except BackupError:
            raise
        except Exception as e:  # noqa: BLE001
            raise BackupError(f"{where}：无法读取（{e}），没有恢复任何数据。") from None
    return objects


# ------------------------------------------------------------------------------------------ versions
def _graph():
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    return MigrationLoader(connection, ignore_no_migrations=True)


def _version_plan(manifest) -> tuple[str, list[tuple[str, str]]]:
    """("same" | "older", the backup's migration leaves) or a BackupError for a newer/unknown one."""
    migrations = manifest.get("migrations")
    if migrations is None:  # format 1 did not record it: read as this version's data
        return "same", []
    loader = _graph()
    known = set(loader.disk_migrations)
    backup = {(app, name) for app, names in migrations.items() for name in names if app not in EXCLUDED_APPS}
    unknown = sorted(backup - known)
    if unknown:
        raise BackupError("备份来自较新版本的 gongkai（本程序没有数据结构变更 "
                          + "、".join(f"{a}.{n}" for a, n in unknown[:5])
                          + "）：请先把 gongkai 升级到不低于备份时的版本，再恢复。没有恢复任何数据。")
    current = {k for k in known if k[0] not in EXCLUDED_APPS}
    if backup >= current:
        return "same", []
    leaves = []
    for app in sorted({a for a, _ in backup}):
        mine = {n for a, n in backup if a == app}
        for n in sorted(mine):
            children = {c for c in loader.graph.node_map[(app, n)].children if c[0] == app}
            if not any(c[1] in mine for c in children):
                leaves.append((app, n))
    return "older", leaves


def _migrate_forward(records, leaves) -> list:
    """Records of an older schema → records of this version's: loaded into a temporary SQLite database
    at the backup's migrations (with those migrations' models), migrated forward, dumped again."""
    from django.core.management import call_command
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor
    alias = "gongkai_restore_upgrade"
    tmpdir = tempfile.mkdtemp(prefix="gongkai-restore-")
    connections.settings[alias] = connections.configure_settings(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(tmpdir, "old.sqlite3")}})["default"]
    try:
        conn = connections[alias]
        executor = MigrationExecutor(conn)
        executor.migrate(leaves)
        state = executor.loader.project_state(leaves, at_end=True)
        objects = check_records(records, apps=state.apps)
        with conn.constraint_checks_disabled():
            for obj in objects:
                obj.save(using=alias)
        executor = MigrationExecutor(conn)
        executor.migrate(executor.loader.graph.leaf_nodes())
        buf = io.StringIO()
        call_command("dumpdata", exclude=EXCLUDE, database=alias, format="json-lossless", stdout=buf, verbosity=0)
        return json.loads(buf.getvalue())
    except BackupError:
        raise
    except Exception as e:  # noqa: BLE001
        raise BackupError(f"把旧版本的备份升级到本版本时出错（{type(e).__name__}: {e}），没有恢复任何数据。") from None
    finally:
        if alias in connections.settings:
            try:
                connections[alias].close()
            finally:
                del connections.settings[alias]
                if hasattr(connections._connections, alias):
                    delattr(connections._connections, alias)
        shutil.rmtree(tmpdir, ignore_errors=True)


# ------------------------------------------------------------------------------------------ restore
def database_is_empty() -> bool:
    return not (Agency.objects.exists() or User.objects.exists())


def load(stream, *, force: bool = False, source: str = "") -> int:
    """Restore a backup into the (migrated) database; returns the number of records."""
    return restore(stream, force=force, source=source).objects


def restore(stream, *, force: bool = False, source: str = "", safety_copy: bool = True) -> Result:
    from django.conf import settings
    backup = read_backup(stream)
    manifest, records = backup.manifest, backup.records
    result = Result(objects=len(records))
    kind, leaves = _version_plan(manifest)
    if kind == "older":
        result.migrated_from = [f"{a}.{n}" for a, n in leaves]
        records = _migrate_forward(records, leaves)
    objects = check_records(records)
    # files the records name must be in the backup (or have been missing already when it was made)
    files = backup.attachment_names
    known_missing = set(manifest.get("missing_attachments") or [])
    for obj in objects:
        for f in obj.object._meta.concrete_fields:
            from django.db.models import FileField
            if isinstance(f, FileField):
                name = getattr(obj.object, f.attname)
                name = getattr(name, "name", name)
                if name and name not in files:
                    if name in known_missing:
                        result.warnings.append(f"附件 {name} 在备份时已缺失，恢复后仍没有该文件。")
                    else:
                        raise BackupError(f"备份不完整：记录 {obj.object._meta.label}（主键 {obj.object.pk}）"
                                          f"引用的附件 {name} 不在备份中。没有恢复任何数据。")
    # the kept originals of the published reports a supervising office imported (data/supervision/<sha256>)
    known_missing, in_backup = set(manifest.get("missing_supervision_files") or []), set(backup.files)
    for name, obj in _supervision_names(objects):
        if name in in_backup:
            continue
        if name in known_missing:
            result.warnings.append(f"上级审查导入的文件 {obj.object.source_name}（{name[len('data/'):]}）在备份时已缺失，"
                                   "恢复后仍没有该文件，请重新导入。")
        else:
            raise BackupError(f"备份不完整：已发布年报 {obj.object.source_name}（主键 {obj.object.pk}）的文件 "
                              f"{name[len('data/'):]} 不在备份中。没有恢复任何数据。")
    if not database_is_empty() and not force:
        raise BackupError("数据库不是空的；恢复会用备份替换现有数据，确认请加 --force。")
    # stage the files beside their places (same file system: the swap is a rename)
    media = Path(settings.MEDIA_ROOT)
    root = data_dir()
    media.parent.mkdir(parents=True, exist_ok=True)
    stage_media = Path(tempfile.mkdtemp(prefix=f".{media.name}", suffix=RESTORE_MARK, dir=media.parent))
    stage_data = Path(tempfile.mkdtemp(prefix=".data", suffix=RESTORE_MARK, dir=root))
    try:
        listed = manifest.get("members") or {}
        backup.stream.seek(0)
        with zipfile.ZipFile(backup.stream) as z:
            for name in backup.files:  # extracted in chunks, checked again on the way
                prefix, rel = name.split("/", 1)
                p = (stage_media if prefix == "attachments" else stage_data) / rel
                p.parent.mkdir(parents=True, exist_ok=True)
                with open(p, "wb") as sink:
                    _read_member(z, z.getinfo(name), listed.get(name), sink)
                os.chmod(p, 0o600)
                result.files += 1
        if safety_copy and not database_is_empty():
            result.safety_copy = backup_dir() / f"恢复前-{timestamped_name()}"
            write_backup(result.safety_copy)
        _load_records(objects, manifest, source, result)
    except BaseException:
        shutil.rmtree(stage_media, ignore_errors=True)
        shutil.rmtree(stage_data, ignore_errors=True)
        raise
    # the records are in: swap the files in (renames)
    _swap(stage_media, media)
    for entry in sorted(stage_data.iterdir()):
        target = root / entry.name
        old = stage_data.with_name(stage_data.name + "-old")
        if target.exists():
            old.mkdir(exist_ok=True)
            os.replace(target, old / entry.name)
        os.replace(entry, target)
    shutil.rmtree(stage_data, ignore_errors=True)
    shutil.rmtree(stage_data.with_name(stage_data.name + "-old"), ignore_errors=True)
    _restore_key(backup, result)
    return result


def _swap(staged: Path, place: Path) -> None:
    old = staged.with_name(staged.name + "-old")
    if place.exists():
        os.replace(place, old)
    os.replace(staged, place)
    os.chmod(place, 0o700)
    shutil.rmtree(old, ignore_errors=True)


def _restore_key(backup: Backup, result: Result) -> None:
    from django.conf import settings
    key = backup.small.get("keys/secret_key")
    if key is None:
        result.warnings.append("备份中没有密钥（旧格式）：恢复前在网上申请中发出的查询码可能无法核对。")
        return
    key = key.decode("utf-8").strip()
    if key_fingerprint(key) == key_fingerprint(settings.SECRET_KEY):
        return
    if os.environ.get("GONGKAI_SECRET_KEY"):
        result.warnings.append("备份时使用的密钥与当前环境变量 GONGKAI_SECRET_KEY 不同：网上申请的查询码要用备份时的密钥才能核对。"
                               "请把 GONGKAI_SECRET_KEY 改为备份文件中 keys/secret_key 的内容，然后重启服务。")
        return
    path = data_dir() / "secret_key"
    fd, tmp = tempfile.mkstemp(prefix=".secret_key", suffix=TMP_MARK, dir=data_dir())
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(key)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    result.warnings.append("已恢复备份时的密钥（网上申请的查询码依赖它）：请重启 gongkai serve 等正在运行的服务。")


def _load_records(objects, manifest, source: str, result: Result) -> None:
    """Replace every table's rows by the backup's, in one transaction; any error rolls all of it back."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import DatabaseError, connection, transaction
    models = [m for m in apps.get_models(include_auto_created=True)
              if m._meta.app_label not in EXCLUDED_APPS and m._meta.label not in ("auth.Permission",)
              and m._meta.managed and not m._meta.proxy]
    tables = sorted({m._meta.db_table for m in models})
    with transaction.atomic():
        with audit_log_unlocked(connection):
            for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=connection.vendor == "postgresql"):
                with connection.cursor() as c:
                    c.execute(sql)
        with connection.constraint_checks_disabled():
            for i, obj in enumerate(objects):
                try:
                    with transaction.atomic():
                        obj.save(force_insert=True)
                except DatabaseError as e:
                    m = obj.object._meta
                    raise BackupError(f"data.json 第 {i + 1} 条记录（{m.app_label}.{m.model_name}，主键 {obj.object.pk}）"
                                      f"无法写入数据库（{str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__}），"
                                      "没有恢复任何数据，原有数据未改动。") from None
        try:
            connection.check_constraints(table_names=tables)
        except DatabaseError as e:
            raise BackupError(f"备份中的记录相互引用不一致（{str(e).strip()[:300]}），没有恢复任何数据，原有数据未改动。") \
                from None
        with connection.cursor() as c:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                c.execute(sql)
        AuditEntry.objects.create(actor="命令行 gongkai restore", action="restore", target_type="backup",
                                  target_label=(source or "")[:200],
                                  new={"备份时间": manifest.get("created"), "记录数": len(objects),
                                       "格式": manifest.get("format"),
                                       **({"升级自": result.migrated_from} if result.migrated_from else {})})


class audit_log_unlocked:
    """Within the restore's transaction: the database triggers that refuse deleting audit entries are
    lifted so the log can be replaced by the backup's, and put back before the commit."""

    def __init__(self, connection):
        self.connection = connection

    def __enter__(self):
        self.present = triggers.present(self.connection)
        if self.present:
            triggers.drop(self.connection)

    def __exit__(self, *exc):
        if exc[0] is None and self.present:
            triggers.create(self.connection)
        return False
