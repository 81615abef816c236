"""`gongkai calendar`: the office loads the State Council's notice; deadlines of that year become final."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.workdays.calendar import LIBRARY_YEARS
from gongkai.cli import main

NOTICES = Path(__file__).parent / "fixtures" / "notices"
#: not a published notice: a plausible 2027 text for tests (the dates are illustrative)
NOTICE_2027 = (Path(__file__).parent / "fixtures" / "notice-2027-sample.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_dry_run_prints_the_parsed_calendar_as_json_and_stores_nothing(capsys, data_dir):
    code, out, _ = run(capsys, "calendar", "import", str(NOTICES / "2026.txt"), "--dry-run", "--format", "json")
    data = json.loads(out)
    assert code == 0 and set(data) == {"year", "days_off", "make_up_workdays"} and data["year"] == 2026
    # 2026: 春节 2月15日至23日 (weekend days inside the span included), 2月14日、28日 上班
    assert "2026-02-15" in data["days_off"] and "2026-02-23" in data["days_off"]
    assert "2026-02-14" in data["make_up_workdays"] and "2026-02-28" in data["make_up_workdays"]
    assert not (data_dir / "calendars").exists()


def test_a_notice_that_agrees_with_the_package_is_stored(capsys, data_dir):
    code, _, err = run(capsys, "calendar", "import", str(NOTICES / "2025.txt"))
    assert code == 0 and (data_dir / "calendars" / "2025.json").exists() and "已保存" in err


def test_a_notice_contradicting_the_package_is_refused_unless_forced(capsys, tmp_path, data_dir):
    text = (NOTICES / "2026.txt").read_text(encoding="utf-8").replace("2月28日（周六）上班", "3月1日（周日）上班")
    f = tmp_path / "changed.txt"
    f.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "calendar", "import", str(f))
    assert code == 2 and "不一致" in err and "2026-03-01" in err and not (data_dir / "calendars" / "2026.json").exists()
    code, _, err = run(capsys, "calendar", "import", str(f), "--force")
    assert code == 0 and (data_dir / "calendars" / "2026.json").exists()
    code, out, _ = run(capsys, "calendar", "status", "--format", "json")
    year = next(y for y in json.loads(out)["years"] if y["year"] == 2026)
    assert year["status"] == "loaded" and year["package_differences"]


def test_an_unparseable_notice_is_refused_naming_the_line(capsys, tmp_path):
    f = tmp_path / "bad.txt"
    f.write_text("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周四）放假1天。\n", encoding="utf-8")
    code, out, err = run(capsys, "calendar", "import", str(f))
    assert code == 2 and "第2行" in err and out == ""


@pytest.mark.skipif(LIBRARY_YEARS[1] >= 2027, reason="chinese-calendar already covers 2027")
def test_loading_the_2027_notice_makes_a_december_deadline_final(capsys, tmp_path):
    code, out, err = run(capsys, "deadline", "--received", "2026-12-15", "--format", "json")
    before = json.loads(out)
    assert code == 0 and before["provisional"] is True and "2027" in before["provisional_reason"]
    f = tmp_path / "2027.txt"
    f.write_text(NOTICE_2027, encoding="utf-8")
    assert run(capsys, "calendar", "import", str(f))[0] == 0
    code, out, _ = run(capsys, "deadline", "--received", "2026-12-15", "--format", "json")
    after = json.loads(out)
    assert after["provisional"] is False and after["provisional_reason"] == "" and after["due"] == "2027-01-13"
    code, out, _ = run(capsys, "deadline", "--received", "2027-01-25", "--format", "json")
    # 1月26–29日 (4), 2月1–4日 (8), 2月5–12日 off, 2月15–19日 (13), Sat 2月20日 worked (14), 2月22–26日 (19), 3月1日
    assert json.loads(out)["due"] == "2027-03-01"


def test_show_lists_a_provisional_year_from_the_statutory_holidays(capsys):
    code, out, _ = run(capsys, "calendar", "show", "2031", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["provisional"] and "2031-10-01" in data["days_off"] and data["make_up_workdays"] == []


@pytest.mark.skipif(LIBRARY_YEARS[1] >= 2027, reason="chinese-calendar already covers 2027")
def test_a_notice_whose_new_year_holiday_starts_on_31_december_applies_that_day(capsys, tmp_path):
    text = NOTICE_2027.replace("一、元旦：1月1日（周五）至3日（周日）放假，共3天。",
                               "一、元旦：2026年12月31日（周四）至2027年1月3日（周日）放假调休，共4天。1月9日（周六）上班。")
    f = tmp_path / "2027.txt"
    f.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "calendar", "import", str(f))
    assert code == 0 and "2026-12-31 放假（元旦），属于 2026 年" in out
    code, out, _ = run(capsys, "deadline", "--received", "2026-12-16", "--format", "json")
    data = json.loads(out)
    # 12-17..30 (10 working days), 12-31 off (the 2027 notice), 1月4–8日 (15), Sat 1月9日 worked (16), 1月11–14日
    assert data["due"] == "2027-01-14" and data["provisional"] is False
    assert "2026-12-31" in [d["date"] for d in data["skipped"]]


def test_reimporting_a_year_says_what_changes(capsys, tmp_path):
    assert run(capsys, "calendar", "import", str(NOTICES / "2025.txt"))[0] == 0
    code, _, err = run(capsys, "calendar", "import", str(NOTICES / "2025.txt"), "--dry-run")
    assert code == 0 and "已有 2025 年的安排" in err and "新通知与之相同" in err


def test_a_closed_output_pipe_does_not_cancel_the_import(capsys, data_dir, monkeypatch):
    import sys

    class Closed:  # `gongkai calendar import … | true`: the reader is gone before the output is written
        def write(self, _):
            raise BrokenPipeError

        def flush(self):
            raise BrokenPipeError
    monkeypatch.setattr(sys, "stdout", Closed())
    code = main(["calendar", "import", str(NOTICES / "2025.txt"), "--format", "json"])
    assert code == 0 and (data_dir / "calendars" / "2025.json").exists()


def test_dates_beyond_the_calendar_are_a_message_not_an_internal_error(capsys):
    code, _, err = run(capsys, "deadline", "--received", "9999-12-31")
    assert code == 2 and "超出了可计算的日期范围" in err
    code, _, err = run(capsys, "calendar", "show", "9999")
    assert code == 2 and "超出范围" in err
