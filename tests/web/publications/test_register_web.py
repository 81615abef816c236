"""The register in the office: a clerk drafts, the 主管领导 returns it once with a comment, the
主要领导 signs, and the item is in the public catalogue, its page and the feed."""

from __future__ import annotations

import datetime as dt

from gongkai.web.publications.models import Item

from .helpers import do, draft


def test_review_chain_with_one_return_publishes_into_the_public_catalogue(people, client):
    world, c = people
    pk = draft(c["clerk"])
    assert Item.objects.get(pk=pk).state == "draft"
    do(c["clerk"], pk, "submit")
    r = do(c["reviewer"], pk, "return", "请在概述中写明预算总额。")
    assert Item.objects.get(pk=pk).state == "returned"
    page = c["clerk"].get(f"/publications/{pk}/").content.decode()
    assert "退回意见" in page and "请在概述中写明预算总额。" in page
    item = Item.objects.get(pk=pk)
    r = c["clerk"].post(f"/publications/{pk}/edit/", {**{k: getattr(item, k) or "" for k in (
        "category", "title", "document_number", "issuer", "summary", "body", "disclosure", "review_conclusion",
        "reviewer_name")}, "formed_on": "2025-03-14", "reviewed_on": "2025-03-17", "version": item.version,
        "summary": "2025年镇级一般公共预算，总额1234万元"})
    assert r.status_code == 302
    do(c["clerk"], pk, "submit")
    do(c["reviewer"], pk, "approve")
    r = do(c["signer"], pk, "sign_off")
    item = Item.objects.get(pk=pk)
    assert item.state == "published" and item.published_on == dt.date(2025, 3, 20)
    kinds = list(item.events.values_list("kind", "actor"))
    assert kinds == [("create", "clerk_a"), ("submit", "clerk_a"), ("return", "reviewer_a"), ("revise", "clerk_a"),
                     ("submit", "clerk_a"), ("approve", "reviewer_a"), ("sign_off", "signer_a")]
    # public, without login: catalogue, stable item URL, search, feed
    cat = client.get(f"/gongkai/{world.a.pk}/xxgk/").content.decode()
    assert "甲镇2025年财政预算" in cat
    item_url = f"/gongkai/{world.a.pk}/xxgk/{item.number}/"
    assert "总额1234万元" in client.get(item_url).content.decode()
    assert "甲镇2025年财政预算" in client.get(f"/gongkai/{world.a.pk}/xxgk/?q=财政预算").content.decode()
    assert "甲镇2025年财政预算" not in client.get(f"/gongkai/{world.a.pk}/xxgk/?q=不存在的词").content.decode()
    feed = client.get("/gongkai/feed/atom/")
    assert feed.status_code == 200 and "甲镇2025年财政预算" in feed.content.decode()
    assert item_url in feed.content.decode()


def test_unpublished_items_are_not_public(people, client):
    world, c = people
    pk = draft(c["clerk"], title="内部草稿")
    number = Item.objects.get(pk=pk).number
    assert "内部草稿" not in client.get(f"/gongkai/{world.a.pk}/xxgk/").content.decode()
    assert client.get(f"/gongkai/{world.a.pk}/xxgk/{number}/").status_code == 404


def test_illegal_steps_are_refused_with_the_library_message(people):
    world, c = people
    pk = draft(c["clerk"])
    r = do(c["signer"], pk, "sign_off")
    assert "当前状态为「草稿」" in r.content.decode()
    do(c["clerk"], pk, "submit")
    r = do(c["signer"], pk, "approve")
    assert "不是审核人" in r.content.decode()
    r = do(c["reviewer"], pk, "return")
    assert "退回须写明意见" in r.content.decode()
    assert Item.objects.get(pk=pk).state == "pending_review"


def test_incomplete_item_cannot_be_submitted(people):
    world, c = people
    pk = draft(c["clerk"], review_conclusion="", reviewer_name="", reviewed_on="")
    r = do(c["clerk"], pk, "submit")
    assert "保密审查" in r.content.decode() and Item.objects.get(pk=pk).state == "draft"


def test_supervisor_reads_but_cannot_act_and_other_agency_cannot_see(people, world, login):
    _, c = people
    pk = draft(c["clerk"])
    sup = login(world.supervisor)
    assert sup.get(f"/publications/{pk}/").status_code == 200
    assert sup.post(f"/publications/{pk}/step/submit/", {"version": 1}).status_code == 403
    other = login(world.clerk_b)
    assert other.get(f"/publications/{pk}/").status_code == 404


def test_overdue_item_is_flagged_in_the_register(people):
    world, c = people
    # formed 2025-02-14 (Fri): 20 working days → 2025-03-14; today is 2025-03-20 and it is unpublished
    draft(c["clerk"], title="逾期的信息", formed_on="2025-02-14")
    page = c["clerk"].get("/publications/").content.decode()
    assert "超过条例第二十六条20个工作日期限未公开：1条" in page and "已超期未公开" in page


def test_root_page_links_every_agency_guide_catalogue_and_login(world, client):
    page = client.get("/").content.decode()
    for a in (world.county, world.a, world.b, world.other_county):
        assert f"/gongkai/{a.pk}/guide/" in page and f"/gongkai/{a.pk}/xxgk/" in page
    assert "/accounts/login/" in page
    guide = client.get(f"/gongkai/{world.a.pk}/guide/").content.decode()
    assert "宅基地使用情况审核" in guide and "第二十九条" in guide  # 乡镇: 第二十一条 categories
