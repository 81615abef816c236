"""Ledger import (XLSX/CSV): clerks' column names, row-by-row errors, nothing imported half-way."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from gongkai.casework.counting import annual_report
from gongkai.casework.errors import LedgerImportError
from gongkai.casework.ledger import import_ledger

from .relations import violations

D = dt.date
HEADER = ["序号", "登记编号", "申请人姓名或名称", "申请人类型", "证件号码", "联系电话", "申请内容", "获取方式", "申请方式",
          "收到申请日期", "答复日期", "办理结果", "经办人", "备注"]
GOOD = [
    [1, "2024-001", "张三", "自然人", "1101", "138", "某项目批复", "电子邮件", "网络", "2024-03-04", "2024-03-20", "予以公开", "李四", ""],
    [2, "2024-002", "某某科技有限公司", "商业企业", "9111", "010", "中标结果", "邮寄", "邮寄", "2024/3/5", "2024年3月25日",
     "（二）部分公开", "李四", ""],
    [3, "2024-003", "王五", "自然人", "", "", "规划附图", "", "当面", "2024.12.30", "", "", "", "结转"],
    [4, "2024-004", "赵六", "自然人", "1102", "139", "预算", "自行领取", "网络", "2024-04-01", "2024-04-03", "撤回", "", ""],
    [5, "2024-005", "某律师事务所", "法律服务机构", "9112", "021", "处罚决定", "电子邮件", "传真", "2024-05-06", "2024-06-20",
     "逾期不补正", "", ""],
]


def write_csv(path, rows, header=HEADER, encoding="utf-8-sig"):
    import csv
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def write_xlsx(path, rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_ledger_with_clerks_column_names_imports_every_row(tmp_path, writer):
    path = writer(tmp_path / ("l.csv" if writer is write_csv else "l.xlsx"), GOOD)
    reqs = import_ledger(path, "某局")
    by = {r.id: r for r in reqs}
    assert len(reqs) == 5
    assert by["2024-001"].disposition == "granted" and by["2024-001"].closed_on == D(2024, 3, 20)
    assert by["2024-002"].disposition == "partially_granted" and by["2024-002"].applicant_type == "commercial_enterprise"
    assert by["2024-002"].received_on == D(2024, 3, 5) and by["2024-002"].closed_on == D(2024, 3, 25)
    assert by["2024-003"].is_open and by["2024-003"].channel == "in_person"
    assert by["2024-004"].state == "withdrawn" and by["2024-004"].disposition == "other_other"
    assert by["2024-005"].disposition == "other_correction_not_supplied"
    rep = annual_report(reqs, "某局", 2024, reviews=[])
    assert violations(rep) == [] and rep.value("三", "carried_forward", "total") == 1


def test_xlsx_date_cells_are_read(tmp_path):
    rows = [list(GOOD[0])]
    rows[0][9], rows[0][10] = dt.datetime(2024, 3, 4), dt.datetime(2024, 3, 20)
    assert import_ledger(write_xlsx(tmp_path / "d.xlsx", rows), "某局")[0].received_on == D(2024, 3, 4)


def test_gb18030_csv_from_excel_is_read(tmp_path):
    assert len(import_ledger(write_csv(tmp_path / "g.csv", GOOD, encoding="gb18030"), "某局")) == 5


def test_errors_are_reported_row_by_row_and_nothing_is_imported(tmp_path):
    bad = [list(r) for r in GOOD]
    bad[1][9] = "2024-13-05"          # row 3: bad date
    bad[2][3] = "个体户甲"              # row 4: unknown applicant type
    bad[3][1] = "2024-001"            # row 5: duplicate id
    bad[4][11] = "部分不予公开"          # row 6: not a table 三 row
    bad[0][10] = "2024-03-01"         # row 2: reply before receipt
    with pytest.raises(LedgerImportError) as e:
        import_ledger(write_csv(tmp_path / "b.csv", bad), "某局")
    errs = e.value.errors
    assert any(x.startswith("第2行「答复日期」") and "早于" in x for x in errs)
    assert any(x.startswith("第3行「收到申请日期」") and "2024-13-05" in x for x in errs)
    assert any(x.startswith("第4行「申请人类型」") for x in errs)
    assert any(x.startswith("第5行「登记编号」") and "第2行重复" in x for x in errs)
    assert any(x.startswith("第6行「办理结果」") for x in errs)
    assert "未导入任何记录" in str(e.value)


def test_missing_required_column_is_named(tmp_path):
    header = [h for h in HEADER if h != "申请方式"]
    rows = [[v for h, v in zip(HEADER, r) if h != "申请方式"] for r in GOOD]
    with pytest.raises(LedgerImportError, match="缺少「申请方式」列"):
        import_ledger(write_csv(tmp_path / "m.csv", rows, header), "某局")


def test_result_without_date_and_date_without_result(tmp_path):
    bad = [list(GOOD[0]), list(GOOD[1])]
    bad[0][10] = ""
    bad[1][11] = ""
    with pytest.raises(LedgerImportError) as e:
        import_ledger(write_csv(tmp_path / "r.csv", bad), "某局")
    assert any("第2行" in x and "答复日期为空" in x for x in e.value.errors)
    assert any("第3行" in x and "办理结果为空" in x for x in e.value.errors)


def test_unsupported_file_type(tmp_path):
    p = tmp_path / "x.ods"
    p.write_bytes(b"")
    with pytest.raises(LedgerImportError, match="不支持的文件类型"):
        import_ledger(p, "某局")


def test_an_id_number_stored_as_a_number_is_refused_not_corrupted(tmp_path):
    rows = [list(GOOD[0])]
    rows[0][4] = 1.101011990030745e+17  # what Excel keeps of an 18-digit number typed into a number cell
    with pytest.raises(LedgerImportError) as exc:
        import_ledger(write_xlsx(tmp_path / "n.xlsx", rows), "某局")
    assert "第2行「证件号码」：是数字格式" in str(exc.value) and "设为“文本”" in str(exc.value)
    rows[0][4] = "110101199003074512"
    rows[0][5] = 13800138000  # an 11-digit phone as a number keeps its digits
    req = import_ledger(write_xlsx(tmp_path / "t.xlsx", rows), "某局")[0]
    assert req.requester.id_document == "110101199003074512" and req.requester.contact == "13800138000"


def test_dates_before_the_regulation_or_after_today_are_refused(tmp_path):
    rows = [list(GOOD[0]), list(GOOD[1])]
    rows[0][9] = "1990-01-01"
    rows[1][9], rows[1][10] = "2030-01-01", "2030-02-01"
    with pytest.raises(LedgerImportError) as exc:
        import_ledger(write_csv(tmp_path / "d.csv", rows), "某局", today=D(2024, 12, 31))
    msg = str(exc.value)
    assert "第2行「收到申请日期」：收到申请日期 1990-01-01 早于《政府信息公开条例》施行" in msg
    assert "第3行「收到申请日期」：收到申请日期 2030-01-01 晚于今天 2024-12-31" in msg


def test_ledger_command_counts_table_three_or_lists_every_bad_row(tmp_path, capsys):
    import json

    from gongkai.cli import main
    from gongkai.readers import read_report
    good = write_xlsx(tmp_path / "台账.xlsx", GOOD)
    out = tmp_path / "表三.json"
    assert main(["ledger", str(good), "--agency", "某局", "--year", "2024", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "共 5 件申请" in said and "本年新收 5 件" in said and "结转下年度 1 件" in said
    rep = read_report(out)  # the same JSON gongkai audit and render read
    assert rep.agency == "某局" and rep.value("三", "partially_granted", "commercial_enterprise") == 1
    assert json.loads(out.read_text(encoding="utf-8"))["schema_version"]
    bad = [list(r) for r in GOOD]
    bad[1][3] = "外星人"
    assert main(["ledger", str(write_csv(tmp_path / "坏.csv", bad)), "--agency", "某局", "--year", "2024"]) == 2
    err = capsys.readouterr().err
    assert "未导入任何记录" in err and "第3行「申请人类型」" in err


def test_a_title_row_above_the_header_and_excel_datetime_text_are_read(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["某局2024年政府信息公开申请办理台账"])  # the title row clerks put above the header
    ws.merge_cells("A1:N1")
    ws.append(HEADER)
    rows = [list(r) for r in GOOD]
    rows[0][9], rows[0][10] = "2024-3-4 00:00:00", "20240320"
    for r in rows:
        ws.append(r)
    wb.save(tmp_path / "t.xlsx")
    reqs = {r.id: r for r in import_ledger(tmp_path / "t.xlsx", "某局")}
    assert len(reqs) == 5 and reqs["2024-001"].received_on == D(2024, 3, 4) and reqs["2024-001"].closed_on == D(2024, 3, 20)
    # errors name the real line of the sheet (title on line 1, header on line 2, first case on line 3)
    rows[1][3] = "外星人"
    wb2 = Workbook()
    wb2.active.append(["台账"])
    wb2.active.append(HEADER)
    for r in rows:
        wb2.active.append(r)
    wb2.save(tmp_path / "e.xlsx")
    with pytest.raises(LedgerImportError, match="第4行「申请人类型」"):
        import_ledger(tmp_path / "e.xlsx", "某局")


def test_ledger_receipt_date_follows_the_channel_under_article_31(tmp_path):
    """第三十一条: with 提交/签收/确认日期 columns the 收到申请之日 is the date the row's channel needs."""
    from gongkai.casework.errors import LedgerImportError
    from gongkai.casework.ledger import import_ledger
    header = ["申请编号", "申请人", "申请人类型", "申请方式", "提交日期", "签收日期", "确认日期"]
    rows = [["A1", "张三", "自然人", "邮寄", "2024-03-01", "2024-03-04", ""],
            ["A2", "李四", "自然人", "当面", "2024-03-05", "", ""],
            ["A3", "王五", "自然人", "网络", "2024-03-05", "", "2024-03-06"]]
    reqs = {r.id: r for r in import_ledger(write_csv(tmp_path / "a.csv", rows, header), "某局")}
    assert (reqs["A1"].received_on, reqs["A2"].received_on, reqs["A3"].received_on) == (
        D(2024, 3, 4), D(2024, 3, 5), D(2024, 3, 6))
    bad = [["B1", "张三", "自然人", "邮寄", "2024-03-01", "", ""]]
    with pytest.raises(LedgerImportError) as e:
        import_ledger(write_csv(tmp_path / "b.csv", bad, header), "某局")
    assert "第2行「申请方式」：邮寄提交的申请，需要签收日期" in "\n".join(e.value.errors)
    both = [["C1", "张三", "自然人", "邮寄", "2024-03-01", "2024-03-04", "", "2024-03-01"]]
    with pytest.raises(LedgerImportError) as e:
        import_ledger(write_csv(tmp_path / "c.csv", both, header + ["收到申请日期"]), "某局")
    assert "收到申请日期 2024-03-01 与按第三十一条" in "\n".join(e.value.errors)


@pytest.mark.parametrize("column", ["机关", "承办机关", "受理机关", "承办单位"])
def test_the_agency_column_under_the_names_ledgers_use_still_imports(tmp_path, column):
    rows = [list(r) + [a] for r, a in zip(GOOD, ["乙局", "乙局", "", "", ""])]
    reqs = {r.id: r for r in import_ledger(write_csv(tmp_path / "a.csv", rows, header=HEADER + [column]), "某局")}
    assert reqs["2024-001"].agency == reqs["2024-002"].agency == "乙局"
    assert {reqs[i].agency for i in ("2024-003", "2024-004", "2024-005")} == {"某局"}  # a blank cell: the given one
    assert annual_report(reqs.values(), "乙局", 2024).value("三", "received", "total") == 2
    assert annual_report(reqs.values(), "某局", 2024).value("三", "received", "total") == 3


def test_ledger_command_still_takes_office_its_old_option_but_does_not_show_it(tmp_path, capsys):
    from gongkai.cli import main
    from gongkai.readers import read_report
    good = write_xlsx(tmp_path / "台账.xlsx", GOOD)
    old, new = tmp_path / "旧.json", tmp_path / "新.json"
    assert main(["ledger", str(good), "--office", "某局", "--year", "2024", "-o", str(old)]) == 0
    assert main(["ledger", str(good), "--agency", "某局", "--year", "2024", "-o", str(new)]) == 0
    assert read_report(old).agency == "某局" and read_report(old).value("三", "received", "total") == 5
    assert old.read_text(encoding="utf-8") == new.read_text(encoding="utf-8")  # the same report
    capsys.readouterr()
    assert main(["ledger", str(good), "--year", "2024"]) == 2
    assert "缺少参数 --agency" in capsys.readouterr().err
    assert main(["ledger", str(good), "--agency", "某局", "--office", "某局", "--year", "2024"]) == 2
    assert "不能与" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["ledger", "--help"])
    shown = capsys.readouterr().out
    assert "--agency" in shown and "--office" not in shown


# a fault of each column the register checks, in HEADER's positions: (column index, bad value, column name said)
_FAULTS = {"date": (9, "2024-13-05", "收到申请日期"), "type": (3, "个体户甲", "申请人类型"),
           "channel": (8, "飞鸽传书", "申请方式"), "name": (2, "", "申请人姓名或名称"),
           "result": (11, "部分不予公开", "办理结果"), "id": (1, "", "登记编号")}


@settings(max_examples=40, deadline=None)
@given(faults=st.sets(st.sampled_from(sorted(_FAULTS)), min_size=1), row=st.integers(0, len(GOOD) - 1))
def test_every_fault_of_a_row_is_said_at_once(tmp_path_factory, faults, row):
    """A clerk mends a ledger from the list of errors: a row with a wrong date, type and channel lists all three,
    not the first one found (the next import would show the next, one at a time)."""
    bad = [list(r) for r in GOOD]
    for fault in faults:
        col, value, _ = _FAULTS[fault]
        bad[row][col] = value
    with pytest.raises(LedgerImportError) as e:
        import_ledger(write_csv(tmp_path_factory.mktemp("f") / "f.csv", bad), "某局")
    said = [x for x in e.value.errors if x.startswith(f"第{row + 2}行")]
    for fault in faults:
        assert any(f"「{_FAULTS[fault][2]}」" in x for x in said), (fault, said)
    assert len(said) == len(set(said))
    assert not [x for x in e.value.errors if not x.startswith(f"第{row + 2}行")]
