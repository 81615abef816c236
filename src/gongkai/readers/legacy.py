"""Legacy Word/WPS files (.doc, .wps): converted to DOCX with LibreOffice, then :func:`read_docx`.

The conversion runs ``soffice --headless --convert-to docx`` in a temporary directory with
a private profile and a timeout (:func:`gongkai.writers.pdf.convert_with_soffice`).
Needs LibreOffice (Debian: libreoffice-writer-nogui); without it the ReadError says so.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .base import RawDocument, ReadError
from .docx import read_docx
from .ooxml import load_bytes

CONVERT_TIMEOUT_S = 120


def read_legacy(path_or_bytes, source: str = "", suffix: str = "") -> RawDocument:
    """Read a .doc/.wps file (path or bytes) into blocks; ``reader`` is "docx" with meta converted_from.

    Raises :class:`ReadError` when LibreOffice is missing, the conversion fails or times
    out, or the converted document cannot be read.
    """
    from ..writers.pdf import RenderError, convert_with_soffice, soffice_path

    if not isinstance(path_or_bytes, (bytes, bytearray)):
        suffix = suffix or Path(path_or_bytes).suffix
    source = source or (str(path_or_bytes) if not isinstance(path_or_bytes, (bytes, bytearray)) else "<doc>")
    suffix = (suffix or ".doc").lower()
    if soffice_path() is None:
        raise ReadError(source, f"读取 {suffix} 文件需要 LibreOffice（soffice），本机未安装。请安装 "
                                "libreoffice-writer-nogui，或在 Word/WPS 中另存为 .docx 后再读取")
    data = load_bytes(path_or_bytes, source, suffix.lstrip(".").upper())
    with tempfile.TemporaryDirectory(prefix="gongkai-legacy-") as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / f"input{suffix}"
        src.write_bytes(data)
        try:
            converted = convert_with_soffice(src, "docx", tmpdir, timeout=CONVERT_TIMEOUT_S)
        except RenderError as exc:
            raise ReadError(source, f"无法转换 {suffix} 文件：{exc}") from None
        raw = read_docx(converted.read_bytes(), source)
        shutil.rmtree(tmpdir / "lo-profile", ignore_errors=True)
    raw.meta["converted_from"] = suffix
    return raw
