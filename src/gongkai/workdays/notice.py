"""Parser of the State Council holiday notice 《国务院办公厅关于YYYY年部分节假日安排的通知》.

Framework-free.  :func:`parse_notice` reads the published text (pasted from gov.cn, a newspaper
or a web page with its chrome) and returns a :class:`NoticeSchedule`, a
:class:`~gongkai.workdays.calendar.Schedule` built through
:func:`~gongkai.workdays.calendar.schedule_from_dict` (so the checks of an office schedule file —
make-up days on Saturday/Sunday, 放假办法第七条 warnings — live in one place).

What is read (docs/casework.md「节假日安排通知的解析」):

* the year from the title "关于2026年部分节假日安排" (or the preamble "现将2026年元旦…"), or the
  ``year`` argument; when both are present they must agree;
* the 文号 "国办发明电〔2025〕7号" if present (any bracket style, normalised to 〔〕);
* each numbered festival item "二、春节：…" (full-width or half-width punctuation; several items on
  one line are fine).  Its 放假 sentence gives one period ("2月15日（…周日）至23日（…周一）放假调休，
  共9天", "1月1日（周三）放假1天，不调休", "6月10日放假，与周末连休", "2018年12月30日至2019年1月1日…",
  "12月31日至1月2日…"); a "1月2日（星期一）补休" adds a day; "X月X日（周六）、X月X日（周日）上班"
  lists make-up working days.  Every day of a period is a rest day (weekend days inside included);
  "与周末连休" adds nothing (the weekend is rest anyway).

What is refused (:class:`NoticeParseError`, a ScheduleFileError, message naming the line number and
quoting the line): no festival item at all; a festival item whose rest period cannot be read; a 星期
in parentheses that is not the date's real weekday (catches typos); "共N天" different from the
period's length; a make-up day that is not a Saturday/Sunday or that is also a rest day; a
nonexistent date; a year in the title different from ``year``; a date outside years Y-1..Y.

A notice that changes a published schedule (《关于延长2020年春节假期的通知》, 《关于调整2019年劳动节假期
安排的通知》) is refused with that reason: apply it by editing the year's schedule file.

Outputs: :func:`schedule_json` (exactly year/days_off/make_up_workdays), :func:`schedule_detail`
(plus festivals, spillover, warnings), :func:`schedule_file` (the office schedule-file JSON shape).

Days of year Y-1 (the 元旦 of notice Y can start on 12月30/31 of Y-1) are not put into the year-Y
schedule (a Schedule holds one year): they are returned separately in
``NoticeSchedule.spillover`` (rest days) and ``spillover_makeup`` (make-up days), and named in a
warning, so that the caller can put them into the Y-1 schedule.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from dataclasses import dataclass, field

from .calendar import Schedule, fmt_date, schedule_from_dict
from .errors import ScheduleFileError

__all__ = ["NoticeParseError", "NoticeSchedule", "Festival", "parse_notice", "schedule_json",
           "schedule_detail", "schedule_file"]


class NoticeParseError(ScheduleFileError):
    """The notice text cannot be read; ``line`` (1-based, 0 when not about one line) and ``text``
    (the line as pasted) say where."""


@dataclass(frozen=True)
class Festival:
    """One numbered item of the notice: ``name`` as written ("国庆节、中秋节"), the rest period
    ``start``..``end`` (may begin in Y-1), extra 补休 days, the make-up days and the line number."""

    name: str
    start: dt.date
    end: dt.date
    extra: tuple = ()
    makeup: tuple = ()
    stated_days: int | None = None
    line: int = 0

    @property
    def days_off(self) -> list[dt.date]:
        out = [self.start + dt.timedelta(days=i) for i in range((self.end - self.start).days + 1)]
        return sorted(set(out) | set(self.extra))


@dataclass(frozen=True)
class NoticeSchedule(Schedule):
    """A :class:`Schedule` read from a notice, plus what a Schedule cannot hold: the days of the
    previous year (``spillover`` date → festival, ``spillover_makeup`` date → festival), the
    festival items (:class:`Festival`) and the ``source`` name."""

    spillover: dict = field(default_factory=dict)
    spillover_makeup: dict = field(default_factory=dict)
    festivals: tuple = ()
    source: str = ""


#: the festivals of 《全国年节及纪念日放假办法》 that every year's notice arranges, with the words naming each
_EVERY_YEAR = (("元旦", ("元旦",)), ("春节", ("春节",)), ("清明节", ("清明",)), ("劳动节", ("劳动节", "五一")),
               ("端午节", ("端午",)), ("中秋节", ("中秋",)), ("国庆节", ("国庆",)))
FESTIVAL_WORDS = ("元旦", "春节", "清明", "劳动节", "五一", "端午", "中秋", "国庆", "纪念日", "抗日", "反法西斯")
_NUM = "一二三四五六七八九十"
_CN_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEKDAY_SHORT = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")

# A numbered heading: "二、春节：" (after NFKC the colon is ":"); the name is short and has no
# sentence punctuation.  Only headings whose name contains a festival word are items.
_NAME_PART = r"[^:，,。;；、()]"
_HEADING = re.compile(rf"(?:^|(?<=[。.;；\s]))([{_NUM}]{{1,3}}|\d{{1,2}})\s*[、,，.．]\s*"
                      rf"({_NAME_PART}{{1,24}}?(?:[、,，]{_NAME_PART}{{1,12}}?)*)\s*:")
_PAREN = r"(?:\(([^()]*)\))?"
_DATE = rf"(?:(\d{{4}})\s*年\s*)?(?:(\d{{1,2}})\s*月\s*)?(\d{{1,2}})\s*日\s*{_PAREN}"
_DATE_RE = re.compile(_DATE)
_SPAN_RE = re.compile(rf"{_DATE}(?:\s*(?:至|到|—|-|~|～)\s*{_DATE})?")
_TITLE_YEAR = re.compile(r"关于\s*(\d{4})\s*年\s*部分节假日\s*安排")
_PREAMBLE_YEAR = re.compile(r"现将\s*(\d{4})\s*年[^。]{0,40}?放假调休日期")
_NUMBER = re.compile(r"国办发明电\s*[〔\[【(［]\s*(\d{4})\s*[〕\]】)］]\s*(\d+)\s*号")
_COUNT = re.compile(r"共\s*(\d+)\s*天|放假\s*(\d+)\s*天")
_WEEKDAY_IN_PAREN = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
_TAG = re.compile(r"<[^>]*>")
_KEYWORD = re.compile(r"放假|补休|上班")
_CHANGE_TITLE = re.compile(r"关于\s*(?:延长|调整)\s*\d{4}\s*年[^\n]{0,12}?假期")
# A numbered line that names a festival but has no "：" after the name — refused, not skipped.
_BAD_HEADING = re.compile(rf"^([{_NUM}]{{1,3}})\s*[、,，.．]\s*(\S{{0,12}})")
# Traditional characters of pages that republish the notice (read as simplified; quotes keep the original).
_TRAD = str.maketrans("節國勞動慶調農曆歷臘週關於辦發電號務廳與連補數會僅開廣東餘義",
                      "节国劳动庆调农历历腊周关于办发电号务厅与连补数会仅开广东余义")


def _clean(line: str) -> str:
    """The line as the parser reads it: HTML tags and entities removed, NFKC (full-width
    punctuation, digits and parentheses to ASCII; "〔〕、。" are unchanged), spaces collapsed."""
    s = html.unescape(_TAG.sub(" ", line))
    s = unicodedata.normalize("NFKC", s).translate(_TRAD)
    s = s.replace("【", "[").replace("】", "]")
    return re.sub(r"\s+", " ", s).strip()


def _quote(raw: str, limit: int = 60) -> str:
    s = re.sub(r"\s+", " ", html.unescape(_TAG.sub(" ", raw))).strip()
    return s if len(s) <= limit else s[:limit] + "…"


class _Ctx:
    def __init__(self, source: str):
        self.source = source

    def error(self, lineno: int, raw: str, what: str) -> NoticeParseError:
        return NoticeParseError(f"节假日安排通知 {self.source}：第{lineno}行「{_quote(raw)}」{what}",
                                path=self.source, where=f"第{lineno}行", line=lineno, text=raw)


def _find_year(lines: list[str], year: int | None, ctx: _Ctx) -> int:
    joined = "\n".join(lines)
    change = _CHANGE_TITLE.search(joined)
    if change and not (_PREAMBLE_YEAR.search(joined) or _TITLE_YEAR.search(joined)):
        i = joined.count("\n", 0, change.start())
        raise ctx.error(i + 1, lines[i], "是调整或延长已公布安排的通知（如 2020 年春节延长、2019 年劳动节调整），不是年度"
                                         "《部分节假日安排的通知》，本功能不读取。请先导入该年的年度通知，再按调整通知修改"
                                         "该年的安排文件（docs/casework.md「加载节假日安排」）。")
    # The preamble "现将2026年元旦…" is in the body itself; a title may also appear in page chrome
    # ("相关阅读：国务院办公厅关于2025年部分节假日安排的通知"), so the preamble decides when present.
    m = _PREAMBLE_YEAR.search(joined) or _TITLE_YEAR.search(joined)
    if m and year is not None and int(m.group(1)) != year:
        i = joined.count("\n", 0, m.start())
        raise ctx.error(i + 1, lines[i], f"写的是 {m.group(1)} 年的安排，与指定的年份 {year} 不一致。"
                                         f"请核对通知标题或所指定的年份。")
    if m:
        return int(m.group(1))
    if year is None:
        raise NoticeParseError(f"节假日安排通知 {ctx.source}：找不到标题「国务院办公厅关于YYYY年部分节假日安排的通知」，"
                               f"无法确定年份。请连同标题一起粘贴，或指定年份。", path=ctx.source, line=0)
    return year


def _weekday_check(d: dt.date, paren: str | None, lineno: int, raw: str, ctx: _Ctx) -> None:
    if not paren:
        return
    m = _WEEKDAY_IN_PAREN.search(paren)
    if m and _CN_WEEKDAY[m.group(1)] != d.weekday():
        raise ctx.error(lineno, raw, f"中 {d.month}月{d.day}日 注明「{m.group(0)}」，但 {d.year}年{d.month}月{d.day}日"
                                     f"是{_WEEKDAY_SHORT[d.weekday()]}。请核对通知原文（日期或星期有误）。")


def _mk(y: int, m: int, d: int, lineno: int, raw: str, ctx: _Ctx) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise ctx.error(lineno, raw, f"中的日期 {y}年{m}月{d}日 不存在。") from None


def _parse_item(name: str, body: str, lineno: int, raw: str, year: int, ctx: _Ctx) -> Festival:
    """One festival item: ``body`` is the text after the heading's colon."""
    sentences = [s.strip() for s in re.split(r"[。;；]|\.(?!\d)", body) if s.strip()]
    rest_sentence = next((s for s in sentences if "放假" in s), None)
    if rest_sentence is None:
        raise ctx.error(lineno, raw, f"无法识别：「{name}」一项中没有“X月X日（至X日）放假”的句子。")
    m = _SPAN_RE.search(rest_sentence)
    if m is None or m.start() > rest_sentence.index("放假"):
        raise ctx.error(lineno, raw, f"无法识别：「{name}」一项的放假日期读不出来（应为“X月X日至X日放假”）。")
    if m.group(2) is None:
        raise ctx.error(lineno, raw, f"无法识别：「{name}」一项的放假日期缺少月份（应为“X月X日至X日放假”）。")
    y1 = int(m.group(1)) if m.group(1) else year
    mo1 = int(m.group(2))
    start = _mk(y1, mo1, int(m.group(3)), lineno, raw, ctx)
    if m.group(7):  # an end date
        y2 = int(m.group(5)) if m.group(5) else start.year
        mo2 = int(m.group(6)) if m.group(6) else start.month
        end = _mk(y2, mo2, int(m.group(7)), lineno, raw, ctx)
        if end < start and not m.group(5):
            if m.group(6) and not m.group(1):   # "12月31日至1月2日": the start lies in the previous year
                start = _mk(start.year - 1, start.month, start.day, lineno, raw, ctx)
            elif m.group(6):
                end = _mk(end.year + 1, end.month, end.day, lineno, raw, ctx)
        if end < start:
            raise ctx.error(lineno, raw, f"中放假的结束日 {end} 早于开始日 {start}。")
        _weekday_check(end, m.group(8), lineno, raw, ctx)
    else:
        end = start
    _weekday_check(start, m.group(4), lineno, raw, ctx)
    stated = None
    cm = _COUNT.search(rest_sentence)
    if cm:
        stated = int(cm.group(1) or cm.group(2))
        length = (end - start).days + 1
        if stated != length:
            raise ctx.error(lineno, raw, f"写“共{stated}天”，但 {start} 至 {end} 是 {length} 天。"
                                         f"请核对通知原文（日期或天数有误）。")
    extra: list[dt.date] = []
    makeup: list[dt.date] = []
    for s in sentences:
        # Each date belongs to the next keyword after it: "…补休" adds a rest day (2016, 2017),
        # "…上班" makes a make-up working day; a date followed by neither ("安排职工在除夕（2月9日）
        # 休息") is not part of the schedule.  In the 放假 sentence only the text after the period.
        part = s[m.end():] if s is rest_sentence else s
        tokens = sorted([(x.start(), "date", x) for x in _DATE_RE.finditer(part)] +
                        [(x.start(), x.group(0), x) for x in _KEYWORD.finditer(part)], key=lambda t: t[0])
        pending: list = []
        prev_month = None
        for _, kind, x in tokens:
            if kind == "date":
                pending.append(x)
                continue
            if kind == "放假" and pending:
                raise ctx.error(lineno, raw, f"无法识别：「{name}」一项有第二处放假日期（「{s}」），每一项只应有一个放假期间。")
            for dm in pending:
                if dm.group(2) is None and prev_month is None:
                    raise ctx.error(lineno, raw, f"无法识别：「{s}」中的日期缺少月份。")
                mo, day = (int(dm.group(2)) if dm.group(2) else prev_month), int(dm.group(3))
                prev_month = mo
                if dm.group(1):
                    d = _mk(int(dm.group(1)), mo, day, lineno, raw, ctx)
                else:   # the year of the period nearest to it
                    cands = {dt.date(y, mo, day) for y in range(start.year - 1, end.year + 2) if _valid(y, mo, day)}
                    if not cands:
                        raise ctx.error(lineno, raw, f"中的日期 {mo}月{day}日 不存在。")
                    d = min(cands, key=lambda c: min(abs((c - start).days), abs((c - end).days)))
                _weekday_check(d, dm.group(4), lineno, raw, ctx)
                (extra if kind == "补休" else makeup).append(d)
            pending = []
    days = set(start + dt.timedelta(days=i) for i in range((end - start).days + 1)) | set(extra)
    for d in makeup:
        if d.weekday() < 5:
            raise ctx.error(lineno, raw, f"中 {fmt_date(d)} 不是周六或周日，不能作为调休上班日。请核对通知原文。")
        if d in days:
            raise ctx.error(lineno, raw, f"中 {fmt_date(d)} 既在放假期间又列为上班日。请核对通知原文。")
    for d in days | set(makeup):
        if d.year not in (year, year - 1):
            raise ctx.error(lineno, raw, f"中的 {d} 不在 {year - 1}—{year} 年内，不属于 {year} 年的安排。")
    return Festival(name, start, end, tuple(sorted(extra)), tuple(sorted(makeup)), stated, lineno)


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


def _is_festival_name(name: str) -> bool:
    return any(w in name for w in FESTIVAL_WORDS)


def parse_notice(text: str, year: int | None = None, source: str = "<通知>") -> NoticeSchedule:
    """Read the text of 《国务院办公厅关于YYYY年部分节假日安排的通知》 into a :class:`NoticeSchedule`.

    ``year`` may be given (it must agree with the title when the title is present).  Raises
    :class:`NoticeParseError` (Chinese, naming and quoting the line) as described in the module
    docstring.  Days of the previous year go to ``spillover``/``spillover_makeup``, not into the
    schedule, with a warning.
    """
    ctx = _Ctx(source)
    raw_lines = text.splitlines()
    lines = [_clean(line) for line in raw_lines]
    y = _find_year(lines, year, ctx)
    number = ""
    for line in lines:
        nm = _NUMBER.search(line)
        if nm:
            number = f"国办发明电〔{nm.group(1)}〕{nm.group(2)}号"
            break
    festivals: list[Festival] = []
    for lineno, (raw, line) in enumerate(zip(raw_lines, lines), 1):
        heads = [h for h in _HEADING.finditer(line) if _is_festival_name(h.group(2))]
        bad = _BAD_HEADING.match(line)
        if bad and _is_festival_name(bad.group(2)) and not (heads and heads[0].start() == 0):
            raise ctx.error(lineno, raw, "无法识别：以编号开头的节日条目应写作“X、节日名：日期……”（节日名后缺少冒号或格式不符）。")
        for k, h in enumerate(heads):
            body = line[h.end(): heads[k + 1].start() if k + 1 < len(heads) else len(line)]
            name = re.sub(r"[,，]", "、", re.sub(r"\s+", "", h.group(2)))
            seg = line[h.start(): heads[k + 1].start() if k + 1 < len(heads) else len(line)]
            festivals.append(_parse_item(name, body, lineno, seg if len(heads) > 1 else raw, y, ctx))
    if not festivals:
        raise NoticeParseError(
            f"节假日安排通知 {source}：没有识别出任何节日安排（应有“一、元旦：1月1日放假……”这样的编号条目）。"
            f"请确认粘贴的是《国务院办公厅关于{y}年部分节假日安排的通知》的正文。", path=source, line=0)
    rest: dict[dt.date, tuple[str, Festival]] = {}
    makeup: dict[dt.date, tuple[str, Festival]] = {}
    for f in festivals:
        for d in f.days_off:
            if d in rest and rest[d][1] is not f:
                other = rest[d][1]
                raise ctx.error(f.line, raw_lines[f.line - 1],
                                f"中 {fmt_date(d)} 已在第{other.line}行「{other.name}」的放假期间内，重复安排。请核对通知原文。")
            rest[d] = (f.name, f)
        for d in f.makeup:
            makeup[d] = (f.name, f)
    for d, (name, f) in makeup.items():
        if d in rest:
            raise ctx.error(f.line, raw_lines[f.line - 1],
                            f"中 {fmt_date(d)} 列为上班日，但它在「{rest[d][0]}」的放假期间内。请核对通知原文。")
    data = _file_shape(y, f"国务院办公厅关于{y}年部分节假日安排的通知", number, "",
                       {d: n for d, (n, _) in rest.items() if d.year == y},
                       {d: n for d, (n, _) in makeup.items() if d.year == y})
    spill = {d: n for d, (n, _) in sorted(rest.items()) if d.year != y}
    spill_mk = {d: n for d, (n, _) in sorted(makeup.items()) if d.year != y}
    if spill or spill_mk:  # days of Y-1 the notice decides (元旦 from 12月31日): applied to that year
        data["spillover"] = _spill_shape(spill, spill_mk)
    base = schedule_from_dict(data, source)
    warnings = list(base.warnings)
    missing = [name for name, words in _EVERY_YEAR if not any(w in f.name for f in festivals for w in words)]
    if missing:  # a notice pasted in part: the festivals left out would count as working days, and the year as known
        warnings.insert(0, f"节假日安排通知 {source}：没有「{'」「'.join(missing)}」的安排，而每年的通知都列出元旦、春节、清明节、"
                           f"劳动节、端午节、中秋节和国庆节。请核对是否只粘贴了通知的一部分：加载后 {y} 年按这份通知计算，"
                           f"未列出的节日按工作日计。")
    return NoticeSchedule(**{**base.__dict__, "warnings": tuple(warnings)}, festivals=tuple(festivals),
                          source=source)


def _runs(rest_days: dict) -> list[tuple[str, dt.date, dt.date]]:
    """Consecutive rest days with the same festival name, as (name, first, last)."""
    runs: list[list] = []
    for d in sorted(rest_days):
        if runs and runs[-1][0] == rest_days[d] and runs[-1][2] + dt.timedelta(days=1) == d:
            runs[-1][2] = d
        else:
            runs.append([rest_days[d], d, d])
    return [tuple(r) for r in runs]


def _file_shape(year: int, notice: str, number: str, url: str, rest_days: dict, makeup: dict) -> dict:
    return {
        "year": year, "notice": notice, "number": number, "url": url,
        "holidays": [{"name": n, "from": a.isoformat(), "to": b.isoformat()} for n, a, b in _runs(rest_days)],
        "makeup_workdays": [{"date": d.isoformat(), "name": makeup[d]} for d in sorted(makeup)],
    }


def _spill_shape(spill: dict, spill_mk: dict) -> dict:
    return {"holidays": [{"name": n, "from": d.isoformat(), "to": d.isoformat()} for d, n in sorted(spill.items())],
            "makeup_workdays": [{"date": d.isoformat(), "name": n} for d, n in sorted(spill_mk.items())]}


def schedule_file(schedule: Schedule) -> dict:
    """The schedule in the JSON shape of an office schedule file (docs/casework.md「加载节假日安排」,
    read by :func:`~gongkai.workdays.calendar.load_schedule`): ``holidays`` as periods, one per run of
    consecutive days of one festival; year Y only.  ``schedule_from_dict(schedule_file(s))`` gives
    the same days, names and digest as ``s``."""
    out = _file_shape(schedule.year, schedule.notice, schedule.number, schedule.url,
                      schedule.rest_days, schedule.makeup_workdays)
    if schedule.spillover or schedule.spillover_makeup:
        out["spillover"] = _spill_shape(schedule.spillover, schedule.spillover_makeup)
    return out


def schedule_json(schedule: Schedule) -> dict:
    """``{"year": Y, "days_off": [ISO dates sorted], "make_up_workdays": [ISO dates sorted]}`` — exactly
    these keys (``--format json``); only days of year Y (the previous year's days of a notice are in
    :func:`schedule_detail`)."""
    return {
        "year": schedule.year,
        "days_off": sorted(d.isoformat() for d in schedule.rest_days),
        "make_up_workdays": sorted(d.isoformat() for d in schedule.makeup_workdays),
    }


def schedule_detail(schedule: Schedule) -> dict:
    """Everything about a schedule: :func:`schedule_json`'s keys plus ``notice``, ``number``, ``url``,
    ``festivals`` (per item: name, from, to, days, days_off, make_up_workdays, line), ``spillover``
    (days of the previous year) and ``warnings``.  For a plain Schedule the festivals are the runs of
    consecutive rest days with the same name."""
    out = schedule_json(schedule)
    out.update({"notice": schedule.notice, "number": schedule.number, "url": schedule.url})
    fests = getattr(schedule, "festivals", ())
    if fests:
        out["festivals"] = [{
            "name": f.name, "from": f.start.isoformat(), "to": f.end.isoformat(),
            "days": len(f.days_off), "stated_days": f.stated_days,
            "days_off": [d.isoformat() for d in f.days_off],
            "make_up_workdays": [d.isoformat() for d in f.makeup], "line": f.line} for f in fests]
    else:
        out["festivals"] = [{
            "name": n, "from": a.isoformat(), "to": b.isoformat(), "days": (b - a).days + 1,
            "days_off": [(a + dt.timedelta(days=i)).isoformat() for i in range((b - a).days + 1)],
            "make_up_workdays": sorted(d.isoformat() for d, m in schedule.makeup_workdays.items() if m == n)}
            for n, a, b in _runs(schedule.rest_days)]
    out["spillover"] = {
        "days_off": sorted(d.isoformat() for d in getattr(schedule, "spillover", {})),
        "make_up_workdays": sorted(d.isoformat() for d in getattr(schedule, "spillover_makeup", {})),
    }
    out["warnings"] = list(schedule.warnings)
    return out
