"""PDFs LibreOffice makes from DOCX files laid out otherwise than our writer does (issue 11): narrow label columns
whose labels wrap every two characters (rows then break across pages), values at the left edge of their cells,
a value aligned apart from its row's others on a line of its own.  Each DOCX is made here with python-docx from a
report with known numbers and converted by LibreOffice; every cell must read back equal."""

from __future__ import annotations

import random

import pytest
from office_helpers import consistent_values, report_from_values

from gongkai.readers import pdf
from gongkai.readers.mapping import map_document
from gongkai.writers.docx import build_document
from gongkai.writers.pdf import convert_with_soffice, soffice_path

pytestmark = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice（soffice）未安装：apt-get install "
                                                                 "libreoffice-writer-nogui fonts-noto-cjk")


def _table_3(document):
    return next(t for t in document.tables if any("申请人情况" in c.text for c in t.rows[0].cells))


def _label_columns(table) -> int:
    """The number of label columns of table 三 (those left of the first value column)."""
    row = table.rows[-1]
    return next(k for k, c in enumerate(row.cells) if c.text.strip().isdigit())


def _pdf(document, tmp_path, name: str) -> bytes:
    docx_path = tmp_path / f"{name}.docx"
    document.save(str(docx_path))
    return convert_with_soffice(docx_path, "pdf", tmp_path).read_bytes()


def _assert_same_cells(expected, got):
    diffs = [(key, a.value, (got.cells[key].kind, got.cells[key].raw)) for key, a in expected.cells.items()
             if key[0] in ("二", "三", "四") and (got.cells[key].kind, got.cells[key].value) != (a.kind, a.value)]
    assert not diffs, diffs[:6]


def _rows_broken_across_pages(data: bytes) -> list[str]:
    """The label text a ruled table carries over to the next page in its first row after the repeated header
    (a row broken by the page), as the drawn grid shows it: the test's layout must make some, or it tests
    nothing."""
    pages = pdf._read_pages(data, "t.pdf", 50)
    out = []
    for page, grids in pages.grids.items():
        upper = pages.grids.get(page - 1)
        if not grids or not upper:
            continue
        upper = upper[pdf._page_grid(upper, True)]
        lower = grids[pdf._page_grid(grids, False)]
        texts = [[("".join(w.text for w in lower.inside(b))) for b in cells if b is not None] for cells in lower.rows]
        r = next((r for r, row in enumerate(texts) if any(pdf._is_value_word(t) for t in row if t)), None)
        if not r or pdf._row_text(lower, r - 1) == pdf._row_text(upper, r - 1):
            continue  # no row before the first with values, or it is the repeated header
        label = texts[r - 1][-1] if texts[r - 1] else ""
        if label and not pdf._ITEM_START.match(label):
            out.append(label)
    return out


def test_narrow_label_columns_wrapping_every_two_characters_and_rows_broken_across_pages(tmp_path):
    """Table 三's three label columns 9 mm wide: every label wraps every two characters, the table runs over
    several pages and rows break at the page ends ("6.属" / "于四类过程性信息"); a broken row is one row with
    its whole label, no row is missing and no number is misplaced."""
    from docx.shared import Mm

    rep = report_from_values(consistent_values(random.Random(11), 60), agency="青岚县测试局", year=2023)
    document = build_document(rep)
    table = _table_3(document)
    for row in table.rows:
        for k in range(_label_columns(table)):
            row.cells[k].width = Mm(9)
    data = _pdf(document, tmp_path, "narrow")
    assert _rows_broken_across_pages(data), "版式未使任何一行跨页，测试无效"
    got = map_document(pdf.read_pdf(data))
    _assert_same_cells(rep, got)
    codes = {n.code for n in got.notes}
    assert not codes & {"P03", "P05", "P07"}, [(n.code, n.message) for n in got.notes]


def test_values_at_the_left_edge_of_their_cells_and_one_aligned_apart_on_its_own_line(tmp_path):
    """The official template filled in: values left-aligned at the top of their cells (a cell border, not a
    wide gap, parts a wrapped label's last characters from the first value), and the （二）部分公开 row's 总计
    at the foot of its cell, on a line of its own below the row's other values: it is that cell's value."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    rep = report_from_values(consistent_values(random.Random(5), 60), agency="青岚县测试局", year=2023)
    document = build_document(rep)
    table = _table_3(document)
    labels = _label_columns(table)
    for row in table.rows:
        for k, cell in enumerate(row.cells):
            if k < labels:
                cell.width = Mm(14 if k < labels - 1 else 40)
            elif cell.text.strip().isdigit():
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    partly = next(r for r in table.rows if any(c.text.startswith("（二）部分公开") for c in r.cells))
    partly.cells[-1].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    data = _pdf(document, tmp_path, "template")
    raw = pdf.read_pdf(data)
    rows = [b for b in raw.blocks if getattr(b, "cells", None) and b.cells[0].text.startswith("（二）部分公开")]
    assert len(rows) == 1, [[c.text for c in b.cells] for b in rows]
    got = map_document(raw)
    _assert_same_cells(rep, got)
    assert not {n.code for n in got.notes} & {"P03", "P05", "P07"}, [(n.code, n.message) for n in got.notes]


@pytest.mark.parametrize("carried, lower_values, joined", [
    ("于四类过程性信息", ["", ""], ["3", ""]),  # the rest of "6.属"'s label: one row
    ("于四类过程性信息", ["", "7"], ["3", "7"]),  # a value printed in the second part (centred in its cell)
    ("6.属于四类过程性信息", ["", ""], None),  # a row of its own, blank at the top of the page
    ("于四类过程性信息", ["5", ""], None),  # a cell holding a value on both pages: not one row, nothing merged
])
def test_a_row_broken_across_a_page_is_joined_only_when_nothing_says_it_is_a_row_of_its_own(carried, lower_values,
                                                                                          joined):
    """The last ruled row of page 1 ("6.属" 3 / blank) and the first of page 2, drawn with the same cells: the
    second part joins the first when its label has no item number of its own and no cell has a value twice."""
    from gongkai.readers.pdf import _classify, _Grid, _Line, _use_ruled_cells, _Word

    cw = 10.0

    def grid(top, label, values):
        boxes = [(0.0, top, 100.0, top + 20), (100.0, top, 150.0, top + 20), (150.0, top, 200.0, top + 20)]
        words = [_Word(label, 5.0, 95.0, top + 5, top + 15)]  # a wrapped label's line fills its cell
        words += [_Word(v, x, x + 7, top + 5, top + 15) for v, x in zip(values, (120.0, 170.0)) if v]
        return _Grid([boxes], 0, words), words

    upper, upper_words = grid(780.0, "6.属", ["3", ""])
    lower, lower_words = grid(60.0, carried, lower_values)
    upper.label_end = lower.label_end = 0
    lines = [_Line(1, 40, upper_words), _Line(2, 1, lower_words)]
    for line in lines:
        _classify(line, cw, [upper] if line.page == 1 else [lower])
    _use_ruled_cells(lines, {1: [upper], 2: [lower]}, cw)
    first = lines[0]
    if joined:
        assert (first.cell_label, first.cell_values) == ("6.属于四类过程性信息", joined)
        assert all(line.cell_values is None for line in lines[1:])
    else:
        assert (first.cell_label, first.cell_values) == ("6.属", ["3", ""])
        assert (lines[1].cell_label, lines[1].cell_values) == (carried, lower_values)


def _narrow_value_columns(document, width_mm: float) -> None:
    """The value columns of tables 三 and 四 made ``width_mm`` wide, left-aligned (as a DOCX whose columns were
    made equal to fit the page): LibreOffice then breaks a number that does not fit inside its cell."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    third = _table_3(document)
    fourth = next(t for t in document.tables if any("行政复议" in c.text for c in t.rows[0].cells))
    for table, first in ((third, _label_columns(third)), (fourth, 0)):
        table.autofit = False
        for column in list(table.columns)[first:]:
            column.width = Mm(width_mm)  # the grid's column (LibreOffice lays the table out by it)
            for cell in column.cells:
                cell.width = Mm(width_mm)
                if cell.text.strip().isdigit():
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT


def test_a_number_wrapped_inside_its_narrow_cell_reads_whole(tmp_path, monkeypatch):
    """Numbers of four and five digits in cells too narrow for them: LibreOffice prints "1503" on one line of the
    cell and "3" on the next.  Each cell reads as the whole number (15033), never the first line's digits, and the
    second line is no row of its own (table 四's stray "3 1" line is not its data row)."""
    rep = report_from_values(consistent_values(random.Random(11), 9000), agency="青岚县测试局", year=2023)
    document = build_document(rep)
    _narrow_value_columns(document, 9)
    data = _pdf(document, tmp_path, "wrapped")
    joined = []
    real = pdf._join_wrapped_digits

    def spy(words, tables):
        out = real(words, tables)
        joined.append(len(words) - len(out))
        return out

    monkeypatch.setattr(pdf, "_join_wrapped_digits", spy)
    got = map_document(pdf.read_pdf(data))
    assert sum(joined) >= 5, "the layout must wrap some numbers inside their cells, or this tests nothing"
    _assert_same_cells(rep, got)
    assert not {n.code for n in got.notes} & {"P03", "P07"}, [(n.code, n.message) for n in got.notes]
