"""An office schedule file of the wrong shape is refused in Chinese, naming the key — never a Python error, and
never loaded as a year without holidays (which would count the 春节 days as working days).

Found by a new user: ``gongkai deadline --schedule 报告.json`` (an annual report's JSON) and ``--schedule`` of
``gongkai calendar import --format json``'s output (``days_off``) both loaded as "2027 年没有列出任何放假日"
and moved the deadline days earlier; ``"holidays": [1]``, ``null`` or ``"year": 1e400`` were internal errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from gongkai import cli
from gongkai.casework.errors import ScheduleFileError
from gongkai.workdays.calendar import WorkCalendar, schedule_from_dict
from gongkai.workdays.notice import parse_notice, schedule_detail, schedule_file, schedule_json

NOTICES = Path(__file__).resolve().parent / "fixtures" / "notices"
YEARS = sorted(int(p.stem) for p in NOTICES.glob("*.txt"))


@pytest.mark.parametrize("bad,says", [
    ([1, 2], "应为一个 JSON 对象"),
    ({"year": True, "holidays": []}, "「year」应为年份数字"),
    ({"year": 1e400, "holidays": []}, "「year」应为年份数字"),
    ({"year": 2027.5, "holidays": []}, "「year」应为年份数字"),
    ({"year": 99999, "holidays": []}, "不是可计算的年份"),
    ({"year": 2027, "holidays": [1]}, "holidays 第1项应为对象"),
    ({"year": 2027, "holidays": "2027-01-01"}, "「holidays」应为数组"),
    ({"year": 2027, "holidays": [], "makeup_workdays": {"date": "2027-01-09"}}, "「makeup_workdays」应为数组"),
    ({"year": 2027, "holidays": [], "makeup_workdays": [5]}, "makeup_workdays 第1项应为对象"),
    ({"year": 2027, "holidays": [], "spillover": [1]}, "「spillover」应为对象"),
    ({"year": 2027, "holidays": [], "spillover": {"holidays": [5]}}, "spillover.holidays 第1项应为对象"),
    ({"year": 2027, "holidays": [], "spillover": {"holidays": [{"from": "2026-12-31", "to": "2026-12-30"}]}},
     "早于开始日"),
    ({"year": 2027, "holidays": [], "spillover": {"holidays": [{"from": "2026-12-31", "to": "2027-01-01"}]}},
     "应在 2026 年内"),
    ({"year": 2027, "holidays": [{"from": "0001-01-01", "to": "9999-12-31"}]}, "不在 2027 年内"),
    ({"year": 2027, "schema_version": "1.4", "tables": {}, "title": "年报"}, "年报数据，不是节假日安排"),
    ({"year": 2027, "holidays": [], "备注": "x"}, "没有的字段「备注」"),
    ({"year": 2027, "days_off": "2027-01-01"}, "「days_off」应为日期文字的数组"),
])
def test_a_file_of_the_wrong_shape_is_refused_naming_the_key(bad, says):
    with pytest.raises(ScheduleFileError) as e:
        schedule_from_dict(bad, "安排.json")
    assert says in str(e.value) and "安排.json" in str(e.value)


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("listing", [schedule_json, schedule_detail])
def test_the_listing_of_calendar_import_format_json_loads_as_the_same_days(year, listing):
    s = parse_notice((NOTICES / f"{year}.txt").read_text(encoding="utf-8"), source=f"{year}.txt")
    data = json.loads(json.dumps(listing(s), ensure_ascii=False))
    again = schedule_from_dict(data, "列表.json")
    assert set(again.rest_days) == set(s.rest_days) and set(again.makeup_workdays) == set(s.makeup_workdays)
    assert not any("没有列出任何放假日" in w for w in again.warnings)
    if listing is schedule_detail:  # the festivals name the days
        assert again.rest_days == s.rest_days
        assert set(again.spillover) == set(s.spillover)


_dates = st.dates(dt.date(2027, 1, 1), dt.date(2027, 12, 31))


@settings(max_examples=60, deadline=None)
@given(st.sets(_dates, max_size=30), st.sets(_dates.filter(lambda d: d.weekday() >= 5), max_size=6))
def test_a_listing_and_the_file_shape_count_the_same_working_days(days_off, makeup):
    """Whatever days a listing names, it is the schedule of the same days as a file of one-day periods."""
    makeup -= days_off
    listing = {"year": 2027, "days_off": sorted(d.isoformat() for d in days_off),
               "make_up_workdays": sorted(d.isoformat() for d in makeup)}
    file_shape = {"year": 2027, "holidays": [{"from": d, "to": d} for d in listing["days_off"]],
                  "makeup_workdays": listing["make_up_workdays"]}
    a, b = WorkCalendar([schedule_from_dict(listing)]), WorkCalendar([schedule_from_dict(file_shape)])
    d = dt.date(2027, 1, 1)
    while d.year == 2027:
        assert a.day(d).working == b.day(d).working == ((d in makeup) or (d.weekday() < 5 and d not in days_off))
        d += dt.timedelta(days=1)


def test_a_stored_schedule_file_still_loads():
    s = parse_notice((NOTICES / f"{YEARS[-1]}.txt").read_text(encoding="utf-8"), source="n.txt")
    stored = {**schedule_file(s), "source_text": "…", "loaded_by": "某人", "loaded_at": "2026-11-20T10:00:00",
              "forced": False}
    again = schedule_from_dict(stored)
    assert again.rest_days == s.rest_days and again.digest == schedule_from_dict(stored).digest


def _run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_deadline_refuses_a_report_json_as_a_schedule(capsys, tmp_path):
    report = tmp_path / "报告.json"
    assert _run(capsys, "extract", str(cli.sample_path()), "-o", str(report))[0] == 0
    code, out, err = _run(capsys, "deadline", "--received", "2023-09-25", "--schedule", str(report))
    assert code == 2 and out == ""
    assert "年报数据，不是节假日安排" in err and "Traceback" not in err


@pytest.mark.parametrize("text", ['{"year": 2027, "holidays": [1]}', '{"year": 2027, "holidays": null, "x": 1}',
                                  '{"year": 1e400}', '[]'])
def test_deadline_with_a_malformed_schedule_is_a_usage_error_not_an_internal_one(capsys, tmp_path, text):
    path = tmp_path / "安排.json"
    path.write_text(text, encoding="utf-8")
    code, out, err = _run(capsys, "deadline", "--received", "2027-01-05", "--schedule", str(path))
    assert code == 2 and out == "" and "节假日安排文件" in err and "内部错误" not in err


def test_a_stored_schedule_of_the_wrong_shape_leaves_its_year_provisional_with_a_notice(capsys, tmp_path,
                                                                                       monkeypatch):
    """A stored file edited by hand (``"holidays": [1]``) was an internal error of every deadline command."""
    monkeypatch.setenv("GONGKAI_DATA_DIR", str(tmp_path))
    (tmp_path / "calendars").mkdir()
    (tmp_path / "calendars" / "2035.json").write_text('{"year": 2035, "holidays": [1]}', encoding="utf-8")
    code, out, err = _run(capsys, "deadline", "--received", "2035-06-04")
    assert code == 0 and "暂定" in out
    assert "holidays 第1项应为对象" in err and "内部错误" not in err


FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")


@pytest.mark.parametrize("year", YEARS)
def test_a_whole_notice_has_no_missing_festival_warning(year):
    s = parse_notice((NOTICES / f"{year}.txt").read_text(encoding="utf-8"), source=f"{year}.txt")
    assert not any("的安排，而每年的通知都列出" in w for w in s.warnings)


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("festival", FESTIVALS[1:])
def test_a_notice_pasted_in_part_names_the_festivals_it_lacks(year, festival):
    """A clerk who pasted half the notice loaded a year whose 国庆节 counted as working days, without a word."""
    lines = (NOTICES / f"{year}.txt").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not (festival in line and "：" in line and "、" in line.split("：")[0])]
    if len(kept) == len(lines):
        pytest.skip(f"{year} 年的通知中 {festival} 没有单独成行的条目")
    s = parse_notice("\n".join(kept), source="n.txt")
    (warning,) = [w for w in s.warnings if "的安排，而每年的通知都列出" in w]
    assert f"「{festival}」" in warning and "n.txt" in warning and "按工作日计" in warning
    assert "「元旦」" not in warning


def test_calendar_show_of_a_loaded_year_loads_and_of_a_provisional_year_is_refused(capsys, tmp_path, monkeypatch):
    """`calendar show Y --format json` of a year with a notice is its days; of a year without one it is the statutory
    holidays guessed (暂定): loaded as a schedule, the guess would have become 确定."""
    monkeypatch.setenv("GONGKAI_DATA_DIR", str(tmp_path))
    notice = tmp_path / "通知.txt"
    notice.write_text((NOTICES / f"{YEARS[-1]}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert _run(capsys, "calendar", "import", str(notice), "--force")[0] == 0
    for year, ok in ((YEARS[-1], True), (2035, False)):
        code, out, _ = _run(capsys, "calendar", "show", str(year), "--format", "json")
        assert code == 0
        listing = tmp_path / f"{year}.json"
        listing.write_text(out, encoding="utf-8")
        if ok:
            again = schedule_from_dict(json.loads(out))
            assert set(again.rest_days) == {dt.date.fromisoformat(d) for d in json.loads(out)["days_off"]}
        else:
            with pytest.raises(ScheduleFileError, match="暂定日历"):
                schedule_from_dict(json.loads(out), "x.json")
