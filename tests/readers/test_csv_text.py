"""A report's tables saved as CSV — a .csv file, or CSV lines in a .txt (a spreadsheet exported, a PDF's tables
extracted by pdfplumber with a wrapped label cell quoted over two lines) (issue 11, tester 8's class 5: 2 % read):
each line a row of cells, an empty field an empty cell.  The CSV is written here from a random consistent report
(office_helpers, written as .xlsx by gongkai's writer, its sheet rows saved with Python's csv module); the expected
cells are the values the report was made from.
"""

from __future__ import annotations

import csv
import io
import random

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from office_helpers import consistent_values, report_from_values

from gongkai.readers import read_report
from gongkai.writers import write_xlsx


def csv_text(tmp_path, seed: int, wrap: bool) -> tuple[str, dict]:
    values = consistent_values(random.Random(seed), 3000)
    rep = report_from_values(values, title="测试市测试局2024年政府信息公开工作年度报告")
    write_xlsx(rep, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx", data_only=True)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells = ["" if v is None else f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v)
                     for v in row]
            if wrap:  # a long label wrapped in its cell, as pdfplumber's extract_tables gives it
                cells = [c[:6] + "\n" + c[6:] if len(c) > 12 and not c[:1].isdigit() else c for c in cells]
            if any(cells):
                w.writerow(cells)
    return out.getvalue(), values


@settings(max_examples=4, deadline=None)
@given(seed=st.integers(0, 10_000), wrap=st.booleans(), suffix=st.sampled_from([".csv", ".txt"]))
def test_a_report_saved_as_csv_is_read_cell_for_cell(tmp_path_factory, seed, wrap, suffix):
    tmp = tmp_path_factory.mktemp("csv")
    text, values = csv_text(tmp, seed, wrap)
    path = tmp / f"r{suffix}"
    path.write_text(text, encoding="utf-8")
    rep = read_report(path)
    for (t, r, c), v in values.items():
        cell = rep.cell(t, r, c)
        assert (cell.kind, cell.value) == ("number", v), (t, r, c, cell)


@pytest.mark.parametrize("line", ["本局2024年共受理申请12件, 办结10件, 结转2件。", "a, b"])
def test_prose_with_ascii_commas_is_no_table(tmp_path, line):
    from gongkai.readers.text import read_text
    raw = read_text("\n".join(["某局2024年政府信息公开工作年度报告", "一、总体情况", line] * 4), "r.txt")
    assert not [b for b in raw.blocks if hasattr(b, "cells")]
