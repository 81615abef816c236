"""Every main page renders for the role it is meant for (no server error, Chinese UI)."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("who,url_name,kwargs", [
    ("clerk_a", "cases:worklist", {}), ("clerk_a", "cases:new", {}), ("clerk_a", "litigation:list", {}),
    ("clerk_a", "reports:index", {}), ("supervisor", "reports:overview", {"year": 2025}),
    ("supervisor", "reports:summary", {"year": 2025}), ("sysadmin", "accounts:admin_users", {}),
    ("secadmin", "accounts:security", {}), ("auditor", "auditlog:list", {}),
])
def test_main_pages_render_for_their_role(world, login, who, url_name, kwargs):
    c = login(getattr(world, who))
    r = c.get(reverse(url_name, kwargs=kwargs))
    assert r.status_code == 200, r.content[:500]
    assert "政府信息公开工作平台" in r.content.decode()


def test_case_page_and_report_workspace_render(world, login):
    c = login(world.clerk_a)
    assert c.get(reverse("cases:detail", args=[world.case_a.pk])).status_code == 200
    r = c.get(reverse("reports:workspace", args=[world.a.pk, 2025]))
    assert r.status_code == 200
    assert "本年度，本机关共收到政府信息公开申请1件" in r.content.decode()
