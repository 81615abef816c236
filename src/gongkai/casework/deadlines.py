"""Reply deadlines (条例第三十三条) and the dashboard queries built on them.

All functions take ``today`` and a :class:`~gongkai.casework.calendar.WorkCalendar`; none reads
the clock.  Counting rules: shared/spec/working-days.md §2 (day of receipt not counted) and
regulations.md §9.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from .calendar import Pause, WorkCalendar, WorkingDayCount, default_calendar, provisional_reason
from .errors import CalendarUnavailable, CaseworkError
from .model import CLARIFICATION, RECEIPT_RULES, Request, channel_id
from .settings import DEFAULT_SETTINGS, OfficeSettings
from .workflow import reply_due


def reply_deadline(received_on: dt.date, *, pauses: Iterable[Pause] = (), extension_days: int = 0,
                   calendar: WorkCalendar | None = None,
                   settings: OfficeSettings = DEFAULT_SETTINGS) -> WorkingDayCount:
    """The 答复期限: ``settings.reply_days`` (20) working days after ``received_on`` plus
    ``extension_days`` (≤ 20, 第三十三条), not counting ``pauses`` (第三十三条第三款; fee period).

    Raises CaseworkError when the extension exceeds the limit or a pause is malformed;
    CalendarUnavailable when a needed year has no schedule.
    """
    if not isinstance(extension_days, int) or extension_days < 0:
        raise CaseworkError(f"延长的工作日数须为 0（不延长）至 {settings.max_extension_days} 之间的整数，"
                            f"不能为「{extension_days}」。")
    if extension_days > settings.max_extension_days:
        raise CaseworkError(f"延长答复期限最长不得超过{settings.max_extension_days}个工作日（条例第三十三条），"
                            f"而不是 {extension_days} 个。")
    pauses = tuple(pauses)
    for p in pauses:
        if p.end is not None and p.end < p.start:
            raise CaseworkError(f"暂停期间 {p.start}:{p.end} 的结束日早于开始日。")
        if p.start <= received_on:
            raise CaseworkError(f"暂停期间 {p.describe()} 始于收到申请之日 {received_on} 或更早；暂停只能发生在起算之后。")
    cal = calendar or default_calendar()
    return cal.add_working_days(received_on, settings.reply_days + extension_days, pauses)


def channel_rule(channel: str) -> str:
    """The 第三十一条 rule for ``channel`` (Chinese)."""
    return RECEIPT_RULES[channel_id(channel)]


@dataclass(frozen=True)
class CaseStatus:
    """Where a request stands on ``today``.

    ``due`` the current deadline (reply; for 待补正 the applicant's 补正期限), None while paused
    with no end; ``working_days_left`` working days after today up to ``due`` (0 = due today,
    negative = working days overdue); ``calendar_error`` the Chinese message when the calendar
    cannot compute (unknown year) — such a case is neither overdue nor on time.
    """

    request_id: str
    handler: str
    state: str
    due: dt.date | None
    working_days_left: int | None
    overdue: bool
    paused: bool
    calendar_error: str = ""
    provisional: bool = False
    provisional_reason: str = ""


def case_status(req: Request, today: dt.date, calendar: WorkCalendar | None = None,
                settings: OfficeSettings = DEFAULT_SETTINGS) -> CaseStatus:
    """The :class:`CaseStatus` of one request on ``today``."""
    cal = calendar or default_calendar()
    if not req.is_open:
        return CaseStatus(req.id, req.handler, req.state, None, None, False, False)
    try:
        if req.state == CLARIFICATION:
            due = req.clarification_due
            start = req.clarification_requested_on or req.received_on
            years = [y for y in range(start.year, due.year + 1) if cal.is_provisional(y)] if due else []
        else:
            count = reply_due(req, cal, settings)
            due, years = count.due, list(count.provisional_years)
        left = None
        if due is not None:
            left = cal.working_days_between(today, due) if due >= today else -cal.working_days_between(due, today)
    except CalendarUnavailable as e:
        return CaseStatus(req.id, req.handler, req.state, None, None, False, req.is_paused, str(e))
    overdue = due is not None and today > due and req.state != CLARIFICATION
    reason = "；".join(provisional_reason(y) for y in years)
    return CaseStatus(req.id, req.handler, req.state, due, left, overdue, req.is_paused, "", bool(years), reason)


def due_within(requests: Iterable[Request], n: int, today: dt.date, calendar: WorkCalendar | None = None,
               settings: OfficeSettings = DEFAULT_SETTINGS) -> list[CaseStatus]:
    """Open, running (not paused) requests whose reply is due within ``n`` working days of ``today``
    (0 = due today), soonest first."""
    out = []
    for r in requests:
        if r.is_open and not r.is_paused:
            s = case_status(r, today, calendar, settings)
            if s.working_days_left is not None and 0 <= s.working_days_left <= n:
                out.append(s)
    return sorted(out, key=lambda s: (s.due, s.request_id))


def overdue(requests: Iterable[Request], today: dt.date, calendar: WorkCalendar | None = None,
            settings: OfficeSettings = DEFAULT_SETTINGS) -> list[CaseStatus]:
    """Open requests whose reply deadline has passed (today > due), most overdue first."""
    out = [s for s in (case_status(r, today, calendar, settings) for r in requests if r.is_open) if s.overdue]
    return sorted(out, key=lambda s: (s.due, s.request_id))


def paused(requests: Iterable[Request], today: dt.date, calendar: WorkCalendar | None = None,
           settings: OfficeSettings = DEFAULT_SETTINGS) -> list[CaseStatus]:
    """Open requests whose clock stands still (待补正, 征求意见中, 待缴费)."""
    return [case_status(r, today, calendar, settings) for r in requests if r.is_open and r.is_paused]


def by_handler(requests: Iterable[Request], today: dt.date, calendar: WorkCalendar | None = None,
               settings: OfficeSettings = DEFAULT_SETTINGS) -> dict[str, dict[str, int]]:
    """Per handler ("" = unassigned): counts of open, paused, overdue and due-within-5 requests."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: {"open": 0, "paused": 0, "overdue": 0, "due_soon": 0})
    for r in requests:
        if not r.is_open:
            continue
        s = case_status(r, today, calendar, settings)
        row = out[r.handler]
        row["open"] += 1
        row["paused"] += s.paused
        row["overdue"] += s.overdue
        row["due_soon"] += (not s.paused and s.working_days_left is not None and 0 <= s.working_days_left <= 5)
    return dict(out)
