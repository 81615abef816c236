"""Exports a clerk opens in Excel or WPS: text typed by applicants stays text.

A cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab/CR) is a formula to a spreadsheet program, so
an applicant's "=HYPERLINK(…)" in an online application would run on the clerk's machine (CSV/formula
injection, OWASP).  CSV: such text gets a leading apostrophe, which the spreadsheet hides; XLSX: the cell
is written as a string, never as a formula.  Numbers and dates are untouched.

Speed (issue 16): :class:`XlsxBook` writes the workbook's XML itself — one inline-string, number or date cell
per value, no cell objects — about seven times faster than openpyxl's write-only mode and five times faster
than XlsxWriter's constant-memory mode on the 10 000-case worklist export (bench/bench_export.py).  What it
writes is the plain SpreadsheetML every reader takes (Excel, WPS, LibreOffice, openpyxl):

* a str is always an inline string (``t="inlineStr"``), never a formula; XML's ``& < >`` escaped; a character
  XML 1.0 cannot carry (C0 controls but tab and line feed, CR, U+FFFE/U+FFFF, a lone surrogate) is written
  as OOXML's ``_xHHHH_`` escape, which Excel and LibreOffice turn back into the character (a literal
  ``_xHHHH_`` in the text is itself escaped as ``_x005F_xHHHH_``, so it reads back unchanged); text longer
  than a cell holds (32 767 characters) is cut with a note saying so;
* int, float and Decimal are numbers (a NaN or infinity, which no spreadsheet stores, is written as text);
  bool is a boolean; None and "" leave the cell empty (a 0 is written: a blank and a zero are different facts);
* a date is a date serial styled ``yyyy-mm-dd``, a datetime one styled ``yyyy-mm-dd hh:mm:ss`` (an aware one
  in the platform's time zone first); a date before 1900-03-01 (Excel's serials there are off by Lotus's
  29 February 1900) is written as ISO text rather than as a wrong date;
* anything else as its text.

:func:`append_row` is kept for openpyxl worksheets (readers' tests build workbooks with it).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from gongkai.errors import GongkaiError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

MAX_ROWS = 1_048_576  # Excel's limits for one sheet
MAX_COLUMNS = 16_384
MAX_CELL_TEXT = 32_767
CUT_NOTE = "……（以下内容超出电子表格单元格的长度上限，已截断）"


def csv_text(value):
    """``value`` for a CSV cell: text that a spreadsheet would read as a formula gets a leading "'"."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _row_cells(ws, values) -> list:
    """``values`` with every str that openpyxl would take for a formula replaced by a string cell."""
    row = list(values)
    for i, v in enumerate(row):
        if isinstance(v, str) and v.startswith(FORMULA_START):
            from openpyxl.cell import Cell
            cell = Cell(ws, row=1, column=1, value=v)  # placed by ws.append (normal and write-only sheets)
            cell.data_type = "s"
            row[i] = cell
    return row


def append_row(ws, values) -> None:
    """Append ``values`` to the openpyxl worksheet ``ws`` (normal or write-only), every str as a plain
    string cell.  Constant time per row."""
    ws.append(_row_cells(ws, values))


# ------------------------------------------------------------------ the streaming writer
#: characters XML 1.0 cannot carry, or (CR) that a parser would turn into a line feed
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: text that a reader would take for an OOXML escape
_LOOKS_ESCAPED = re.compile("_(x[0-9A-Fa-f]{4}_)")
_EPOCH = dt.date(1899, 12, 30).toordinal()
_FIRST_TRUE_SERIAL = dt.date(1900, 3, 1)
_DATE_STYLE, _DATETIME_STYLE = 1, 2


def _column_letters(n: int) -> list[str]:
    out = []
    for i in range(1, n + 1):
        s = ""
        while i:
            i, r = divmod(i - 1, 26)
            s = chr(65 + r) + s
        out.append(s)
    return out


def _text(v: str) -> str:
    """``v`` as the content of a ``<t>`` element."""
    if len(v) > MAX_CELL_TEXT:
        v = v[:MAX_CELL_TEXT - len(CUT_NOTE)] + CUT_NOTE
    if "_x" in v:
        v = _LOOKS_ESCAPED.sub(r"_x005F_\1", v)
    v = escape(v)
    if _UNSAFE.search(v):
        v = _UNSAFE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", v)
    return v


def _string_cell(ref: str, v: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_text(v)}</t></is></c>'


def _datetime_serial(v: dt.datetime) -> str:
    if v.tzinfo is not None:
        from django.utils import timezone
        v = timezone.localtime(v).replace(tzinfo=None)
    seconds = v.hour * 3600 + v.minute * 60 + v.second + v.microsecond / 1e6
    return repr(v.toordinal() - _EPOCH + seconds / 86400)


def _cell(ref: str, v) -> str:
    """One ``<c>`` element ("" for an empty cell)."""
    t = type(v)
    if t is str:
        return _string_cell(ref, v) if v else ""
    if v is None:
        return ""
    if t is int:
        return f'<c r="{ref}"><v>{v}</v></c>'
    if t is dt.date:
        if v < _FIRST_TRUE_SERIAL:
            return _string_cell(ref, v.isoformat())
        return f'<c r="{ref}" s="{_DATE_STYLE}"><v>{v.toordinal() - _EPOCH}</v></c>'
    if t is bool:
        return f'<c r="{ref}" t="b"><v>{int(v)}</v></c>'
    if isinstance(v, dt.datetime):
        if v.date() < _FIRST_TRUE_SERIAL:
            return _string_cell(ref, v.isoformat())
        return f'<c r="{ref}" s="{_DATETIME_STYLE}"><v>{_datetime_serial(v)}</v></c>'
    if isinstance(v, dt.date):
        return _cell(ref, dt.date(v.year, v.month, v.day))
    if isinstance(v, float):
        return f'<c r="{ref}"><v>{v!r}</v></c>' if math.isfinite(v) else _string_cell(ref, str(v))
    if isinstance(v, Decimal):
        return f'<c r="{ref}"><v>{v}</v></c>' if v.is_finite() else _string_cell(ref, str(v))
    if isinstance(v, int):  # an IntEnum and the like
        return f'<c r="{ref}"><v>{int(v)}</v></c>'
    s = str(v)
    return _string_cell(ref, s) if s else ""


class XlsxSheet:
    """One worksheet of an :class:`XlsxBook`: rows are turned into XML as they are appended."""

    def __init__(self, title: str):
        self.title = title
        self._rows = 0
        self._chunks: list[bytes] = []
        self._pending: list[str] = []
        self._letters = _column_letters(64)

    def append(self, values) -> None:
        """Add ``values`` as the next row (see the module's docstring for what each type becomes)."""
        values = list(values)
        if self._rows >= MAX_ROWS:
            raise GongkaiError(f"工作表「{self.title}」超过电子表格的行数上限（{MAX_ROWS} 行），无法导出；"
                               "请缩小筛选范围后分批导出。")
        if len(values) > len(self._letters):
            if len(values) > MAX_COLUMNS:
                raise GongkaiError(f"工作表「{self.title}」第 {self._rows + 1} 行超过电子表格的列数上限"
                                   f"（{MAX_COLUMNS} 列），无法导出。")
            self._letters = _column_letters(len(values))
        self._rows += 1
        n = str(self._rows)
        letters = self._letters
        cells = "".join([_cell(letters[j] + n, v) for j, v in enumerate(values)])
        self._pending.append(f'<row r="{n}">{cells}</row>')
        if len(self._pending) >= 1000:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._chunks.append("".join(self._pending).encode("utf-8"))
            self._pending = []

    def _xml_chunks(self):
        self._flush()
        yield (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        yield from self._chunks
        yield b"</sheetData></worksheet>"


_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def _sheet_name(title: str, taken: set) -> str:
    """``title`` as Excel allows a sheet name: no ``[]:*?/\\``, at most 31 characters, not blank, unique."""
    name = _SHEET_NAME_BAD.sub("_", str(title)).strip("'")[:31] or "Sheet"
    base, k = name, 2
    while name.lower() in taken:
        suffix = f"({k})"
        name, k = base[:31 - len(suffix)] + suffix, k + 1
    taken.add(name.lower())
    return name


class XlsxBook:
    """An .xlsx written without a spreadsheet library::

        book = XlsxBook()
        sheet = book.add_sheet("办件清单")
        sheet.append(["申请编号", "收到申请之日"])
        sheet.append(["2024-001", dt.date(2024, 3, 1)])
        data = book.to_bytes()          # or book.save(stream)
    """

    def __init__(self):
        self.sheets: list[XlsxSheet] = []
        self._names: set = set()

    def add_sheet(self, title: str) -> XlsxSheet:
        sheet = XlsxSheet(_sheet_name(title, self._names))
        self.sheets.append(sheet)
        return sheet

    def save(self, stream) -> None:
        if not self.sheets:
            self.add_sheet("Sheet")
        n = len(self.sheets)
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
            z.writestr("[Content_Types].xml", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/styles.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT_SHEET}"/>'
                          for i in range(1, n + 1))
                + "</Types>"))
            z.writestr("_rels/.rels", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{_NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
                "</Relationships>"))
            z.writestr("xl/workbook.xml", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'xmlns:r="{_NS_REL}"><sheets>'
                + "".join(f'<sheet name={quoteattr(s.title)} sheetId="{i}" r:id="rId{i}"/>'
                          for i, s in enumerate(self.sheets, 1))
                + "</sheets></workbook>").encode("utf-8"))
            z.writestr("xl/_rels/workbook.xml.rels", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + "".join(f'<Relationship Id="rId{i}" Type="{_NS_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                          for i in range(1, n + 1))
                + f'<Relationship Id="rId{n + 1}" Type="{_NS_REL}/styles" Target="styles.xml"/>'
                "</Relationships>"))
            z.writestr("xl/styles.xml", _STYLES)
            for i, s in enumerate(self.sheets, 1):
                with z.open(f"xl/worksheets/sheet{i}.xml", "w") as f:
                    for chunk in s._xml_chunks():
                        f.write(chunk)

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.save(out)
        return out.getvalue()


def xlsx_bytes(title: str, header, rows) -> bytes:
    """An .xlsx with one sheet ``title``: ``header`` then ``rows``, every str a plain string cell
    (:class:`XlsxBook`)."""
    book = XlsxBook()
    sheet = book.add_sheet(title)
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    return book.to_bytes()
