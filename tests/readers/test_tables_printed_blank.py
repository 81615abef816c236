"""Value rows printed with every cell blank (issue 11's class: table 四 of an office without a review or lawsuit
case, rows of table 三's groups without a case) read blank — never missing, never with numbers shifted from a
neighbour row, no false 错误 (C01/C02/C03/C05/C08/P08) on a consistent report — in every layout that prints the
table's header: pandas' and tabulate's text (tests/tabulated.py: the frame's index alone before a row of null
markers, rst's and simple's row of spaces), the layout generator's text, Markdown, HTML and DOCX
(tests/test_layout_generator.py), PDFs ruled by drawn lines (tests/drawn_lines_pdf.py), a grid or rules between the
rows only (no cell drawn: two blank rows' short labels one over the other are no merged group cell, a flat header
"结果维持 … 总计" without its group cells is table 四's).  The reports are generated; the expected cells are theirs."""

from __future__ import annotations

import dataclasses
import random

import pytest
from drawn_lines_pdf import draw_style, drawn_pdf
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tabulated import STYLES, blank_rows_case, render
from test_layout_generator import EXAMPLES, LAYOUTS, assert_never_wrong, make_case, read_back
from text_classes import four_printed_blank

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers.mapping import map_document
from gongkai.readers.pdf import read_pdf
from gongkai.readers.text import read_text

from .test_drawn_lines_pdf import FALSE_ERRORS, _check

FOUR = [("四", "cases", c.id) for c in FORMAT_2021.table("四").columns]
# layout_text prints table 四 as "行政复议  行政诉讼" over its values, without the columns' header: with no value
# nothing says the table is there (a real print always has the columns' labels)
WITHOUT_FOUR_HEADER = ("layout", "layout_marks", "own_numbering_text", "appendix_text")


def _read_blank(rep, got, only_four: bool = False) -> None:
    """Table 四 read blank, no number wrong, no 错误 (``only_four``: none about table 四 or a missing part — the
    layout's other tables have classes of their own, measured by test_layout_generator)."""
    assert_never_wrong(rep, got)
    assert [k for k in FOUR if got.cells[k].kind != "blank"] == []
    assert [f"{f.code} {f.message}" for f in audit(got) if f.severity == "error"
            and (not only_four or f.code in ("C01", "C02") or "表四" in f.message)] == []


@pytest.mark.parametrize("style", STYLES)
@settings(max_examples=max(4, EXAMPLES // 4), deadline=None)
@given(rng=st.randoms(use_true_random=False), blank_rows=st.booleans(), yuan=st.booleans())
def test_table_four_printed_blank_in_pandas_and_tabulate_text(style, rng, blank_rows, yuan):
    rep, rng = (blank_rows_case(rng), rng) if blank_rows else make_case(rng, blank_rows=True)
    four_printed_blank(rep)
    _read_blank(rep, map_document(read_text(render(rep, style, rng, yuan=yuan), "g.txt")))


@pytest.mark.parametrize("layout", [name for name in LAYOUTS if name not in WITHOUT_FOUR_HEADER])
@settings(max_examples=max(3, EXAMPLES // 5), deadline=None)
@given(rng=st.randoms(use_true_random=False))
def test_table_four_printed_blank_in_generated_layouts(layout, rng):
    rep, rng = make_case(rng, **LAYOUTS[layout][1])
    four_printed_blank(rep)
    _read_blank(rep, read_back(layout, rep, rng), only_four=True)


@settings(max_examples=16, deadline=None)
@given(st.integers(0, 10**6), st.booleans(), st.booleans(), st.booleans(), st.sampled_from([0.0, 1.5, 2.5]),
       st.booleans())
@example(1014, True, False, True, 0.0, False)  # 三's rows 4 and 5 printed blank one over the other (C03)
@example(7, False, True, True, 0.0, True)  # table 四 all blank under rules between rows, flat header (C02)
def test_rows_printed_blank_in_drawn_pdfs(seed, per_cell, outer, horizontal_only, short, four):
    """Tables 三 (1–5 rows of its groups all blank) and 四 (at times all blank) ruled by drawn lines."""
    rng = random.Random(seed)
    rep = blank_rows_case(rng)
    if four:
        four_printed_blank(rep)
    style = dataclasses.replace(draw_style(rng), per_cell=per_cell, outer=outer, horizontal_only=horizontal_only,
                                short=short)
    got = map_document(read_pdf(drawn_pdf(rep, style), "drawn.pdf"))
    _check(rep, got)
    # a row printed all blank is never missing (blank, or unread with a note where its columns are not drawn)
    rows = {k[:2] for k in rep.cells if k[0] in "三四"}
    blank_rows = {r for r in rows if all(c.kind == "blank" for k, c in rep.cells.items() if k[:2] == r)}
    assert [k for k in rep.cells if k[:2] in blank_rows and got.cells[k].kind == "missing"] == []
    assert not {f.code for f in audit(got) if f.severity == "error"} & FALSE_ERRORS
