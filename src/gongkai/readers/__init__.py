"""Readers: a file in, an :class:`~gongkai.report.AnnualReport` out.

:func:`read_report` chooses the reader by the file's suffix (or, for an unknown suffix,
by its first bytes), then maps the reader's blocks onto the format
(:func:`gongkai.readers.mapping.map_document`).  Every failure is a :class:`ReadError`
with a Chinese message naming the file.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import threading
from pathlib import Path

from ..report import AnnualReport
from .base import RawDocument, ReadError
from .mapping import map_document

TEXT_SUFFIXES = {".txt", ".text", ".csv"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php"}
MD_SUFFIXES = {".md", ".markdown"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | MD_SUFFIXES | {".json", ".docx", ".pdf", ".doc", ".wps", ".xlsx"}
MAX_BYTES = 50 * 1024 * 1024  # DOCX, PDF, XLSX, DOC
MAX_TEXT_BYTES = 20 * 1024 * 1024  # text, HTML, Markdown (the same limit their readers apply)


def _kind(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MD_SUFFIXES:
        return "markdown"
    if suffix in {".json", ".docx", ".pdf", ".doc", ".wps", ".xlsx"}:
        return suffix[1:]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK"):
        return "docx"
    if head.lstrip()[:1] == b"<":
        return "html"
    return "text"


SNIFF_BYTES = 256 * 1024
# Markdown by content: a pipe-table delimiter row, or ATX headings; HTML by content: real tags
_MD_DELIMITER = re.compile(rb"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*\r?$", re.M)
_MD_PIPE_ROW = re.compile(rb"^[ \t]*\|.*\|[ \t]*\r?$", re.M)
_MD_HEADING = re.compile(rb"^#{1,6}[ \t]+\S", re.M)
_HTML_TAG = re.compile(rb"<\s*(html|body|head|p|div|table|tr|td|br|span|meta|title|h[1-6])\b", re.I)


def kind_by_content(data: bytes, kind: str) -> str:
    """"markdown" for a .txt or .html file whose content is Markdown (pipe tables with a delimiter row, or
    ``#`` headings, and no HTML tags), else ``kind``: what a file holds decides how it is read, not its
    name (a converter's Markdown saved as .txt, a web export saved as .html without any markup)."""
    if _HTML_TAG.search(data):
        return kind
    delimiters = len(_MD_DELIMITER.findall(data))
    pipe_rows = len(_MD_PIPE_ROW.findall(data))
    headings = len(_MD_HEADING.findall(data))
    if (delimiters and pipe_rows >= 2) or headings >= 2:
        return "markdown"
    return "text" if kind == "html" and not data.lstrip()[:1] == b"<" else kind


def read_raw(path: str | Path) -> RawDocument:
    """Read a file into blocks with the reader its type needs (no mapping)."""
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ReadError(source, "这是一个文件夹，不是文件")
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ReadError(source, f"无法打开文件（{_os_reason(exc)}）") from None
    kind = _kind(path, head)
    limit = MAX_TEXT_BYTES if kind in ("text", "html", "markdown") else MAX_BYTES
    if size > limit:
        raise ReadError(source, f"文件过大（{size / 1024 / 1024:.0f} MB，此类文件上限 {limit // 1024 // 1024} MB）")
    if kind in ("text", "html"):
        try:
            with open(path, "rb") as fh:
                kind = kind_by_content(fh.read(SNIFF_BYTES), kind)
        except OSError as exc:
            raise ReadError(source, f"无法读取文件（{_os_reason(exc)}）") from None
    try:
        with time_limit(source):
            return _read_kind(kind, path, source)
    except OSError as exc:
        raise ReadError(source, f"无法读取文件（{_os_reason(exc)}）") from None


READ_TIMEOUT_S = float(os.environ.get("GONGKAI_READ_TIMEOUT", "60"))


@contextlib.contextmanager
def time_limit(source: str, seconds: float | None = None):
    """Stop reading a file that takes longer than ``seconds`` (default GONGKAI_READ_TIMEOUT, 60 s):
    a hostile PDF or HTML must not hold a batch audit forever.  Uses SIGALRM, so it applies in the
    main thread on POSIX (the CLI); elsewhere (web worker threads) the size and page limits remain."""
    seconds = READ_TIMEOUT_S if seconds is None else seconds
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expired(signum, frame):
        raise ReadError(source, f"读取超时（超过 {seconds:g} 秒），文件可能过于复杂或已损坏")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _os_reason(exc: OSError) -> str:
    import errno
    return {errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限", errno.ENOENT: "文件不存在",
            errno.ELOOP: "符号链接循环", errno.EISDIR: "这是一个文件夹"}.get(exc.errno, exc.strerror or str(exc))


def _read_kind(kind: str, path: Path, source: str) -> RawDocument:
    if kind == "text":
        from .text import read_text
        return read_text(path.read_bytes(), source)
    if kind == "html":
        from .html import read_html
        return read_html(path.read_bytes(), source)
    if kind == "markdown":
        from .markdown import read_markdown
        return read_markdown(path.read_bytes(), source)
    if kind == "docx":
        from .docx import read_docx
        return read_docx(path, source)
    if kind == "pdf":
        from .pdf import read_pdf
        return read_pdf(path, source)
    if kind in ("doc", "wps"):
        from .legacy import read_legacy
        return read_legacy(path, source)
    if kind == "xlsx":
        from .xlsx import read_xlsx
        return read_xlsx(path, source)
    raise ReadError(source, f"不支持的文件类型 {path.suffix}")


def read_report(path: str | Path) -> AnnualReport:
    """Read any supported file (text, HTML, Markdown, DOCX, PDF, XLSX, or gongkai's JSON) into
    an :class:`AnnualReport`.  Raises :class:`ReadError` (Chinese message, names the file)."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        return _read_json(path)
    try:
        raw = read_raw(path)
    except ImportError as exc:  # a reader not available in this installation
        raise ReadError(str(path), f"暂不支持读取此类文件（{exc}）") from None
    report = map_document(raw)
    if not looks_like_report(report):
        raise NotAReport(str(path), "文件中没有找到年度报告的章节（一、总体情况……六、其他需要报告的事项）或统计表，"
                                   "看起来不是政府信息公开工作年度报告")
    return report


class NotAReport(ReadError):
    """The file was read, but it is not an annual report (no sections, no table 三, no title)."""


def looks_like_report(report: AnnualReport) -> bool:
    """A document is taken as an annual report when it has at least two of the six section
    headings, or table 三 with values, or a report title; otherwise reading says it is not one."""
    table3 = len({r.id for _, r, _, c in report.iter_cells("三") if c.kind == "number"}) >= 3
    titled = ("年度报告" in report.title or "年报" in report.title) and report.year is not None
    return len(report.sections) >= 2 or table3 or titled


def _read_json(path: Path) -> AnnualReport:
    source = str(path)
    try:
        if path.stat().st_size > MAX_TEXT_BYTES:
            raise ReadError(source, f"文件过大（上限 {MAX_TEXT_BYTES // 1024 // 1024} MB）")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReadError(source, f"无法读取文件（{_os_reason(exc)}）") from None
    except RecursionError:
        raise ReadError(source, "不是有效的 gongkai 报告 JSON（嵌套层次过深）") from None
    except ValueError as exc:
        where = f"第{exc.lineno}行第{exc.colno}列" if isinstance(exc, json.JSONDecodeError) else ""
        raise ReadError(source, f"不是有效的 JSON（{where}格式错误）") from None
    if not isinstance(data, dict) or "schema_version" not in data or "tables" not in data:
        raise NotAReport(source, "不是 gongkai 报告 JSON（应为 gongkai extract --to json 的输出，含 schema_version 和 tables）")
    try:
        return AnnualReport.from_dict(data)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ReadError(source, f"gongkai 报告 JSON 的内容有误（{str(exc)[:400]}）") from None


__all__ = ["NotAReport", "RawDocument", "ReadError", "time_limit", "map_document", "read_raw", "read_report"]
