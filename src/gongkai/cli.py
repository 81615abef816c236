"""The ``gongkai`` command.

Sub-commands::

    gongkai audit REPORT... [--previous FILE] [--format text|json]   审核年度报告（文件或文件夹）
    gongkai audit --sample                                            审核随程序附带的示例报告
    gongkai extract REPORT [--to json|csv] [-o FILE]                  提取结构化数据
    gongkai rules [--code CODE]                                       列出全部审核规则

Exit status of ``audit``: 0 no 错误, 1 at least one 错误 was found, 2 a file could not be read
(hostile files included: over the time, size or expansion limits) or the command line is wrong,
4 an internal error (a bug of ours; in a folder audit the other files keep their results).
No traceback reaches a user: every failure is a Chinese
message naming the file.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import signal
import sys
import threading
from pathlib import Path

from . import __version__, cli_calendar, cli_casework, cli_render, cli_web
from .readers import SUPPORTED, NotAReport, ReadError, read_report
from .report import AnnualReport
from .textutil import NumberTooLong, one_line, shorten

AUDIT_SCHEMA_VERSION = "1.1"  # 1.1: every reports[] entry has the same keys (unread files too)
SEVERITY_ORDER = ("error", "warning", "notice")
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "notice": "提示"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "notice": "cyan"}


class UsageError(Exception):
    """A command-line mistake; the message is Chinese."""


def sample_path() -> Path:
    """The sample report shipped with the package (written for gongkai, with typical faults)."""
    from importlib import resources
    return Path(str(resources.files("gongkai") / "samples" / "sample-report-2023.txt"))


def expand_paths(paths: list[str], unreadable: list | None = None) -> list[Path]:
    """Files as given, and for a folder every supported file inside it (recursively, sorted;
    hidden files and folders skipped).  Sub-folders that cannot be opened are appended to
    ``unreadable`` as (path, reason).

    Raises UsageError for a path that does not exist or a folder with no report in it.
    """
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        try:
            path.stat()
        except PermissionError:
            raise UsageError(f"无法访问 {p}（没有权限打开它所在的文件夹）") from None
        except OSError:
            pass  # does not exist / broken link: said below
        if path.is_dir():
            found = []

            def onerror(exc, p=p):
                if unreadable is not None:
                    unreadable.append((exc.filename or p, "无法打开文件夹（没有读取权限）"
                                       if isinstance(exc, PermissionError) else f"无法打开文件夹（{exc.strerror}）"))

            for root, dirs, files in os.walk(path, onerror=onerror, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root) / f for f in files
                             if Path(f).suffix.lower() in SUPPORTED and not f.startswith("."))
            if not found and not (unreadable and any(str(u[0]).startswith(str(path)) for u in unreadable)):
                raise UsageError(f"文件夹 {p} 中没有可读取的报告文件（支持：{'、'.join(sorted(SUPPORTED))}）")
            out.extend(sorted(found))
        elif path.exists():
            out.append(path)
        elif path.is_symlink():
            raise UsageError(f"{p} 是失效的符号链接")
        else:
            raise UsageError(f"找不到文件 {p}")
    return out


# ------------------------------------------------------------------ extract
def cells_csv(report: AnnualReport) -> str:
    """One line per cell: ``table,row,column,value,location`` (value as printed, "" blank; an
    ambiguous glued cell has no value and its location says why).  docs/schema.md §2."""
    import csv
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["table", "row", "column", "value", "location"])
    for table, row, col, cell in report.iter_cells():
        where = cell.location.describe()
        if cell.kind == "ambiguous":  # the run belongs to the whole row: no value for this cell
            w.writerow([table, row.label, col.display, "", f"{where}（数字连写为“{shorten(cell.raw)}”，无法唯一拆分）"])
        else:
            w.writerow([table, row.label, col.display, cell.display(), where])
    return buf.getvalue()


def cmd_extract(args) -> int:
    report = read_bounded(args.report)
    if args.to == "csv":
        text = cells_csv(report)
    else:
        text = json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    _emit(text, args.output, [args.report])
    return 0


def refuse_overwriting_input(output, inputs) -> None:
    """Raise UsageError when ``output`` is one of the ``inputs`` (``-o`` naming the report itself)."""
    out = Path(output)
    for i in inputs:
        try:
            if out.exists() and Path(i).exists() and out.samefile(i):
                raise UsageError(f"输出文件 {output} 就是输入文件 {i}，写入会覆盖原文件；请换一个输出文件名")
        except OSError:
            continue


def _emit(text: str, output: str | None, inputs=()) -> None:
    if output:
        refuse_overwriting_input(output, inputs)
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"无法写入 {output}（{_os_reason(exc)}）") from None
    else:
        sys.stdout.write(text)


def _os_reason(exc: OSError) -> str:
    import errno
    return {errno.ENOENT: "所在文件夹不存在", errno.EACCES: "没有写入权限", errno.EISDIR: "这是一个文件夹",
            errno.ENOSPC: "磁盘空间不足", errno.EROFS: "只读文件系统"}.get(exc.errno, exc.strerror or str(exc))


# ------------------------------------------------------------------ limits
#: reading, mapping and auditing one file together may use this much CPU time (the reader's own
#: wall-clock limit, GONGKAI_READ_TIMEOUT, still applies to reading alone)
WORK_TIMEOUT_S = float(os.environ.get("GONGKAI_WORK_TIMEOUT", os.environ.get("GONGKAI_READ_TIMEOUT", "60")))


class _Overtime(BaseException):
    """Raised by the CPU-time alarm; not an Exception, so no ``except Exception`` on the way swallows it."""


@contextlib.contextmanager
def work_limit(seconds: float | None = None):
    """Stop reading + mapping + auditing a file after ``seconds`` of CPU time (ITIMER_PROF, which does
    not disturb the reader's ITIMER_REAL alarm).  Main thread on POSIX only (the CLI and its workers)."""
    seconds = WORK_TIMEOUT_S if seconds is None else seconds
    if not (seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()):
        yield
        return

    def expired(signum, frame):
        raise _Overtime()

    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def read_bounded(path) -> AnnualReport:
    """:func:`read_report` whose every failure on a hostile file is a :class:`ReadError` naming it:
    over the time limit, out of memory, or an absurd number."""
    with _hostile_as_read_error(path):
        with work_limit():
            return read_report(path)


@contextlib.contextmanager
def _hostile_as_read_error(path):
    try:
        yield
    except _Overtime:
        raise ReadError(str(path), f"处理超时（读取、映射和审核超过 {WORK_TIMEOUT_S:g} 秒），"
                                   f"文件可能过于复杂或是恶意构造的") from None
    except MemoryError:
        raise ReadError(str(path), "处理此文件所需内存过多，已停止；文件可能过于复杂或是恶意构造的") from None
    except NumberTooLong as exc:
        raise ReadError(str(path), str(exc)) from None
    except RecursionError:
        raise ReadError(str(path), "文件结构嵌套过深，无法处理") from None


# ------------------------------------------------------------------ audit
def _audit_one(path: Path, previous: AnnualReport | None):
    from .audit import audit
    with _hostile_as_read_error(path):
        with work_limit():
            report = read_report(path)
            return report, audit(report, previous=previous)


def _audit_entry(path: Path, previous: AnnualReport | None, from_folder: bool) -> dict:
    """One file's result: report and findings, or the reason it could not be read (never raises
    for a file's own faults, so a worker process returns it like any other result).  An internal
    error is this file's entry too (``internal``: the exit status becomes 4), so the others keep theirs."""
    try:
        report, findings = _audit_one(path, previous)
        return {"path": str(path), "report": report, "findings": findings, "error": None}
    except NotAReport as exc:
        # a README or template found in a folder is skipped, and said so; named explicitly, it is an error
        return {"path": str(path), "report": None, "findings": [], "error": exc.message, "skipped": from_folder}
    except ReadError as exc:
        return {"path": str(path), "report": None, "findings": [], "error": exc.message}
    except Exception as exc:  # noqa: BLE001 - a bug of ours, said in Chinese, limited to this file
        if "GONGKAI_DEBUG" in os.environ:
            raise
        return {"path": str(path), "report": None, "findings": [], "internal": True,
                "error": f"内部错误（{type(exc).__name__}: {str(exc)[:300]}），请把这条信息和此文件报告给开发者"}


def _audit_all(files: list[Path], previous, from_folder: set, jobs: int) -> list[dict]:
    """Audit files in order; with ``jobs`` > 1, in that many worker processes (results keep the order).
    A worker that dies (killed for memory, say) breaks the pool: the files without a result are then
    audited one by one, each in a process of its own, so only the culprit ends as an error entry."""
    if jobs <= 1 or len(files) < 2:
        return [_audit_entry(p, previous, p in from_folder) for p in files]
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    results: list = [None] * len(files)
    try:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(_audit_entry, p, previous, p in from_folder) for p in files]
            for i, fut in enumerate(futures):
                try:
                    results[i] = fut.result()
                except BrokenProcessPool:
                    pass
    except BrokenProcessPool:
        pass
    for i, p in enumerate(files):
        if results[i] is None:
            results[i] = _audit_isolated(p, previous, p in from_folder)
    return results


def _audit_isolated(path: Path, previous, from_folder: bool) -> dict:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(_audit_entry, path, previous, from_folder).result()
    except BrokenProcessPool:
        return {"path": str(path), "report": None, "findings": [],
                "error": "处理此文件的进程意外终止（可能是内存不足），文件可能过于复杂或是恶意构造的"}


def cmd_audit(args) -> int:
    paths = [str(sample_path())] if args.sample else args.reports
    if not paths:
        raise UsageError("请给出要审核的报告文件或文件夹，或使用 --sample 审核示例报告")
    unreadable: list = []
    files = expand_paths(paths, unreadable)
    from_folder = {f for f in files if str(f) not in paths}
    previous = read_bounded(args.previous) if args.previous else None
    results = [{"path": str(p), "report": None, "findings": [], "error": why} for p, why in unreadable]
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    results.extend(_audit_all(files, previous, from_folder, jobs))
    if args.format == "json":
        _emit(json.dumps(audit_json(results), ensure_ascii=False, indent=2) + "\n", args.output, files)
    elif args.format == "csv":
        _emit(audit_csv(results), args.output, files)
    else:
        print_audit(results, quiet=args.quiet)
    if any(r.get("internal") for r in results):
        return 4
    if any(r["error"] and not r.get("skipped") for r in results):
        return 2
    if results and all(r.get("skipped") for r in results):
        if args.format == "text":
            print("没有读到任何报告：给出的文件夹中的文件都不是年度报告。", file=sys.stderr)
        return 2
    return 1 if any(f.severity == "error" for r in results for f in r["findings"]) else 0


def _counts(findings) -> dict:
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_ORDER}


def audit_json(results) -> dict:
    """The ``--format json`` document (schema in docs/schema.md)."""
    all_findings = []
    reports = []
    for r in results:
        rep = r["report"]
        # every entry has the same keys; an unread file has null identity and an all-zero summary
        entry = {"source": r["path"], "read_error": r["error"], "title": None, "agency": None, "year": None,
                 "format": None, "reader": None, "summary": _counts(r["findings"])}
        if r.get("skipped"):
            entry["skipped"] = True
        if rep is not None:
            entry.update({"title": rep.title, "agency": rep.agency, "year": rep.year, "format": rep.format_id,
                          "reader": rep.reader})
        reports.append(entry)
        for f in r["findings"]:
            d = f.to_dict()
            d["source"] = r["path"]
            all_findings.append(d)
    return {"schema_version": AUDIT_SCHEMA_VERSION, "tool": f"gongkai {__version__}", "reports": reports,
            "findings": all_findings,
            "summary": {s: sum(1 for f in all_findings if f["severity"] == s) for s in SEVERITY_ORDER}}


AUDIT_CSV_HEADER = ["source", "agency", "year", "code", "severity", "message", "table", "row", "column", "value",
                    "section", "text", "location"]


def audit_csv(results) -> str:
    """One line per piece of evidence of every finding (a finding without evidence: one line), for
    researchers auditing many reports at once; a file that could not be read is one line with
    code READ.  Columns: AUDIT_CSV_HEADER (docs/schema.md §4)."""
    import csv
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(AUDIT_CSV_HEADER)
    for r in results:
        rep = r["report"]
        agency, year = (rep.agency, rep.year or "") if rep is not None else ("", "")
        if r["error"]:
            w.writerow([r["path"], "", "", "READ", "skipped" if r.get("skipped") else "error", r["error"],
                        "", "", "", "", "", "", ""])
            continue
        for f in r["findings"]:
            base = [r["path"], agency, year, f.code, f.severity, f.message]
            if not f.evidence:
                w.writerow(base + [""] * 7)
            for e in f.evidence:
                d = e.to_dict()
                w.writerow(base + [d.get("table", ""), d.get("row", ""), d.get("column", ""), d.get("value", ""),
                                   d.get("section", ""), d.get("text", ""), e.location.describe()])
    return buf.getvalue()


def print_audit(results, quiet: bool = False, console=None) -> None:
    """The Chinese terminal report, grouped by severity (rich).  ``console`` defaults to the
    terminal; piped output is not hard-wrapped."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    if console is None:
        console = Console(highlight=False)
        if not console.is_terminal:  # piped or redirected: one finding per line, no hard wrapping
            console = Console(highlight=False, soft_wrap=True)
    for r in results:
        rep = r["report"]
        console.rule(f"[bold]{escape(r['path'])}")
        if r.get("skipped"):
            console.print(f"[yellow]已跳过 {escape(Path(r['path']).name)}：{escape(r['error'])}")
            continue
        if r["error"]:
            console.print(f"[bold red]无法读取 {escape(Path(r['path']).name)}：{escape(r['error'])}")
            continue
        fmt = "2021年格式（国办公开办函〔2021〕30号）" if rep.format_id == "2021" else "2019年试行格式（国办公开办函〔2019〕60号）"
        if rep.predates_formats:
            fmt = "早于全国统一格式（2018年及以前，未按表格审核）"
        console.print(f"{escape(rep.agency or '（未识别机关）')}  {rep.year or '（未识别年度）'}年  {fmt}")
        findings = r["findings"]
        if not findings:
            console.print("[green]未发现问题。")
        for sev in SEVERITY_ORDER:
            group = [f for f in findings if f.severity == sev]
            if not group or (quiet and sev == "notice"):
                continue
            console.print(f"\n[{SEVERITY_STYLE[sev]}]{SEVERITY_LABEL[sev]}（{len(group)}）")
            for f in group:
                console.print(f"  [{SEVERITY_STYLE[sev]}]\\[{f.code}][/]{escape(one_line(f.message))}")
                for ev in f.evidence[:6]:
                    console.print(f"[dim]      ·{escape(ev.describe())}")
                if len(f.evidence) > 6:
                    console.print(f"[dim]      · ……另有 {len(f.evidence) - 6} 处")
                if f.hint:
                    console.print(f"      建议：{escape(f.hint)}")
        c = _counts(findings)
        console.print(f"\n合计：错误 {c['error']} 项，警告 {c['warning']} 项，提示 {c['notice']} 项")
    if len(results) > 1:
        table = Table(title="汇总")
        for col in ("文件", "机关", "年度", "错误", "警告", "提示"):
            table.add_column(col, overflow="fold")
        base = os.path.commonpath([os.path.dirname(os.path.abspath(r["path"])) for r in results])
        for r in results:
            rep = r["report"]
            name = escape(os.path.relpath(os.path.abspath(r["path"]), base))
            if rep is None:
                table.add_row(name, "已跳过" if r.get("skipped") else "无法读取", "", "", "", "")
                continue
            c = _counts(r["findings"])
            table.add_row(name, escape(rep.agency), str(rep.year or ""), str(c["error"]),
                          str(c["warning"]), str(c["notice"]))
        console.print(table)


# ------------------------------------------------------------------ rules
def cmd_rules(args) -> int:
    from .audit import rules_doc
    from .audit.registry import resolve_code
    text = rules_doc()
    if args.code:
        code, notice = resolve_code(args.code)  # an old code (R3-1, X-1 …) is redirected, with a notice
        if notice:
            sys.stderr.write(notice + "\n")
        parts = text.split("\n## ")
        hits = [p for p in parts[1:] if p.split()[0].strip("`") == code or p.startswith(f"`{code}`")
                or p.startswith(code)]
        if not hits:
            raise UsageError(f"没有代码为 {args.code} 的规则（运行 gongkai rules 查看全部）")
        text = "\n".join("## " + h for h in hits)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


# ------------------------------------------------------------------ main
#: argparse's own words in help screens, in Chinese (argparse asks gettext for them at the time it prints)
_HELP_WORDS = {"usage: ": "用法：", "positional arguments": "位置参数", "options": "选项",
               "optional arguments": "选项", "show this help message and exit": "显示本帮助并退出",
               "show program's version number and exit": "显示版本号并退出"}
_argparse_gettext = argparse._
argparse._ = lambda text: _HELP_WORDS.get(text) or _argparse_gettext(text)


class _Parser(argparse.ArgumentParser):
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
    (r"one of the arguments (.*) is required", lambda m: f"须给出 {m[1].replace(' ', ' 或 ')} 之一"),
    (r"argument (\S+): invalid (\w+) value: '?([^']*)'?", lambda m: f"参数 {m[1]} 的值“{m[3]}”格式不对"),
    (r"argument (\S+): (.*)", lambda m: f"参数 {m[1]}：{m[2]}"),
]


def _chinese_usage(message: str) -> str:
    import re
    for pattern, say in _USAGE:
        m = re.match(pattern, message, re.S)
        if m:
            return say(m)
    return message


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"进程数不能为负数（{n}）；0 表示按 CPU 核数")
    return n


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="gongkai", description="政府信息公开工作年度报告：读取、审核、编制（国办公开办函〔2021〕30号格式）")
    p.add_argument("--version", action="version", version=f"gongkai {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    a = sub.add_parser("audit", help="审核年度报告（文本、HTML、Markdown、DOCX、PDF；文件或文件夹）")
    a.add_argument("reports", nargs="*", help="报告文件或文件夹")
    a.add_argument("--sample", action="store_true", help="审核随程序附带的示例报告")
    a.add_argument("--previous", help="上一年度的报告，用于跨年度核对（上年结转、现行有效件数）")
    a.add_argument("--format", choices=("text", "json", "csv"), default="text",
                   help="输出格式：text（默认）、json、csv（每条依据一行，便于批量统计）")
    a.add_argument("-o", "--output", help="把结果写入文件（默认输出到屏幕）")
    a.add_argument("-q", "--quiet", action="store_true", help="不显示“提示”级别的意见")
    a.add_argument("-j", "--jobs", type=_jobs, default=1,
                   help="同时审核的进程数（批量审核大量报告时使用；0 表示按 CPU 核数）")
    a.set_defaults(func=cmd_audit)

    e = sub.add_parser("extract", help="把报告提取为结构化数据（JSON 或每个单元格一行的 CSV）")
    e.add_argument("report")
    e.add_argument("--to", choices=("json", "csv"), default="json")
    e.add_argument("-o", "--output")
    e.set_defaults(func=cmd_extract)

    r = sub.add_parser("rules", help="列出全部审核规则（代码、含义、公式、依据）")
    r.add_argument("--code", help="只显示这一条规则")
    r.set_defaults(func=cmd_rules)

    # Each register() only adds its parsers: the modules import their implementations inside the handlers,
    # so `gongkai audit` does not load casework, Django or the writers.  A module that fails to import is an
    # error here, never a silently missing command.
    from . import cli_accounts, cli_supervise, cli_todo  # imported here, not at the top: they use this module's helpers
    for mod in (cli_render, cli_casework, cli_calendar, cli_web, cli_supervise, cli_todo, cli_accounts):
        mod.register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
        return args.func(args)
    except UsageError as exc:
        print(f"gongkai：{exc}", file=sys.stderr)
        return 2
    except ReadError as exc:
        print(f"gongkai：无法读取 {exc.source}：{exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `gongkai audit … | head`: the reader left; not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # the last guard: a Chinese message, never a traceback
        print(f"gongkai：内部错误（{type(exc).__name__}: {exc}）。请把这条信息和所用文件报告给开发者。",
              file=sys.stderr)
        if "GONGKAI_DEBUG" in __import__("os").environ:
            raise
        return 4


if __name__ == "__main__":
    sys.exit(main())
