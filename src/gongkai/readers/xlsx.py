"""XLSX reader (openpyxl): every worksheet's used range → :class:`RowBlock` rows.

A text sheet — one named "正文" (as gongkai's XLSX writer makes it) or one whose used
range is a single column — is prose: each non-empty row is a :class:`TextBlock`
(title, preamble, section titles, paragraphs), and text sheets come before the tables.
Every other sheet is one table (``table`` = sheet index); its name becomes a :class:`TextBlock`
before its rows, so a sheet named after a section ("三、收到和处理政府信息公开申请情况") is
found as that section.  Merged ranges are expanded like DOCX/HTML spans: the top-left cell
keeps its value, every other covered position is ``RawCell("", spanned=True)``.  Numbers
print as written in the cell (an int as "12", a float without a trailing ".0" when whole,
"96171.6"), an empty cell is ``RawCell("")``.  Formulas are read as their cached values; a formula saved
without its result (a workbook written by a program that does not compute formulas, as openpyxl) is computed
when it stays within the safe subset of :mod:`gongkai.readers.formula` (numbers, references, ranges, + - *,
parentheses, SUM) — its location says so and the reading note P13 counts it — and is otherwise read as
“公式未计算”, the note naming the cell, its formula and why it was not computed.

Safety: the size limit, zip-bomb and DOCTYPE/ENTITY checks of :mod:`gongkai.readers.ooxml`.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal

from ..report import FORMULA_NOT_COMPUTED, Location
from ..textutil import clean, norm
from .base import RawCell, RawDocument, ReadError, RowBlock, TextBlock, without_row_numbers
from .formula import Evaluator, Unsupported, column_letters
from .ooxml import check_package, load_bytes

MAX_CELLS = 200_000
TEXT_SHEET = "正文"  # the sheet of prose gongkai's XLSX writer adds


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return clean(str(value))


#: a sheet named after the format's table ("表三", "表三 依申请公开"): the section whose table it is
_TABLE_SHEET = re.compile(r"^表([二三四])(?![一二三四五六七八九十\d])")


def _interleave(text_blocks: list, sheets: list[list]) -> list:
    """Text sheets' blocks with each table sheet placed after the text line that names it.

    gongkai's "正文" sheet prints the section titles and the table sheets are named after them
    ("二、主动公开政府信息情况"), so a table sheet's rows follow its section's title, where the
    document had the table.  A table sheet (``[name block, rows…]``) that no text line names
    keeps its name block and follows the text.
    """
    out: list = []
    placed: set[int] = set()
    for tb in text_blocks:
        out.append(tb)
        key = norm(tb.text)
        for k, sheet in enumerate(sheets):
            name = norm(sheet[0].text)
            # the same title, or the same section numeral ("四、…": the text may keep a typo of the
            # original heading, "行政法复议", while the sheet is named with the official title; a sheet
            # named "表三" belongs after "三、…")
            numeral = _TABLE_SHEET.match(name)
            section = numeral.group(1) + "、" if numeral else name[:2] if name[1:2] == "、" else ""
            same_section = len(key) <= 40 and bool(section) and key[:2] == section
            if k not in placed and name and (key == name or same_section
                                             or (len(name) >= 8 and key.startswith(name))):
                out += sheet[1:]  # the heading is already there
                placed.add(k)
                break
    for k, sheet in enumerate(sheets):
        if k not in placed:
            out += sheet
    return out


_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?\"")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


_FULL_CALC_ON_LOAD = re.compile(rb'<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad\s*=\s*["\'](?:1|true)["\']')


def _check_merged_area(data: bytes, source: str) -> tuple[bool, bool]:
    """Refuse a workbook with more than ``MAX_CELLS`` cells, or whose merged ranges cover more in all, before
    openpyxl loads and expands them (a range over the whole sheet is 17 billion cells: gigabytes inside
    openpyxl's loader).  Returns whether a sheet holds formulas, and whether the workbook declares its formulas'
    saved results stale (``<calcPr fullCalcOnLoad="1"/>``: “recompute everything on opening” — written by
    programs that cannot compute, as xlsxwriter, whose saved results are placeholders such as 0)."""
    import zipfile

    total = cells = 0
    formulas = stale = False
    with zipfile.ZipFile(io.BytesIO(data)) as zf:  # check_package has vetted sizes and ratio
        for info in zf.infolist():
            if info.filename == "xl/workbook.xml":
                stale = bool(_FULL_CALC_ON_LOAD.search(zf.read(info)))
                continue
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            part = zf.read(info)
            formulas = formulas or b"<f>" in part or b"<f " in part
            cells += part.count(b"<c ") + part.count(b"<c>")
            if cells > MAX_CELLS:  # counted in the XML: openpyxl would take minutes to load a million rows
                raise ReadError(source, f"XLSX 表格过大（超过 {MAX_CELLS} 个单元格），拒绝读取")
            if b"mergeCell" not in part:
                continue
            for m in _MERGE_REF.finditer(part):
                c1, r1 = _column_number(m.group(1)), int(m.group(2))
                c2, r2 = (_column_number(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
                total += (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)
                if total > MAX_CELLS:
                    raise ReadError(source, f"XLSX 合并单元格覆盖超过 {MAX_CELLS} 个单元格"
                                            f"（{info.filename} 中的 {m.group(0)[-40:].decode('ascii', 'replace')}…），"
                                            f"数值异常，拒绝读取")
    return formulas, stale


def read_xlsx(path_or_bytes, source: str = "") -> RawDocument:
    """Read an .xlsx (path or bytes) into blocks, sheet by sheet.

    Raises :class:`ReadError` for an empty, oversized, unsafe or unreadable workbook, or one
    with more than ``MAX_CELLS`` cells in its used ranges.
    """
    source = source or (str(path_or_bytes) if not isinstance(path_or_bytes, (bytes, bytearray)) else "<xlsx>")
    data = load_bytes(path_or_bytes, source, "XLSX")
    check_package(data, source, "XLSX", "[Content_Types].xml")
    formulas, stale = _check_merged_area(data, source)
    try:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), data_only=True)
        # a formula saved without its result reads as None: the formulas tell such a cell from a blank one
        wb_formulas = load_workbook(io.BytesIO(data), data_only=False) if formulas else None
    except ReadError:
        raise  # the reading time limit: its own message
    except Exception:  # noqa: BLE001 - any parser failure is the file's fault (openpyxl's text: English internals)
        raise ReadError(source, "XLSX 文件无法解析：文件内部结构已损坏或不完整（缺少或无法解析其中的 XML 部件），"
                                "可能下载未完成、被其他软件改坏或扩展名有误；请用 Excel 或 WPS 打开后另存为 .xlsx 再试") from None
    text_blocks: list = []
    sheets: list[list] = []  # per table sheet: its name block, then its rows
    cells_seen = 0
    uncomputed: list[str] = []  # where a formula was saved without its result and is not computed (and why)
    computed: list[str] = []  # … and where it was computed from its formula
    stale_results = 0  # formulas whose saved results were not read (the workbook declares them stale)
    # results saved with a workbook that asks to be recomputed on opening are not what Excel shows: its formulas
    # are computed (or read as “公式未计算”) as if saved without results
    evaluator = Evaluator(_lookup(wb, wb_formulas, stale)) if wb_formulas is not None else None
    for t, ws in enumerate(wb.worksheets):
        if ws.title.strip() == TEXT_SHEET or ws.max_column == 1:
            cells_seen += ws.max_row
            if cells_seen > MAX_CELLS:
                raise ReadError(source, f"XLSX 表格过大（超过 {MAX_CELLS} 个单元格），拒绝读取")
            for r, row in enumerate(ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=1, values_only=True), 1):
                text = _text(row[0]) if row else ""
                if text:
                    text_blocks.append(TextBlock(text, Location(source=source, where=f"工作表「{ws.title}」 第{r}行")))
            continue
        blocks = [TextBlock(clean(ws.title), Location(source=source, where=f"工作表「{ws.title}」"))]
        sheets.append(blocks)
        covered: dict[tuple[int, int], bool] = {}
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        covered[(r, c)] = True
        max_row, max_col = ws.max_row, ws.max_column
        cells_seen += max_row * max_col
        if cells_seen > MAX_CELLS:
            raise ReadError(source, f"XLSX 表格过大（超过 {MAX_CELLS} 个单元格），拒绝读取")
        ws_f = wb_formulas.worksheets[t] if wb_formulas is not None else None
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col, values_only=True), 1):
            cells = []
            for c, value in enumerate(row, 1):
                loc = Location(source=source, where=f"工作表「{ws.title}」 第{r}行 第{c}列")
                if covered.get((r, c)):
                    cells.append(RawCell("", loc, spanned=True))
                elif ((value is None or stale) and ws_f is not None
                      and _is_formula(formula := ws_f.cell(r, c).value)):
                    coordinate = f"{column_letters(c)}{r}"
                    stale_results += value is not None
                    shown = _shown(formula)
                    try:
                        if not isinstance(formula, str):
                            raise Unsupported("数组公式")
                        result = evaluator.cell_formula(ws.title, r, c, formula)
                    except Unsupported as why:
                        cells.append(RawCell(FORMULA_NOT_COMPUTED, loc))
                        uncomputed.append(f"{loc.where}（{coordinate} {shown}：{why}）")
                    else:
                        loc = Location(source=source, where=f"{loc.where}（{coordinate} 的公式 {shown} 算出）")
                        cells.append(RawCell(_text(int(result) if result == result.to_integral_value() else result), loc))
                        computed.append(f"{loc.where}")
                else:
                    cells.append(RawCell(_text(value), loc))
            if all(not x.text for x in cells) and not any(x.spanned for x in cells):
                continue
            blocks.append(RowBlock(cells, Location(source=source, where=f"工作表「{ws.title}」 第{r}行"), table=t))
    blocks = without_row_numbers(_interleave(text_blocks, sheets))  # a frame's index written by pandas to_excel
    title = (wb.properties.title or "").strip() if wb.properties else ""
    if title and not any(b.text == clean(title) for b in text_blocks[:3]):  # the text sheet prints it
        blocks.insert(0, TextBlock(title, Location(source=source, where="文档属性")))
    raw = RawDocument(source=source, blocks=blocks, reader="xlsx", title=title)
    if uncomputed:
        raw.meta["uncomputed_formulas"] = uncomputed
    if computed:
        raw.meta["computed_formulas"] = computed
    if stale_results:
        raw.meta["stale_formula_results"] = True
    return raw


def _shown(formula) -> str:
    text = formula if isinstance(formula, str) else "{" + str(getattr(formula, "text", "") or "") + "}"
    text = clean(text)
    return text if len(text) <= 60 else text[:57] + "…"


def _lookup(wb, wb_formulas, stale=False):
    """A cell's (value, formula) for the evaluator: the value saved in the workbook, and the formula's text when
    the cell holds a formula saved without its result (or with a ``stale`` one: the workbook's results are not
    to be trusted).  Cells outside a sheet's used range are empty (not
    created: openpyxl's ``cell()`` would grow the sheet)."""
    names = {ws.title: k for k, ws in enumerate(wb.worksheets)}

    def lookup(sheet, row, col):
        k = names.get(sheet)
        if k is None:
            raise Unsupported(f"引用的工作表“{sheet}”不存在")
        ws, ws_f = wb.worksheets[k], wb_formulas.worksheets[k]
        if row > ws.max_row or col > ws.max_column or row > ws_f.max_row or col > ws_f.max_column:
            return None, None
        value = ws.cell(row, col).value
        if value is not None and not stale:
            return value, None
        formula = ws_f.cell(row, col).value
        if value is not None and not _is_formula(formula):
            return value, None
        if not _is_formula(formula):
            return None, None
        if not isinstance(formula, str):
            raise Unsupported(f"引用的 {sheet}!{column_letters(col)}{row} 是数组公式")
        return None, formula

    return lookup


def _is_formula(value) -> bool:
    return isinstance(value, str) and value.startswith("=") or type(value).__name__ == "ArrayFormula"
