"""The 复议/诉讼 register refuses dates after today (the web clock, TODAY = 2025-03-20): a case not
yet filed or decided cannot be entered — it would count in table 四 ahead of time."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gongkai.web.reviews.models import ReviewOrLawsuit

CASE = {"number": "甲复〔2025〕2号", "kind": "review", "stage": "filed", "filed_on": "2025-03-10", "result": "",
        "decided_on": "", "note": "", "case_number": ""}


def test_a_case_filed_after_today_is_refused(world, client):
    client.force_login(world.clerk_a)
    r = client.post(reverse("litigation:list"), {**CASE, "filed_on": "2025-03-21"})
    assert r.status_code == 200
    assert "立案/受理日期 2025-03-21 晚于今天 2025-03-20，尚未发生的事不能登记，请核对日期。" in r.content.decode()
    assert not ReviewOrLawsuit.objects.filter(number=CASE["number"]).exists()


def test_a_decision_after_today_is_refused(world, client):
    client.force_login(world.clerk_a)
    r = client.post(reverse("litigation:list"), {**CASE, "stage": "decided", "result": "upheld",
                                                 "decided_on": "2025-04-30"})
    assert "审结日期 2025-04-30 晚于今天 2025-03-20" in r.content.decode()
    assert not ReviewOrLawsuit.objects.filter(number=CASE["number"]).exists()


def test_editing_a_case_to_a_decision_after_today_is_refused(world, client):
    client.force_login(world.clerk_b)
    lit = world.lit_b
    r = client.post(reverse("litigation:edit", args=[lit.pk]), {
        "number": lit.number, "kind": lit.kind, "stage": "decided", "filed_on": "2025-03-10", "result": "upheld",
        "decided_on": "2025-03-21", "note": "", "case_number": "", "version": lit.version})
    assert "审结日期 2025-03-21 晚于今天 2025-03-20" in r.content.decode()
    lit.refresh_from_db()
    assert lit.decided_on is None and lit.stage == "filed"


def test_dates_up_to_today_are_accepted(world, client):
    client.force_login(world.clerk_a)
    r = client.post(reverse("litigation:list"), {**CASE, "filed_on": "2025-03-20", "stage": "decided",
                                                 "result": "upheld", "decided_on": "2025-03-20"})
    assert r.status_code == 302
    assert ReviewOrLawsuit.objects.get(number=CASE["number"]).decided_on == dt.date(2025, 3, 20)
