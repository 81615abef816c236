"""The review chain 经办人 → 审核人（主管领导）→ 签发人（主要领导）: every step, every refusal."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.publications import (CLERK, FILED, PENDING_REVIEW, PENDING_SIGNOFF, PUBLISHED, RETURNED, REVIEWER,
                                  SIGNATORY, Actor, Classification, ConfidentialityReview, PublicationError,
                                  ReviewRefused, allowed_steps, approve, new_publication, problems,
                                  return_for_revision, revise, sign_off, submit)

from .helpers import AGENCY, CLERK_LI, REVIEWER_WANG, SIGNATORY_ZHANG, at, ready_item


def test_full_chain_publishes_on_the_signoff_day_and_records_who_and_when():
    p = ready_item()
    p = submit(p, actor=CLERK_LI, at=at("2024-03-04", 10))
    assert p.state == PENDING_REVIEW
    p = approve(p, actor=REVIEWER_WANG, at=at("2024-03-05", 11))
    assert p.state == PENDING_SIGNOFF
    p = sign_off(p, actor=SIGNATORY_ZHANG, at=at("2024-03-06", 15))
    assert p.state == PUBLISHED and p.published_on == dt.date(2024, 3, 6)
    assert [(e.kind, e.actor, e.role, e.at) for e in p.events] == [
        ("create", "小李", CLERK, at("2024-03-01")),
        ("submit", "小李", CLERK, at("2024-03-04", 10)),
        ("approve", "王副镇长", REVIEWER, at("2024-03-05", 11)),
        ("sign_off", "张镇长", SIGNATORY, at("2024-03-06", 15)),
    ]


def test_reviewer_return_carries_comment_and_clerk_can_revise_and_resubmit():
    p = submit(ready_item(), actor=CLERK_LI, at=at("2024-03-04"))
    p = return_for_revision(p, actor=REVIEWER_WANG, at=at("2024-03-05"), comment="附件缺少预算说明，请补充。")
    assert p.state == RETURNED and p.return_comment == "附件缺少预算说明，请补充。"
    p = revise(p, actor=CLERK_LI, at=at("2024-03-05", 14), summary="含预算说明")
    assert p.summary == "含预算说明" and p.state == RETURNED
    p = submit(p, actor=CLERK_LI, at=at("2024-03-06"))
    assert p.state == PENDING_REVIEW


def test_signatory_return_goes_back_to_the_clerk_with_comment():
    p = approve(submit(ready_item(), actor=CLERK_LI, at=at("2024-03-04")), actor=REVIEWER_WANG, at=at("2024-03-05"))
    p = return_for_revision(p, actor=SIGNATORY_ZHANG, at=at("2024-03-06"), comment="标题写明年度。")
    assert p.state == RETURNED and p.events[-1].role == SIGNATORY and p.return_comment == "标题写明年度。"


def test_return_without_comment_is_refused():
    p = submit(ready_item(), actor=CLERK_LI, at=at("2024-03-04"))
    with pytest.raises(ReviewRefused, match="退回须写明意见"):
        return_for_revision(p, actor=REVIEWER_WANG, at=at("2024-03-05"), comment="  ")


@pytest.mark.parametrize("step,state_before", [("approve", "draft"), ("sign_off", "draft"), ("sign_off", "pending_review"),
                                               ("approve", "pending_signoff"), ("submit", "pending_review"),
                                               ("submit", "published"), ("approve", "published")])
def test_illegal_transition_is_refused_in_chinese(step, state_before):
    p = ready_item()
    if state_before != "draft":
        p = submit(p, actor=CLERK_LI, at=at("2024-03-04"))
    if state_before in ("pending_signoff", "published"):
        p = approve(p, actor=REVIEWER_WANG, at=at("2024-03-05"))
    if state_before == "published":
        p = sign_off(p, actor=SIGNATORY_ZHANG, at=at("2024-03-06"))
    assert p.state == state_before
    actor = {"approve": REVIEWER_WANG, "sign_off": SIGNATORY_ZHANG, "submit": CLERK_LI}[step]
    fn = {"approve": approve, "sign_off": sign_off, "submit": submit}[step]
    with pytest.raises(ReviewRefused, match="当前状态为"):
        fn(p, actor=actor, at=at("2024-03-07"))


def test_revise_refused_once_submitted():
    p = submit(ready_item(), actor=CLERK_LI, at=at("2024-03-04"))
    with pytest.raises(ReviewRefused, match="「待审核」"):
        revise(p, actor=CLERK_LI, at=at("2024-03-05"), title="改")


def test_wrong_role_is_refused():
    p = submit(ready_item(), actor=CLERK_LI, at=at("2024-03-04"))
    with pytest.raises(ReviewRefused, match="不是审核人"):
        approve(p, actor=SIGNATORY_ZHANG, at=at("2024-03-05"))
    p = approve(p, actor=REVIEWER_WANG, at=at("2024-03-05"))
    with pytest.raises(ReviewRefused, match="不是签发人"):
        sign_off(p, actor=REVIEWER_WANG, at=at("2024-03-06"))
    with pytest.raises(ReviewRefused, match="不是签发人"):
        return_for_revision(p, actor=REVIEWER_WANG, at=at("2024-03-06"), comment="x")


def test_reviewer_cannot_approve_own_submission_and_signatory_cannot_sign_own_approval():
    both = Actor.of("李四", CLERK, REVIEWER, SIGNATORY)
    p = ready_item(drafted=at("2024-03-01"))
    p = submit(revise(p, actor=both, at=at("2024-03-02")), actor=both, at=at("2024-03-04"))
    with pytest.raises(ReviewRefused, match="不能审核自己提交的信息"):
        approve(p, actor=both, at=at("2024-03-05"))
    p = approve(p, actor=REVIEWER_WANG.__class__.of("王副镇长", REVIEWER, SIGNATORY), at=at("2024-03-05"))
    with pytest.raises(ReviewRefused, match="签发须由另一位领导"):
        sign_off(p, actor=Actor.of("王副镇长", SIGNATORY), at=at("2024-03-06"))
    assert "sign_off" not in allowed_steps(p, Actor.of("王副镇长", SIGNATORY))
    assert allowed_steps(p, SIGNATORY_ZHANG) == ["return", "sign_off"]


def test_steps_out_of_time_order_are_refused():
    p = submit(ready_item(), actor=CLERK_LI, at=at("2024-03-04", 10))
    with pytest.raises(ReviewRefused, match="早于上一步骤的时间"):
        approve(p, actor=REVIEWER_WANG, at=at("2024-03-04", 9))


def test_proactive_item_without_confidentiality_review_cannot_be_submitted():
    p = ready_item(confidentiality_review=None)
    with pytest.raises(ReviewRefused, match="保密审查"):
        submit(p, actor=CLERK_LI, at=at("2024-03-04"))


def test_referred_confidentiality_question_blocks_submission_article_17():
    p = ready_item(confidentiality_review=ConfidentialityReview("小李", dt.date(2024, 3, 1), "referred", "报县保密局"))
    with pytest.raises(ReviewRefused, match="第十七条第三款"):
        submit(p, actor=CLERK_LI, at=at("2024-03-04"))


def test_withheld_needs_a_ground_of_articles_14_to_16_and_a_reason():
    p = ready_item(kind="withheld")
    msgs = problems(p)
    assert any("第十四条、第十五条或第十六条" in m for m in msgs) and any("具体理由" in m for m in msgs)
    p = revise(p, actor=CLERK_LI, at=at("2024-03-02"), classification=Classification(
        "withheld", ground="process_information", reason="请示报告，属过程性信息"))
    assert problems(p) == []
    assert p.classification.legal_basis.startswith("条例第十六条第二款")


def test_withheld_item_is_filed_not_published_after_signoff():
    p = ready_item(classification=Classification("withheld", ground="internal_affairs", reason="内部人事管理"),
                   confidentiality_review=None)
    p = approve(submit(p, actor=CLERK_LI, at=at("2024-03-04")), actor=REVIEWER_WANG, at=at("2024-03-05"))
    p = sign_off(p, actor=SIGNATORY_ZHANG, at=at("2024-03-06"))
    assert p.state == FILED and p.published_on is None


def test_on_request_needs_a_reason():
    assert any("依申请公开须写明" in m for m in problems(ready_item(kind="on_request")))


def test_normative_document_needs_document_number_and_first_item_category():
    p = ready_item(category="budgets", document_kind="normative_document")
    msgs = problems(p)
    assert any("第二十条第（一）项" in m for m in msgs) and any("文号" in m for m in msgs)


def test_unknown_category_and_non_clerk_drafting_are_refused():
    with pytest.raises(PublicationError, match="信息类别"):
        new_publication(id="X", agency=AGENCY, category="nonsense", title="t", formed_on=dt.date(2024, 1, 2),
                        actor=CLERK_LI, at=at("2024-01-02"))
    with pytest.raises(ReviewRefused, match="不是经办人"):
        new_publication(id="X", agency=AGENCY, category="budgets", title="t", formed_on=dt.date(2024, 1, 2),
                        actor=REVIEWER_WANG, at=at("2024-01-02"))


def test_formed_date_in_the_future_blocks_submission():
    p = ready_item(formed="2024-03-10", drafted=at("2024-03-01"))
    with pytest.raises(ReviewRefused, match="晚于今天"):
        submit(p, actor=CLERK_LI, at=at("2024-03-04"))
