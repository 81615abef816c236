"""The XLSX writer of the exports (gongkai.web.spreadsheet, issue 16): every value reads back as what was
written — text as text (never a formula), numbers as numbers, dates as dates — whatever characters the text
holds; Excel's limits give a Chinese error or a cut that says so."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from gongkai.errors import GongkaiError
from gongkai.web.spreadsheet import CUT_NOTE, MAX_CELL_TEXT, XlsxBook, xlsx_bytes

# text with what XML cannot carry (C0 controls, CR, U+FFFE/U+FFFF), what looks like an OOXML escape, markup,
# formula starts and CJK
_SPECIAL = st.sampled_from(["\x00", "\x01", "\x0b", "\r", "\n", "\t", "\ufffe", "\uffff", "_x0041_", "_x005F_",
                            "&", "<", ">", '"', "'", "=", "+", "-", "@", "中", " ", "_x", "]]>"])
TEXT = st.lists(st.one_of(_SPECIAL, st.text(max_size=5)), max_size=8).map("".join)
VALUE = st.one_of(st.none(), TEXT, st.integers(min_value=-2**53, max_value=2**53), st.booleans(),
                  st.floats(allow_nan=False, allow_infinity=False, width=64),
                  st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
                  st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31))
                  .map(lambda d: d.replace(microsecond=0)))


def _read(data: bytes):
    return [[c.value for c in row] for row in load_workbook(io.BytesIO(data)).active.iter_rows()]


def _expected(v):
    if v is None or v == "":
        return None
    if type(v) is dt.date:
        return dt.datetime(v.year, v.month, v.day)
    return v


@hsettings(max_examples=150, deadline=None)
@given(st.lists(st.lists(VALUE, min_size=1, max_size=6), min_size=1, max_size=6))
def test_every_value_reads_back_as_written(rows):
    width = max(len(r) for r in rows)
    header = [f"列{i}" for i in range(width)]
    got = _read(xlsx_bytes("表", header, rows))
    assert got[0] == header
    for want, row in zip(rows, got[1:]):
        row = row + [None] * (len(want) - len(row))
        for v, cell in zip(want, row):
            if isinstance(cell, str):
                cell = unescape(cell)  # OOXML's _xHHHH_, which Excel and LibreOffice decode themselves
            assert cell == _expected(v), (v, cell)


def test_text_is_never_a_formula_and_odd_values_are_kept_as_text():
    wb = load_workbook(io.BytesIO(xlsx_bytes("表", ["a", "b", "c", "d", "e", "f"], [
        ["=1+1", "@SUM(A1)", float("nan"), Decimal("2.50"), dt.date(1899, 12, 1), 0]])))
    row = list(wb.active.iter_rows())[1]
    assert [c.data_type for c in row] == ["s", "s", "s", "n", "s", "n"]
    # a NaN no spreadsheet stores, a date before Excel's true serials: text; a zero is a zero, not a blank
    assert [c.value for c in row] == ["=1+1", "@SUM(A1)", "nan", 2.5, "1899-12-01", 0]


def test_an_aware_datetime_is_written_in_the_platforms_time_zone(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    at = dt.datetime(2025, 3, 1, 1, 30, tzinfo=dt.timezone.utc)
    assert _read(xlsx_bytes("表", ["t"], [[at]]))[1] == [dt.datetime(2025, 3, 1, 9, 30)]


def test_text_longer_than_a_cell_holds_is_cut_with_a_note():
    value = _read(xlsx_bytes("表", ["a"], [["字" * (MAX_CELL_TEXT + 10)]]))[1][0]
    assert len(value) == MAX_CELL_TEXT and value.endswith(CUT_NOTE)


def test_too_many_columns_is_a_chinese_error_and_sheet_names_follow_excels_rules():
    with pytest.raises(GongkaiError, match="列数上限"):
        xlsx_bytes("表", ["a"], [[1] * 16_385])
    book = XlsxBook()
    for title in ("a/b:c", "A/B:C", "x" * 40, ""):
        book.add_sheet(title).append([title])
    names = load_workbook(io.BytesIO(book.to_bytes())).sheetnames
    assert names == ["a_b_c", "A_B_C(2)", "x" * 31, "Sheet"]


def test_several_sheets_written_in_turn_keep_their_own_rows():
    book = XlsxBook()
    one, two = book.add_sheet("一"), book.add_sheet("二")
    for i in range(2500):  # more than one buffered chunk each, appended alternately
        one.append([i])
        two.append([-i, "x"])
    wb = load_workbook(io.BytesIO(book.to_bytes()), read_only=True)
    assert [r[0] for r in wb["一"].iter_rows(values_only=True)] == list(range(2500))
    assert [r[0] for r in wb["二"].iter_rows(values_only=True)] == [-i for i in range(2500)]
    assert zipfile.ZipFile(io.BytesIO(book.to_bytes())).testzip() is None


def test_libreoffice_reads_the_file_with_the_characters_restored(tmp_path):
    """LibreOffice (when installed with Calc) opens the workbook: text stays text, an escaped control character
    and a literal "_x0041_" come back as written, dates are dates."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("soffice 未安装")
    src = tmp_path / "t.xlsx"
    src.write_bytes(xlsx_bytes("办件清单", ["a", "b", "c", "d", "e"],
                               [["=1+1", "甲\x01乙", "_x0041_", dt.date(2024, 3, 1), 7]]))
    try:
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                        "csv:Text - txt - csv (StarCalc):44,34,76", str(src), "--outdir", str(tmp_path)],
                       capture_output=True, timeout=180, check=False)
    except subprocess.TimeoutExpired:
        pytest.skip("soffice 超时")
    out = tmp_path / "t.csv"
    if not out.exists():
        pytest.skip("soffice 无法转换 xlsx（未安装 Calc？）")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "a,b,c,d,e"
    cells = lines[1].split(",")
    assert cells[0] == "=1+1" and cells[1].strip('"') == "甲\x01乙" and cells[2] == "_x0041_"
    assert cells[3] in ("2024-03-01", "03/01/24", "2024/3/1") and cells[4] == "7"
