"""Spreadsheets printed to PDF by LibreOffice Calc (issue 11, the fresh tester's class): our workbook re-laid as
offices lay theirs out (tests/calc_pdf.py) — narrow label columns whose labels wrap, at the top, centre or
bottom of their cells, rows as high as their labels or all at the default height (a label wrapped over more
lines than its row is high then spills over the rules into its neighbours' cells and is printed over their
labels), with and without borders, fitted to the page width or split over pages.  Never a wrong number: a row
whose label cell holds a neighbour's text is left without that label (placed by the order of the rows, or
unread), never given the neighbour's name."""

from __future__ import annotations

import dataclasses
import random

import pytest
from calc_pdf import CalcStyle, calc_pdf, calc_style
from test_layout_generator import Completeness, assert_never_wrong, make_case, score

from gongkai.readers.mapping import map_document
from gongkai.readers.pdf import read_pdf
from gongkai.writers.pdf import soffice_path

pytestmark = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice（soffice）未安装：apt-get install "
                                                                 "libreoffice-calc-nogui fonts-noto-cjk")


def _case(seed: int, **style):
    rng = random.Random(seed)
    rep, rng = make_case(rng, marks=rng.random() < 0.5)
    return rep, dataclasses.replace(calc_style(rng), **style)


@pytest.mark.parametrize("seed", range(6))
def test_labels_spilt_over_rows_at_the_default_height_never_give_a_wrong_number(seed):
    """Every row at the default height, labels 8–12 characters wide, ruled: most labels spill into the rows
    above and below and are printed over their labels.  (Printed without borders:
    test_unruled_labels_spilt_over_rows_never_name_a_row_by_its_group_cell.)"""
    rep, style = _case(seed, fit_rows=False, label_width=(8.0, 10.0, 12.0)[seed % 3], borders=True)
    got = map_document(read_pdf(calc_pdf(rep, style), "calc.pdf"))
    assert_never_wrong(rep, got)


@pytest.mark.parametrize("seed", range(8, 12))
def test_unruled_labels_spilt_over_rows_never_name_a_row_by_its_group_cell(seed):
    """Unruled, every row at the default height: labels spill over the rows around and print over one another,
    and the cutting of the label column into cells loses some rows' labels; the group cell beside them
    ("（四）无法" "提供", centred on its middle row) is then the only text level with such a row — never its
    name (seed 9: the numbers of 2.没有现成信息需要另行制作 read as the group total of （四）无法提供, 14 wrong
    numbers over 40 prints before)."""
    rep, style = _case(seed, fit_rows=False, borders=False)
    got = map_document(read_pdf(calc_pdf(rep, style), "calc.pdf"))
    assert_never_wrong(rep, got)


@pytest.mark.parametrize("seed", range(3))
def test_ruled_sheets_fitted_to_the_page_read_whole(seed):
    """Rows as high as their wrapped labels, ruled, one page wide: every cell read."""
    rep, style = _case(seed, fit_rows=True, fit_width=True, borders=True)
    got = map_document(read_pdf(calc_pdf(rep, style), "calc.pdf"))
    assert_never_wrong(rep, got)
    right = Completeness()
    score(right, rep, got)
    assert right.wrong == 0 and right.false_errors == 0, str(right)
    assert right.share >= 0.98, (style, str(right))


def test_a_style_is_drawn_from_its_seed():
    assert calc_style(random.Random(5)) == calc_style(random.Random(5))
    assert isinstance(calc_style(random.Random(5)), CalcStyle)


def test_a_label_cut_to_the_beginning_of_another_rows_label_is_not_matched_elsewhere():
    """"2.申请人" (the first line of 2.申请人逾期未按收费通知要求缴纳费用…, its other lines spilt away) scores
    nearer 2.重复申请, with which it shares a word, than the label it begins: its row is not known, so its
    numbers go to neither (never to 2.重复申请)."""
    from gongkai.readers.base import RawCell, RawDocument, RowBlock, TextBlock

    blocks = [TextBlock("测试市测试局2024年政府信息公开工作年度报告"), TextBlock("三、收到和处理政府信息公开申请情况"),
              TextBlock("申请人情况 自然人 法人或其他组织 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计")]
    for label, v in (("1.信访举报投诉类申请", 1), ("2.申请人", 2), ("3.要求提供公开出版物", 3)):
        blocks.append(RowBlock([RawCell(label)] + [RawCell(str(v))] * 6 + [RawCell(str(6 * v))], table=0))
    blocks.append(TextBlock("四、政府信息公开行政复议、行政诉讼情况"))
    got = map_document(RawDocument(source="g.pdf", blocks=blocks, reader="pdf"))
    assert got.cells[("三", "not_processed_petition_or_complaint", "total")].value == 6
    for row_id in ("not_processed_duplicate", "other_fee_not_paid"):
        cell = got.cells.get(("三", row_id, "total"))
        assert cell is None or cell.kind != "number" or cell.value != 12, (row_id, cell)


@pytest.mark.parametrize("seed", range(2))
def test_a_sheet_longer_and_wider_than_the_paper_joins_its_later_columns_to_their_rows(seed):
    """Portrait, not fitted, large type: Calc prints table 三 down, then across — its label columns and first
    number columns over three pages, then the other number columns of those rows on three pages after (no
    labels there).  Each later page goes beside the page whose rows it lines up with exactly, not the page just
    before it: a row whose first columns are read has its last columns read too (read right), and nothing is
    wrong.  (Before: the last columns of every row unread, 62.5% of the cells.)"""
    rep, style = _case(seed, fit_rows=True, fit_width=False, landscape=False, font_size=12.0, label_width=10.0,
                       value_width=9.0, borders=True)
    got = map_document(read_pdf(calc_pdf(rep, style), "calc.pdf"))
    assert_never_wrong(rep, got)
    right = Completeness()
    score(right, rep, got)
    assert right.wrong == 0 and right.false_errors == 0, str(right)
    rows = {key[1] for key in rep.cells if key[0] == "三"}
    first_read = [r for r in rows if _right(rep, got, ("三", r, "natural_person"))]
    assert len(first_read) >= len(rows) // 2
    for r in first_read:
        for col in ("legal_service_provider", "other_org", "total"):
            assert _right(rep, got, ("三", r, col)), (r, col)


@pytest.mark.parametrize("seed", range(3))
def test_a_ruled_sheet_wider_than_the_paper_is_read_by_its_cells_across_the_pages(seed):
    """Ruled, rows as high as their labels, not fitted to the page width: Calc prints the first columns of
    each page of rows, then the rest of those rows on the next page at the same heights.  The pages are
    joined side by side with their drawn cells (the later page's cells beside the first's, row by row), so a
    label at the bottom or top of its cell is its own row's — not the row below's (a bottom-aligned label
    gave 一、本年新收's numbers to 二、上年结转 before: 23 wrong numbers and 73.3% of the cells right over 40
    prints not fitted to the page width; 0 wrong and 81.6% after)."""
    rep, style = _case(seed, fit_rows=True, fit_width=False, landscape=False, borders=True,
                       valign=("bottom", "top", "center")[seed % 3], font_size=9.0 + seed, label_width=10.0)
    got = map_document(read_pdf(calc_pdf(rep, style), "calc.pdf"))
    assert_never_wrong(rep, got)
    missed = [key for key in rep.cells if key[0] == "三" and not _right(rep, got, key)]
    assert not missed, (style, missed[:5])


@pytest.mark.parametrize("seed", range(3))
def test_unruled_labels_at_the_top_of_rows_higher_than_them_keep_their_first_lines(seed):
    """Unruled, each row sized a line or so higher than its label, the label at the top: a label's first line
    ("2.其他法律") stands above the row's numbers, the rest ("行政法规禁" "止公开") level with and below them —
    the label is not centred on its row, and a cutting centred on the rows left the first line over and named
    the row by the rest, which names no row (v3 prints, portrait 12 pt fitted: 63 cells of one print unread).
    The line left over that begins an item is the first line of the cell under it."""
    rep, style = _case(seed, fit_rows=True, fit_width=True, landscape=False, borders=False, valign="top",
                       font_size=12.0, label_width=(10.0, 12.0, 30.0)[seed % 3])
    got = map_document(read_pdf(calc_pdf(rep, style), "calc.pdf"))
    assert_never_wrong(rep, got)
    missed = [key for key in rep.cells if key[0] == "三" and not _right(rep, got, key)]
    assert not missed, (style, missed[:5])


@pytest.mark.parametrize("seed", (0, 20, 21, 23))
def test_unruled_labels_at_the_bottom_of_their_rows_never_name_the_row_below(seed):
    """Unruled, rows as high as their labels (some higher: a header or a neighbour's cell), labels at the
    bottom: a one-line label stands below its row's numbers, nearer the next row's than a cutting centred on
    the rows allows — it was read line by line, an item line beginning the next row's label ("一、本年新收…"
    named 二、上年结转's numbers; 41 wrong numbers over 40 unruled prints before, 0 after)."""
    rep, style = _case(seed, fit_rows=True, borders=False)
    got = map_document(read_pdf(calc_pdf(rep, style), "calc.pdf"))
    assert_never_wrong(rep, got)


@pytest.mark.parametrize("seed", (6, 24, 31))
def test_an_unruled_sheet_wider_than_the_paper_joins_its_pages_of_bare_numbers(seed):
    """Unruled, not fitted to the page width: the later columns' page holds rows of numbers only, a column of
    0s (or small numbers) one line apart, which look like numbers wrapped in their cells — joined as such, the
    page no longer lined up with the rows beside it and its columns were lost (seed 6: every cell of 三 unread).
    Pages are joined with the words as read, before wrapped numbers are joined: a row whose first columns are
    read has its last columns read too."""
    rep, style = _case(seed, fit_width=False, landscape=False, borders=False, fit_rows=True)
    got = map_document(read_pdf(calc_pdf(rep, style), "calc.pdf"))
    assert_never_wrong(rep, got)
    rows = {key[1] for key in rep.cells if key[0] == "三"}
    first_read = [r for r in rows if _right(rep, got, ("三", r, "natural_person"))]
    assert len(first_read) >= len(rows) // 2, style
    for r in first_read:
        for col in ("legal_service_provider", "other_org", "total"):
            assert _right(rep, got, ("三", r, col)), (r, col, style)


def _right(rep, got, key) -> bool:
    a, b = rep.cells[key], got.cells.get(key)
    return b is not None and b.kind == a.kind and (a.kind != "number" or a.value == b.value)
