"""A PDF's words with their boxes as poppler prints them — ``pdftotext -tsv`` and ``pdftotext -bbox-layout``
(issue 11, tester 8's class 5: "看起来不是年度报告" and C03/C08 errors): read as the PDF reader reads the PDF's words.

The PDF is made in the test (a random consistent report, office_helpers, written by gongkai's DOCX writer and
printed by LibreOffice); the expected cells are the values the report was made from.
"""

from __future__ import annotations

import random
import shutil
import subprocess

import pytest
from office_helpers import consistent_values, report_from_values

from gongkai.audit import audit
from gongkai.readers import ReadError, read_report
from gongkai.writers.pdf import write_pdf

needs_tools = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                 reason="LibreOffice 或 poppler-utils（pdftotext）未安装")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("boxes")
    values = consistent_values(random.Random(11), 80)
    rep = report_from_values(values, title="测试市测试局2024年政府信息公开工作年度报告")
    pdf = write_pdf(rep, tmp / "r.pdf")
    subprocess.run(["pdftotext", "-tsv", str(pdf), str(tmp / "r_tsv.txt")], check=True, timeout=60)
    subprocess.run(["pdftotext", "-bbox-layout", str(pdf), str(tmp / "r_bbox.html")], check=True, timeout=60)
    return tmp, values


@needs_tools
@pytest.mark.parametrize("name", ["r_tsv.txt", "r_bbox.html"])
def test_word_boxes_of_a_pdf_are_read_as_the_pdf(printed, name):
    tmp, values = printed
    rep = read_report(tmp / name)
    assert rep.year == 2024
    read = 0
    for (t, r, c), v in values.items():
        cell = rep.cell(t, r, c)
        assert cell.kind != "number" or cell.value == v, (t, r, c, cell)  # never a wrong number
        read += cell.kind == "number"
    # (pdftotext may print a number as two words — "7981 9.82" — which is left unread, never joined by guess)
    assert read >= 0.95 * len(values), (read, len(values))
    assert not [f for f in audit(rep) if f.severity == "error" and f.code[0] in "CPRN" and f.code != "C01"]


def test_a_broken_word_table_is_a_clear_error(tmp_path):
    head = "level\tpage_num\tpar_num\tblock_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    bad = tmp_path / "坏.txt"
    bad.write_text(head + "5\t1\t0\t0\t0\t0\tnan\t1\t2\t3\t100\t规章\n", encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read_report(bad)
    assert "第2行" in str(err.value) and "-tsv" in str(err.value)
    empty = tmp_path / "空.txt"
    empty.write_text(head, encoding="utf-8")
    with pytest.raises(ReadError):
        read_report(empty)
