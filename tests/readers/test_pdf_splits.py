"""Numbers a PDF splits (issue 11, a fresh tester's unseen PDFs): a number wrapped over two lines of a narrow
borderless cell (a LibreOffice PDF/A of a DOCX table without borders printed 13335 as "1333" over "5", read
1333), cells of a borderless CSS box table printed without a gap between them (Chromium: "49108" and "175862"
as one word "49108175862", read as the total beside a blank), a label overflowing its box into the first value
column with that cell's number glued to it ("情形，0": the row's numbers placed one column right, a blank
invented).  The parts of a wrapped number are read as one number only where the row's totals then hold; every
other cell of these classes is left unread with a P01 note — never the first part alone, never a number
moved or glued.

The word-box tests print table 三 here (:func:`gongkai.readers.pdf.read_word_boxes`: the PDF reader's
steps on words with their boxes); the generator tests print random consistent reports with LibreOffice (our
DOCX, its tables' borders removed and value columns narrowed) and Chromium (our HTML as CSS boxes, landscape).
Every expected value is one the report was made from.
"""

from __future__ import annotations

import dataclasses
import random

import pytest
from pdf_layouts import CHROMIUM, ChromiumPrinter, draw_style
from test_layout_generator import Completeness, assert_never_wrong, make_case, score

from gongkai.readers.mapping import map_document
from gongkai.readers.pdf import WRAPPED_IN_CELL, read_pdf, read_word_boxes
from gongkai.writers.pdf import convert_with_soffice, soffice_path

from .test_css_tables import _as_boxes
from .test_plain_blanks import COL_IDS, COLUMNS, ROWS

H = 10.0  # the font size (a word's height)
PITCH = 11.6  # a wrapped cell's lines (LibreOffice's single spacing)
ROW = 26.0  # one row (a label wrapped over two lines)
X = [280.0 + 36 * k for k in range(7)]  # the value columns' left edges


def _word(text: str, x0: float, mid: float) -> tuple:
    width = 10.0 * len(text) if not text.isdigit() else 5.0 * len(text)
    return (text, x0, x0 + width, mid - H / 2, mid + H / 2)


def _page(rows, wrapped: dict[tuple[int, int], tuple[str, str]], centred: bool = True) -> list:
    """Table 三 on a page: each row's label and numbers level; a cell in ``wrapped`` printed as two lines, its
    upper part above the row's line and its lower part below it (``centred``), or the upper part level with
    the row's numbers and the lower part a line below."""
    words = [_word("某县某局2024年政府信息公开工作年度报告", 150, 60), _word("三、收到和处理政府信息公开申请情况", 60, 90)]
    words += [_word(c, x, 120) for c, x in zip(COLUMNS, X)]
    mid = 150.0
    for label, values in rows:
        words.append(_word(label[:14], 60, mid))
        for k, v in enumerate(values):
            if v is None:
                continue
            if (len(words), k) in wrapped or (label, k) in wrapped:
                up, low = wrapped[(label, k)]
                top = mid - PITCH / 2 if centred else mid
                words += [_word(up, X[k], top), _word(low, X[k] + 2.5 * (len(up) - len(low)), top + PITCH)]
            else:
                words.append(_word(str(v), X[k], mid))
        mid += ROW
    words.append(_word("四、政府信息公开行政复议、行政诉讼情况", 60, mid + 20))
    return [(842.0, words)]


def _read(rows, wrapped, centred=True):
    return map_document(read_word_boxes(_page(rows, wrapped, centred), "t.pdf", "pdf"))


def _table(scale: int):
    return [(label, [v * scale for v in vals]) for _, label, vals in ROWS]


@pytest.mark.parametrize("centred", [True, False])
def test_totals_wrapped_in_their_borderless_cells_are_joined_where_the_rows_totals_hold(centred):
    """总计's column three digits wide: 2331 printed "233" over "1", 15984 "159" over "84" …; each row's other
    numbers sum to its total, so the parts are one number; an upper part is never read alone."""
    rows = _table(333)
    assert sum(v * 333 for v in ROWS[3][2][:6]) == ROWS[3][2][6] * 333 == 2331
    wrapped = {(label, 6): (str(vals[6])[:3], str(vals[6])[3:]) for label, vals in rows if vals[6] >= 1000}
    got = _read(rows, wrapped, centred)
    assert got.cells[("三", "partially_granted", "total")].value == 2331
    assert got.cells[("三", "received", "total")].value == 48 * 333
    for (row_id, _, vals) in ROWS:
        for col, v in zip(COL_IDS, vals):
            cell = got.cells[("三", row_id, col)]
            assert cell.kind != "number" or cell.value == v * 333, (row_id, col, cell)


def test_a_wrapped_number_whose_row_does_not_add_up_joined_is_unread_never_its_upper_part():
    """The parts "233" and "9" joined give 2339, not the row's sum (2331): neither reading is certain — the
    cell is unread with a P01 note, never 233."""
    rows = _table(333)
    got = _read(rows, {(rows[3][0], 6): ("233", "9")})
    cell = got.cells[("三", "partially_granted", "total")]
    assert cell.kind != "number"
    assert any(n.code == "P01" and n.data.get("wrapped_in_cell") for n in got.notes)
    assert got.cells[("三", "partially_granted", "natural_person")].value == 6 * 333


def test_numbers_of_two_rows_in_one_column_are_not_joined():
    """Row after row in one column ("1332" over "0", a row apart, other numbers on both rows' lines) is two
    rows' numbers."""
    rows = _table(333)
    got = _read(rows, {})
    for row_id, _, vals in ROWS:
        for col, v in zip(COL_IDS, vals):
            assert got.cells[("三", row_id, col)].value == v * 333, (row_id, col)


def test_wrapped_in_cell_text_is_never_a_number_in_itself():
    from gongkai.textutil import parse_value
    assert parse_value(WRAPPED_IN_CELL.format("1333", "5"))[0] == "unreadable"


# ----------------------------------------------------------------------------- generators
needs_soffice = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice（soffice）未安装：apt-get install "
                                                                   "libreoffice-writer-nogui fonts-noto-cjk")
PDFA = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def _borderless_narrow_docx(rep, rng: random.Random):
    """Our DOCX with its tables' borders removed (no table style, every border nil) and the value cells so
    narrow (6.5–8.5 mm, 10–12 pt) that five-digit numbers wrap in them."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    from gongkai.writers.docx import _set_fonts, build_document

    document = build_document(rep)
    width, size = rng.choice([6.5, 7.5, 8.5]), rng.choice([10, 10.5, 12])
    for table in document.tables:
        props = table._tbl.tblPr
        for el in props.findall(qn("w:tblStyle")):
            props.remove(el)
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            e = OxmlElement(f"w:{side}")
            e.set(qn("w:val"), "nil")
            borders.append(e)
        props.append(borders)
        for row in table.rows:
            for cell in row.cells:
                if cell.text.strip().isdigit():
                    cell.width = Mm(width)
                    for p in cell.paragraphs:
                        for r in p.runs:
                            _set_fonts(r, "宋体", size)
    return document


@needs_soffice
@pytest.mark.parametrize("seed", [0, 10])
def test_libreoffice_pdfa_of_a_borderless_docx_with_numbers_wrapped_in_narrow_cells(tmp_path, seed):
    """Seed 0 read 15124, 13418, 17553 … as 1512, 1341, 1755 before: every cell equal or unread with a note;
    the layout wraps numbers (or it tests nothing) and some are read joined."""
    rng = random.Random(seed)
    rep, rng = make_case(rng, marks=rng.random() < 0.5)
    path = tmp_path / f"g{seed}.docx"
    _borderless_narrow_docx(rep, rng).save(str(path))
    raw = read_pdf(convert_with_soffice(path, PDFA, tmp_path).read_bytes(), "g.pdf")
    assert any("格内折行" in c.text for b in raw.blocks for c in getattr(b, "cells", [])), "版式未使数字折行，测试无效"
    got = map_document(raw)
    assert_never_wrong(rep, got)
    right = Completeness()
    score(right, rep, got)
    assert right.share >= 0.75, str(right)


@pytest.fixture(scope="module")
def printer():
    if CHROMIUM is None:
        pytest.skip("Chromium 未安装：apt-get install chromium fonts-noto-cjk")
    p = ChromiumPrinter()
    yield p
    p.close()


@pytest.mark.parametrize("seed", range(12))
def test_chromium_landscape_prints_of_css_box_tables_without_padding(printer, seed):
    """Our HTML with every table drawn as CSS boxes (grid, display:table) without padding or borders, printed
    landscape: numbers of adjacent boxes touch, labels overflow into the value columns — never a wrong number,
    never a blank where a number is printed without a note."""
    from gongkai.writers import write_html

    rng = random.Random(seed)
    rep, rng = make_case(rng, blank_rows=True)
    page = _as_boxes(write_html(rep), rng.choice(["grid", "table"]))
    style = dataclasses.replace(draw_style(rng, "none"), landscape=True, running_title=False, footer="")
    data = printer.print_pdf(page, style)
    if not data:
        pytest.skip("Chromium 未能打印 PDF（无头模式不可用）")
    assert_never_wrong(rep, map_document(read_pdf(data, "g.pdf")))


def _wide_sheets(rep, path, rng: random.Random, titles: str) -> None:
    """Our XLSX with every column widened (14–22 characters) so that table 三's sheet is wider than an A4
    portrait page and prints over two pages or more, ``titles`` its columns repeated on each page (print titles:
    "A:C" table 三's label columns, "A:B" table 四's first value columns too) or none ("")."""
    import openpyxl

    from gongkai.writers.xlsx import write_xlsx

    write_xlsx(rep, path)
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for col in sheet.column_dimensions.values():
            col.width = max(col.width or 10, rng.choice([14, 18, 22]))
        sheet.page_setup.orientation = "portrait"
        sheet.page_setup.fitToWidth = 0
        sheet.sheet_properties.pageSetUpPr = None
        if titles:
            sheet.print_title_cols = titles
    book.save(path)


@needs_soffice
@pytest.mark.parametrize("seed, titles", [(0, ""), (1, "A:C"), (3, ""), (9, "A:B")])
def test_calc_prints_of_a_sheet_wider_than_the_page(tmp_path, seed, titles):
    """LibreOffice Calc prints table 三's label columns on one page and its value columns on the next pages, at
    the same heights (with the labels repeated, or not; table 四's first value columns repeated with "A:B"): read
    as one wide page — most cells right (5% before over 24 such reports, 50 numbers wrong: the value pages read
    as rows without labels, table 四's pages' numbers in its first columns), none wrong."""
    rng = random.Random(seed)
    rep, rng = make_case(rng, marks=rng.random() < 0.5)
    path = tmp_path / f"g{seed}.xlsx"
    _wide_sheets(rep, path, rng, titles)
    got = map_document(read_pdf(convert_with_soffice(path, "pdf:calc_pdf_Export", tmp_path).read_bytes(), "g.pdf"))
    assert_never_wrong(rep, got)
    right = Completeness()
    score(right, rep, got)
    assert right.share >= 0.7, str(right)
