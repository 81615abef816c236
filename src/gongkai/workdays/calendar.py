"""Statutory working days (工作日) with the State Council holiday schedule and 调休.

Definition (shared/spec/working-days.md §2, DERIVED): a date is a working day if it is
Monday–Friday and not a 放假 day of that year's 《国务院办公厅关于YYYY年部分节假日安排的通知》,
or a Saturday/Sunday the notice makes a working day ("上班", 调休).  An N-working-day period
starting on event date D does not count D (cf. 《民法典》第二百零一条); day 1 is the first
working day after D; the deadline is the N-th.

Sources of the schedule, in order of precedence:

1. schedules an office loads (:func:`load_schedule`, JSON, one file per year) — for a year the
   library does not know yet, or an extraordinary change (2020 春节 extension);
2. the ``chinese-calendar`` package (2004 to its last published year).

A year covered by neither is **provisional** (暂定): its days are classified from the statutory
holidays of 《全国年节及纪念日放假办法》 (:func:`statutory_holidays`, lunar dates and the 清明 solar term
from ``lunar_python``) plus weekends, with no 调休 invented (working-days.md §4 rules 1–2).  Every
:class:`DayInfo` so classified carries ``provisional=True`` and every count that touches one says so
(:attr:`WorkingDayCount.provisional`, :attr:`WorkingDayCount.provisional_reason`), so a deadline is
never silently final.  ``WorkCalendar(provisional=False)`` restores the old refusal
(:class:`~gongkai.casework.errors.CalendarUnavailable`), e.g. for tests.

Every count is a :class:`WorkingDayCount` that keeps its trail: each counted day, each skipped
day with its reason (周末 / 节日 name), each paused period.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import chinese_calendar
from chinese_calendar import constants as _cc

from ..errors import GongkaiError, special_file
from .errors import CalendarUnavailable, ScheduleFileError

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

LIBRARY_YEARS = (min(d.year for d in _cc.holidays), max(d.year for d in _cc.holidays))
#: the first year the 条例 applies (2008-05-01); provisional years start here
FIRST_PROVISIONAL_YEAR = 2008
LIBRARY_VERSION = f"chinese-calendar {getattr(chinese_calendar, '__version__', '?')}"


def _festival(value) -> str:
    """The Chinese name of a chinese-calendar holiday value (enum member or its English name)."""
    name = getattr(value, "value", value)
    return HOLIDAY_NAMES.get(name, str(name))


def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The 全体公民放假的节日 of 《全国年节及纪念日放假办法》 in force in ``year`` → festival name.

    2025 on (2024-11-10 revision, 第二条): 元旦 1月1日; 春节 农历除夕、正月初一至初三; 清明节 (the 清明
    solar term); 劳动节 5月1日、2日; 端午节 农历五月初五; 中秋节 农历八月十五; 国庆节 10月1日至3日.
    2014–2024 (2013 revision): 春节 正月初一至初三, 劳动节 5月1日.  2008–2013 (2007 revision): 春节
    农历除夕、正月初一、初二.  Neither 补假 (第六条) nor 调休 (第七条) is included: they are decided by the
    yearly notice, and this is what a provisional year counts.  Lunar dates and the solar term come from
    ``lunar_python`` (see docs/casework.md for why that library).  Raises ValueError before 2008.
    """
    if year < FIRST_PROVISIONAL_YEAR:
        raise ValueError(f"{year} 年早于《政府信息公开条例》施行，无法推算法定节假日")
    from lunar_python import Lunar  # lazy: only provisional years need it (cold start of the CLI)

    def lunar(month: int, day: int) -> dt.date:
        s = Lunar.fromYmd(year, month, day).getSolar()
        return dt.date(s.getYear(), s.getMonth(), s.getDay())

    new_year = lunar(1, 1)
    if year >= 2025:
        spring = [new_year - dt.timedelta(days=1)] + [new_year + dt.timedelta(days=i) for i in range(3)]
        labour = [dt.date(year, 5, 1), dt.date(year, 5, 2)]
    elif year >= 2014:
        spring = [new_year + dt.timedelta(days=i) for i in range(3)]
        labour = [dt.date(year, 5, 1)]
    else:
        spring = [new_year - dt.timedelta(days=1), new_year, new_year + dt.timedelta(days=1)]
        labour = [dt.date(year, 5, 1)]
    qm = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    days: dict[dt.date, str] = {dt.date(year, 1, 1): "元旦"}
    days.update({d: "春节" for d in spring})
    days[dt.date(qm.getYear(), qm.getMonth(), qm.getDay())] = "清明节"
    days.update({d: "劳动节" for d in labour})
    days[lunar(5, 5)] = "端午节"
    days[lunar(8, 15)] = "中秋节"
    for i in (1, 2, 3):  # 中秋 can fall on 1–3 October: the day is both
        d = dt.date(year, 10, i)
        days[d] = "国庆节、中秋节" if days.get(d) == "中秋节" else "国庆节"
    # 除夕 of a 春节 in early January belongs to the year before: keep only this year's days here, and
    # take next year's 除夕 if it falls on 31 December
    days = {d: n for d, n in days.items() if d.year == year}
    if year < 9999:
        nxt = Lunar.fromYmd(year + 1, 1, 1).getSolar()
        eve = dt.date(nxt.getYear(), nxt.getMonth(), nxt.getDay()) - dt.timedelta(days=1)
        if eve.year == year and (year + 1 >= 2025 or year + 1 <= 2013):
            days[eve] = "春节"
    return dict(sorted(days.items()))


def provisional_reason(year: int) -> str:
    """Why dates of ``year`` are provisional (Chinese, shown beside every such date)."""
    return (f"{year}年的国务院节假日安排尚未公布或尚未加载，该年按《全国年节及纪念日放假办法》的法定节假日和周末暂定，"
            f"未计调休；公布后请加载通知（gongkai calendar import 或平台“节假日安排”），期限将重新计算")


def weekday_name(d: dt.date) -> str:
    return WEEKDAYS[d.weekday()]


def fmt_date(d: dt.date) -> str:
    """``2024-10-01（星期二）``."""
    return f"{d.isoformat()}（{weekday_name(d)}）"


@dataclass(frozen=True)
class DayInfo:
    """What a date is: ``kind`` is ``workday`` | ``weekend`` | ``holiday`` | ``makeup`` (调休上班).

    ``name`` is the festival (Chinese) for ``holiday`` and ``makeup``; ``source`` names the
    schedule used ("chinese-calendar 1.11.0" or the notice of a loaded file).
    """

    date: dt.date
    kind: str
    name: str = ""
    source: str = ""
    provisional: bool = False

    @property
    def working(self) -> bool:
        return self.kind in ("workday", "makeup")

    def describe(self) -> str:
        """Chinese reason, e.g. "国庆节放假", "调休上班（国庆节）", "周末", "工作日"."""
        if self.kind == "holiday":
            return f"{self.name or '法定节假日'}放假" + ("（暂定）" if self.provisional else "")
        if self.kind == "makeup":
            return f"调休上班（{self.name}）" if self.name else "调休上班"
        if self.kind == "weekend":
            return "周末"
        return "工作日"


@dataclass(frozen=True)
class Schedule:
    """One year's holiday schedule as an office loads it (working-days.md §4 rule 3).

    ``rest_days`` maps date → festival name (every day of each 放假 period, weekends included);
    ``makeup_workdays`` maps a Saturday/Sunday made a working day → festival name.
    ``warnings`` are Chinese remarks from validation (放假办法第七条: more than 6 consecutive
    working days next to a holiday).
    """

    year: int
    rest_days: dict
    makeup_workdays: dict
    notice: str = ""
    number: str = ""
    url: str = ""
    digest: str = ""
    warnings: tuple = ()
    #: days of the previous year the notice also decides (元旦 from 12月31日): date → festival name
    spillover: dict = field(default_factory=dict)
    spillover_makeup: dict = field(default_factory=dict)

    def day(self, d: dt.date) -> DayInfo:
        src = self.notice or f"{self.year}年节假日安排文件"
        if d in self.makeup_workdays:
            return DayInfo(d, "makeup", self.makeup_workdays[d], src)
        if d in self.rest_days:
            return DayInfo(d, "holiday", self.rest_days[d], src)
        return DayInfo(d, "weekend" if d.weekday() >= 5 else "workday", "", src)


def _parse_date(value, where: str, path: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ScheduleFileError(f"节假日安排文件 {path}：{where} 的日期「{value}」不是 YYYY-MM-DD 格式。",
                                path=path, where=where) from None


#: the keys of an office schedule file (docs/casework.md), and those a stored notice adds (workdays/store.py)
SCHEDULE_KEYS = frozenset({"year", "notice", "number", "url", "holidays", "makeup_workdays", "spillover",
                           "source_text", "loaded_by", "loaded_at", "forced"})
#: the keys of ``gongkai calendar import/show --format json`` (notice.schedule_json, schedule_detail)
_LISTING_KEYS = frozenset({"year", "days_off", "make_up_workdays", "notice", "number", "url", "festivals",
                           "spillover", "warnings", "provisional", "provisional_reason"})


def _file_shape(data, path: str) -> tuple[int, dict]:
    """``data`` checked for the shape of a schedule file: an object, an integer ``year``, lists of objects
    (or date strings for make-up days) — every other shape a Chinese ScheduleFileError naming the key, never
    a Python error.  A key that is no schedule's (an annual report's JSON given as ``--schedule``) is refused:
    its days would be missing and the year counted Monday–Friday.  The listing of ``gongkai calendar
    import --format json`` (``days_off``, ``make_up_workdays``) is taken as the same days."""
    def fail(msg, where=""):
        raise ScheduleFileError(f"节假日安排文件 {path}：{msg}", path=path, where=where)

    if not isinstance(data, dict):
        fail("应为一个 JSON 对象（{\"year\": 2027, \"holidays\": [...], \"makeup_workdays\": [...]}），"
             f"实为{_json_kind(data)}。")
    if "year" not in data:
        fail("缺少「year」字段。")
    year = data["year"]
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year.strip())
    if isinstance(year, bool) or not isinstance(year, int):
        fail(f"「year」应为年份数字，实为「{data['year']}」。")
    if not 1900 <= year <= 9998:
        fail(f"「year」{year} 不是可计算的年份（应在 1900—9998 之间）。")
    if "days_off" in data and "holidays" not in data and set(data) <= _LISTING_KEYS:
        if data.get("provisional") is True:  # gongkai calendar show of a year without a notice
            fail(f"这是 {year} 年的暂定日历（按法定节假日推算，没有调休），不是国务院的安排：加载它会把暂定的期限当作确定。"
                 "请等国务院公布通知后用 gongkai calendar import 通知.txt 加载。")
        data = _from_listing(data, fail)
    unknown = sorted(set(data) - SCHEDULE_KEYS)
    if unknown:
        what = "，这是 gongkai extract 生成的年报数据，不是节假日安排" if {"tables", "schema_version"} & set(unknown) else ""
        fail(f"含有节假日安排文件没有的字段「{'」「'.join(unknown)}」{what}（应有的字段：year、holidays、"
             "makeup_workdays，可有 notice、number、url、spillover；格式见 docs/casework.md）。"
             "加载国务院通知请用 gongkai calendar import 通知.txt。")
    for key in ("holidays", "makeup_workdays"):
        _entries(data.get(key), key, fail, dates_ok=key == "makeup_workdays")
    sp = data.get("spillover")
    if sp is not None:
        if not isinstance(sp, dict):
            fail(f"「spillover」应为对象，实为{_json_kind(sp)}。")
        for key in ("holidays", "makeup_workdays"):
            _entries(sp.get(key), f"spillover.{key}", fail, dates_ok=key == "makeup_workdays")
    return year, data


def _json_kind(value) -> str:
    return ("数组" if isinstance(value, list) else "文字" if isinstance(value, str) else "空值（null）"
            if value is None else "真假值" if isinstance(value, bool) else "数字"
            if isinstance(value, (int, float)) else "对象")


def _entries(value, key: str, fail, dates_ok: bool) -> None:
    """Refuse the value under ``key`` unless absent, null or a list of objects (date strings too where ``dates_ok``)."""
    if value is None:
        return
    if not isinstance(value, list):
        fail(f"「{key}」应为数组（[...]），实为{_json_kind(value)}。", key)
    for i, entry in enumerate(value, 1):
        if not (isinstance(entry, dict) or (dates_ok and isinstance(entry, str))):
            want = "对象（{\"date\": \"YYYY-MM-DD\"}）或日期文字" if dates_ok else \
                "对象（{\"name\": …, \"from\": \"YYYY-MM-DD\", \"to\": \"YYYY-MM-DD\"}）"
            fail(f"{key} 第{i}项应为{want}，实为{_json_kind(entry)}「{entry}」。", f"{key} 第{i}项")


def _from_listing(data: dict, fail) -> dict:
    """The file shape of a ``--format json`` listing: each day off a one-day period (named by its festival when
    the listing has ``festivals``), each make-up day a date; the previous year's days of ``spillover`` likewise."""
    names: dict = {}
    for f in data.get("festivals") or ():
        if isinstance(f, dict) and isinstance(f.get("days_off"), list):
            names.update({d: str(f.get("name", "")) for d in f["days_off"] if isinstance(d, str)})

    def days(value, key):
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(d, str) for d in value):
            fail(f"「{key}」应为日期文字的数组（[\"YYYY-MM-DD\", …]）。", key)
        return value

    out = {k: data[k] for k in ("year", "notice", "number", "url") if k in data}
    out["holidays"] = [{"name": names.get(d, ""), "from": d, "to": d} for d in days(data["days_off"], "days_off")]
    out["makeup_workdays"] = days(data.get("make_up_workdays"), "make_up_workdays")
    sp = data.get("spillover")
    if isinstance(sp, dict) and ("days_off" in sp or "make_up_workdays" in sp):
        out["spillover"] = {"holidays": [{"from": d, "to": d} for d in days(sp.get("days_off"), "spillover.days_off")],
                            "makeup_workdays": days(sp.get("make_up_workdays"), "spillover.make_up_workdays")}
    return out


def schedule_from_dict(data: dict, path: str = "<数据>") -> Schedule:
    """Build and validate a :class:`Schedule` from the JSON shape documented in docs/casework.md::

        {"year": 2027, "notice": "国务院办公厅关于2027年部分节假日安排的通知", "number": "…", "url": "…",
         "holidays": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-01"}, …],
         "makeup_workdays": [{"date": "2027-02-06", "name": "春节"}, …]}

    Raises ScheduleFileError (Chinese, naming the entry) when a date is malformed or outside the
    year, a period ends before it starts, a make-up day is not a Saturday/Sunday, or a day is both.
    ``warnings`` (not errors): no 放假日 at all (the year would count Monday–Friday only, as if no
    schedule were known — working-days.md §4 rule 1), and 放假办法第七条 runs.
    """
    year, data = _file_shape(data, path)
    rest: dict[dt.date, str] = {}
    for i, h in enumerate(data.get("holidays") or (), 1):
        where = f"holidays 第{i}项"
        if "from" not in h:
            raise ScheduleFileError(f"节假日安排文件 {path}：{where} 缺少「from」。", path=path, where=where)
        start = _parse_date(h["from"], where, path)
        end = _parse_date(h.get("to", h["from"]), where, path)
        if end < start:
            raise ScheduleFileError(f"节假日安排文件 {path}：{where} 的结束日 {end} 早于开始日 {start}。",
                                    path=path, where=where)
        for d in {start, end} - {d for d in (start, end) if d.year == year}:  # before walking the days
            raise ScheduleFileError(f"节假日安排文件 {path}：{where} 的 {d} 不在 {year} 年内（跨年的放假日请写入相应年份的文件）。",
                                    path=path, where=where)
        d = start
        while d <= end:
            rest[d] = str(h.get("name", ""))
            d += dt.timedelta(days=1)
    makeup: dict[dt.date, str] = {}
    for i, m in enumerate(data.get("makeup_workdays") or (), 1):
        where = f"makeup_workdays 第{i}项"
        d = _parse_date(m.get("date") if isinstance(m, dict) else m, where, path)
        if d.weekday() < 5:
            raise ScheduleFileError(
                f"节假日安排文件 {path}：{where} {fmt_date(d)} 不是周六或周日，不能作为调休上班日。",
                path=path, where=where)
        if d in rest:
            raise ScheduleFileError(f"节假日安排文件 {path}：{fmt_date(d)} 同时列为放假日和调休上班日。",
                                    path=path, where=where)
        makeup[d] = str(m.get("name", "")) if isinstance(m, dict) else ""
    for d in list(rest) + list(makeup):
        if d.year != year:
            raise ScheduleFileError(f"节假日安排文件 {path}：{d} 不在 {year} 年内（跨年的放假日请写入相应年份的文件）。",
                                    path=path)
    spill: dict[dt.date, str] = {}
    spill_mk: dict[dt.date, str] = {}
    sp = data.get("spillover") or {}
    for i, h in enumerate(sp.get("holidays") or (), 1):
        where = f"spillover.holidays 第{i}项"
        start = _parse_date(h.get("from"), where, path)
        end = _parse_date(h.get("to", h.get("from")), where, path)
        if end < start:
            raise ScheduleFileError(f"节假日安排文件 {path}：{where} 的结束日 {end} 早于开始日 {start}。",
                                    path=path, where=where)
        if start.year != year - 1 or end.year != year - 1:  # before walking the days
            raise ScheduleFileError(f"节假日安排文件 {path}：{where} 的 {start} 至 {end} 应在 {year - 1} 年内。",
                                    path=path, where=where)
        d = start
        while d <= end:
            spill[d] = str(h.get("name", ""))
            d += dt.timedelta(days=1)
    for i, m in enumerate(sp.get("makeup_workdays") or (), 1):
        where = f"spillover.makeup_workdays 第{i}项"
        d = _parse_date(m.get("date") if isinstance(m, dict) else m, where, path)
        if d.weekday() < 5:
            raise ScheduleFileError(f"节假日安排文件 {path}：{where} {fmt_date(d)} 不是周六或周日，不能作为调休上班日。",
                                    path=path, where=where)
        spill_mk[d] = str(m.get("name", "")) if isinstance(m, dict) else ""
    for d in list(spill) + list(spill_mk):
        if d.year != year - 1:
            raise ScheduleFileError(f"节假日安排文件 {path}：spillover 中的 {d} 应在 {year - 1} 年内。", path=path)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()[:12]
    sched = Schedule(year, rest, makeup, str(data.get("notice", "")), str(data.get("number", "")),
                     str(data.get("url", "")), digest, spillover=spill, spillover_makeup=spill_mk)
    warnings = _check_article7(sched)
    if not rest:
        warnings.insert(0, f"节假日安排文件 {path}：{year} 年没有列出任何放假日（holidays 为空或缺失），加载后该年将只按周一至周五"
                           f"计算工作日。每年都有元旦、春节、国庆节等法定节假日，请核对文件是否完整。")
    return Schedule(**{**sched.__dict__, "warnings": tuple(warnings)})


def _check_article7(s: Schedule) -> list[str]:
    """放假办法第七条: "法定节假日假期前后连续工作一般不超过6天" — warnings, not errors."""
    out = []
    d = dt.date(s.year, 1, 1)
    run: list[dt.date] = []
    while d.year == s.year:
        if s.day(d).working:
            run.append(d)
        else:
            if len(run) > 6 and any(x in s.makeup_workdays for x in run):
                out.append(f"{run[0]} 至 {run[-1]} 连续工作 {len(run)} 天，超过《全国年节及纪念日放假办法》第七条"
                           f"“一般不超过6天”，请核对通知原文。")
            run = []
        d += dt.timedelta(days=1)
    return out


def load_schedule(path: str | Path) -> Schedule:
    """Read an office schedule file (JSON, UTF-8).  Raises ScheduleFileError on any problem."""
    p = Path(path)
    if special_file(p):
        raise ScheduleFileError(f"节假日安排文件 {p}：{special_file(p)}，应为 JSON 文件。", path=str(p))
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScheduleFileError(f"找不到节假日安排文件 {p}。", path=str(p)) from None
    except json.JSONDecodeError as e:
        raise ScheduleFileError(f"节假日安排文件 {p} 不是合法的 JSON：第{e.lineno}行第{e.colno}列格式有误"
                                f"（常见原因：缺少逗号或引号、使用了中文标点）。", path=str(p)) from None
    except UnicodeDecodeError:
        raise ScheduleFileError(f"节假日安排文件 {p} 不是 UTF-8 编码的文本（请用 UTF-8 保存 JSON 文件）。",
                                path=str(p)) from None
    except IsADirectoryError:
        raise ScheduleFileError(f"节假日安排文件 {p} 是一个文件夹，应为 JSON 文件。", path=str(p)) from None
    except OSError as e:
        raise ScheduleFileError(f"无法读取节假日安排文件 {p}（{e.strerror or e}）。", path=str(p)) from None
    return schedule_from_dict(data, str(p))


@dataclass(frozen=True)
class Pause:
    """A period during which the reply clock stands still (第三十三条第三款; fee notices, fees.md §5).

    ``start``..``end`` inclusive are not counted; ``end`` None means still paused.
    ``reason`` is Chinese, e.g. "征求第三方意见".
    """

    start: dt.date
    end: dt.date | None
    reason: str = "暂停"

    def covers(self, d: dt.date) -> bool:
        return self.start <= d and (self.end is None or d <= self.end)

    def describe(self) -> str:
        end = self.end.isoformat() if self.end else "（尚未结束）"
        return f"{self.start.isoformat()} 至 {end}（{self.reason}）"


@dataclass
class WorkingDayCount:
    """The result of counting ``n`` working days after ``start``, with its trail.

    ``due`` is None when an open pause stops the clock (``open_pause``).  ``counted`` lists the
    counted working days in order (``counted[-1] == due``); ``skipped`` the non-working days
    passed over (:class:`DayInfo`); ``paused`` the days that fell in a pause, with its reason.
    """

    start: dt.date
    n: int
    due: dt.date | None
    counted: list[DayInfo] = field(default_factory=list)
    skipped: list[DayInfo] = field(default_factory=list)
    paused: list[tuple[dt.date, str]] = field(default_factory=list)
    pauses: tuple[Pause, ...] = ()
    open_pause: Pause | None = None
    calendar_version: str = ""

    @property
    def provisional_years(self) -> tuple[int, ...]:
        """Years without an official schedule whose days this count classified (暂定)."""
        return tuple(sorted({d.date.year for d in (*self.counted, *self.skipped) if d.provisional}))

    @property
    def provisional(self) -> bool:
        """True when the result rests on a provisional year: the date is 暂定, never final."""
        return bool(self.provisional_years)

    @property
    def provisional_reason(self) -> str:
        return "；".join(provisional_reason(y) for y in self.provisional_years)

    def trail(self, start_label: str = "起算日") -> list[str]:
        """The calculation in Chinese, one line per fact, for clerks and courts."""
        lines = [f"{start_label}：{fmt_date(self.start)}，当日不计入，自下一个工作日起算"]
        events = [(d.date, "count", d) for d in self.counted] + [(d.date, "skip", d) for d in self.skipped] + \
                 [(d, "pause", r) for d, r in self.paused]
        events.sort(key=lambda e: e[0])
        i = 0
        for day, what, obj in events:
            if what == "count":
                i += 1
                extra = f"，{obj.describe()}" if obj.kind == "makeup" else ""
                extra += "（暂定）" if obj.provisional else ""
                lines.append(f"第{i}个工作日：{fmt_date(day)}{extra}")
            elif what == "skip":
                lines.append(f"  不计：{fmt_date(day)} {obj.describe()}")
            else:
                lines.append(f"  不计：{fmt_date(day)} 暂停期间（{obj}）")
        paused_days = {d for d, _ in self.paused}
        for p in self.pauses:
            if p.start <= self.start and p.end is not None and p.end <= self.start:
                lines.append(f"暂停期间：{p.describe()}，在起算日之前，不影响期限")
            elif self.due is not None and p.start > self.due:
                lines.append(f"暂停期间：{p.describe()}，在期限届满之后，不影响期限")
            elif self.due is not None and not any(p.covers(d) for d in paused_days):
                lines.append(f"暂停期间：{p.describe()}，其中没有工作日被跳过，不影响期限")
            else:
                lines.append(f"暂停期间：{p.describe()}，不计入期限")
        overlaps = [(a, b) for k, a in enumerate(self.pauses) for b in self.pauses[k + 1:]
                    if b.start <= (a.end or b.start) and a.start <= (b.end or a.start)]
        for a, b in overlaps:
            lines.append(f"  注意：暂停期间 {a.describe()} 与 {b.describe()} 重叠，重叠的日子只跳过一次")
        if self.due:
            mark = "（暂定）" if self.provisional else ""
            lines.append(f"期限届满日：{fmt_date(self.due)}{mark}（第{self.n}个工作日）")
        else:
            lines.append(f"期限暂停中：{self.open_pause.describe() if self.open_pause else ''}，恢复计算后才能确定届满日")
        lines.append(f"日历依据：{self.calendar_version}")
        if self.provisional:
            lines.append(f"暂定：{self.provisional_reason}。")
        return lines

    def to_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "working_days": self.n,
            "due": self.due.isoformat() if self.due else None,
            "days": [d.date.isoformat() for d in self.counted],
            "makeup_days": [{"date": d.date.isoformat(), "name": d.name} for d in self.counted if d.kind == "makeup"],
            "skipped": [{"date": d.date.isoformat(), "reason": d.describe()} for d in self.skipped],
            "paused_days": [{"date": d.isoformat(), "reason": r} for d, r in self.paused],
            "pauses": [{"start": p.start.isoformat(), "end": p.end.isoformat() if p.end else None,
                        "reason": p.reason} for p in self.pauses],
            "calendar": self.calendar_version,
            "provisional": self.provisional,
            "provisional_reason": self.provisional_reason,
            "provisional_years": list(self.provisional_years),
        }


def day_differences(first, second, year: int, first_word: str, second_word: str) -> list[str]:
    """Days of ``year`` that are working days by one classification (``first``/``second``: date → DayInfo) and
    not by the other, in Chinese: "2024-10-08 内置为工作日，文件为休息日（国庆节）"."""
    word = {True: "工作日", False: "休息日"}
    out = []
    d = dt.date(year, 1, 1)
    while d.year == year:
        a, b = first(d), second(d)
        if a.working != b.working:
            name = b.name or a.name
            out.append(f"{d.isoformat()} {first_word}{word[a.working]}，{second_word}{word[b.working]}"
                       + (f"（{name}）" if name else ""))
        d += dt.timedelta(days=1)
    return out


def capped(lines: list[str], limit: int) -> list[str]:
    """At most ``limit`` lines, then how many more ("另有 N 天不同")."""
    return lines[:limit] + [f"另有 {len(lines) - limit} 天不同"] if len(lines) > limit else lines


class WorkCalendar:
    """The working-day calendar of one office: the library plus the schedules it loaded.

    Immutable; :meth:`with_schedule` returns a new calendar.  ``library=False`` uses loaded
    schedules only; ``provisional=False`` refuses years without a schedule (CalendarUnavailable)
    instead of classifying them provisionally from the statutory holidays.
    """

    def __init__(self, schedules: Iterable[Schedule] = (), library: bool = True, provisional: bool = True):
        self._schedules = {s.year: s for s in schedules}
        self._library = library
        self._provisional = provisional
        self._cache: dict[dt.date, DayInfo] = {}
        self._years: dict = {}  # year → _YearTable | None (:meth:`_year`)
        self._statutory: dict[int, dict[dt.date, str]] = {}
        # a notice's days of the previous year (元旦 from 12月31日) prevail over that year's older data
        self._spill: dict[dt.date, DayInfo] = {}
        for sc in self._schedules.values():
            src = sc.notice or f"{sc.year}年节假日安排文件"
            self._spill.update({d: DayInfo(d, "holiday", n, src) for d, n in sc.spillover.items()})
            self._spill.update({d: DayInfo(d, "makeup", n, src) for d, n in sc.spillover_makeup.items()})

    def with_schedule(self, schedule: Schedule) -> "WorkCalendar":
        return WorkCalendar([*self._schedules.values(), schedule], self._library, self._provisional)

    def provisional_years_between(self, start: dt.date, end: dt.date) -> list[int]:
        """The provisional years a count from ``start`` to ``end`` passes through."""
        return [y for y in range(min(start, end).year, max(start, end).year + 1) if self.is_provisional(y)]

    def span_provisional(self, start: dt.date, end: dt.date) -> bool:
        """True when a count from ``start`` to ``end`` classifies a day of a provisional year."""
        return bool(self.provisional_years_between(start, end))

    def is_provisional(self, year: int) -> bool:
        """True when ``year`` has no official schedule here and is classified provisionally."""
        return not self.covers(year) and self._provisional and year >= FIRST_PROVISIONAL_YEAR

    def differences(self, schedule: Schedule, limit: int = 5) -> list[str]:
        """Where ``schedule`` disagrees with the State Council schedule this calendar already has for
        its year (chinese-calendar): Chinese lines "2024-10-08 内置为工作日，文件为休息日（国庆节）", at
        most ``limit`` plus a count of the rest; [] when the year is not built in or they agree.  A
        loaded file replaces the built-in year, so a clerk should be told what changes."""
        if not (self._library and LIBRARY_YEARS[0] <= schedule.year <= LIBRARY_YEARS[1]):
            return []
        return capped(day_differences(WorkCalendar(library=True).day, schedule.day, schedule.year, "内置为", "文件为"),
                      limit)

    @property
    def schedules(self) -> dict[int, Schedule]:
        return dict(self._schedules)

    def covers(self, year: int) -> bool:
        return year in self._schedules or (self._library and LIBRARY_YEARS[0] <= year <= LIBRARY_YEARS[1])

    @property
    def version(self) -> str:
        """Which data the counts rest on (stored with every computed deadline, working-days.md §4 rule 4)."""
        parts = [LIBRARY_VERSION + f"（{LIBRARY_YEARS[0]}—{LIBRARY_YEARS[1]}年）"] if self._library else []
        parts += [f"{y}年：{s.notice or '本机关加载的安排'}#{s.digest}" for y, s in sorted(self._schedules.items())]
        if self._provisional:
            parts.append("其他年份：按法定节假日暂定")
        return "；".join(parts) or "无"

    def day(self, d: dt.date) -> DayInfo:
        """Classify ``d`` (provisionally for a year without a schedule).  Raises CalendarUnavailable when
        its year is not covered and provisional years are off (or it is before 2008)."""
        info = self._cache.get(d)
        if info is not None:
            return info
        s = self._schedules.get(d.year)
        if d in self._spill:
            info = self._spill[d]
        elif s is not None:
            info = s.day(d)
        elif self._library and LIBRARY_YEARS[0] <= d.year <= LIBRARY_YEARS[1]:
            if d in _cc.workdays:
                info = DayInfo(d, "makeup" if d.weekday() >= 5 else "workday",
                               _festival(_cc.workdays[d]), LIBRARY_VERSION)
            elif d in _cc.holidays:
                info = DayInfo(d, "holiday", _festival(_cc.holidays[d]), LIBRARY_VERSION)
            else:
                info = DayInfo(d, "weekend" if d.weekday() >= 5 else "workday", "", LIBRARY_VERSION)
        elif self.is_provisional(d.year):
            holidays = self._statutory.get(d.year)
            if holidays is None:
                holidays = self._statutory[d.year] = statutory_holidays(d.year)
            src = f"{d.year}年暂定（法定节假日与周末，未计调休）"
            if d in holidays:
                info = DayInfo(d, "holiday", holidays[d], src, True)
            else:
                info = DayInfo(d, "weekend" if d.weekday() >= 5 else "workday", "", src, True)
        else:
            raise CalendarUnavailable(d.year, LIBRARY_YEARS if self._library else None)
        self._cache[d] = info
        return info

    def is_working_day(self, d: dt.date) -> bool:
        return self.day(d).working

    def _year(self, year: int) -> "_YearTable | None":
        """The classified days of ``year`` (built once per calendar), or None when only some of its days can be
        classified (a notice's 元旦 days of a year no other source covers): such a year is walked day by day.
        Raises CalendarUnavailable, as :meth:`day` does, when none can."""
        table = self._years.get(year, _MISSING)
        if table is not _MISSING:
            return table
        first = dt.date(year, 1, 1)
        infos, failed = [], None
        for i in range((dt.date(year, 12, 31) - first).days + 1):
            try:
                infos.append(self.day(first + dt.timedelta(days=i)))
            except CalendarUnavailable as e:
                failed = e
                infos.append(None)
        if failed is not None and all(x is None for x in infos):
            raise failed
        table = None if failed is not None else _YearTable(first.toordinal(), infos)
        self._years[year] = table
        return table

    def _free_days(self, lo: int, hi: int):
        """The days of ordinals ``lo``..``hi`` (inclusive, no pause among them) year by year, in order: yields
        (table, i0, i1) — the year's :class:`_YearTable` and the day indexes within it — or (None, lo', hi') for a
        part of a year walked day by day.  Raises CalendarUnavailable for a year none of whose days can be
        classified (as :meth:`day` would on its first day)."""
        while lo <= hi:
            year = dt.date.fromordinal(lo).year
            end = min(hi, dt.date(year, 12, 31).toordinal())
            table = self._year(year)
            if table is None:
                yield None, lo, end
            else:
                yield table, lo - table.base, end - table.base
            lo = end + 1

    def add_working_days(self, start: dt.date, n: int, pauses: Iterable[Pause] = ()) -> WorkingDayCount:
        """Count ``n`` working days after ``start`` (``start`` not counted), skipping paused days.

        Returns a :class:`WorkingDayCount` with the trail; ``due`` None when an open pause is
        reached.  Raises CalendarUnavailable if a day to be classified lies in an unknown year,
        ValueError if ``n`` < 0.

        The same as walking day by day from ``start`` (tests/workdays/test_fast_count.py compares the two),
        a stretch without a pause taken a year at a time from the year's classified days (:meth:`_year`).
        """
        if n < 0:
            raise ValueError(f"工作日数不能为负数：{n}")
        pauses = tuple(sorted(pauses, key=lambda p: p.start))
        res = WorkingDayCount(start, n, None, pauses=pauses, calendar_version=self.version)
        if n == 0:
            res.due = start
            return res
        left, cur = n, start.toordinal()
        while True:
            if cur >= _LAST_ORDINAL:
                raise GongkaiError(f"从 {start} 起算 {n} 个工作日超出了可计算的日期范围（公元9999年），请核对日期。")
            d = dt.date.fromordinal(cur + 1)
            p = next((p for p in pauses if p.covers(d)), None)
            if p is not None:  # a paused day: one at a time (the reason is the first pause covering it)
                if p.end is None:
                    res.open_pause = p
                    return res
                res.paused.append((d, p.reason))
                cur += 1
                continue
            # the days up to the next pause (or the last countable day) are free: take them a year at a time
            hi = min([q.start.toordinal() - 1 for q in pauses if q.start > d] + [_LAST_ORDINAL])
            for table, i0, i1 in self._free_days(cur + 1, hi):
                if table is None:
                    for o in range(i0, i1 + 1):
                        info = self.day(dt.date.fromordinal(o))
                        if info.working:
                            res.counted.append(info)
                            left -= 1
                            if not left:
                                res.due = info.date
                                return res
                        else:
                            res.skipped.append(info)
                    continue
                j0 = bisect_left(table.work, i0)
                j1 = bisect_right(table.work, i1)
                k0 = bisect_left(table.rest, i0)
                if j1 - j0 >= left:
                    last = table.work[j0 + left - 1]
                    res.counted.extend(table.work_info[j0:j0 + left])
                    res.skipped.extend(table.rest_info[k0:bisect_right(table.rest, last)])
                    res.due = table.work_info[j0 + left - 1].date
                    return res
                res.counted.extend(table.work_info[j0:j1])
                res.skipped.extend(table.rest_info[k0:bisect_right(table.rest, i1)])
                left -= j1 - j0
            cur = hi

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end] — 0 when end ≤ start.  Raises CalendarUnavailable."""
        return self.working_days_excluding(start, end)

    def working_days_excluding(self, start: dt.date, end: dt.date, pauses: Iterable[Pause] = ()) -> int:
        """Working days in (start, end] not inside a pause — 0 when end ≤ start.  Raises CalendarUnavailable when
        a day to be classified (one not paused) lies in an unknown year."""
        lo, hi = start.toordinal() + 1, min(end, dt.date.max).toordinal()
        # the stretches without a pause: (start, end] minus the paused days
        cuts = sorted((p.start.toordinal(), p.end.toordinal() if p.end is not None else hi) for p in pauses)
        n = 0
        for a, b in cuts:
            if a > lo:
                n += self._count_free(lo, min(hi, a - 1))
            lo = max(lo, b + 1)
            if lo > hi:
                return n
        return n + self._count_free(lo, hi)

    def _count_free(self, lo: int, hi: int) -> int:
        n = 0
        for table, i0, i1 in self._free_days(lo, hi):
            if table is None:
                n += sum(self.day(dt.date.fromordinal(o)).working for o in range(i0, i1 + 1))
            else:
                n += table.prefix[i1 + 1] - table.prefix[i0]
        return n


#: the last day a count may reach (one day before ``date.max``, as the day-by-day walk had it)
_LAST_ORDINAL = (dt.date.max - dt.timedelta(days=1)).toordinal()
_MISSING = object()


class _YearTable:
    """One year's classified days: ``work``/``rest`` the day indexes (0 = 1 January) of its working and other
    days, ``work_info``/``rest_info`` their :class:`DayInfo`, ``prefix[i]`` the working days before index i."""

    __slots__ = ("base", "work", "rest", "work_info", "rest_info", "prefix")

    def __init__(self, base: int, infos: list):
        self.base = base
        self.work, self.rest, self.work_info, self.rest_info, self.prefix = [], [], [], [], [0]
        for i, info in enumerate(infos):
            if info.working:
                self.work.append(i)
                self.work_info.append(info)
            else:
                self.rest.append(i)
                self.rest_info.append(info)
            self.prefix.append(len(self.work))


_DEFAULT: WorkCalendar | None = None


def default_calendar() -> WorkCalendar:
    """The library-only calendar (shared, cached)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = WorkCalendar()
    return _DEFAULT
