"""Misreadings a fresh user found on layouts the project had not met (issue 11, tester 3): each class rebuilt
here from a consistent report of our own, read back cell for cell."""

from __future__ import annotations

import random
import re

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from office_helpers import consistent_values, report_from_values
from test_layout_generator import EXAMPLES, assert_never_wrong, cell_per_line_export, make_case, tab_text

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers import read_report
from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text
from gongkai.report import FORMULA_NOT_COMPUTED, Cell
from gongkai.textutil import norm
from gongkai.writers import write_xlsx

T4 = FORMAT_2021.table("四")
T3_COLUMNS = [c.id for c in FORMAT_2021.table("三").columns]


def _report(seed: int, high: int = 60):
    return report_from_values(consistent_values(random.Random(seed), high),
                              title="测试市测试局2024年政府信息公开工作年度报告")


@pytest.mark.parametrize("sheet_name", ["四、行政复议、行政诉讼", "四、行政复议、行政诉讼情况"])
def test_a_table_sheet_named_with_a_shortened_title_after_the_narrative_is_its_own_table(tmp_path, sheet_name):
    """Table sheets after a text sheet that prints only the narrative's sections (一、五、六): the 表四 sheet named
    "四、行政复议、行政诉讼" is table 四's section, its data row is not a row of 表三 with an empty label (P07)."""
    rep = _report(31)
    path = write_xlsx(rep, tmp_path / "年报.xlsx")
    wb = openpyxl.load_workbook(path)
    text = wb["正文"]
    for r in range(text.max_row, 0, -1):  # the text sheet prints no table section's title
        if str(text.cell(r, 1).value or "")[:2] in ("二、", "三、", "四、"):
            text.delete_rows(r)
    wb["四、政府信息公开行政复议、行政诉讼情况"].title = sheet_name
    wb.save(path)
    got = read_report(path)
    for r, c in T4.cells():
        assert got.value("四", r.id, c.id) == rep.value("四", r.id, c.id), (r.id, c.id)
    findings = audit(got)
    assert not [f for f in findings if f.code == "P07"], [f.message for f in findings if f.code == "P07"]
    assert not [f for f in findings if f.severity == "error"], [f.message for f in findings if f.severity == "error"]
    f03 = [f for f in findings if f.code == "F03" and "第四部分" in f.message]
    assert len(f03) == 1 and sheet_name in f03[0].message


LONG_PROSE = ("本年度，本机关通过门户网站、政务新媒体、公开栏等渠道主动公开政府信息，及时发布机构职能、政策文件、"
              "财政预决算和重点领域信息，做到应公开尽公开；通过网站留言、座谈会开展社会评议，群众满意度较高。")


def single_spaced_text(rep) -> str:
    """The report as text whose paragraphs are one line each (long) and whose table rows are their cells
    separated by one space, a blank cell printing nothing (a web page's text saved by hand)."""
    out = []
    for line in tab_text(rep):
        out.append(" ".join(c for c in line.split("\t") if c.strip()))
        if line in ("一、总体情况", "五、存在的主要问题及改进情况"):
            out += [LONG_PROSE, LONG_PROSE[:70] + "。", LONG_PROSE[:90] + "。"]
    return "\n".join(out) + "\n"


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.randoms(use_true_random=False), st.booleans())
def test_single_spaced_table_lines_are_not_prose_wrapped_and_notes_name_their_lines(rng, small):
    """Long unwrapped paragraphs beside a table's short lines: the table lines are not taken for a wrapped
    paragraph and joined (that hid the header's 商业企业 … from the header and gave notes the line of the
    block's first line); every note naming a row is located on the line printing that row's label, and a
    number is never placed by where it stands in single-spaced text."""
    rep, _ = make_case(rng, small=small, blank_rows=True)  # (small: rows of one-digit numbers, as wide as each other)
    text = single_spaced_text(rep)
    lines = text.split("\n")
    got = map_document(read_text(text, "单空格.txt"))
    assert_never_wrong(rep, got)
    assert not [n for n in got.notes if n.code == "P05" and n.data.get("table") == "三"], \
        [n.message for n in got.notes if n.code == "P05"]
    for n in got.notes:
        label, line = n.data.get("row_label"), n.location.line
        if label and line:
            assert _core(label) in norm(lines[line - 1]), (n.code, label, line, lines[line - 1])


def _core(label: str) -> str:
    """A row's label without its numbering, normalised (what any printing of it contains)."""
    return norm(re.sub(r"^(（[一二三四五六七八九十]）|[一二三四五六七八九十]、|\d\.)", "", label))[:8]


T3 = FORMAT_2021.table("三")


@pytest.mark.parametrize("seed", range(3))
def test_a_number_in_single_spaced_text_is_never_placed_by_where_it_stands(seed):
    """Most rows of table 三 print only their 总计 (the other cells blank, nothing printed for them) and a few
    print every cell: two full rows whose labels are as long as each other agree on "columns", and a row whose
    label is as long puts its lone 0 where 自然人 would stand — single-spaced text has no columns, so that 0 is
    never read as 自然人's (nor its 总计 as blank): unread, with a note."""
    values = consistent_values(random.Random(seed), 60)
    full = {"received", "carried_over", "dispositions_total", "carried_forward"}
    blanks = []
    for r, c in T3.cells():
        if r.id not in full:
            values[("三", r.id, c.id)] = 0
            if c.id != "total":
                values.pop(("三", r.id, c.id))
                blanks.append(("三", r.id, c.id))
        elif c.id not in ("natural_person", "total"):
            values[("三", r.id, c.id)] = 0
    for r in ("received", "carried_over", "dispositions_total", "carried_forward"):
        values[("三", r, "natural_person")] = values[("三", r, "total")] = 3 if r == "received" else 0
    values[("三", "dispositions_total", "natural_person")] = values[("三", "dispositions_total", "total")] = 0
    values[("三", "carried_forward", "natural_person")] = values[("三", "carried_forward", "total")] = 3
    rep = report_from_values(values, blanks=blanks, title="测试市测试局2024年政府信息公开工作年度报告")
    got = map_document(read_text(single_spaced_text(rep), "单空格.txt"))
    assert_never_wrong(rep, got)
    for r in T3.printed_rows:
        if r.id not in full:
            assert got.cells[("三", r.id, "natural_person")].kind != "number", r.label


def test_a_column_missing_from_the_header_is_noted_at_the_header_line():
    """A header without one of the format's columns (P05) is located at the line printing the header, not at
    the section's title."""
    rep = _report(32)
    text = single_spaced_text(rep).replace(" 商业企业 ", " 企业 ")
    lines = text.split("\n")
    got = map_document(read_text(text, "单空格.txt"))
    p05 = [n for n in got.notes if n.code == "P05" and n.data.get("official") == "商业企业"]
    assert len(p05) == 1
    assert "自然人" in lines[p05[0].location.line - 1], lines[p05[0].location.line - 1]


SENTENCE = ("2024年，本机关共收到政府信息公开申请{0}件，上年结转{1}件，已办结{2}件，其中予以公开{3}件、部分公开{4}件，"
            "结转下年度继续办理{5}件。所有申请均在法定期限内答复。")


@pytest.mark.parametrize("seed", range(3))
def test_a_sentence_with_counts_inside_a_table_region_is_prose_not_rows(seed):
    """A narrative sentence that reading order put under table 二's title (a PDF whose page break fell inside
    the narrative): its counts ("6件，") are running text, never rows of the table (P03) nor cells."""
    rep = _report(40 + seed)
    counts = [rep.value("三", r, "total") for r in ("received", "carried_over", "dispositions_total", "granted",
                                                    "partially_granted", "carried_forward")]
    lines = []
    for line in tab_text(rep):
        lines.append(line)
        if line == "二、主动公开政府信息情况":
            lines.append(SENTENCE.format(*counts))
    got = map_document(read_text("\n".join(lines) + "\n", "句子.txt"))
    assert not [n for n in got.notes if n.code == "P03"], [n.message for n in got.notes if n.code == "P03"]
    assert_never_wrong(rep, got)
    for key, cell in rep.cells.items():
        if key[0] == "二" and cell.kind == "number":
            assert got.cells[key].kind == "number" and got.cells[key].value == cell.value, key


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.randoms(use_true_random=False), st.booleans())
def test_empty_lines_of_a_cell_per_line_export_are_empty_cells(rng, blank_rules):
    """Blank cells (in any column, several side by side, a whole 规章 row) printed as empty lines are read as
    blank cells, the numbers of the next row never taken for them; every cell read as printed."""
    rep, _ = make_case(rng, blank_rows=True)
    if blank_rules:
        for c in ("issued", "repealed", "in_force"):
            rep.cells[("二", "rules", c)] = Cell("blank")
    got = map_document(read_text(cell_per_line_export(rep), "导出.txt"))
    assert_never_wrong(rep, got)
    for key, cell in rep.cells.items():
        if key[0] in ("二", "三", "四") and key in got.cells and cell.kind in ("number", "blank"):
            assert (got.cells[key].kind, got.cells[key].value) == (cell.kind, cell.value), (key, got.cells[key])


def test_a_text_with_paragraphs_apart_keeps_empty_lines_as_paragraph_breaks():
    """Empty lines between paragraphs (plain text, pdftotext without -layout) are not cells: one cell per line
    with an empty line beside a paragraph is not the export above, and a row with fewer lines than cells stays
    unread as before."""
    rep = _report(50)
    rep.cells[("二", "rules", "issued")] = Cell("blank")
    text = cell_per_line_export(rep).replace("。\n", "。\n\n")  # an empty line after each paragraph
    raw = read_text(text, "段落.txt")
    assert not any(getattr(b, "blank_cells_before", 0) for b in raw.blocks)
    got = map_document(raw)
    assert got.cells[("二", "rules", "issued")].kind != "number"


def test_a_row_of_blank_cells_and_a_formula_without_its_result_is_printed_not_missing(tmp_path):
    """A row whose cells are blank but for its 总计, a formula saved without its result (openpyxl writes no
    result) that the reader does not compute (SUBTOTAL): the row is there — blank cells blank, the 总计 “公式未计算” (P13) — never a missing row (C03)."""
    rep = _report(60)
    for c in T3_COLUMNS[:-1]:
        rep.cells[("三", "partially_granted", c)] = Cell("blank")
    path = write_xlsx(rep, tmp_path / "年报.xlsx")
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            if any(isinstance(c.value, str) and c.value.startswith("（二）部分公开") for c in row):
                cells = [c for c in row if c.value is None or isinstance(c.value, (int, float))]
                cells[-1].value = f"=SUBTOTAL(9,{cells[-7].coordinate}:{cells[-2].coordinate})"  # not computed
    wb.save(path)
    got = read_report(path)
    assert got.cells[("三", "partially_granted", "total")].raw == FORMULA_NOT_COMPUTED
    assert all(got.cells[("三", "partially_granted", c)].kind == "blank" for c in T3_COLUMNS[:-1])
    findings = audit(got)
    assert not [f for f in findings if f.code == "C03"], [f.message for f in findings if f.code == "C03"]
    assert [f for f in findings if f.code == "P13"]
