"""`gongkai deadline` and `gongkai fee`: the issue's two examples and fees.md worked examples."""

import argparse
import datetime as dt
import json

import pytest

from gongkai.cli.casework import main, register


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_register_adds_both_subcommands_with_int_handlers():
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["fee", "--per-request", "--ordinal", "3"])
    assert args.handler(args) == 0


def test_deadline_issue_example_national_day_2024_json(capsys):
    code, out, _ = run(capsys, "deadline", "--received", "2024-09-27", "--channel", "网络", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["due"] == "2024-10-30"
    assert len(data["days"]) == 20 and "2024-09-29" in data["days"] and "2024-10-12" in data["days"]
    assert data["channel_rule"].startswith("第三十一条第（三）项")


def test_deadline_issue_example_spring_festival_2025_text_names_holidays(capsys):
    code, out, _ = run(capsys, "deadline", "--received", "2025-01-20")
    assert code == 0 and "答复期限：2025-02-21" in out
    assert "春节放假" in out and "调休上班（春节）" in out


def test_deadline_with_pause_and_extension(capsys):
    # Received Mon 2024-03-04: 40 working days → 2024-04-29 (清明, 劳动节 调休 Sun 04-07 and 04-28);
    # pausing Tue 03-05..Thu 03-07 (3 working days) moves it to 2024-05-07 (05-01..05 off, 04-30, 05-06, 05-07).
    code, out, _ = run(capsys, "deadline", "--received", "2024-03-04", "--pause", "2024-03-05:2024-03-07",
                       "--extension", "--format", "json")
    data = json.loads(out)
    assert data["due"] == "2024-05-07" and data["extension_days"] == 20 and len(data["paused_days"]) == 3


def test_deadline_refuses_extension_beyond_20(capsys):
    code, _, err = run(capsys, "deadline", "--received", "2024-03-04", "--extension", "21")
    assert code == 2 and "不得超过20个工作日" in err


def test_deadline_in_a_year_without_schedule_is_provisional_with_its_reason(capsys):
    code, out, err = run(capsys, "deadline", "--received", "2035-06-03")
    assert code == 0 and "（暂定）" in out and "2035年的国务院节假日安排尚未公布" in out
    assert "暂定" in err


def test_deadline_before_the_regulation_says_cannot_compute(capsys):
    code, out, err = run(capsys, "deadline", "--received", "2003-06-03")
    assert code == 3 and "无法计算" in err and out == ""


def test_fee_per_request_json(capsys):
    code, out, _ = run(capsys, "fee", "--per-request", "--ordinal", "35", "--format", "json")
    assert code == 0 and json.loads(out)["fee_yuan"] == 200


def test_fee_per_page_text_shows_tiers(capsys):
    code, out, _ = run(capsys, "fee", "--per-page", "--pages", "250")
    assert code == 0 and "4700 元" in out and "第201页以上：50 × 40 元 = 2000 元" in out


def test_fee_monthly_mode_restarts_each_month(capsys):
    code, out, _ = run(capsys, "fee", "--monthly", "2024-03-31*25", "2024-04-01*5", "--format", "json")
    data = json.loads(out)
    assert data["fee_yuan"] == 1500 and [m["fee_yuan"] for m in data["months"]] == [1500, 0]


def test_fee_missing_ordinal_is_a_chinese_error(capsys):
    code, _, err = run(capsys, "fee", "--per-request")
    assert code == 2 and "--ordinal" in err


def test_fee_monthly_bad_date_exits_via_argparse():
    with pytest.raises(SystemExit):
        main(["fee", "--monthly", "2024-02-30"])


def test_wired_into_main_gongkai_command(capsys):
    from gongkai.cli import main as gongkai_main
    assert gongkai_main(["deadline", "--received", "2024-09-27", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["due"] == "2024-10-30"
    assert gongkai_main(["fee", "--per-page", "--pages", "31", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["fee_yuan"] == 10


def test_fee_monthly_count_is_bounded_huge_n_refused_in_chinese(capsys):
    # 2024-03-01*99999999 used to build a 10^8-element list and be OOM-killed.
    with pytest.raises(SystemExit) as exc:
        main(["fee", "--monthly", "2024-03-01*99999999"])
    assert exc.value.code == 2
    assert "过大" in capsys.readouterr().err


def test_fee_monthly_count_is_bounded_over_all_items(capsys):
    code, out, err = run(capsys, "fee", "--monthly", "2024-03-01*6000", "2024-03-02*6000")
    assert code == 2 and "12000" in err and "过多" in err and out == ""


def test_fee_monthly_count_at_bound_is_computed(capsys):
    code, out, _ = run(capsys, "fee", "--monthly", "2024-03-01*10000", "--format", "json")
    assert code == 0 and json.loads(out)["months"][0]["count"] == 10000


@pytest.mark.parametrize("day,why", [("2024-02-30", "2024 年 2 月只有 29 天"), ("2023-02-29", "2023 年 2 月只有 28 天"),
                                     ("2024-13-01", "没有 13 月"), ("2024-04-00", "日从 01 开始"),
                                     ("2024-04-31", "2024 年 4 月只有 30 天")])
def test_nonexistent_date_is_called_nonexistent_not_a_format_error(capsys, day, why):
    with pytest.raises(SystemExit) as exc:
        main(["deadline", "--received", day])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and f"日期「{day}」不存在：{why}" in err and "格式" not in err


def test_malformed_date_is_still_a_format_error(capsys):
    with pytest.raises(SystemExit):
        main(["deadline", "--received", "2024-2-3"])
    assert "不是 YYYY-MM-DD 格式" in capsys.readouterr().err


@pytest.mark.parametrize("n", ["-3", "-1"])
def test_negative_extension_is_refused(capsys, n):
    with pytest.raises(SystemExit) as exc:
        main(["deadline", "--received", "2024-03-04", "--extension", n])
    assert exc.value.code == 2 and "不能为负数" in capsys.readouterr().err


def test_extension_zero_means_no_extension(capsys):
    # documented in --help: 0 is the same as leaving --extension out
    code, out, _ = run(capsys, "deadline", "--received", "2024-03-04", "--extension", "0", "--format", "json")
    code2, out2, _ = run(capsys, "deadline", "--received", "2024-03-04", "--format", "json")
    assert code == code2 == 0 and json.loads(out)["due"] == json.loads(out2)["due"] == "2024-04-01"
    assert json.loads(out)["extension_days"] == 0


def test_library_refuses_negative_extension_without_calling_it_too_long():
    from gongkai.casework.deadlines import reply_deadline
    from gongkai.casework.errors import CaseworkError
    with pytest.raises(CaseworkError, match="不能为「-3」") as exc:
        reply_deadline(dt.date(2024, 3, 4), extension_days=-3)
    assert "最长不得超过" not in str(exc.value)


@pytest.mark.parametrize("argv,opt", [
    (["fee", "--per-page", "--ordinal", "3"], "--ordinal"),
    (["fee", "--per-page", "--pages", "50", "--ordinal", "3"], "--ordinal"),
    (["fee", "--per-request", "--ordinal", "3", "--pages", "40"], "--pages"),
    (["fee", "--per-request", "--ordinal", "3", "--already-public"], "--already-public"),
    (["fee", "--monthly", "2024-03-01*3", "--ordinal", "2"], "--ordinal"),
    (["fee", "--monthly", "2024-03-01*30", "--waiver", "困难群众"], "--waiver"),
])
def test_fee_refuses_options_that_do_not_apply_to_the_method(capsys, argv, opt):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and f"不能与 {opt} 同用" in err


def test_schedule_without_any_holiday_loads_with_a_warning(capsys, tmp_path):
    path = tmp_path / "2035.json"
    path.write_text(json.dumps({"year": 2035, "notice": "测试", "holidays": []}), encoding="utf-8")
    code, out, err = run(capsys, "deadline", "--received", "2035-06-04", "--schedule", str(path), "--format", "json")
    assert code == 0 and json.loads(out)["due"]  # loads and counts …
    assert "注意：" in err and "没有列出任何放假日" in err  # … but says the year counts Monday–Friday only


def test_schedule_for_a_built_in_year_names_the_days_it_changes(capsys, tmp_path):
    """A file for 2024 replaces chinese-calendar's 2024: the clerk is told which days differ."""
    path = tmp_path / "2024.json"
    path.write_text(json.dumps({"year": 2024, "notice": "误填的安排",
                                "holidays": [{"name": "国庆节", "from": "2024-10-01", "to": "2024-10-31"}]}),
                    encoding="utf-8")
    code, out, err = run(capsys, "deadline", "--received", "2024-09-27", "--schedule", str(path), "--format", "json")
    assert code == 0 and json.loads(out)["due"] == "2024-11-27"  # the file is used …
    # … and said so: the file replaces the whole year, so it drops 元旦 and the rest too
    assert "与内置的国务院安排不同" in err and "2024-01-01 内置为休息日，文件为工作日（元旦）" in err
    assert "另有" in err  # more days than listed (10-08 … 10-31 among them)
    same = tmp_path / "same.json"
    same.write_text(json.dumps({"year": 2035, "notice": "测试", "holidays": [{"name": "元旦", "from": "2035-01-01"}]}),
                    encoding="utf-8")
    run(capsys, "deadline", "--received", "2035-06-04", "--schedule", str(same))
    assert "与内置的国务院安排不同" not in capsys.readouterr().err  # 2035 is not built in: nothing to compare


def test_schedule_file_that_is_not_utf8_is_a_clear_error(capsys, tmp_path):
    path = tmp_path / "gbk.json"
    path.write_bytes('{"year": 2035, "notice": "国务院办公厅"}'.encode("gbk"))
    code, out, err = run(capsys, "deadline", "--received", "2035-06-04", "--schedule", str(path))
    assert code == 2 and "不是 UTF-8 编码" in err and "内部错误" not in err


def test_pause_after_the_deadline_or_overlapping_is_said(capsys):
    code, out, _ = run(capsys, "deadline", "--received", "2024-09-27", "--pause", "2024-12-01:2024-12-05")
    assert code == 0 and "在期限届满之后，不影响期限" in out and "2024-10-30" in out
    code, out, _ = run(capsys, "deadline", "--received", "2024-09-27", "--pause", "2024-10-08:2024-10-10",
                       "--pause", "2024-10-09:2024-10-12")
    assert code == 0 and "重叠，重叠的日子只跳过一次" in out


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_waiver_needs_a_reason(capsys, reason):
    code, out, err = run(capsys, "fee", "--per-request", "--ordinal", "12", "--waiver", reason)
    assert code == 2 and "须写明不收取的理由" in err and out == ""
