"""``gongkai todo --user NAME``: a user's 待办 on the command line (offices without mail), and
``gongkai todo --mail``: the daily e-mail digest to every user with an address (settings: docs/web.md)."""

from __future__ import annotations

import sys

from gongkai.cli import add_command

from ..accounts.models import User
from ..todo.digest import MailUnavailable, send_digests
from ..todo.services import as_text, todo_for
from . import web


def cmd_todo(args) -> int:
    web._migrate()
    if args.mail:
        try:
            sent, skipped = send_digests(base_url=args.base_url or "")
        except MailUnavailable as e:
            print(f"gongkai todo：{e}", file=sys.stderr)
            return 2
        print(f"已发送待办提醒 {sent} 封" + (f"；{skipped} 个用户没有电子邮箱地址，未发送" if skipped else "") + "。")
        return 0
    if not args.user:
        print("gongkai todo：请用 --user 指定用户名，或用 --mail 发送每日提醒。", file=sys.stderr)
        return 2
    user = User.objects.select_related("agency").filter(username=args.user).first()
    if user is None:
        print(f"gongkai todo：没有用户「{args.user}」。", file=sys.stderr)
        return 2
    sys.stdout.write(as_text(user, todo_for(user), base_url=args.base_url or ""))
    return 0


def register(subparsers) -> None:
    t = add_command(subparsers, "todo")
    t.add_argument("--user", metavar="用户名")
    t.add_argument("--mail", action="store_true", help="向每个填写了电子邮箱的用户发送待办提醒（有待办时）")
    t.add_argument("--base-url", metavar="网址", help="平台地址，例如 https://gk.example.gov.cn（写在链接前）")
    t.set_defaults(func=cmd_todo)
