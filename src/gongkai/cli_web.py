"""``gongkai serve``, ``gongkai backup``, ``gongkai restore``: the office web platform.

The lead wires these into ``gongkai.cli`` with :func:`register`.  Data folder: ``GONGKAI_DATA_DIR``
(default: the user's data folder); ``DATABASE_URL`` for PostgreSQL.  See docs/web.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
import zipfile
from pathlib import Path

BACKUP_FORMAT = "gongkai-web-backup/1"
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "ratelimit"]  # counters are transient


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django
    django.setup()


def _migrate(verbosity: int = 0):
    from django.core.management import call_command
    call_command("migrate", interactive=False, verbosity=verbosity)


def cmd_serve(args) -> int:
    _django()
    from django.conf import settings
    from django.core.management import call_command
    _migrate()
    db = settings.DATABASES["default"]
    print(f"数据库：{db['ENGINE'].rsplit('.', 1)[-1]} {db.get('NAME')}")
    from .web.cases.services import recount_if_calendar_changed
    moved = recount_if_calendar_changed()
    if moved:
        print(f"日历数据已更新：{len(moved)} 件未办结申请的期限重新计算（见工作台“期限调整”）。")
    if args.demo:
        from .web.demo import DEMO_PASSWORD, load_demo
        year = args.demo_year or (dt.date.today().year - 1)
        try:
            accounts = load_demo(year)
        except ValueError as e:
            print(f"gongkai serve --demo：{e}", file=sys.stderr)
            return 2
        print(f"已载入演示县（{year}年度办件）。演示账户（密码均为 {DEMO_PASSWORD}）：")
        for username, role, agency in accounts:
            print(f"  {username:<16} {role:<8} {agency}")
    from .web.accounts.models import User
    if not User.objects.exists():
        print("首次运行：请在浏览器中打开下列地址，建立机关和系统管理员。")
    host = args.host
    print(f"地址：http://{host}:{args.port}/  （Ctrl+C 停止）")
    print("说明：本命令使用 Django 自带的服务器，适合单机和试用；正式部署请用 gunicorn 等 WSGI 服务器运行 "
          "gongkai.web.wsgi:application（见 docs/web.md）。")
    sys.stdout.flush()
    call_command("runserver", f"{host}:{args.port}", use_reloader=False, use_threading=True, skip_checks=True)
    return 0


def dump(stream) -> int:
    """Write a consistent backup (zip: data.json + attachments) to ``stream``; returns object count."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    buf = io.StringIO()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command("dumpdata", exclude=EXCLUDE, natural_foreign=False, indent=None, stdout=buf,
                     format="json-lossless")
        files = []
        from .web.cases.models import Attachment
        for a in Attachment.objects.all():
            files.append(a.file.name)
    data = buf.getvalue()
    count = len(json.loads(data))
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps({"format": BACKUP_FORMAT, "objects": count,
                                                "created": dt.datetime.now().isoformat(timespec="seconds")}))
        z.writestr("data.json", data)
        root = Path(settings.MEDIA_ROOT)
        for name in files:
            p = root / name
            if p.exists():
                z.write(p, f"attachments/{name}")
    return count


def load(stream, *, force: bool = False) -> int:
    """Restore a backup into the (migrated) database; refuses a non-empty one unless ``force``."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction
    from .web.agencies.models import Agency
    with zipfile.ZipFile(stream) as z:
        manifest = json.loads(z.read("manifest.json"))
        if manifest.get("format") != BACKUP_FORMAT:
            raise ValueError(f"不是 gongkai 的备份文件（格式 {manifest.get('format')!r}）。")
        data = z.read("data.json")
        _migrate()
        if Agency.objects.exists():
            if not force:
                raise ValueError("数据库不是空的；恢复会清除现有数据，确认请加 --force。")
            call_command("flush", interactive=False, verbosity=0)
        import tempfile
        with tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False) as tmp:
            tmp.write(data)
        try:
            with transaction.atomic():
                call_command("loaddata", tmp.name, verbosity=0)
        finally:
            os.unlink(tmp.name)
        root = Path(settings.MEDIA_ROOT)
        for name in z.namelist():
            if name.startswith("attachments/") and not name.endswith("/"):
                target = (root / name[len("attachments/"):]).resolve()
                if root.resolve() not in target.parents:
                    raise ValueError(f"备份中的附件路径不安全：{name}")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(z.read(name))
    return manifest.get("objects", 0)


def cmd_backup(args) -> int:
    _django()
    _migrate()
    out = Path(args.output)
    with open(out, "wb") as f:
        n = dump(f)
    print(f"已备份 {n} 条记录到 {out}")
    return 0


def cmd_restore(args) -> int:
    _django()
    path = Path(args.backup)
    if not path.exists():
        print(f"gongkai restore：找不到备份文件 {path}", file=sys.stderr)
        return 2
    try:
        with open(path, "rb") as f:
            n = load(f, force=args.force)
    except (ValueError, zipfile.BadZipFile, KeyError) as e:
        print(f"gongkai restore：{e}", file=sys.stderr)
        return 2
    print(f"已从 {path} 恢复 {n} 条记录。")
    return 0


def cmd_login_pauses(args) -> int:
    """List the client addresses whose logins are paused, or lift one (--release ADDRESS): for the server's
    operator when the 安全管理员's own address is the one paused and the web page is out of reach."""
    _django()
    _migrate()
    from .web.accounts.backends import paused_addresses, release_ip
    if args.release:
        if not release_ip(args.release, by="命令行 gongkai login-pauses"):
            print(f"gongkai login-pauses：地址 {args.release} 当前没有被暂停登录。", file=sys.stderr)
            return 2
        print(f"已解除地址 {args.release} 的登录暂停。")
        return 0
    paused = paused_addresses()
    if not paused:
        print("当前没有被暂停登录的地址。")
    for address, failures, until in paused:
        print(f"{address}\t失败 {failures} 次\t暂停至 {until.astimezone().strftime('%Y-%m-%d %H:%M')}")
    return 0


def register(subparsers) -> None:
    s = subparsers.add_parser("serve", help="运行办公平台（网页）：办件、复议诉讼登记、年度报告")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--demo", action="store_true", help="载入演示县（空数据库时），并列出演示账户")
    s.add_argument("--demo-year", type=int, default=None, help="演示办件的年度（默认去年）")
    s.set_defaults(func=cmd_serve)
    b = subparsers.add_parser("backup", help="把平台数据库和附件备份为一个 zip 文件（一致性快照）")
    b.add_argument("output")
    b.set_defaults(func=cmd_backup)
    r = subparsers.add_parser("restore", help="从 gongkai backup 的文件恢复")
    r.add_argument("backup")
    r.add_argument("--force", action="store_true", help="清除现有数据后恢复")
    r.set_defaults(func=cmd_restore)
    lp = subparsers.add_parser("login-pauses", help="列出因登录失败过多而暂停登录的地址，或解除一个（--release 地址）")
    lp.add_argument("--release", metavar="地址", help="解除该地址的登录暂停（记入审计日志）")
    lp.set_defaults(func=cmd_login_pauses)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="gongkai")
    register(p.add_subparsers())
    args = p.parse_args(argv)
    return args.func(args) if getattr(args, "func", None) else 2


if __name__ == "__main__":
    sys.exit(main())
