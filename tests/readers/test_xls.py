"""Excel 97-2003 workbooks (.xls, BIFF8 in an OLE2 compound file; issue 11, tester 8's class 7): read through
LibreOffice Calc (converted to .xlsx) — never called a damaged Word document — and, where they cannot be
converted, refused with a message that says what the file is and what to do.

The workbook is made in the test: a random consistent report (office_helpers) written as .xlsx by gongkai's
own writer and saved by LibreOffice as .xls; the expected cells are the values the report was made from.
"""

from __future__ import annotations

import random
import shutil

import pytest
from office_helpers import consistent_values, report_from_values

from gongkai.readers import ReadError, legacy, read_report
from gongkai.writers import write_xlsx
from gongkai.writers.pdf import convert_with_soffice

needs_calc = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")


def _saved_by_calc(tmp_path, fmt="xls", seed=3):
    """A random consistent report written as .xlsx by gongkai and saved by LibreOffice Calc as ``fmt``."""
    values = consistent_values(random.Random(seed), 60)
    rep = report_from_values(values, title="测试市测试局2024年政府信息公开工作年度报告")
    write_xlsx(rep, tmp_path / "source.xlsx")
    (tmp_path / "out").mkdir(exist_ok=True)
    try:
        saved = convert_with_soffice(tmp_path / "source.xlsx", fmt, tmp_path / "out")
    except Exception as exc:  # LibreOffice without Calc: nothing to test the conversion with
        pytest.skip(f"LibreOffice 不能保存 .{fmt}：{exc}")
    return saved, values


def _assert_read_as(path, values):
    rep = read_report(path)
    assert rep.year == 2024
    for (t, r, c), v in values.items():
        cell = rep.cell(t, r, c)
        assert (cell.kind, cell.value) == ("number", v), (t, r, c, cell)


@needs_calc
@pytest.mark.parametrize("name", ["年报.xls", "年报.doc"])
def test_an_xls_workbook_is_read_like_the_xlsx_it_was_saved_from(tmp_path, name):
    xls, values = _saved_by_calc(tmp_path)
    data = xls.read_bytes()
    assert data.startswith(legacy.OLE2_MAGIC) and legacy.is_workbook(data)
    path = tmp_path / name
    path.write_bytes(data)
    _assert_read_as(path, values)


def test_without_libreoffice_an_xls_is_refused_as_an_excel_workbook(tmp_path, monkeypatch):
    # an OLE2 header (MS-CFB: version 3, 512-byte sectors) and a directory entry named "Workbook"
    header = bytearray(512)
    header[:8] = legacy.OLE2_MAGIC
    header[26:28] = (3).to_bytes(2, "little")
    header[28:30] = (0xFFFE).to_bytes(2, "little")
    header[30:32] = (9).to_bytes(2, "little")
    header[32:34] = (6).to_bytes(2, "little")
    data = bytes(header) + "Workbook\0".encode("utf-16-le") + bytes(200)
    monkeypatch.setattr(legacy, "soffice_path", lambda: None)
    for name in ("表.xls", "表.doc"):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(ReadError) as err:
            read_report(path)
        msg = str(err.value)
        assert "Excel 97-2003（.xls）工作簿" in msg and "另存为 .xlsx" in msg and "Word" not in msg, msg
    # a broken header is said as such, still naming the workbook
    broken = bytearray(data)
    broken[28:30] = b"\0\0"
    (tmp_path / "坏.xls").write_bytes(bytes(broken))
    with pytest.raises(ReadError) as err:
        read_report(tmp_path / "坏.xls")
    assert ".xls" in str(err.value) and "已损坏" in str(err.value)


@needs_calc
@pytest.mark.parametrize("name", ["年报.ods", "年报.xlsx"])
def test_an_opendocument_spreadsheet_is_read_like_the_xlsx_it_was_saved_from(tmp_path, name):
    """An .ods (LibreOffice Calc, WPS 表格) is converted by Calc and read as its .xlsx — by what the ZIP holds,
    whatever its name."""
    ods, values = _saved_by_calc(tmp_path, "ods", seed=5)
    path = tmp_path / name
    path.write_bytes(ods.read_bytes())
    _assert_read_as(path, values)


def test_without_libreoffice_an_ods_is_refused_with_what_to_do(tmp_path, monkeypatch):
    import zipfile
    ods = tmp_path / "表.ods"
    with zipfile.ZipFile(ods, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    monkeypatch.setattr(legacy, "soffice_path", lambda: None)
    with pytest.raises(ReadError, match="OpenDocument 电子表格（.ods）.*需要 LibreOffice.*另存为 .xlsx"):
        read_report(ods)
