"""A row whose label is printed with no number is a blank row, never a missing one (issue 11: "A printed row with
no numbers is blank, not missing") — in every layout that does not keep empty cells: text whose columns are one
space apart, ``pdftotext -layout`` text, and a spreadsheet row whose only non-empty cell is a formula saved without
its result.  The documents are generated here from consistent values; the expected cells are what they print.
"""

from __future__ import annotations

import io
import random

import pytest
from office_helpers import consistent_values, report_from_values
from test_layout_generator import TITLE, layout_text, tab_text

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers import read_report
from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text

T2 = FORMAT_2021.table("二")
RULES = [("二", "rules", c.id) for c in T2.columns_of(T2.row("rules"))]


def _report(seed: int, blank_rows=("rules",)):
    rng = random.Random(seed)
    values = consistent_values(rng, 40)
    blanks = [("二", r, c.id) for r in blank_rows for c in T2.columns_of(T2.row(r))]
    for key in blanks:
        values.pop(key)
    return report_from_values(values, blanks=blanks, title=TITLE), rng


def single_spaced(rep) -> str:
    """The report as text whose cells stand one space apart and whose empty cells leave nothing (a converter's
    "plain text" of a table): "规章" alone on its line when its three cells are empty."""
    lines = []
    for line in tab_text(rep):
        cells = [c for c in line.split("\t") if c.strip()]
        lines.append(" ".join(cells))
    return "\n".join(lines) + "\n"


def _assert_blank_not_missing(got, rows=("rules",)):
    for r in rows:
        for c in T2.columns_of(T2.row(r)):
            assert got.cell("二", r, c.id).kind == "blank", (r, c.id, got.cell("二", r, c.id))
    findings = audit(got)
    assert not [f for f in findings if f.code == "C03"], [f.message for f in findings if f.code == "C03"]
    blank_said = [f for f in findings if f.code == "C04" and "表二" in f.message]
    assert blank_said, "a blank row is said (C04), as for an HTML or DOCX table"


@pytest.mark.parametrize("seed", range(4))
def test_first_row_printed_without_numbers_in_layout_text_is_blank(seed):
    """pdftotext -layout: "规章" on a line of its own (its cells spaces), the table's first row."""
    rep, rng = _report(seed)
    text = layout_text(rep, rng)
    assert any(line.strip() == "规章" for line in text.split("\n"))
    got = map_document(read_text(text, "g.txt"))
    _assert_blank_not_missing(got)
    for key, cell in rep.cells.items():  # every other cell as printed
        if key[0] == "二" and key not in RULES:
            assert got.cells[key].value == cell.value, key


@pytest.mark.parametrize("seed", range(4))
def test_row_without_numbers_after_a_single_spaced_header_is_blank(seed):
    """Columns one space apart: the header "信息内容 本年制发件数 本年废止件数 现行有效件数" is a table line, not
    prose that "规章" on the next line would continue."""
    rep, _ = _report(seed)
    text = single_spaced(rep)
    assert "信息内容 本年制发件数 本年废止件数 现行有效件数\n规章\n" in text
    got = map_document(read_text(text, "g.txt"))
    _assert_blank_not_missing(got)
    assert got.value("二", "normative_documents", "issued") == rep.value("二", "normative_documents", "issued")


def test_blank_middle_row_in_single_spaced_text_is_blank():
    rep, _ = _report(7, blank_rows=("licensing",))
    got = map_document(read_text(single_spaced(rep), "g.txt"))
    _assert_blank_not_missing(got, rows=("licensing",))


def test_xlsx_row_of_blank_cells_and_an_uncomputed_formula_is_printed(tmp_path):
    """A sheet row with a label, empty cells and a 总计 formula saved without its result: its cells are blank and
    the formula cell unread (P13), the row is not missing (no C03)."""
    openpyxl = pytest.importorskip("openpyxl")
    rep, _ = _report(3)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([TITLE])
    for line in tab_text(rep):
        ws.append(line.split("\t"))
    formula_rows = []
    for row in ws.iter_rows(min_row=2):
        if str(row[2].value or "").startswith("（二）部分公开"):
            for c in row[3:9]:
                c.value = None  # every applicant cell empty (columns D–I) …
            row[9].value = f"=SUBTOTAL(9,D{row[0].row}:I{row[0].row})"  # … the total a formula with no result
            # (one the reader does not compute: SUM alone would be computed, issue 11)
            formula_rows.append(row[0].row)
    assert formula_rows
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / "表格.xlsx"
    path.write_bytes(buf.getvalue())
    got = read_report(path)
    t3 = FORMAT_2021.table("三")
    row = t3.row("partially_granted")
    kinds = [got.cell("三", row.id, c.id).kind for c in t3.columns_of(row)]
    assert kinds == ["blank"] * (len(kinds) - 1) + ["unreadable"], kinds
    findings = audit(got)
    assert not [f for f in findings if f.code == "C03"], [f.message for f in findings if f.code == "C03"]
    assert [f for f in findings if f.code == "P13"]


@pytest.mark.parametrize("seed", range(3))
def test_two_rows_labels_printed_as_one_leave_the_numbers_unread(seed):
    """"规章行政规范性文件 | 0 | 0 | 0": two rows' whole labels joined on one row of numbers (an unruled PDF whose
    label lines stand close) — the numbers could be either row's.  Neither row takes them (P03, between), and
    neither row is said to be missing beyond doubt (no C03 错误)."""
    rep, _ = _report(seed)
    lines = []
    for line in tab_text(rep):
        cells = line.split("\t")
        if cells[0] == "规章":
            continue
        if cells[0] == "行政规范性文件":
            line = "\t".join(["规章行政规范性文件", *cells[1:]])
        lines.append(line)
    got = map_document(read_text("\n".join(lines) + "\n", "g.txt"))
    for r in ("rules", "normative_documents"):
        for c in T2.columns_of(T2.row(r)):
            assert got.cell("二", r, c.id).kind == "missing", (r, c.id)
    assert [n for n in got.notes if n.code == "P03" and n.data.get("between") == ["规章", "行政规范性文件"]]
    findings = audit(got)
    assert not [f for f in findings if f.severity == "error" and f.code == "C03"]
    said = [f for f in findings if f.code == "P03"]
    assert said and "两行标签之间" in said[0].message
