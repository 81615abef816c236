"""Reading notes become findings of the same code (P01–P09); unknown codes are kept as warnings."""

import pytest

from example_report import build_report
from gongkai.audit.registry import RULES, audit, run_rule
from gongkai.report import Location, ReadingNote

NOTES = {
    "P01": ("warning", {"table": "四", "row_label": "", "raw": "10203120001200000",
                        "candidates": [[1, 0, 2, 0, 3], [1, 0, 2, 0, 3, 12]]}, "1 / 0 / 2 / 0 / 3 / 12"),
    "P02": ("notice", {"table": "三", "row_label": "一、本年新收政府信息公开申请数量", "raw": "640020470",
                       "values": ["64", "0", "0", "2", "0", "4", "70"]}, "64 / 0 / 0 / 2 / 0 / 4 / 70"),
    "P03": ("warning", {"table": "三", "label": "（八）其他", "values": ["1", "0"]}, "（八）其他"),
    "P04": ("warning", {"table": "三", "row_label": "一、本年新收政府信息公开申请数量", "cells": ["9"]}, "9"),
    "P05": ("warning", {"table": "三", "official": "2.其他法律行政法规禁止公开", "printed": "2.其他法律行政止公开"},
            "2.其他法律行政止公开"),
    "P06": ("warning", {"table": "三", "group_label": "（六）其他处理", "leaves": ["1.申请人…", "2.申请人…", "3.其他"]},
            "（六）其他处理"),
    "P07": ("warning", {"table": "三", "label": "申请情况", "values": ["3", "3"]}, "申请情况"),
    "P08": ("error", {"table": "三"}, "表三"),
    "P09": ("warning", {"section": "六", "what": "表三", "text": "一、本年新收政府信息公开申请数量 50 0 0 0 0 1 51"},
            "一、本年新收政府信息公开申请数量 50 0 0 0 0 1 51"),
}


@pytest.mark.parametrize("code", sorted(NOTES))
def test_each_note_code_becomes_a_finding_of_that_code(code):
    severity, data, text = NOTES[code]
    rep = build_report()
    rep.notes.append(ReadingNote(code, "读取提示", Location("x.txt", 12), data))
    found = run_rule(code, rep)
    assert len(found) == 1
    f = found[0]
    assert f.code == code and f.severity == severity and text in f.message and f.hint
    assert f.evidence and f.evidence[0].location.line == 12
    assert RULES[code].severity == severity


def test_no_note_no_finding():
    rep = build_report()
    assert all(run_rule(code, rep) == [] for code in NOTES)


def test_p02_note_per_table_with_rows_lists_each_row():
    rep = build_report()
    rep.notes.append(ReadingNote("P02", "", Location("x.txt", 3), {"table": "三", "rows": [
        {"row_label": "一、本年新收政府信息公开申请数量", "raw": "640020470", "values": ["64", "0", "0", "2", "0", "4", "70"],
         "line": 5},
        {"row_label": "二、上年结转政府信息公开申请数量", "raw": "0000000", "values": ["0"] * 7, "line": 6}]}))
    f = run_rule("P02", rep)[0]
    assert "2 行" in f.message and "640020470" in f.message and [e.location.line for e in f.evidence] == [5, 6]


def test_p01_without_candidates_says_no_split_fits():
    rep = build_report()
    rep.notes.append(ReadingNote("P01", "", data={"table": "三", "row_label": "（七）总计", "raw": "123",
                                                  "candidates": []}))
    assert "没有一种拆分" in run_rule("P01", rep)[0].message


def test_unknown_note_code_is_still_reported_as_a_warning_with_its_code():
    rep = build_report()
    rep.notes.append(ReadingNote("P99", "读取时发现页眉重复", Location("x.txt", 7)))
    found = [f for f in audit(rep) if f.code == "P99"]
    assert len(found) == 1 and found[0].severity == "warning" and "页眉重复" in found[0].message


def test_p09_a_second_copy_in_one_file_is_said_not_swallowed(corpus, tmp_path):
    from gongkai.readers import read_report
    seed = corpus("seed/2023_hulin_abei_xiang.txt").read_text(encoding="utf-8")
    twice = tmp_path / "两份.txt"
    twice.write_text(seed + "\n" + seed, encoding="utf-8")
    found = run_rule("P09", read_report(twice))
    assert len(found) == 1 and "只读取并审核了文件中的第一份" in found[0].message
    assert found[0].evidence[0].section == "六"
    once = tmp_path / "一份.txt"
    once.write_text(seed, encoding="utf-8")
    assert run_rule("P09", read_report(once)) == []


def test_p01_note_with_no_fit_is_an_error_p10_quoting_the_printed_digits():
    rep = build_report()
    rep.notes.append(ReadingNote("P01", "", Location("x.txt", 9), {
        "table": "四", "row_label": "", "raw": "21317000001324018", "no_fit": True,
        "candidates": [["2", "1", "3", "1", "7"]], "count": 20}))
    assert run_rule("P01", rep) == []  # not "several splits fit": none does
    found = run_rule("P10", rep)
    assert len(found) == 1 and found[0].severity == "error"
    assert "21317000001324018" in found[0].message and "勾稽关系都不成立" in found[0].message
    assert found[0].evidence[0].value == "21317000001324018" and found[0].evidence[0].location.line == 9


def test_glued_row_no_split_without_blanks_fits_but_one_with_a_blank_does(tmp_path, corpus):
    # 平潭 2024's flattened table 四 with its last digit changed: no split without blank cells makes the three
    # totals add up — but a blank cell leaves no trace in glued digits, and 2/1/3/1/7 | 0/0/0/0/0 |
    # 132/4/0/18/（空白） fits (the blank 复议后起诉 总计 would be 154): not certainly wrong, so no 错误
    text = corpus("real/2024_pingtan-zhqsyq.txt").read_text(encoding="utf-8")
    assert "21317000001324019" in text
    bad = tmp_path / "pingtan.txt"
    bad.write_text(text.replace("21317000001324019", "21317000001324018"), encoding="utf-8")
    from gongkai.readers import read_report
    found = audit(read_report(bad))
    assert [f for f in found if f.severity == "error"] == []
    (p01,) = [f for f in found if f.code == "P01" and "21317000001324018" in f.message]
    assert "不含空白单元格的拆分都不符合勾稽关系" in p01.message and "含空白单元格的读法符合" in p01.message
    assert [f.severity for f in found if f.code == "C08"] == ["warning"]


def test_no_fit_with_spaces_may_be_a_blank_cell_so_it_stays_a_p01_warning():
    rep = build_report()
    rep.notes.append(ReadingNote("P01", "", Location("x.txt", 9), {
        "table": "三", "row_label": "二、上年结转政府信息公开申请数量", "raw": "34  0  0  0  0  34", "no_fit": True,
        "candidates": [], "count": 0}))
    assert run_rule("P10", rep) == []
    (f,) = run_rule("P01", rep)
    assert f.severity == "warning" and "很可能有单元格空白" in f.message


def test_a_glued_run_too_long_for_its_row_is_an_error_p10(tmp_path, corpus):
    # 平潭 2024's row 一 of table 三 ("21710000218") replaced by 200 digits: too many splits to enumerate, but
    # the other rows bound every cell of the row, and 200 digits cannot fit: an 错误, not "无法判断"
    import time
    text = corpus("real/2024_pingtan-zhqsyq.txt").read_text(encoding="utf-8")
    row = "一、本年新收政府信息公开申请数量21710000218"
    assert text.count(row) == 1
    bad = tmp_path / "pingtan.txt"
    bad.write_text(text.replace(row, row[:-11] + "1234567890" * 20), encoding="utf-8")
    from gongkai.readers import read_report
    t = time.monotonic()
    findings = audit(read_report(bad))
    assert time.monotonic() - t < 20
    p10 = [f for f in findings if f.code == "P10"]
    assert len(p10) == 1 and p10[0].severity == "error"
    assert "共 200 位数字" in p10[0].message and "最多只能有" in p10[0].message
    assert "1234567890123456789012345678901234567890" in p10[0].message
    assert not [f for f in findings if f.code == "P01" and "过多" in f.message]
