"""Reply deadlines (条例第三十三条) and the dashboard queries built on them.

All functions take ``today`` and a :class:`~gongkai.workdays.calendar.WorkCalendar`; none reads
the clock.  Counting rules: shared/spec/working-days.md §2 (day of receipt not counted) and
regulations.md §9.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from ..workdays.calendar import Pause, WorkCalendar, WorkingDayCount, default_calendar, provisional_reason
from .errors import CalendarUnavailable, CaseworkError
from .model import (AWAITING_FEE, CLARIFICATION, CLOSED, CONSULTATION, OPEN_STATES, PAUSED_STATES, RECEIPT_RULES,
                    Event, Request, channel_id)
from .settings import DEFAULT_SETTINGS, OfficeSettings
from .workflow import CONSULTATION_KINDS, reply_due, told_date

#: open states in which the reply clock runs: every open state but 待补正 (第三十条), 征求意见中 (第三十二条) and
#: 待缴费 (国办函〔2020〕109号), whose time is not counted in the reply period
RUNNING_STATES = OPEN_STATES - PAUSED_STATES


def is_overdue(state: str, due: dt.date | None, today: dt.date) -> bool:
    """超期 — the one definition, for the worklist, the 待办 and the supervisor alike: an open request whose reply
    clock runs (:data:`RUNNING_STATES`) and whose reply deadline ``due`` is before ``today``.  The reply is due
    *within* the period (第三十三条 “20个工作日内予以答复”), so a reply on ``due`` itself is in time and the request
    is overdue from the next day.  A paused request is never overdue (its own period running out is a lapse to
    register, :attr:`CaseStatus.lapse`, or 征求意见超期), nor one whose deadline cannot be counted (``due`` None).
    The database form of this test is ``gongkai.web.cases.services.overdue_q``."""
    return state in RUNNING_STATES and due is not None and today > due


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


#: the lapse events a case offers once its period has run out, with the table 三 row they count in
LAPSES = {CLARIFICATION: ("clarification_lapsed", "补正期限已届满，可登记逾期未补正，计入表三（六）1"),
          AWAITING_FEE: ("fee_lapsed", "缴费期限已届满，可登记逾期未缴费，计入表三（六）2")}


def event_flag(event: Event) -> str:
    """The Chinese warning a recorded event carries (an act done after its statutory period), or ""."""
    d = event.data
    if event.kind == "request_clarification" and d.get("late_notice"):
        return f"补正告知晚于收到申请后7个工作日（应于 {d.get('notice_due', '')} 前告知，第三十条）"
    if event.kind == "receive_clarification" and d.get("late"):
        return f"补正在补正期限（{d.get('clarification_due', '')}）届满后提交"
    if event.kind in ("extend", "delay_reply"):
        what = "延期" if event.kind == "extend" else "延迟答复期限"
        art = "第三十三条" if event.kind == "extend" else "第三十五条"
        parts = []
        if d.get("after_due"):
            parts.append(f"{what}在原答复期限（{d.get('original_due', '')}）届满后才决定")
        if d.get("notified_late"):
            parts.append(f"{what}在原答复期限（{d.get('original_due', '')}）届满后才告知申请人（{art}）")
        if d.get("registered_late"):
            parts.append(f"{what}于原答复期限（{d.get('original_due', '')}）内决定，但在期限届满后"
                         f"（{d.get('registered_late')}）才登记")
        return "；".join(parts)
    if event.kind == "end_consultation" and d.get("after_answer_due"):
        return f"征求意见在意见答复期限（{d.get('answer_due', '')}）届满后结束"
    return ""


def event_flags(req: Request) -> list[str]:
    """The flags of every recorded event (:func:`event_flag`), dated, in order."""
    return [f"{e.on}：{f}" for e in req.events if (f := event_flag(e))]


@dataclass(frozen=True)
class CaseStatus:
    """Where a request stands on ``today``.

    ``due`` the current deadline: the reply deadline while the clock runs; while paused, the end of the
    period that paused it — the applicant's 补正期限 (待补正), the consulted party's 15-working-day answer
    period (征求意见中, 第三十二条), the payment deadline (待缴费) — None when there is none.
    ``working_days_left`` working days after today up to ``due`` (0 = due today, negative = working days
    past it); ``overdue`` only for the running reply clock; ``calendar_error`` the Chinese message when
    the calendar cannot compute (unknown year) — such a case is neither overdue nor on time.
    ``consultation_overdue`` an open consultation past its answer period (flag “征求意见超期”);
    ``lapse`` the event to register now that the 补正/缴费 period has run out ("" otherwise);
    ``flags`` Chinese warnings: the expired period and late acts on record (:func:`event_flag`).
    """

    request_id: str
    handler: str
    state: str
    due: dt.date | None
    working_days_left: int | None
    overdue: bool
    paused: bool
    calendar_error: str = ""
    consultation_overdue: bool = False
    lapse: str = ""
    flags: tuple[str, ...] = ()
    provisional: bool = False
    provisional_reason: str = ""
    #: the date a letter told the applicant for the running period, when it differs from ``due``
    told_due: dt.date | None = None


def _paused_due(req: Request) -> dt.date | None:
    """The end of the pausing period; for the applicant's own periods (补正, payment) the later of the counted
    date and the date the letter told — the applicant is never cut short by a recount (第三十条)."""
    if req.state == CLARIFICATION:
        told = told_date(req, "request_clarification")
        return max(req.clarification_due, told) if told and req.clarification_due else req.clarification_due
    if req.state == CONSULTATION:
        return req.consultation_answer_due
    if req.state == AWAITING_FEE and req.fee_notice is not None:
        told = told_date(req, "issue_fee_notice")
        return max(req.fee_notice.due, told) if told else req.fee_notice.due
    return None


def told_due(req: Request) -> dt.date | None:
    """The date the applicant was told in a letter for the period now running (补正告知书, 收费通知, 延期 or
    延迟答复告知书), or None."""
    if not req.is_open:
        return None
    if req.state == CLARIFICATION:
        return told_date(req, "request_clarification")
    if req.state == AWAITING_FEE:
        return told_date(req, "issue_fee_notice")
    if req.state == CONSULTATION:
        return told_date(req, "start_consultation")
    return told_date(req, "extend", "delay_reply")


def current_due(req: Request, calendar: WorkCalendar | None = None,
                settings: OfficeSettings = DEFAULT_SETTINGS) -> dt.date | None:
    """The date :attr:`CaseStatus.due` shows (reply deadline while the clock runs; the end of the pausing
    period while paused; None for a closed case).  Raises CalendarUnavailable."""
    if not req.is_open:
        return None
    if req.state in PAUSED_STATES:
        return _paused_due(req)
    return reply_due(req, calendar or default_calendar(), settings).due


def case_status(req: Request, today: dt.date, calendar: WorkCalendar | None = None,
                settings: OfficeSettings = DEFAULT_SETTINGS) -> CaseStatus:
    """The :class:`CaseStatus` of one request on ``today``."""
    cal = calendar or default_calendar()
    flags = event_flags(req)
    if not req.is_open:
        return CaseStatus(req.id, req.handler, req.state, None, None, False, False, flags=tuple(flags))
    provisional = False
    try:
        if req.state in PAUSED_STATES:
            due = _paused_due(req)
            years = cal.provisional_years_between(req.received_on, due) if due else []
        else:
            count = reply_due(req, cal, settings)
            due, years = count.due, list(count.provisional_years)
        provisional = bool(years)
        left = None
        if due is not None:
            left = cal.working_days_between(today, due) if due >= today else -cal.working_days_between(due, today)
    except CalendarUnavailable as e:
        return CaseStatus(req.id, req.handler, req.state, None, None, False, req.is_paused, str(e), flags=tuple(flags))
    expired = due is not None and today > due
    # a provisional deadline that has passed is still an alarm for the clerk (marked 暂定 wherever shown);
    # only the closed-case timeliness figures refuse to call it on time or late
    overdue = is_overdue(req.state, due, today)
    consultation_overdue = req.state == CONSULTATION and expired
    lapse = ""
    now = []
    if consultation_overdue:
        ck = next((e.data.get("consultation_kind", "third_party") for e in reversed(req.events)
                   if e.kind == "start_consultation"), "third_party")
        art = CONSULTATION_KINDS.get(ck, CONSULTATION_KINDS["third_party"])[1]
        unknown = "（收到日期不详，按发出日期计算，可登记实际收到日期）" if req.consultation_party_received_on is None else ""
        tail = "逾期未提出意见的视为同意公开" if ck == "other_agency" else "第三方逾期未提出意见的，由本机关依照条例决定"
        now.append(f"征求意见超期：意见答复期限 {due} 已届满{unknown}（{art}：自收到征求意见书之日起15个工作日）；"
                   f"{tail}，请登记“结束征求意见”。")
    elif expired and req.state in LAPSES:
        lapse, text = LAPSES[req.state]
        now.append(f"{text}（期限 {due}）。")
    return CaseStatus(req.id, req.handler, req.state, due, left, overdue, req.is_paused,
                      consultation_overdue=consultation_overdue, lapse=lapse, flags=tuple(now + flags),
                      provisional=provisional,
                      provisional_reason="；".join(provisional_reason(y) for y in years),
                      told_due=(t if (t := told_due(req)) and t != due else None))


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
    """Open requests whose running reply deadline has passed (today > due), most overdue first."""
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


# ---------------------------------------------------------------------------------------------------------------
# Timeliness of concluded cases (issue #9 item 5)

ON_TIME, LATE, PROVISIONAL, NOT_APPLICABLE = "on_time", "late", "provisional", "not_applicable"


@dataclass(frozen=True)
class Timeliness:
    """How long a concluded case took against its reply deadline.

    ``status``: ``on_time`` (答复 on or before the deadline), ``late``, ``provisional`` (the deadline
    rests on a provisional calendar — a year without the official schedule — so it is neither: label
    “期限暂定”) or ``not_applicable`` (not concluded by a reply: withdrawn, 视为放弃, imported from a
    ledger without its steps, still open).  ``working_days_used`` working days from the clock start
    (收到申请之日, or 收到补正之日 under 第三十条) to the reply, paused days (征求意见, 缴费) not counted;
    ``working_days_late`` working days after the deadline (0 when on time).
    """

    request_id: str
    agency: str
    status: str
    label: str
    due: dt.date | None = None
    closed_on: dt.date | None = None
    working_days_used: int | None = None
    working_days_late: int = 0
    note: str = ""

    @property
    def counted(self) -> bool:
        return self.status in (ON_TIME, LATE)


def _working_days_excluding(cal: WorkCalendar, start: dt.date, end: dt.date, pauses) -> int:
    """Working days in (start, end] not inside a pause."""
    return cal.working_days_excluding(start, end, pauses)


def timeliness(req: Request, calendar: WorkCalendar | None = None,
               settings: OfficeSettings = DEFAULT_SETTINGS) -> Timeliness:
    """The :class:`Timeliness` of one request (never raises for a calendar gap: “期限暂定”)."""
    cal = calendar or default_calendar()
    closing = next((e for e in reversed(req.events) if e.kind in ("respond", "import", "withdraw",
                                                                    "clarification_lapsed", "fee_lapsed")), None)
    base = dict(request_id=req.id, agency=req.agency, closed_on=req.closed_on)
    if req.is_open or closing is None:
        return Timeliness(status=NOT_APPLICABLE, label="未办结", **base)
    if closing.kind != "respond" or req.state != CLOSED:
        why = {"import": "台账导入，办理过程不在记录中", "withdraw": "申请人撤回",
               "clarification_lapsed": "逾期未补正，视为放弃申请", "fee_lapsed": "逾期未缴费，视为放弃申请"}[closing.kind]
        return Timeliness(status=NOT_APPLICABLE, label=f"不适用（{why}）", **base)
    start = req.clock_start or req.received_on
    try:
        count = reply_due(req, cal, settings)
        used = _working_days_excluding(cal, start, req.closed_on, req.pauses)
        due = count.due
        if count.provisional:
            return Timeliness(status=PROVISIONAL, label="期限暂定", due=due, working_days_used=used,
                              note="期限所在年度尚无国务院公布的节假日安排，不计按期或逾期", **base)
        late = _working_days_excluding(cal, due, req.closed_on, req.pauses) if req.closed_on > due else 0
    except CalendarUnavailable as e:
        return Timeliness(status=PROVISIONAL, label="期限暂定", note=str(e), **base)
    if req.closed_on > due:
        # a reply on a rest day after the deadline is still late, even if no working day has passed
        return Timeliness(status=LATE, label=f"逾期 {late} 个工作日" if late else "逾期（期满后的休息日答复）",
                          due=due, working_days_used=used, working_days_late=late, **base)
    return Timeliness(status=ON_TIME, label="按期", due=due, working_days_used=used, **base)


@dataclass(frozen=True)
class TimelinessRate:
    """按期答复率 of one agency in one year (year of the reply): ``on_time`` / (``on_time`` + ``late``);
    ``rate`` None when no reply counts; ``provisional`` replies are not in the rate."""

    agency: str
    year: int
    on_time: int
    late: int
    provisional: int
    working_days_used: int

    @property
    def counted(self) -> int:
        return self.on_time + self.late

    @property
    def rate(self) -> float | None:
        return self.on_time / self.counted if self.counted else None

    @property
    def rate_text(self) -> str:
        return "—（无可计算的答复）" if self.rate is None else f"{self.rate * 100:.1f}%"

    @property
    def average_days(self) -> float | None:
        return self.working_days_used / self.counted if self.counted else None


def timeliness_rates(requests: Iterable[Request], calendar: WorkCalendar | None = None,
                     settings: OfficeSettings = DEFAULT_SETTINGS, *, year: int | None = None
                     ) -> list[TimelinessRate]:
    """按期答复率 per agency and year of reply (only ``year`` when given), sorted by agency and year."""
    cal = calendar or default_calendar()
    return rates_of((timeliness(r, cal, settings) for r in requests
                     if r.closed_on is not None and (year is None or r.closed_on.year == year)), year=year)


def rates_of(items: Iterable[Timeliness], *, year: int | None = None) -> list[TimelinessRate]:
    """:func:`timeliness_rates` from Timeliness values already computed (the platform's stored copies): per
    agency and year of reply (only ``year`` when given), not-applicable ones left out."""
    acc: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for t in items:
        if t.closed_on is None or (year is not None and t.closed_on.year != year) or t.status == NOT_APPLICABLE:
            continue
        row = acc[t.agency, t.closed_on.year]
        if t.status == ON_TIME:
            row[0] += 1
        elif t.status == LATE:
            row[1] += 1
        else:
            row[2] += 1
        if t.counted:
            row[3] += t.working_days_used or 0
    return [TimelinessRate(a, y, *v) for (a, y), v in sorted(acc.items())]
