"""The ``gongkai`` command: the parser, the table of sub-commands, and :func:`main`.

Sub-commands::

    gongkai audit REPORT... [--previous FILE] [--format text|json|csv] [-j N]  审核年度报告（文件或文件夹）
    gongkai audit --sample                                            审核随程序附带的示例报告
    gongkai extract REPORT [--to json|csv] [-o FILE]                  提取结构化数据
    gongkai rules [--code CODE]                                       列出全部审核规则
    gongkai render / deadline / fee / ledger / calendar / serve / backup / restore / login-pauses /
            supervise / worker / todo / accounts                               see each group's module

One module per command group (:data:`COMMANDS` names it); only the chosen command's group is imported, so
``gongkai audit`` loads neither the casework calendar, Django nor the writers (cold start, issue 16).  A group
that fails to import is an error of the command, never a silently missing sub-command.  The output formats
(JSON, CSV, writing to ``-o``) are in :mod:`gongkai.cli.output`, the terminal report in
:mod:`gongkai.cli.terminal`, the folder audit in :mod:`gongkai.cli.batch`.

Exit status of ``audit``: 0 no 错误, 1 at least one 错误 was found, 2 a file could not be read
(hostile files included: over the time, size or expansion limits), the output could not be written (a full
disk, a closed pipe) or the command line is wrong, 4 an internal error (a bug of ours; in a folder audit the
other files keep their results), 130 / 143 stopped by Ctrl-C / SIGTERM (docs/schema.md §3).
No traceback reaches a user: every failure is a Chinese message naming the file.
"""

from __future__ import annotations

import argparse
import errno
import gc
import importlib
import os
import sys
from pathlib import Path

from .. import __version__
from ..datadir import data_dir
from ..errors import os_reason

#: Every sub-command, in the order of ``gongkai --help``: (name, its group's module in this package, the
#: one-line help).  A group's ``register(subparsers)`` adds the arguments of its commands through
#: :func:`add_command`; a test checks that each group registers exactly its rows here.
COMMANDS = (
    ("audit", "audit", "审核年度报告（文本、HTML、Markdown、DOCX、PDF；文件或文件夹）"),
    ("extract", "audit", "把报告提取为结构化数据（JSON 或每个单元格一行的 CSV）"),
    ("rules", "audit", "列出全部审核规则（代码、含义、公式、依据）"),
    ("render", "render", "把报告生成 Word、PDF、网页、Markdown 或 Excel 文件"),
    ("deadline", "casework", "计算依申请公开的答复期限（工作日，含调休）"),
    ("fee", "casework", "计算信息处理费（国办函〔2020〕109号）"),
    ("ledger", "casework", "检查办件台账（XLSX/CSV）并由台账统计年报表三"),
    ("calendar", "calendar", "工作日日历：加载国务院节假日安排通知、查看各年状态"),
    ("serve", "web", "运行办公平台（网页）：办件、复议诉讼登记、年度报告"),
    ("backup", "web", "把平台的数据库、附件和数据文件夹中的文件备份为一个 zip 文件（一致性快照，写完读回核对）"),
    ("restore", "web", "从 gongkai backup 的文件恢复"),
    ("login-pauses", "web", "列出因登录失败过多而暂停登录的地址，或解除一个（--release 地址）"),
    ("supervise", "supervise", "上级审查：导入下级机关已发布的年报、审核、发布情况和导出"),
    ("worker", "supervise", "启动后台审核进程（Celery，需要 GONGKAI_BROKER_URL）"),
    ("todo", "todo", "列出一个用户的待办（办公平台），或按设置发送每日待办邮件（--mail）"),
    ("accounts", "accounts", "办公平台的单位和账号：批量导入（XLSX），或写出空白模板"),
)
_HELP = {name: help_ for name, _, help_ in COMMANDS}
_GROUP = {name: group for name, group, _ in COMMANDS}
#: the platform's groups: their modules use Django, so they live with the platform, in :data:`PLATFORM_PACKAGE`
#: (which sets Django up when imported); nothing outside gongkai/web imports Django (docs/architecture.md)
PLATFORM_GROUPS = frozenset({"web", "supervise", "todo", "accounts"})
PLATFORM_PACKAGE = "gongkai.web.commands"


class UsageError(Exception):
    """A command-line mistake; the message is Chinese."""


def sample_path() -> Path:
    """The sample report shipped with the package (written for gongkai, with typical faults)."""
    return Path(__file__).resolve().parent.parent / "samples" / "sample-report-2023.txt"


# ------------------------------------------------------------------ parser
#: argparse's own words in help screens, in Chinese (argparse asks gettext for them at the time it prints)
_HELP_WORDS = {"usage: ": "用法：", "positional arguments": "位置参数", "options": "选项",
               "optional arguments": "选项", "show this help message and exit": "显示本帮助并退出",
               "show program's version number and exit": "显示版本号并退出"}
_argparse_gettext = argparse._
argparse._ = lambda text: _HELP_WORDS.get(text) or _argparse_gettext(text)


def _columns() -> int:
    """``shutil.get_terminal_size().columns`` without importing shutil (and its compression modules), which
    argparse does for every argument it adds: COLUMNS, else the width of the terminal on stdout, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
        except (AttributeError, ValueError, OSError):
            columns = 80
    return columns


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message):  # argparse's English message, said in Chinese
        raise UsageError(f"命令行参数有误：{_chinese_usage(message)}（运行 gongkai --help 查看用法）")


#: argparse's English messages → Chinese (pattern, what to say); the last one keeps a message of our own
_USAGE = [
    (r"argument (\S+): invalid choice: '?([^']*)'? \(choose from (.*)\)",
     lambda m: f"参数 {m[1]} 的取值“{m[2]}”无效，可选：{'、'.join(c.strip(' ' + chr(39)) for c in m[3].split(','))}"),
    (r"the following arguments are required: (.*)", lambda m: f"缺少参数 {m[1]}"),
    (r"unrecognized arguments: (.*)", lambda m: f"无法识别的参数 {m[1]}"),
    (r"argument (\S+): expected one argument", lambda m: f"参数 {m[1]} 后面需要一个值"),
    (r"argument (\S+): not allowed with argument (\S+)", lambda m: f"参数 {m[1]} 不能与 {m[2]} 同用"),
    (r"argument (\S+): ignored explicit argument '?([^']*)'?", lambda m: f"参数 {m[1]} 不接受取值“{m[2]}”"),
    (r"one of the arguments (\S+) is required", lambda m: f"缺少参数 {m[1]}"),  # the others are hidden aliases
    (r"one of the arguments (.*) is required", lambda m: f"须给出 {m[1].replace(' ', ' 或 ')} 之一"),
    (r"argument (\S+): invalid (\w+) value: '?([^']*)'?", lambda m: f"参数 {m[1]} 的值“{m[3]}”格式不对"),
    (r"argument (\S+): (.*)", lambda m: f"参数 {m[1]}：{m[2]}"),
]


def _chinese_usage(message: str) -> str:
    import re  # only when a command line is wrong
    for pattern, say in _USAGE:
        m = re.match(pattern, message, re.S)
        if m:
            return say(m)
    return message


def jobs(text: str) -> int:
    """argparse type of a process count: a non-negative integer (0: as many as CPU cores)."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"进程数不能为负数（{n}）；0 表示按 CPU 核数")
    return n


def add_command(subparsers, name: str, **kwargs) -> argparse.ArgumentParser:
    """The parser of sub-command ``name`` (a row of :data:`COMMANDS`, whose help it gets)."""
    return subparsers.add_parser(name, help=_HELP[name], **kwargs)


def load_group(group: str):
    """The module of a command group, imported now: the one deliberate lazy load of the command line (only
    the chosen command's group is imported at all).  A platform group is routed to :data:`PLATFORM_PACKAGE`
    by name, which sets Django up."""
    package = PLATFORM_PACKAGE if group in PLATFORM_GROUPS else __name__
    return importlib.import_module(f"{package}.{group}")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``gongkai`` parser.  Every sub-command is listed (``gongkai --help``, the choices of a wrong
    command), but only ``command``'s group registers its arguments and handler: the others are not imported."""
    p = _Parser(prog="gongkai", description="政府信息公开工作年度报告：读取、审核、编制（国办公开办函〔2021〕30号格式）")
    p.add_argument("--version", action="version", version=f"gongkai {__version__}", help="显示版本号并退出")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    chosen = _GROUP.get(command)
    for name, group, help_ in COMMANDS:
        if group != chosen:
            sub.add_parser(name, help=help_)
        elif name not in sub.choices:  # the group's first row: it adds all of its commands
            load_group(group).register(sub)
    return p


def _command_in(argv: list[str]) -> str | None:
    """The sub-command named on the command line (its first word that is not an option), if any."""
    return next((a for a in argv if not a.startswith("-")), None)


def _is_read_error(exc: Exception) -> bool:
    """A :class:`~gongkai.readers.base.ReadError`: only a group that imported the readers can raise one, so it
    is looked up where they put it (``gongkai deadline`` does not import the readers to catch it)."""
    base = sys.modules.get("gongkai.readers.base")
    return base is not None and isinstance(exc, base.ReadError)


def _quiet_gc(process: bool):
    """Start-up without the cyclic garbage collector: importing the command's modules makes tens of thousands of
    long-lived objects (classes, functions, compiled patterns) and next to no garbage, yet the collector would
    scan them again and again (a tenth of ``gongkai audit``'s cold start, bench/bench_cold_start.py).  When the
    process is the command (``process``), what start-up made is then frozen (``gc.freeze``: later collections
    of a long folder audit do not scan it either); a caller of :func:`main` keeps its collector as it was."""
    enabled = gc.isenabled()
    gc.disable()

    def done() -> None:
        if process:
            gc.freeze()
        if enabled:
            gc.enable()
    return done


def main(argv: list[str] | None = None) -> int:
    process = argv is None
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        started = _quiet_gc(process)
        try:
            parser = build_parser(_command_in(argv))
        finally:
            started()
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
        status = args.func(args)
        sys.stdout.flush()  # a write failure of the last buffered bytes is said here, not at exit
        return status
    except UsageError as exc:
        print(f"gongkai：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `gongkai audit … | head`: the reader left before the end, like any write failure
        _drop_stdout()
        return 2
    except OSError as exc:
        if not _disk_full(exc):
            return _last_guard(exc)
        _drop_stdout()
        print(f"gongkai：无法写出结果：{'磁盘配额已满' if exc.errno == errno.EDQUOT else '磁盘已满'}", file=sys.stderr)
        return 2
    except Exception as exc:
        return _last_guard(exc)


def _disk_full(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, errno.EDQUOT)


def _drop_stdout() -> None:
    """Send what is left in stdout's buffer nowhere, so exiting does not fail writing it a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _is_settings_error(exc: Exception) -> bool:
    """Django's ImproperlyConfigured: a setting of the platform (GONGKAI_…) with a value it cannot take — the
    settings say what and the valid form in Chinese.  Looked up where Django put it (only the platform's command
    groups import Django)."""
    exceptions = sys.modules.get("django.core.exceptions")
    return exceptions is not None and isinstance(exc, exceptions.ImproperlyConfigured)


def _in_data_dir(exc: Exception) -> str | None:
    """The data folder, when ``exc`` is the system's refusal of a path of it (or of one of its parents)."""
    if not isinstance(exc, OSError) or not exc.filename:
        return None
    folder = os.path.abspath(data_dir())
    failed = os.path.abspath(os.fsdecode(exc.filename))
    inside = failed == folder or failed.startswith(folder + os.sep) or folder.startswith(failed + os.sep)
    return folder if inside else None


def _last_guard(exc: Exception) -> int:
    """The last guard: a Chinese message, never a traceback."""
    if _is_read_error(exc):
        print(f"gongkai：无法读取 {exc.source}：{exc.message}", file=sys.stderr)
        return 2
    if _is_settings_error(exc):  # a wrong setting is the user's to correct, like a wrong argument
        print(f"gongkai：设置有误：{exc}", file=sys.stderr)
        return 2
    folder = _in_data_dir(exc)
    if folder is not None:  # GONGKAI_DATA_DIR naming a file or a folder that cannot be made: a setting too
        why = "已有同名的文件，不是文件夹" if exc.errno == errno.EEXIST else os_reason(exc)
        print(f"gongkai：数据文件夹 {folder} 无法使用（{exc.filename}：{why}）。请检查环境变量 "
              f"GONGKAI_DATA_DIR（应为一个可写的文件夹，不存在时自动建立），或不设置它而使用默认位置。", file=sys.stderr)
        return 2
    print(f"gongkai：内部错误（{type(exc).__name__}: {exc}）。请把这条信息和所用文件报告给开发者。",
          file=sys.stderr)
    if "GONGKAI_DEBUG" in os.environ:
        raise exc
    return 4
