"""The case state machine (条例 第二十九条—第三十九条, 国办函〔2020〕109号).

Every event is a pure function ``Request → Request`` (via :func:`apply`); an event that the
current state does not allow, or that breaks a statutory limit, raises
:class:`~gongkai.casework.errors.TransitionRefused` with a Chinese message saying what is wrong
and what to do instead.  Transitions (state ids of :mod:`gongkai.casework.model`):

=======================  ===================================  ==========================
event                    from                                 to
=======================  ===================================  ==========================
accept 受理               received                             in_progress
confirm_receipt          received (平常信函, 网络, 传真)         (unchanged: 收到申请之日 = the
                                                              confirmation day, 第三十一条)
request_clarification    received, in_progress                awaiting_clarification
receive_clarification    awaiting_clarification               in_progress (clock restarts)
clarification_lapsed     awaiting_clarification               closed (三（六）1)
start_consultation       in_progress                          consultation (clock paused)
consultation_received    consultation                         (unchanged: 15-day answer
                                                              period recounted from it)
end_consultation         consultation                         in_progress
extend 延期               in_progress, consultation,           (unchanged)
                         awaiting_fee, reply_review
delay_reply 延迟答复       in_progress, consultation            (unchanged; 第三十五条)
issue_fee_notice         in_progress                          awaiting_fee (clock paused)
fee_paid                 awaiting_fee                         in_progress
fee_lapsed               awaiting_fee                         closed (三（六）2)
respond 答复              received (当场答复), in_progress,      closed (one table 三 row)
                         reply_approved
submit_reply 提交审核      received, in_progress                reply_review (答复审核 on; clock runs)
return_reply 退回修改      reply_review                         in_progress (reason required)
approve_reply 审核通过     reply_review                         reply_approved
withdraw 撤回             any open state                       withdrawn (三（六）3)
assign 指定经办人          any open state                       (unchanged)
=======================  ===================================  ==========================

答复审核 (``OfficeSettings.reply_review``, the agency's choice): with it on, ``respond`` is refused from
received/in_progress — a reply goes out only from ``reply_approved``, with the outcome the 审核人 approved,
dated the day it went out; the 审核人 may not approve or return a draft they submitted themselves.  With it
off nothing is offered differently; a reply already in review is finished by its 审核人.

:func:`apply` checks what every event must satisfy, then runs the event's own step from ``_STEPS``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..workdays.calendar import Pause, WorkCalendar, default_calendar, fmt_date
from ..workdays.errors import CalendarUnavailable
from .errors import TransitionRefused
from .fees import per_page_fee
from .model import (AWAITING_FEE, CHANNELS, CLARIFICATION, CLOSED, CONSULTATION, DISPOSITIONS, IN_PROGRESS,
                    LAPSE_DISPOSITIONS, OPEN_STATES, RECEIPT_RULES, RECEIVED, REPLY_APPROVED, REPLY_REVIEW, STATES,
                    WITHDRAWN, Event, FeeNotice, IntakeError, Request, Requester, applicant_type_id, channel_id,
                    disposition_label)
from .settings import DEFAULT_SETTINGS, OfficeSettings

#: event kind → (allowed states, next state or None for unchanged, Chinese name)
TRANSITIONS: dict[str, tuple[frozenset, str | None, str]] = {
    "accept": (frozenset({RECEIVED}), IN_PROGRESS, "受理"),
    # 第三十一条: for 平常信函, 网络 and 传真 the 收到申请之日 is the day of confirmation; an application
    # registered on submission (e.g. the online form) takes the day the office confirms it
    "confirm_receipt": (frozenset({RECEIVED}), None, "确认收到申请"),
    "request_clarification": (frozenset({RECEIVED, IN_PROGRESS}), CLARIFICATION, "告知补正"),
    "receive_clarification": (frozenset({CLARIFICATION}), IN_PROGRESS, "收到补正后的申请"),
    "clarification_lapsed": (frozenset({CLARIFICATION}), CLOSED, "逾期未补正（视为放弃申请）"),
    "start_consultation": (frozenset({IN_PROGRESS}), CONSULTATION, "征求第三方（或其他机关）意见"),
    "consultation_received": (frozenset({CONSULTATION}), None, "登记被征求意见方收到征求意见书的日期"),
    "end_consultation": (frozenset({CONSULTATION}), IN_PROGRESS, "结束征求意见"),
    "extend": (frozenset({IN_PROGRESS, CONSULTATION, AWAITING_FEE, REPLY_REVIEW}), None, "延长答复期限"),
    # 第三十五条: a request clearly beyond a reasonable quantity or frequency, whose reasons the office found
    # reasonable, but which cannot be answered within the 第三十三条 period: a reasonable delayed period
    "delay_reply": (frozenset({IN_PROGRESS, CONSULTATION}), None, "确定延迟答复期限（第三十五条）"),
    "issue_fee_notice": (frozenset({IN_PROGRESS}), AWAITING_FEE, "发出收费通知"),
    "fee_paid": (frozenset({AWAITING_FEE}), IN_PROGRESS, "缴纳信息处理费"),
    "fee_lapsed": (frozenset({AWAITING_FEE}), CLOSED, "逾期未缴费（视为放弃申请）"),
    # 答复审核 (an office's internal control, OfficeSettings.reply_review): the drafted reply waits for the 审核人
    "submit_reply": (frozenset({RECEIVED, IN_PROGRESS}), REPLY_REVIEW, "提交答复审核"),
    "return_reply": (frozenset({REPLY_REVIEW}), IN_PROGRESS, "退回修改答复"),
    "approve_reply": (frozenset({REPLY_REVIEW}), REPLY_APPROVED, "审核通过答复"),
    "respond": (frozenset({RECEIVED, IN_PROGRESS, REPLY_APPROVED}), CLOSED, "答复"),
    "withdraw": (OPEN_STATES, WITHDRAWN, "撤回申请"),
    "assign": (OPEN_STATES, None, "指定经办人"),
    # a case concluded before the office used gongkai, taken from its ledger (台账导入) with the ledger's
    # result: the steps that led there are not on record, so none is required here
    "import": (OPEN_STATES, None, "台账导入办理结果"),
}

_HINTS = {
    CLARIFICATION: "请先登记“收到补正后的申请”或“逾期未补正”。",
    CONSULTATION: "请先登记“结束征求意见”（收到意见或答复期满）。",
    AWAITING_FEE: "请先登记“缴纳信息处理费”或“逾期未缴费”。",
    RECEIVED: "请先登记“受理”。",
    REPLY_REVIEW: "答复正在审核，请待审核人“审核通过”或“退回修改”。",
    REPLY_APPROVED: "答复已审核通过，请登记“答复”（发出答复之日）。",
}

#: "该申请已于 <date> 办结" — the verb, not the state label "已办结" (which would double 已)
_CLOSED_VERBS = {CLOSED: "办结", WITHDRAWN: "撤回"}

CONSULTATION_KINDS = {"third_party": ("征求第三方意见", "第三十二条"),
                      "other_agency": ("征求其他机关意见", "第三十四条")}


#: a fee notice above this needs ``confirm_large=True`` in the event data (the web form's confirm box): such a
#: sum is usually a typing error, but a very large 按量计收 request can honestly cost this much (109号 tiers:
#: 40 元 a page above 200 pages — 25 000 pages are 1 000 000 元), so it is confirmed, not refused
MAX_FEE_YUAN = 1_000_000
LARGE_FEE_YUAN = MAX_FEE_YUAN
#: above this even a confirmed amount is refused (more than 25 million pages at the top tier)
ABSURD_FEE_YUAN = 1_000_000_000
#: a 延迟答复 period (第三十五条) longer than this many working days is taken for a typing error
MAX_DELAY_DAYS = 250
REGULATION_START = dt.date(2008, 5, 1)  # 《政府信息公开条例》施行（2007年国务院令第492号）
#: channels whose 收到申请之日 is a day of confirmation (第三十一条第（二）项后段、第（三）项)
CONFIRMED_CHANNELS = frozenset({"ordinary_letter", "online", "fax"})


def new_request(*, id: str, agency: str, requester: Requester, description: str, channel: str,
                received_on: dt.date, form: str = "", handler: str = "", actor: str = "",
                split_from: str = "", today: dt.date | None = None) -> Request:
    """Register an application (登记).  Returns a Request in state ``received``.

    Needs what the register cannot do without — an id, the applicant's name, a known applicant type
    (table 三 column), a channel (第三十一条) and the date received; raises IntakeError otherwise.
    Missing 第二十九条 content (identity document, contact, description, form) does not block
    registration: it is listed in ``intake_gaps`` as grounds for a 补正 notice (第三十条).
    ``today`` (the caller's clock; None: not checked): a ``received_on`` after it is refused — an
    application cannot have been received in the future.
    """
    problems = []
    if not str(id).strip():
        problems.append("申请编号为空")
    if not requester.name.strip():
        problems.append("申请人姓名或者名称为空（第二十九条第二款第（一）项）")
    if not isinstance(received_on, dt.date):
        problems.append("收到申请之日缺失或不是日期（第三十一条）")
    elif today is not None and received_on > today:
        problems.append(f"收到申请之日 {received_on} 晚于今天 {today}，尚未发生的事不能登记，请核对日期（第三十一条）")
    elif received_on < REGULATION_START:
        problems.append(f"收到申请之日 {received_on} 早于《政府信息公开条例》施行之日 {REGULATION_START}，请核对日期")
    if problems:
        raise IntakeError("无法登记申请：" + "；".join(problems) + "。")
    req_type = applicant_type_id(requester.applicant_type)
    ch = channel_id(channel)
    gaps = []
    if not requester.id_document.strip():
        gaps.append("身份证明（第二十九条第二款第（一）项）")
    if not requester.contact.strip():
        gaps.append("联系方式（第二十九条第二款第（一）项）")
    if not description.strip():
        gaps.append("申请公开的政府信息的名称、文号或者特征性描述（第二十九条第二款第（二）项）")
    if not form.strip():
        gaps.append("获取信息的形式、方式和途径（第二十九条第二款第（三）项）")
    r = Request(id=str(id), agency=agency, requester=dataclasses.replace(requester, applicant_type=req_type),
                description=description, channel=ch, received_on=received_on, form=form, handler=handler,
                clock_start=received_on, intake_gaps=tuple(gaps), split_from=split_from,
                events=(Event("register", received_on, actor, {}),))
    return r


def _refuse(req: Request, kind: str, why: str) -> TransitionRefused:
    name = TRANSITIONS[kind][2] if kind in TRANSITIONS else kind
    return TransitionRefused(f"申请 {req.id} 不能“{name}”：{why}", request=req.id, event=kind, state=req.state)


def reply_due(req: Request, calendar: WorkCalendar | None = None, settings: OfficeSettings = DEFAULT_SETTINGS):
    """The reply deadline count (:class:`~gongkai.workdays.calendar.WorkingDayCount`) of ``req``.

    20 working days (+ extension, + a 第三十五条 延迟答复 period) from ``clock_start`` (第三十三条;
    第三十条 restart), paused periods excluded.  ``due`` is None while a pause is open.  Raises CalendarUnavailable.
    """
    cal = calendar or default_calendar()
    return cal.add_working_days(req.clock_start or req.received_on,
                                settings.reply_days + req.extension_days + req.delay_days, req.pauses)


#: event data fields holding the date of something that has happened (checked against ``today``)
_PAST_DATE_FIELDS = {"notified_on": "告知申请人的日期", "received_on": "申请人收到收费通知的日期",
                     "party_received_on": "被征求意见方收到征求意见书的日期",
                     "reason_asked_on": "要求申请人说明理由的日期"}


def consultation_answer_due(sent_on: dt.date, party_received_on: dt.date | None, calendar: WorkCalendar,
                            settings: OfficeSettings = DEFAULT_SETTINGS) -> tuple[dt.date, str]:
    """The last day of the consulted party's answer period and its basis (Chinese): 15 working days
    (第三十二条、第三十四条) from the day it received the 征求意见书 — from the sending date when that day
    is not known (the earliest the period can end: the office is reminded no later than it should be,
    and the flag says the receipt date is missing so that it can be recorded with ``consultation_received``)."""
    if party_received_on is not None:
        return (calendar.add_working_days(party_received_on, settings.consultation_days).due,
                f"自被征求意见方收到征求意见书之日（{party_received_on}）起{settings.consultation_days}个工作日")
    return (calendar.add_working_days(sent_on, settings.consultation_days).due,
            f"收到日期不详，自发出征求意见书之日（{sent_on}）起{settings.consultation_days}个工作日")


def apply(req: Request, event: Event, calendar: WorkCalendar | None = None,
          settings: OfficeSettings = DEFAULT_SETTINGS, *, today: dt.date | None = None) -> Request:
    """Apply ``event`` to ``req``; returns the new Request.  Raises TransitionRefused (Chinese).

    ``today`` (the caller's clock; None: not checked, e.g. replaying a stored history): an event
    dated after it — or with a 告知/收到 date after it — is refused: the register records what
    has happened, not what is planned.

    The steps: :func:`_check_common` (known event, allowed state, dates in order), the event's own step
    from :data:`_STEPS` (its statutory checks and the fields it changes), then the new state and the
    event appended (with the date its letter tells, :data:`TOLD_EVENTS`).
    """
    cal = calendar or default_calendar()
    kind, on = event.kind, event.on
    _check_common(req, kind, on, event.data, today)
    target = TRANSITIONS[kind][1]
    data = dict(event.data)
    step_ = _STEPS.get(kind)
    changes = step_(_Step(req, kind, on, data, event.actor, cal, settings, today)) if step_ else {}
    if target is not None and "state" not in changes:
        changes["state"] = target
    changes["events"] = (*req.events, Event(kind, on, event.actor, data))
    new = dataclasses.replace(req, **changes)
    if kind in TOLD_EVENTS and "told_due" not in data:
        # the date the letter of this event states, frozen as sent: a later calendar (a notice loaded) recounts
        # the statutory date but never what the applicant was told (kept with the stored event)
        told = _told(kind, new, on, cal, settings)
        if told is not None:
            data["told_due"], data["told_provisional"] = told
    return new


def _check_common(req: Request, kind: str, on, data: dict, today: dt.date | None) -> None:
    """What every event must satisfy: a known kind, allowed in the current state, a date, not in the future
    (with ``today``), not before the last event."""
    if kind not in TRANSITIONS:
        raise TransitionRefused(f"未知的办理事件“{kind}”。", event=kind)
    allowed, _, name = TRANSITIONS[kind]
    if req.state not in allowed:
        if req.state in (CLOSED, WITHDRAWN):
            why = (f"该申请已于 {req.closed_on} {_CLOSED_VERBS[req.state]}（{DISPOSITIONS.get(req.disposition or '', '')}），"
                   f"当前状态为「{STATES[req.state]}」，不能再办理。")
        else:
            ok = "、".join(f"「{STATES[s]}」" for s in sorted(allowed, key=list(STATES).index))
            why = f"当前状态为「{STATES[req.state]}」，只有在{ok}状态下才能{name}。" + _HINTS.get(req.state, "")
        raise _refuse(req, kind, why)
    if not isinstance(on, dt.date):
        raise _refuse(req, kind, "缺少事件日期。")
    if today is not None:
        if on > today:
            raise _refuse(req, kind, f"事件日期 {on} 晚于今天 {today}，尚未发生的事不能登记，请核对日期。")
        for key, label in _PAST_DATE_FIELDS.items():
            d = data.get(key)
            if isinstance(d, dt.date) and d > today:
                raise _refuse(req, kind, f"{label} {d} 晚于今天 {today}，尚未发生的事不能登记，请核对日期。")
    if on < req.last_event_on:
        raise _refuse(req, kind, f"事件日期 {on} 早于上一办理事件的日期 {req.last_event_on}，请按时间顺序登记。")


@dataclasses.dataclass
class _Step:
    """One event being applied: what its step reads.  ``data`` is the event's own copy: a step may add to it
    (flags, computed dates) and those additions are stored with the event."""

    req: Request
    kind: str
    on: dt.date
    data: dict
    actor: str
    cal: WorkCalendar
    settings: OfficeSettings
    today: dt.date | None

    def refuse(self, why: str) -> TransitionRefused:
        return _refuse(self.req, self.kind, why)


# ------------------------------------------------------------------------------------------- receipt and 补正

def _confirm_receipt(s: _Step) -> dict:
    req = s.req
    if req.channel not in CONFIRMED_CHANNELS:
        raise s.refuse(f"{CHANNELS[req.channel]}提交的申请以{'提交' if req.channel == 'in_person' else '签收'}"
                       "之日为收到申请之日（第三十一条），无需确认。")
    if any(e.kind == "confirm_receipt" for e in req.events):
        raise s.refuse("本申请已登记过确认收到的日期。")
    s.data.setdefault("submitted_on", req.received_on)
    s.data["rule"] = RECEIPT_RULES[req.channel]
    return {"received_on": s.on, "clock_start": s.on}


def _request_clarification(s: _Step) -> dict:
    req, data, on = s.req, s.data, s.on
    if req.clarification_requested_on is not None:
        raise s.refuse(f"第三十条要求补正“一次性告知”，本申请已于 {req.clarification_requested_on} 告知过补正。")
    if not data.get("items"):
        raise s.refuse("补正告知须说明需要补正的事项（第三十条）。")
    period = int(data.get("period_days", s.settings.clarification_period_days))
    if period < 1:
        raise s.refuse("补正期限须至少为 1 个工作日（第三十条“合理的补正期限”）。")
    notice_due = s.cal.add_working_days(req.received_on, s.settings.clarification_notice_days).due
    data["late_notice"] = on > notice_due
    data["notice_due"] = notice_due.isoformat()
    due = s.cal.add_working_days(on, period).due
    data["period_days"] = period
    return {"clarification_requested_on": on, "clarification_due": due}


def _receive_clarification(s: _Step) -> dict:
    req = s.req
    told = told_date(req, "request_clarification")
    if req.clarification_due is not None and s.on > max(req.clarification_due, told or req.clarification_due):
        # accepted (the applicant may have had 正当理由, 第三十条) but flagged: supplied after the period
        s.data["late"] = True
        s.data["clarification_due"] = req.clarification_due.isoformat()
    # the reply period restarts whole (第三十条): earlier pauses, extension and 延迟答复 do not carry over
    return {"clarification_received_on": s.on, "clock_start": s.on, "pauses": (), "extension_days": 0,
            "delay_days": 0}


def _clarification_lapsed(s: _Step) -> dict:
    req = s.req
    told = told_date(req, "request_clarification")
    end = max(req.clarification_due, told) if told else req.clarification_due
    if s.on <= end:
        said = f"（补正告知书告知申请人的日期为 {fmt_date(told)}，以较晚者为准）" if told and told != req.clarification_due else ""
        raise s.refuse(f"补正期限 {fmt_date(end)} 尚未届满{said}，期满后才能视为放弃申请（第三十条）。")
    # counted (closed) on the day the period ran out, whenever the lapse is registered (docs/casework.md)
    s.data["period_ended"] = end.isoformat()
    return {"disposition": "other_correction_not_supplied", "closed_on": end}


# ------------------------------------------------------------------------------------------- 征求意见

def _start_consultation(s: _Step) -> dict:
    req, data, on = s.req, s.data, s.on
    ck = data.get("consultation_kind", "third_party")
    if ck not in CONSULTATION_KINDS:
        raise s.refuse(f"征求意见的类型应为第三方（第三十二条）或其他机关（第三十四条），而不是“{ck}”。")
    if not str(data.get("party", "")).strip():
        raise s.refuse("须写明被征求意见的第三方或机关名称。")
    reason = f"{CONSULTATION_KINDS[ck][0]}（条例{CONSULTATION_KINDS[ck][1]}、第三十三条第三款）"
    got = data.get("party_received_on")
    if got is not None and not isinstance(got, dt.date):
        raise s.refuse("被征求意见方收到征求意见书的日期不是日期。")
    if got is not None and got < on:
        raise s.refuse(f"被征求意见方收到征求意见书的日期 {got} 早于发出日期 {on}。")
    due, basis = consultation_answer_due(on, got, s.cal, s.settings)
    data["answer_due"] = due.isoformat()
    data["answer_due_basis"] = basis
    return {"pauses": (*req.pauses, Pause(on, None, reason)), "consultation_sent_on": on,
            "consultation_party_received_on": got, "consultation_answer_due": due}


def _consultation_received(s: _Step) -> dict:
    req, data, on = s.req, s.data, s.on
    got = data.get("party_received_on")
    if not isinstance(got, dt.date):
        raise s.refuse("请填写被征求意见方收到征求意见书的日期（签收回执、送达记录等）。")
    if got < req.consultation_sent_on:
        raise s.refuse(f"收到日期 {got} 早于发出征求意见书的日期 {req.consultation_sent_on}。")
    if got > on:
        raise s.refuse(f"收到日期 {got} 晚于登记日期 {on}：只能登记已经发生的收到。")
    due, basis = consultation_answer_due(req.consultation_sent_on, got, s.cal, s.settings)
    data["answer_due"] = due.isoformat()
    data["answer_due_basis"] = basis
    return {"consultation_party_received_on": got, "consultation_answer_due": due}


def _end_consultation(s: _Step) -> dict:
    req = s.req
    last = req.pauses[-1]
    if req.consultation_answer_due is not None and s.on > req.consultation_answer_due:
        s.data["after_answer_due"] = True
        s.data["answer_due"] = req.consultation_answer_due.isoformat()
    return {"pauses": (*req.pauses[:-1], Pause(last.start, s.on, last.reason))}


# ------------------------------------------------------------------------------------------- 延期, 延迟答复

def _flag_past_due(s: _Step, due: dt.date | None) -> None:
    """A decision on the reply period registered once that period has run out is recorded, but flagged: decided
    after it (only where the office's settings allow that, ``extension_must_precede_due`` off) — ``after_due`` —
    or decided in time and registered after it ran out (``registered_late``, with ``today``)."""
    if due is None:
        return
    if s.on > due:
        s.data["after_due"] = True
        s.data["original_due"] = due.isoformat()
    elif s.today is not None and s.today > due:
        s.data["registered_late"] = s.today.isoformat()
        s.data["original_due"] = due.isoformat()


def _extend(s: _Step) -> dict:
    req, data, on, settings = s.req, s.data, s.on, s.settings
    days = int(data.get("days", settings.max_extension_days))
    if days < 1:
        raise s.refuse("延长的工作日数须至少为 1。")
    if req.extension_days + days > settings.max_extension_days:
        raise s.refuse(f"第三十三条规定延长的期限最长不得超过{settings.max_extension_days}个工作日，"
                       f"已延长 {req.extension_days} 个工作日，本次又申请 {days} 个。")
    if not str(data.get("approved_by", "")).strip():
        raise s.refuse("延期须经政府信息公开工作机构负责人同意（第三十三条），请填写批准人。")
    if not isinstance(data.get("notified_on"), dt.date):
        raise s.refuse("延期须告知申请人（第三十三条），请填写告知申请人的日期。")
    if data["notified_on"] < on:
        raise s.refuse(f"告知申请人的日期 {data['notified_on']} 早于延期决定的日期 {on}：先决定延期，再告知申请人。")
    due = reply_due(req, s.cal, settings).due
    if settings.extension_must_precede_due and due is not None and on > due:
        raise s.refuse(f"答复期限已于 {fmt_date(due)} 届满，不能在期满后延期。")
    if due is not None and data["notified_on"] > due:
        # decided in time but told to the applicant after the original deadline: recorded, flagged
        data["notified_late"] = True
        data["original_due"] = due.isoformat()
    _flag_past_due(s, due)
    data["days"] = days
    return {"extension_days": req.extension_days + days}


def _delay_reply(s: _Step) -> dict:
    req, data, on = s.req, s.data, s.on
    if req.delay_days:
        raise s.refuse(f"本申请已确定延迟答复期限（{req.delay_days} 个工作日），如需变更请在办理记录中说明。")
    asked = data.get("reason_asked_on")
    if not isinstance(asked, dt.date):
        raise s.refuse("第三十五条：须先要求申请人说明理由，请填写要求说明理由的日期。")
    if asked < req.received_on or asked > on:
        raise s.refuse(f"要求说明理由的日期 {asked} 应在收到申请之日 {req.received_on} 与本次决定日期 {on} 之间。")
    if not str(data.get("applicant_reason", "")).strip():
        raise s.refuse("请填写申请人说明的理由（第三十五条：行政机关认为理由合理的，才能确定延迟答复期限；"
                       "认为不合理的，应答复“不予处理”，计入表三（五）4）。")
    try:
        days = int(data.get("days", 0))
    except (TypeError, ValueError):
        days = 0
    if days < 1:
        raise s.refuse("延迟答复的期限须至少为 1 个工作日。")
    if days > MAX_DELAY_DAYS:
        raise s.refuse(f"延迟答复期限 {days} 个工作日超过 {MAX_DELAY_DAYS} 个工作日（约一年），不是“合理期限”，请核对。")
    if not isinstance(data.get("notified_on"), dt.date):
        raise s.refuse("延迟答复的期限须告知申请人（第三十五条），请填写告知申请人的日期。")
    if data["notified_on"] < on:
        raise s.refuse(f"告知申请人的日期 {data['notified_on']} 早于决定的日期 {on}。")
    due = reply_due(req, s.cal, s.settings).due
    if due is not None and on > due:
        raise s.refuse(f"第三十三条规定的答复期限已于 {fmt_date(due)} 届满；延迟答复期限应在期满前确定"
                       "（“无法在本条例第三十三条规定的期限内答复”）。")
    if due is not None and data["notified_on"] > due:
        data["notified_late"] = True
        data["original_due"] = due.isoformat()
    _flag_past_due(s, due)
    data["days"] = days
    return {"delay_days": days}


# ------------------------------------------------------------------------------------------- 收费

def _issue_fee_notice(s: _Step) -> dict:
    req, data, on, settings = s.req, s.data, s.on, s.settings
    amount = data.get("amount_yuan")
    pages = data.get("pages")
    if amount is None and isinstance(pages, int) and not isinstance(pages, bool) and pages > 30 \
            and data.get("method", settings.fee_method) == "per_page":
        amount = data["amount_yuan"] = per_page_fee(pages).fee_yuan  # the 109号 tiers, 超额累进
    if not isinstance(amount, int) or amount <= 0:
        raise s.refuse(f"收费通知的金额须为正整数元，实为「{amount}」；不收费时无需发出收费通知。")
    method = data.get("method", settings.fee_method)
    if method not in ("per_request", "per_page"):
        raise s.refuse(f"计费方式应为按件计收或按量计收（办法第三条），不能为“{method}”。")
    pages = data.get("pages")
    if pages is not None:
        if method != "per_page":
            raise s.refuse("页数只用于按量计收；按件计收不填页数（办法第三条，不得同时按两种标准计算）。")
        if isinstance(pages, bool) or not isinstance(pages, int) or pages < 1:
            raise s.refuse(f"页数须为正整数，实为「{pages}」。")
        expected = per_page_fee(pages).fee_yuan
        if expected != amount:
            raise s.refuse(f"按量计收 {pages} 页应收 {expected} 元（国办函〔2020〕109号：30页以下免费，31—100页"
                           f"10元/页，101—200页20元/页，201页以上40元/页），而不是 {amount} 元。")
    if amount > ABSURD_FEE_YUAN:
        raise s.refuse(f"收费金额 {amount} 元超过 {ABSURD_FEE_YUAN} 元（按最高档 40 元/页也超过 2500 万页），"
                       "明显不合理，请按国办函〔2020〕109号核算（gongkai fee 可计算）。")
    if amount > LARGE_FEE_YUAN and data.get("confirm_large") is not True:
        raise s.refuse(f"收费金额 {amount} 元超过 {LARGE_FEE_YUAN} 元，请核对（可按页数由系统按国办函〔2020〕109号"
                       "计算）；金额无误的，请勾选“确认金额”后再登记。")
    received_on = data.get("received_on") or on
    if received_on < on:
        raise s.refuse("申请人收到收费通知的日期不能早于发出日期。")
    due = s.cal.add_working_days(received_on, settings.fee_payment_days).due
    changes: dict = {"fee_notice": FeeNotice(amount, method, on, received_on, due)}
    if settings.fee_pauses_clock:
        changes["pauses"] = (*req.pauses, Pause(on, None, "收费通知至缴费期间（国办函〔2020〕109号）"))
    return changes


def _fee_paid(s: _Step) -> dict:
    req = s.req
    fn = req.fee_notice
    told = told_date(req, "issue_fee_notice")
    if s.on > max(fn.due, told or fn.due):
        raise s.refuse(f"缴费期限 {fmt_date(fn.due)} 已过；逾期未缴纳的视为放弃申请，请登记“逾期未缴费”。")
    changes: dict = {"fee_notice": dataclasses.replace(fn, paid_on=s.on)}
    if req.pauses and req.pauses[-1].end is None:
        last = req.pauses[-1]
        changes["pauses"] = (*req.pauses[:-1], Pause(last.start, s.on, last.reason))
    return changes


def _fee_lapsed(s: _Step) -> dict:
    req = s.req
    told = told_date(req, "issue_fee_notice")
    end = max(req.fee_notice.due, told) if told else req.fee_notice.due
    if s.on <= end:
        said = f"（收费通知告知申请人的日期为 {fmt_date(told)}，以较晚者为准）" if told and told != req.fee_notice.due else ""
        raise s.refuse(f"缴费期限 {fmt_date(end)} 尚未届满{said}，期满后才能视为放弃申请。")
    s.data["period_ended"] = end.isoformat()
    return {"disposition": "other_fee_not_paid", "closed_on": end}


# ------------------------------------------------------------------------------------------- 答复 and its review

#: the fields of a reply (``respond``) that a 审核人 approves with it
REPLY_FIELDS = ("disposition", "info_given", "info_withheld", "reason")


def _check_disposition(s: _Step, disp) -> None:
    """A reply's outcome: exactly one table 三 row, not a lapse row, 补正后仍不明确 only after a 补正."""
    if disp not in DISPOSITIONS:
        raise s.refuse(f"办理结果“{disp}”不是年报表三的办理结果行，每件答复须对应恰好一行。")
    if disp in LAPSE_DISPOSITIONS:
        other = TRANSITIONS[LAPSE_DISPOSITIONS[disp]][2]
        raise s.refuse(f"“{DISPOSITIONS[disp]}”不是答复结果，应登记事件“{other}”。")
    if disp == "unavailable_unclear_after_correction" and s.req.clarification_received_on is None:
        raise s.refuse("“补正后申请内容仍不明确”只适用于已告知补正并收到补正的申请（第三十条）。")


def _respond(s: _Step) -> dict:
    req, data = s.req, s.data
    if req.state == REPLY_APPROVED:
        # the reply as approved goes out: its outcome is the one the 审核人 approved (the date is the day it went out)
        draft = req.reply_draft or {}
        for k in REPLY_FIELDS:
            if draft.get(k) and not data.get(k):
                data[k] = draft[k]
        if data.get("disposition") != draft.get("disposition"):
            raise s.refuse(f"审核通过的办理结果为“{disposition_label(draft.get('disposition'))}”，发出的答复须与之相同；"
                           "如需改变办理结果，请重新提交审核。")
        data["reviewed_by"], data["reviewed_on"] = draft.get("approved_by", ""), draft.get("approved_on")
    elif s.settings.reply_review:
        raise s.refuse("本机关已启用答复审核：答复须先“提交答复审核”，经审核人审核通过后发出。")
    disp = data.get("disposition")
    _check_disposition(s, disp)
    return {"disposition": disp, "closed_on": s.on, "reply_draft": None, "reply_returned": ""}


def _submit_reply(s: _Step) -> dict:
    """提交答复审核: the drafted reply (its outcome and the letter's text) goes to the 审核人."""
    _check_disposition(s, s.data.get("disposition"))
    draft = {k: s.data[k] for k in REPLY_FIELDS if s.data.get(k)}
    draft.update(submitted_by=s.actor, submitted_on=s.on)
    return {"reply_draft": draft, "reply_returned": ""}


def _return_reply(s: _Step) -> dict:
    """退回修改: the 审核人 sends the draft back with a reason; the clerk revises and submits again."""
    reason = str(s.data.get("reason", "")).strip()
    if not reason:
        raise s.refuse("退回修改须写明理由，供经办人修改。")
    _not_own_draft(s)
    s.data["reason"] = reason
    return {"reply_draft": None, "reply_returned": reason}


def _approve_reply(s: _Step) -> dict:
    """审核通过: the reply may go out (``respond``, the day it is sent)."""
    _not_own_draft(s)
    draft = dict(s.req.reply_draft or {})
    s.data.setdefault("disposition", draft.get("disposition"))
    if s.data["disposition"] != draft.get("disposition"):
        raise s.refuse("审核通过的是经办人提交的答复；如需改变办理结果，请“退回修改”并写明理由。")
    draft.update(approved_by=s.actor, approved_on=s.on)
    return {"reply_draft": draft}


def _not_own_draft(s: _Step) -> None:
    by = (s.req.reply_draft or {}).get("submitted_by", "")
    if s.actor and by and s.actor == by:
        raise s.refuse(f"答复由 {by} 提交，不能由提交人自己审核（答复审核须由另一人审核）。")


# ------------------------------------------------------------------------------------------- the rest

def _withdraw(s: _Step) -> dict:
    return {"disposition": "other_other", "closed_on": s.on, "reply_draft": None, "reply_returned": ""}


def _import(s: _Step) -> dict:
    disp = s.data.get("disposition")
    if disp not in DISPOSITIONS:
        raise s.refuse(f"办理结果“{disp}”不是年报表三的办理结果行。")
    if s.on < s.req.received_on:
        raise s.refuse(f"答复日期 {s.on} 早于收到申请之日 {s.req.received_on}。")
    return {"disposition": disp, "closed_on": s.on, "state": WITHDRAWN if s.data.get("withdrawn") else CLOSED}


def _assign(s: _Step) -> dict:
    if not str(s.data.get("handler", "")).strip():
        raise s.refuse("请填写经办人。")
    return {"handler": s.data["handler"]}


#: event kind → its step: the statutory checks of that event and the Request fields it changes (an event without
#: a step — ``accept`` — changes only the state)
_STEPS = {
    "confirm_receipt": _confirm_receipt,
    "request_clarification": _request_clarification,
    "receive_clarification": _receive_clarification,
    "clarification_lapsed": _clarification_lapsed,
    "start_consultation": _start_consultation,
    "consultation_received": _consultation_received,
    "end_consultation": _end_consultation,
    "extend": _extend,
    "delay_reply": _delay_reply,
    "issue_fee_notice": _issue_fee_notice,
    "fee_paid": _fee_paid,
    "fee_lapsed": _fee_lapsed,
    "submit_reply": _submit_reply,
    "return_reply": _return_reply,
    "approve_reply": _approve_reply,
    "respond": _respond,
    "withdraw": _withdraw,
    "import": _import,
    "assign": _assign,
}


#: events whose letter tells the applicant (or the third party) a date
TOLD_EVENTS = frozenset({"request_clarification", "extend", "delay_reply", "issue_fee_notice", "start_consultation"})


def _told(kind: str, req: Request, on: dt.date, cal: WorkCalendar, settings: OfficeSettings):
    if kind == "request_clarification":
        due = req.clarification_due
    elif kind == "issue_fee_notice":
        due = req.fee_notice.due if req.fee_notice else None
    elif kind == "start_consultation":
        due = req.consultation_answer_due
    else:
        count = reply_due(req, cal, settings)
        return (count.due, count.provisional) if count.due else None
    return (due, cal.span_provisional(on, due)) if due else None


def told_date(req: Request, *kinds: str) -> dt.date | None:
    """The date last told in a letter of one of ``kinds`` since the clock last restarted (补正 received), or
    None (events recorded before told dates were kept, or no such letter)."""
    for e in reversed(req.events):
        if e.kind == "receive_clarification" and "request_clarification" not in kinds:
            return None
        if e.kind in kinds:
            d = e.data.get("told_due")
            return d if isinstance(d, dt.date) else (dt.date.fromisoformat(d) if isinstance(d, str) and d else None)
    return None


def step(req: Request, kind: str, on: dt.date, *, actor: str = "", calendar: WorkCalendar | None = None,
         settings: OfficeSettings = DEFAULT_SETTINGS, today: dt.date | None = None, **data) -> Request:
    """Shorthand: ``step(req, "respond", date, disposition="granted")``."""
    return apply(req, Event(kind, on, actor, data), calendar, settings, today=today)


def replay(req: Request, events, calendar: WorkCalendar | None = None,
           settings: OfficeSettings = DEFAULT_SETTINGS) -> Request:
    """Apply ``events`` in order (for imports and stored histories).

    答复审核 is a gate on registering, checked when each event was recorded: a history replays whatever the
    office's setting is now (a reply given before the office switched review on stays valid)."""
    settings = dataclasses.replace(settings, reply_review=False)
    for e in events:
        req = apply(req, e, calendar, settings)
    return req


def allowed_events(req: Request, calendar: WorkCalendar | None = None, settings: OfficeSettings = DEFAULT_SETTINGS,
                   *, today: dt.date | None = None) -> list[str]:
    """Event kinds a UI may offer: those the current state allows and the statute still allows for
    this case (what :func:`apply` would refuse whatever the date or data are left out):

    * 告知补正 once only (第三十条 一次性告知); 确认收到申请 only for 平常信函/网络/传真 and once (第三十一条);
      延迟答复 once (第三十五条); 延期 while fewer than 20 working days were added (第三十三条).
    * 答复审核 (``settings.reply_review``) on: 提交答复审核 instead of 答复; off: 答复 as before, never 提交答复审核.
    With ``today`` (the caller's clock) and a calendar, dates decide as well — an event may be dated from
    the last event's day up to today:
    * 延期 and 延迟答复 only while the reply period has not run out today (第三十三条、第三十五条 “在期限内”):
      one decided in time but registered after the period ran out is recorded by the engine with a flag
      (``registered_late``), never offered as a normal step; 缴纳信息处理费 not after the payment period
      (with the date told) ran out;
    * 逾期未补正 and 逾期未缴费 only once their period (or the date told, whichever is later) has passed.
    A calendar that cannot count (CalendarUnavailable) decides nothing: the event is offered and the
    engine decides when it is registered.
    """
    kinds = [k for k, (states, _, _) in TRANSITIONS.items() if req.state in states]
    out = []
    for k in kinds:
        if k == "request_clarification" and req.clarification_requested_on is not None:
            continue
        if k == "confirm_receipt" and (req.channel not in CONFIRMED_CHANNELS
                                       or any(e.kind == "confirm_receipt" for e in req.events)):
            continue
        if k == "delay_reply" and req.delay_days:
            continue
        if k == "extend" and req.extension_days >= settings.max_extension_days:
            continue
        if req.state in (RECEIVED, IN_PROGRESS) and k == ("submit_reply" if not settings.reply_review else "respond"):
            continue
        if today is not None and calendar is not None and not _date_still_open(req, k, calendar, settings, today):
            continue
        out.append(k)
    return out


def _date_still_open(req: Request, kind: str, cal: WorkCalendar, settings: OfficeSettings, today: dt.date) -> bool:
    """Whether some date from the last event's day to ``today`` is one on which ``kind`` would be accepted
    (only the statutory periods are looked at here; the data asked by the form is checked on registering).
    延期 and 延迟答复 are decisions taken now: open while today is within the reply period."""
    first = req.last_event_on
    try:
        if kind in ("extend", "delay_reply"):
            if kind == "extend" and not settings.extension_must_precede_due:
                return True
            due = reply_due(req, cal, settings).due
            return due is None or today <= due
        if kind == "fee_paid" and req.fee_notice is not None:
            told = told_date(req, "issue_fee_notice")
            return first <= max(req.fee_notice.due, told or req.fee_notice.due)
        if kind == "fee_lapsed" and req.fee_notice is not None:
            told = told_date(req, "issue_fee_notice")
            return today > (max(req.fee_notice.due, told) if told else req.fee_notice.due)
        if kind == "clarification_lapsed" and req.clarification_due is not None:
            told = told_date(req, "request_clarification")
            return today > (max(req.clarification_due, told) if told else req.clarification_due)
    except CalendarUnavailable:
        return True
    return True


__all__ = ["TRANSITIONS", "REPLY_FIELDS", "CONSULTATION_KINDS", "new_request", "apply", "step", "replay", "reply_due",
           "allowed_events", "consultation_answer_due", "IntakeError"]
