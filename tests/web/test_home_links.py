"""The public root page offers online application only where someone can handle it."""

from __future__ import annotations


def test_root_page_links_online_application_for_agencies_with_a_clerk(world, client):
    page = client.get("/").content.decode()
    assert f"/gongkai/{world.a.pk}/apply/" in page  # 甲: has a 经办人
    assert f"/gongkai/{world.other_county.pk}/apply/" not in page  # no case-handling account there


def test_logout_by_a_plain_link_asks_for_confirmation_instead_of_a_blank_405(world, client):
    from .conftest import PASSWORD
    assert client.login(username="clerk_a", password=PASSWORD)
    page = client.get("/accounts/logout/")
    assert page.status_code == 200 and "退出登录" in page.content.decode()
    assert client.post("/accounts/logout/").status_code in (200, 302)
    assert "_auth_user_id" not in client.session
