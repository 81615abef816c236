"""Space-aligned text tables with blank cells, their columns given by the header (tester 11: tabulate plain/rst,
texttable without decoration, rich's SIMPLE box lost every row printing fewer numbers than its columns — P01
"无法确定各列的位置" — and gave a false C03 for a row printed with its label and every cell blank), generated
from random consistent reports with many blanks: whole rows blank (their zeros printed blank), whole columns
blank, 表四's trailing cells blank (printed as nothing), scattered blanks — each table flattened as a data frame
holds it and printed the way each tool prints it (columns two spaces apart or more, numbers left, right or
centred under their header, a ``=====`` ruler or a rule line under the header or none), read back: every
cell equal or explicitly unread, never a wrong number, no 错误, and the tables read (nearly) completely."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_layout_generator import (COMPLETENESS_TARGET, EXAMPLES, Completeness, assert_never_wrong, score,
                                   tab_text)

from gongkai.readers.base import RowBlock
from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text

from .text_tables import aligned, audit_errors, blank_case, flat_rows, prose_and_tables, width

STYLES = ("plain", "rst", "texttable", "rich_simple")


def draw(rows: list[list[str]], style: str, rng: random.Random) -> list[str]:
    """``rows`` (the first the header) printed space-aligned as ``style`` prints them."""
    gap = rng.choice([2, 3, 4]) if style != "rst" else 2
    widths = [max(width(r[c]) for r in rows) for c in range(len(rows[0]))]
    numbers = rng.choice(["left", "right", "center"])
    labels = rng.choice(["left", "center"]) if style in ("texttable", "rich_simple") else "left"
    lead = "  " if style == "rich_simple" else ""
    strip = rng.random() < 0.7

    def line(row):
        text = lead + (" " * gap).join(aligned(t, w, numbers if t.isascii() else labels) for t, w in zip(row, widths))
        return text.rstrip() if strip else text

    ruler = (" " * gap).join("=" * w for w in widths)
    out = [line(rows[0])]
    if style == "rst":
        out = [ruler, out[0], ruler]
    elif style == "texttable":
        out.append("=" * len(line(rows[0])))
    elif style == "rich_simple":
        out.append(" " + "─" * (sum(widths) + gap * (len(widths) - 1) + 2))
    out += [line(r) for r in rows[1:]]
    if style == "rst":
        out.append(ruler)
    return out


def report_text(rep, rng: random.Random, style: str) -> str:
    """The report's prose lines, each table drawn where the HTML has it."""
    repeat = rng.random() < 0.5

    def table(cells, nrows: int, ncols: int) -> list[str]:
        header_rows = min((r for r, c, rs, cs, t in cells if t[:1].isdigit() and t.isascii()), default=1)
        return draw(flat_rows(cells, nrows, ncols, header_rows, repeat), style, rng)
    return prose_and_tables(rep, table)


@settings(max_examples=EXAMPLES, deadline=None)
@given(rng=st.randoms(use_true_random=False), style=st.sampled_from(STYLES))
def test_aligned_tables_with_blanks_never_wrong(rng, style):
    rep = blank_case(rng)
    got = map_document(read_text(report_text(rep, rng, style), "a.txt"))
    assert_never_wrong(rep, got)
    assert not audit_errors(got)


@pytest.mark.parametrize("style", STYLES)
def test_aligned_tables_with_blanks_read_completely(style):
    out = Completeness()
    for seed in range(20):
        rng = random.Random(seed)
        rep = blank_case(rng)
        score(out, rep, map_document(read_text(report_text(rep, rng, style), "a.txt")))
    print(f"{style}: {out}")
    assert out.wrong == 0 and out.false_errors == 0, str(out)
    assert out.share >= COMPLETENESS_TARGET, str(out)


def test_numbers_under_their_header_words_blank_rows_and_trailing_blanks():
    text = "\n".join([
        "第二十条第（一）项",
        "信息内容        本年制发件数    本年废止件数    现行有效件数",
        "规章            0                               9",
        "行政规范性文件  2               2               29",
        "行政许可",
        "",
        "结果维持    结果纠正    其他结果    尚未审结    总计",
        "2           2           4"])
    rows = [[c.text for c in b.cells] for b in read_text(text, "t.txt").blocks if isinstance(b, RowBlock)]
    assert rows == [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "0", "", "9"],
                    ["行政规范性文件", "2", "2", "29"], ["行政许可", "", "", ""],
                    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"], ["2", "2", "4", "", ""]]


def test_a_number_between_two_columns_leaves_the_table_to_the_aligned_reading():
    text = "\n".join([
        "信息内容        本年制发件数    本年废止件数    现行有效件数",
        "规章                        0                   9",
        "行政规范性文件  2               2               29"])
    assert not [b for b in read_text(text, "t.txt").blocks if isinstance(b, RowBlock)]


def test_a_wrapped_label_without_numbers_leaves_the_table_to_the_aligned_reading():
    """pdftotext -layout: a label's other part on a line without numbers is no blank row (it names no row)."""
    text = "\n".join([
        "项目                              自然人   商业企业   总计",
        "（五）不予处理  3.要求提供公开出版物        0          1      1",
        "                5.要求行政机关确认或重新出具已获取",
        "                                            0                 1",
        "                信息"])
    assert not [b for b in read_text(text, "t.txt").blocks if isinstance(b, RowBlock)]


def tsv_text(rep, rng: random.Random) -> str:
    """The report as tab-separated text from a tool that prints no empty cells after table 四's last value
    (table 三's rows keep theirs: a row printed as its label alone is left — see the report of task G)."""
    lines = tab_text(rep)
    last = max(k for k, line in enumerate(lines) if line[:1].isdigit() and "\t" in line)  # table 四's data row
    return "\n".join(line.rstrip("\t") if k == last else line for k, line in enumerate(lines)) + "\n"


@pytest.mark.parametrize("seed", range(20))
def test_tsv_without_trailing_empty_cells_never_wrong_nor_an_error(seed):
    """表四 "2\\t2\\t0\\t0\\t4" under 15 column labels: the printed cells from the left, the parts not printed unread
    with P01 — never C03's 错误 "缺少以下列"."""
    rng = random.Random(seed)
    rep = blank_case(rng)
    got = map_document(read_text(tsv_text(rep, rng), "t.txt"))
    assert_never_wrong(rep, got)
    assert not audit_errors(got)
