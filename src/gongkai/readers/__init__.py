"""Readers: a file in, an :class:`~gongkai.report.AnnualReport` out.

:func:`read_report` chooses the reader by the file's suffix (or, for an unknown suffix,
by its first bytes), then maps the reader's blocks onto the format
(:func:`gongkai.readers.mapping.map_document`).  Every failure is a :class:`ReadError`
with a Chinese message naming the file.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import os
import re
import signal
import threading
import time
from pathlib import Path

from ..report import AnnualReport
from ..textutil import lazy_pattern, mostly_latin
from .base import RawDocument, ReadError
from .mapping import document_text, map_document

TEXT_SUFFIXES = {".txt", ".text", ".csv"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php"}
MD_SUFFIXES = {".md", ".markdown"}
MHTML_SUFFIXES = {".mht", ".mhtml"}
SUPPORTED = (TEXT_SUFFIXES | HTML_SUFFIXES | MD_SUFFIXES | MHTML_SUFFIXES
             | {".json", ".docx", ".pdf", ".doc", ".wps", ".rtf", ".odt", ".xlsx", ".xls", ".ods"})
MAX_BYTES = 50 * 1024 * 1024  # DOCX, PDF, XLSX, DOC
MAX_TEXT_BYTES = 20 * 1024 * 1024  # text, HTML, Markdown (the same limit their readers apply)


_HEADER_END = re.compile(rb"\r?\n\r?\n")


def is_mhtml(head: bytes) -> bool:
    """True when ``head`` (a file's first bytes) is the header of a MIME web archive (.mht, or Word's "single
    file web page" under any name): MIME-Version and multipart/related before the first empty line."""
    if b"mime-version" not in head.lower():  # (in no part of the head, nor in its header: most files, at once —
        return False  # the pattern for the header's end is tried at every byte)
    m = _HEADER_END.search(head)
    header = head[:m.start()] if m else head
    lower = header.lower()  # (both words present, or no need to look for them at a line's start: most files)
    if b"mime-version" not in lower or b"multipart/related" not in lower:
        return False
    return (re.search(rb"(?im)^MIME-Version\s*:", header) is not None
            and re.search(rb"(?i)multipart/related", header) is not None)


#: the first bytes of an OLE compound file: a Word 97–2003 .doc (or WPS .wps) whatever its name
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OFFICE_SUFFIXES = {".docx", ".xlsx", ".pdf", ".doc", ".wps", ".rtf", ".odt"}
#: an OpenDocument package's "mimetype" member (stored first and uncompressed, ODF 1.2 part 3 §3.3) → kind;
#: with its variants (text-web: LibreOffice's HTML documents, text-master, text-template …)
ODF_KINDS = {b"application/vnd.oasis.opendocument.text": "odt",
             b"application/vnd.oasis.opendocument.spreadsheet": "ods"}


def _odf_kind(mimetype: bytes) -> str | None:
    return next((kind for prefix, kind in ODF_KINDS.items() if mimetype.startswith(prefix)), None)
#: a web page by its first bytes (after a byte-order mark and white space), whatever its name
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html[\s>]|\?xml[^>]*>\s*<(?:!doctype\s+)?html)", re.I)


def _package_kind(path: Path) -> str:
    """What a ZIP file holds: "docx" (word/document.xml), "xlsx" (xl/workbook.xml), "odt"/"ods" (an
    OpenDocument text or spreadsheet by its mimetype member), else "zip" (an archive of files, not one report).
    An unreadable ZIP is left to the reader its name asks for, which says what is wrong with it."""
    import zipfile
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist()[:10_000])
            mimetype = b""
            if "mimetype" in names and zf.getinfo("mimetype").file_size <= 200:
                mimetype = zf.read("mimetype").strip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, RuntimeError, NotImplementedError):
        suffix = path.suffix.lower()
        return suffix[1:] if suffix in (".xlsx", ".odt") else "docx"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if _odf_kind(mimetype) and "content.xml" in names:
        return _odf_kind(mimetype)
    return "zip"


def _kind(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    # what the file holds wins over its name, whatever the name: a PDF, an Office package (DOCX, XLSX), a Word
    # 97–2003 or RTF file, a web archive or a web page published as .doc, saved as .txt or .html …
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _package_kind(path)  # a DOCX saved as .pdf or .html, an XLSX as .txt, a zip of reports
    if head.startswith(OLE_MAGIC):
        return "wps" if suffix == ".wps" else "xls" if suffix in (".xls", ".et") else "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if suffix in MHTML_SUFFIXES or is_mhtml(head):
        return "mhtml"
    if suffix in (".docx", ".xlsx", ".pdf", ".rtf") and head.lstrip()[:1] == b"<":
        return "html"  # a web page saved under an Office name (a .doc one: the legacy reader sees to it)
    if suffix in TEXT_SUFFIXES and _HTML_START.match(head):
        return "html"  # a web page saved as .txt
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MD_SUFFIXES:
        return "markdown"
    if suffix in {".json", ".docx", ".pdf", ".doc", ".wps", ".rtf", ".odt", ".xlsx"}:
        return suffix[1:]
    if suffix in (".xls", ".et", ".ods") and b"\x00" in head[:4096] and head[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        return "ods" if suffix == ".ods" else "xls"  # binary, neither OLE2 nor ZIP: its reader says it is damaged
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK"):
        return "docx"
    if head.lstrip()[:1] == b"<":
        return "html"
    return "text"


SNIFF_BYTES = 256 * 1024
# Markdown by content: a pipe-table delimiter row, or ATX headings (compiled on first use: only a file with a
# pipe or a hash asks them); HTML by content: real tags
_MD_DELIMITER = lazy_pattern(rb"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*\r?$", re.M)
_MD_PIPE_ROW = lazy_pattern(rb"^[ \t]*\|.*\|[ \t]*\r?$", re.M)
_MD_HEADING = lazy_pattern(rb"^#{1,6}[ \t]+\S", re.M)
_HTML_TAG = re.compile(rb"<\s*(html|body|head|p|div|table|tr|td|br|span|meta|title|h[1-6])\b", re.I)


def _as_ascii_view(data: bytes) -> bytes:
    """``data`` with a UTF-8 byte-order mark dropped, and a UTF-16 one's text re-encoded as UTF-8 (Word's "Unicode"
    web page: every ASCII character of its tags is two bytes, so no pattern over bytes would see a tag)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="ignore").lstrip("\ufeff").encode("utf-8", "surrogatepass")
    if data[:2] in (b"<\x00", b"\x00<"):  # the same without its byte-order mark
        return data.decode("utf-16-le" if data[0] else "utf-16-be", errors="ignore").encode("utf-8", "surrogatepass")
    return data


def kind_by_content(data: bytes, kind: str) -> str:
    """"markdown" for a .txt or .html file whose content is Markdown (pipe tables with a delimiter row, or
    ``#`` headings, and no HTML tags), else ``kind``: what a file holds decides how it is read, not its
    name (a converter's Markdown saved as .txt, a web export saved as .html without any markup)."""
    data = _as_ascii_view(data)
    if _HTML_TAG.search(data):
        return kind
    # (a pattern is run only when the character it needs is in the file, and the pipe rows only with a delimiter)
    delimiters = len(_MD_DELIMITER().findall(data)) if b"|" in data else 0
    pipe_rows = len(_MD_PIPE_ROW().findall(data)) if delimiters else 0
    headings = len(_MD_HEADING().findall(data)) if b"#" in data else 0
    if (delimiters and pipe_rows >= 2) or headings >= 2:
        return "markdown"
    return "text" if kind == "html" and not data.lstrip()[:1] == b"<" else kind


def over_limit_mb(size: int, limit: int) -> str:
    """``size`` in MB with as many decimals as it takes to read larger than ``limit`` (20.3 MB, not a "20 MB"
    beside a limit of 20 MB)."""
    for digits in (0, 1, 2, 3):
        shown = f"{size / 1048576:.{digits}f}"
        if float(shown) > limit / 1048576:
            return shown
    return f"{size / 1048576:.6f}"


def read_raw(path: str | Path) -> RawDocument:
    """Read a file into blocks with the reader its type needs (no mapping)."""
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ReadError(source, "这是一个文件夹，不是文件")
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise ReadError(source, f"无法打开文件（{_os_reason(exc)}）") from None
    kind = _kind(path, head)
    limit = MAX_TEXT_BYTES if kind in ("text", "html", "markdown") else MAX_BYTES
    if size > limit:
        raise ReadError(source, f"文件过大（{over_limit_mb(size, limit)} MB，此类文件上限 {limit // 1024 // 1024} MB）")
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
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    if outer and outer <= seconds:  # an enclosing wall-clock alarm (the CLI's work_limit) comes first: its own
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        signal.setitimer(signal.ITIMER_REAL, outer)
        yield
        return
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # the enclosing alarm goes on with what it had left
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))


def _os_reason(exc: OSError) -> str:
    import errno
    return {errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限", errno.ENOENT: "文件不存在",
            errno.ELOOP: "符号链接循环", errno.EISDIR: "这是一个文件夹"}.get(exc.errno, exc.strerror or str(exc))


#: kind → (module, function, takes bytes): a reader module and its library (python-docx, pypdfium2, openpyxl …)
#: are imported when the first file of that kind is read, never at start (bench/bench_cold_start.py): the one
#: place where the reader modules are chosen and loaded
READERS = {
    "text": ("text", "read_text", True),
    "html": ("html", "read_html", True),
    "markdown": ("markdown", "read_markdown", True),
    "docx": ("docx", "read_docx", False),
    "pdf": ("pdf", "read_pdf", False),
    "doc": ("legacy", "read_legacy", False),
    "wps": ("legacy", "read_legacy", False),
    "rtf": ("legacy", "read_legacy", False),
    "odt": ("legacy", "read_legacy", False),
    "xls": ("legacy", "read_xls", False),
    "ods": ("legacy", "read_ods", False),
    "xlsx": ("xlsx", "read_xlsx", False),
    "mhtml": ("mhtml", "read_mhtml", True),
}


def _read_kind(kind: str, path: Path, source: str) -> RawDocument:
    if kind == "zip":
        raise ReadError(source, "这是一个 ZIP 压缩包，不是一份年报：请解压后读取其中的文件（gongkai audit 可以审核整个文件夹；"
                                "上级审查的导入可以直接导入 zip 压缩包）")
    if kind not in READERS:
        raise ReadError(source, f"不支持的文件类型 {path.suffix}")
    module, name, takes_bytes = READERS[kind]
    reader = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    if kind in ("doc", "wps", "rtf", "odt") and path.suffix.lower() != f".{kind}":
        # a Word 97–2003, RTF or OpenDocument text file under another name (LibreOffice goes by the name)
        return reader(path, source, suffix=f".{kind}")
    return reader(path.read_bytes(), source) if takes_bytes else reader(path, source)


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
    text = document_text(raw)  # (once: the placeholder count and the mapping both read it)
    lost = lost_glyphs_diagnosis(raw, text)
    if lost:
        raise ReadError(str(path), lost)
    report = map_document(raw, text)
    if not looks_like_report(report) or (not _has_table_three(report) and _mostly_western(raw)):
        garbled = encoding_diagnosis(raw)
        if garbled:
            raise ReadError(str(path), garbled)
        raise NotAReport(str(path), "文件中没有找到年度报告的章节（一、总体情况……六、其他需要报告的事项）或统计表，"
                                   "看起来不是政府信息公开工作年度报告")
    return report


# The most frequent Chinese characters: real Chinese text is mostly made of them, text decoded with the wrong
# codec (Big5 or GBK read as the other, UTF-8 read as Latin-1 and saved again) hardly ever.
_COMMON_HAN = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后"
    "多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还"
    "因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结"
    "解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级"
    "少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领"
    "七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每"
    "目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影"
    "算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准"
    "精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听"
    "该铁价严申请息复议诉讼")
_HAN = lazy_pattern(r"[\u4e00-\u9fff]")
_LATIN_MOJIBAKE = lazy_pattern(r"[ÃÂÅÆÐÑØÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ]")


def encoding_diagnosis(raw: RawDocument) -> str | None:
    """A Chinese message when the document's text looks decoded with the wrong codec (mojibake), else None.
    Only asked when a file was read but nothing of a report was found in it."""
    text = "".join(b.text for b in raw.blocks)[:20000]
    codec = raw.meta.get("encoding")
    said = f"按 {codec} 解码后" if codec and codec != "str" else "解码后"
    han = _HAN().findall(text)
    sample = re.sub(r"\s+", " ", text.strip())[:24]
    if "锟斤拷" in text or text.count("\ufffd") >= 20:
        return (f"编码可能有误：{said}的文字中有大量替换符号（“锟斤拷”或“\ufffd”），原文在某次转换中已按错误的编码保存；"
                f"请找到原始文件或正确编码的版本后重试")
    latin = len(_LATIN_MOJIBAKE().findall(text))
    if latin >= 20 and latin > len(han):
        return (f"编码可能有误：{said}的文字是“{sample}”这样的西文乱码，通常是 UTF-8 中文被当作 Latin-1/Windows-1252 "
                f"读取后又保存；请用正确的编码（多为 UTF-8）重新导出后重试")
    if len(han) >= 50 and sum(1 for ch in han if ch in _COMMON_HAN) < 0.3 * len(han):
        return (f"编码可能有误：{said}的汉字大多是生僻字（如“{sample}”），看起来是乱码而不是中文正文"
                f"（例如 Big5 与 GBK 互相误读）；请确认文件编码（另存为 UTF-8）后重试")
    return None


# what a text layer holds for a glyph it has no character for: a PDF made without a CJK font (xhtml2pdf, reportlab's
# default fonts) prints every 汉字 as a black box, "■", or a white one (U+FFFD is a wrong codec: encoding_diagnosis)
_NO_GLYPH = frozenset("■□▯")


def lost_glyphs_diagnosis(raw: RawDocument, text: str | None = None) -> str | None:
    """A Chinese message when the document's text has (almost) no Chinese character but many placeholders where
    they were printed — the words cannot be read at all, so every heading and label would be "missing"; else None.
    ``text``: :func:`~gongkai.readers.mapping.document_text` of ``raw`` when the caller has it — fewer than 100
    placeholders in all of it (most documents) are fewer in any part of it."""
    if text is not None and sum(map(text.count, _NO_GLYPH)) < 100:
        return None
    text = "".join(b.text for b in raw.blocks)[:200000]
    boxes = sum(map(text.count, _NO_GLYPH))  # (str.count per placeholder: a tenth of a loop over the characters)
    if boxes < 100:
        return None
    han = sum(1 for _ in itertools.islice(_HAN().finditer(text), boxes // 10 + 1))
    if han > boxes // 10:
        return None
    shown = next(ch for ch in text if ch in _NO_GLYPH)
    what = "PDF 中的汉字没有可提取的文字" if raw.reader == "pdf" or (raw.source or "").lower().endswith(".pdf") \
        else "文件中的汉字没有可提取的文字"
    return (f"文字无法识别：{what}（{boxes} 处汉字都成了“{shown}”，只有 {han} 个汉字可读，多半是生成文件时没有嵌入中文字体），"
            f"章节和表格标签都无法识别，未做审核；请提供 Word 版或用中文字体重新生成的 PDF（暂不做文字识别 OCR）")


class NotAReport(ReadError):
    """The file was read, but it is not an annual report (no sections, no table 三, no title)."""




def _has_table_three(report: AnnualReport) -> bool:
    rows = set()  # (rows of table 三 with a number: three are enough)
    for _, r, _, c in report.iter_cells("三"):
        if c.kind == "number":
            rows.add(r.id)
            if len(rows) >= 3:
                return True
    return False


def _mostly_western(raw: RawDocument) -> bool:
    """A document written mostly in a Western language (notes about reports that quote their headings, a
    README): more Latin letters than Chinese characters.  A published report is Chinese text (its Latin letters
    are a few addresses and abbreviations)."""
    return mostly_latin("".join(b.text for b in raw.blocks)[:200000])


def looks_like_report(report: AnnualReport) -> bool:
    """A document is taken as an annual report when it has at least two of the six section
    headings, or table 三 with values, or a report title; otherwise reading says it is not one."""
    table3 = _has_table_three(report)
    titled = ("年度报告" in report.title or "年报" in report.title) and report.year is not None
    return len(report.sections) >= 2 or table3 or titled


def _read_json(path: Path) -> AnnualReport:
    import json  # lazy: only a report given as JSON needs it (cold start)

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


__all__ = ["NotAReport", "encoding_diagnosis", "lost_glyphs_diagnosis", "RawDocument", "ReadError", "time_limit", "map_document", "read_raw", "read_report"]
