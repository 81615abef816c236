"""The `gongkai` command as a reviewer uses it: exit codes, Chinese messages, JSON and CSV shapes."""

from __future__ import annotations

import csv
import io
import json

import pytest

from gongkai.cli import main, sample_path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ----------------------------------------------------------------------------- the seed (done-when)
def test_seed_audit_reports_the_contradiction_the_blank_review_cells_and_the_bracket_style(capsys, corpus):
    code, out, err = run(capsys, "audit", str(corpus("seed/2023_hulin_abei_xiang.txt")), "--format", "json")
    data = json.loads(out)
    findings = data["findings"]
    codes = {f["code"] for f in findings}
    # 1 vs 0: the text says one application, table 三 says none — both places quoted
    contradiction = [f for f in findings if f["code"].startswith("N")
                     and any(e.get("text", "").startswith("2023年度阿北乡发生依申请公开情况1件") for e in f["evidence"])]
    assert contradiction, codes
    cells = [e for e in contradiction[0]["evidence"] if e["kind"] == "cell"]
    assert {"table": "三", "row": "一、本年新收政府信息公开申请数量", "column": "总计", "value": "0"}.items() <= \
        cells[0].items()
    # the five blank 行政复议 cells
    blanks = [e for f in findings for e in f["evidence"] if e["kind"] == "cell" and e["table"] == "四"
              and e["value"] == ""]
    assert {e["column"] for e in blanks} == {"行政复议/结果维持", "行政复议/结果纠正", "行政复议/其他结果",
                                             "行政复议/尚未审结", "行政复议/总计"}
    # 【2020】 instead of 〔2020〕
    assert any("【2020】" in f["message"] for f in findings)
    # its sums add up: no arithmetic finding, and no error at all
    assert not [f for f in findings if f["code"].startswith(("R3", "R4"))]
    # the only 错误 is the narrative contradiction (whole agency and year, no reading of table 三 fits): exit 1
    assert data["summary"]["error"] == 1 and contradiction[0]["severity"] == "error" and code == 1


def test_sample_report_has_errors_and_exits_1(capsys):
    code, out, _ = run(capsys, "audit", "--sample")
    assert code == 1
    assert "错误" in out and "R302" in out


def test_audit_json_findings_have_the_documented_fields(capsys):
    code, out, _ = run(capsys, "audit", "--sample", "--format", "json")
    data = json.loads(out)
    assert data["schema_version"] == "1.6"
    for f in data["findings"]:
        assert f["severity"] in ("error", "warning", "notice")
        assert f["code"] and f["message"]
        for e in f["evidence"]:
            if e["kind"] == "cell":
                assert e["table"] in ("二", "三", "四") and {"row", "column", "value"} <= e.keys()
            else:
                assert e["section"] in ("", "一", "二", "三", "四", "五", "六") and e["text"]


# ----------------------------------------------------------------------------- extract
def test_extract_csv_one_line_per_cell(capsys, corpus):
    code, out, _ = run(capsys, "extract", str(corpus("real/2024_huaian-shi.txt")), "--to", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0].keys()) == ["table", "row", "column", "value", "location"]
    assert len(rows) == 10 + 175 + 15
    got = {(r["table"], r["row"], r["column"]): r["value"] for r in rows}
    assert got[("三", "一、本年新收政府信息公开申请数量", "总计")] == "3119"
    assert got[("四", "", "行政诉讼/复议后起诉/总计")] == "20"
    assert got[("二", "行政许可", "本年处理决定数量")] == "447228"


def test_extract_json_round_trips_through_the_report_model(capsys, corpus, tmp_path):
    code, out, _ = run(capsys, "extract", str(corpus("seed/2023_hulin_abei_xiang.txt")))
    path = tmp_path / "seed.json"
    path.write_text(out, encoding="utf-8")
    code2, out2, _ = run(capsys, "extract", str(path))
    assert json.loads(out2)["tables"] == json.loads(out)["tables"]


# ----------------------------------------------------------------------------- bad input
def test_missing_file_is_a_chinese_message_not_a_traceback(capsys, tmp_path):
    code, out, err = run(capsys, "audit", str(tmp_path / "没有这个文件.txt"))
    assert code == 2 and "找不到文件" in err and "Traceback" not in err


def test_binary_file_is_reported_as_unreadable(capsys, tmp_path):
    bad = tmp_path / "坏文件.txt"
    bad.write_bytes(b"\x00\x01\x02garbage\xff" * 50)
    code, out, err = run(capsys, "audit", str(bad))
    assert code == 2 and "无法读取" in out and "坏文件.txt" in out


def test_empty_file_is_reported(capsys, tmp_path):
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    code, out, err = run(capsys, "audit", str(empty), "--format", "json")
    data = json.loads(out)
    assert code == 2 and data["reports"][0]["read_error"]


def test_a_report_without_tables_says_so_and_invents_no_numbers(capsys, tmp_path):
    doc = tmp_path / "只有正文.txt"
    doc.write_text("某某局2024年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开信息20条。\n"
                   "六、其他需要报告的事项\n无。\n", encoding="utf-8")
    code, out, _ = run(capsys, "audit", str(doc), "--format", "json")
    data = json.loads(out)
    missing = [f for f in data["findings"] if f["severity"] == "error" and "表三" in f["message"]]
    assert missing and code == 1
    code, out, _ = run(capsys, "extract", str(doc), "--to", "csv")
    values = [r["value"] for r in csv.DictReader(io.StringIO(out))]
    assert set(values) == {""}


def test_gbk_text_file_is_decoded(capsys, tmp_path):
    doc = tmp_path / "gbk.txt"
    doc.write_bytes("某县2024年政府信息公开工作年度报告\n一、总体情况\n全年收到申请0件。\n".encode("gbk"))
    code, out, _ = run(capsys, "extract", str(doc))
    assert json.loads(out)["year"] == 2024


def test_a_folder_is_audited_file_by_file_with_a_summary(capsys, tmp_path):
    (tmp_path / "a.txt").write_text(sample_path().read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.md").write_text("# 空报告\n", encoding="utf-8")
    (tmp_path / "skipped.bin").write_bytes(b"x")
    code, out, _ = run(capsys, "audit", str(tmp_path), "--format", "json")
    data = json.loads(out)
    by_name = {r["source"].rsplit("/", 1)[-1]: r for r in data["reports"]}
    # a file of a type no reader takes is listed as skipped with its reason, never silently absent (issue 11)
    assert sorted(by_name) == ["a.txt", "b.md", "skipped.bin"]
    assert by_name["skipped.bin"]["skipped"] and ".bin" in by_name["skipped.bin"]["read_error"]
    assert by_name["a.txt"]["read_error"] is None


def test_wrong_arguments_are_explained_in_chinese(capsys):
    code, out, err = run(capsys, "audit", "--format", "yaml")
    assert code == 2 and "命令行参数有误" in err


# ----------------------------------------------------------------------------- rules
def test_rules_page_documents_every_registered_rule(capsys):
    from gongkai.audit.registry import all_rules
    code, out, _ = run(capsys, "rules")
    assert code == 0
    for r in all_rules():
        assert r.code in out


@pytest.mark.parametrize("code", ["R301", "N01"])
def test_rules_code_prints_one_rule(capsys, code):
    rc, out, _ = run(capsys, "rules", "--code", code)
    assert rc == 0 and code in out


@pytest.mark.parametrize("old,new", [("R3-1", "R301"), ("R4-4", "R404"), ("X-1", "X01"), ("x-2", "X02")])
def test_rules_code_redirects_an_old_code_with_a_notice(capsys, old, new):
    rc, out, err = run(capsys, "rules", "--code", old)
    assert rc == 0 and out.startswith(f"## {new} ")
    assert f"已改为 {new}" in err


def test_reading_that_takes_too_long_is_stopped_with_a_chinese_message():
    import time

    from gongkai.readers import ReadError, time_limit
    with pytest.raises(ReadError) as exc:
        with time_limit("慢.pdf", seconds=0.2):
            time.sleep(2)
    assert "读取超时" in exc.value.message and exc.value.source == "慢.pdf"


def test_a_project_readme_is_not_taken_for_a_report(capsys):
    from conftest import ROOT
    code, out, _ = run(capsys, "audit", str(ROOT / "README.md"), "--format", "json")
    assert code == 2 and "不是政府信息公开工作年度报告" in json.loads(out)["reports"][0]["read_error"]


def test_json_that_is_not_a_report_is_skipped_in_a_folder_run(capsys, tmp_path):
    (tmp_path / "a.txt").write_text(sample_path().read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "list.json").write_text("[]", encoding="utf-8")
    (tmp_path / "deep.json").write_text("[" * 100000, encoding="utf-8")
    code, out, _ = run(capsys, "audit", str(tmp_path), "--format", "json")
    reports = {r["source"].rsplit("/", 1)[-1]: r for r in json.loads(out)["reports"]}
    assert reports["list.json"].get("skipped") and "嵌套层次过深" in reports["deep.json"]["read_error"]


def test_render_refuses_cells_whose_number_is_unknown_unless_forced(capsys, corpus, tmp_path):
    code, out, _ = run(capsys, "extract", str(corpus("real/2024_pingtan-zhqsyq.txt")))
    report = tmp_path / "p.json"
    report.write_text(out, encoding="utf-8")
    code, out, err = run(capsys, "render", str(report), "--to", "md", "-o", str(tmp_path / "p.md"))
    assert code == 1 and "表二「行政规范性文件」" in err and not (tmp_path / "p.md").exists()
    code, out, err = run(capsys, "render", str(report), "--to", "md", "-o", str(tmp_path / "p.md"), "--force")
    assert code == 0 and "6233440" not in (tmp_path / "p.md").read_text(encoding="utf-8")


def test_audit_csv_has_one_line_per_evidence_for_batch_statistics(capsys, corpus, tmp_path):
    (tmp_path / "a.txt").write_text(sample_path().read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.md").write_text("# 空\n", encoding="utf-8")
    code, out, _ = run(capsys, "audit", str(corpus("seed/2023_hulin_abei_xiang.txt")), str(tmp_path),
                       "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0].keys())[:6] == ["source", "agency", "year", "code", "severity", "message"]
    seed = [r for r in rows if r["source"].endswith("2023_hulin_abei_xiang.txt")]
    assert {"table": "三", "row": "一、本年新收政府信息公开申请数量", "column": "总计", "value": "0"}.items() <= \
        next(r for r in seed if r["code"] == "N01" and r["table"]).items()
    assert [r["severity"] for r in rows if r["source"].endswith("b.md")] == ["skipped"]
    assert any(r["code"] == "R302" and r["agency"] == "示例县清河镇人民政府" for r in rows)


def test_parallel_audit_gives_the_same_results_in_the_same_order(capsys, corpus):
    folder = str(corpus("real"))
    code1, out1, _ = run(capsys, "audit", folder, "--format", "json")
    code2, out2, _ = run(capsys, "audit", folder, "--format", "json", "--jobs", "2")
    assert code1 == code2 and json.loads(out1) == json.loads(out2)


# ----------------------------------------------------------------------------- outputs that would destroy input
def test_output_naming_the_input_is_refused_and_the_report_kept(capsys, tmp_path):
    report = tmp_path / "报告.txt"
    text = sample_path().read_text(encoding="utf-8")
    report.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "extract", str(report), "--to", "json", "-o", str(report))
    assert code == 2 and "就是输入文件" in err and "Traceback" not in err
    code, _, err = run(capsys, "audit", str(report), "--format", "csv", "-o", str(report))
    assert code == 2 and "就是输入文件" in err
    assert report.read_text(encoding="utf-8") == text
    js = tmp_path / "r.json"
    assert run(capsys, "extract", str(report), "--to", "json", "-o", str(js))[0] == 0
    before = js.read_bytes()
    code, _, err = run(capsys, "render", str(js), "--to", "md", "-o", str(js), "--force")
    assert code == 2 and "就是输入文件" in err and js.read_bytes() == before


def test_output_into_a_missing_folder_is_a_clear_error(capsys, tmp_path):
    code, _, err = run(capsys, "extract", str(sample_path()), "--to", "csv", "-o", str(tmp_path / "无" / "x.csv"))
    assert code == 2 and "无法写入" in err and "所在文件夹不存在" in err and "内部错误" not in err


def test_folder_holding_no_report_is_not_a_clean_result(capsys, tmp_path):
    (tmp_path / "说明.md").write_text("# 说明\n\n这里只有说明文字。\n", encoding="utf-8")
    (tmp_path / "data.txt").write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    code, out, err = run(capsys, "audit", str(tmp_path))
    assert code == 2 and "没有读到任何报告" in err


@pytest.mark.parametrize("argv, said", [
    (["audit", "--sample", "-j", "-1"], "进程数不能为负数"),
    (["audit", "--sample", "-j", "x"], "“x”不是整数"),
    (["fee", "--per-request", "--per-page"], "参数 --per-page 不能与 --per-request 同用"),
    (["fee"], "须给出 --per-request 或 --per-page 或 --monthly 之一"),
])
def test_argument_mistakes_are_said_in_chinese(capsys, argv, said):
    code, out, err = run(capsys, *argv)
    assert code == 2 and said in err


def test_json_entries_of_unread_files_have_the_same_keys(capsys, tmp_path):
    bad = tmp_path / "坏.pdf"
    bad.write_bytes(b"not a pdf")
    code, out, _ = run(capsys, "audit", str(sample_path()), str(bad), "--format", "json")
    reports = json.loads(out)["reports"]
    assert code == 2 and len(reports) == 2 and reports[0].keys() == reports[1].keys()
    unread = next(r for r in reports if r["read_error"])
    assert unread["summary"] == {"error": 0, "warning": 0, "notice": 0} and unread["year"] is None


def test_starting_the_command_loads_no_sub_command_implementation():
    """Cold start (issue #16): every sub-command is registered, but building the parser imports neither the
    casework calendar, Django, the writers nor openpyxl/python-docx — those load inside their handlers."""
    import subprocess
    import sys as _sys
    code = ("import sys, gongkai.cli as c; p = c.build_parser(); "
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'openpyxl', 'docx', 'rich') "
            "or m.startswith(('gongkai.casework.calendar', 'gongkai.casework.model', 'gongkai.writers', "
            "'gongkai.web', 'gongkai.audit'))); "
            "cmds = sorted(p._subparsers._group_actions[0].choices); print(heavy, cmds)")
    out = subprocess.run([_sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.startswith("[] "), out
    for cmd in ("audit", "extract", "rules", "render", "deadline", "fee", "ledger", "calendar", "serve", "backup"):
        assert f"'{cmd}'" in out


def test_auditing_a_text_report_imports_neither_typing_nor_the_glued_run_search():
    """Cold start (issue #16): `gongkai audit sample.txt` in a new process does not import typing (~5 ms CPU:
    annotation-only aliases are under TYPE_CHECKING) nor readers.split (the sample prints no glued run)."""
    import subprocess
    import sys as _sys
    code = ("import io, contextlib, sys; from gongkai.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(['audit', sys.argv[1]])\n"
            "print(sorted(m for m in sys.modules if m in ('typing', 'gongkai.readers.split')))")
    out = subprocess.run([_sys.executable, "-c", code, str(sample_path())], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    assert out.strip() == "[]", out


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_output_about_a_huge_glued_row_stays_proportional_to_the_document(capsys, corpus, tmp_path, fmt):
    # 平潭 2024 with row 一 of table 三 printed as a 1 MB digit run: the run is quoted shortened in messages and
    # on the terminal (first 40 and last 10 characters, with its length), and in full at most once (the
    # evidence value) in JSON and CSV: never several copies of the document
    text = corpus("real/2024_pingtan-zhqsyq.txt").read_text(encoding="utf-8")
    row = "一、本年新收政府信息公开申请数量21710000218"
    big = tmp_path / "big.txt"
    digits = "1234567890" * 100_000
    big.write_text(text.replace(row, row[:-11] + digits), encoding="utf-8")
    size = big.stat().st_size
    code, out, _ = run(capsys, "audit", str(big), "--format", fmt)
    assert code == 1  # P10: a million digits cannot fit the row
    assert len(out.encode("utf-8")) < size * 1.1 + 50_000
    assert out.count(digits) <= (0 if fmt == "text" else 1)
    assert "1234567890123456789012345678901234567890…1234567890（共1000000字）" in out
    if fmt == "text":
        assert len(out.encode("utf-8")) < 50_000


def test_a_line_break_inside_quoted_evidence_keeps_the_terminal_indentation(capsys, corpus):
    # 阿北乡 2023: the E01 evidence quotes a passage with a line break in it ("问题：\n1、对政府…")
    code, out, _ = run(capsys, "audit", str(corpus("seed/2023_hulin_abei_xiang.txt")))
    assert "问题： 1、对政府信息公开工作" in out
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(("错误（", "警告（", "提示（")))
    for line in lines[start:]:
        # every line of a finding is indented; only the group headings and the total are not
        assert (not line.strip() or line.startswith("  ") or line.startswith(("错误（", "警告（", "提示（", "合计："))), line


@pytest.mark.parametrize("to", ["json", "csv"])
def test_extract_of_a_huge_glued_row_stays_proportional_to_the_document(capsys, corpus, tmp_path, to):
    # the seven ambiguous cells of the row each carried the whole run (7 copies); now a long run is written
    # shortened in the cells and in full once, in the row's P01 note (data.raw); the CSV has it shortened
    text = corpus("real/2024_pingtan-zhqsyq.txt").read_text(encoding="utf-8")
    row = "一、本年新收政府信息公开申请数量21710000218"
    big = tmp_path / "big.txt"
    digits = "1234567890" * 100_000
    big.write_text(text.replace(row, row[:-11] + digits), encoding="utf-8")
    code, out, _ = run(capsys, "extract", str(big), "--to", to)
    assert code == 0
    assert len(out.encode("utf-8")) < big.stat().st_size * 1.1 + 50_000
    assert out.count(digits) == (1 if to == "json" else 0)
    if to == "json":
        doc = json.loads(out)
        (note,) = [n for n in doc["notes"] if n["code"] == "P01" and n["data"]["table"] == "三"]
        assert note["data"]["raw"] == digits and note["data"]["digit_bound"] == 11
        cell = doc["tables"]["requests"]["rows"]["received"]["total"]
        assert cell["kind"] == "ambiguous" and cell["raw"].endswith("…1234567890（共1000000字）")
        # read back, the audit still quotes the full run once (the evidence) and finds P10
        back = tmp_path / "big.json"
        back.write_text(out, encoding="utf-8")
        code, audited, _ = run(capsys, "audit", str(back), "--format", "json")
        assert code == 1 and audited.count(digits) == 1
        assert any(f["code"] == "P10" for f in json.loads(audited)["findings"])


def test_audit_json_says_a_report_of_2018_or_earlier_follows_no_national_format(capsys, corpus, tmp_path):
    """Issue 11: the audit JSON (one file, and a folder's) names a pre-2019 report's format "pre2019", as
    ``extract`` does, not the 2021 format its unread cells are filed under."""
    path = corpus("pre2019/2013_pingtan-dishuiju_pre2019format.txt")
    code, out, _ = run(capsys, "audit", str(path), "--format", "json")
    assert [r["format"] for r in json.loads(out)["reports"]] == ["pre2019"]
    (tmp_path / "a.txt").write_bytes(path.read_bytes())
    (tmp_path / "b.txt").write_bytes(corpus("seed/2023_hulin_abei_xiang.txt").read_bytes())
    code, out, _ = run(capsys, "audit", str(tmp_path), "--format", "json", "-j", "2")
    assert [r["format"] for r in json.loads(out)["reports"]] == ["pre2019", "2021"]
