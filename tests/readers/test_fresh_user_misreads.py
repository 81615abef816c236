"""Misreadings a fresh user found on layouts the project had not met (issue 11, tester 3): each class rebuilt
here from a consistent report of our own, read back cell for cell."""

from __future__ import annotations

import random

import openpyxl
import pytest
from office_helpers import consistent_values, report_from_values

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers import read_report
from gongkai.writers import write_xlsx

T4 = FORMAT_2021.table("四")


def _report(seed: int, high: int = 60):
    return report_from_values(consistent_values(random.Random(seed), high),
                              title="测试市测试局2024年政府信息公开工作年度报告")


@pytest.mark.parametrize("sheet_name", ["四、行政复议、行政诉讼", "四、行政复议、行政诉讼情况"])
def test_a_table_sheet_named_with_a_shortened_title_after_the_narrative_is_its_own_table(tmp_path, sheet_name):
    """Table sheets after a text sheet that prints only the narrative's sections (一、五、六): the 表四 sheet named
    "四、行政复议、行政诉讼" is table 四's section, its data row is not a row of 表三 with an empty label (P07)."""
    rep = _report(31)
    path = write_xlsx(rep, tmp_path / "年报.xlsx")
    wb = openpyxl.load_workbook(path)
    text = wb["正文"]
    for r in range(text.max_row, 0, -1):  # the text sheet prints no table section's title
        if str(text.cell(r, 1).value or "")[:2] in ("二、", "三、", "四、"):
            text.delete_rows(r)
    wb["四、政府信息公开行政复议、行政诉讼情况"].title = sheet_name
    wb.save(path)
    got = read_report(path)
    for r, c in T4.cells():
        assert got.value("四", r.id, c.id) == rep.value("四", r.id, c.id), (r.id, c.id)
    findings = audit(got)
    assert not [f for f in findings if f.code == "P07"], [f.message for f in findings if f.code == "P07"]
    assert not [f for f in findings if f.severity == "error"], [f.message for f in findings if f.severity == "error"]
    f03 = [f for f in findings if f.code == "F03" and "第四部分" in f.message]
    assert len(f03) == 1 and sheet_name in f03[0].message
