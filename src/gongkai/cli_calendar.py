"""``gongkai calendar``: load the State Council's holiday notice, see which years are official or provisional.

Only the parsers live here; the commands are in :mod:`gongkai.cli_calendar_cmds`, loaded when one runs, because
every ``gongkai`` start registers these parsers and ``gongkai audit`` must not load the calendar.
Exit status: 0 done, 2 the notice cannot be read or parsed, or contradicts the package (without --force).
"""

from __future__ import annotations


def _command(name: str):
    def run(args) -> int:
        from . import cli_calendar_cmds  # deliberate lazy load: the calendar and its data only when a command runs
        return getattr(cli_calendar_cmds, name)(args)
    return run


def register(subparsers) -> None:
    c = subparsers.add_parser("calendar", help="工作日日历：加载国务院节假日安排通知、查看各年状态",
                              description="加载《国务院办公厅关于XXXX年部分节假日安排的通知》，使该年的期限由“暂定”变为确定，"
                                          "并重新计算办公平台中未办结申请的期限。")
    sub = c.add_subparsers(dest="calendar_command", metavar="命令")
    i = sub.add_parser("import", help="解析并保存一份节假日安排通知（文本文件；- 为标准输入）")
    i.add_argument("notice", metavar="NOTICE.txt")
    i.add_argument("--year", type=int, help="通知所属年份（通知标题中有年份时可省略；两者须一致）")
    i.add_argument("--dry-run", action="store_true", help="只解析并显示，不保存")
    i.add_argument("--force", action="store_true", help="与内置日历不一致时仍然保存（如临时调整假期）")
    i.add_argument("--actor", help="记录的加载人（默认当前系统用户）")
    i.add_argument("--format", choices=("text", "json"), default="text")
    i.set_defaults(func=_command("cmd_import"))
    s = sub.add_parser("status", help="各年份的日历来源：内置、已加载通知或暂定")
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.set_defaults(func=_command("cmd_status"))
    sh = sub.add_parser("show", help="列出某年的放假日与调休上班日（暂定年份按法定节假日）")
    sh.add_argument("year", type=int)
    sh.add_argument("--format", choices=("text", "json"), default="text")
    sh.set_defaults(func=_command("cmd_show"))
    c.set_defaults(func=lambda args: (c.print_help(), 2)[1])
