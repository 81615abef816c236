"""The demo county (gongkai serve --demo): every agency in it can handle what citizens send it."""

from __future__ import annotations

import re

import pytest
from django.test import Client


@pytest.fixture
def demo(db):
    from gongkai.web.demo import load_demo
    return load_demo(2024)


def test_every_demo_agency_has_a_clerk_reviewer_and_signer(demo):
    from gongkai.web.accounts.models import User
    from gongkai.web.agencies.models import Agency
    for agency in Agency.objects.all():
        roles = set(User.objects.filter(agency=agency).values_list("role", flat=True))
        assert {"clerk", "reviewer", "signatory"} <= roles, agency.name


def test_demo_online_application_to_the_county_government_reaches_its_clerk(demo):
    from gongkai.web.agencies.models import Agency
    from gongkai.web.demo import COUNTY, DEMO_PASSWORD
    county = Agency.objects.get(name=COUNTY)
    r = Client().post(f"/gongkai/{county.pk}/apply/", {
        "requester_name": "孙某", "applicant_type": "natural_person", "id_document": "居民身份证 110101199001011234",
        "contact": "13600001111", "address": "sun@example.cn", "description": "县政府2024年重大行政决策目录",
        "access": "电子邮件", "form_note": "", "website": ""}, follow=True)
    assert re.search(r'id="tracking">[A-Z0-9]+<', r.content.decode())
    clerk = Client()
    assert clerk.login(username="county_clerk", password=DEMO_PASSWORD)
    assert "孙某" in clerk.get("/publications/applications/").content.decode()
