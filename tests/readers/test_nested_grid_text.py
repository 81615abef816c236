"""A drawn (grid) table nested in the one cell of another, as pandoc's reStructuredText prints an HTML table
inside a table cell (issue 11, tester 8's class 5: "没有找到表二"): the outer frame is taken off and the inner
table read.  The table is generated here; the expected values are the ones it prints."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text


def grid(rows: list[list[str]], widths: list[int]) -> list[str]:
    rule = "+" + "+".join("-" * w for w in widths) + "+"
    out = [rule]
    for r in rows:
        out.append("|" + "|".join(f" {c}".ljust(w - (sum(ord(ch) > 0x2e80 for ch in c))) for c, w in zip(r, widths))
                   + "|")
        out.append(rule)
    return out


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(0, 500), min_size=6, max_size=6))
def test_a_grid_table_in_a_one_cell_frame_is_read(v):
    rows = [["第二十条第（一）项", "", "", ""], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", str(v[0]), str(v[1]), str(v[2])], ["行政规范性文件", str(v[3]), str(v[4]), str(v[5])]]
    inner = grid(rows, [20, 16, 16, 16])
    width = max(len(x) + sum(ord(ch) > 0x2e80 for ch in x) for x in inner) + 4
    framed = ["+" + "-" * (width - 2) + "+"]
    framed += ["| " + x + " " * (width - 3 - len(x) - sum(ord(ch) > 0x2e80 for ch in x)) + "|" for x in inner]
    framed += [framed[0]]
    text = "\n".join(["某县某局2024年政府信息公开工作年度报告", "", "二、主动公开政府信息情况", "", *framed, "",
                      "三、收到和处理政府信息公开申请情况", ""])
    rep = map_document(read_text(text, "r.txt"))
    for (r, c), x in zip([("rules", "issued"), ("rules", "repealed"), ("rules", "in_force"),
                          ("normative_documents", "issued"), ("normative_documents", "repealed"),
                          ("normative_documents", "in_force")], v):
        cell = rep.cell("二", r, c)
        assert (cell.kind, cell.value) == ("number", x), (r, c, cell)
