"""信息处理费: the worked examples of shared/spec/fees.md §6 and every tier of 国办函〔2020〕109号."""

import datetime as dt

import pytest

from gongkai.casework.errors import FeeError
from gongkai.casework.fees import (compare_methods, monthly_per_request, per_page_fee, per_request_fee,
                                   per_request_rate)

D = dt.date


@pytest.mark.parametrize("ordinal,fee", [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300),
                                         (50, 300), (51, 400), (61, 500)])
def test_per_request_every_tier_boundary(ordinal, fee):
    # 第四条: ≤10 free; 11–30 100元/件; from 31 each band of 10 +100元/件
    assert per_request_rate(ordinal) == fee == per_request_fee(ordinal).fee_yuan


def test_worked_example_1_forty_five_applications_in_march_cost_5500():
    st = monthly_per_request([(D(2024, 3, 1 + i % 28), f"A{i}") for i in range(45)])
    assert len(st) == 1 and st[0].total_yuan == 5500
    assert st[0].items[34].ordinal == 35 and st[0].items[34].fee_yuan == 200
    assert [(l["units"], l["amount_yuan"]) for l in st[0].lines] == [(10, 0), (20, 2000), (10, 2000), (5, 1500)]


def test_worked_example_2_month_boundary_restarts_counter():
    apps = [(D(2024, 3, 31), f"M{i}") for i in range(25)] + [(D(2024, 4, 1), f"A{i}") for i in range(5)]
    march, april = monthly_per_request(apps)
    assert march.total_yuan == 1500 and april.total_yuan == 0


@pytest.mark.parametrize("pages,fee", [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700),
                                       (201, 2740), (250, 4700)])
def test_per_page_every_tier(pages, fee):
    # 第五条: ≤30 free; 31–100 10元/页; 101–200 20元/页; 201+ 40元/页 (超额累进)
    assert per_page_fee(pages).fee_yuan == fee


def test_worked_example_3_two_hundred_fifty_pages_cost_4700_with_tiers():
    calc = per_page_fee(250)
    assert [(l["units"], l["rate_yuan"], l["amount_yuan"]) for l in calc.lines] == \
        [(30, 0, 0), (70, 10, 700), (100, 20, 2000), (50, 40, 2000)]


def test_worked_example_4_one_method_per_application():
    both = compare_methods(12, 40)
    assert both["per_request"].fee_yuan == 100 and both["per_page"].fee_yuan == 100


def test_already_public_information_is_not_charged_per_page():
    assert per_page_fee(250, already_public=True).fee_yuan == 0


def test_office_waiver_is_recorded_with_reason():
    calc = per_request_fee(35, waiver="申请人为低保对象")
    assert calc.fee_yuan == 0 and "低保" in calc.note and "200" in calc.note


@pytest.mark.parametrize("bad", [0, -1, "3"])
def test_bad_ordinal_refused(bad):
    with pytest.raises(FeeError, match="正整数"):
        per_request_fee(bad)


def test_negative_pages_refused():
    with pytest.raises(FeeError, match="非负整数"):
        per_page_fee(-5)
