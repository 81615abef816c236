"""Consistency across the platform: the navigation only links pages the user may open, labels end in the
Chinese colon, downloads have Chinese file names (RFC 5987)."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.urls import reverse

ROLES = ("clerk_a", "reviewer_a", "signer_a", "supervisor", "sysadmin", "secadmin", "auditor")


def _nav_links(html: str) -> list[str]:
    nav = html.split("<nav>", 1)[1].split("</nav>", 1)[0]
    return re.findall(r'href="([^"]+)"', nav)


def _bad_labels(html: str) -> list[str]:
    """Labels naming a field (for=…) whose text does not end in the Chinese colon."""
    out = []
    for m in re.finditer(r"<label\b[^>]*\bfor=[^>]*>(.*?)</label>", html, re.S):
        text = re.sub(r"<[^>]+>", "", m.group(1)).strip()
        if text and not text.endswith("："):
            out.append(text)
    return out


@pytest.mark.parametrize("who", ROLES)
def test_every_navigation_link_opens_for_its_role_and_labels_end_in_the_chinese_colon(world, client, who):
    client.force_login(getattr(world, who))
    landing = client.get("/", follow=True)
    assert landing.status_code == 200
    links = _nav_links(landing.content.decode())
    assert links, who
    for url in links:
        r = client.get(url, follow=True)
        assert r.status_code == 200, f"{who}: {url} → {r.status_code}"
        body = r.content.decode()
        assert not _bad_labels(body), f"{who}: {url}: {_bad_labels(body)}"


def test_forms_use_the_chinese_label_suffix(db, client):
    body = client.get(reverse("accounts:setup")).content.decode()
    assert "机关名称（最上级，例如 某某县人民政府）：</label>" in body and ":</label>" not in body


def _filename(resp) -> str:
    cd = resp["Content-Disposition"]
    assert cd.startswith("attachment;") and 'filename="' in cd, cd
    m = re.search(r"filename\*=UTF-8''(\S+)", cd)
    assert m, cd
    return unquote(m.group(1))


def test_downloads_have_chinese_file_names(world, client):
    client.force_login(world.clerk_a)
    r = client.get(reverse("reports:export", args=[world.a.pk, 2025, "docx"]))
    assert r.status_code == 200
    assert _filename(r) == "甲镇人民政府2025年政府信息公开工作年度报告.docx"
    assert 'filename="report-' in r["Content-Disposition"]  # the ASCII fallback for old clients
    assert _filename(client.get(reverse("cases:export", args=["csv"]))) == "办件清单.csv"
    client.force_login(world.supervisor)
    r = client.get(reverse("reports:summary", args=[2025]) + "?format=docx")
    assert _filename(r) == "测试县人民政府2025年政府信息公开工作年度报告（汇总）.docx"
    client.force_login(world.auditor)
    assert _filename(client.get(reverse("auditlog:export"))) == "审计日志.csv"


def test_letter_download_name(world, client):
    import datetime as dt

    from gongkai.web.cases import services
    case = services.apply_event(world.clerk_a, world.case_a, world.case_a.version, "request_clarification",
                                dt.date(2025, 3, 5), {"items": ["请说明年度"]})
    client.force_login(world.clerk_a)
    seq = case.events.order_by("-seq").first().seq
    r = client.get(reverse("cases:letter", args=[case.pk, "clarification", seq]))
    assert _filename(r) == f"{case.number}政府信息公开申请补正告知书.docx"
