"""Driving the register through HTTP as the three people of 甲镇 (clerk_a, reviewer_a, signer_a)."""

from __future__ import annotations

import re

ITEM = {"category": "budgets", "title": "甲镇2025年财政预算", "document_number": "", "issuer": "甲镇人民政府",
        "formed_on": "2025-03-14", "summary": "2025年镇级一般公共预算", "body": "预算正文",
        "disclosure": "proactive", "review_conclusion": "cleared", "reviewer_name": "保密员小周",
        "reviewed_on": "2025-03-17"}


def draft(client, **changes) -> int:
    r = client.post("/publications/new/", {**ITEM, **changes})
    assert r.status_code == 302, r.content.decode()[:2000]
    return int(re.search(r"/publications/(\d+)/", r["Location"]).group(1))


def do(client, pk: int, kind: str, comment: str = ""):
    from gongkai.web.publications.models import Item
    version = Item.objects.get(pk=pk).version
    return client.post(f"/publications/{pk}/step/{kind}/", {"version": version, "comment": comment}, follow=True)
