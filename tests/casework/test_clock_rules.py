"""Clock rules of issue #9 items 4–5: each test is named after the rule it pins.

第三十二条 (third party's 15 working days), 第三十五条 (延迟答复), lapses of the 补正 and payment periods
(and the year they count in), late acts flagged, the 109号 fee without the 1 000 000 元 refusal, and the
timeliness of concluded cases (按期答复率)."""


import pytest

from gongkai.casework.counting import annual_report
from gongkai.casework.deadlines import case_status, event_flags, timeliness, timeliness_rates
from gongkai.casework.errors import TransitionRefused
from gongkai.casework.letters import letter_context
from gongkai.casework.workflow import LARGE_FEE_YUAN, reply_due, step

from .helpers import D, in_state, make


# --- 第三十二条 ---------------------------------------------------------------------------------------------

def test_third_party_has_15_working_days_from_receiving_the_consultation_letter():
    r = step(in_state("in_progress"), "start_consultation", D(2024, 3, 6), party="某公司",
             party_received_on=D(2024, 3, 11))
    assert r.consultation_party_received_on == D(2024, 3, 11)
    assert r.consultation_answer_due == D(2024, 4, 1)  # 15 wd after Mon 03-11, not after the sending date
    assert "自被征求意见方收到征求意见书之日（2024-03-11）起15个工作日" in r.events[-1].data["answer_due_basis"]
    assert case_status(r, D(2024, 3, 28)).due == D(2024, 4, 1)
    assert not case_status(r, D(2024, 4, 1)).consultation_overdue


def test_consultation_receipt_unknown_counts_from_the_sending_date_until_the_receipt_is_recorded():
    r = step(in_state("in_progress"), "start_consultation", D(2024, 3, 6), party="某公司")
    assert r.consultation_answer_due == D(2024, 3, 27)
    assert "收到日期不详" in r.events[-1].data["answer_due_basis"]
    r2 = step(r, "consultation_received", D(2024, 3, 12), party_received_on=D(2024, 3, 11))
    assert r2.consultation_answer_due == D(2024, 4, 1) and r2.state == "consultation"
    with pytest.raises(TransitionRefused, match="早于发出征求意见书的日期"):
        step(r, "consultation_received", D(2024, 3, 12), party_received_on=D(2024, 3, 5))


def test_a_consultation_still_open_after_the_answer_period_is_flagged_征求意见超期():
    r = step(in_state("in_progress"), "start_consultation", D(2024, 3, 6), party="某公司")
    s = case_status(r, D(2024, 3, 28))
    assert s.consultation_overdue and not s.overdue  # the reply clock is paused: not 超期 of the reply
    assert any(f.startswith("征求意见超期") and "2024-03-27" in f for f in s.flags)
    assert not case_status(r, D(2024, 3, 27)).consultation_overdue
    # a year later it is still flagged (the web demo's long-forgotten consultation)
    assert case_status(r, D(2025, 3, 6)).consultation_overdue


def test_ending_a_consultation_after_its_answer_period_is_recorded_with_a_flag():
    r = step(in_state("in_progress"), "start_consultation", D(2024, 3, 6), party="某公司")
    done = step(r, "end_consultation", D(2024, 3, 29))
    assert done.events[-1].data["after_answer_due"] is True
    assert any("意见答复期限（2024-03-27）届满后结束" in f for f in event_flags(done))


# --- 第三十五条 ---------------------------------------------------------------------------------------------

def test_delayed_reply_for_an_excessive_request_sets_a_reasonable_period_beyond_article_33():
    r = in_state("in_progress")  # received Mon 2024-03-04: reply due 2024-04-01
    d = step(r, "delay_reply", D(2024, 3, 20), reason_asked_on=D(2024, 3, 8), applicant_reason="用于诉讼举证",
             days=30, notified_on=D(2024, 3, 21))
    assert d.delay_days == 30 and d.extension_days == 0  # not the 20-day extension of 第三十三条
    base = reply_due(r).due
    assert reply_due(d).n == reply_due(r).n + 30 and reply_due(d).due > base
    # the 第三十三条 extension is still available on top of it
    e = step(d, "extend", D(2024, 3, 22), days=20, approved_by="王主任", notified_on=D(2024, 3, 22))
    assert reply_due(e).n == 20 + 20 + 30
    # a 补正 restarts the whole period (第三十条): the delay does not carry over
    c = step(step(d, "request_clarification", D(2024, 3, 22), items=["写明文号"]), "receive_clarification", D(2024, 3, 25))
    assert c.delay_days == 0 and reply_due(c).n == 20
    ev = d.events[-1].data
    assert ev["reason_asked_on"] == D(2024, 3, 8) and ev["applicant_reason"] == "用于诉讼举证"
    assert ev["notified_on"] == D(2024, 3, 21) and ev["days"] == 30


def test_delayed_reply_requires_the_reason_asked_and_cannot_follow_the_article_33_deadline():
    r = in_state("in_progress")
    with pytest.raises(TransitionRefused, match="须先要求申请人说明理由"):
        step(r, "delay_reply", D(2024, 3, 20), applicant_reason="x", days=10, notified_on=D(2024, 3, 20))
    with pytest.raises(TransitionRefused, match="（五）4"):
        step(r, "delay_reply", D(2024, 3, 20), reason_asked_on=D(2024, 3, 8), days=10, notified_on=D(2024, 3, 20))
    with pytest.raises(TransitionRefused, match="已于 2024-04-01"):
        step(r, "delay_reply", D(2024, 4, 2), reason_asked_on=D(2024, 3, 8), applicant_reason="x", days=10,
             notified_on=D(2024, 4, 2))
    d = step(r, "delay_reply", D(2024, 3, 29), reason_asked_on=D(2024, 3, 8), applicant_reason="x", days=10,
             notified_on=D(2024, 4, 3))
    assert d.events[-1].data["notified_late"] is True  # decided in time, told late: flagged
    assert any("第三十五条" in f for f in case_status(d, D(2024, 4, 3)).flags)
    with pytest.raises(TransitionRefused, match="已确定延迟答复期限"):
        step(d, "delay_reply", D(2024, 4, 3), reason_asked_on=D(2024, 3, 8), applicant_reason="x", days=5,
             notified_on=D(2024, 4, 3))


def test_delayed_reply_notice_letter_states_the_period_and_article_35():
    d = step(in_state("in_progress"), "delay_reply", D(2024, 3, 20), reason_asked_on=D(2024, 3, 8),
             applicant_reason="用于诉讼举证", days=30, notified_on=D(2024, 3, 20))
    ctx = letter_context("delay", d, agency="某局", date=D(2024, 3, 20), days=30, new_due=reply_due(d).due)
    text = "".join(ctx["paragraphs"])
    assert ctx["title"] == "政府信息公开申请延迟答复告知书" and "第三十五条" in ctx["article"]
    assert "30个工作日" in text and "数量、频次明显超过合理范围" in text


# --- lapses ---------------------------------------------------------------------------------------------------

def test_expired_clarification_period_offers_closing_as_six_one():
    r = in_state("awaiting_clarification")  # asked Tue 2024-03-05, 15 wd → 2024-03-26
    assert r.clarification_due == D(2024, 3, 26)
    assert case_status(r, D(2024, 3, 26)).lapse == ""
    s = case_status(r, D(2024, 3, 27))
    assert s.lapse == "clarification_lapsed" and not s.overdue
    assert any("补正期限已届满，可登记逾期未补正，计入表三（六）1" in f for f in s.flags)


def test_expired_payment_period_offers_closing_as_six_two_and_shows_the_payment_deadline():
    r = step(in_state("in_progress"), "issue_fee_notice", D(2024, 3, 6), amount_yuan=100,
             received_on=D(2024, 3, 8))
    assert r.fee_notice.due == D(2024, 4, 8)  # 20 wd after the applicant received it (Fri 03-08; 04-04 清明)
    s = case_status(r, D(2024, 3, 20))
    assert s.due == D(2024, 4, 8) and s.lapse == ""
    s2 = case_status(r, D(2024, 4, 9))
    assert s2.lapse == "fee_lapsed" and any("缴费期限已届满，可登记逾期未缴费，计入表三（六）2" in f for f in s2.flags)


def test_a_lapse_counts_in_the_year_the_period_ran_out():
    r = step(make(D(2024, 11, 25), id="L1"), "request_clarification", D(2024, 12, 3), items=["文号"], period_days=20)
    assert r.clarification_due == D(2024, 12, 31)
    lapsed = step(r, "clarification_lapsed", D(2025, 1, 6))  # registered after new year
    assert lapsed.closed_on == D(2024, 12, 31) and lapsed.events[-1].on == D(2025, 1, 6)
    f = step(step(make(D(2024, 11, 25), id="L2"), "accept", D(2024, 11, 25)), "issue_fee_notice", D(2024, 12, 3),
             amount_yuan=100)
    f = step(f, "fee_lapsed", D(2025, 1, 3))
    assert f.closed_on == f.fee_notice.due == D(2024, 12, 31)
    y24, y25 = annual_report([lapsed, f], "某局", 2024), annual_report([lapsed, f], "某局", 2025)
    assert y24.value("三", "other_correction_not_supplied", "total") == 1
    assert y24.value("三", "other_fee_not_paid", "total") == 1
    assert y24.value("三", "carried_forward", "total") == 0
    assert y25.value("三", "carried_over", "total") == 0


# --- late acts flagged --------------------------------------------------------------------------------------

def test_extension_notified_after_the_original_deadline_is_flagged():
    r = in_state("in_progress")  # due 2024-04-01
    e = step(r, "extend", D(2024, 3, 29), days=10, approved_by="王主任", notified_on=D(2024, 4, 2))
    assert e.events[-1].data["notified_late"] is True and e.events[-1].data["original_due"] == "2024-04-01"
    assert any("延期在原答复期限（2024-04-01）届满后才告知申请人" in f for f in case_status(e, D(2024, 4, 2)).flags)
    ok = step(r, "extend", D(2024, 3, 29), days=10, approved_by="王主任", notified_on=D(2024, 3, 29))
    assert "notified_late" not in ok.events[-1].data and not case_status(ok, D(2024, 4, 2)).flags


def test_clarification_supplied_after_its_deadline_is_accepted_but_flagged():
    r = in_state("awaiting_clarification")
    late = step(r, "receive_clarification", D(2024, 3, 28))
    assert late.events[-1].data["late"] is True and late.clock_start == D(2024, 3, 28)
    assert any("补正在补正期限（2024-03-26）届满后提交" in f for f in case_status(late, D(2024, 3, 28)).flags)
    on_time = step(r, "receive_clarification", D(2024, 3, 26))
    assert "late" not in on_time.events[-1].data


# --- fees -----------------------------------------------------------------------------------------------------

def test_a_very_large_per_page_fee_is_computed_from_the_tiers_and_needs_confirmation_not_refusal():
    r = in_state("in_progress")
    pages = 30_000  # 700 + 2000 + 40 × 29 800 = 1 194 700 元
    with pytest.raises(TransitionRefused, match="请勾选“确认金额”"):
        step(r, "issue_fee_notice", D(2024, 3, 20), method="per_page", pages=pages)
    ok = step(r, "issue_fee_notice", D(2024, 3, 20), method="per_page", pages=pages, confirm_large=True)
    assert ok.fee_notice.amount_yuan == 1_194_700 > LARGE_FEE_YUAN
    with pytest.raises(TransitionRefused, match="应收 4700 元"):
        step(r, "issue_fee_notice", D(2024, 3, 20), method="per_page", pages=250, amount_yuan=5000)
    assert step(r, "issue_fee_notice", D(2024, 3, 20), method="per_page", pages=250).fee_notice.amount_yuan == 4700


# --- timeliness (item 5) ----------------------------------------------------------------------------------------

def test_timeliness_counts_working_days_used_on_time_or_late_and_days_late():
    r = in_state("in_progress")  # due 2024-04-01
    on_time = step(r, "respond", D(2024, 3, 20), disposition="granted")
    t = timeliness(on_time)
    assert (t.status, t.label, t.working_days_used, t.working_days_late) == ("on_time", "按期", 12, 0)
    late = step(r, "respond", D(2024, 4, 3), disposition="granted")
    t2 = timeliness(late)
    assert (t2.status, t2.working_days_used, t2.working_days_late, t2.label) == ("late", 22, 2, "逾期 2 个工作日")
    # paused days are not used: consultation 03-06..03-15 (8 wd)
    c = step(step(r, "start_consultation", D(2024, 3, 6), party="某公司"), "end_consultation", D(2024, 3, 15))
    t3 = timeliness(step(c, "respond", D(2024, 4, 3), disposition="granted"))
    assert t3.status == "on_time" and t3.working_days_used == 22 - 8
    assert timeliness(in_state("withdrawn")).status == "not_applicable"


def test_timeliness_rate_per_agency_and_year():
    a1 = step(in_state("in_progress"), "respond", D(2024, 3, 20), disposition="granted")
    a2 = step(in_state("in_progress"), "respond", D(2024, 4, 3), disposition="granted")
    b = step(step(make(id="B", agency="乙局"), "accept", D(2024, 3, 4)), "respond", D(2024, 3, 8),
             disposition="granted")
    rates = {(x.agency, x.year): x for x in timeliness_rates([a1, a2, b, in_state("withdrawn")])}
    assert rates["某局", 2024].on_time == 1 and rates["某局", 2024].late == 1 and rates["某局", 2024].rate_text == "50.0%"
    assert rates["乙局", 2024].rate == 1.0


def test_a_provisional_deadline_is_neither_on_time_nor_late():
    from gongkai.workdays.calendar import WorkCalendar
    cal = WorkCalendar(library=False)  # every year provisional: counted from the statutory holidays
    done = step(in_state("in_progress"), "respond", D(2024, 4, 3), disposition="granted")
    t = timeliness(done, cal)
    assert t.status == "provisional" and t.label == "期限暂定" and not t.counted
    assert timeliness_rates([done], cal)[0].rate is None


# --- 第三十一条 ---------------------------------------------------------------------------------------------

def test_receipt_date_of_an_online_application_is_the_day_the_office_confirms_it():
    r = make(D(2024, 3, 2), channel="网络")  # submitted on a Saturday, registered that day
    c = step(r, "confirm_receipt", D(2024, 3, 4))
    assert c.received_on == c.clock_start == D(2024, 3, 4) and c.events[-1].data["submitted_on"] == D(2024, 3, 2)
    assert reply_due(c).due == D(2024, 4, 1)  # counted from the confirmation
    with pytest.raises(TransitionRefused, match="已登记过确认收到的日期"):
        step(c, "confirm_receipt", D(2024, 3, 5))
    with pytest.raises(TransitionRefused, match="邮寄提交的申请以签收之日为收到申请之日"):
        step(make(D(2024, 3, 4), channel="邮寄"), "confirm_receipt", D(2024, 3, 5))
    # counted in the year of confirmation
    y = step(make(D(2024, 12, 31), id="Y", channel="网络"), "confirm_receipt", D(2025, 1, 2))
    assert annual_report([y], "某局", 2025).value("三", "received", "total") == 1
    assert annual_report([y], "某局", 2024).value("三", "received", "total") == 0
