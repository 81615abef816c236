"""The 复议/诉讼 register for the other apps: the rows an annual report counts into table 四."""

from __future__ import annotations

from gongkai.casework.counting import ReviewCase

from .models import ReviewOrLawsuit

#: the fields of a 复议/诉讼 an annual report counts (:func:`review_rows`)
COUNT_FIELDS = ("number", "agency_id", "kind", "filed_on", "result", "decided_on")


def review_rows(agency_ids):
    """The :data:`COUNT_FIELDS` of the agencies' 复议/诉讼 as tuples, in id order, in one query."""
    return ReviewOrLawsuit.objects.filter(agency_id__in=agency_ids).order_by("id").values_list(*COUNT_FIELDS)


def review_case(row: dict, agency: str) -> ReviewCase:
    """The counting value of a :func:`review_rows` row (as a dict) of the agency named ``agency``; a result counts
    only with its decision."""
    return ReviewCase(row["number"], agency, row["kind"], row["filed_on"], row["result"] or None,
                      row["decided_on"] if row["result"] else None)
