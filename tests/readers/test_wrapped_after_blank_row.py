"""A blank row just above a row whose label wraps around its numbers (tester 11, pdftohtml without ``-s``):
"4.无正当理由大量反复申请" (printed with no number), "5.要求行政机关确认或重新出具已获取", "0 0 0 0 0 1 1", "信息" —
the numbers went to the blank row above (7 invented, row 5 lost, a false C03).  The numbers between the two lines
of a wrapped label are that label's row.

Random consistent reports (hypothesis) with blank rows of 表三 and labels wrapped at a random width, printed the
ways PDF converters print such a table: one cell per line (``pdftohtml -noframes``: ``<br/>`` lines) and a row's
numbers on one line between its label's lines (the text of ``pdftotext -htmlmeta -layout``'s ``<pre>``).  Expected cells
are the values the reports were made from; a blank row is never given a number.
"""

from __future__ import annotations

import html
import random

from hypothesis import given, settings, strategies as st
from office_helpers import consistent_values, report_from_values
from test_layout_generator import TITLE, tab_text

from gongkai.format import FORMAT_2021
from gongkai.readers import read_report

T3 = FORMAT_2021.table("三")
LEAVES = [r.id for r in T3.printed_rows if not r.sum_of and r.id not in ("received", "carried_over",
                                                                            "carried_forward")]


def _report(rng: random.Random):
    values = consistent_values(rng, 30)
    blank_rows = rng.sample(LEAVES, rng.randint(1, 4))
    blanks = [("三", r, c.id) for r in blank_rows for c in T3.columns_of(T3.row(r))]
    for key in blanks:
        values.pop(key)
    return report_from_values(values, blanks=blanks, title=TITLE), values, blank_rows


def _lines(rep, width: int, one_per_line: bool) -> list[str]:
    """The report's lines, 表三's labels wrapped at ``width`` characters with the numbers between the label's
    lines; one cell per line or a row's numbers on one line."""
    out = []
    for line in tab_text(rep):
        cells = line.split("\t")
        if len(cells) != 10 or not cells[2] or not any(c[:1].isdigit() for c in cells[3:]) and any(cells[3:]):
            out += [c for c in cells if c] if one_per_line else [" ".join(c for c in cells if c)]
            continue
        group = cells[0] or cells[1]
        if group:
            out.append(group)
        label, numbers = cells[2], [c for c in cells[3:] if c]
        head, tail = label[:width], label[width:]
        out.append(head)
        if numbers:
            out += numbers if one_per_line else ["    ".join(numbers)]
        if tail:
            out.append(tail)
    return out


def _check(got, values, blank_rows, width):
    read = 0
    for key, v in values.items():
        cell = got.cell(*key)
        assert cell.kind != "number" or cell.value == v, (key, v, cell)  # never a wrong number
        read += cell.kind == "number"
    for r in blank_rows:
        for c in T3.columns_of(T3.row(r)):
            assert got.cell("三", r, c.id).kind != "number", (r, c.id, got.cell("三", r, c.id))
    after_blank = [T3.printed_rows[T3.printed_rows.index(T3.row(r)) + 1] for r in blank_rows]
    for row in after_blank:  # the class: the row right after a blank row, its label wrapped around its numbers
        if row.id in blank_rows or len(row.label) <= width:  # (two whole labels, then numbers: may stay unread)
            continue
        for c in T3.columns_of(row):
            assert got.cell("三", row.id, c.id).kind == "number", (row.label, c.id, got.cell("三", row.id, c.id))
    return read


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10**6), width=st.integers(10, 18))
def test_cells_one_per_line_between_a_wrapped_label(tmp_path_factory, seed, width):
    rep, values, blank_rows = _report(random.Random(seed))
    body = "<br/>\n".join(html.escape(t) for t in _lines(rep, width, one_per_line=True))
    path = tmp_path_factory.mktemp("noframes") / "o.html"
    path.write_text(f"<!DOCTYPE html><html><head><title>o</title></head><body>\n{body}<br/>\n</body></html>",
                    encoding="utf-8")
    _check(read_report(path), values, blank_rows, width)


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10**6), width=st.integers(10, 18))
def test_numbers_on_a_line_between_a_wrapped_label(tmp_path_factory, seed, width):
    """(the text of pdftotext -htmlmeta -layout's <pre>, read as text)"""
    rep, values, blank_rows = _report(random.Random(seed))
    path = tmp_path_factory.mktemp("layout") / "o.txt"
    path.write_text("\n".join(_lines(rep, width, one_per_line=False)) + "\n", encoding="utf-8")
    _check(read_report(path), values, blank_rows, width)


def test_a_pre_2019_report_in_one_pre_is_a_report(tmp_path):
    """pdftotext -htmlmeta wraps the whole text in one <pre>: its lines are lines (it was one paragraph, the
    headings lost in it, "看起来不是政府信息公开工作年度报告")."""
    text = ("临水县人民政府 2017 年政府信息公开工作年度报告\n本报告根据《中华人民共和国政府信息公开条例》\n"
            "（以下简称《条例》）要求编制。\n一、概述\n2017 年，全年主动公开政府信息 3126 条。\n"
            "二、主动公开政府信息情况\n全年通过门户网站主动公开政府信息 2874 条。\n\f"
            "三、依申请公开政府信息情况\n共受理申请 47 件。\n四、政府信息公开收费及减免情况\n未收取费用。\n"
            "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n无。\n六、存在的主要问题及改进措施\n无。\n")
    path = tmp_path / "r7.html"
    path.write_text(f"<html><head><title></title></head><body>\n<pre>\n{text}</pre>\n</body></html>", encoding="utf-8")
    got = read_report(path)
    assert got.year == 2017 and got.format_key == "pre2019"
    assert not [c for c in got.cells.values() if c.kind == "number"]
