"""``gongkai serve``, ``gongkai backup``, ``gongkai restore``, ``gongkai login-pauses``: the office web platform.

Data folder: ``GONGKAI_DATA_DIR`` (default: the user's data folder); ``DATABASE_URL`` for PostgreSQL.  See
docs/web.md.  The platform's groups (this one, supervise, todo) are imported after Django is set up
(:mod:`gongkai.web.commands`), so their modules import the platform's models at the top.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from gongkai.cli import add_command
from gongkai.cli.output import os_reason
from gongkai.errors import special_file

from .. import backup, server
from ..accounts.backends import paused_addresses, release_ip
from ..accounts.models import User
from ..auditlog.services import record
from ..cases.services import describe_change, recompute_deadlines, recount_if_calendar_changed
from ..demo import DEMO_PASSWORD, load_demo


def _django():
    """Django is set up before this module is imported (:mod:`gongkai.web.commands`); kept for the
    commands that say so at their start."""


def _migrate(verbosity: int = 0):
    call_command("migrate", interactive=False, verbosity=verbosity)
    _private_database(settings)


def recount_after_calendar_load(reason: str, actor: str, loaded: dict) -> list[str]:
    """After ``gongkai calendar import``: record the load and recount the platform's open cases; the changed
    cases as lines."""
    record(None, "calendar_load", None, new={**loaded, "actor": actor})
    return [f"{ch.case.agency.name} {ch.case.number}：{describe_change(ch)}" + ("（已告知申请人，请核对）" if ch.told_applicant else "")
            for ch in recompute_deadlines(reason, actor=actor, actor_label=actor)]


def cmd_serve(args) -> int:
    _django()
    _migrate()
    db = settings.DATABASES["default"]
    print(f"数据库：{db['ENGINE'].rsplit('.', 1)[-1]} {db.get('NAME')}")
    moved = recount_if_calendar_changed()
    if moved:
        print(f"日历数据已更新：{len(moved)} 件未办结申请的期限重新计算（见工作台“期限调整”）。")
    if args.demo:
        year = args.demo_year or (dt.date.today().year - 1)
        try:
            accounts = load_demo(year)
        except ValueError as e:
            print(f"gongkai serve --demo：{e}", file=sys.stderr)
            return 2
        print(f"已载入演示县（{year}年度办件）。演示账户（密码均为 {DEMO_PASSWORD}）：")
        for username, role, agency in accounts:
            print(f"  {username:<16} {role:<8} {agency}")
    if not User.objects.exists():
        print("首次运行：请在浏览器中打开下列地址，建立机关和系统管理员。")
    if (args.workers is not None and args.workers < 1) or args.threads < 1:
        print("gongkai serve：--workers 和 --threads 应为正整数。", file=sys.stderr)
        return 2
    from ..supervision.tasks import check_settings  # lazy: Celery and the models are loaded by serve only
    check_settings()  # a wrong value is said now (设置有误, exit 2), not as an error page at the first upload
    try:
        args.workers, notes = server.fit_workers(args.workers, args.threads)
    except server.ServeError as e:
        print(f"gongkai serve：{e}", file=sys.stderr)
        return 2
    for note in notes:
        print(f"注意：{note}", file=sys.stderr)
    host = args.host
    print(f"地址：http://{host}:{args.port}/  （Ctrl+C 停止）")
    print(f"服务器：waitress，{args.workers} 个进程 × {args.threads} 个线程；静态文件由 WhiteNoise 提供。")
    sys.stdout.flush()
    from ..wsgi import application  # lazy: building the WSGI application loads every middleware; serve only
    try:
        return server.run(application, host=host, port=args.port, workers=args.workers, threads=args.threads)
    except server.ServeError as e:
        print(f"gongkai serve：{e}", file=sys.stderr)
        return 2


def _private_database(settings) -> None:
    """The SQLite database and its journal files: for the service's account only."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3") and os.name == "posix":
        for suffix in ("", "-wal", "-shm"):
            p = Path(f"{db['NAME']}{suffix}")
            try:
                if p.exists() and p.stat().st_mode & 0o077:
                    p.chmod(0o600)
            except OSError:
                pass


def dump(stream) -> int:
    """Write a backup to the binary ``stream`` (see :mod:`gongkai.web.backup`); returns the record count."""
    return backup.dump(stream)


def load(stream, *, force: bool = False) -> int:
    """Restore a backup into the (migrated) database, all or nothing; refuses a non-empty one unless
    ``force``.  Raises :class:`gongkai.web.backup.BackupError` (a ``ValueError``'s sibling) with a Chinese
    message when the backup is unusable — the data is then untouched."""
    return backup.load(stream, force=force)


def cmd_backup(args) -> int:
    _django()
    _migrate()
    if args.keep is not None and args.keep < 1:
        print("gongkai backup：--keep 应为正整数（保留最近几份）。", file=sys.stderr)
        return 2
    out = Path(args.output) if args.output else backup.backup_dir()
    folder = out.is_dir() or not args.output or str(args.output).endswith(("/", os.sep))
    if args.keep is not None and not folder:
        print("gongkai backup：--keep 只能与备份文件夹一起用（文件名自动按时间命名），例如 gongkai backup /srv/备份/ --keep 14",
              file=sys.stderr)
        return 2
    target = out / backup.timestamped_name() if folder else out
    try:
        result = backup.write_backup(target)
    except backup.BackupError as e:
        backup.record_result(False, target, str(e))
        print(f"gongkai backup：{e}", file=sys.stderr)
        return 2
    except OSError as e:
        backup.record_result(False, target, f"无法写入：{os_reason(e)}")
        print(f"gongkai backup：无法写入 {target}：{os_reason(e)}", file=sys.stderr)
        return 2
    for w in result.warnings:
        print(f"注意：{w}", file=sys.stderr)
    backup.record_result(True, target, "已读回核对", result.objects, result.files)
    print(f"已备份 {result.objects} 条记录和 {result.files} 个文件到 {target}（已读回核对）")
    if args.keep is not None:
        for p in backup.rotate(target.parent, args.keep):
            print(f"已删除旧备份 {p}")
    return 0


def cmd_restore(args) -> int:
    _django()
    path = Path(args.backup)
    if special_file(path) or path.is_dir():
        why = special_file(path) or "这是一个文件夹"
        print(f"gongkai restore：{path}：{why}，应为 gongkai backup 写出的 zip 文件；没有恢复任何数据。", file=sys.stderr)
        return 2
    if not path.is_file():
        print(f"gongkai restore：找不到备份文件 {path}", file=sys.stderr)
        return 2
    _migrate()
    try:
        with open(path, "rb") as f:
            result = backup.restore(f, force=args.force, source=str(path))
    except backup.BackupError as e:
        print(f"gongkai restore：{e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"gongkai restore：无法读取或写入文件：{e}；原有数据未改动。", file=sys.stderr)
        return 2
    if result.safety_copy:
        print(f"恢复前的数据已另存为 {result.safety_copy}")
    if result.migrated_from:
        print("备份来自较早的版本，已升级到本版本的数据结构。")
    for w in result.warnings:
        print(f"注意：{w}", file=sys.stderr)
    print(f"已从 {path} 恢复 {result.objects} 条记录和 {result.files} 个文件。")
    return 0


def cmd_login_pauses(args) -> int:
    """List the client addresses whose logins are paused, or lift one (--release ADDRESS): for the server's
    operator when the 安全管理员's own address is the one paused and the web page is out of reach."""
    _django()
    _migrate()
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
    s = add_command(subparsers, "serve")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--workers", type=int, default=None,
                   help="进程数（默认每个 CPU 核一个；仅 Linux 等 POSIX 系统，Windows 上为 1，用 --threads）")
    s.add_argument("--threads", type=int, default=server.DEFAULT_THREADS,
                   help=f"每个进程同时处理的请求数（默认 {server.DEFAULT_THREADS}，其余请求依次排队）")
    s.add_argument("--demo", action="store_true", help="载入演示县（空数据库时），并列出演示账户")
    s.add_argument("--demo-year", type=int, default=None, help="演示办件的年度（默认去年）")
    s.set_defaults(func=cmd_serve)
    b = add_command(subparsers, "backup")
    b.add_argument("output", nargs="?", help="备份文件，或文件夹（按时间命名）；默认数据文件夹中的 backups/")
    b.add_argument("--keep", type=int, default=None, metavar="N", help="备份到文件夹时只保留最近 N 份")
    b.set_defaults(func=cmd_backup)
    r = add_command(subparsers, "restore")
    r.add_argument("backup")
    r.add_argument("--force", action="store_true", help="用备份替换现有数据（先核对整个备份，恢复前的数据另存到 backups/）")
    r.set_defaults(func=cmd_restore)
    lp = add_command(subparsers, "login-pauses")
    lp.add_argument("--release", metavar="地址", help="解除该地址的登录暂停（记入审计日志）")
    lp.set_defaults(func=cmd_login_pauses)

