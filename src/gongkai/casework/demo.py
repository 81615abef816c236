"""A seeded, reproducible agency-year of demo cases (for docs, demos and benchmarks).

``generate(agency, year, n, seed)`` returns ``(requests, reviews)``: ``n`` requests received from
mid-November of the previous year to 31 December, each taken through the real state machine
(受理, some 补正, 征求第三方意见, 延期, 收费) to an outcome with a realistic mix, or left open when
its reply date falls after mid-January of the next year (so some are 结转).  Proportions are
illustrative, loosely shaped like published reports (most applicants 自然人; 予以公开 and
本机关不掌握 the commonest outcomes) — not statistics.  Needs calendar data up to ``year + 1``.
"""

from __future__ import annotations

import datetime as dt
import random

from ..workdays.calendar import WorkCalendar, default_calendar
from .counting import ReviewCase
from .model import Requester
from .workflow import new_request, reply_due, step

TYPE_WEIGHTS = {"natural_person": 86, "commercial_enterprise": 7, "research_institution": 1,
                "public_interest_org": 1, "legal_service_provider": 3, "other_org": 2}
OUTCOME_WEIGHTS = {
    "granted": 40, "partially_granted": 9, "withheld_state_secret": 1, "withheld_prohibited_by_law": 1,
    "withheld_security_stability": 1, "withheld_third_party_rights": 2, "withheld_internal_affairs": 1,
    "withheld_process_information": 2, "withheld_enforcement_file": 1, "withheld_administrative_query": 2,
    "unavailable_not_held": 20, "unavailable_needs_creation": 3, "unavailable_unclear_after_correction": 1,
    "not_processed_petition_or_complaint": 3, "not_processed_duplicate": 2, "not_processed_publication": 1,
    "not_processed_excessive_repeated": 1, "not_processed_confirmation_or_reissue": 1,
    "clarification_lapsed": 3, "fee_lapsed": 1, "withdraw": 3,
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
ORG_NAMES = {"commercial_enterprise": "{}{}科技有限公司", "research_institution": "{}{}研究院",
             "public_interest_org": "{}{}公益基金会", "legal_service_provider": "{}{}律师事务所",
             "other_org": "{}{}村民委员会"}
TOPICS = ["征地补偿安置方案", "建设项目环境影响评价批复", "行政处罚决定书", "财政专项资金拨付明细", "规划许可证及附图",
          "房屋征收补偿决定", "招标投标中标结果", "食品安全抽检结果", "信访事项处理意见", "年度部门预算"]
CHANNEL_WEIGHTS = {"online": 70, "post": 15, "in_person": 12, "ordinary_letter": 2, "fax": 1}
HANDLERS = ("李明", "王芳", "赵强")


def _pick(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _requester(rng: random.Random, i: int) -> Requester:
    t = _pick(rng, TYPE_WEIGHTS)
    city = rng.choice("东南西北中")
    if t == "natural_person":
        name = rng.choice(SURNAMES) + "某" + rng.choice("甲乙丙丁戊")
        doc = f"居民身份证 {rng.randrange(110000, 659999)}********{rng.randrange(1000, 9999)}"
    else:
        name = ORG_NAMES[t].format(city, rng.choice(["华", "信", "安", "达", "和"]) + rng.choice(["兴", "远", "泰", "诚"]))
        doc = f"统一社会信用代码 91{rng.randrange(10**15, 10**16)}"
    return Requester(name, t, doc, f"1{rng.randrange(3, 9)}{rng.randrange(10**8, 10**9)}",
                     f"{city}城区某路{rng.randrange(1, 300)}号")


def generate(agency: str = "示例市自然资源和规划局", year: int = 2024, n: int = 300, seed: int = 1,
             calendar: WorkCalendar | None = None):
    """``n`` demo requests and a small 复议/诉讼 register for ``agency``; same seed → same data."""
    rng = random.Random(seed)
    cal = calendar or default_calendar()
    start = dt.date(year - 1, 11, 15)
    span = (dt.date(year, 12, 31) - start).days
    horizon = dt.date(year + 1, 1, 15)
    requests = []
    for i in range(n):
        received = start + dt.timedelta(days=rng.randrange(span + 1))
        rid = f"{received.year}-{i + 1:06d}"
        r = new_request(id=rid, agency=agency, requester=_requester(rng, i),
                        description=f"申请公开{rng.choice(['', '本区', '某项目'])}{rng.choice(TOPICS)}",
                        channel=_pick(rng, CHANNEL_WEIGHTS), received_on=received,
                        form=rng.choice(["电子邮件", "纸质邮寄", "自行领取"]), handler=rng.choice(HANDLERS))
        outcome = _pick(rng, OUTCOME_WEIGHTS)
        requests.append(_run(r, outcome, rng, cal, horizon))
    reviews = []
    for k in range(max(1, n // 100)):
        filed = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        kind = rng.choices(["review", "lawsuit_direct", "lawsuit_after_review"], [6, 3, 1])[0]
        decided = filed + dt.timedelta(days=rng.randrange(30, 200))
        if decided > dt.date(year + 1, 3, 31):
            reviews.append(ReviewCase(f"FY{year}-{k + 1:03d}", agency, kind, filed))
        else:
            reviews.append(ReviewCase(f"FY{year}-{k + 1:03d}", agency, kind, filed,
                                      rng.choices(["upheld", "corrected", "other_result"], [7, 2, 1])[0], decided))
    return requests, reviews


def _wd(cal, d, k):
    return cal.add_working_days(d, k).due


def _run(r, outcome, rng, cal, horizon):
    rec = r.received_on
    if outcome == "withdraw":
        on = _wd(cal, rec, rng.randrange(1, 10))
        return r if on > horizon else step(r, "withdraw", on, calendar=cal)
    if outcome in ("clarification_lapsed", "unavailable_unclear_after_correction"):
        r = step(r, "request_clarification", _wd(cal, rec, rng.randrange(1, 7)), items=["请明确所需信息的名称或文号"],
                 calendar=cal)
        if outcome == "clarification_lapsed":
            on = r.clarification_due + dt.timedelta(days=rng.randrange(1, 5))
            return r if on > horizon else step(r, "clarification_lapsed", on, calendar=cal)
        on = _wd(cal, r.clarification_requested_on, rng.randrange(2, 10))
        if on > horizon:
            return r
        r = step(r, "receive_clarification", on, calendar=cal)
        return _respond(r, outcome, rng, cal, horizon)
    r = step(r, "accept", rec, calendar=cal)
    if outcome == "fee_lapsed":
        r = step(r, "issue_fee_notice", _wd(cal, rec, 5), amount_yuan=100 * rng.randrange(1, 4), calendar=cal)
        on = r.fee_notice.due + dt.timedelta(days=1)
        return r if on > horizon else step(r, "fee_lapsed", on, calendar=cal)
    if outcome == "withheld_third_party_rights" or rng.random() < 0.03:
        s = _wd(cal, rec, rng.randrange(2, 8))
        r = step(r, "start_consultation", s, party="有关企业", calendar=cal)
        e = _wd(cal, s, rng.randrange(3, 15))
        if e > horizon:
            return r
        r = step(r, "end_consultation", e, calendar=cal)
    return _respond(r, outcome, rng, cal, horizon)


def _respond(r, outcome, rng, cal, horizon):
    if r.state == "received":
        r = step(r, "accept", r.received_on, calendar=cal)
    due = reply_due(r, cal).due
    if rng.random() < 0.05:
        on = min(r.last_event_on + dt.timedelta(days=1), due)
        if on >= r.last_event_on:
            r = step(r, "extend", on, days=20, approved_by="办公室主任", notified_on=on, calendar=cal)
            due = reply_due(r, cal).due
    start = max(r.last_event_on, r.clock_start)
    span = max(1, cal.working_days_between(start, due))
    on = _wd(cal, start, rng.randrange(1, span + 1))
    if on > horizon:
        return r
    return step(r, "respond", on, disposition=outcome, calendar=cal)
