"""变更 of a published 主动公开 item (条例第二十六条 "形成或者变更"): a new version drafted by the 经办人,
reviewed and signed like any item; on its sign-off the original becomes ``superseded`` and keeps its
publication date.  Each rule with a minimal refused and a minimal accepted input."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from gongkai.publications import (PUBLISHED, SUPERSEDED, Actor, Classification, ConfidentialityReview, PublicationError,
                                  ReviewRefused, approve, may_new_version, new_version, open_version, problems,
                                  proactive_sentence, publication_deadline, published_in, revise, sign_off, submit,
                                  supersede, timeliness)
from gongkai.publications.model import CLERK, DRAFT, REVIEWER

from .helpers import CLERK_LI, REVIEWER_WANG, SIGNATORY_ZHANG, at, ready_item


def published(id="P1", formed="2024-03-01", day=6):
    p = submit(ready_item(id, formed=formed), actor=CLERK_LI, at=at(f"2024-03-0{day - 2}"))
    p = approve(p, actor=REVIEWER_WANG, at=at(f"2024-03-0{day - 1}"))
    return sign_off(p, actor=SIGNATORY_ZHANG, at=at(f"2024-03-0{day}"))


def rereviewed(p):
    """The changed content cleared by a new 保密审查 on the change date (条例第十七条)."""
    return revise(p, actor=CLERK_LI, at=at(p.changed_on.isoformat(), 9),
                  confidentiality_review=ConfidentialityReview("小李", p.changed_on, "cleared"))


def through_chain(p, day: str):
    p = submit(rereviewed(p), actor=CLERK_LI, at=at(day, 10))
    p = approve(p, actor=REVIEWER_WANG, at=at(day, 11))
    return sign_off(p, actor=SIGNATORY_ZHANG, at=at(day, 15))


def test_new_version_is_a_draft_copy_with_the_change_date_and_a_link_to_the_original():
    old = published()
    new = new_version(old, id="P2", changed_on=dt.date(2024, 5, 10), actor=CLERK_LI, at=at("2024-05-10"),
                      today=dt.date(2024, 5, 10))
    assert (new.id, new.state, new.supersedes, new.changed_on) == ("P2", DRAFT, "P1", dt.date(2024, 5, 10))
    assert (new.title, new.category, new.formed_on, new.classification, new.confidentiality_review) == (
        old.title, old.category, old.formed_on, old.classification, old.confidentiality_review)
    assert new.published_on is None and [e.kind for e in new.events] == ["new_version"]
    assert old.state == PUBLISHED  # the original is untouched (still public) until the new version is signed
    # the copied 保密审查 predates the change: the changed content must be reviewed again before submitting
    assert problems(new) == ["变更后的内容须重新进行保密审查（条例第十七条）：保密审查日期 2024-03-01 早于变更日期 "
                             "2024-05-10，请审查变更后的内容并更新保密审查记录"]
    with pytest.raises(ReviewRefused, match="须重新进行保密审查"):
        submit(new, actor=CLERK_LI, at=at("2024-05-10", 10))
    assert problems(rereviewed(new)) == []


def test_the_article_26_period_of_the_new_version_runs_from_the_change_date():
    new = new_version(published(), id="P2", changed_on=dt.date(2024, 5, 10), actor=CLERK_LI, at=at("2024-05-10"))
    dl = publication_deadline(new)
    assert new.start_date == dt.date(2024, 5, 10) and dl.start_label == "变更之日"
    assert dl.due == dt.date(2024, 6, 6)  # 20 working days after Fri 10 May 2024 (Sat 11 May a 调休 working day)
    assert "变更之日" in "".join(dl.trail())
    assert timeliness(new, dt.date(2024, 6, 6)).status == "pending"
    assert timeliness(new, dt.date(2024, 6, 11)).status == "overdue"


def test_signoff_publishes_the_new_version_and_supersede_keeps_the_originals_publication_date():
    old = published()
    new = through_chain(new_version(old, id="P2", changed_on=dt.date(2024, 5, 10), actor=CLERK_LI,
                                    at=at("2024-05-10")), "2024-05-13")
    assert new.state == PUBLISHED and new.published_on == dt.date(2024, 5, 13)
    gone = supersede(old, new)
    assert gone.state == SUPERSEDED and gone.state_label == "已被新版本替代"
    assert gone.published_on == dt.date(2024, 3, 6) and gone.was_published and not gone.is_published
    e = gone.events[-1]
    assert (e.kind, e.actor, e.state) == ("supersede", "张镇长", SUPERSEDED) and "P2" in e.comment


def test_only_a_clerk_drafts_a_new_version():
    with pytest.raises(ReviewRefused, match="「王副镇长」不是经办人"):
        new_version(published(), id="P2", changed_on=dt.date(2024, 5, 10), actor=REVIEWER_WANG, at=at("2024-05-10"))
    assert not may_new_version(published(), REVIEWER_WANG)
    assert may_new_version(published(), CLERK_LI)
    assert new_version(published(), id="P2", changed_on=dt.date(2024, 5, 10), actor=Actor.of("小赵", CLERK, REVIEWER),
                       at=at("2024-05-10")).state == DRAFT


@pytest.mark.parametrize("state", ["draft", "pending_review", "pending_signoff", "filed"])
def test_only_a_published_item_can_be_changed(state):
    p = ready_item()
    if state != "draft":
        p = submit(p, actor=CLERK_LI, at=at("2024-03-04"))
    if state in ("pending_signoff", "filed"):
        p = approve(p, actor=REVIEWER_WANG, at=at("2024-03-05"))
    if state == "filed":
        p = dataclasses.replace(p, classification=Classification("on_request", reason="不属于主动公开范围"))
        p = sign_off(p, actor=SIGNATORY_ZHANG, at=at("2024-03-06"))
    assert p.state == state
    with pytest.raises(ReviewRefused, match="只有已主动公开（「已公开」）的信息才能变更"):
        new_version(p, id="P2", changed_on=dt.date(2024, 5, 10), actor=CLERK_LI, at=at("2024-05-10"))


def test_a_superseded_item_is_refused_the_latest_version_is_changed_instead():
    old = published()
    new = through_chain(new_version(old, id="P2", changed_on=dt.date(2024, 5, 10), actor=CLERK_LI,
                                    at=at("2024-05-10")), "2024-05-13")
    gone = supersede(old, new)
    with pytest.raises(ReviewRefused, match="已被新版本替代，请在最新版本上办理变更"):
        new_version(gone, id="P3", changed_on=dt.date(2024, 6, 3), actor=CLERK_LI, at=at("2024-06-03"))
    third = new_version(new, id="P3", changed_on=dt.date(2024, 6, 3), actor=CLERK_LI, at=at("2024-06-03"))
    assert third.supersedes == "P2"


def test_only_one_open_new_version_at_a_time():
    old = published()
    first = new_version(old, id="P2", changed_on=dt.date(2024, 5, 10), actor=CLERK_LI, at=at("2024-05-10"))
    with pytest.raises(ReviewRefused, match="已有新版本 P2（草稿）正在办理，一次只能有一个未公开的新版本"):
        new_version(old, id="P3", changed_on=dt.date(2024, 5, 11), actor=CLERK_LI, at=at("2024-05-11"),
                    versions=[first])
    pending = submit(rereviewed(first), actor=CLERK_LI, at=at("2024-05-11"))
    with pytest.raises(ReviewRefused, match="已有新版本 P2（待审核）"):
        new_version(old, id="P3", changed_on=dt.date(2024, 5, 11), actor=CLERK_LI, at=at("2024-05-11"),
                    versions=[pending])
    assert open_version(old, [pending]) == pending and not may_new_version(old, CLERK_LI, [pending])
    # a version of another item does not block this one
    other = new_version(published("Q1"), id="Q2", changed_on=dt.date(2024, 5, 10), actor=CLERK_LI, at=at("2024-05-10"))
    assert new_version(old, id="P3", changed_on=dt.date(2024, 5, 11), actor=CLERK_LI, at=at("2024-05-11"),
                       versions=[other]).supersedes == "P1"


@pytest.mark.parametrize("changed, said", [
    (dt.date(2024, 2, 29), "变更日期 2024-02-29 早于原信息的形成日期 2024-03-01"),
    (dt.date(2024, 3, 5), "变更日期 2024-03-05 早于原信息的公开日期 2024-03-06"),
    (dt.date(2024, 5, 11), "变更日期 2024-05-11 晚于今天 2024-05-10，尚未发生的事不能登记"),
    (None, "缺少变更日期"),
])
def test_the_change_date_must_lie_between_publication_and_today(changed, said):
    with pytest.raises(PublicationError, match=said):
        new_version(published(), id="P2", changed_on=changed, actor=CLERK_LI, at=at("2024-05-10"),
                    today=dt.date(2024, 5, 10))


@pytest.mark.parametrize("changed", [dt.date(2024, 3, 6), dt.date(2024, 5, 10)])
def test_the_change_date_may_be_the_publication_day_or_today(changed):
    new = new_version(published(), id="P2", changed_on=changed, actor=CLERK_LI, at=at("2024-05-10"),
                      today=dt.date(2024, 5, 10))
    assert new.changed_on == changed


def test_the_change_date_is_not_before_the_originals_own_change_date():
    v2 = through_chain(new_version(published(), id="P2", changed_on=dt.date(2024, 5, 10), actor=CLERK_LI,
                                   at=at("2024-05-10")), "2024-05-31")
    with pytest.raises(PublicationError, match="早于原信息的变更日期 2024-05-10"):
        new_version(v2, id="P3", changed_on=dt.date(2024, 5, 9), actor=CLERK_LI, at=at("2024-06-03"))


def test_new_version_needs_its_own_id_and_a_time_after_the_original_and_not_after_today():
    with pytest.raises(PublicationError, match="新版本须有自己的信息编号"):
        new_version(published(), id="P1", changed_on=dt.date(2024, 5, 10), actor=CLERK_LI, at=at("2024-05-10"))
    with pytest.raises(ReviewRefused, match="早于上一步骤的时间"):
        new_version(published(), id="P2", changed_on=dt.date(2024, 3, 6), actor=CLERK_LI, at=at("2024-03-06", 8))
    with pytest.raises(ReviewRefused, match="操作日期 2024-05-11 晚于今天 2024-05-10"):
        new_version(published(), id="P2", changed_on=dt.date(2024, 5, 10), actor=CLERK_LI, at=at("2024-05-11"),
                    today=dt.date(2024, 5, 10))


def test_a_new_version_stays_proactive_and_keeps_a_change_date():
    new = new_version(published(), id="P2", changed_on=dt.date(2024, 5, 10), actor=CLERK_LI, at=at("2024-05-10"))
    moved = revise(new, actor=CLERK_LI, at=at("2024-05-10", 10),
                   classification=Classification("on_request", reason="不再主动公开"), confidentiality_review=None)
    assert any("公开属性须为主动公开" in m for m in problems(moved))
    with pytest.raises(ReviewRefused, match="公开属性须为主动公开"):
        submit(moved, actor=CLERK_LI, at=at("2024-05-10", 11))
    undated = revise(new, actor=CLERK_LI, at=at("2024-05-10", 10), changed_on=None)
    assert any("须填写变更日期" in m for m in problems(undated))
    assert problems(rereviewed(new)) == []


def test_supersede_refuses_anything_but_the_signed_new_version_of_the_published_original():
    old = published()
    draft = new_version(old, id="P2", changed_on=dt.date(2024, 5, 10), actor=CLERK_LI, at=at("2024-05-10"))
    with pytest.raises(ReviewRefused, match="新版本 P2 尚未签发公开"):
        supersede(old, draft)
    signed = through_chain(draft, "2024-05-13")
    with pytest.raises(ReviewRefused, match="不是本信息的新版本"):
        supersede(published("Q1"), signed)
    with pytest.raises(ReviewRefused, match="只有「已公开」的信息才能被新版本替代"):
        supersede(supersede(old, signed), signed)
    assert supersede(old, signed).state == SUPERSEDED


def test_both_versions_count_each_in_the_year_it_was_published():
    old = published()
    v_same_year = through_chain(new_version(old, id="P2", changed_on=dt.date(2024, 5, 10), actor=CLERK_LI,
                                            at=at("2024-05-10")), "2024-05-13")
    register = [supersede(old, v_same_year), v_same_year]
    assert [p.id for p in published_in(register, 2024)] == ["P1", "P2"]
    assert proactive_sentence(register, [], 2024).startswith("2024年，本机关主动公开政府信息2条，其中：财政预决算2条。")
    # changed and published again the next year: the original counts in 2024, the new version in 2025
    v_next = new_version(old, id="P3", changed_on=dt.date(2025, 1, 6), actor=CLERK_LI, at=at("2025-01-06"))
    v_next = through_chain(v_next, "2025-01-08")
    register = [supersede(old, v_next), v_next]
    assert [p.id for p in published_in(register, 2024)] == ["P1"]
    assert [p.id for p in published_in(register, 2025)] == ["P3"]
    # a version still in the chain counts nowhere
    assert published_in([old, new_version(old, id="P4", changed_on=dt.date(2024, 5, 10), actor=CLERK_LI,
                                          at=at("2024-05-10"))], 2024) == [old]
