"""A dash touching the end of a row label in space-aligned text ("（二）部分公开—   0   0 …"): a long label ran up
to the first column, and the dash is that column's not-applicable mark — unless the row prints a value for every
column after it (then the dash is the label's own), or the dash is followed by words (part of the label).
Lines written by hand, columns right-aligned at fixed character positions as ``pdftotext -layout`` prints them."""

from __future__ import annotations

import pytest

from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text

ENDS = [30, 39, 48, 58, 71, 80, 87]  # where each column's values end (right-aligned)
COLS = ["natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
        "legal_service_provider", "other_org", "total"]
PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"


def line(label: str, values: list[str | None]) -> str:
    s = label
    for v, end in zip(values, ENDS):
        if v is not None:
            s = s.ljust(end - len(v)) + v
    return s


def table(row_line: str) -> str:
    return "\n".join([
        "三、收到和处理政府信息公开申请情况",
        line("", ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]),
        line("一、本年新收政府信息公开申请数量", ["5", "0", "2", "0", "0", "0", "7"]),
        line("二、上年结转政府信息公开申请数量", ["1", "0", "0", "0", "0", "0", "1"]),
        line("（一）予以公开", ["3", "0", "1", "0", "0", "0", "4"]),
        row_line,
        line("1.属于国家秘密", ["0", "0", "0", "0", "0", "0", "0"]),
    ]) + "\n"


def partial_row(got):
    return [(got.cells[("三", "partially_granted", c)].kind, got.cells[("三", "partially_granted", c)].value)
            for c in COLS]


@pytest.mark.parametrize("dash", ["—", "－", "--", "-", "–"])
def test_a_dash_touching_the_label_before_one_value_too_few_is_the_first_cells_mark(dash):
    row = line(" " + PARTIAL + dash, [None, "0", "1", "0", "0", "0", "1"])
    assert PARTIAL + dash + " " in row  # the dash touches the label, as printed
    got = map_document(read_text(table(row), "d.txt"))
    assert partial_row(got) == [("not_applicable", None), ("number", 0), ("number", 1), ("number", 0),
                                ("number", 0), ("number", 0), ("number", 1)]
    assert got.cells[("三", "partially_granted", "natural_person")].raw == dash
    assert not [n for n in got.notes if n.code in ("P01", "P03", "P05")], [n.message for n in got.notes]


def test_a_dash_touching_the_label_with_a_value_in_every_column_after_it_is_the_labels():
    # (the label runs on past the first column, pushing its values right)
    row = PARTIAL + "—  2        0        1         0            0        0      3"
    got = map_document(read_text(table(row), "d.txt"))
    assert partial_row(got) == [("number", 2), ("number", 0), ("number", 1), ("number", 0), ("number", 0),
                                ("number", 0), ("number", 3)]


def test_a_dash_followed_by_words_is_part_of_the_label():
    row = line("（二）部分公开—区分处理的", ["2", "0", "1", "0", "0", "0", "3"])
    got = map_document(read_text(table(row), "d.txt"))
    assert partial_row(got) == [("number", 2), ("number", 0), ("number", 1), ("number", 0), ("number", 0),
                                ("number", 0), ("number", 3)]


def test_a_dash_in_prose_before_a_count_is_no_cell():
    from gongkai.readers.mapping import pieces_from_text
    from gongkai.report import Location
    assert not [p for p in pieces_from_text("本年度第一季度—  3 件申请均已办结", Location()) if not isinstance(p, str)
                and "—" in (p.run or "")]
