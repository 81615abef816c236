"""变更 of a published item in the office (条例第二十六条 "形成或者变更"): the clerk drafts a new version
from the published item's page, it goes 审核人 → 签发人, the old item stays public until the sign-off and
then becomes 已被新版本替代; its public address leads (302) to the new version; both count for 2025."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from gongkai.web.auditlog.models import AuditEntry
from gongkai.web.publications import services
from gongkai.web.publications.models import Item

from .helpers import do, draft


def _publish(c, pk):
    for who, kind in (("clerk", "submit"), ("reviewer", "approve"), ("signer", "sign_off")):
        do(c[who], pk, kind)
    item = Item.objects.get(pk=pk)
    assert item.state == "published", item.state
    return item


def _change(client, pk, changed_on="2025-03-20"):
    return client.post(f"/publications/{pk}/new-version/",
                       {"version": Item.objects.get(pk=pk).version, "changed_on": changed_on})


def _edit(client, pk, **changes):
    item = Item.objects.get(pk=pk)
    data = {k: getattr(item, k) or "" for k in ("category", "title", "document_number", "issuer", "summary", "body",
                                               "disclosure", "review_conclusion", "reviewer_name")}
    data.update(formed_on=item.formed_on.isoformat(), reviewed_on=item.reviewed_on.isoformat(),
                changed_on=item.changed_on.isoformat() if item.changed_on else "", version=item.version)
    data.update(changes)
    return client.post(f"/publications/{pk}/edit/", data)


def _sentence(world):
    from gongkai.web.reports.views import _report
    rep = _report(world.a, 2025)
    return next(t for t, loc in rep.sections["一"].paragraphs if "主动公开政府信息" in t)


def test_change_of_a_published_item_from_draft_to_replacement(people, client):
    world, c = people
    old = _publish(c, draft(c["clerk"]))
    old_url = f"/gongkai/{world.a.pk}/xxgk/{old.number}/"
    page = c["clerk"].get(f"/publications/{old.pk}/").content.decode()
    assert "变更（起草新版本）" in page and f"/publications/{old.pk}/new-version/" in page

    # 变更: a new draft with its own 索引号, the change date, a link to the original; we land on its page
    r = _change(c["clerk"], old.pk)
    new = Item.objects.get(supersedes=old)
    assert r.status_code == 302 and r["Location"] == f"/publications/{new.pk}/"
    assert (new.state, new.changed_on, new.title, new.formed_on) == ("draft", dt.date(2025, 3, 20), old.title,
                                                                     old.formed_on)
    assert new.number != old.number and new.number.startswith("2025-")
    assert new.due == dt.date(2025, 4, 18)  # 第二十六条: 20 working days from the change date (清明 4 April)
    page = c["clerk"].get(f"/publications/{new.pk}/").content.decode()
    assert "的新版本（变更）" in page and old.number in page and "变更之日" in page
    assert "变更（起草新版本）" not in c["clerk"].get(f"/publications/{old.pk}/").content.decode()

    # the clerk edits the new version; while it is in review the old item is public, unchanged
    assert _edit(c["clerk"], new.pk, summary="2025年镇级一般公共预算（调整后）").status_code == 302
    page = c["clerk"].post(f"/publications/{new.pk}/step/submit/",
                           {"version": Item.objects.get(pk=new.pk).version}, follow=True).content.decode()
    assert "须重新进行保密审查" in page and Item.objects.get(pk=new.pk).state == "draft"  # the old review is not enough
    assert _edit(c["clerk"], new.pk, reviewed_on="2025-03-20").status_code == 302
    do(c["clerk"], new.pk, "submit")
    do(c["reviewer"], new.pk, "approve")
    assert Item.objects.get(pk=new.pk).state == "pending_signoff"
    assert client.get(old_url).status_code == 200 and "调整后" not in client.get(old_url).content.decode()
    new_url = f"/gongkai/{world.a.pk}/xxgk/{new.number}/"
    assert client.get(new_url).status_code == 404  # the unreviewed version is never public
    cat = client.get(f"/gongkai/{world.a.pk}/xxgk/").content.decode()
    assert old.number in cat and new.number not in cat and "调整后" not in cat
    assert new.number not in client.get("/gongkai/feed/atom/").content.decode()
    assert new.number not in client.get(f"/gongkai/{world.a.pk}/xxgk/?q=调整后").content.decode()
    assert _sentence(world).startswith("2025年，本机关主动公开政府信息1条")

    # sign-off: the new version is published and the old one superseded, together
    r = do(c["signer"], new.pk, "sign_off")
    old, new = Item.objects.get(pk=old.pk), Item.objects.get(pk=new.pk)
    assert (new.state, new.published_on) == ("published", dt.date(2025, 3, 20))
    assert (old.state, old.published_on) == ("superseded", dt.date(2025, 3, 20))
    assert list(old.events.values_list("kind", "actor", "state"))[-1] == ("supersede", "signer_a", "superseded")

    # public: the catalogue lists the current version only; the old address leads to it
    cat = client.get(f"/gongkai/{world.a.pk}/xxgk/").content.decode()
    assert new.number in cat and old.number not in cat and "调整后" in cat
    r = client.get(old_url)
    assert r.status_code == 302 and r["Location"] == new_url
    page = client.get(old_url, follow=True).content.decode()
    assert "调整后" in page and f"替代原索引号 {old.number}" in page and "变更日期" in page
    feed = client.get("/gongkai/feed/atom/").content.decode()
    assert new_url in feed and "【变更】" in feed and old_url not in feed
    assert new_url in client.get(f"/gongkai/{world.a.pk}/feed/rss/").content.decode()

    # staff pages say what happened; the latest version can be changed again, the old one cannot
    page = c["clerk"].get(f"/publications/{old.pk}/").content.decode()
    assert "已被新版本替代" in page and new.number in page and "变更（起草新版本）" not in page
    assert "变更（起草新版本）" in c["clerk"].get(f"/publications/{new.pk}/").content.decode()
    assert "已被新版本替代" in c["clerk"].get("/publications/?state=superseded").content.decode()

    # counted as documented: each version in the year it was published (both 2025 here)
    assert _sentence(world).startswith("2025年，本机关主动公开政府信息2条，其中：财政预决算2条。")

    # audit log: the change and the replacement, by whom
    log = list(AuditEntry.objects.filter(action__in=("publication_new_version", "publication_superseded"))
               .order_by("pk").values_list("action", "actor", "target_id"))
    assert log == [("publication_new_version", "clerk_a", str(new.pk)),
                   ("publication_superseded", "signer_a", str(old.pk))]


def test_the_old_address_follows_several_changes_to_the_current_version(people, client):
    world, c = people
    first = _publish(c, draft(c["clerk"]))
    _change(c["clerk"], first.pk)
    _edit(c["clerk"], Item.objects.get(supersedes=first).pk, reviewed_on="2025-03-20")  # the changed content re-reviewed
    second = _publish(c, Item.objects.get(supersedes=first).pk)
    _change(c["clerk"], second.pk)
    _edit(c["clerk"], Item.objects.get(supersedes=second).pk, reviewed_on="2025-03-20")
    third = _publish(c, Item.objects.get(supersedes=second).pk)
    for it in (first, second):
        r = client.get(f"/gongkai/{world.a.pk}/xxgk/{it.number}/")
        assert r.status_code == 302 and r["Location"] == f"/gongkai/{world.a.pk}/xxgk/{third.number}/"
    assert [i.state for i in Item.objects.filter(pk__in=[first.pk, second.pk, third.pk]).order_by("pk")] == [
        "superseded", "superseded", "published"]


def test_a_returned_new_version_stays_private_and_a_second_one_is_refused(people, client):
    world, c = people
    old = _publish(c, draft(c["clerk"]))
    _change(c["clerk"], old.pk)
    new = Item.objects.get(supersedes=old)
    _edit(c["clerk"], new.pk, reviewed_on="2025-03-20")
    do(c["clerk"], new.pk, "submit")
    do(c["reviewer"], new.pk, "return", "变更内容未写明")
    r = _change(c["clerk"], old.pk, "2025-03-20")
    assert r.status_code == 302 and r["Location"] == f"/publications/{old.pk}/"
    page = c["clerk"].get(r["Location"]).content.decode()
    assert f"已有新版本 {new.number}（已退回）正在办理，一次只能有一个未公开的新版本" in page
    assert Item.objects.filter(supersedes=old).count() == 1
    assert client.get(f"/gongkai/{world.a.pk}/xxgk/{new.number}/").status_code == 404
    assert client.get(f"/gongkai/{world.a.pk}/xxgk/{old.number}/").status_code == 200
    with pytest.raises(services.PublicationError, match="已有新版本"):
        services.new_version_item(world.clerk_a, old, Item.objects.get(pk=old.pk).version, dt.date(2025, 3, 20))


@pytest.mark.parametrize("changed_on, said", [
    ("2025-03-19", "变更日期 2025-03-19 早于原信息的公开日期 2025-03-20"),
    ("2025-03-13", "早于原信息的形成日期 2025-03-14"),
    ("2025-03-21", "变更日期 2025-03-21 晚于今天 2025-03-20"),
    ("", "请填写变更日期"),
])
def test_a_bad_change_date_is_refused_with_the_library_message(people, changed_on, said):
    world, c = people
    old = _publish(c, draft(c["clerk"]))
    r = _change(c["clerk"], old.pk, changed_on)
    assert r.status_code == 302 and r["Location"] == f"/publications/{old.pk}/"
    assert said in c["clerk"].get(r["Location"]).content.decode()
    assert not Item.objects.filter(supersedes=old).exists()


def test_editing_the_new_versions_change_date_before_the_original_was_published_is_refused(people):
    world, c = people
    old = _publish(c, draft(c["clerk"]))
    _change(c["clerk"], old.pk)
    new = Item.objects.get(supersedes=old)
    r = _edit(c["clerk"], new.pk, changed_on="2025-03-18")
    assert r.status_code == 200 and "变更日期 2025-03-18 早于原信息的公开日期 2025-03-20" in r.content.decode()
    assert Item.objects.get(pk=new.pk).changed_on == dt.date(2025, 3, 20)


def test_an_unpublished_item_cannot_be_changed_it_is_edited(people):
    world, c = people
    pk = draft(c["clerk"])
    r = _change(c["clerk"], pk)
    assert "只有已主动公开（「已公开」）的信息才能变更" in c["clerk"].get(r["Location"]).content.decode()
    assert not Item.objects.filter(supersedes_id=pk).exists()


@pytest.mark.parametrize("who, codes", [("clerk_b", (404,)), ("reviewer_a", (403,)), ("signer_a", (403,)),
                                        ("supervisor", (403,)), ("other_sup", (403,)), ("sysadmin", (403,)),
                                        ("secadmin", (403,)), ("auditor", (403,))])
def test_only_the_agencys_clerk_may_change_a_published_item(people, who, codes):
    world, c = people
    old = _publish(c, draft(c["clerk"]))
    other = Client()
    other.force_login(getattr(world, who))
    r = _change(other, old.pk)
    assert r.status_code in codes, (who, r.status_code)
    assert other.get(f"/publications/{old.pk}/new-version/").status_code in (403, 404, 405)
    assert not Item.objects.filter(supersedes=old).exists() and Item.objects.get(pk=old.pk).state == "published"
    if who in ("reviewer_a", "signer_a", "supervisor"):  # they read the page but get no 变更 button
        assert "变更（起草新版本）" not in other.get(f"/publications/{old.pk}/").content.decode()


def test_anonymous_visitor_is_sent_to_login_and_get_is_not_allowed(people, client):
    world, c = people
    old = _publish(c, draft(c["clerk"]))
    r = _change(client, old.pk)
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
    assert c["clerk"].get(f"/publications/{old.pk}/new-version/").status_code == 405
    assert not Item.objects.filter(supersedes=old).exists()


def test_form_mistakes_on_items_are_messages(people):
    world, c = people
    old = _publish(c, draft(c["clerk"]))
    r = c["clerk"].post(f"/publications/{old.pk}/new-version/", {"version": Item.objects.get(pk=old.pk).version,
                                                                 "changed_on": "2025-02-30"}, follow=True)
    assert "变更日期格式不对" in r.content.decode() and not Item.objects.filter(supersedes=old).exists()
    # a published item is not edited in place: the edit page says to use 变更
    r = c["clerk"].get(f"/publications/{old.pk}/edit/", follow=True)
    assert "不能修改；信息有变化的，请用“变更（起草新版本）”" in r.content.decode()
    pk = draft(c["clerk"])
    r = _edit(c["clerk"], pk, version="abc")
    assert r.status_code == 302
    assert "表单缺少有效的版本号" in c["clerk"].get(r["Location"]).content.decode()


def test_the_revision_record_names_only_the_fields_changed(people):
    world, c = people
    pk = draft(c["clerk"])
    assert _edit(c["clerk"], pk, summary="新的概述").status_code == 302
    last = Item.objects.get(pk=pk).events.order_by("-seq").first()
    assert last.kind == "revise" and last.comment == "summary"


def test_a_new_version_keeps_the_originals_formation_date(people):
    world, c = people
    old = _publish(c, draft(c["clerk"]))
    _change(c["clerk"], old.pk)
    new = Item.objects.get(supersedes=old)
    r = _edit(c["clerk"], new.pk, formed_on="2025-03-19")
    assert "新版本的形成日期应与原信息" in r.content.decode()
    assert Item.objects.get(pk=new.pk).formed_on == old.formed_on
