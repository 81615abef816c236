"""``gongkai render``: write a report (as ``AnnualReport.to_dict()`` JSON) as DOCX, PDF, HTML, Markdown or XLSX.

    gongkai render REPORT.json --to docx|pdf|html|md|xlsx -o FILE [--force]

The report is audited first; when the audit finds 错误 the command prints them and
refuses to render (exit 1) unless ``--force`` is given — a published report with broken
勾稽关系 is the defect the auditor exists to stop.  Exit 2: the input cannot be read, the
output cannot be written, or a converter (LibreOffice for PDF) is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import writers
from ..audit import audit
from ..readers import read_report
from ..writers import RenderError
from . import UsageError, add_command
from .batch import refuse_special_file
from .output import os_reason, refuse_overwriting_input

FORMATS = ("docx", "pdf", "html", "md", "xlsx")


def _load(path: Path):
    """Any readable report: gongkai's JSON (checked as ``audit`` checks it), or a document to re-render."""
    refuse_special_file(path)
    return read_report(path)


def _audit_errors(report) -> list:
    return [f for f in audit(report) if f.severity == "error"]


def render(report, to: str, output: Path) -> Path:
    """Write ``report`` as ``to`` (one of FORMATS) to ``output``; returns the path."""
    if to == "html":
        output.write_text(writers.write_html(report), encoding="utf-8")
    elif to == "md":
        output.write_text(writers.write_markdown(report), encoding="utf-8")
    else:
        writers.WRITERS[to](report, output)
    return output


#: the file name endings of each output format, and of the other files a name may end with by mistake
SUFFIXES = {"docx": (".docx",), "pdf": (".pdf",), "html": (".html", ".htm"), "md": (".md", ".markdown"),
            "xlsx": (".xlsx",)}
_OTHER_SUFFIXES = (".doc", ".wps", ".xls", ".txt", ".json", ".csv", ".odt", ".rtf")


def _suffix_mismatch(to: str, output: Path) -> str | None:
    """Why ``-o`` does not suit ``--to``: a name ending as another format's (Markdown written to 年报.docx
    opens in no word processor) — said before anything is read or written.  A name without a known ending is
    the user's choice."""
    suffix = output.suffix.lower()
    known = {s for ss in SUFFIXES.values() for s in ss} | set(_OTHER_SUFFIXES)
    if suffix not in known or suffix in SUFFIXES[to]:
        return None
    return (f"输出文件 {output} 的扩展名是 {output.suffix}，而 --to 是 {to}：写出的文件将无法用对应的软件打开。"
            f"请把 -o 改为 {output.with_suffix(SUFFIXES[to][0]).name}，或把 --to 改为与扩展名一致的格式")


def cmd_render(args) -> int:
    path = Path(args.report)
    mismatch = _suffix_mismatch(args.to, Path(args.output))
    if mismatch and not Path(args.output).exists():  # (naming the input itself is said below, as that)
        raise UsageError(mismatch)
    report = _load(path)
    errors = _audit_errors(report)
    if errors and not args.force:
        print(f"gongkai：{path} 有 {len(errors)} 项错误，未生成文件（核对后重试，或加 --force 强制生成）：", file=sys.stderr)
        for f in errors:
            print(f"  [{f.code}] {f.message}", file=sys.stderr)
        return 1
    # cells whose number is not known (glued digits that could not be split) cannot be published
    unknown = sorted({f"表{t}「{row.label}」" for t, row, col, cell in report.iter_cells() if cell.kind == "ambiguous"})
    if unknown and not args.force:
        print(f"gongkai：{path} 有 {len(unknown)} 行的数字无法确定（连写而无法唯一拆分），未生成文件："
              f"{'、'.join(unknown)}。请对照原件填写后重试，或加 --force 生成（这些单元格留空）。", file=sys.stderr)
        return 1
    output = Path(args.output)
    try:
        refuse_overwriting_input(output, [path])
    except UsageError as exc:
        print(f"gongkai：{exc}", file=sys.stderr)
        return 2
    if mismatch:
        raise UsageError(mismatch)
    try:
        render(report, args.to, output)
    except RenderError as exc:
        print(f"gongkai：无法生成 {output}：{exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"gongkai：无法写入 {output}（{os_reason(exc)}）", file=sys.stderr)
        return 2
    note = f"（已忽略 {len(errors)} 项错误）" if errors else ""
    if unknown:
        note += f"（{len(unknown)} 行数字无法确定，已留空）"
    print(f"已生成 {output}{note}")
    return 0


def register(subparsers) -> None:
    """Add the ``render`` sub-command to the ``gongkai`` parser's sub-parsers."""
    p = add_command(subparsers, "render")
    p.add_argument("report", metavar="REPORT.json", help="报告数据（gongkai extract 生成的 JSON，或任一可读取的报告文件）")
    p.add_argument("--to", choices=FORMATS, required=True, help="输出格式")
    p.add_argument("-o", "--output", required=True, help="输出文件")
    p.add_argument("--force", action="store_true", help="审核发现错误时仍然生成")
    p.set_defaults(func=cmd_render)
