"""``gongkai accounts import 文件.xlsx [--dry-run]`` and ``gongkai accounts template``: the 批量导入 of units and
accounts (docs/web.md), for the server's operator.  The same checks and the same one transaction as the
系统管理员's page (``gongkai.web.accounts.bulk``); the initial passwords go to a new file readable by the
operator only (0600), never to the screen."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from gongkai.cli import add_command
from gongkai.cli.output import os_reason
from gongkai.errors import special_file

from ..accounts import bulk
from ..accounts.models import User
from . import web


def _system_user() -> str:
    import getpass
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - a service account without a passwd entry
        return "命令行"


def cmd_accounts(args) -> int:
    if args.action == "template":
        return _template(args)
    return _import(args)


def _new_private_file(path: Path):
    """``path`` created for writing (0600); refuses to replace an existing file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "wb")


def _template(args) -> int:
    out = Path(args.output or "批量导入单位和账号模板.xlsx")
    try:
        with _new_private_file(out) as f:
            f.write(bulk.template_bytes())
    except FileExistsError:
        print(f"gongkai accounts template：{out} 已存在，请换一个文件名（-o）。", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"gongkai accounts template：无法写入 {out}（{os_reason(e)}）。", file=sys.stderr)
        return 2
    print(f"已写出模板 {out}：在「单位」表和「账号」表中逐行填写后，用 gongkai accounts import {out} --dry-run 核对。")
    return 0




def _import(args) -> int:
    if not args.file:
        print("gongkai accounts import：请给出要导入的 XLSX 文件。", file=sys.stderr)
        return 2
    path = Path(args.file)
    if special_file(path):
        print(f"gongkai accounts import：{path}：{special_file(path)}，应为 XLSX 文件。", file=sys.stderr)
        return 2
    web._migrate()
    actor = None
    if args.admin:
        actor = User.objects.select_related("agency").filter(username=args.admin, role="sysadmin").first()
        if actor is None:
            print(f"gongkai accounts import：没有名为「{args.admin}」的系统管理员账户。", file=sys.stderr)
            return 2
    try:
        rows = bulk.read_workbook(str(path), path.name)
        plan = bulk.check(rows, actor, path.name)
    except bulk.BulkImportError as e:
        return _errors(e)
    if args.dry_run:
        print(f"核对通过（未导入）：{path.name} 将建立 {plan.summary()}。")
        for u in plan.units:
            print(f"  单位  第{u['row'].line}行  {u['name']}（上级：{u['parent']}"
                  + (f"，设立日期 {u['established_on']}" if u["established_on"] else "") + "）")
        for a in plan.accounts:
            print(f"  账号  第{a['row'].line}行  {a['username']} {a['full_name']}（{a['agency'] or '无所属单位'}）")
        return 0
    out = Path(args.passwords) if args.passwords else path.with_name(f"{path.stem}-初始密码.xlsx")
    try:
        handle = _new_private_file(out)
    except FileExistsError:
        print(f"gongkai accounts import：初始密码文件 {out} 已存在，未导入；请用 --passwords 指定一个新文件。",
              file=sys.stderr)
        return 2
    except OSError as e:
        print(f"gongkai accounts import：无法建立初始密码文件 {out}（{os_reason(e)}），未导入。", file=sys.stderr)
        return 2
    try:
        created = bulk.apply(rows, actor, source=path.name, by=f"命令行 gongkai accounts import（{_system_user()}）")
    except bulk.BulkImportError as e:
        handle.close()
        out.unlink(missing_ok=True)
        return _errors(e)
    with handle:
        if created.accounts:
            handle.write(bulk.passwords_xlsx(created))
    if not created.accounts:
        out.unlink(missing_ok=True)
    print(f"已导入 {len(created.units)} 个单位、{len(created.accounts)} 个账号。"
          + (f"初始密码写入 {out}（仅本账户可读）：请分发给各用户后删除该文件；用户首次登录须修改密码。"
             if created.accounts else ""))
    return 0


def _errors(e) -> int:
    print(f"gongkai accounts import：没有导入（共 {len(e.errors)} 处错误）：", file=sys.stderr)
    for line in e.errors:
        print(f"  {line}", file=sys.stderr)
    return 2


def register(subparsers) -> None:
    a = add_command(subparsers, "accounts")
    a.add_argument("action", choices=("import", "template"), help="import：导入；template：写出空白模板")
    a.add_argument("file", nargs="?", metavar="文件.xlsx", help="要导入的文件（import）")
    a.add_argument("--dry-run", action="store_true", help="只核对并列出将建立的单位和账号，不导入")
    a.add_argument("--passwords", metavar="文件.xlsx", help="初始密码写入的新文件（默认：导入文件旁的“…-初始密码.xlsx”）")
    a.add_argument("--admin", metavar="用户名", help="以该系统管理员的名义导入（上级单位限于其所在的机关体系；默认不限）")
    a.add_argument("-o", "--output", metavar="文件.xlsx", help="模板写到哪里（template）")
    a.set_defaults(func=cmd_accounts)
