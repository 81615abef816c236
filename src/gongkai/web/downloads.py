"""``Content-Disposition`` for downloads: Chinese file names that survive any case number or agency name.

- the saved file is named as a clerk would name it (「甲镇人民政府2025年政府信息公开工作年度报告.docx」, not
  ``report-4-2026.docx``): RFC 6266 / RFC 5987 ``filename*=UTF-8''…`` with an ASCII ``filename`` fallback for
  old clients;
- a name holding CR/LF or other control characters (a case number imported from a ledger cell with a line
  break) made Django refuse the header — a server error instead of the file: control characters become spaces,
  and characters no file system takes (/ \\ : * ? " < > |) become "_".
"""

from __future__ import annotations

import re
from urllib.parse import quote

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def safe_filename(name: str) -> str:
    name = _CONTROL.sub(" ", name).strip()
    return re.sub(r'[\\/:*?"<>|]+', "_", name) or "download"


def attachment(filename: str, fallback: str = "") -> str:
    """The header value offering ``filename`` (any characters) as a download, with ``fallback`` (ASCII; by
    default the ASCII letters of the name and its extension) for old clients."""
    safe = safe_filename(filename)
    if not fallback:
        stem, dot, ext = safe.rpartition(".")
        fallback = (re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_") or "download") + (dot + ext if dot else "")
    ascii_fallback = re.sub(r"[^A-Za-z0-9._-]", "_", fallback) or "download"
    return f"attachment; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(safe, safe='')}"


def report_filename(agency_name: str, year: int, fmt: str, summary: bool = False) -> str:
    return f"{agency_name}{year}年政府信息公开工作年度报告{'（汇总）' if summary else ''}.{fmt}"
