"""The register records what has happened: dates after ``today`` (the caller's clock) are refused —
形成/变更 dates, the 公开属性认定 and 保密审查 dates, review steps (and so the publication date),
and 规章/规范性文件 制发/修改/废止/失效.  ``today=None`` checks nothing (e.g. replaying history)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.publications import (Classification, ConfidentialityReview, LifecycleError, PublicationError,
                                  ReviewRefused, amend, approve, expire, issue, new_publication,
                                  return_for_revision, revise, sign_off, submit)

from .helpers import AGENCY, CLERK_LI, REVIEWER_WANG, SIGNATORY_ZHANG, at, ready_item

TODAY = dt.date(2024, 3, 5)


def _draft(formed_on=dt.date(2024, 3, 1), **fields):
    return new_publication(id="F1", agency=AGENCY, category="budgets", title="2024年镇级财政预算", formed_on=formed_on,
                           actor=CLERK_LI, at=at("2024-03-05"), today=TODAY, **fields)


def test_drafting_refuses_a_formed_date_after_today():
    with pytest.raises(PublicationError, match="形成日期 2024-03-06 晚于今天 2024-03-05，尚未发生的事不能登记"):
        _draft(formed_on=dt.date(2024, 3, 6))


@pytest.mark.parametrize("fields, said", [
    ({"changed_on": dt.date(2024, 4, 1)}, "变更日期 2024-04-01 晚于今天 2024-03-05"),
    ({"confidentiality_review": ConfidentialityReview("保密员小周", dt.date(2024, 3, 8), "cleared")},
     "保密审查日期 2024-03-08 晚于今天 2024-03-05"),
    ({"classification": Classification("proactive", decided_by="小李", decided_on=dt.date(2025, 1, 1))},
     "公开属性认定日期 2025-01-01 晚于今天 2024-03-05"),
])
def test_drafting_refuses_other_dates_after_today(fields, said):
    with pytest.raises(PublicationError, match=said):
        _draft(**fields)


def test_dates_up_to_today_are_accepted_and_no_today_checks_nothing():
    assert _draft(formed_on=TODAY, changed_on=TODAY).formed_on == TODAY
    p = new_publication(id="F2", agency=AGENCY, category="budgets", title="t", formed_on=dt.date(2030, 1, 1),
                        actor=CLERK_LI, at=at("2024-03-05"))  # no clock given: drafting does not check
    assert p.formed_on == dt.date(2030, 1, 1)


def test_drafting_dated_after_today_is_refused():
    with pytest.raises(PublicationError, match="操作日期 2024-03-06 晚于今天 2024-03-05"):
        new_publication(id="F3", agency=AGENCY, category="budgets", title="t", formed_on=dt.date(2024, 3, 1),
                        actor=CLERK_LI, at=at("2024-03-06"), today=TODAY)


def test_revising_refuses_a_changed_date_after_today():
    p = ready_item(formed="2024-03-01")
    with pytest.raises(PublicationError, match="变更日期 2024-03-09 晚于今天 2024-03-05"):
        revise(p, actor=CLERK_LI, at=at("2024-03-05"), today=TODAY, changed_on=dt.date(2024, 3, 9))
    assert revise(p, actor=CLERK_LI, at=at("2024-03-05"), today=TODAY, changed_on=TODAY).changed_on == TODAY


def test_review_steps_dated_after_today_are_refused():
    p = ready_item(formed="2024-03-01")
    with pytest.raises(ReviewRefused, match="操作日期 2024-03-06 晚于今天 2024-03-05"):
        submit(p, actor=CLERK_LI, at=at("2024-03-06"), today=TODAY)
    p = submit(p, actor=CLERK_LI, at=at("2024-03-04"), today=TODAY)
    with pytest.raises(ReviewRefused, match="操作日期 2024-03-07"):
        return_for_revision(p, actor=REVIEWER_WANG, at=at("2024-03-07"), comment="补充说明", today=TODAY)
    with pytest.raises(ReviewRefused, match="操作日期 2024-03-07"):
        approve(p, actor=REVIEWER_WANG, at=at("2024-03-07"), today=TODAY)
    p = approve(p, actor=REVIEWER_WANG, at=at("2024-03-05"), today=TODAY)
    # the publication date is the sign-off date: a publication after today cannot be recorded
    with pytest.raises(ReviewRefused, match="操作日期 2024-03-08 晚于今天 2024-03-05"):
        sign_off(p, actor=SIGNATORY_ZHANG, at=at("2024-03-08"), today=TODAY)
    assert sign_off(p, actor=SIGNATORY_ZHANG, at=at("2024-03-05", 16), today=TODAY).published_on == TODAY


def test_signoff_with_today_refuses_an_item_whose_dates_lie_after_it():
    # an item loaded from storage with a bad 保密审查 date (e.g. imported): the sign-off, given today, catches it
    p = approve(submit(ready_item(formed="2024-03-01"), actor=CLERK_LI, at=at("2024-03-04")), actor=REVIEWER_WANG,
                at=at("2024-03-05"))
    p = dataclasses.replace(p, confidentiality_review=ConfidentialityReview("保密员", dt.date(2024, 3, 20), "cleared"))
    with pytest.raises(ReviewRefused, match="保密审查日期 2024-03-20 晚于今天 2024-03-05"):
        sign_off(p, actor=SIGNATORY_ZHANG, at=at("2024-03-05", 16), today=TODAY)


def test_document_lifecycle_dates_after_today_are_refused():
    with pytest.raises(LifecycleError, match="制发日期 2024-03-06 晚于今天 2024-03-05"):
        issue(id="D1", agency=AGENCY, kind="normative_document", title="管理办法", document_number="示镇发〔2024〕1号",
              issued_on=dt.date(2024, 3, 6), today=TODAY)
    d = issue(id="D1", agency=AGENCY, kind="normative_document", title="管理办法", document_number="示镇发〔2024〕1号",
              issued_on=dt.date(2024, 1, 6), today=TODAY)
    with pytest.raises(LifecycleError, match="修改日期 2024-06-01 晚于今天 2024-03-05"):
        amend(d, dt.date(2024, 6, 1), today=TODAY)
    with pytest.raises(LifecycleError, match="失效日期 2024-12-31 晚于今天 2024-03-05"):
        expire(d, dt.date(2024, 12, 31), today=TODAY)
    from gongkai.publications import repeal
    with pytest.raises(LifecycleError, match="废止日期 2024-03-06 晚于今天 2024-03-05"):
        repeal(d, dt.date(2024, 3, 6), today=TODAY)
    assert repeal(d, TODAY, today=TODAY).ended_on == TODAY


@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_a_formed_date_is_accepted_exactly_when_it_is_not_after_today(formed_on):
    try:
        _draft(formed_on=formed_on)
        accepted = True
    except PublicationError:
        accepted = False
    assert accepted == (formed_on <= TODAY)
