"""Arithmetic and value rules (R-codes), derived from the format's relations.

Expected values are worked out by hand from the example report (tests/example_report.py):
natural persons 新收 5 + 上年结转 1 = （七）5 + 结转下年度 1, companies 1 = 1, table 四 复议 1 维持.
"""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from example_report import build_report, set_cell
from gongkai.audit.registry import audit, run_rule
from gongkai.format import FORMAT_2021

ARITHMETIC = {"R301", "R302", "R303", "R307", "R401", "R402", "R403"}


def codes(findings):
    return [f.code for f in findings]


def named(findings, row, column):
    return any(e.row == row and e.column == column for f in findings for e in f.evidence)


def test_consistent_example_has_no_findings_at_all():
    assert audit(build_report()) == []


# ---------------------------------------------------------------- R301
def test_r3_1_received_plus_carried_over_must_equal_total_plus_carried_forward_per_column():
    rep = build_report(cells={("三", "received", "natural_person"): 6, ("三", "received", "total"): 7})
    found = run_rule("R301", rep)
    assert len(found) == 2  # the 自然人 column and the 总计 column
    assert {f.severity for f in found} == {"error"}
    assert "表三「自然人」列" in found[0].message and "相差 1" in found[0].message
    assert named(found, "一、本年新收政府信息公开申请数量", "自然人")


def test_r3_1_passes_on_the_consistent_example():
    assert run_rule("R301", build_report()) == []


def test_a_blank_is_unknown_not_zero_an_error_only_when_no_value_fits():
    # 自然人 上年结转 blank: 5 + x = 5 + 1 holds for x = 1 → not checkable, no error; C04 gives the implied 1
    rep = build_report(cells={("三", "carried_over", "natural_person"): ""})
    assert [f for f in run_rule("R301", rep) if "自然人" in f.message] == []
    blank = [f for f in run_rule("C04", rep) if "上年结转" in f.message]
    assert blank and "无法核对" in blank[0].message and "应为 1" in blank[0].message
    # （七）总计 of 自然人 is 5; 予以公开 3 + ... with 部分公开 blank: 5 = 2 + x + 1 + 1 → x = 1 fits
    rep = build_report(cells={("三", "partially_granted", "natural_person"): ""})
    assert [f for f in run_rule("R303", rep) if "自然人" in f.message] == []
    # total 3 while the known parts already exceed it: no value ≥ 0 in the blank fits → error, said so
    rep = build_report(cells={("三", "partially_granted", "natural_person"): "",
                              ("三", "dispositions_total", "natural_person"): 3})
    found = [f for f in run_rule("R303", rep) if "「自然人」列" in f.message]
    assert found and found[0].severity == "error" and "不论填什么不小于 0 的数" in found[0].message
    # "/" is not 0 either: not judged at all
    rep = build_report(cells={("三", "carried_over", "natural_person"): "/"})
    assert [f for f in run_rule("R301", rep) if "自然人" in f.message] == []


def test_r3_1_is_not_judged_when_a_term_is_missing_or_ambiguous():
    rep = build_report(cells={("三", "carried_over", "natural_person"): None,
                              ("三", "received", "total"): 99})
    rep.cells[("三", "carried_forward", "total")].kind = "ambiguous"
    assert [f for f in run_rule("R301", rep) if "自然人" in f.message or "「总计」列" in f.message] == []


# ---------------------------------------------------------------- R302
def test_r3_2_row_total_must_equal_the_six_applicant_columns():
    rep = build_report(cells={("三", "granted", "total"): 4})  # 2 + 1 = 3
    found = run_rule("R302", rep)
    assert len(found) == 1 and found[0].severity == "error"
    assert "「（一）予以公开」行" in found[0].message
    assert named(found, "（一）予以公开", "总计")


def test_r3_2_blank_total_with_numbers_beside_it_cannot_be_checked_and_is_left_to_c04():
    rep = build_report(cells={("三", "granted", "total"): ""})
    assert [f for f in run_rule("R302", rep) if "予以公开" in f.message] == []
    assert any("予以公开" in f.message for f in run_rule("C04", rep))


# ---------------------------------------------------------------- R303
def test_r3_3_dispositions_total_is_the_sum_of_all_outcome_leaves():
    rep = build_report(cells={("三", "not_processed_duplicate", "natural_person"): 1,
                              ("三", "not_processed_duplicate", "total"): 1})
    found = run_rule("R303", rep)
    assert len(found) == 2
    assert named(found, "2.重复申请", "自然人")


def test_r3_3_uses_a_printed_group_subtotal_instead_of_the_leaves():
    # the document printed （三）不予公开 = 1 for 自然人 and none of its leaves
    leaves = FORMAT_2021.table("三").row("withheld").sum_of
    rep = build_report(cells={("三", r, "natural_person"): None for r in leaves})
    set_cell(rep, "三", "withheld", "natural_person", 1)
    assert [f for f in run_rule("R303", rep) if "自然人" in f.message] == []
    set_cell(rep, "三", "withheld", "natural_person", 2)
    assert [f for f in run_rule("R303", rep) if "自然人" in f.message]


# ---------------------------------------------------------------- R307
def test_r3_7_printed_group_subtotal_must_equal_its_leaves():
    rep = build_report()
    set_cell(rep, "三", "unavailable", "natural_person", 5)  # leaves: 1 + 0 + 0
    found = run_rule("R307", rep)
    assert len(found) == 1 and "（四）无法提供" in found[0].message and "之和为 1" in found[0].message
    set_cell(rep, "三", "unavailable", "natural_person", 1)
    assert run_rule("R307", rep) == []


# ---------------------------------------------------------------- R401..R403
def test_r4_1_review_total_must_equal_its_four_results():
    rep = build_report(cells={("四", "cases", "review_total"): 0})  # the 洪泽区 2023 error
    found = run_rule("R401", rep)
    assert len(found) == 1 and "行政复议" in found[0].message
    assert named(found, "", "行政复议/总计")
    assert run_rule("R401", build_report()) == []


def test_r4_2_direct_lawsuit_total():
    rep = build_report(cells={("四", "cases", "lawsuit_direct_pending"): 2})
    assert codes(run_rule("R402", rep)) == ["R402"]
    assert run_rule("R402", build_report()) == []


def test_r4_3_lawsuit_after_review_total():
    rep = build_report(cells={("四", "cases", "lawsuit_after_review_upheld"): 5})
    found = run_rule("R403", rep)
    assert codes(found) == ["R403"] and named(found, "", "行政诉讼/复议后起诉/结果维持")
    assert run_rule("R403", build_report()) == []


def test_table_four_all_blank_group_is_not_an_arithmetic_error():
    rep = build_report(cells={("四", "cases", f"review_{r}"): "" for r in
                              ("upheld", "corrected", "other_result", "pending", "total")})
    rep.cells[("四", "cases", "lawsuit_direct_total")].value = 1
    assert run_rule("R401", rep) == []


# ---------------------------------------------------------------- values
def test_r2_1_counts_are_non_negative_integers_and_fee_a_non_negative_amount():
    rep = build_report(cells={("二", "licensing", "decisions"): -3,
                              ("二", "penalty", "decisions"): Decimal("1.5")})
    found = run_rule("R201", rep)
    assert len(found) == 2 and all(f.severity == "error" for f in found)
    ok = build_report(cells={("二", "administrative_fees", "amount_10k_yuan"): Decimal("24252.31")})
    assert run_rule("R201", ok) == []


def test_r2_1_allows_negative_change_in_the_2019_format():
    rep = build_report(year=2020, format_id="2019", cells={("二", "licensing", "change"): -185})
    assert run_rule("R201", rep) == []


def test_r3_4_counts_in_table_three_are_non_negative_integers():
    rep = build_report(cells={("三", "carried_over", "research_institution"): Decimal("1.5")})
    found = run_rule("R304", rep)
    assert len(found) == 1 and "不是整数" in found[0].message
    assert run_rule("R304", build_report()) == []


def test_r4_4_counts_in_table_four_are_non_negative_integers():
    rep = build_report(cells={("四", "cases", "review_corrected"): -1})
    assert codes(run_rule("R404", rep)) == ["R404"]
    assert run_rule("R404", build_report()) == []


# ---------------------------------------------------------------- year over year
def test_r3_5_carried_over_equals_last_years_carried_forward():
    prev = build_report(year=2022)
    cur = build_report(year=2023)
    assert run_rule("R305", cur, prev) == []
    set_cell(prev, "三", "carried_forward", "natural_person", 3)
    found = run_rule("R305", cur, prev)
    assert len(found) == 1 and found[0].severity == "warning" and "自然人" in found[0].message


def test_r3_5_skips_reports_that_are_not_consecutive_years():
    prev = build_report(year=2020, cells={("三", "carried_forward", "natural_person"): 3})
    assert run_rule("R305", build_report(year=2023), prev) == []


def test_r2_2_in_force_rolls_forward():
    prev = build_report(year=2022, cells={("二", "normative_documents", "in_force"): 9})
    cur = build_report(year=2023)  # 9 + 2 − 1 = 10
    assert run_rule("R202", cur, prev) == []
    set_cell(prev, "二", "normative_documents", "in_force", 65)
    found = run_rule("R202", cur, prev)
    assert len(found) == 1 and "应为 66" in found[0].message


def test_r2_3_cannot_repeal_more_than_existed():
    prev = build_report(year=2022, cells={("二", "rules", "in_force"): 2})
    cur = build_report(year=2023, cells={("二", "rules", "repealed"): 5})
    found = run_rule("R203", cur, prev)
    assert len(found) == 1 and found[0].severity == "warning"
    assert run_rule("R203", build_report(year=2023), prev) == []


# ---------------------------------------------------------------- property test
T3 = FORMAT_2021.table("三")
LEAVES = [r.id for r in T3.printed_rows if r.id not in ("received", "carried_over", "dispositions_total",
                                                         "carried_forward")]
APPLICANTS = [c.id for c in T3.columns if c.id != "total"]
T4 = FORMAT_2021.table("四")


@st.composite
def consistent_tables(draw):
    cells = {}
    small = st.integers(min_value=0, max_value=30)
    for col in APPLICANTS:
        leaves = {r: draw(small) for r in LEAVES}
        done = sum(leaves.values())
        forward = draw(small)
        carried = draw(st.integers(min_value=0, max_value=done + forward))
        values = dict(leaves, dispositions_total=done, carried_forward=forward, carried_over=carried,
                      received=done + forward - carried)
        for r, v in values.items():
            cells[("三", r, col)] = v
    for r in LEAVES + ["received", "carried_over", "dispositions_total", "carried_forward"]:
        cells[("三", r, "total")] = sum(cells[("三", r, c)] for c in APPLICANTS)
    for g in ("review", "lawsuit_direct", "lawsuit_after_review"):
        parts = [draw(small) for _ in range(4)]
        for name, v in zip(("upheld", "corrected", "other_result", "pending"), parts):
            cells[("四", "cases", f"{g}_{name}")] = v
        cells[("四", "cases", f"{g}_total")] = sum(parts)
    return cells


@settings(max_examples=40, deadline=None)
@given(consistent_tables())
def test_property_consistent_tables_give_no_arithmetic_findings(cells):
    found = audit(build_report(cells=cells), strict=True)
    assert [f for f in found if f.code in ARITHMETIC] == []


@settings(max_examples=60, deadline=None)
@given(consistent_tables(), st.data())
def test_property_perturbing_one_cell_gives_an_arithmetic_error_naming_it(cells, data):
    key = data.draw(st.sampled_from(sorted(cells)))
    delta = data.draw(st.integers(min_value=1, max_value=5))
    cells = dict(cells)
    cells[key] = cells[key] + delta
    rep = build_report(cells=cells)
    table, row_id, col_id = key
    t = FORMAT_2021.table(table)
    row, col = t.row(row_id).label, t.column(col_id).display
    errors = [f for f in audit(rep, strict=True) if f.code in ARITHMETIC and f.severity == "error"]
    assert errors
    assert any(e.table == table and e.row == row and e.column == col for f in errors for e in f.evidence)
