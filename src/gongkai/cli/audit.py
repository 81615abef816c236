"""``gongkai audit``, ``gongkai extract``, ``gongkai rules``: the command group of the annual-report auditor.

    gongkai audit REPORT... [--previous FILE] [--format text|json|csv] [-o FILE] [-q] [-j N]
    gongkai audit --sample
    gongkai extract REPORT [--to json|csv] [-o FILE]
    gongkai rules [--code CODE]

A folder audit writes each file's result as it arrives, in the order of the files (text, JSON, CSV alike), and
keeps no report in memory (:mod:`gongkai.cli.batch`).  Exit status: see :mod:`gongkai.cli`.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from ..audit import rules_doc
from ..audit.registry import resolve_code
from ..readers import SUPPORTED
from . import UsageError, add_command, jobs, sample_path
from .batch import iter_audit, read_bounded, signals_held, stoppable
from .output import AuditCsvWriter, AuditJsonWriter, OutputFile, cells_csv, emit, json_text
from .terminal import TextReport


def expand_paths(paths: list[str], unreadable: list | None = None, skipped: list | None = None) -> list[Path]:
    """Files as given, and for a folder every supported file inside it (recursively, sorted;
    hidden files and folders skipped).  Sub-folders that cannot be opened are appended to
    ``unreadable`` as (path, reason); the folder's other files, of a type no reader takes, to ``skipped``
    as (path, reason), so that a folder audit lists each of them as 已跳过 instead of leaving it out.

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
                for f in sorted(files):
                    if f.startswith("."):
                        continue
                    if Path(f).suffix.lower() in SUPPORTED:
                        found.append(Path(root) / f)
                    elif skipped is not None:
                        skipped.append((Path(root) / f, _unsupported(f)))
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


def _unsupported(name: str) -> str:
    suffix = Path(name).suffix
    what = f"不支持的文件类型 {suffix}" if suffix else "文件没有扩展名，无法判断类型"
    return f"{what}，未审核（支持：{'、'.join(sorted(SUPPORTED))}）"


# ------------------------------------------------------------------ extract
def cmd_extract(args) -> int:
    report = read_bounded(args.report)
    text = cells_csv(report) if args.to == "csv" else json_text(report.to_dict())
    emit(text, args.output, [args.report])
    return 0


# ------------------------------------------------------------------ audit
class _Verdict:
    """The exit status of a folder audit, followed result by result (the results themselves are not kept)."""

    def __init__(self):
        self.internal = self.unread = self.errors = False
        self.n = self.skipped = 0

    def add(self, r: dict) -> None:
        self.n += 1
        self.internal |= bool(r.get("internal"))
        self.unread |= bool(r["error"] and not r.get("skipped"))
        self.skipped += bool(r.get("skipped"))
        self.errors |= any(f.severity == "error" for f in r["findings"])

    def status(self, fmt: str) -> int:
        if self.internal:
            return 4
        if self.unread:
            return 2
        if self.n and self.skipped == self.n:
            if fmt == "text":
                print("没有读到任何报告：给出的文件夹中的文件都不是年度报告。", file=sys.stderr)
            return 2
        return 1 if self.errors else 0


def cmd_audit(args) -> int:
    paths = [str(sample_path())] if args.sample else args.reports
    if not paths:
        raise UsageError("请给出要审核的报告文件或文件夹，或使用 --sample 审核示例报告")
    unreadable: list = []
    skipped: list = []
    files = expand_paths(paths, unreadable, skipped)
    from_folder = {f for f in files if str(f) not in paths}
    previous = read_bounded(args.previous) if args.previous else None
    jobs_ = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    verdict = _Verdict()
    with OutputFile(args.output, files) as stream, stoppable():  # -o: the text report too, never only the screen
        out = (AuditJsonWriter(stream) if args.format == "json" else AuditCsvWriter(stream) if args.format == "csv"
               else TextReport(quiet=args.quiet, stream=stream))
        try:
            for p, why in unreadable:
                r = {"path": str(p), "report": None, "findings": [], "error": why}
                with signals_held():
                    verdict.add(r)
                    out.add(r)
            for p, why in skipped:
                r = {"path": str(p), "report": None, "findings": [], "error": why, "skipped": True}
                with signals_held():
                    verdict.add(r)
                    out.add(r)
            results = iter_audit(files, previous, from_folder, jobs_)
            try:
                for r in results:
                    with signals_held():  # an interrupt never cuts an entry in two
                        verdict.add(r)
                        out.add(r)
            finally:
                results.close()  # a write failure (closed pipe, full disk): the workers are stopped now
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (Terminated): the workers are stopped already
            with signals_held():
                out.close(interrupted=True)
                stream.flush()
            print(f"已中断：已审核 {verdict.n} 份，其余未审核", file=sys.stderr)
            return getattr(exc, "status", 128 + signal.SIGINT)
        with signals_held():
            out.close()
    return verdict.status(args.format)


# ------------------------------------------------------------------ rules
def cmd_rules(args) -> int:
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


def register(sub) -> None:
    a = add_command(sub, "audit")
    a.add_argument("reports", nargs="*", help="报告文件或文件夹")
    a.add_argument("--sample", action="store_true", help="审核随程序附带的示例报告")
    a.add_argument("--previous", help="上一年度的报告，用于跨年度核对（上年结转、现行有效件数）")
    a.add_argument("--format", choices=("text", "json", "csv"), default="text",
                   help="输出格式：text（默认）、json、csv（每条依据一行，便于批量统计）")
    a.add_argument("-o", "--output", help="把结果写入文件（默认输出到屏幕）")
    a.add_argument("-q", "--quiet", action="store_true", help="不显示“提示”级别的意见")
    a.add_argument("-j", "--jobs", type=jobs, default=1,
                   help="同时审核的进程数（批量审核大量报告时使用；0 表示按 CPU 核数）")
    a.set_defaults(func=cmd_audit)

    e = add_command(sub, "extract")
    e.add_argument("report")
    e.add_argument("--to", choices=("json", "csv"), default="json")
    e.add_argument("-o", "--output")
    e.set_defaults(func=cmd_extract)

    r = add_command(sub, "rules")
    r.add_argument("--code", help="只显示这一条规则")
    r.set_defaults(func=cmd_rules)
