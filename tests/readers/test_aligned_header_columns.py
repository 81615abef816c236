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

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from office_helpers import APPLICANTS, OUTCOME_LEAVES, consistent_values, report_from_values
from test_layout_generator import (COMPLETENESS_TARGET, EXAMPLES, TITLE, Completeness, T3, assert_never_wrong,
                                   score, tab_text)

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers.base import RowBlock
from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text
from gongkai.writers import write_html

from .test_box_tables_unruled import aligned, flat_rows
from .test_grid_text import html_tables, width

T4_IDS = [c.id for c in FORMAT_2021.table("四").columns]
STYLES = ("plain", "rst", "texttable", "rich_simple")


def blank_case(rng: random.Random):
    """A consistent report whose zeros are printed blank in places: 1–3 of table 三's outcome rows all zero and
    blank, at times a whole applicant column zero and blank, at times table 四's lawsuits zero and blank (its
    trailing cells), and a few scattered zero cells blank."""
    values = consistent_values(rng, rng.choice([3, 12, 60]))
    zero_rows = rng.sample(OUTCOME_LEAVES, rng.randint(1, 3))
    zero_cols = rng.sample(APPLICANTS, rng.choice([0, 0, 1, 2]))
    for col in APPLICANTS:
        for r in OUTCOME_LEAVES:
            if r in zero_rows or col in zero_cols:
                values[("三", r, col)] = 0
        if col in zero_cols:
            values[("三", "carried_forward", col)] = 0
        done = sum(values[("三", r, col)] for r in OUTCOME_LEAVES)
        forward = values[("三", "carried_forward", col)]
        over = min(values[("三", "carried_over", col)], done + forward) if col not in zero_cols else 0
        values[("三", "dispositions_total", col)] = done
        values[("三", "carried_over", col)] = over
        values[("三", "received", col)] = done + forward - over
    for r in [r.id for r in T3.printed_rows]:
        values[("三", r, "total")] = sum(values[("三", r, c)] for c in APPLICANTS)
    blank = [("三", r, c.id) for r in zero_rows for c in T3.columns]
    blank += [("三", r.id, c) for r in T3.printed_rows for c in zero_cols if ("三", r.id, c) not in blank]
    if rng.random() < 0.5:
        for c in T4_IDS[5:]:
            values[("四", "cases", c)] = 0
            blank.append(("四", "cases", c))
    zeros = [k for k, x in values.items() if k[0] == "三" and x == 0 and k not in blank]
    blank += rng.sample(zeros, min(len(zeros), rng.randint(0, 3)))
    for key in blank:
        values.pop(key, None)
    return report_from_values(values, blanks=blank, title=TITLE)


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
    doc = lxml.html.fromstring(write_html(rep))
    tables = iter(html_tables(rep))
    repeat = rng.random() < 0.5
    out = []
    for el in doc.iter():
        if el.tag == "table":
            cells, nrows, ncols = next(tables)
            header_rows = min((r for r, c, rs, cs, t in cells if t[:1].isdigit() and t.isascii()), default=1)
            out += [""] + draw(flat_rows(cells, nrows, ncols, header_rows, repeat), style, rng) + [""]
        elif el.tag in ("h1", "h2", "h3", "p") and not any(a.tag == "table" for a in el.iterancestors()):
            text = " ".join(el.text_content().split())
            if text:
                out += [text, ""]
    return "\n".join(out)


def _errors(got) -> list[str]:
    return [f"{f.code} {f.message}" for f in audit(got) if f.severity == "error"]


@settings(max_examples=EXAMPLES, deadline=None)
@given(rng=st.randoms(use_true_random=False), style=st.sampled_from(STYLES))
def test_aligned_tables_with_blanks_never_wrong(rng, style):
    rep = blank_case(rng)
    got = map_document(read_text(report_text(rep, rng, style), "a.txt"))
    assert_never_wrong(rep, got)
    assert not _errors(got)


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
    assert not _errors(got)
