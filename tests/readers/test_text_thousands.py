"""Numbers printed with thousands separators in plain text ("1,703", "1，703"), and value cells of a tab-separated
line whose positions are not known (issue 11, a fresh tester's T1 and T5).

The tables are written here (a consistent table 三 scaled up so its numbers have four and five digits); every
expected value is the number the generator printed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.readers.mapping import map_document, pieces_from_text
from gongkai.readers.text import read_text
from gongkai.report import Location
from gongkai.textutil import parse_value

from .test_plain_blanks import COL_IDS, COLUMNS, ROWS


def grouped(n: int, comma: str) -> str:
    return f"{n:,}".replace(",", comma)


def layout_text(scale: int, comma: str, width: int, spaced: bool) -> str:
    """Table 三 as a fixed-width e-mail or a PDF's text prints it: the label, then the numbers apart by spaces
    (``spaced``: right-aligned in columns of ``width``; else one space between numbers)."""
    lines = ["某县某局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             "申请人情况  " + "  ".join(COLUMNS)]
    for _, label, vals in ROWS:
        cells = [grouped(v * scale, comma) for v in vals]
        if spaced:
            lines.append(label + "　" + "".join(c.rjust(width) for c in cells))
        else:
            lines.append(label + " " + " ".join(cells))
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    return "\n".join(lines) + "\n"


@settings(max_examples=25, deadline=None)
@given(scale=st.integers(1, 400), comma=st.sampled_from([",", "，"]), width=st.integers(8, 12),
       spaced=st.booleans())
def test_a_number_with_thousands_separators_is_one_cell(scale, comma, width, spaced):
    got = map_document(read_text(layout_text(scale, comma, width, spaced), "t.txt"))
    for rid, _, vals in ROWS:
        for c, col in enumerate(COL_IDS):
            cell = got.cells[("三", rid, col)]
            assert (cell.kind, cell.value) == ("number", vals[c] * scale), (rid, col, cell)


@pytest.mark.parametrize("raw, want", [
    ("1,703", 1703), ("1，703", 1703), ("12,345,678", 12345678), ("1,703.5", Decimal("1703.5")), ("1,703元", 1703)])
def test_thousands_separators_are_read(raw, want):
    assert parse_value(raw) == ("number", want)


@pytest.mark.parametrize("raw", ["2914,227", "1,2", "1,70", "12,3456", "1,703,", ",703"])
def test_a_comma_that_is_no_thousands_separator_leaves_the_cell_unread(raw):
    # "2914,227": two cells run together (291 and 4,227), never the number 2914227
    assert parse_value(raw)[0] == "unreadable"


@pytest.mark.parametrize("line, runs", [
    ("行政许可   1,703", ["1,703"]),
    ("行政许可   1，703   25", ["1，703   25"]),
    ("行政许可   2914,227", ["2914,227"]),  # one token, which parse_value leaves unread (a 4-digit group)
    ("行政许可,6,100", ["6"]),  # a comma-separated line: the comma before the number is a delimiter
    ("行政许可 1,703,5", ["1,703,5"]),  # (unread)
    # a group broken by a space (pypdf's text of a number wrapped in its cell): "1,59" is a number only with the "4"
    ("（一）予以公开 961 345 1,59 4", ["961 345 1,594"]),
    ("（一）予以公开 961 1,5 94", ["961 1,594"]),
    ("（一）予以公开 961 1,59 45", ["961 1,59 45"]),  # (no such completion: "1,59" unread)
])
def test_a_run_takes_a_grouped_number_whole_only(line, runs):
    got = [p.run for p in pieces_from_text(line, Location(source="t.txt", line=1)) if not isinstance(p, str)]
    assert got[:1] == runs


def test_tab_separated_values_fewer_than_the_columns_without_a_label_are_unread():
    # catdoc: the label on a line of its own, the row's first (blank) cell left no tab: "1<TAB>17" is 本年废止 1
    # and 现行有效 17, never 本年制发 1 and 本年废止 17
    text = ("某县某局2024年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t/\t/\t/\n\n行政规范性文件\n\n1\t17\n\n"
            "信息内容\t本年处理决定数量\n行政许可\t15\n三、收到和处理政府信息公开申请情况\n")
    got = map_document(read_text(text, "t.txt"))
    for col in ("issued", "repealed", "in_force"):
        assert got.cells[("二", "normative_documents", col)].kind != "number"
    assert got.cells[("二", "licensing", "decisions")].value == 15


def test_tab_separated_values_with_every_cell_are_read():
    text = ("某县某局2024年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t/\t/\t/\n\n行政规范性文件\n\n3\t1\t17\n\n"
            "三、收到和处理政府信息公开申请情况\n")
    got = map_document(read_text(text, "t.txt"))
    assert [got.cells[("二", "normative_documents", c)].value for c in ("issued", "repealed", "in_force")] == [3, 1, 17]
