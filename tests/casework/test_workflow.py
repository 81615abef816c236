"""The case state machine: every allowed transition, and every other (state, event) refused
with a Chinese message (条例 第三十条—第三十三条, 第四十二条; 国办函〔2020〕109号)."""

import pytest

from gongkai.casework.errors import TransitionRefused
from gongkai.casework.model import STATES, IntakeError, Requester
from gongkai.casework.workflow import TRANSITIONS, allowed_events, new_request, reply_due, step

from .helpers import D, in_state, make

# Minimal valid data per event, dated late enough for every deadline check.
VALID = {
    "accept": {},
    "confirm_receipt": {},
    "request_clarification": {"items": ["写明文号"]},
    "receive_clarification": {},
    "clarification_lapsed": {},
    "start_consultation": {"party": "某公司"},
    "consultation_received": {"party_received_on": D(2024, 3, 8)},
    "end_consultation": {},
    "delay_reply": {"reason_asked_on": D(2024, 3, 6), "applicant_reason": "诉讼需要", "days": 30,
                    "notified_on": D(2024, 3, 20)},
    "extend": {"days": 10, "approved_by": "王主任", "notified_on": D(2024, 3, 20)},
    "issue_fee_notice": {"amount_yuan": 100},
    "fee_paid": {},
    "fee_lapsed": {},
    "respond": {"disposition": "granted"},
    "submit_reply": {"disposition": "granted"},
    "return_reply": {"reason": "请补充不予公开的法律依据"},
    "approve_reply": {},
    "withdraw": {},
    "assign": {"handler": "赵六"},
    "import": {"disposition": "granted", "result_text": "予以公开"},
}
EXPECTED_TARGET = {
    "accept": "in_progress", "request_clarification": "awaiting_clarification", "receive_clarification": "in_progress",
    "clarification_lapsed": "closed", "start_consultation": "consultation", "end_consultation": "in_progress",
    "issue_fee_notice": "awaiting_fee", "fee_paid": "in_progress", "fee_lapsed": "closed", "respond": "closed",
    "withdraw": "withdrawn", "import": "closed", "submit_reply": "reply_review", "return_reply": "in_progress",
    "approve_reply": "reply_approved",
}


def _date_for(kind):
    # lapses need their period to have run out; others happen soon after.
    return D(2024, 5, 6) if kind in ("clarification_lapsed", "fee_lapsed") else D(2024, 3, 20)


ALL = [(s, k) for s in STATES for k in TRANSITIONS]


@pytest.mark.parametrize("state,kind", [(s, k) for s, k in ALL if s in TRANSITIONS[k][0]])
def test_every_allowed_transition(state, kind):
    r = in_state(state)
    r2 = step(r, kind, _date_for(kind), **VALID[kind])
    assert r2.state == EXPECTED_TARGET.get(kind, state)
    assert r2.events[-1].kind == kind
    assert r.state == state  # requests are immutable


@pytest.mark.parametrize("state,kind", [(s, k) for s, k in ALL if s not in TRANSITIONS[k][0]])
def test_every_illegal_transition_is_refused_in_chinese(state, kind):
    r = in_state(state)
    with pytest.raises(TransitionRefused) as e:
        step(r, kind, _date_for(kind), **VALID[kind])
    msg = str(e.value)
    assert "不能" in msg and (STATES[state] in msg)


def test_intake_records_missing_article_29_items_as_gaps():
    r = new_request(id="1", agency="X", requester=Requester("某公司", "商业企业"), description="",
                    channel="邮寄", received_on=D(2024, 3, 4))
    assert r.applicant_type == "commercial_enterprise" and r.channel == "post"
    assert any("身份证明" in g for g in r.intake_gaps) and any("特征性描述" in g for g in r.intake_gaps)


def test_intake_refuses_unknown_applicant_type_and_missing_name():
    with pytest.raises(IntakeError, match="申请人类型"):
        make(type="外星人")
    with pytest.raises(IntakeError, match="姓名或者名称"):
        new_request(id="1", agency="X", requester=Requester(" "), description="d", channel="网络",
                    received_on=D(2024, 3, 4))


def test_clarification_restarts_the_clock_from_receipt_of_corrected_application():
    r = step(make(D(2024, 3, 4)), "request_clarification", D(2024, 3, 6), items=["写明文号"])
    r = step(r, "receive_clarification", D(2024, 3, 15))  # Friday
    # 20 working days after Fri 2024-03-15 (no holidays until 清明 04-04/05; 04-07 Sun is a make-up day):
    # 03-18..03-22 (5), 03-25..03-29 (10), 04-01..04-03 (13), 04-07 (14), 04-08..04-12 (19), 04-15 (20)
    assert reply_due(r).due == D(2024, 4, 15)


def test_clarification_must_be_one_time():
    r = step(make(), "request_clarification", D(2024, 3, 5), items=["a"])
    r = step(r, "receive_clarification", D(2024, 3, 8))
    with pytest.raises(TransitionRefused, match="一次性告知"):
        step(r, "request_clarification", D(2024, 3, 11), items=["b"])


def test_clarification_notice_after_seven_working_days_is_flagged_late():
    # received Mon 03-04; 7 working days → Wed 03-13
    r = step(make(), "request_clarification", D(2024, 3, 13), items=["a"])
    assert r.events[-1].data["late_notice"] is False
    r = step(make(), "request_clarification", D(2024, 3, 14), items=["a"])
    assert r.events[-1].data["late_notice"] is True


def test_no_answer_to_clarification_in_time_is_deemed_abandoned_but_not_before():
    r = step(make(), "request_clarification", D(2024, 3, 5), items=["a"])  # Tue; 15 wd → Tue 03-26
    assert r.clarification_due == D(2024, 3, 26)
    with pytest.raises(TransitionRefused, match="尚未届满"):
        step(r, "clarification_lapsed", D(2024, 3, 26))
    r = step(r, "clarification_lapsed", D(2024, 3, 27))
    assert r.disposition == "other_correction_not_supplied" and r.state == "closed"


def test_third_party_consultation_time_is_not_counted():
    r = in_state("in_progress")  # received Mon 2024-03-04, due Mon 04-01 without pause
    assert reply_due(r).due == D(2024, 4, 1)
    r = step(r, "start_consultation", D(2024, 3, 6), party="某公司")
    assert reply_due(r).due is None  # paused, open
    r = step(r, "end_consultation", D(2024, 3, 12))  # 03-06..03-12 = 5 working days not counted
    assert reply_due(r).due == D(2024, 4, 9)  # 04-02, 04-03, (清明 04-04..06), 04-07 make-up, 04-08, 04-09


def test_fee_period_is_not_counted_and_payment_after_due_refused():
    r = step(in_state("in_progress"), "issue_fee_notice", D(2024, 3, 6), amount_yuan=300)
    assert r.fee_notice.due == D(2024, 4, 3)  # 20 wd after Wed 03-06
    with pytest.raises(TransitionRefused, match="逾期未缴费"):
        step(r, "fee_paid", D(2024, 4, 7))
    r2 = step(r, "fee_paid", D(2024, 3, 12))
    assert reply_due(r2).due == D(2024, 4, 9)
    with pytest.raises(TransitionRefused, match="尚未届满"):
        step(r, "fee_lapsed", D(2024, 4, 3))
    r3 = step(r, "fee_lapsed", D(2024, 4, 7))
    assert r3.disposition == "other_fee_not_paid"


def test_extension_is_at_most_20_working_days_in_total():
    r = in_state("in_progress")
    ok = dict(approved_by="王主任", notified_on=D(2024, 3, 20))
    r = step(r, "extend", D(2024, 3, 20), days=15, **ok)
    ok["notified_on"] = D(2024, 3, 21)
    with pytest.raises(TransitionRefused, match="最长不得超过20个工作日"):
        step(r, "extend", D(2024, 3, 21), days=6, **ok)
    r = step(r, "extend", D(2024, 3, 21), days=5, **ok)
    assert r.extension_days == 20
    # 40 working days after Mon 2024-03-04 (清明 04-04..06 off, Sun 04-07 worked; 劳动节 05-01..05 off,
    # Sun 04-28 worked): 2024-04-29
    assert reply_due(r).due == D(2024, 4, 29)


def test_extension_needs_head_approval_notice_and_must_precede_due():
    r = in_state("in_progress")
    with pytest.raises(TransitionRefused, match="负责人同意"):
        step(r, "extend", D(2024, 3, 20), days=5, notified_on=D(2024, 3, 20))
    with pytest.raises(TransitionRefused, match="告知申请人"):
        step(r, "extend", D(2024, 3, 20), days=5, approved_by="王主任")
    with pytest.raises(TransitionRefused, match="届满"):
        step(r, "extend", D(2024, 4, 2), days=5, approved_by="王主任", notified_on=D(2024, 4, 2))


def test_reply_has_exactly_one_table_3_row_and_not_a_lapse_row():
    r = in_state("in_progress")
    with pytest.raises(TransitionRefused, match="表三"):
        step(r, "respond", D(2024, 3, 8), disposition="部分公开和不予公开")
    with pytest.raises(TransitionRefused, match="逾期未补正"):
        step(r, "respond", D(2024, 3, 8), disposition="other_correction_not_supplied")
    with pytest.raises(TransitionRefused, match="补正"):
        step(r, "respond", D(2024, 3, 8), disposition="unavailable_unclear_after_correction")
    assert step(r, "respond", D(2024, 3, 8), disposition="partially_granted").disposition == "partially_granted"


def test_on_the_spot_reply_from_received():
    assert step(make(), "respond", D(2024, 3, 4), disposition="not_processed_publication").state == "closed"


def test_withdrawal_counts_as_other():
    r = step(in_state("consultation"), "withdraw", D(2024, 3, 8))
    assert r.state == "withdrawn" and r.disposition == "other_other"


def test_events_must_be_in_date_order():
    with pytest.raises(TransitionRefused, match="早于"):
        step(in_state("in_progress"), "respond", D(2024, 3, 1), disposition="granted")


def test_closed_request_refuses_everything_with_reason():
    r = in_state("closed")
    with pytest.raises(TransitionRefused, match=r"该申请已于 \d{4}-\d\d-\d\d 办结（") as exc:
        step(r, "withdraw", D(2024, 3, 9))
    assert f"已于 {r.closed_on} 已办结" not in str(exc.value)  # 已 once, not "已于 … 已办结"
    assert allowed_events(r) == []


def test_withdrawn_request_says_when_it_was_withdrawn_without_doubled_word():
    r = in_state("withdrawn")
    with pytest.raises(TransitionRefused, match="该申请已于 2024-03-05 撤回") as exc:
        step(r, "accept", D(2024, 3, 9))
    assert "已于 2024-03-05 已撤回" not in str(exc.value)


def test_event_dated_after_today_is_refused():
    # a reply dated 2030-01-01 entered on 2026-11-30 records something that has not happened
    r = in_state("in_progress")
    with pytest.raises(TransitionRefused, match="2030-01-01 晚于今天 2026-11-30"):
        step(r, "respond", D(2030, 1, 1), today=D(2026, 11, 30), disposition="granted")
    assert step(r, "respond", D(2026, 11, 30), today=D(2026, 11, 30), disposition="granted").state == "closed"


def test_extension_notified_after_today_is_refused():
    r = in_state("in_progress")
    with pytest.raises(TransitionRefused, match="告知申请人的日期 2024-03-25 晚于今天 2024-03-20"):
        step(r, "extend", D(2024, 3, 20), today=D(2024, 3, 20), days=10, approved_by="王主任",
             notified_on=D(2024, 3, 25))


def test_application_received_after_today_cannot_be_registered():
    with pytest.raises(IntakeError, match="收到申请之日 2030-01-01 晚于今天 2026-11-30"):
        new_request(id="1", agency="某局", requester=Requester("张三", "natural_person", "身份证", "138"),
                    description="某文件", channel="网络", received_on=D(2030, 1, 1), today=D(2026, 11, 30))


def test_a_ledger_result_is_imported_as_it_stands():
    """台账导入: a case concluded before gongkai, with its ledger result (no steps on record)."""
    r = in_state("received")
    done = step(r, "import", D(2024, 3, 20), disposition="other_correction_not_supplied")
    assert (done.state, done.disposition, done.closed_on) == ("closed", "other_correction_not_supplied", D(2024, 3, 20))
    gone = step(r, "import", D(2024, 3, 20), disposition="other_other", withdrawn=True)
    assert gone.state == "withdrawn"
    with pytest.raises(TransitionRefused, match="不是年报表三的办理结果行"):
        step(r, "import", D(2024, 3, 20), disposition="bogus")


def test_the_applicant_is_told_of_an_extension_after_it_is_decided():
    r = in_state("in_progress")
    with pytest.raises(TransitionRefused, match="早于延期决定的日期"):
        step(r, "extend", D(2024, 3, 20), days=5, approved_by="王主任", notified_on=D(2024, 3, 19))


def test_id_check_digit_remarks():
    from gongkai.casework.model import id_number_problems
    assert id_number_problems("居民身份证 110101199003074514") == []
    assert id_number_problems("110101199003074512") == ["身份证号码 110101199003074512 的校验位应为 4，请核对是否抄错"]
    assert id_number_problems("护照 E12345678") == [] and id_number_problems("") == []


def test_an_application_before_the_regulation_is_refused():
    with pytest.raises(IntakeError, match="早于《政府信息公开条例》施行之日"):
        new_request(id="1", agency="X", requester=Requester("某", "自然人"), description="d", channel="邮寄",
                    received_on=D(2008, 4, 30))


def test_a_fee_notice_of_an_absurd_amount_is_refused():
    r = in_state("in_progress")
    with pytest.raises(TransitionRefused, match="明显不合理"):
        step(r, "issue_fee_notice", D(2024, 3, 20), amount_yuan=10 ** 30)
    assert step(r, "issue_fee_notice", D(2024, 3, 20), amount_yuan=1500).state == "awaiting_fee"
