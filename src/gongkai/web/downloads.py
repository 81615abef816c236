"""Download file names in Chinese: ``Content-Disposition`` with an ASCII fallback and the UTF-8 name
(RFC 6266 / RFC 5987 ``filename*=UTF-8''…``), so a saved file is 「甲镇人民政府2025年政府信息公开工作年度报告.docx」
rather than ``report-4-2026.docx``."""

from __future__ import annotations

import re
from urllib.parse import quote


def attachment(filename: str, fallback: str) -> str:
    """The header value for ``filename`` (any characters) with ``fallback`` (ASCII) for old clients."""
    safe = re.sub(r'[\\/:*?"<>|\r\n\t]', "_", filename)  # characters no file system takes
    ascii_fallback = re.sub(r'[^A-Za-z0-9._-]', "_", fallback) or "download"
    return f"attachment; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(safe, safe='')}"


def report_filename(agency_name: str, year: int, fmt: str, summary: bool = False) -> str:
    return f"{agency_name}{year}年政府信息公开工作年度报告{'（汇总）' if summary else ''}.{fmt}"
