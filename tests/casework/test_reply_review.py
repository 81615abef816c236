"""答复审核 (issue 14 item 2): with the office's setting on, a reply goes out only after a 审核人 approved it;
the clerk submits the drafted reply, the 审核人 approves it or returns it with a reason; the reply clock runs
throughout and the reply date is the day the reply went out."""

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings as hsettings
from hypothesis import strategies as st

from gongkai.casework.deadlines import case_status, timeliness
from gongkai.casework.errors import TransitionRefused
from gongkai.casework.settings import DEFAULT_SETTINGS
from gongkai.casework.workflow import REPLY_FIELDS, allowed_events, replay, reply_due, step
from gongkai.workdays.calendar import default_calendar

from .helpers import D, in_state, make

CAL = default_calendar()
ON = dataclasses.replace(DEFAULT_SETTINGS, reply_review=True)


def s(req, kind, on, actor="李四", **data):
    return step(req, kind, on, actor=actor, settings=ON, **data)


def test_with_the_setting_off_nothing_changes():
    r = in_state("in_progress")
    offered = allowed_events(r)
    assert "respond" in offered and "submit_reply" not in offered
    assert step(r, "respond", D(2024, 3, 8), disposition="granted").state == "closed"


def test_with_the_setting_on_a_reply_is_submitted_not_given():
    r = in_state("in_progress")
    offered = allowed_events(r, settings=ON)
    assert "submit_reply" in offered and "respond" not in offered
    with pytest.raises(TransitionRefused, match="答复审核"):
        s(r, "respond", D(2024, 3, 8), disposition="granted")


def test_submit_return_revise_approve_and_send():
    r = in_state("in_progress")
    r = s(r, "submit_reply", D(2024, 3, 7), disposition="unavailable_not_held", reason="经检索未找到")
    assert r.state == "reply_review" and r.reply_draft["disposition"] == "unavailable_not_held"
    assert set(allowed_events(r, settings=ON)) >= {"approve_reply", "return_reply"}
    assert "respond" not in allowed_events(r, settings=ON)
    with pytest.raises(TransitionRefused, match="理由"):
        s(r, "return_reply", D(2024, 3, 8), actor="王主任", reason="  ")
    with pytest.raises(TransitionRefused, match="提交人自己"):
        s(r, "approve_reply", D(2024, 3, 8), actor="李四")
    r = s(r, "return_reply", D(2024, 3, 8), actor="王主任", reason="请写明检索范围")
    assert r.state == "in_progress" and r.reply_returned == "请写明检索范围" and r.reply_draft is None
    r = s(r, "submit_reply", D(2024, 3, 11), disposition="unavailable_not_held", reason="经检索档案室、OA 系统未找到")
    assert r.reply_returned == ""
    r = s(r, "approve_reply", D(2024, 3, 12), actor="王主任")
    assert r.state == "reply_approved" and r.reply_draft["approved_by"] == "王主任"
    assert "respond" in allowed_events(r, settings=ON) and "approve_reply" not in allowed_events(r, settings=ON)
    with pytest.raises(TransitionRefused, match="审核通过的办理结果"):
        s(r, "respond", D(2024, 3, 13), disposition="granted")
    done = s(r, "respond", D(2024, 3, 13))
    assert done.state == "closed" and done.disposition == "unavailable_not_held"
    assert done.closed_on == D(2024, 3, 13)  # the day it went out, not the day submitted or approved
    ev = done.events[-1].data
    assert ev["reason"] == "经检索档案室、OA 系统未找到" and ev["reviewed_by"] == "王主任"
    assert ev["reviewed_on"] == D(2024, 3, 12)
    assert [e.kind for e in done.events][-5:] == ["submit_reply", "return_reply", "submit_reply", "approve_reply",
                                                   "respond"]
    assert timeliness(done).working_days_used == 7  # 3-4 → 3-13, counted to the day it went out


def test_the_clock_keeps_running_while_in_review():
    r = in_state("in_progress")
    due = reply_due(r, CAL).due
    review = s(r, "submit_reply", D(2024, 3, 7), disposition="granted")
    assert reply_due(review, CAL).due == due
    st_ = case_status(review, D(2024, 4, 15), CAL)
    assert st_.overdue and not st_.paused and st_.due == due
    late = s(s(review, "approve_reply", D(2024, 4, 15), actor="王主任"), "respond", D(2024, 4, 16))
    assert timeliness(late).status == "late"


def test_an_extension_may_be_decided_while_in_review():
    r = s(in_state("in_progress"), "submit_reply", D(2024, 3, 7), disposition="granted")
    assert "extend" in allowed_events(r, CAL, ON, today=D(2024, 3, 20))
    r = s(r, "extend", D(2024, 3, 20), actor="王主任", days=10, approved_by="王主任", notified_on=D(2024, 3, 20))
    assert r.state == "reply_review" and r.extension_days == 10


def test_a_history_recorded_before_review_was_switched_on_still_replays():
    r = make()
    given = step(step(r, "accept", D(2024, 3, 4)), "respond", D(2024, 3, 8), disposition="granted")
    again = replay(r, given.events[1:], CAL, ON)
    assert again.state == "closed" and again.disposition == "granted"


def test_withdrawal_during_review_clears_the_draft():
    r = s(in_state("in_progress"), "submit_reply", D(2024, 3, 7), disposition="granted")
    w = s(r, "withdraw", D(2024, 3, 8))
    assert w.state == "withdrawn" and w.reply_draft is None and w.disposition == "other_other"


# --------------------------------------------------------------------------- the law, over random histories

DATA = {
    "accept": {}, "request_clarification": {"items": ["写明文号"]}, "receive_clarification": {},
    "start_consultation": {"party": "某公司"}, "end_consultation": {},
    "issue_fee_notice": {"amount_yuan": 100}, "fee_paid": {},
    "submit_reply": {"disposition": "granted"}, "return_reply": {"reason": "请修改"}, "approve_reply": {},
    "respond": {}, "assign": {"handler": "赵六"},
}


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_no_reply_ever_precedes_its_approval(data):
    """Whatever the clerk and the 审核人 do, in whatever order (each step one the engine offers, some refused),
    every 答复 follows an approval of exactly that outcome, given after the last submission, by someone other
    than the submitter; and a reply date is never before its approval."""
    r = make()
    day = D(2024, 3, 4)
    for _ in range(data.draw(st.integers(2, 14))):
        if not r.is_open:
            break
        offered = [k for k in allowed_events(r, settings=ON) if k in DATA]
        if not offered:
            break
        kind = data.draw(st.sampled_from(offered))
        day = D.fromordinal(day.toordinal() + data.draw(st.integers(0, 3)))
        actor = data.draw(st.sampled_from(["李四", "王主任"]))
        extra = dict(DATA[kind])
        if kind in ("submit_reply", "respond") and data.draw(st.booleans()):
            extra["disposition"] = data.draw(st.sampled_from(["granted", "partially_granted", "unavailable_not_held"]))
        try:
            r = step(r, kind, day, actor=actor, settings=ON, **extra)
        except TransitionRefused:
            continue
    kinds = [e for e in r.events]
    for i, e in enumerate(kinds):
        if e.kind != "respond":
            continue
        review = [x for x in kinds[:i] if x.kind in ("submit_reply", "return_reply", "approve_reply")]
        assert review and review[-1].kind == "approve_reply", [x.kind for x in kinds]
        approval, submitted = review[-1], review[-2]
        assert submitted.kind == "submit_reply"
        assert approval.actor != submitted.actor
        assert e.data["disposition"] == submitted.data["disposition"]
        assert e.on >= approval.on and e.data["reviewed_on"] == approval.on
        assert r.closed_on == e.on
        assert {k for k in REPLY_FIELDS if submitted.data.get(k)} <= set(e.data)
