"""The 主动公开 register refuses dates after today (the web clock, TODAY = 2025-03-20) with the
library's Chinese message: 形成/变更 dates and 保密审查 date when drafting or revising, and
规章/规范性文件 制发, 修改, 废止, 失效 dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from gongkai.casework.errors import CaseworkError
from gongkai.web.publications import services
from gongkai.web.publications.models import DocumentRecord, Item

from .helpers import ITEM, draft


@pytest.fixture
def clerk(world):
    c = Client()
    c.force_login(world.clerk_a)
    return c


@pytest.mark.parametrize("field, said", [
    ("formed_on", "形成日期 2025-03-21 晚于今天 2025-03-20"),
    ("changed_on", "变更日期 2025-03-21 晚于今天 2025-03-20"),
    ("reviewed_on", "保密审查日期 2025-03-21 晚于今天 2025-03-20"),
])
def test_drafting_an_item_with_a_date_after_today_is_refused(clerk, field, said):
    r = clerk.post("/publications/new/", {**ITEM, field: "2025-03-21"})
    assert r.status_code == 200 and said in r.content.decode()
    assert not Item.objects.exists()


def test_revising_an_item_to_a_date_after_today_is_refused(clerk):
    pk = draft(clerk)
    item = Item.objects.get(pk=pk)
    r = clerk.post(f"/publications/{pk}/edit/", {**ITEM, "changed_on": "2025-04-01", "version": item.version})
    assert r.status_code == 200 and "变更日期 2025-04-01 晚于今天 2025-03-20" in r.content.decode()
    assert Item.objects.get(pk=pk).changed_on is None


def test_a_document_issued_after_today_is_refused(world, clerk):
    r = clerk.post("/publications/documents/", {"kind": "normative_document", "title": "甲镇村规民约备案办法",
                                                "document_number": "甲政规〔2025〕1号", "issued_on": "2025-03-21"})
    assert "制发日期 2025-03-21 晚于今天 2025-03-20" in r.content.decode()
    assert not DocumentRecord.objects.exists()


@pytest.mark.parametrize("action, label", [("amend", "修改"), ("repeal", "废止"), ("expire", "失效")])
def test_a_document_amended_or_ended_after_today_is_refused(world, clerk, action, label):
    d = services.issue_document(world.clerk_a, {"kind": "normative_document", "title": "旧办法",
                                                "document_number": "甲政规〔2024〕2号", "issued_on": dt.date(2024, 5, 6)})
    r = clerk.post(f"/publications/documents/{d.pk}/", {"action": action, "on": "2025-12-31"}, follow=True)
    assert f"{label}日期 2025-12-31 晚于今天 2025-03-20" in r.content.decode()
    d.refresh_from_db()
    assert d.ended_on is None and d.amended_on == []


def test_the_service_layer_refuses_future_dates_too(world):
    with pytest.raises(CaseworkError, match="制发日期 2025-06-01 晚于今天 2025-03-20"):
        services.issue_document(world.clerk_a, {"kind": "rule", "title": "规章", "document_number": "甲令1号",
                                                "issued_on": dt.date(2025, 6, 1)})
