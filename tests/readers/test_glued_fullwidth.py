"""Glued runs printed in full-width digits ("０００") or with thousands separators ("1,47615111410490662,001"), as a
web page whose cells are inline-block spans gives them when its text is copied (issue 11, tester 8's class 4): the
split search reads them as the plain digits they are — a split that fits is found (never a false P10 "无论怎样拆分
都不成立"), the cells keep the printed characters, and several fitting splits are still never guessed between.

Every table here is generated (a consistent table 三 row: six applicant counts and their sum); the expected
values are the numbers the generator printed.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.audit import audit
from gongkai.audit.reading import certain_no_fit
from gongkai.format import FORMAT_2021
from gongkai.readers.mapping import map_document
from gongkai.readers.split import GluedRow, normal_run, solve, splits
from gongkai.readers.text import read_text
from gongkai.textutil import parse_value

from .test_plain_blanks import COL_IDS, ROWS

REQUESTS = FORMAT_2021.table("三")
COLS = tuple(c.id for c in REQUESTS.columns)
FULL = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


def full(s: str) -> str:
    return s.translate(FULL)


@st.composite
def request_row(draw, high=120):
    parts = draw(st.lists(st.integers(0, high), min_size=6, max_size=6))
    return [*parts, sum(parts)]


@given(request_row())
@settings(max_examples=150, deadline=None)
def test_a_full_width_run_reads_as_the_same_digits_in_ascii(values):
    printed = [full(str(v)) for v in values]
    g = GluedRow("received", COLS, "".join(printed))
    solve(REQUESTS, [g], {})
    a = GluedRow("received", COLS, "".join(str(v) for v in values))
    solve(REQUESTS, [a], {})
    assert g.run == "".join(printed)  # the printed run is kept
    assert not g.no_fit and (g.chosen is None) == (a.chosen is None)
    assert g.too_many or printed in g.candidates or printed == g.chosen
    if g.chosen is not None:
        assert g.chosen == printed  # cut from the printed run: the printed characters
        assert [parse_value(p)[1] for p in g.chosen] == values
    assert [[normal_run(p) for p in c] for c in g.candidates] == a.candidates  # the same splits, never another


def grouped(n: int, comma: str = ",") -> str:
    return f"{n:,}".replace(",", comma)


@given(request_row(high=30_000), st.sampled_from([",", "，"]), st.booleans())
@settings(max_examples=150, deadline=None)
def test_a_run_with_thousands_separators_is_split_at_its_groups(values, comma, wide):
    printed = [grouped(v, comma) for v in values]
    if wide:
        printed = [full(p) for p in printed]
    g = GluedRow("received", COLS, "".join(printed))
    solve(REQUESTS, [g], {})
    assert not g.no_fit  # the printed split fits: never "no split fits"
    assert g.too_many or printed in g.candidates or printed == g.chosen
    if g.chosen is not None:
        assert g.chosen == printed
    for cand in ([g.chosen] if g.chosen is not None else g.candidates):
        # a cell with a separator is a whole grouped number: 1–3 digits, then groups of exactly three
        for p in cand:
            n = normal_run(p)
            if "," in n:
                head, *groups = n.split(",")
                assert 1 <= len(head) <= 3 and all(len(x) == 3 for x in groups), cand


def test_a_comma_is_never_cut_across():
    assert splits("1,476151", 2) == [["1,476", "151"]]
    assert splits("1,4", 2) == []  # a comma before one digit is no thousands separator: no split at all
    assert ["1", "476"] not in splits("1,476", 2)


def test_a_loose_comma_is_no_proof_of_an_error():
    # no split fits "1,2,3" (its commas separate no thousands) — the row is unread (P01), not called wrong (P10)
    assert not certain_no_fit({"no_fit": True, "raw": "1,2,3", "cells": 3})
    assert not certain_no_fit({"no_fit": True, "raw": "1，2", "cells": 2})
    assert certain_no_fit({"no_fit": True, "raw": "1,476999", "cells": 2})
    assert certain_no_fit({"no_fit": True, "raw": "１１１", "cells": 3})


def test_a_full_width_row_printed_apart_that_fits_no_split_is_still_no_fit():
    g = GluedRow("received", COLS, full("1 1 1 1 1 1 1"))
    solve(REQUESTS, [g], {})
    assert g.chosen is None and g.no_fit


def page(printed) -> str:
    """Table 三 as the text of a page whose cells are inline-block spans: each row's label, then its numbers run
    together (``printed`` writes one number)."""
    lines = ["某县某局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             "申请人情况自然人商业企业科研机构社会公益组织法律服务机构其他总计"]
    for _, label, vals in ROWS:
        lines.append(label + "".join(printed(v) for v in vals))
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    return "\n".join(lines) + "\n"


@settings(max_examples=10, deadline=None)
@given(scale=st.sampled_from([1, 37, 251]), form=st.sampled_from(["full", "comma", "full_comma"]))
def test_a_page_of_runs_in_full_width_or_grouped_digits_has_no_false_p10_and_no_wrong_number(scale, form):
    def printed(v):
        s = grouped(v * scale) if "comma" in form else str(v * scale)
        return full(s) if "full" in form else s

    got = map_document(read_text(page(printed), "page.txt"))
    for rid, _, vals in ROWS:
        for c, col in enumerate(COL_IDS):
            cell = got.cells.get(("三", rid, col))
            if cell is not None and cell.kind == "number":
                assert cell.value == vals[c] * scale, (rid, col, cell)
    assert not [f for f in audit(got) if f.code == "P10"]
