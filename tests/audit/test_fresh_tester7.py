"""Audit of consistent reports a fresh tester (issue 11, tester 7) found given a false 错误: "/" in table 四's
parts with totals 0 (E1) is a fact of the report, never "表四未能读取"."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from office_helpers import consistent_values, report_from_values

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.report import Cell

T4 = FORMAT_2021.table("四")
GROUPS = ("review", "lawsuit_direct", "lawsuit_after_review")
PARTS = ("upheld", "corrected", "other_result", "pending")


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), slashed=st.lists(st.sets(st.sampled_from(PARTS), min_size=1), min_size=3, max_size=3))
def test_table_four_parts_printed_slash_with_total_zero_is_no_error(seed, slashed):
    values = consistent_values(random.Random(seed))
    na = []
    for g, parts in zip(GROUPS, slashed):  # "/" where nothing happened: the group's total 0
        values[("四", "cases", f"{g}_total")] = 0
        for p in PARTS:
            values[("四", "cases", f"{g}_{p}")] = 0
        na += [("四", "cases", f"{g}_{p}") for p in parts]
    rep = report_from_values(values, not_applicable=na)
    findings = audit(rep)
    assert not [f for f in findings if f.severity == "error" and f.code in ("C08", "R401", "C02", "P08")]
    if all(len(parts) > 0 for parts in slashed):  # every relation of table 四 holds a "/": said, as a warning
        c08 = [f for f in findings if f.code == "C08"]
        assert c08 and all(f.severity == "warning" and "未能读取" not in f.message and "“/”" in f.message for f in c08)
    assert any(f.code == "C06" for f in findings)


def test_slash_beside_an_unreadable_cell_still_leaves_table_four_unread_as_an_error():
    values = consistent_values(random.Random(3))
    na = [("四", "cases", f"{g}_upheld") for g in GROUPS[:2]]
    rep = report_from_values(values, not_applicable=na)
    rep.cells[("四", "cases", "lawsuit_after_review_total")] = Cell("unreadable", None, "十二")
    c08 = [f for f in audit(rep) if f.code == "C08"]
    assert c08 and c08[0].severity == "error"
