"""The demo generator is seeded and reproducible, and its agency-year counts consistently."""

from gongkai.casework.counting import annual_report
from gongkai.casework.demo import generate

from .relations import violations


def test_same_seed_same_data_other_seed_other_data():
    a, ra = generate(n=200, seed=7)
    b, rb = generate(n=200, seed=7)
    c, _ = generate(n=200, seed=8)
    assert a == b and ra == rb
    assert a != c


def test_demo_year_is_realistic_and_counts_without_violations():
    reqs, reviews = generate(n=600, seed=1)
    rep = annual_report(reqs, "示例市自然资源和规划局", 2024, reviews=reviews)
    assert violations(rep) == []
    v = lambda r, c="total": rep.value("三", r, c)  # noqa: E731
    assert v("carried_over") > 0 and v("carried_forward") > 0
    assert v("received", "natural_person") > v("received") / 2
    assert v("granted") > 0 and v("other_correction_not_supplied") > 0 and v("other_other") > 0
    assert rep.value("四", "cases", "review_total") >= 1
