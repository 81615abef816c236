"""Completeness rules (C-codes): missing sections, tables, rows; blank, unreadable, "/" cells."""

from example_report import build_report, set_cell
from gongkai.audit.registry import audit, run_rule
from gongkai.format import FORMAT_2021


def test_c01_missing_section_is_an_error_naming_the_section():
    rep = build_report(sections={"五": None})
    found = run_rule("C01", rep)
    assert len(found) == 1 and found[0].severity == "error"
    assert "第五部分" in found[0].message and "存在的主要问题及改进情况" in found[0].message
    assert run_rule("C01", build_report()) == []


def test_c01_table_sections_count_as_present_when_their_table_was_found():
    rep = build_report(sections={"三": None})
    assert run_rule("C01", rep) == []


def test_c02_missing_table_is_an_error_and_no_number_is_invented():
    rep = build_report()
    del rep.tables_found["三"]
    for key in [k for k in rep.cells if k[0] == "三"]:
        rep.cells[key] = type(rep.cells[key])("missing")
    found = audit(rep)
    c02 = [f for f in found if f.code == "C02"]
    assert len(c02) == 1 and "没有找到表三" in c02[0].message
    # the missing table feeds no arithmetic, completeness or narrative rule
    assert [f for f in found if f.code != "C02"] == []


def test_c03_missing_row_in_a_found_table():
    rep = build_report(cells={("三", "other_other", c.id): None for c in FORMAT_2021.table("三").columns})
    found = run_rule("C03", rep)
    assert len(found) == 1 and found[0].severity == "error" and "缺少「3.其他」行" in found[0].message


def test_c03_missing_cells_of_a_row_are_listed():
    rep = build_report(cells={("三", "granted", "research_institution"): None})
    found = run_rule("C03", rep)
    assert len(found) == 1 and "科研机构" in found[0].message
    assert run_rule("C03", build_report()) == []


def test_c03_leaves_of_a_printed_group_subtotal_are_left_to_p06():
    leaves = FORMAT_2021.table("三").row("other_handling").sum_of
    rep = build_report(cells={("三", r, c.id): None for r in leaves for c in FORMAT_2021.table("三").columns})
    for c in FORMAT_2021.table("三").columns:
        set_cell(rep, "三", "other_handling", c.id, 0)
    assert run_rule("C03", rep) == []


def test_c04_blank_cells_one_warning_per_row_listing_the_columns():
    # the 阿北乡 2023 table 四: the five 行政复议 cells are empty
    rep = build_report(cells={("四", "cases", f"review_{r}"): "" for r in
                              ("upheld", "corrected", "other_result", "pending", "total")})
    rep.cells[("四", "cases", "lawsuit_direct_total")].value = 1
    found = run_rule("C04", rep)
    assert len(found) == 1 and found[0].severity == "warning"
    assert "行政复议/结果维持" in found[0].message and len(found[0].evidence) == 5
    assert all(e.value == "" for e in found[0].evidence)


def test_c04_many_blank_rows_become_one_finding_for_the_table():
    rows = ["granted", "partially_granted", "withheld_state_secret", "withheld_prohibited_by_law", "other_other"]
    rep = build_report(cells={("三", r, "research_institution"): "" for r in rows})
    found = run_rule("C04", rep)
    assert len(found) == 1 and "5 个空白单元格" in found[0].message and len(found[0].evidence) == 5
    assert run_rule("C04", build_report()) == []


def test_c05_unreadable_cell_is_an_error_quoting_the_text():
    rep = build_report(cells={("三", "granted", "natural_person"): "约3"})
    found = run_rule("C05", rep)
    assert len(found) == 1 and found[0].severity == "error" and "“约3”" in found[0].message
    assert run_rule("C05", build_report()) == []


def test_c06_not_applicable_marks_in_count_cells_warn():
    rep = build_report(cells={("二", "rules", c): "/" for c in ("issued", "repealed", "in_force")})
    found = run_rule("C06", rep)
    assert len(found) == 1 and found[0].severity == "warning" and "本年制发件数" in found[0].message
    assert run_rule("C06", build_report()) == []


def test_c06_quotes_the_marks_as_printed():
    """'无' is such a mark too (the format has no cell where nothing applies): the finding quotes what is
    printed, so a clerk searching the report for “/” is not sent looking for the wrong sign."""
    rep = build_report(cells={("二", "rules", "issued"): "无", ("二", "rules", "repealed"): "/"})
    found = run_rule("C06", rep)
    assert len(found) == 1 and "“无”" in found[0].message and "“/”" in found[0].message, found[0].message


def test_c07_ambiguous_cells_warn_unless_a_p01_note_already_covers_the_row():
    from gongkai.report import ReadingNote
    rep = build_report()
    for c in FORMAT_2021.table("四").columns:
        cell = rep.cells[("四", "cases", c.id)]
        cell.kind, cell.value, cell.raw = "ambiguous", None, "10203120001200000"
    assert len(run_rule("C07", rep)) == 1
    rep.notes.append(ReadingNote("P01", "", data={"table": "四", "row_label": "", "raw": "10203120001200000",
                                                  "candidates": [[1, 0], [10, 2]]}))
    assert run_rule("C07", rep) == []


def test_c08_required_table_unread_is_an_error_blanks_are_not():
    from example_report import build_report
    from gongkai.audit.registry import run_rule
    from gongkai.format import FORMAT_2021
    cols = [c.id for c in FORMAT_2021.table("四").columns]
    unread = build_report(cells={("四", "cases", c): "约1" for c in cols})
    found = run_rule("C08", unread)
    assert len(found) == 1 and found[0].severity == "error"
    assert found[0].message.startswith("表四未能读取，未做勾稽核对") and "15 个单元格内容无法识别为数字" in found[0].message
    assert run_rule("C08", build_report(cells={("四", "cases", c): "" for c in cols})) == []  # blank: C04
    assert run_rule("C08", build_report()) == []
    # one relation still checkable: the table was read
    assert run_rule("C08", build_report(cells={("四", "cases", c): "约1" for c in cols[:10]})) == []


def test_c04_whole_blank_group_is_said_with_the_sentence_meaning_zero():
    from example_report import build_report, section_texts
    from gongkai.audit.registry import run_rule
    cells = {("四", "cases", f"review_{r}"): "" for r in ("upheld", "corrected", "other_result", "pending", "total")}
    rep = build_report(cells=cells, sections={"一": section_texts()["一"][:3] + ["本年度未发生政府信息公开行政复议案件。"]})
    (f,) = run_rule("C04", rep)
    assert "「行政复议」一组全部空白" in f.message and "正文也称“本年度未发生政府信息公开行政复议案件。”" in f.message
    assert "无法核对" in f.message and f.severity == "warning"
