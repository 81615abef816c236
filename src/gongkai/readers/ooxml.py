"""Safety checks shared by the Office Open XML readers (DOCX, XLSX).

An uploaded .docx/.xlsx is a zip of XML parts.  Before any XML parser sees it we refuse:
a file over ``max_bytes``; a zip with too many members, too much uncompressed data, or a
compression ratio only a zip bomb has; and any XML part that declares an ENTITY or a DOCTYPE
with an internal subset or a system id that is a path or URL (billion-laughs and external-entity
attacks — python-docx and openpyxl parse with their own parsers, so the check happens here, on the
bytes).  A plain DOCTYPE naming a public DTD (AbiWord's ODT manifest) is no entity and is allowed.
"""

from __future__ import annotations

import io
import re
import zipfile

from .base import ReadError

MAX_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, over the whole archive, once it is over 10 MB
RATIO_FLOOR = 10 * 1024 * 1024
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DTD16 = [s.encode(enc) for s in ("<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity")
          for enc in ("utf-16-le", "utf-16-be")]
# the one DOCTYPE allowed: a name and, at most, a public id and a bare file name as system id — no internal subset
# (``[``… where entities are declared), no path or URL a parser could fetch.  AbiWord and old OpenOffice write
# ``<!DOCTYPE manifest:manifest PUBLIC "-//OpenOffice.org//DTD Manifest 1.0//EN" "Manifest.dtd">``.
_PLAIN_DOCTYPE = re.compile(rb"""<!DOCTYPE\s+[\w:.-]+(?:\s+PUBLIC\s+(?:"[ !#-~]*"|'[ -&(-~]*')(?:\s+(?:"[\w.-]*"|'[\w.-]*'))?"""
                            rb"""|\s+SYSTEM\s+(?:"[\w.-]*"|'[\w.-]*'))?\s*>""")


def _declares_entities(part: bytes) -> bool:
    """A DOCTYPE or ENTITY declaration other than one plain DOCTYPE (:data:`_PLAIN_DOCTYPE`): refused."""
    if any(p in part for p in _DTD16):
        return True
    found = list(_DTD.finditer(part))
    if not found:
        return False
    if len(found) > 1 or found[0].group(1).upper() != b"DOCTYPE":
        return True
    return _PLAIN_DOCTYPE.match(part, found[0].start()) is None


def load_bytes(path_or_bytes, source: str, kind: str, max_bytes: int | None = None) -> bytes:
    """The file's bytes, refusing empty and oversized files (ReadError names ``source``)."""
    max_bytes = max_bytes or MAX_BYTES
    if isinstance(path_or_bytes, (bytes, bytearray)):
        data = bytes(path_or_bytes)
    else:
        from pathlib import Path

        path = Path(path_or_bytes)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise ReadError(source, f"{kind} 文件过大（{size // 1024 // 1024} MB，上限 {max_bytes // 1024 // 1024} MB）")
            data = path.read_bytes()
        except OSError as exc:
            raise ReadError(source, f"无法打开文件（{exc.strerror or exc}）") from None
    if not data:
        raise ReadError(source, f"文件是空的，不是有效的 {kind} 文件")
    if len(data) > max_bytes:
        raise ReadError(source, f"{kind} 文件过大（{len(data) // 1024 // 1024} MB，上限 {max_bytes // 1024 // 1024} MB）")
    return data


def check_package(data: bytes, source: str, kind: str, required: str) -> None:
    """Refuse a zip that is not a ``kind`` package, is a zip bomb, or carries DTDs/entities."""
    if not data.startswith(b"PK"):
        hint = "（看起来是 PDF）" if data.startswith(b"%PDF") else (
            "（看起来是旧版 Word .doc/.wps 文件，请另存为 .docx 或安装 LibreOffice 后按 .doc 读取）"
            if data.startswith(b"\xd0\xcf\x11\xe0") else "")
        raise ReadError(source, f"不是有效的 {kind} 文件{hint}")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ReadError(source, f"不是有效的 {kind} 文件（压缩包已损坏或不完整，可能下载未完成或扩展名有误）") from None
    if len(infos) > MAX_MEMBERS:
        raise ReadError(source, f"{kind} 压缩包内文件过多（{len(infos)} 个），拒绝读取")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise ReadError(source, f"{kind} 解压后过大（{total // 1024 // 1024} MB），疑似压缩炸弹，拒绝读取")
    compressed = max(1, sum(i.compress_size for i in infos))
    if total > RATIO_FLOOR and total / compressed > MAX_RATIO:
        raise ReadError(source, f"{kind} 压缩比异常（{total // compressed}:1），疑似压缩炸弹，拒绝读取")
    names = {i.filename for i in infos}
    if required not in names:
        raise ReadError(source, f"不是有效的 {kind} 文件（缺少 {required}）")
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        try:
            with zf.open(info) as fh:
                part = fh.read(MAX_UNCOMPRESSED + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            raise ReadError(source, f"{kind} 文件的 {info.filename} 无法解压（{exc}）") from None
        if len(part) > info.file_size:
            raise ReadError(source, f"{kind} 文件的 {info.filename} 实际大小与声明不符，拒绝读取")
        if _declares_entities(part):
            raise ReadError(source, f"{kind} 文件的 {info.filename} 含有 DOCTYPE/ENTITY 声明（可能是 XML 实体攻击），"
                                    "拒绝读取")
