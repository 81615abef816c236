"""XLSX cells holding a formula saved without its result (a workbook written by a program that does not compute
formulas, as openpyxl itself): read as “公式未计算”, said once by a reading note (P13), never a blank (C04) nor a
printed mistake (C05)."""

from __future__ import annotations

import pytest

import random

import openpyxl
from office_helpers import consistent_values, report_from_values

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers import read_report
from gongkai.report import FORMULA_NOT_COMPUTED
from gongkai.writers import write_xlsx

T3 = FORMAT_2021.table("三")


def test_formulas_without_results_are_unread_with_one_note(tmp_path):
    rep = report_from_values(consistent_values(random.Random(21), 60),
                             title="测试市测试局2024年政府信息公开工作年度报告")
    path = write_xlsx(rep, tmp_path / "年报.xlsx")
    wb = openpyxl.load_workbook(path)
    # the 总计 column of table 三's first row as a formula over the row's other cells
    received = rep.value("三", "received", "total")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            if row and isinstance(row[0].value, str) and row[0].value.startswith("一、本年新收"):
                values = [c for c in row if isinstance(c.value, (int, float))]
                assert values[-1].value == received
                values[-1].value = f"=SUM({values[0].coordinate}:{values[-2].coordinate})"
                break
    wb.save(path)  # openpyxl saves the formula without a result
    got = read_report(path)
    cell = got.cells[("三", "received", "total")]
    assert (cell.kind, cell.raw) == ("unreadable", FORMULA_NOT_COMPUTED)
    assert got.value("三", "received", "natural_person") == rep.value("三", "received", "natural_person")
    findings = audit(got)
    p13 = [f for f in findings if f.code == "P13"]
    assert len(p13) == 1 and p13[0].severity == "warning" and "1 个单元格" in p13[0].message
    assert not [f for f in findings if f.code in ("C04", "C05")]
    assert not [f for f in findings if f.severity == "error"]


def test_a_workbook_without_formulas_gets_no_formula_note(tmp_path):
    rep = report_from_values(consistent_values(random.Random(22), 60),
                             title="测试市测试局2024年政府信息公开工作年度报告")
    path = write_xlsx(rep, tmp_path / "年报.xlsx")
    got = read_report(path)
    assert not [n for n in got.notes if n.code == "P13"]
    for r, c in T3.cells():
        assert got.value("三", r.id, c.id) == rep.value("三", r.id, c.id)


def test_a_frames_index_column_written_by_pandas_is_not_part_of_the_table():
    """pandas ``to_excel`` writes the frame's index (0, 1, 2 … under an empty corner) before the label column."""
    import io

    from openpyxl import Workbook

    from gongkai.readers.base import RowBlock
    from gongkai.readers.xlsx import read_xlsx
    wb = Workbook()
    ws = wb.active
    for row in (["", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], [0, "规章", 0, 0, 2],
                [1, "行政规范性文件", 7, 3, 41]):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    rows = [[c.text for c in b.cells] for b in read_xlsx(out.getvalue(), "frame.xlsx").blocks if isinstance(b, RowBlock)]
    assert rows == [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "0", "0", "2"],
                    ["行政规范性文件", "7", "3", "41"]]


@pytest.mark.parametrize("names", [("表二", "表三", "表四"), ("表二 主动公开", "表三（依申请）", "表四")])
def test_table_sheets_named_after_the_formats_tables_follow_their_sections(names):
    """A workbook with the whole text on one sheet (sections 一 to 六) and each table on a sheet named "表二",
    "表三", "表四": each table is read in its own section, not all of them in 六 (P09, C02)."""
    import io
    import random

    from office_helpers import consistent_values, report_from_values
    from openpyxl import Workbook

    from gongkai.audit import audit
    from gongkai.format import FORMAT_2021
    from gongkai.readers.mapping import map_document
    from gongkai.readers.xlsx import read_xlsx

    rep = report_from_values(consistent_values(random.Random(4), 60))
    wb = Workbook()
    text = wb.active
    text.title = "正文"
    text.append(["测试市测试局2024年政府信息公开工作年度报告"])
    for s in FORMAT_2021.sections:
        text.append([s.title])
        text.append(["本年度按要求开展工作。"])
    for name, table in zip(names, FORMAT_2021.tables):
        ws = wb.create_sheet(name)
        if table.number == "四":
            ws.append(["行政复议"] + [None] * 4 + ["行政诉讼"] + [None] * 9)
            ws.append(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉"] + [None] * 4
                      + ["复议后起诉"] + [None] * 4)
            ws.append([None] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)
            ws.append([rep.cells[("四", r.id, c.id)].value for r in table.rows for c in table.columns_of(r)])
            continue
        ws.append(["项目"] + [c.label for c in table.columns])
        for r in table.printed_rows:
            ws.append([r.label] + [rep.cells[(table.number, r.id, c.id)].value if (table.number, r.id, c.id) in rep.cells
                                   else None for c in table.columns])
    out = io.BytesIO()
    wb.save(out)
    got = map_document(read_xlsx(out.getvalue(), "sheets.xlsx"))
    codes = {f.code for f in audit(got)}
    assert not codes & {"C02", "P09", "P08"}, codes
    assert got.cells[("三", "received", "total")].value == rep.cells[("三", "received", "total")].value
    assert got.cells[("四", "cases", "lawsuit_direct_total")].value == rep.cells[("四", "cases", "lawsuit_direct_total")].value
