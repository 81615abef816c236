"""A ledger as a new user brings it: a header of two rows (merged cells), blank rows, a damaged or disguised
workbook, a date that does not exist.  Each is read, or refused in Chinese saying what and where — never
openpyxl's English ("File is not a zip file"), never a bare example date that reads like a correction."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from hypothesis import given, settings, strategies as st
from openpyxl import Workbook

from gongkai.casework.errors import LedgerImportError
from gongkai.casework.ledger import import_ledger, parse_date

from .test_ledger import GOOD, HEADER, write_xlsx

D = dt.date


def _two_row_header(path):
    """The header of GOOD with 申请人/申请人类型 under a merged 「申请人信息」 and every other name merged down."""
    wb = Workbook()
    ws = wb.active
    ws.append(["2024年依申请公开工作台账"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    i, j = HEADER.index("申请人姓名或名称"), HEADER.index("申请人类型")
    top = [None if k in (i, j) else h for k, h in enumerate(HEADER)]
    top[i] = "申请人信息"
    sub = [HEADER[k] if k in (i, j) else None for k in range(len(HEADER))]
    ws.append(top)
    ws.append(sub)
    ws.merge_cells(start_row=2, start_column=i + 1, end_row=2, end_column=j + 1)
    for k in range(len(HEADER)):
        if k not in (i, j):
            ws.merge_cells(start_row=2, start_column=k + 1, end_row=3, end_column=k + 1)
    ws.append([])
    for r in GOOD:
        ws.append(r)
        ws.append([None] * len(HEADER))  # a blank row after each
    wb.save(path)
    return path


def test_a_header_of_two_rows_with_merged_cells_and_blank_rows_is_read(tmp_path):
    reqs = import_ledger(_two_row_header(tmp_path / "两行表头.xlsx"), "某局")
    by = {r.id: r for r in reqs}
    assert len(reqs) == 5
    assert by["2024-002"].applicant_type == "commercial_enterprise" and by["2024-002"].closed_on == D(2024, 3, 25)


def test_the_sub_header_where_the_names_are_below_the_row_with_more_of_them(tmp_path):
    """The row naming more columns is the header; the row above gives the names it lacks (merged down)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["登记编号", "申请人信息", None, None, "收到申请日期", "答复日期", None])
    ws.append([None, "申请人", "申请人类型", "申请方式", None, None, "办理结果"])
    ws.append(["A1", "张三", "自然人", "网络", "2024-03-04", "2024-03-20", "予以公开"])
    wb.save(tmp_path / "l.xlsx")
    (r,) = import_ledger(tmp_path / "l.xlsx", "某局")
    assert (r.id, r.received_on, r.disposition) == ("A1", D(2024, 3, 4), "granted")


def test_a_data_row_is_never_taken_for_a_header_row(tmp_path):
    """The row under the header holds dates: it is data even where the header has a blank cell."""
    header = list(HEADER)
    header[HEADER.index("经办人")] = None
    rows = [list(GOOD[0])]
    rows[0][HEADER.index("经办人")] = "申请人"  # a value that is also a column name
    (r,) = import_ledger(write_xlsx(tmp_path / "l.xlsx", rows, header), "某局")
    assert r.id == "2024-001" and r.requester.name == "张三"


def _zip(members: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("data,says", [
    (b"", "文件是空的"),
    (b"\x00\x01junk" * 100, "不是有效的 XLSX 文件"),
    (b"%PDF-1.7\n", "看起来是 PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "旧版 Excel（.xls）"),
    ("TRUNCATED", "压缩包已损坏或不完整"),
    (_zip({"a.txt": "x"}), "缺少 [Content_Types].xml"),
    (_zip({"[Content_Types].xml": "<Types/>"}), "不是有效的 XLSX 工作簿"),
])
def test_a_damaged_or_disguised_workbook_is_refused_in_chinese(tmp_path, data, says):
    path = tmp_path / "台账.xlsx"
    if data == "TRUNCATED":
        write_xlsx(path, GOOD)
        data = path.read_bytes()[:3000]
    path.write_bytes(data)
    with pytest.raises(LedgerImportError) as e:
        import_ledger(path, "某局")
    text = str(e.value)
    assert says in text and "台账.xlsx" in text
    assert "zip file" not in text and "workbook part" not in text and "Error" not in text


def test_a_zip_bomb_workbook_is_refused_before_openpyxl_opens_it(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (301 * 1024 * 1024))
    path = tmp_path / "炸弹.xlsx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(LedgerImportError, match="疑似压缩炸弹"):
        import_ledger(path, "某局")


@pytest.mark.parametrize("value,says", [
    ("2024-02-30", "日期「2024-02-30」不存在：2024 年 2 月只有 29 天"),
    ("2023-02-29", "2023 年 2 月只有 28 天"),
    ("2024-13-05", "不存在：没有 13 月"),
    ("2024年4月31日", "2024 年 4 月只有 30 天"),
    ("2024-03-00", "日从 1 开始"),
    ("3月5日", "无法识别的日期「3月5日」，请写成 YYYY-MM-DD 格式（例如 2024-03-04）"),
])
def test_a_bad_date_says_why(value, says):
    with pytest.raises(ValueError) as e:
        parse_date(value)
    assert says in str(e.value)


@settings(max_examples=200, deadline=None)
@given(st.integers(2008, 2099), st.integers(0, 14), st.integers(0, 33))
def test_a_date_is_read_exactly_when_it_exists(y, m, d):
    text = f"{y}-{m:02d}-{d:02d}"
    try:
        expected = dt.date(y, m, d)
    except ValueError:
        with pytest.raises(ValueError, match="不存在"):
            parse_date(text)
    else:
        assert parse_date(text) == expected == parse_date(f"{y}年{m}月{d}日")


@pytest.mark.parametrize("sep,encoding,suffix", [("\t", "utf-8", ".txt"), (";", "utf-8-sig", ".csv"),
                                                 ("\t", "utf-16", ".txt"), (",", "gb18030", ".csv")])
def test_a_text_ledger_saved_with_tabs_semicolons_or_as_unicode_text_is_read(tmp_path, sep, encoding, suffix):
    """Excel's 「文本文件（制表符分隔）」, 「Unicode 文本」 (UTF-16) and a semicolon CSV were refused as missing every
    column; a comma inside a cell (申请内容 "a;b,c") does not decide the separator."""
    import csv
    rows = [list(r) for r in GOOD]
    rows[0][HEADER.index("申请内容")] = "规划;附图，共3张"
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\n")
    w.writerow(HEADER)
    w.writerows(rows)
    path = tmp_path / f"台账{suffix}"
    path.write_bytes(buf.getvalue().encode(encoding))
    reqs = import_ledger(path, "某局")
    assert [r.id for r in reqs] == [r[1] for r in GOOD]
    assert reqs[0].description == "规划;附图，共3张"


def test_the_ledger_command_says_when_no_request_belongs_to_the_year(tmp_path, capsys):
    """--year 2023 for a ledger of 2024: a table of zeros, said so (a wrong year, not a quiet year)."""
    from gongkai.cli import main
    path = write_xlsx(tmp_path / "台账.xlsx", GOOD)
    assert main(["ledger", str(path), "--agency", "某局", "--year", "2023", "-o", str(tmp_path / "t.json")]) == 0
    err = capsys.readouterr().err
    assert "都与 2023 年无关" in err and "2024-03-04 至 2024-12-30" in err
    assert main(["ledger", str(path), "--agency", "某局", "--year", "2024", "-o", str(tmp_path / "t.json")]) == 0
    assert "无关" not in capsys.readouterr().err
