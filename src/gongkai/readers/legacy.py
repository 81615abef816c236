"""Word 97–2003/WPS files (.doc, .wps), RTF and OpenDocument text (.odt): converted to DOCX with LibreOffice,
then :func:`read_docx`; Excel 97–2003 workbooks (.xls, also under a .doc name): converted to XLSX, then
:func:`~gongkai.readers.xlsx.read_xlsx` (LibreOffice Calc: libreoffice-calc-nogui).

The conversion runs ``soffice --headless --convert-to docx`` in a temporary directory with
a private profile and a timeout (:func:`gongkai.office.convert_with_soffice`).
Needs LibreOffice (Debian: libreoffice-writer-nogui); without it the ReadError says so.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from ..office import RenderError, convert_with_soffice, soffice_path
from .base import RawDocument, ReadError
from .docx import read_docx
from .ooxml import check_package, load_bytes

CONVERT_TIMEOUT_S = 120
OLE2_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # Word 97-2003 .doc and WPS .wps are OLE2 compound files
#: the name of a Word 97 document's main stream as an OLE2 directory entry stores it (UTF-16LE)
WORD_STREAM = "WordDocument".encode("utf-16-le")


def conversion_suffix(data: bytes, suffix: str) -> str:
    """The name LibreOffice is given the file under: a ``.wps`` holding a Word 97 document (its "WordDocument"
    stream: WPS Office 文字, or a DOC saved or renamed as .wps) goes in as ``.doc``, so the import filter
    LibreOffice picks is its Word filter whatever its type detection makes of the name ``.wps`` (also the MS
    Works extension); anything else (an MS Works file, RTF) keeps its suffix."""
    if suffix == ".wps" and data.startswith(OLE2_MAGIC) and WORD_STREAM in data:
        return ".doc"
    return suffix


ODT_TEXT = b"application/vnd.oasis.opendocument.text"


def odt_as_text_document(data: bytes) -> bytes:
    """An OpenDocument text package whose mimetype is a variant (``text-web``: what LibreOffice saves an HTML
    document as; ``text-template``, ``text-master``) with the plain text mimetype: LibreOffice then opens it in
    Writer, whose DOCX export it needs (Writer/Web has none).  The same content.xml either way; a package
    already of the plain type is returned as it is.  ``data`` has passed :func:`check_package`."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        variant = zf.read("mimetype").strip() if "mimetype" in zf.namelist() else ODT_TEXT
        if variant == ODT_TEXT or not variant.startswith(ODT_TEXT):
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as new:
            new.writestr(zipfile.ZipInfo("mimetype"), ODT_TEXT, compress_type=zipfile.ZIP_STORED)
            for info in zf.infolist():
                if info.filename == "mimetype":
                    continue
                part = zf.read(info)
                if info.filename == "META-INF/manifest.xml":  # the package's own entry ("/") names the type too
                    part = part.replace(b'"' + variant + b'"', b'"' + ODT_TEXT + b'"')
                new.writestr(info, part, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def ole_fault(data: bytes) -> str | None:
    """What is wrong with an OLE2 compound file's header for a Word/WPS document, or None.  The header's fixed
    fields (MS-CFB 2.2: byte order FFFE, major version 3 or 4 with its sector size, mini sector size 64) and the
    name of the "WordDocument" stream every Word 97–2003 and WPS 文字 file holds (directory names are UTF-16)."""
    if len(data) < 512:
        return "文件头不完整（不足 512 字节）"
    major, order, shift, mini = (int.from_bytes(data[k:k + 2], "little") for k in (26, 28, 30, 32))
    if order != 0xFFFE or (major, shift) not in ((3, 9), (4, 12)) or mini != 6:
        return "OLE2 复合文档的文件头无效（字节序、版本或扇区大小不符合规范），文件内容可能是随机数据或已被截断"
    if "WordDocument".encode("utf-16-le") not in data:
        return "复合文档中没有 WordDocument 数据流，不是 Word/WPS 文字文档（可能是 Excel、PowerPoint 等其他文件）"
    return None


def read_legacy(path_or_bytes, source: str = "", suffix: str = "") -> RawDocument:
    """Read a .doc/.wps file (path or bytes) into blocks; ``reader`` is "docx" with meta converted_from.

    Raises :class:`ReadError` when LibreOffice is missing, the conversion fails or times
    out, or the converted document cannot be read.
    """

    if not isinstance(path_or_bytes, (bytes, bytearray)):
        suffix = suffix or Path(path_or_bytes).suffix
    source = source or (str(path_or_bytes) if not isinstance(path_or_bytes, (bytes, bytearray)) else "<doc>")
    suffix = (suffix or ".doc").lower()
    data = load_bytes(path_or_bytes, source, suffix.lstrip(".").upper())
    if is_workbook(data):  # an Excel 97-2003 workbook under a Word name: said as what it is
        return read_xls(bytes(data), source, suffix)
    if soffice_path() is None:
        raise ReadError(source, f"读取 {suffix} 文件需要 LibreOffice（soffice），本机未安装。请安装 "
                                "libreoffice-writer-nogui，或在 Word/WPS 中另存为 .docx 后再读取")
    # Sites often publish other formats under a .doc name: read them as what they are.
    if suffix == ".odt":
        if not data.startswith(b"PK"):
            raise ReadError(source, "不是 OpenDocument 文本文档（.odt 文件应是 ZIP 包），文件可能已损坏或扩展名有误")
        check_package(bytes(data), source, "ODT", "content.xml")  # zip bombs and XML entities, before LibreOffice
        _well_formed_content(bytes(data), source)
        return _converted(odt_as_text_document(bytes(data)), suffix, source)
    if data.startswith(b"PK"):
        return read_docx(bytes(data), source)
    if data.lstrip()[:1] == b"<":
        from .html import read_html  # lazy: lxml only for a document LibreOffice turned into HTML
        return read_html(bytes(data), source)
    if not (data.startswith(OLE2_MAGIC) or data.startswith(b"{\\rtf")):
        raise ReadError(source, f"不是 Word 97-2003/WPS 文档（{suffix} 文件应以 OLE2 或 RTF 文件头开始），"
                                "文件可能已损坏或扩展名有误")
    if data.startswith(OLE2_MAGIC):
        fault = ole_fault(data)
        if fault:  # said at once: LibreOffice would spend the whole time limit on it
            raise ReadError(source, f"{suffix} 文件已损坏：{fault}；请用 Word/WPS 打开后另存为 .docx 再读取")
    raw = _converted(data, suffix, source)
    lost = empty_shapes(data) if data.startswith(b"{\\rtf") else 0
    if lost:
        raw.meta["lost_shapes"] = lost
    return raw


#: a drawing (text box, shape) that an RTF keeps only as an empty field — ``{\field{\*\fldinst SHAPE }{\fldrslt}}``:
#: what LibreOffice writes for a Word text box (VML) when it saves a document as RTF; the box's paragraphs and
#: tables are not in the file at all
_EMPTY_SHAPE = re.compile(rb"\\fldinst\s+SHAPE\b[^{}]*\}\s*\{\\fldrslt\s*\}")


def empty_shapes(data: bytes) -> int:
    """How many drawings an RTF keeps only as an empty ``SHAPE`` field (their content lost when it was saved)."""
    return len(_EMPTY_SHAPE.findall(data)) if b"SHAPE" in data else 0


#: the names of an Excel 97-2003 workbook's main stream (BIFF8: "Workbook"; BIFF5, Excel 5.0/95: "Book") as
#: OLE2 directory entries store them (UTF-16LE, each entry's name padded with zeros)
WORKBOOK_STREAMS = ("Workbook\0".encode("utf-16-le"), "Book\0".encode("utf-16-le"))
XLS_ADVICE = "请在 WPS 表格或 Excel 中另存为 .xlsx 后再读取"


def is_workbook(data: bytes) -> bool:
    """An OLE2 compound file holding an Excel workbook stream and no Word document stream (.xls, WPS 表格 .et)."""
    return (bytes(data[:8]) == OLE2_MAGIC and WORD_STREAM not in data
            and any(name in data for name in WORKBOOK_STREAMS))


def read_xls(path_or_bytes, source: str = "", suffix: str = ".xls") -> RawDocument:
    """Read an Excel 97-2003 workbook (.xls): converted to .xlsx by LibreOffice (Calc), then
    :func:`~gongkai.readers.xlsx.read_xlsx`; meta converted_from is ".xls".  Without LibreOffice Calc, or when
    the conversion fails, the ReadError says plainly that this is an .xls workbook to be saved as .xlsx."""
    source = source or (str(path_or_bytes) if not isinstance(path_or_bytes, (bytes, bytearray)) else "<xls>")
    data = bytes(load_bytes(path_or_bytes, source, "XLS"))
    what = "这是 Excel 97-2003（.xls）工作簿"
    if not data.startswith(OLE2_MAGIC):
        raise ReadError(source, "不是 Excel 97-2003 工作簿（.xls 文件应以 OLE2 复合文档文件头开始），文件可能已损坏或扩展名有误")
    if WORD_STREAM in data:  # a Word document under an Excel name
        return read_legacy(data, source, ".doc")
    if not any(name in data for name in WORKBOOK_STREAMS):
        raise ReadError(source, "文件已损坏：复合文档中既没有 Excel 工作簿（Workbook）也没有 Word 文档（WordDocument）数据流，"
                                "不是 Excel 97-2003 工作簿；请确认文件类型")
    header = ole_fault(data + WORD_STREAM)  # (the header's fields only: the stream is an Excel one)
    if header:
        raise ReadError(source, f"{what}，但文件已损坏：{header}；{XLS_ADVICE}")
    return _workbook_converted(data, ".xls", what, source, suffix or ".xls")


def read_ods(path_or_bytes, source: str = "", suffix: str = ".ods") -> RawDocument:
    """Read an OpenDocument spreadsheet (.ods; LibreOffice Calc, WPS 表格 save it): checked as a package (zip
    bombs, XML entities), converted to .xlsx by LibreOffice (Calc), then :func:`~gongkai.readers.xlsx.read_xlsx`;
    meta converted_from is ".ods".  Without LibreOffice Calc, or when the conversion fails, the ReadError says
    what the file is and what to do."""
    source = source or (str(path_or_bytes) if not isinstance(path_or_bytes, (bytes, bytearray)) else "<ods>")
    data = bytes(load_bytes(path_or_bytes, source, "ODS"))
    what = "这是 OpenDocument 电子表格（.ods）"
    if not data.startswith(b"PK"):
        raise ReadError(source, "不是 OpenDocument 电子表格（.ods 文件应是 ZIP 包），文件可能已损坏或扩展名有误")
    check_package(data, source, "ODS", "content.xml")  # zip bombs and XML entities, before LibreOffice
    return _workbook_converted(data, ".ods", what, source, suffix or ".ods")


def _workbook_converted(data: bytes, ext: str, what: str, source: str, suffix: str) -> RawDocument:
    """A workbook LibreOffice Calc opens (``ext``: ".xls", ".ods") converted to .xlsx and read."""
    if soffice_path() is None:
        raise ReadError(source, f"{what}，读取它需要 LibreOffice（Calc），本机未安装；{XLS_ADVICE}")
    from .xlsx import read_xlsx  # lazy: openpyxl only for a workbook
    return _via_soffice(data, f"input{ext}", "xlsx", read_xlsx, source, suffix,
                        lambda exc: f"{what}，未能转换为 .xlsx（{exc}）；{XLS_ADVICE}")


def _converted(data, suffix: str, source: str) -> RawDocument:
    """``data`` converted to DOCX by LibreOffice and read; meta converted_from names the suffix."""
    return _via_soffice(data, f"input{conversion_suffix(bytes(data), suffix)}", "docx", read_docx, source, suffix,
                        lambda exc: f"无法转换 {suffix} 文件：{exc}")


def _via_soffice(data, name: str, target: str, read, source: str, suffix: str, failed) -> RawDocument:
    """``data`` saved as ``name`` in a temporary folder, converted to ``target`` by LibreOffice and read with
    ``read``; meta converted_from is ``suffix``.  A failed conversion is a ReadError saying ``failed(exc)``."""
    with tempfile.TemporaryDirectory(prefix="gongkai-legacy-") as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / name
        src.write_bytes(data)
        try:
            converted = convert_with_soffice(src, target, tmpdir, timeout=CONVERT_TIMEOUT_S)
        except RenderError as exc:
            raise ReadError(source, failed(exc)) from None
        raw = read(converted.read_bytes(), source)
        shutil.rmtree(tmpdir / "lo-profile", ignore_errors=True)
    raw.meta["converted_from"] = suffix
    return raw


def _well_formed_content(data: bytes, source: str) -> None:
    """An ODT whose content.xml is not well-formed XML (AbiWord writes one now and then: "<text:h>…</text:p>")
    is refused at once, saying where — LibreOffice would only say "source file could not be loaded".
    (``data`` passed :func:`check_package`: no entity, no DTD to fetch; the parser resolves none either.)"""
    import io
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        content = z.read("content.xml")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        line = f"第 {exc.lineno} 行" if getattr(exc, "lineno", None) else ""
        raise ReadError(source, f"ODT 文件已损坏：content.xml {line}不是完整的 XML（{str(exc.msg or exc)[:120]}），"
                                "LibreOffice 也无法打开；请用原程序另存为 .docx 或重新导出后再读取") from None
