"""Text of large-font prints (issue 11, the fifth tester's classes): plain ``pdftotext`` (no ``-layout``) of a
report printed with a large font, where narrow cells wrap every label and the columns of a row come out on
several lines.  Each class by a generator of its own, read back: every cell right or unread with a note, never
a wrong number, never a 错误.

* a label's numbering alone on its line ("1." / "申请人无正当理由…"): part of the label, not a cell holding 1;
* table 二 printed with the column of labels of all its blocks first, then each block's header and numbers;
* a row's numbers over two lines, the label's line and the next ("…申请数 14 23 29 5" / "22 28 121"): in
  plain text, where character columns say nothing, never moved before the label line's numbers;
* a wrapped label's middle line with the numbers ("缴纳费用、行政  38 28 …") before the next row's whole label
  ("3.其他"): the numbers stay with their own row.
"""

from __future__ import annotations

import random
import re
import subprocess

import pytest
from hypothesis import given, settings, strategies as st

import test_layout_generator as g
from office_helpers import chromium_pdf, consistent_values, report_from_values
from test_layout_generator import ALL_CELLS, EXAMPLES, assert_never_wrong, reports

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text
from gongkai.writers.html import write_html

T2, T3 = FORMAT_2021.table("二"), FORMAT_2021.table("三")
_NUMBERED = re.compile(r"(?m)^([1-9]\.)(?=[\u4e00-\u9fff])")


def _errors(got):
    return [f.message for f in audit(got) if f.severity == "error"]


def _right(expected, got, keys):
    return [k for k in keys if got.cells[k].kind != expected.cells[k].kind or got.cells[k].value != expected.cells[k].value]


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=reports(), share=st.sampled_from([0.3, 1.0]))
def test_a_labels_numbering_alone_on_its_line_is_part_of_the_label(case, share):
    rep, rng = case
    text = g.plain_text(rep, rng, wrap=False)
    text = _NUMBERED.sub(lambda m: m.group(1) + ("\n" if rng.random() < share else ""), text)
    got = map_document(read_text(text, "g.txt"))
    assert_never_wrong(rep, got)
    assert not _errors(got), _errors(got)
    t3 = [k for k in ALL_CELLS if k[0] == "三"]
    if all(rep.cells[k].kind == "number" for k in t3):  # one number a cell, the order told by the relations
        assert not _right(rep, got, t3), [n.message for n in got.notes][:3]


def test_a_labels_numbering_alone_before_the_first_half_of_a_wrapped_label():
    """"1." / "申请人无正当理由逾期不补正、行政" / "机关不再处理…": three lines, one label; the group's label
    "（六）其他处理" before them is no part of it (no P05 for a label the table printed whole)."""
    rep = report_from_values(consistent_values(random.Random(11), 60))
    text = g.plain_text(rep, random.Random(1), wrap=False)
    row = T3.row("other_correction_not_supplied")
    cut = len(row.label) // 2
    assert row.label in text
    text = text.replace(row.label, row.label[:2] + "\n" + row.label[2:cut] + "\n" + row.label[cut:])
    got = map_document(read_text(text, "g.txt"))
    assert_never_wrong(rep, got)
    assert got.cells[("三", row.id, "total")].value == rep.value("三", row.id, "total")
    assert not [n for n in got.notes if n.code == "P05"], [n.message for n in got.notes if n.code == "P05"]


def table_two_labels_first(rep) -> list[str]:
    """Table 二 as plain pdftotext prints a large-font browser print of it: the first block's header and rows,
    then the column of labels of the other blocks (each block's label header over its rows' labels), then each
    block's caption, column header and numbers."""
    blocks: dict[str, list] = {}
    for r in T2.printed_rows:
        blocks.setdefault(r.block, []).append(r)
    first, *rest = blocks
    out = [first, T2.label_header] + [c.label for c in T2.columns_of(blocks[first][0])]
    for r in blocks[first]:
        out += [r.label] + [str(rep.value("二", r.id, c.id)) for c in T2.columns_of(r)]
    for b in rest:
        out += [T2.label_header] + [r.label for r in blocks[b]]
    for b in rest:
        out += [b] + [c.label for c in T2.columns_of(blocks[b][0])]
        out += [str(rep.value("二", r.id, c.id)) for r in blocks[b] for c in T2.columns_of(r)]
    return out


@pytest.mark.parametrize("seed", range(6))
def test_table_two_with_its_labels_column_first_reads_each_block_in_order(seed):
    rep = report_from_values(consistent_values(random.Random(seed), random.choice([3, 60, 5000])))
    lines = g.plain_text(rep, random.Random(seed), wrap=False).split("\n")
    start = lines.index(FORMAT_2021.section("二").title)
    end = lines.index(FORMAT_2021.section("三").title)
    text = "\n".join(lines[:start + 1] + table_two_labels_first(rep) + lines[end:])
    got = map_document(read_text(text, "g.txt"))
    assert_never_wrong(rep, got)
    keys = [k for k in ALL_CELLS if k[0] == "二"]
    assert not _right(rep, got, keys), [(k, got.cells[k].value) for k in _right(rep, got, keys)]


def test_table_two_labels_first_with_a_number_missing_is_unread_not_shifted():
    """One block's number not printed: the numbers after the labels are fewer than the rows — nothing is
    moved up to another row (the rows stay unread or blank, never another row's number)."""
    rep = report_from_values(consistent_values(random.Random(3), 60))
    lines = g.plain_text(rep, random.Random(3), wrap=False).split("\n")
    start, end = lines.index(FORMAT_2021.section("二").title), lines.index(FORMAT_2021.section("三").title)
    two = table_two_labels_first(rep)
    penalty = str(rep.value("二", "penalty", "decisions"))
    del two[len(two) - 1 - two[::-1].index(penalty)]
    got = map_document(read_text("\n".join(lines[:start + 1] + two + lines[end:]), "g.txt"))
    for r in ("licensing", "penalty", "coercion", "administrative_fees"):
        cell = got.cells[("二", r, T2.columns_of(T2.row(r))[0].id)]
        assert cell.kind != "number" or cell.value == rep.value("二", r, T2.columns_of(T2.row(r))[0].id), (r, cell)


def _two_line_rows(rep, rng) -> str:
    """Plain text of table 三 whose rows print their label's first half with some of the numbers, the rest of the
    numbers on the next line, then the label's second half (a narrow cell of a large-font print)."""
    out = [FORMAT_2021.section("三").title] + [c.label for c in T3.columns]
    for r in T3.printed_rows:
        values = [str(rep.value("三", r.id, c.id)) for c in T3.columns]
        k, cut = rng.randint(1, len(values) - 1), max(2, len(r.label) // 2)
        out += [f"{r.label[:cut]} {' '.join(values[:k])}", " ".join(values[k:]), r.label[cut:]]
    return "\n".join(out)


@pytest.mark.parametrize("seed", range(8))
def test_a_rows_numbers_over_two_plain_lines_are_never_reordered(seed):
    rng = random.Random(seed)
    rep = report_from_values(consistent_values(rng, rng.choice([60, 5000])))
    lines = g.plain_text(rep, random.Random(seed), wrap=False).split("\n")
    start, end = lines.index(FORMAT_2021.section("三").title), lines.index(FORMAT_2021.section("四").title)
    text = "\n".join(lines[:start] + _two_line_rows(rep, rng).split("\n") + lines[end:])
    got = map_document(read_text(text, "g.txt"))
    assert_never_wrong(rep, got)  # (which number of the two lines stands in which column is not certain: unread)


def test_a_wrapped_labels_middle_keeps_its_numbers_before_the_next_rows_whole_label():
    rep = report_from_values(consistent_values(random.Random(5), 60))
    fee, other = T3.row("other_fee_not_paid"), T3.row("other_other")
    lines = g.plain_text(rep, random.Random(5), wrap=False).split("\n")
    start, end = lines.index(FORMAT_2021.section("三").title), lines.index(FORMAT_2021.section("四").title)
    rows = []
    for r in T3.printed_rows:
        values = " ".join(str(rep.value("三", r.id, c.id)) for c in T3.columns)
        if r is fee:  # "2.申请人逾期未" / "按收费通知要求" / "缴纳费用、行政  38 28 …" / "机关不再…" / "3.其他"
            a, b, c = fee.label[:7], fee.label[7:14], fee.label[14:21]
            rows += [a, b, f"{c} {values}", fee.label[21:]]
        else:
            rows += [f"{r.label} {values}"]
    got = map_document(read_text("\n".join(lines[:start] + [lines[start]] + [c.label for c in T3.columns] + rows
                                           + lines[end:]), "g.txt"))
    assert_never_wrong(rep, got)
    assert got.value("三", other.id, "total") == rep.value("三", other.id, "total")


# ------------------------------------------------------------------ real large-font prints (Chromium)

def _large_font_pdf(tmp_path, rep, font: int, wide: bool = False):
    """``rep`` written as HTML and printed by Chromium with a ``font``-pixel font (``wide``: the report's width not
    limited, so a wide table runs past the paper's edge)."""
    width = "max-width:none !important;" if wide else ""
    html = (f"<!doctype html><html><head><meta charset='utf-8'><style>.gongkai-report{{font-size:{font}px "
            f"!important;{width}}}</style></head><body>{write_html(rep)}</body></html>")
    return chromium_pdf(tmp_path, html)


@pytest.mark.parametrize("font", [20, 28])
@pytest.mark.parametrize("mode", ["plain", "layout"])
def test_pdftotext_of_a_large_font_browser_print_never_reads_a_wrong_number(tmp_path, font, mode):
    rng = random.Random(font)
    rep = report_from_values(consistent_values(rng, 60), title=g.TITLE)
    pdf = _large_font_pdf(tmp_path, rep, font)
    args = ["pdftotext"] + (["-layout"] if mode == "layout" else []) + [str(pdf), "-"]
    try:
        text = subprocess.run(args, capture_output=True, text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("pdftotext 不可用")
    got = map_document(read_text(text, "print.txt"))
    assert_never_wrong(rep, got)


# ------------------------------------------------------------------ table 四 with its header one character a line

T4 = FORMAT_2021.table("四")


def _chars(word: str) -> list[str]:
    return list(word)


def _interleaved(words: list[str]) -> list[str]:
    """Three narrow header cells read across, one character of each in turn (plain pdftotext)."""
    out = []
    for k in range(max(map(len, words))):
        out += [w[k] for w in words if k < len(w)]
    return out


def table_four_scattered(rep) -> list[str]:
    """Table 四 as plain pdftotext prints a LibreOffice PDF of it: the group captions, the header's words one
    character a line (a part's three middle labels interleaved), each number beside the header word it is under."""
    v = [str(rep.value("四", "cases", c.id)) for c in T4.columns]
    labels = [c.label for c in T4.columns[:5]]  # 结果维持 … 总计 (each group has the same five)
    captions = [T4.columns[k].groups[-1] for k in (0, 5, 10)]  # 行政复议, 未经复议直接起诉, 复议后起诉
    out = [captions[0], T4.columns[5].groups[0]]
    for lab in labels:
        out += _chars(lab)
    out += v[:5]
    for caption, vals in ((captions[1], v[5:10]), (captions[2], v[10:15])):
        out += _chars(labels[0]) + [vals[0], caption] + _interleaved(labels[1:4]) + vals[1:4] + _chars(labels[4]) + [vals[4]]
    return out


@pytest.mark.parametrize("seed", range(5))
def test_table_four_with_its_header_one_character_a_line_is_read_in_printed_order(seed):
    rep = report_from_values(consistent_values(random.Random(seed), random.choice([3, 60])))
    lines = g.plain_text(rep, random.Random(seed), wrap=False).split("\n")
    start, end = lines.index(FORMAT_2021.section("四").title), lines.index(FORMAT_2021.section("五").title)
    text = "\n".join(lines[:start + 1] + table_four_scattered(rep) + lines[end:])
    got = map_document(read_text(text, "g.txt"))
    keys = [k for k in ALL_CELLS if k[0] == "四"]
    assert not _right(rep, got, keys), [(k[2], got.cells[k].kind, got.cells[k].value) for k in _right(rep, got, keys)]
    assert not _errors(got), _errors(got)


def test_table_four_scattered_whose_order_breaks_a_relation_is_not_read_in_that_order():
    """The same print with two numbers of a group swapped with another group's: the printed order no longer
    satisfies the relations, so it is not taken for the columns' order — never a number in a wrong cell."""
    rep = report_from_values(consistent_values(random.Random(7), 60))
    v = {c.id: rep.value("四", "cases", c.id) for c in T4.columns}
    if v["review_upheld"] == v["lawsuit_direct_upheld"]:
        pytest.skip("equal numbers: a swap changes nothing")
    swapped = report_from_values(consistent_values(random.Random(7), 60))
    for a, b in (("review_upheld", "lawsuit_direct_upheld"),):
        swapped.cells[("四", "cases", a)], swapped.cells[("四", "cases", b)] = rep.cells[("四", "cases", b)], rep.cells[("四", "cases", a)]
    lines = g.plain_text(rep, random.Random(7), wrap=False).split("\n")
    start, end = lines.index(FORMAT_2021.section("四").title), lines.index(FORMAT_2021.section("五").title)
    got = map_document(read_text("\n".join(lines[:start + 1] + table_four_scattered(swapped) + lines[end:]), "g.txt"))
    for c in T4.columns:
        cell = got.cells[("四", "cases", c.id)]
        assert cell.kind != "number" or cell.value == swapped.value("四", "cases", c.id)
    assert not all(got.cells[("四", "cases", c.id)].kind == "number" for c in T4.columns)


def test_a_block_of_numbers_left_unread_is_no_table_without_numbers():
    """Plain text printing all of table 三's labels, one of them not recognisable, then all its numbers: the block
    is unread (P01) — and the table is not said to have no numbers at all (P08, an 错误)."""
    rep = report_from_values(consistent_values(random.Random(2), 60))
    lines = g.plain_text(rep, random.Random(2), wrap=False).split("\n")
    start, end = lines.index(FORMAT_2021.section("三").title), lines.index(FORMAT_2021.section("四").title)
    block = ([c.label for c in T3.columns] + [r.label if k != 5 else "某某某某某某" for k, r in enumerate(T3.printed_rows)]
             + [str(rep.value("三", r.id, c.id)) for r in T3.printed_rows for c in T3.columns]
             + ["说明", "1", "2"])  # and a note's numbers after it, which no row takes
    got = map_document(read_text("\n".join(lines[:start + 1] + block + lines[end:]), "g.txt"))
    assert_never_wrong(rep, got)
    codes = {f.code: f.severity for f in audit(got)}
    assert "P08" not in codes and "P01" in codes, codes


def test_a_header_printed_one_character_a_line_across_its_cells_is_found():
    """Table 三's header in cells one character wide, read across by plain pdftotext ("自 商 科 社 法 其 总" /
    "然 业 研 会 律 他 计" / …): its columns are there — no P05 "表头缺少" for any of them."""
    rep = report_from_values(consistent_values(random.Random(4), 60))
    lines = g.plain_text(rep, random.Random(4), wrap=False).split("\n")
    start, end = lines.index(FORMAT_2021.section("三").title), lines.index(FORMAT_2021.section("四").title)
    header = _interleaved([c.label for c in T3.columns])
    rows = [f"{r.label} " + " ".join(str(rep.value("三", r.id, c.id)) for c in T3.columns) for r in T3.printed_rows]
    got = map_document(read_text("\n".join(lines[:start + 1] + header + rows + lines[end:]), "g.txt"))
    assert not [n.message for n in got.notes if n.code == "P05"]
    assert not _right(rep, got, [k for k in ALL_CELLS if k[0] == "三"])


@pytest.mark.parametrize("font", [24, 26])
def test_a_browser_print_of_a_table_wider_than_the_paper_never_reads_a_number_cut_at_the_edge(tmp_path, font):
    """Chromium prints a table wider than the paper cut at the page's edge: a number under the edge shows only its
    first digits ("134" as "13").  Such numbers are left out, said by P16 — never read as the shorter number."""
    from gongkai.readers.pdf import read_pdf

    rep = report_from_values(consistent_values(random.Random(0), 60), title=g.TITLE)
    pdf = _large_font_pdf(tmp_path, rep, font, wide=True)
    raw = read_pdf(pdf)
    got = map_document(raw)
    assert_never_wrong(rep, got)
    clipped = raw.meta.get("clipped_text") or []
    assert all(any(ch.isdigit() for ch in text) for _, text in clipped)
    p16 = [f for f in audit(got) if f.code == "P16"]
    assert bool(p16) == bool(clipped) and all(f.severity == "warning" for f in p16)


@pytest.mark.parametrize("cut", [3, 4, 5])
@pytest.mark.parametrize("seed", range(3))
def test_the_group_cells_first_line_before_the_first_sub_row_is_no_second_row(seed, cut):
    """``pdftotext -layout`` of a ruled table 三 whose merged cell "三、本年度办理结果" wraps beside its rows:
    "三、本年 （一）予以公开  768 …" / "度办理结" / "果 （二）部分公开…" (tester 5's U5).  The group's first line is
    not the numbered start of another row: （一）予以公开 is read, not left out as a row the format lacks."""
    rng = random.Random(seed)
    rep = report_from_values(consistent_values(rng, rng.choice([60, 5000])))
    lines = g.plain_text(rep, random.Random(seed), wrap=False).split("\n")
    start, end = lines.index(FORMAT_2021.section("三").title), lines.index(FORMAT_2021.section("四").title)
    group = T3.group_labels[0]

    def values(r):
        return "   ".join(str(rep.value("三", r.id, c.id)) for c in T3.columns)
    rows = [" " * 12 + "   ".join(c.label for c in T3.columns)]
    for r in T3.printed_rows:
        if r.id == "granted":
            rows += [f"{group[:cut]} {r.label}      {values(r)}", group[cut:cut + 4]]
        elif r.id == "partially_granted":
            rows += [f"{group[cut + 4:]}    {r.label}      {values(r)}"]
        else:
            rows += [f"     {r.label}      {values(r)}"]
    got = map_document(read_text("\n".join(lines[:start + 1] + rows + lines[end:]), "u5.txt"))
    assert_never_wrong(rep, got)
    assert not _right(rep, got, [k for k in ALL_CELLS if k[0] == "三"])
