"""The PDF layout generator (issue 11): random consistent reports printed as PDFs (tests/pdf_layouts.py) — by
Chromium from our HTML in several table rulings, column widths, fonts, sizes, papers, page breaks, headers and
footers, and by LibreOffice from our DOCX with perturbed columns and fonts — read back by the PDF reader.

The reader's promise on every PDF: every cell equal, or explicitly unread (an unread cell and a note or finding
that says so); a number is never wrong.  Its completeness per layout family over fixed seeds: ≥98% of the cells
right (``TARGETS``: a family below it for now), none wrong, no consistent report given a 错误.  ``GEN_EXAMPLES``
raises the number of reports.
"""

from __future__ import annotations

import os
import random

import pytest
from pdf_layouts import CHROMIUM, ChromiumPrinter, DocxStyle, draw_style, perturbed_docx, report_html
from test_layout_generator import TITLE, Completeness, assert_never_wrong, make_case, score, t3_variant, t3_variant_docx

from gongkai.readers.mapping import map_document
from gongkai.readers.pdf import read_pdf
from gongkai.writers.layout import Grid
from gongkai.writers.pdf import convert_with_soffice, soffice_path

EXAMPLES = int(os.environ.get("GEN_EXAMPLES", "0"))
SEEDS = range(max(10, EXAMPLES))  # reports per Chromium family for the completeness measure
NEVER_WRONG_SEEDS = range(1000, 1000 + max(3, EXAMPLES // 4))  # more PDFs per family: the property alone
SOFFICE_SEEDS = range(max(2, EXAMPLES // 10))  # LibreOffice takes seconds a document
TARGET = 0.98
# centred labels (2026-12, first measure 70.5% → 93.85%): narrow centred columns whose labels are split over
# paragraphs and rows broken across pages still leave rows unread (never wrong) — raise as they are read
TARGETS = {"centred": 0.93}
FAMILIES = ("ruled", "unruled", "horizontal", "outer", "cms", "centred")
# "cms" (issue 11, T9's WeasyPrint and Chromium prints of CMS pages): a web page printed with its background — the
# page's grey and the article's white box drawn as filled rectangles around and behind the tables (once read as
# a table whose page-high cell swallowed the real one) — only the value cells ruled, the labels in borderless
# cells left of the grid (once given blank labels), each number with its unit wrapped below it in a narrow
# cell ("2833" / "件": the unit once made the value cell a label cell and the number a row of its own, dropped)
# "centred" (issue 11, T9's WeasyPrint print of a Word page): unruled, every label centred in its cell, each line
# of a wrapped label centred — label columns found by where lines start put a wide label's first line in the
# group column and left those rows unread
RULES = {"ruled": "all", "unruled": "none", "horizontal": "horizontal", "outer": "outer", "cms": "values",
         "centred": "none"}

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium 未安装：apt-get install chromium fonts-noto-cjk")
needs_soffice = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice（soffice）未安装：apt-get install "
                                                                   "libreoffice-writer-nogui fonts-noto-cjk")


@pytest.fixture(scope="module")
def printer():
    if CHROMIUM is None:
        pytest.skip("Chromium 未安装：apt-get install chromium fonts-noto-cjk")
    p = ChromiumPrinter()
    yield p
    p.close()


def chromium_case(printer, rng: random.Random, family: str):
    """A consistent report (with "/" marks half the time) and what the reader maps from its printed PDF."""
    rep, rng = make_case(rng, marks=rng.random() < 0.5)
    style = draw_style(rng, RULES[family], centred=family == "centred")
    data = printer.print_pdf(report_html(rep, rng, style), style, TITLE)
    if not data:
        pytest.skip("Chromium 未能打印 PDF（无头模式不可用）")
    return rep, map_document(read_pdf(data, "g.pdf")), style


def soffice_case(seed: int, tmp_path):
    rng = random.Random(seed)
    rep, rng = make_case(rng, marks=rng.random() < 0.5)
    style = DocxStyle.draw(rng)
    path = tmp_path / f"g{seed}.docx"
    perturbed_docx(rep, style).save(str(path))
    data = convert_with_soffice(path, "pdf", tmp_path).read_bytes()
    return rep, map_document(read_pdf(data, "g.pdf")), style


@needs_chromium
@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("seed", NEVER_WRONG_SEEDS)
def test_chromium_pdfs_never_give_a_wrong_number(printer, family, seed):
    """Every cell equal or explicitly unread (seeds apart from the completeness measure's; no shrinking: a
    failure names its seed and print style)."""
    rep, got, style = chromium_case(printer, random.Random(seed), family)
    try:
        assert_never_wrong(rep, got)
    except AssertionError as e:
        raise AssertionError(f"seed {seed}, {style}: {e}") from None


#: (family, seed) whose PDF first showed a class of misreading (Chromium 156, Debian fonts-noto-cjk): kept as
#: cases, each must stay never wrong; the ruled ones (values at a page's foot or head read as page numbers) right
FOUND = [("unruled", 7), ("unruled", 12), ("unruled", 37), ("unruled", 42), ("horizontal", 54), ("outer", 56),
         ("ruled", 42), ("ruled", 53)]


@needs_chromium
@pytest.mark.parametrize("family, seed", FOUND)
def test_the_pdfs_that_found_a_class_of_misreading(printer, family, seed):
    rep, got, style = chromium_case(printer, random.Random(seed), family)
    assert_never_wrong(rep, got)
    if family == "ruled":
        right = Completeness()
        score(right, rep, got)
        assert right.share == 1.0, (str(right), style)


@needs_chromium
@pytest.mark.parametrize("family", FAMILIES)
def test_completeness_of_chromium_pdfs(printer, family):
    """≥98% of the cells right over fixed seeds, none wrong, no consistent report given a 错误."""
    got = Completeness()
    for seed in SEEDS:
        rep, read, _style = chromium_case(printer, random.Random(seed), family)
        score(got, rep, read)
    print(f"{family}: {got}")
    assert got.wrong == 0, f"{family}: {got}"
    assert got.false_errors == 0, f"{family}: {got}"
    assert got.share >= TARGETS.get(family, TARGET), f"{family}: {got}"


@needs_soffice
def test_libreoffice_pdfs_of_perturbed_docx(tmp_path):
    """Our DOCX with narrow or wide label columns, another table font and size, values aligned left or right,
    converted by LibreOffice: never a wrong number, ≥98% right, no false 错误."""
    got = Completeness()
    for seed in SOFFICE_SEEDS:
        rep, read, style = soffice_case(seed, tmp_path)
        assert_never_wrong(rep, read)
        score(got, rep, read)
    print(f"docx→soffice: {got}")
    assert got.wrong == 0 and got.false_errors == 0, str(got)
    assert got.share >= TARGET, str(got)


#: seeds of the generator's table 三 variants printed by LibreOffice (a few: seconds a document); 11 and 12 once
#: read a 序号 column's numbers as values (a row with a blank cell one column off), 4 and 9 the continuation's
#: values into the first columns
VARIANT_SEEDS = sorted({4, 9, 11, 12} | set(range(max(2, EXAMPLES // 10))))


@needs_soffice
@pytest.mark.parametrize("seed", VARIANT_SEEDS)
def test_libreoffice_pdfs_of_table_three_numbered_or_split_by_columns(seed, tmp_path):
    """Table 三 with a 序号 column or printed as two tables (续表), DOCX printed by LibreOffice: never a wrong number;
    when the continuation repeats its row labels (or there is none) no 错误 and ≥90% of the cells right (a page
    break may still glue the 序号 numbers of rows printed on a page's last lines: those rows unread, P01/P07).
    (A continuation without labels is left unread with P17 — its rows' cells do not come one per column from
    the PDF — and C03 then says 表三 is incomplete, an 错误 this test does not yet forbid.)"""
    rep, rng = make_case(random.Random(seed))
    state = rng.getstate()
    parts = t3_variant(rep, rng)
    rng.setstate(state)
    path = tmp_path / f"t3v{seed}.docx"
    path.write_bytes(t3_variant_docx(rep, rng))
    got = map_document(read_pdf(convert_with_soffice(path, "pdf", tmp_path).read_bytes(), "g.pdf"))
    assert_never_wrong(rep, got)
    if all(p.label_cols for p in parts if isinstance(p, Grid)):
        right = Completeness()
        score(right, rep, got)
        assert right.share >= 0.9 and not right.false_errors, (seed, str(right))


# ----------------------------------------------------------------------------- the classes the generator found
# Rows as the PDF reader gives them from Chromium's prints of narrow, unruled label columns; each once read as
# wrong numbers.  The table: one value per column, the 7 columns of table 三.
def _table_3(*rows, in_columns=True):
    from gongkai.readers.base import RawCell, RawDocument, RowBlock, TextBlock

    blocks = [TextBlock("测试市测试局2024年政府信息公开工作年度报告"), TextBlock("三、收到和处理政府信息公开申请情况"),
              TextBlock("申请人情况 自然人 法人或其他组织 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计")]
    for row in rows:
        if isinstance(row, str):
            blocks.append(TextBlock(row))
        else:
            label, values = row
            blocks.append(RowBlock([RawCell(label)] + [RawCell(str(v)) for v in values], table=0,
                                   in_columns=in_columns))
    blocks.append(TextBlock("四、政府信息公开行政复议、行政诉讼情况"))
    return map_document(RawDocument(source="g.pdf", blocks=blocks, reader="pdf"))


def _values(rep, row_id):
    from office_helpers import T3
    return [rep.cells[("三", row_id, c.id)].value if ("三", row_id, c.id) in rep.cells else None for c in T3.columns]


def test_a_group_label_beside_a_sub_rows_numbered_label_is_never_the_groups_subtotal():
    """「（六） 1、申请其他处 人无正当」: the group cell （六）其他处理 and the sub-row 1.申请人无正当理由… wrapped
    in columns too narrow to part them; the line names the sub-row, whose label is too broken to match — its
    numbers are unread, never the group's subtotal."""
    got = _table_3(("（六） 1、申请其他处 人无正当", [5, 6, 0, 3, 1, 2, 17]),
                   ("（五） （1）不予处 信访举", [1, 1, 1, 1, 1, 1, 6]))
    assert _values(got, "other_handling") == [None] * 7
    assert _values(got, "not_processed") == [None] * 7


def test_a_line_with_two_rows_numbered_labels_is_left_unread():
    """「三、本 一、予以公开年度办 （二）部分公开（区分处」: 予以公开's label and the first line of 部分公开's
    joined; whose numbers these are cannot be told (P03), neither row takes them."""
    got = _table_3(("三、本 一、予以公开年度办 （二）部分公开（区分处", [1, 2, 3, 4, 5, 6, 21]),
                   ("理的，只计这一情形，不计其他情形）", [0, 0, 0, 0, 0, 0, 0]))
    assert _values(got, "granted") == [None] * 7 and _values(got, "partially_granted")[0] != 1
    assert "P03" in {n.code for n in got.notes}


def test_a_group_label_printed_in_two_parts_around_a_rows_label_is_not_part_of_it():
    """「三、本年度 予以公开办理结果」: the group cell's two lines around the row's label 予以公开."""
    got = _table_3(("三、本年度 予以公开办理结果", [1, 2, 3, 4, 5, 6, 21]))
    assert _values(got, "granted") == [1, 2, 3, 4, 5, 6, 21]


def test_fewer_values_than_columns_where_they_stand_unknown_are_unread():
    """A PDF row read without drawn cells, six numbers for seven cells: which cell is blank cannot be told
    (the row was the only one of its run after a page break) — unread (P01), never the six leftmost cells."""
    got = _table_3(("（一）予以公开", [0, 0, 0, 0, 0, 0]), in_columns=False)
    assert _values(got, "granted") == [None] * 7
    assert "P01" in {n.code for n in got.notes}


def test_a_group_subtotal_beside_some_of_its_sub_rows_is_left_unread():
    """「（五）不予处理」 on the line of 1.信访举报投诉类申请's numbers (that label wrapped above them), the other
    sub-rows of （五） matched: the numbers may be the missing sub-row's, so they are not a subtotal."""
    got = _table_3("1.信访举报投诉类申请", ("（五）不予处理", [1, 1, 1, 1, 1, 1, 6]), ("2.重复申请", [0] * 7),
                   ("3.要求提供公开出版物", [0] * 7), ("4.无正当理由大量反复申请", [0] * 7),
                   ("5.要求行政机关确认或重新出具已获取信息", [0] * 7))
    assert _values(got, "not_processed") == [None] * 7
    assert _values(got, "not_processed_duplicate") == [0] * 7
