"""The parser of 《国务院办公厅关于YYYY年部分节假日安排的通知》 (gongkai.workdays.notice).

The fixtures tests/casework/fixtures/notices/YYYY.txt are the published texts (2016–2026).  Each
is checked day by day against chinese-calendar, an independent transcription of the same notices;
where chinese-calendar records something the notice itself does not say, the day is listed in
CC_DIFFERENCES below with the reason, and the test fails if that list becomes stale.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest
from chinese_calendar import constants as cc
from hypothesis import event, given, strategies as st

from gongkai.workdays.calendar import Schedule, WorkCalendar, schedule_from_dict
from gongkai.casework.errors import CaseworkError, ScheduleFileError
from gongkai.workdays.notice import (NoticeParseError, NoticeSchedule, parse_notice, schedule_detail,
                                     schedule_file, schedule_json)

D = dt.date
NOTICES = Path(__file__).resolve().parent / "fixtures" / "notices"
YEARS = sorted(int(p.stem) for p in NOTICES.glob("*.txt"))


def fixture(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def parsed(year: int) -> NoticeSchedule:
    return parse_notice(fixture(year), source=f"{year}.txt")


def _days(year: int, *md: tuple[int, int]) -> set[dt.date]:
    return {D(year, m, d) for m, d in md}


# Days where chinese-calendar 1.11.0 differs from what the notice of that year says.
# "working": the working/rest status itself differs (a later State Council notice changed it);
# "listing": both agree the day is rest, but chinese-calendar lists a weekend day next to a
# "与周末连休" holiday in its holiday table, which the notice does not name as a 放假 day.
CC_DIFFERENCES = {
    2019: {
        # 国办发明电〔2019〕3号 (2019-03-22) changed 劳动节 to 5月1日至4日, 4月28日、5月5日（星期日）上班;
        # the fixture is the original notice (5月1日放假).
        "working": _days(2019, (4, 28), (5, 2), (5, 3), (5, 5)),
        # 5月4日 is a Saturday: rest either way, listed as 劳动节 by chinese-calendar after the change;
        # 清明 4月5日、端午 6月7日、中秋 9月13日 "与周末连休": chinese-calendar lists the weekends.
        "listing": _days(2019, (5, 4), (4, 6), (4, 7), (6, 8), (6, 9), (9, 14), (9, 15)),
    },
    2020: {
        # 国办发明电〔2020〕1号 extended 春节 to 2月2日 (COVID-19); 2月1日（星期六）上班 was cancelled.
        # chinese-calendar carries the extension, the fixture is the original notice of 2019-11-21.
        "working": _days(2020, (1, 31), (2, 1)),
        "listing": _days(2020, (2, 2)),   # a Sunday: rest either way, listed as 春节 by the extension
    },
    2023: {
        # The 2024 notice says "元旦：1月1日放假，与周末连休"; chinese-calendar lists the weekend before
        # it, 2023-12-30/31, as 元旦 holidays of 2023.  The 2023 notice does not cover them.
        "working": set(),
        "listing": _days(2023, (12, 30), (12, 31)),
    },
}


def _covered_days(year: int) -> list[tuple[dt.date, bool, bool]]:
    """(day, rest, makeup) for every day of ``year`` that the notice of ``year`` covers, plus the
    days of year-1 it spills into.  Days of ``year`` that the next year's notice claims (its 元旦
    starting on 12月30/31) are that notice's, not this one's."""
    s = parsed(year)
    claimed_by_next: set[dt.date] = set()
    if (year + 1) in YEARS:
        nxt = parsed(year + 1)
        claimed_by_next = set(nxt.spillover) | set(nxt.spillover_makeup)
    out = []
    d = D(year, 1, 1)
    while d.year == year:
        if d not in claimed_by_next:
            out.append((d, d in s.rest_days, d in s.makeup_workdays))
        d += dt.timedelta(days=1)
    out += [(d, True, False) for d in s.spillover] + [(d, False, True) for d in s.spillover_makeup]
    return out


def test_fixtures_cover_2016_to_2026():
    assert YEARS == list(range(2016, 2027))


@pytest.mark.parametrize("year", YEARS)
def test_every_fixture_agrees_day_by_day_with_chinese_calendar(year):
    s = parsed(year)
    assert s.year == year and s.notice == f"国务院办公厅关于{year}年部分节假日安排的通知"
    found = {"working": set(), "listing": set()}
    for d, rest, makeup in _covered_days(year):
        working = makeup or (d.weekday() < 5 and not rest)
        if chinese_calendar.is_workday(d) != working:
            found["working"].add(d)
        elif (d in cc.holidays) != rest or (d in cc.workdays) != makeup:
            found["listing"].add(d)
    expected = CC_DIFFERENCES.get(year, {"working": set(), "listing": set()})
    assert found == expected


@pytest.mark.parametrize("year", YEARS)
def test_schedule_from_a_fixture_counts_like_the_builtin_calendar_outside_the_listed_differences(year):
    s = parsed(year)
    loaded, builtin = WorkCalendar(library=False).with_schedule(s), WorkCalendar()
    diffs = CC_DIFFERENCES.get(year, {}).get("working", set())
    claimed = set(parsed(year + 1).spillover) | set(parsed(year + 1).spillover_makeup) if year + 1 in YEARS else set()
    d = D(year, 1, 1)
    while d.year == year:
        if d not in diffs and d not in claimed:
            assert loaded.is_working_day(d) == builtin.is_working_day(d), d
        d += dt.timedelta(days=1)


def test_2020_fixture_is_the_original_notice_without_the_covid_extension():
    s = parsed(2020)
    assert s.number == "国办发明电〔2019〕16号"
    assert max(d for d, n in s.rest_days.items() if n == "春节") == D(2020, 1, 30)
    assert D(2020, 2, 1) in s.makeup_workdays   # cancelled later by 国办发明电〔2020〕1号


def test_number_is_read_and_normalised_to_hexagonal_brackets():
    assert parsed(2024).number == "国办发明电〔2023〕7号"
    assert parse_notice("国办发明电[2023]7号\n一、元旦：1月1日放假。", 2024).number == "国办发明电〔2023〕7号"
    assert parse_notice("国办发明电【2023】7号\n一、元旦：1月1日放假。", 2024).number == "国办发明电〔2023〕7号"
    assert parsed(2026).number == ""      # not found in the sources used for the fixture


def test_schedule_json_has_exactly_year_days_off_and_make_up_workdays():
    out = schedule_json(parsed(2026))
    assert list(out) == ["year", "days_off", "make_up_workdays"]
    assert out["year"] == 2026
    assert out["make_up_workdays"] == ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20",
                                       "2026-10-10"]
    assert out["days_off"][:4] == ["2026-01-01", "2026-01-02", "2026-01-03", "2026-02-15"]
    assert len(out["days_off"]) == 3 + 9 + 3 + 5 + 3 + 3 + 7
    assert out["days_off"] == sorted(out["days_off"])


def test_days_off_list_every_day_of_a_span_including_weekends():
    s = parsed(2026)
    for d in (D(2026, 2, 15), D(2026, 2, 21), D(2026, 2, 22), D(2026, 2, 23)):  # Sun, Sat, Sun, Mon
        assert s.rest_days[d] == "春节"


def test_schedule_detail_lists_festival_spans_lines_and_warnings():
    det = schedule_detail(parsed(2025))
    assert [f["name"] for f in det["festivals"]] == ["元旦", "春节", "清明节", "劳动节", "端午节", "国庆节、中秋节"]
    spring = det["festivals"][1]
    assert (spring["from"], spring["to"], spring["days"], spring["stated_days"]) == ("2025-01-28", "2025-02-04", 8, 8)
    assert spring["make_up_workdays"] == ["2025-01-26", "2025-02-08"]
    assert spring["line"] == 9
    assert det["number"] == "国办发明电〔2024〕12号" and det["warnings"] == []
    assert {k: det[k] for k in ("year", "days_off", "make_up_workdays")} == schedule_json(parsed(2025))


def test_schedule_detail_of_a_plain_schedule_groups_runs_of_rest_days():
    s = schedule_from_dict({"year": 2027, "holidays": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"}],
                            "makeup_workdays": [{"date": "2027-01-09", "name": "元旦"}]})
    det = schedule_detail(s)
    assert det["festivals"] == [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-03",
                                 "days_off": ["2027-01-01", "2027-01-02", "2027-01-03"], "days": 3,
                                 "make_up_workdays": ["2027-01-09"]}]
    assert det["spillover"] == {"days_off": [], "make_up_workdays": []}


# -- spans across the year end -----------------------------------------------------------------

def test_days_of_the_previous_year_go_to_spillover_not_into_the_schedule():
    s = parsed(2019)   # 元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。
    assert D(2019, 1, 1) in s.rest_days and D(2018, 12, 31) not in s.rest_days
    assert s.spillover == {D(2018, 12, 30): "元旦", D(2018, 12, 31): "元旦"}
    assert s.spillover_makeup == {D(2018, 12, 29): "元旦"}
    # applied to 2018 by the calendar that loads the notice (a later decision than 2018's own data)
    from gongkai.workdays.calendar import WorkCalendar
    cal = WorkCalendar([s])
    assert not cal.is_working_day(D(2018, 12, 31)) and cal.is_working_day(D(2018, 12, 29))
    assert schedule_detail(s)["spillover"] == {"days_off": ["2018-12-30", "2018-12-31"],
                                               "make_up_workdays": ["2018-12-29"]}
    assert "2018-12-30" not in schedule_json(s)["days_off"]


def test_span_written_without_years_across_the_year_end_starts_in_the_previous_year():
    s = parse_notice("一、元旦：12月31日（周六）至1月2日（周一）放假调休，共3天。", 2023)
    assert s.spillover == {D(2022, 12, 31): "元旦"}
    assert set(s.rest_days) == {D(2023, 1, 1), D(2023, 1, 2)}


def test_make_up_day_without_year_in_december_belongs_to_the_previous_year_of_a_cross_year_span():
    s = parse_notice("一、元旦：12月30日至1月1日放假调休，共3天。12月29日（星期六）上班。", 2019)
    assert s.spillover_makeup == {D(2018, 12, 29): "元旦"}


# -- punctuation, layout and junk --------------------------------------------------------------

HALF = str.maketrans({"：": ":", "（": "(", "）": ")", "，": ",", "。": ".", "、": ","})


@pytest.mark.parametrize("year", [2017, 2019, 2024, 2025, 2026])
def test_half_width_punctuation_reads_the_same(year):
    text = fixture(year)
    assert schedule_json(parse_notice(text.translate(HALF))) == schedule_json(parse_notice(text))
    assert [f.name for f in parse_notice(text.translate(HALF)).festivals] == [f.name for f in parsed(year).festivals]


def test_full_width_digits_and_whole_notice_on_one_line():
    text = fixture(2026)
    one_line = "".join(text.splitlines())
    full_digits = one_line.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert schedule_json(parse_notice(full_digits)) == schedule_json(parsed(2026))


def test_notice_pasted_with_html_page_junk_around_it():
    body = "".join(f"<p>&nbsp;&nbsp;{line}</p>\n" for line in fixture(2024).splitlines())
    page = ("<html><head><title>国务院办公厅关于2024年部分节假日安排的通知_政策_中国政府网</title></head><body>\n"
            "<div class=\"nav\">首页 &gt; 政策 &gt; 最新</div>\n"
            "<ul><li>相关阅读：国务院办公厅关于2023年部分节假日安排的通知</li><li>1. 春节回家攻略</li></ul>\n"
            + body +
            "<div>【我要纠错】 责任编辑：张三</div><div>扫一扫在手机打开当前页</div>\n"
            "<ul><li>一、网站地图</li><li>版权所有：中国政府网 | 京ICP备05070218号</li></ul></body></html>\n")
    s = parse_notice(page)
    assert schedule_json(s) == schedule_json(parsed(2024))
    assert s.number == "国办发明电〔2023〕7号"


def test_traditional_characters_of_a_republished_page_are_read():
    trad = fixture(2023).replace("节", "節").replace("国", "國").replace("劳动", "勞動").replace("庆", "慶") \
        .replace("调", "調").replace("办", "辦").replace("关于", "關於")
    assert schedule_json(parse_notice(trad)) == schedule_json(parsed(2023))


def test_adjacent_weekend_is_not_added_for_yu_zhou_mo_lian_xiu():
    s = parsed(2024)   # 五、端午节：6月10日放假，与周末连休。
    assert [d for d, n in s.rest_days.items() if n == "端午节"] == [D(2024, 6, 10)]


def test_bu_xiu_adds_the_named_day_off():
    s = parsed(2017)   # 一、元旦：1月1日放假，1月2日（星期一）补休。
    assert {d for d, n in s.rest_days.items() if n == "元旦"} == {D(2017, 1, 1), D(2017, 1, 2)}


def test_one_day_no_makeup_and_fang_jia_gong_n_tian_forms():
    s = parse_notice("一、元旦：1月1日（周三）放假1天，不调休。\n三、清明节：4月4日（周五）至6日（周日）放假，共3天。", 2025)
    assert sorted(s.rest_days) == [D(2025, 1, 1), D(2025, 4, 4), D(2025, 4, 5), D(2025, 4, 6)]
    assert s.makeup_workdays == {}


def test_lunar_remark_before_the_weekday_in_parentheses():
    s = parse_notice("二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。", 2025)
    assert min(s.rest_days) == D(2025, 1, 28) and max(s.rest_days) == D(2025, 2, 4)


def test_date_in_a_remark_followed_by_neither_keyword_is_ignored():
    s = parsed(2024)   # "…安排职工在除夕（2月9日）休息。"
    assert D(2024, 2, 9) not in s.rest_days and D(2024, 2, 9) not in s.makeup_workdays


def test_year_argument_is_used_when_the_title_is_missing():
    assert parse_notice("一、元旦：1月1日放假。", 2027).year == 2027


# -- refusals ----------------------------------------------------------------------------------

def test_error_is_a_schedule_file_error_and_a_casework_error():
    assert issubclass(NoticeParseError, ScheduleFileError) and issubclass(NoticeParseError, CaseworkError)


def _error(text: str, year: int | None = None) -> NoticeParseError:
    with pytest.raises(NoticeParseError) as e:
        parse_notice(text, year)
    return e.value


def test_wrong_weekday_is_an_error_naming_the_line():
    text = fixture(2026).replace("2月14日（周六）", "2月14日（周日）")
    e = _error(text)
    assert "第6行" in str(e) and "二、春节" in str(e) and "注明「周日」" in str(e) and "是周六" in str(e)
    assert e.fields["line"] == 6


def test_wrong_weekday_with_xingqi_is_an_error():
    e = _error(fixture(2024).replace("9月29日（星期日）", "9月29日（星期六）"))
    assert "七、国庆节" in str(e) and "星期六" in str(e)


def test_stated_count_different_from_the_span_is_an_error_naming_the_line():
    e = _error(fixture(2024).replace("共8天", "共7天"))
    assert "第7行" in str(e) and "「二、春节：2月10日至17日" in str(e) and "共7天" in str(e) and "8 天" in str(e)


def test_unparseable_festival_line_is_an_error_naming_and_quoting_the_line():
    e = _error(fixture(2026).replace("二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休",
                                     "二、春节：另行通知放假调休"))
    assert str(e).startswith("节假日安排通知 <通知>：第6行「二、春节：另行通知") and "无法识别" in str(e)


def test_numbered_festival_line_without_colon_is_an_error():
    e = _error("国务院办公厅关于2026年部分节假日安排的通知\n二、春节2月15日至23日放假调休，共9天。")
    assert "第2行" in str(e) and "冒号" in str(e)


def test_text_without_any_festival_item_is_an_error():
    e = _error("国务院办公厅关于2026年部分节假日安排的通知\n各省、自治区、直辖市人民政府：\n另行通知。")
    assert "没有识别出任何节日安排" in str(e)


def test_text_without_title_or_year_is_an_error():
    assert "无法确定年份" in str(_error("一、元旦：1月1日放假。"))


def test_year_argument_must_agree_with_the_title():
    e = _error(fixture(2025), 2026)
    assert "2025" in str(e) and "2026" in str(e) and "不一致" in str(e)


def test_makeup_day_on_a_weekday_is_an_error():
    e = _error("一、元旦：1月1日放假。1月5日上班。", 2026)   # a Monday, no weekday written
    assert "第1行" in str(e) and "不是周六或周日" in str(e)


def test_nonexistent_date_is_an_error():
    assert "不存在" in str(_error("二、春节：2月30日至3月2日放假，共3天。", 2026))


def test_overlapping_festivals_are_an_error():
    e = _error("一、元旦：1月1日至3日放假，共3天。\n二、春节：1月3日至5日放假，共3天。", 2026)
    assert "第2行" in str(e) and "重复" in str(e)


def test_makeup_day_inside_a_holiday_is_an_error():
    assert "既在放假期间又列为上班日" in str(_error("一、元旦：1月1日至4日放假。1月3日（周六）上班。", 2026))


def test_date_two_years_back_is_an_error():
    assert "不属于 2026 年" in str(_error("一、元旦：2024年12月31日至2026年1月1日放假。", 2026))


def test_numbered_headings_that_are_not_festivals_are_ignored():
    s = parse_notice("一、总体要求：做好值班。\n二、元旦：1月1日放假。", 2027)
    assert list(s.rest_days) == [D(2027, 1, 1)]


# -- property: render a schedule as a notice and read it back -----------------------------------

NUMS = "一二三四五六七八九十"
NAMES = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
WD = "一二三四五六日"


@st.composite
def schedules(draw):
    year = draw(st.integers(2001, 2098))
    cross = draw(st.booleans())
    festivals = []
    cursor = D(year, 1, 1) - dt.timedelta(days=draw(st.integers(1, 2))) if cross else D(year, 1, 1)
    for k, name in enumerate(NAMES):
        start = cursor + dt.timedelta(days=0 if cross and k == 0 else draw(st.integers(0, 30)))
        length = draw(st.integers(max(1, (D(year, 1, 1) - start).days + 1), 9))   # a span ends in ``year``
        end = start + dt.timedelta(days=length - 1)
        if end.year != year or start.year > year:
            break
        festivals.append([name, start, end])
        cursor = end + dt.timedelta(days=12)
    taken = {start + dt.timedelta(days=i) for _, start, end in festivals for i in range((end - start).days + 1)}
    makeups = []
    for name, start, end in festivals:
        near = [start - dt.timedelta(days=k) for k in range(1, 9)] + [end + dt.timedelta(days=k) for k in range(1, 9)]
        options = [d for d in near if d.weekday() >= 5 and d not in taken and d.year in (year, year - 1)]
        chosen = draw(st.lists(st.sampled_from(options), max_size=2, unique=True)) if options else []
        taken |= set(chosen)
        makeups.append(sorted(chosen))
    return year, festivals, makeups


def _render_date(d: dt.date, prev: dt.date | None, year: int, style: dict) -> str:
    explicit = style["years"]
    if explicit and (prev is None or prev.year != d.year):
        s = f"{d.year}年{d.month}月{d.day}日"
    elif prev is not None and prev.month == d.month and prev.year == d.year:
        s = f"{d.day}日"
    else:
        s = f"{d.month}月{d.day}日"
    if style["weekday"]:
        s += f"（{style['wd']}{WD[d.weekday()]}）"
    return s


def render(year, festivals, makeups, style) -> str:
    lines = [f"国务院办公厅关于{year}年部分节假日安排的通知", "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
             f"经国务院批准，现将{year}年元旦、春节等放假调休日期的具体安排通知如下。"]
    for i, ((name, start, end), mk) in enumerate(zip(festivals, makeups)):
        span = _render_date(start, None, year, style)
        if end != start:
            span += "至" + _render_date(end, start, year, style)
        count = f"，共{(end - start).days + 1}天" if style["count"] else ""
        text = f"{NUMS[i]}、{name}：{span}放假调休{count}。"
        if mk:
            text += "、".join(_render_date(d, None, year, {**style, "weekday": True}) for d in mk) + "上班。"
        lines.append(text)
    lines += ["节假日期间，各地区、各部门要妥善安排好值班工作。", "国务院办公厅"]
    text = "\n".join(lines)
    return text.translate(HALF) if style["half"] else text


@given(schedules(), st.fixed_dictionaries({"weekday": st.booleans(), "wd": st.sampled_from(["周", "星期"]),
                                           "count": st.booleans(), "years": st.booleans(), "half": st.booleans()}))
def test_rendered_schedule_parses_back_identically(sched, style):
    year, festivals, makeups = sched
    s = parse_notice(render(year, festivals, makeups, style))
    rest = {start + dt.timedelta(days=i): name for name, start, end in festivals for i in range((end - start).days + 1)}
    mk = {d: name for (name, _, _), days in zip(festivals, makeups) for d in days}
    assert s.year == year
    assert s.rest_days == {d: n for d, n in rest.items() if d.year == year}
    assert s.spillover == {d: n for d, n in rest.items() if d.year != year}
    assert s.makeup_workdays == {d: n for d, n in mk.items() if d.year == year}
    assert s.spillover_makeup == {d: n for d, n in mk.items() if d.year != year}
    assert isinstance(s, Schedule)
    event("crosses the year end" if s.spillover else "within the year")
    event("make-up day in the previous year" if s.spillover_makeup else "no make-up day in the previous year")


# -- the schedule-file shape and change notices ------------------------------------------------

@pytest.mark.parametrize("year", [2019, 2024, 2026])
def test_schedule_file_round_trips_through_schedule_from_dict(year):
    s = parsed(year)
    data = schedule_file(s)
    again = schedule_from_dict(data)
    assert (again.rest_days, again.makeup_workdays, again.digest) == (s.rest_days, s.makeup_workdays, s.digest)
    assert again.number == s.number and again.notice == s.notice


def test_schedule_file_holidays_are_periods():
    data = schedule_file(parsed(2026))
    assert data["holidays"][:2] == [{"name": "元旦", "from": "2026-01-01", "to": "2026-01-03"},
                                    {"name": "春节", "from": "2026-02-15", "to": "2026-02-23"}]
    assert data["makeup_workdays"][0] == {"date": "2026-01-04", "name": "元旦"}


def test_a_notice_changing_a_published_schedule_is_refused_with_its_reason():
    text = ("国务院办公厅关于延长2020年春节假期的通知\n国办发明电〔2020〕1号\n各省、自治区、直辖市人民政府：\n"
            "一、延长2020年春节假期至2月2日（农历正月初九，星期日），2月3日（星期一）起正常上班。")
    e = _error(text, 2020)
    assert "第1行" in str(e) and "调整或延长" in str(e)


def test_gov_cn_page_copy_with_its_index_table_reads_like_the_fixture():
    page = ("EN\nhttps://www.gov.cn/\n2015-12-10 08:00:00\n索 引 号: 000014349/2015-00200 主题分类: 综合政务\\其他\n"
            "发文机关: 国务院办公厅 成文日期: 2015年12月10日\n标  题: 国务院办公厅关于2016年部分节假日安排的通知\n"
            "发文字号: 国办发明电〔2015〕18号 发布日期: 2015年12月10日\n\n"
            + "\n".join("  " + line for line in fixture(2016).splitlines()) + "\n\n扫一扫在手机打开当前页\n解读\n")
    s = parse_notice(page)
    assert schedule_json(s) == schedule_json(parsed(2016)) and s.number == "国办发明电〔2015〕18号"


def test_garbled_republication_with_a_lost_digit_is_refused_not_misread():
    # A forum copy of the 2017 notice lost the "1" of "10月1日" and appended junk to each line.
    text = fixture(2017).replace("10月1日至8日", "0月1日至8日").replace("上班。\n", "上班。 Zk>m!F>,p\n")
    e = _error(text)
    assert "六、中秋节、国庆节" in str(e) and "0月1日 不存在" in str(e)
