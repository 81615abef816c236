"""The disclosure request (依申请公开申请) and its vocabulary.

Identifiers follow shared/spec/glossary.md; the applicant types are table 三's column ids and
the dispositions are table 三's outcome row ids of format 2021 (so counting needs no mapping).
A :class:`Request` is immutable: the workflow (:mod:`gongkai.casework.workflow`) returns a new
one per event and keeps every event (:class:`Event`) for the record (条例第四十五条).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..format.format2021 import APPLICANT_COLUMNS, TABLE_3
from ..format.format2021 import DISPOSITIONS as _OUTCOMES_HEADING
from ..textutil import norm
from ..workdays.calendar import Pause
from .errors import CaseworkError

#: table 三 columns: id → label (自然人 / 商业企业 / 科研机构 / 社会公益组织 / 法律服务机构 / 其他)
APPLICANT_TYPES: dict[str, str] = {c.id: c.label for c in TABLE_3.columns if c.id in APPLICANT_COLUMNS}
_TYPE_ALIASES = {"其他组织": "other_org", "其他": "other_org", "个人": "natural_person", "公民": "natural_person",
                 "企业": "commercial_enterprise", "律师事务所": "legal_service_provider"}

#: 第三十一条 channels: id → label
from .channels import CHANNELS  # noqa: E402  (its own module: the command line lists it without this one)
_CHANNEL_ALIASES = {"当面提交": "in_person", "现场": "in_person", "信函": "post", "邮件": "post", "快递": "post",
                    "互联网": "online", "网上": "online", "网上申请": "online", "电子邮件": "online",
                    "在线": "online"}

#: the outcome rows of table 三 (format 2021): row id → label (exactly one per answered request)
DISPOSITIONS: dict[str, str] = {}
_seen = False
for _r in TABLE_3.rows:
    if _r.id == "granted":
        _seen = True
    if _r.id == "dispositions_total":
        break
    if _seen and _r.printed:
        DISPOSITIONS[_r.id] = _r.label
del _seen, _r

#: row id → the label of its table 三 group ("（三）不予公开"); "" for （一）予以公开 and （二）部分公开,
#: which are rows of their own (the labels are the format description's, not restated here)
DISPOSITION_GROUPS: dict[str, str] = {
    r.id: ("" if r.group == _OUTCOMES_HEADING else r.group) for r in TABLE_3.rows if r.id in DISPOSITIONS}


def disposition_choices(exclude=()) -> list:
    """Table 三's outcome rows as grouped choices, in the table's order: ``(id, label)`` for （一）（二）,
    ``(group label, [(id, label), …])`` for （三）–（六）; rows in ``exclude`` left out (a group left empty
    is dropped)."""
    out: list = []
    groups: dict[str, list] = {}
    for k, label in DISPOSITIONS.items():
        if k in exclude:
            continue
        g = DISPOSITION_GROUPS.get(k, "")
        if not g:
            out.append((k, label))
        elif g in groups:
            groups[g].append((k, label))
        else:
            groups[g] = [(k, label)]
            out.append((g, groups[g]))
    return out


def _bare(label: str) -> str:
    """A table 三 label without its numbering and trailing note: "（三）不予公开" → "不予公开",
    "1.属于国家秘密" → "属于国家秘密", "（二）部分公开（区分处理的…）" → "部分公开"."""
    s = re.sub(r"^(（[一二三四五六七]）|\d+\.)", "", label.strip())
    return re.sub(r"（[^（）]*）$", "", s) or s


def disposition_label(row_id: str | None) -> str:
    """A disposition as a list says it, naming its group: "不予公开：属于国家秘密", "予以公开";
    "" for none; an unknown id as given."""
    if not row_id:
        return ""
    if row_id not in DISPOSITIONS:
        return row_id
    g = DISPOSITION_GROUPS.get(row_id, "")
    return f"{_bare(g)}：{_bare(DISPOSITIONS[row_id])}" if g else _bare(DISPOSITIONS[row_id])


#: dispositions reached only by a lapse or a withdrawal, never chosen in a reply
LAPSE_DISPOSITIONS = {"other_correction_not_supplied": "clarification_lapsed",
                      "other_fee_not_paid": "fee_lapsed"}

# states: id → Chinese label
RECEIVED, IN_PROGRESS, CLARIFICATION, CONSULTATION, AWAITING_FEE, CLOSED, WITHDRAWN = (
    "received", "in_progress", "awaiting_clarification", "consultation", "awaiting_fee", "closed", "withdrawn")
#: 答复审核 (an office setting, ``OfficeSettings.reply_review``): a drafted reply waits for the 审核人, then goes out;
#: the reply clock keeps running in both (they are not pauses)
REPLY_REVIEW, REPLY_APPROVED = "reply_review", "reply_approved"
STATES = {RECEIVED: "已收到（待受理）", IN_PROGRESS: "办理中", CLARIFICATION: "待补正", CONSULTATION: "征求意见中",
          AWAITING_FEE: "待缴费", REPLY_REVIEW: "答复待审核", REPLY_APPROVED: "答复已审核待发出",
          CLOSED: "已办结", WITHDRAWN: "已撤回"}
OPEN_STATES = frozenset({RECEIVED, IN_PROGRESS, CLARIFICATION, CONSULTATION, AWAITING_FEE, REPLY_REVIEW,
                         REPLY_APPROVED})
#: the states an applicant's status page shows as 办理中: the office's internal review is not the applicant's concern
INTERNAL_STATES = frozenset({REPLY_REVIEW, REPLY_APPROVED})
PAUSED_STATES = frozenset({CLARIFICATION, CONSULTATION, AWAITING_FEE})


class IntakeError(CaseworkError):
    """An application cannot be registered (a field the register needs is missing or invalid)."""


def applicant_type_id(value: str) -> str:
    """The column id for an applicant type given as id or Chinese label; IntakeError otherwise."""
    v = (value or "").strip()
    if v in APPLICANT_TYPES:
        return v
    for k, label in APPLICANT_TYPES.items():
        if v == label:
            return k
    if v in _TYPE_ALIASES:
        return _TYPE_ALIASES[v]
    raise IntakeError(f"申请人类型「{value}」无法识别，应为：{'、'.join(APPLICANT_TYPES.values())}。")


def channel_id(value: str) -> str:
    """The channel id for a channel given as id or Chinese label; IntakeError otherwise."""
    v = (value or "").strip()
    if v in CHANNELS:
        return v
    for k, label in CHANNELS.items():
        if v == label:
            return k
    if v in _CHANNEL_ALIASES:
        return _CHANNEL_ALIASES[v]
    raise IntakeError(f"申请渠道「{value}」无法识别，应为：{'、'.join(CHANNELS.values())}。")


def disposition_id(value: str) -> str:
    """The table 三 row id for a disposition given as id or label (brackets/numbering normalised)."""
    v = (value or "").strip()
    if v in DISPOSITIONS:
        return v
    nv = norm(v)
    for k, label in DISPOSITIONS.items():
        if nv and (nv == norm(label) or (k == "partially_granted" and nv in (norm("（二）部分公开"), "部分公开"))):
            return k
    # bare labels without numbering, e.g. "属于国家秘密", "予以公开"
    for k, label in DISPOSITIONS.items():
        bare = re.sub(r"^(\([一二三四五六七]\)|\d+\.)", "", norm(label))
        bare = bare.split("(")[0]
        if nv == bare:
            return k
    raise CaseworkError(f"办理结果「{value}」不是年报表三的任何一行；请使用表三的行名，例如“（一）予以公开”“1.属于国家秘密”。")


# 条例第三十一条
RECEIPT_RULES = {
    "in_person": "第三十一条第（一）项：当面提交的，以提交之日为收到申请之日",
    "post": "第三十一条第（二）项：邮寄的，以行政机关签收之日为收到申请之日",
    "ordinary_letter": "第三十一条第（二）项：以平常信函等无需签收的邮寄方式提交的，以与申请人确认之日为收到申请之日",
    "online": "第三十一条第（三）项：通过互联网渠道提交的，以双方确认之日为收到申请之日",
    "fax": "第三十一条第（三）项：通过传真提交的，以双方确认之日为收到申请之日",
}


def date_received(channel: str, *, submitted_on: dt.date | None = None, signed_on: dt.date | None = None,
                  confirmed_on: dt.date | None = None) -> tuple[dt.date, str]:
    """The 收到申请之日 under 条例第三十一条 for ``channel``, and the rule applied (Chinese).

    当面 → ``submitted_on``; 邮寄 → ``signed_on`` (签收); 平常信函, 网络, 传真 → ``confirmed_on``
    (确认之日).  Raises IntakeError when the date that channel needs is missing.
    """
    ch = channel_id(channel)
    need = {"in_person": ("submitted_on", submitted_on, "提交日期"), "post": ("signed_on", signed_on, "签收日期"),
            "ordinary_letter": ("confirmed_on", confirmed_on, "与申请人确认的日期"),
            "online": ("confirmed_on", confirmed_on, "双方确认的日期"),
            "fax": ("confirmed_on", confirmed_on, "双方确认的日期")}[ch]
    if need[1] is None:
        raise IntakeError(f"{CHANNELS[ch]}提交的申请，需要{need[2]}才能确定收到申请之日（{RECEIPT_RULES[ch]}）。")
    return need[1], RECEIPT_RULES[ch]


@dataclass(frozen=True)
class Requester:
    """申请人 (条例第二十九条第（一）项): name or organisation, identity document, contact."""

    name: str
    applicant_type: str = "natural_person"
    id_document: str = ""
    contact: str = ""
    address: str = ""


@dataclass(frozen=True)
class Event:
    """One recorded step of a case: ``kind`` (see workflow.EVENTS), date ``on``, ``actor``, ``data``."""

    kind: str
    on: dt.date
    actor: str = ""
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class FeeNotice:
    """收费通知: amount in 元, method ("per_request"/"per_page"), sent and received dates, payment due."""

    amount_yuan: int
    method: str
    sent_on: dt.date
    received_on: dt.date
    due: dt.date
    paid_on: dt.date | None = None


@dataclass(frozen=True)
class Request:
    """A 政府信息公开申请 as registered and processed.

    ``received_on`` is the 收到申请之日 of 第三十一条; ``clock_start`` the date the reply clock
    runs from (``received_on``, or receipt of the corrected application under 第三十条).
    ``pauses`` are the periods not counted (consultation, fee).  ``extension_days`` ≤ 20.
    ``disposition`` is a table 三 row id once ``state`` is closed/withdrawn; ``closed_on`` its date.
    ``intake_gaps`` lists 第二十九条 items missing at intake (grounds for a 补正 notice).
    ``consultation_*`` the current (or last) consultation: letter sent, received by the third party
    (or agency), and the 15-working-day answer due date counted from that receipt — from the sending
    date when the receipt date is not known (第三十二条、第三十四条).  ``delay_days`` the 延迟答复 period
    set under 第三十五条 (working days on top of the 第三十三条 period; not an extension).
    """

    id: str
    agency: str
    requester: Requester
    description: str
    channel: str
    received_on: dt.date
    form: str = ""
    handler: str = ""
    state: str = RECEIVED
    clock_start: dt.date | None = None
    pauses: tuple[Pause, ...] = ()
    extension_days: int = 0
    clarification_requested_on: dt.date | None = None
    clarification_due: dt.date | None = None
    clarification_received_on: dt.date | None = None
    fee_notice: FeeNotice | None = None
    disposition: str | None = None
    closed_on: dt.date | None = None
    events: tuple[Event, ...] = ()
    intake_gaps: tuple[str, ...] = ()
    split_from: str = ""
    consultation_sent_on: dt.date | None = None
    consultation_party_received_on: dt.date | None = None
    consultation_answer_due: dt.date | None = None
    delay_days: int = 0
    #: 答复审核: the reply submitted for review (the engine data of ``respond`` — disposition, info_given,
    #: info_withheld, reason — plus ``submitted_by``/``submitted_on``, and once approved ``approved_by``/
    #: ``approved_on``); None when no reply is in review
    reply_draft: dict | None = None
    #: the reason the 审核人 gave when returning the last submitted reply (退回修改), until it is resubmitted
    reply_returned: str = ""

    @property
    def applicant_type(self) -> str:
        return self.requester.applicant_type

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_paused(self) -> bool:
        return self.state in PAUSED_STATES

    @property
    def state_label(self) -> str:
        return STATES[self.state]

    def consultation_overdue(self, today: dt.date) -> bool:
        """True while a consultation is still open after its 15-working-day answer period (第三十二条)."""
        return (self.state == CONSULTATION and self.consultation_answer_due is not None
                and today > self.consultation_answer_due)

    @property
    def last_event_on(self) -> dt.date:
        return self.events[-1].on if self.events else self.received_on


_ID18 = re.compile(r"(?<![0-9])([0-9]{17}[0-9Xx])(?![0-9Xx])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number_problems(text: str) -> list[str]:
    """Chinese remarks on 18-digit 居民身份证 numbers in ``text`` whose check digit (GB 11643-1999) is
    wrong; [] when there is none or all are right.  A remark, not a refusal: the register keeps what
    the applicant wrote, the clerk checks it."""
    out = []
    for m in _ID18.finditer(text or ""):
        s = m.group(1).upper()
        expected = "10X98765432"[sum(int(a) * w for a, w in zip(s[:17], _ID_WEIGHTS)) % 11]
        if s[17] != expected:
            out.append(f"身份证号码 {s} 的校验位应为 {expected}，请核对是否抄错")
    return out
