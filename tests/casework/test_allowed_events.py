"""The steps a UI offers are those the statute still allows for the case (workflow.allowed_events), not merely
those its state allows: an offered step is one the engine would accept on some date from the last event to today."""

import pytest

from gongkai.casework.errors import TransitionRefused
from gongkai.casework.workflow import allowed_events, reply_due, step
from gongkai.workdays.calendar import default_calendar

from .helpers import D, in_state, make

CAL = default_calendar()


def test_clarification_is_told_once_only_article_30():
    r = in_state("in_progress")
    assert "request_clarification" in allowed_events(r)
    r = step(r, "request_clarification", D(2024, 3, 5), items=["请写明文件名称"])
    assert "request_clarification" not in allowed_events(r)  # awaiting it: state already excludes it
    r = step(r, "receive_clarification", D(2024, 3, 8))
    assert r.state == "in_progress"
    assert "request_clarification" not in allowed_events(r)  # 第三十条 一次性告知
    with pytest.raises(TransitionRefused, match="一次性告知"):
        step(r, "request_clarification", D(2024, 3, 9), items=["再补一项"])


def test_receiving_a_clarification_only_while_awaiting_it():
    assert "receive_clarification" not in allowed_events(in_state("in_progress"))
    assert "receive_clarification" not in allowed_events(in_state("received"))
    assert "receive_clarification" in allowed_events(in_state("awaiting_clarification"))


def test_clarification_lapse_offered_only_after_the_period_ran_out():
    r = in_state("awaiting_clarification")  # told 2024-03-05, 15 working days
    assert r.clarification_due == D(2024, 3, 26)
    assert "clarification_lapsed" not in allowed_events(r, CAL, today=D(2024, 3, 26))
    assert "clarification_lapsed" in allowed_events(r, CAL, today=D(2024, 3, 27))
    assert "receive_clarification" in allowed_events(r, CAL, today=D(2024, 3, 27))  # 正当理由: accepted, flagged


def test_fee_lapse_offered_only_after_the_payment_period_and_payment_not_after_it():
    r = in_state("awaiting_fee")  # notice 2024-03-06, 20 working days
    due = r.fee_notice.due
    assert "fee_lapsed" not in allowed_events(r, CAL, today=due)
    assert "fee_paid" in allowed_events(r, CAL, today=due)
    late = step(r, "assign", D(2024, 4, 30), handler="王五")  # something recorded after the period ran out
    assert "fee_lapsed" in allowed_events(late, CAL, today=D(2024, 4, 30))
    assert "fee_paid" not in allowed_events(late, CAL, today=D(2024, 4, 30))


def test_extension_up_to_twenty_days_in_all_article_33():
    r = in_state("in_progress")
    r = step(r, "extend", D(2024, 3, 20), days=10, approved_by="王主任", notified_on=D(2024, 3, 20))
    assert "extend" in allowed_events(r)
    r = step(r, "extend", D(2024, 3, 21), days=10, approved_by="王主任", notified_on=D(2024, 3, 21))
    assert "extend" not in allowed_events(r)


def test_extension_and_delay_not_offered_once_the_reply_period_ran_out_before_any_open_date():
    r = in_state("in_progress")
    due = reply_due(r, CAL).due
    after = D(2024, 4, 15)
    assert after > due
    assert {"extend", "delay_reply"} <= set(allowed_events(r, CAL, today=due))  # the last day is still in time
    # nothing recorded since, but the deadline has passed: not a normal offer any more (issue 10 item 9) …
    assert not {"extend", "delay_reply"} & set(allowed_events(r, CAL, today=after))
    # … a decision taken in time and registered late is recorded, flagged
    from gongkai.casework.deadlines import event_flag
    backdated = step(r, "extend", due, days=10, approved_by="王主任", notified_on=due, today=after)
    assert backdated.events[-1].data["registered_late"] == after.isoformat()
    assert "届满后" in event_flag(backdated.events[-1]) and "才登记" in event_flag(backdated.events[-1])
    in_time = step(r, "extend", due, days=10, approved_by="王主任", notified_on=due, today=due)
    assert "registered_late" not in in_time.events[-1].data and event_flag(in_time.events[-1]) == ""
    late = step(r, "assign", after, handler="王五")
    offered = allowed_events(late, CAL, today=after)
    assert "extend" not in offered and "delay_reply" not in offered
    with pytest.raises(TransitionRefused, match="届满"):
        step(late, "extend", after, days=10, approved_by="王主任", notified_on=after)
    assert "respond" in offered  # the reply is still owed


def test_delay_reply_set_once_article_35():
    r = step(in_state("in_progress"), "delay_reply", D(2024, 3, 20), reason_asked_on=D(2024, 3, 6),
             applicant_reason="诉讼需要", days=30, notified_on=D(2024, 3, 20))
    assert "delay_reply" not in allowed_events(r)


def test_receipt_confirmed_only_for_confirmation_channels_and_once_article_31():
    assert "confirm_receipt" not in allowed_events(make(channel="当面提交"))
    r = make(channel="网络")
    assert "confirm_receipt" in allowed_events(r)
    r = step(r, "confirm_receipt", D(2024, 3, 5))
    assert "confirm_receipt" not in allowed_events(r)


def test_every_offered_event_is_one_the_state_allows():
    from gongkai.casework.model import STATES
    from gongkai.casework.workflow import TRANSITIONS
    for s in STATES:
        if s == "closed" or s == "withdrawn":
            assert allowed_events(in_state(s)) == []
            continue
        for k in allowed_events(in_state(s), CAL, today=D(2024, 5, 6)):
            assert s in TRANSITIONS[k][0]
