"""Readers: a file in, an :class:`~gongkai.report.AnnualReport` out.

:func:`read_report` chooses the reader by the file's suffix (or, for an unknown suffix,
by its first bytes), then maps the reader's blocks onto the format
(:func:`gongkai.readers.mapping.map_document`).  Every failure is a :class:`ReadError`
with a Chinese message naming the file.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..report import AnnualReport
from .base import RawDocument, ReadError
from .mapping import map_document

TEXT_SUFFIXES = {".txt", ".text", ".csv"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php"}
MD_SUFFIXES = {".md", ".markdown"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | MD_SUFFIXES | {".json", ".docx", ".pdf", ".doc", ".wps", ".xlsx"}
MAX_BYTES = 50 * 1024 * 1024


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


def read_raw(path: str | Path) -> RawDocument:
    """Read a file into blocks with the reader its type needs (no mapping)."""
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(source, f"无法打开文件（{exc.strerror or exc}）") from None
    if path.is_dir():
        raise ReadError(source, "这是一个文件夹，不是文件")
    if size > MAX_BYTES:
        raise ReadError(source, f"文件过大（{size // 1024 // 1024} MB，上限 {MAX_BYTES // 1024 // 1024} MB）")
    with open(path, "rb") as fh:
        head = fh.read(8)
    kind = _kind(path, head)
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
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return AnnualReport.from_dict(data)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ReadError(str(path), f"不是有效的 gongkai 报告 JSON（{exc}）") from None
    try:
        raw = read_raw(path)
    except ImportError as exc:  # a reader not available in this installation
        raise ReadError(str(path), f"暂不支持读取此类文件（{exc}）") from None
    return map_document(raw)


__all__ = ["RawDocument", "ReadError", "map_document", "read_raw", "read_report"]
