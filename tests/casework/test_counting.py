"""Counting table 三 and table 四 into the AnnualReport (format 2021)."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.casework.counting import ReviewCase, annual_report
from gongkai.casework.errors import CaseworkError
from gongkai.casework.model import APPLICANT_TYPES, DISPOSITIONS, LAPSE_DISPOSITIONS
from gongkai.casework.workflow import step
from gongkai.report import AnnualReport

from .helpers import D, make
from .relations import violations


def closed(received, on, disposition, type="natural_person", id="x", agency="某局"):
    r = step(make(received, id=id, type=type, agency=agency), "accept", received)
    return step(r, "respond", on, disposition=disposition)


def test_counts_received_carried_over_outcomes_and_carried_forward():
    cases = [
        closed(D(2023, 12, 20), D(2024, 1, 10), "granted", id="1"),                          # 上年结转 → 予以公开
        closed(D(2023, 11, 1), D(2023, 11, 20), "granted", id="2"),                         # closed 2023: not counted
        closed(D(2024, 3, 4), D(2024, 3, 20), "partially_granted", "commercial_enterprise", "3"),
        step(make(D(2024, 12, 25), id="4", type="legal_service_provider"), "accept", D(2024, 12, 25)),  # 结转
        step(make(D(2024, 6, 3), id="5"), "withdraw", D(2024, 6, 5)),                       # 撤回 → （六）3
        closed(D(2025, 1, 2), D(2025, 1, 5), "granted", id="6"),                            # next year
        closed(D(2024, 3, 4), D(2024, 3, 20), "granted", id="7", agency="别的局"),           # other agency
    ]
    rep = annual_report(cases, "某局", 2024, reviews=[])
    v = lambda r, c: rep.value("三", r, c)  # noqa: E731
    assert v("received", "total") == 3 and v("carried_over", "total") == 1
    assert v("received", "commercial_enterprise") == 1 and v("received", "legal_service_provider") == 1
    assert v("granted", "natural_person") == 1 and v("partially_granted", "commercial_enterprise") == 1
    assert v("other_other", "natural_person") == 1
    assert v("dispositions_total", "total") == 3 and v("carried_forward", "legal_service_provider") == 1
    assert violations(rep) == []
    assert rep.cell("三", "granted", "research_institution").kind == "number"  # 0 is a fact, not a blank


def test_report_round_trips_as_json_model():
    rep = annual_report([closed(D(2024, 3, 4), D(2024, 3, 8), "granted")], "某局", 2024, reviews=[])
    back = AnnualReport.from_dict(rep.to_dict())
    assert back.value("三", "granted", "total") == 1 and back.format_id == "2021"


def test_table_4_from_register_filed_in_year():
    reg = [ReviewCase("F1", "某局", "review", D(2024, 2, 1), "upheld", D(2024, 4, 1)),
           ReviewCase("F2", "某局", "review", D(2024, 11, 1)),                                   # pending
           ReviewCase("F3", "某局", "lawsuit_direct", D(2024, 5, 1), "corrected", D(2025, 2, 1)),  # pending on 12-31
           ReviewCase("F4", "某局", "lawsuit_after_review", D(2023, 5, 1), "other_result", D(2024, 2, 1))]
    rep = annual_report([], "某局", 2024, reviews=reg)
    v = lambda c: rep.value("四", "cases", c)  # noqa: E731
    assert (v("review_upheld"), v("review_pending"), v("review_total")) == (1, 1, 2)
    assert (v("lawsuit_direct_pending"), v("lawsuit_direct_corrected")) == (1, 0)
    assert v("lawsuit_after_review_total") == 0
    from gongkai.casework.settings import OfficeSettings
    rep2 = annual_report([], "某局", 2024, reviews=reg, settings=OfficeSettings(review_scope="active_in_year"))
    assert rep2.value("四", "cases", "lawsuit_after_review_other_result") == 1


def test_review_register_line_errors_are_chinese():
    with pytest.raises(CaseworkError, match="同时填写"):
        ReviewCase("F", "某局", "review", D(2024, 2, 1), "upheld")
    with pytest.raises(CaseworkError, match="类型"):
        ReviewCase("F", "某局", "申诉", D(2024, 2, 1))


def test_no_register_leaves_table_4_missing_with_a_note():
    rep = annual_report([], "某局", 2024)
    assert rep.cell("四", "cases", "review_total").kind == "missing"
    assert rep.notes[0].code == "casework-no-review-register"


def test_only_format_2021():
    with pytest.raises(CaseworkError, match="2021"):
        annual_report([], "某局", 2024, format_id="2019")


@pytest.mark.parametrize("year", [0, 2007, 10000, 99999, 12345678901234567890, -1, "2024", 2024.0, True])
def test_impossible_year_is_a_casework_error_not_a_value_error(year):
    # 条例 took effect 2008-05-01: no annual report before 2008; datetime holds no year after 9999.
    with pytest.raises(CaseworkError, match="年度") as exc:
        annual_report([], "某局", year, reviews=[])
    assert "2008" in str(exc.value) and len(str(exc.value)) < 120


@pytest.mark.parametrize("year", [2008, 9999])
def test_years_2008_to_9999_are_countable(year):
    rep = annual_report([], "某局", year, reviews=[])
    assert rep.value("三", "received", "total") == 0 and rep.year == year


ANSWERS = [d for d in DISPOSITIONS if d not in LAPSE_DISPOSITIONS and d != "unavailable_unclear_after_correction"]
case_st = st.tuples(
    st.dates(D(2022, 10, 1), D(2025, 3, 31)),           # received
    st.sampled_from(list(APPLICANT_TYPES)),
    st.one_of(st.none(), st.integers(0, 200)),          # days until closed (None = still open)
    st.sampled_from(ANSWERS + ["withdraw", "lapse"]),
)


def _build(i, received, type_, days, outcome):
    r = make(received, id=str(i), type=type_)
    if days is None:
        return step(r, "accept", received)
    on = received + dt.timedelta(days=days)
    if outcome == "withdraw":
        return step(r, "withdraw", on)
    if outcome == "lapse":
        r = step(r, "request_clarification", received, items=["写明文号"])
        return step(r, "clarification_lapsed", r.clarification_due + dt.timedelta(days=1 + days))
    return step(r, "respond", on, disposition=outcome)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(case_st, max_size=40), st.sampled_from([2023, 2024]),
       st.lists(st.tuples(st.sampled_from(["review", "lawsuit_direct", "lawsuit_after_review"]),
                          st.dates(D(2023, 1, 1), D(2024, 12, 31)),
                          st.one_of(st.none(), st.tuples(st.sampled_from(["upheld", "corrected", "other_result"]),
                                                         st.integers(0, 400)))), max_size=10))
def test_any_history_of_cases_satisfies_every_relation(specs, year, register):
    cases = [_build(i, *s) for i, s in enumerate(specs)]
    reg = [ReviewCase(str(i), "某局", k, f, res[0] if res else None,
                      f + dt.timedelta(days=res[1]) if res else None) for i, (k, f, res) in enumerate(register)]
    rep = annual_report(cases, "某局", year, reviews=reg)
    assert violations(rep) == []
    # and the counts are the cases: every case received by year end and open on 1 January is counted once
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    expect = sum(1 for c in cases if c.received_on <= dec31 and (c.closed_on is None or c.closed_on >= jan1))
    assert rep.value("三", "received", "total") + rep.value("三", "carried_over", "total") == expect
