"""Builders for register tests (people of a township: 经办人 小李, 主管领导 王副镇长, 主要领导 张镇长)."""

from __future__ import annotations

import datetime as dt

from gongkai.publications import (CLERK, REVIEWER, SIGNATORY, Actor, Classification, ConfidentialityReview,
                                  new_publication)

CLERK_LI = Actor.of("小李", CLERK)
REVIEWER_WANG = Actor.of("王副镇长", REVIEWER)
SIGNATORY_ZHANG = Actor.of("张镇长", SIGNATORY)
AGENCY = "示例镇人民政府"


def at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour))


def ready_item(id="P1", *, formed="2024-03-01", category="budgets", title="2024年镇级财政预算", kind="proactive",
               drafted=None, **fields):
    """A draft item that can be submitted (proactive, cleared by 保密审查)."""
    formed_on = dt.date.fromisoformat(formed)
    fields.setdefault("classification", Classification(kind, decided_by="小李", decided_on=formed_on))
    fields.setdefault("confidentiality_review", ConfidentialityReview("小李", formed_on, "cleared"))
    return new_publication(id=id, agency=AGENCY, category=category, title=title, formed_on=formed_on,
                           actor=CLERK_LI, at=drafted or at(formed), issuer=AGENCY, **fields)
