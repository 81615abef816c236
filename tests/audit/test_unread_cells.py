"""Unread cells are unknown, not zero: a consistent report whose cells the reader could not tell (glued digits
with several readings, cells printed one a line in an order or with blanks it cannot tell — each said by a P01
note) never gets a 错误 from any rule, however many cells are unread and wherever they are (issue 11: a fresh
tester's plain-pdftotext report got a C08 错误).  Cells the document itself gets wrong stay errors: digits no
reading fits (P10), text that is not a number (C05)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from office_helpers import consistent_values, report_from_values

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.report import Cell, Location, ReadingNote

ALL_CELLS = [(t.number, r.id, c.id) for t in FORMAT_2021.tables for r, c in t.cells()]
TITLE = "测试市测试局2024年政府信息公开工作年度报告"


def _narrative(rep, v) -> None:
    """Sentences stating the tables' own totals (what the narrative rules compare with the cells)."""
    where = rep.sections["三"].location
    rep.sections["三"].paragraphs = [(
        f"本年度新收政府信息公开申请{v[('三', 'received', 'total')]}件，上年结转"
        f"{v[('三', 'carried_over', 'total')]}件，办结{v[('三', 'dispositions_total', 'total')]}件，"
        f"结转下年度继续办理{v[('三', 'carried_forward', 'total')]}件。", where)]
    lawsuits = v[("四", "cases", "lawsuit_direct_total")] + v[("四", "cases", "lawsuit_after_review_total")]
    rep.sections["四"].paragraphs = [(
        f"本年度发生政府信息公开行政复议{v[('四', 'cases', 'review_total')]}件，行政诉讼{lawsuits}件。",
        rep.sections["四"].location)]


def unread_report(rng: random.Random, how_many: int, why: str):
    """A consistent report with ``how_many`` cells the reader left unread, each row's said by a P01 note."""
    values = consistent_values(rng, rng.choice([0, 3, 60]))
    rep = report_from_values(values, title=TITLE)
    _narrative(rep, values)
    unread = rng.sample(ALL_CELLS, how_many)
    for key in unread:
        rep.cells[key] = Cell("ambiguous", None, "1 2 3", Location("g.txt", line=1))
    for number, row_id in sorted({(t, r) for t, r, _ in unread}):
        label = FORMAT_2021.table(number).row(row_id).label
        data = {"several": {"count": 2, "candidates": [[1, 2], [12]]},
                "too_many": {"count": 0, "too_many": True},
                "one_per_line": {"count": 0, "no_fit": True, "partial": True},
                "order_unknown": {"count": 2, "order_unknown": True}}[why]
        rep.notes.append(ReadingNote("P01", f"表{number}「{label}」的数字无法确定", Location("g.txt", line=1),
                                     {"table": number, "row_label": label, "raw": "123", "candidates": [],
                                      **data}))
    return rep


@settings(max_examples=60, deadline=None)
@given(rng=st.randoms(use_true_random=False), how_many=st.sampled_from([1, 3, 15, 60, 150, len(ALL_CELLS)]),
       why=st.sampled_from(["several", "too_many", "one_per_line", "order_unknown"]))
def test_cells_the_reader_could_not_tell_never_give_a_consistent_report_an_error(rng, how_many, why):
    rep = unread_report(rng, how_many, why)
    errors = [(f.code, f.message) for f in audit(rep) if f.severity == "error"]
    assert errors == []


def test_a_whole_table_unread_by_the_reader_is_a_c08_warning_that_names_the_cause():
    rep = unread_report(random.Random(3), len(ALL_CELLS), "order_unknown")
    c08 = [f for f in audit(rep) if f.code == "C08"]
    assert [f.severity for f in c08] == ["warning", "warning"]
    assert "先印行标签后印数字" in c08[0].message and "不能据此认为表三没有问题" in c08[0].message


def test_digits_no_reading_fits_stay_an_error():
    # P01 with no_fit on one unbroken run of digits is the document's own mistake: P10, 错误 — and C08 with it
    rep = unread_report(random.Random(4), 1, "several")
    for col in FORMAT_2021.table("四").columns:
        rep.cells[("四", "cases", col.id)] = Cell("ambiguous", None, "21317000001324018")
    rep.notes.append(ReadingNote("P01", "表四的数字无法拆分", Location("g.txt", line=9),
                                 {"table": "四", "row_label": "", "raw": "21317000001324018", "candidates": [],
                                  "count": 0, "no_fit": True, "cells": 15}))
    severities = {f.code: f.severity for f in audit(rep) if f.code in ("P10", "C08")}
    assert severities == {"P10": "error", "C08": "error"}
