"""批量导入单位和账号 (issue 14 item 1): the template, the preview, all-or-nothing creation, every error by
sheet, row and column, hostile files, a second import of the same file, the command line."""

from __future__ import annotations

import base64
import io
import re
import zipfile

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from gongkai.web.accounts import bulk
from gongkai.web.accounts.models import User
from gongkai.web.agencies.models import Agency
from gongkai.web.auditlog.models import AuditEntry

UNIT_HEADER = ["单位名称*", "层级*", "上级单位*", "复议机关", "行政诉讼管辖法院", "政府信息公开工作机构", "受理地址", "联系电话", "受理时间",
               "设立日期"]
ACCOUNT_HEADER = ["账号*", "姓名", "角色", "所属单位", "邮箱"]
GOOD_UNITS = [
    ["丙镇人民政府", "乡镇/街道", "测试县人民政府", "", "测试县人民法院", "丙镇党政办公室", "丙镇1号", "0451-1234567", "工作日"],
    ["丙镇丁村委会", "部门", "丙镇人民政府", "", "", "", "", "", ""],  # a parent that is in the file, listed after
    ["测试县教育局", "部门", "测试县人民政府", "测试县人民政府", "", "", "", "", ""],
]
GOOD_ACCOUNTS = [
    ["bing_clerk", "丙经办", "", "丙镇人民政府", "bing@example.gov.cn"],
    ["bing_head", "丙主任", "未授权", "丙镇人民政府", ""],
    ["edu_audit", "教审计", "审计管理员", "测试县教育局", ""],
    ["007", "零零七", "", "测试县人民政府", ""],  # an account name of digits keeps its zeros (text cell)
]


def workbook(units=None, accounts=None, *, unit_header=UNIT_HEADER, account_header=ACCOUNT_HEADER) -> bytes:
    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in (("单位", unit_header, units), ("账号", account_header, accounts)):
        if rows is None:
            continue
        ws = wb.create_sheet(title)
        ws.append(header)
        for r in rows:
            ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client, data: bytes, name="导入.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile
    return client.post("/accounts/admin/import/", {"step": "preview", "sheet": SimpleUploadedFile(name, data)})


def errors_of(response) -> list[str]:
    html = response.content.decode()
    block = re.search(r'id="import-errors">(.*?)</div>', html, re.S)
    return [re.sub(r"<[^>]+>", "", li).replace("&quot;", '"') for li in re.findall(r"<li>(.*?)</li>", block.group(1))] if block else []


def counts():
    return Agency.objects.count(), User.objects.count()


def test_the_template_has_the_two_sheets_with_the_forms_fields(world, login):
    from openpyxl import load_workbook
    r = login(world.sysadmin).get("/accounts/admin/import/template/")
    assert r.status_code == 200 and "filename*=UTF-8''" in r["Content-Disposition"]
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["说明", "单位", "账号"]
    assert [c.value for c in wb["单位"][1]] == UNIT_HEADER
    assert [c.value for c in wb["账号"][1]] == ACCOUNT_HEADER
    assert "三员分立" in "".join(str(c.value) for c in wb["说明"]["A"])
    # read back as an (empty) import: the headers are what the reader expects
    with pytest.raises(bulk.BulkImportError, match="都没有数据行"):
        bulk.read_workbook(r.content, "模板.xlsx")


def test_a_good_sheet_is_previewed_then_created_in_one_go(world, login):
    c = login(world.sysadmin)
    before = counts()
    r = upload(c, workbook(GOOD_UNITS, GOOD_ACCOUNTS))
    html = r.content.decode()
    assert r.status_code == 200 and 'id="import-preview"' in html and "将建立 3 个单位、4 个账号" in html
    assert counts() == before  # the preview creates nothing
    r = c.post("/accounts/admin/import/", {"step": "confirm"})
    html = r.content.decode()
    assert "已从「导入.xlsx」建立 3 个单位、4 个账号" in html
    assert counts() == (before[0] + 3, before[1] + 4)
    bing = Agency.objects.get(name="丙镇人民政府")
    assert bing.parent == world.county and bing.kind == "township" and bing.court == "测试县人民法院"
    assert bing.remedy_review_body == "测试县人民政府"  # left empty: suggested by level, as the single form
    assert Agency.objects.get(name="丙镇丁村委会").parent == bing
    clerk = User.objects.get(username="bing_clerk")
    assert (clerk.role, clerk.agency, clerk.email, clerk.must_change_password) == ("none", bing, "bing@example.gov.cn", True)
    assert User.objects.get(username="edu_audit").role == "auditor"
    assert User.objects.filter(username="007").exists()
    # the passwords: on the page once, and as the download (a data: link — the server keeps none of them)
    shown = dict(re.findall(r"<tr><td>([^<]+)</td><td>[^<]*</td><td>[^<]*</td><td>[^<]*</td><td><code>([^<]+)</code>", html))
    assert set(shown) == {"bing_clerk", "bing_head", "edu_audit", "007"}
    href = re.search(r'id="download-passwords" href="data:[^;]+;base64,([^"]+)"', html).group(1)
    from openpyxl import load_workbook
    sheet = load_workbook(io.BytesIO(base64.b64decode(href)))["初始密码"]
    rows = {row[0]: row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows == shown
    # each password passes the platform's rules, and the user must change it at first login
    from django.contrib.auth.password_validation import validate_password
    for name, pw in shown.items():
        validate_password(pw, User.objects.get(username=name))
    newcomer = Client()
    assert newcomer.post("/accounts/login/", {"username": "bing_clerk", "password": shown["bing_clerk"]}).status_code == 302
    assert newcomer.get("/").url.startswith("/accounts/password/")
    # audit: each unit and account as by hand, and the import itself
    assert AuditEntry.objects.filter(action="agency_create").count() == 3
    assert AuditEntry.objects.filter(action="user_create").count() == 4
    entry = AuditEntry.objects.get(action="accounts_import")
    assert entry.actor == "sysadmin" and entry.new["units"] == 3 and entry.new["accounts"] == 4
    # confirming again creates nothing more
    again = c.post("/accounts/admin/import/", {"step": "confirm"})
    assert "没有待确认的导入" in again.content.decode() and counts() == (before[0] + 3, before[1] + 4)


def test_the_same_file_twice_creates_nothing_the_second_time(world, login):
    c = login(world.sysadmin)
    data = workbook(GOOD_UNITS, GOOD_ACCOUNTS)
    upload(c, data)
    c.post("/accounts/admin/import/", {"step": "confirm"})
    after = counts()
    errs = errors_of(upload(c, data))
    assert counts() == after
    assert len(errs) == 3 + 4  # every unit and every account is already there
    assert "「单位」表第2行A列「单位名称」：平台中已有名为「丙镇人民政府」的单位，不能重复建立。" in errs
    assert "「账号」表第5行A列「账号」：平台中已有账号「007」，不能重复建立。" in errs


def test_a_change_between_preview_and_confirmation_is_caught(world, login):
    c = login(world.sysadmin)
    upload(c, workbook(GOOD_UNITS, GOOD_ACCOUNTS))
    Agency.objects.create(name="测试县教育局", kind="department", parent=world.county)  # another administrator, meanwhile
    before = counts()
    r = c.post("/accounts/admin/import/", {"step": "confirm"})
    assert errors_of(r) == ["「单位」表第4行A列「单位名称」：平台中已有名为「测试县教育局」的单位，不能重复建立。"]
    assert counts() == before


# every error class: (units, accounts, the message expected), nothing created
BAD = {
    "missing required": ([["", "部门", "测试县人民政府"]], None, "「单位」表第2行A列「单位名称」：必须填写。"),
    "duplicate in file": ([GOOD_UNITS[2], GOOD_UNITS[2]], None, "「单位」表第3行A列「单位名称」：「测试县教育局」在本表第2行已经出现。"),
    "duplicate in database": ([["甲镇人民政府", "乡镇", "测试县人民政府"]], None, "平台中已有名为「甲镇人民政府」的单位"),
    "unknown parent": ([["戊局", "部门", "测试县人民政"]], None,
                       "「单位」表第2行C列「上级单位」：平台中和「单位」表中都没有名为「测试县人民政」的单位（须与单位名称完全一致）。"),
    "parent outside the administrator's county": ([["戊局", "部门", "别县人民政府"]], None, "没有名为「别县人民政府」的单位"),
    "own parent": ([["戊局", "部门", "戊局"]], None, "上级单位不能是本单位"),
    "loop": ([["戊局", "部门", "己局"], ["己局", "部门", "戊局"]], None, "互为上下级（循环）"),
    "unknown level": ([["戊局", "科室", "测试县人民政府"]], None, "「单位」表第2行B列「层级」：不认识的层级「科室」"),
    "too long": ([["戊" * 201, "部门", "测试县人民政府"]], None, "最多 200 个字，现为 201 个字"),
    "unknown role": (None, [["wu", "", "管理员", "", ""]], "「账号」表第2行C列「角色」：不认识的角色「管理员」"),
    "business role": (None, [["wu", "", "经办人", "甲镇人民政府", ""]], "三员分立，系统管理员不能授予业务角色「经办人」"),
    "unknown unit": (None, [["wu", "", "", "庚镇", ""]], "「账号」表第2行D列「所属单位」：平台中和「单位」表中都没有名为「庚镇」的单位"),
    "bad e-mail": (None, [["wu", "", "", "", "wu@@example"]], "「账号」表第2行E列「邮箱」：「wu@@example」不是有效的电子邮箱地址。"),
    "bad account name": (None, [["wu li", "", "", "", ""]], "「wu li」不能作账号"),
    "duplicate account in file": (None, [["wu", "", "", "", ""], ["wu", "", "", "", ""]], "「wu」在本表第2行已经出现"),
    "duplicate account in database": (None, [["clerk_a", "", "", "", ""]], "平台中已有账号「clerk_a」"),
    "missing account name": (None, [["", "无名", "", "", ""]], "「账号」表第2行A列「账号」：必须填写。"),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_each_error_is_named_by_sheet_row_and_column_and_nothing_is_created(world, login, case):
    units, accounts, expected = BAD[case]
    # a good row beside the bad one: it is not created either
    units = None if units is None else [*([*u, *[""] * (9 - len(u))] for u in units), GOOD_UNITS[0]]
    accounts = None if accounts is None else [*accounts, GOOD_ACCOUNTS[3]]
    before = counts()
    r = upload(login(world.sysadmin), workbook(units, accounts))
    errs = errors_of(r)
    assert any(expected in e for e in errs), errs
    assert 'id="import-preview"' not in r.content.decode() and counts() == before


def test_all_errors_are_listed_at_once(world, login):
    units = [["", "部门", "测试县人民政府"], ["戊局", "科室", "无此单位"]]
    accounts = [["wu", "", "经办人", "庚镇", "x@"], ["clerk_a", "", "", "", ""]]
    errs = errors_of(upload(login(world.sysadmin), workbook([[*u, *[""] * 6] for u in units], accounts)))
    assert len(errs) == 7, errs


def test_columns_are_checked_by_name(world, login):
    c = login(world.sysadmin)
    errs = errors_of(upload(c, workbook(None, [["wu", "x"]], account_header=["账号", "备注"])))
    assert errs == ["「账号」表第1行B列：不认识的列名「备注」（可用的列：账号、姓名、角色、所属单位、邮箱）。请使用下载的模板。"]
    errs = errors_of(upload(c, workbook([["戊局", "部门"]], None, unit_header=["单位名称", "层级"])))
    assert errs == ["「单位」表第1行：缺少必填的列「上级单位」。"]
    errs = errors_of(upload(c, workbook(None, [["wu", "", "", "", "", "多余"]])))
    assert errs == ["「账号」表第2行F列：这些列没有列名，内容无法对应，请删除或补上列名。"]
    # aliases and a title row are not needed; header variants are
    data = workbook(None, [["wu", "吴"]], account_header=["用户名（必填）", "姓名"])
    assert "将建立 0 个单位、1 个账号" in upload(c, data).content.decode()


def test_only_the_system_administrator_imports(world, client):
    for who in (world.clerk_a, world.secadmin, world.auditor, world.supervisor):
        client.force_login(who)
        assert client.get("/accounts/admin/import/").status_code == 403
        assert client.get("/accounts/admin/import/template/").status_code == 403
        assert upload(client, workbook(GOOD_UNITS, None)).status_code == 403
    client.logout()
    assert client.get("/accounts/admin/import/").status_code == 302  # to the login page


# ------------------------------------------------------------------ hostile and broken files
def _zip(parts: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return out.getvalue()


def test_hostile_and_broken_files_get_a_chinese_message(world, login, tmp_path, monkeypatch):
    from gongkai.readers import ooxml
    from tests.hostile import xlsx_merged_whole_sheet
    monkeypatch.setattr(ooxml, "MAX_UNCOMPRESSED", 4 * 1024 * 1024)  # the readers' cap, scaled down for speed
    c = login(world.sysadmin)
    good = workbook(GOOD_UNITS, GOOD_ACCOUNTS)
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    entity = dict(parts)
    sheet = parts["xl/worksheets/sheet1.xml"]
    entity["xl/worksheets/sheet1.xml"] = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
                                          + (sheet.split(b"?>", 1)[1] if sheet.startswith(b"<?xml") else sheet))
    bomb = {"[Content_Types].xml": parts["[Content_Types].xml"], "xl/big.xml": b"<a>" + b" " * (5 * 1024 * 1024) + b"</a>"}
    cases = {
        "empty": (b"", "文件是空的"),
        "pdf": (b"%PDF-1.4 x", "看起来是 PDF"),
        "old excel": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "是旧版 Excel（.xls）或 WPS 表格文件"),
        "text": ("单位名称,层级\n".encode(), "不是有效的 XLSX 文件"),
        "truncated": (good[: len(good) // 2], "压缩包已损坏或不完整"),
        "entity": (_zip(entity), "DOCTYPE/ENTITY"),
        "zip bomb": (_zip(bomb), "疑似压缩炸弹"),
        "no workbook": (_zip({"[Content_Types].xml": parts["[Content_Types].xml"]}), "无法作为 XLSX 读取"),
        "merged whole sheet": (xlsx_merged_whole_sheet(tmp_path).read_bytes(), "没有名为「单位」或「账号」的工作表"),
    }
    before = counts()
    for name, (data, expected) in cases.items():
        r = upload(c, data)
        assert r.status_code == 200, name
        errs = errors_of(r)
        assert len(errs) == 1 and expected in errs[0], (name, errs)
    assert counts() == before


def test_too_many_rows_are_refused(world, login, monkeypatch):
    monkeypatch.setattr(bulk, "MAX_ROWS", 5)
    c = login(world.sysadmin)
    accounts = [[f"u{i}", "", "", "", ""] for i in range(6)]
    assert errors_of(upload(c, workbook(None, accounts))) == ["「账号」表的数据超过 5 行，请分成几个文件导入。"]
    monkeypatch.setattr(bulk, "MAX_SCANNED_ROWS", 50)
    from openpyxl import Workbook
    wb = Workbook()
    wb.active.title = "账号"
    wb.active.append(ACCOUNT_HEADER)
    wb.active["A1000"] = "far"  # blank rows in between are scanned, not kept
    out = io.BytesIO()
    wb.save(out)
    assert "超过 50 行" in errors_of(upload(c, out.getvalue()))[0]


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.text(max_size=12), min_size=9, max_size=9), max_size=6),
       st.lists(st.lists(st.text(max_size=12), min_size=5, max_size=5), max_size=6))
def test_any_cells_give_a_plan_or_chinese_errors(world, units, accounts):
    """Whatever the cells hold, the check gives a plan or a list of errors that each name their sheet
    and row — never another exception."""
    rows = {"单位": [bulk.Row("单位", i + 2, dict(zip([k for k, *_ in bulk.UNIT_COLUMNS], u)),
                              {k: chr(65 + j) for j, (k, *_) in enumerate(bulk.UNIT_COLUMNS)}) for i, u in enumerate(units)],
            "账号": [bulk.Row("账号", i + 2, dict(zip([k for k, *_ in bulk.ACCOUNT_COLUMNS], a)),
                              {k: chr(65 + j) for j, (k, *_) in enumerate(bulk.ACCOUNT_COLUMNS)}) for i, a in enumerate(accounts)]}
    try:
        plan = bulk.check(rows, world.sysadmin)
    except bulk.BulkImportError as e:
        assert e.errors and all(re.match(r"「(单位|账号)」表第\d+行", m) for m in e.errors)
    else:
        assert len(plan.units) == len(units) and len(plan.accounts) == len(accounts)


# ------------------------------------------------------------------ the command line
def test_command_line_dry_run_then_import(world, tmp_path, capsys):
    from gongkai.cli import main
    path = tmp_path / "全县.xlsx"
    path.write_bytes(workbook(GOOD_UNITS, GOOD_ACCOUNTS))
    before = counts()
    assert main(["accounts", "import", str(path), "--dry-run", "--admin", "sysadmin"]) == 0
    out = capsys.readouterr().out
    assert "核对通过（未导入）：全县.xlsx 将建立 3 个单位、4 个账号" in out and counts() == before
    assert main(["accounts", "import", str(path)]) == 0
    out = capsys.readouterr().out
    passwords = tmp_path / "全县-初始密码.xlsx"
    assert "已导入 3 个单位、4 个账号" in out and str(passwords) in out
    assert passwords.stat().st_mode & 0o077 == 0
    from openpyxl import load_workbook
    rows = list(load_workbook(passwords)["初始密码"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[0] for r in rows) == ["007", "bing_clerk", "bing_head", "edu_audit"]
    assert counts() == (before[0] + 3, before[1] + 4)
    assert "命令行" in AuditEntry.objects.get(action="accounts_import").new["by"]
    # again: every row is a duplicate; nothing is created and no password file is left behind
    assert main(["accounts", "import", str(path), "--passwords", str(tmp_path / "second.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "没有导入（共 7 处错误）" in err and "平台中已有账号「bing_clerk」" in err
    assert not (tmp_path / "second.xlsx").exists() and counts() == (before[0] + 3, before[1] + 4)
    # an existing password file is never replaced, and then nothing is imported
    other = tmp_path / "其他.xlsx"
    other.write_bytes(workbook(None, [["xin", "", "", "", ""]]))
    (tmp_path / "其他-初始密码.xlsx").write_bytes(b"earlier")
    assert main(["accounts", "import", str(other)]) == 2
    assert "已存在，未导入" in capsys.readouterr().err and not User.objects.filter(username="xin").exists()


def test_command_line_template_and_bad_arguments(world, tmp_path, capsys):
    from gongkai.cli import main
    out = tmp_path / "模板.xlsx"
    assert main(["accounts", "template", "-o", str(out)]) == 0
    with pytest.raises(bulk.BulkImportError, match="都没有数据行"):
        bulk.read_workbook(out.read_bytes())
    assert main(["accounts", "template", "-o", str(out)]) == 2 and "已存在" in capsys.readouterr().err
    assert main(["accounts", "import", str(tmp_path / "无此文件.xlsx")]) == 2
    assert "无法打开文件" in capsys.readouterr().err
    assert main(["accounts", "import", str(out), "--admin", "clerk_a"]) == 2
    assert "没有名为「clerk_a」的系统管理员账户" in capsys.readouterr().err


def test_a_generated_password_is_hashed_lightly_and_rehashed_fully_at_first_login(world, settings):
    """The generated password (≈ 80 random bits) is stored with fewer PBKDF2 rounds so a county's sheet takes
    seconds; the first login re-hashes it with Django's full rounds (and the user must change it anyway)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    rows = bulk.read_workbook(workbook(None, [GOOD_ACCOUNTS[3]]))
    (user, password), = bulk.apply(rows, world.sysadmin, source="t.xlsx").accounts
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    assert user.password.split("$")[1] == str(bulk.GENERATED_PASSWORD_ROUNDS)
    assert Client().post("/accounts/login/", {"username": user.username, "password": password}).status_code == 302
    user.refresh_from_db()
    assert user.password.split("$")[1] == str(PBKDF2PasswordHasher.iterations)


def test_the_preview_shows_the_review_body_an_empty_cell_will_get(world, login):
    units = [["丙镇丁站", "部门", "丙镇人民政府", *[""] * 6], GOOD_UNITS[0]]
    html = upload(login(world.sysadmin), workbook(units, None)).content.decode()
    # 丁站 → 丙镇 (a township, in the file) → 测试县人民政府 (a county, in the platform)
    assert html.count("测试县人民政府<span class=\"muted\">（按层级推定）</span>") == 2
    # … and the units are created with it stored, exactly as the preview showed it (a letter names the body)
    c = login(world.sysadmin)
    upload(c, workbook([["测试县某某局", "部门", "测试县人民政府", *[""] * 6], *units], None))
    c.post("/accounts/admin/import/", {"step": "confirm"})
    assert {a.name: a.review_body for a in Agency.objects.filter(name__in=["丙镇丁站", "丙镇人民政府", "测试县某某局"])} \
        == {"丙镇丁站": "测试县人民政府", "丙镇人民政府": "测试县人民政府", "测试县某某局": "测试县人民政府"}


def test_control_characters_are_reported_before_any_database_look_up(world):
    """(openpyxl refuses to write them, but a cell could arrive escaped; PostgreSQL refuses NUL in a query.)"""
    rows = {"账号": [bulk.Row("账号", 2, {"username": "wu\x00", "agency": "甲\x00镇"}, {"username": "A", "agency": "D"})]}
    with pytest.raises(bulk.BulkImportError) as e:
        bulk.check(rows, world.sysadmin)
    assert e.value.errors[:2] == ["「账号」表第2行A列「账号」：含有不可见的控制字符，请重新输入该格。",
                                  "「账号」表第2行D列「所属单位」：含有不可见的控制字符，请重新输入该格。"]


def test_the_established_date_is_read_in_the_ways_clerks_write_it(world, login):
    """SUPV-FIX item 2: 设立日期 decides from which year a unit owes a report (coverage), so the sheet takes it —
    typed as 2024-03-01, 2024/3/1, 2024年3月1日, or an Excel date cell (a date, or the serial number a cell
    that lost its date format shows)."""
    import datetime as dt
    units = [["甲街道", "乡镇/街道", "测试县人民政府", "", "", "", "", "", "", "2024-03-01"],
             ["乙街道", "乡镇/街道", "测试县人民政府", "", "", "", "", "", "", "2024/3/1"],
             ["丙街道", "乡镇/街道", "测试县人民政府", "", "", "", "", "", "", "２０２４年３月１日"],
             ["丁街道", "乡镇/街道", "测试县人民政府", "", "", "", "", "", "", dt.datetime(2024, 3, 1)],
             ["戊街道", "乡镇/街道", "测试县人民政府", "", "", "", "", "", "", 45352],  # Excel's serial of 2024-03-01
             ["己街道", "乡镇/街道", "测试县人民政府", "", "", "", "", "", "", ""]]  # left empty: unknown
    client = login(world.sysadmin)
    page = upload(client, workbook(units=units)).content.decode()
    assert errors_of(upload(client, workbook(units=units))) == []
    assert page.count("<td>2024-03-01</td>") == 5
    client.post("/accounts/admin/import/", {"step": "confirm"})
    got = dict(Agency.objects.filter(name__endswith="街道").values_list("name", "established_on"))
    assert got == {"甲街道": dt.date(2024, 3, 1), "乙街道": dt.date(2024, 3, 1), "丙街道": dt.date(2024, 3, 1),
                   "丁街道": dt.date(2024, 3, 1), "戊街道": dt.date(2024, 3, 1), "己街道": None}
    # coverage: set up in March 2024, it owes no report for 2023 and one for 2024
    jia = Agency.objects.get(name="甲街道")
    assert not jia.owes_report(2023) and jia.owes_report(2024) and jia.not_owed_reason(2023) == "该年度尚未设立"
    entry = AuditEntry.objects.filter(action="agency_create", target_label="甲街道").get()
    assert entry.new["established_on"] == "2024-03-01"


def test_a_wrong_established_date_is_said_with_its_row_and_column(world, login):
    units = [["甲街道", "乡镇/街道", "测试县人民政府", "", "", "", "", "", "", "2024-02-30"],
             ["乙街道", "乡镇/街道", "测试县人民政府", "", "", "", "", "", "", "去年三月"],
             ["丙街道", "乡镇/街道", "测试县人民政府", "", "", "", "", "", "", "2999-01-01"]]
    before = counts()
    errors = errors_of(upload(login(world.sysadmin), workbook(units=units)))
    assert errors[0] == "「单位」表第2行J列「设立日期」：「2024-02-30」不是存在的日期（2024年没有2月30日）。"
    assert errors[1] == ("「单位」表第3行J列「设立日期」：「去年三月」不是日期，请写作 2024-03-01、2024/3/1 或 2024年3月1日"
                         "（也可以是 Excel 的日期单元格）。")
    assert errors[2].startswith("「单位」表第4行J列「设立日期」：2999-01-01 晚于今天")
    assert counts() == before  # nothing created


def test_the_template_keeps_dates_as_dates(world):
    from openpyxl import load_workbook
    ws = load_workbook(io.BytesIO(bulk.template_bytes()))["单位"]
    assert ws["J1"].value == "设立日期" and ws["J2"].number_format == "yyyy-mm-dd" and ws["A2"].number_format == "@"
