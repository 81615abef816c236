"""The online 依申请公开 form (条例第二十九条): a case in the casework engine, a tracking number and a
query code, status and reply download — and the abuse controls (rate limit, upload size, no enumeration)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.web.cases.models import OnlineApplication

FORM = {"requester_name": "钱某", "applicant_type": "natural_person", "id_document": "居民身份证 110101199303031234",
        "contact": "13611112222", "address": "qian@example.cn", "description": "甲镇2024年高标准农田建设项目验收报告",
        "access": "电子邮件", "form_note": "", "website": ""}


def _apply(client, agency, **extra):
    return client.post(f"/gongkai/{agency.pk}/apply/", {**FORM, **extra}, follow=True)


def _numbers(html):
    return (re.search(r'id="tracking">([A-Z0-9]+)<', html).group(1), re.search(r'id="code">([A-Z0-9]+)<', html).group(1))


def test_application_creates_an_online_case_and_applicant_downloads_the_reply(world, login):
    citizen = Client()
    r = _apply(citizen, world.a)
    assert r.status_code == 200
    tracking, code = _numbers(r.content.decode())
    app = OnlineApplication.objects.get(tracking_number=tracking)
    case = app.case
    assert (case.agency, case.channel, case.requester_name, case.state) == (world.a, "online", "钱某", "received")
    assert str(case.received_on) == "2025-03-20" and case.due is not None  # 第三十三条 clock started
    assert code not in app.code_hash
    # the office sees it in the cases worklist and uploads the reply
    clerk = login(world.clerk_a)
    assert case.number in clerk.get("/publications/applications/").content.decode()
    pdf = SimpleUploadedFile("答复书.pdf", b"%PDF-1.4 reply", content_type="application/pdf")
    clerk.post(f"/publications/applications/{app.pk}/reply/", {"file": pdf})
    # later, in a new browser session, the applicant looks it up and downloads the reply
    later = Client()
    r = later.post("/gongkai/status/", {"tracking_number": tracking, "code": code})
    assert r.status_code == 302
    page = later.get(r["Location"]).content.decode()
    assert "已收到（待受理）" in page and "答复书.pdf" in page
    link = re.search(r'href="(/gongkai/status/\d+/reply/\d+/)"', page).group(1)
    dl = later.get(link)
    assert dl.status_code == 200 and b"".join(dl.streaming_content) == b"%PDF-1.4 reply"


def test_no_enumeration_wrong_code_and_other_sessions_get_nothing(world):
    tracking, code = _numbers(_apply(Client(), world.a).content.decode())
    app = OnlineApplication.objects.get(tracking_number=tracking)
    stranger = Client()
    assert stranger.get(f"/gongkai/status/{app.pk}/").status_code == 404
    wrong = stranger.post("/gongkai/status/", {"tracking_number": tracking, "code": "WRONGCOD"}, follow=True)
    unknown = stranger.post("/gongkai/status/", {"tracking_number": "NOSUCHNUMB", "code": code}, follow=True)
    assert "查询编号或查询码不正确" in wrong.content.decode() and "查询编号或查询码不正确" in unknown.content.decode()
    assert stranger.get(f"/gongkai/status/{app.pk}/").status_code == 404


def test_failed_lookups_are_rate_limited(world, settings):
    settings.GONGKAI_PUBLIC_LOOKUP_FAILURES_PER_HOUR = 2
    c = Client()
    for _ in range(2):
        c.post("/gongkai/status/", {"tracking_number": "AAAAAAAAAA", "code": "BBBBBBBB"})
    assert c.post("/gongkai/status/", {"tracking_number": "AAAAAAAAAA", "code": "BBBBBBBB"}).status_code == 429


def test_submissions_are_rate_limited_per_client(world, settings):
    settings.GONGKAI_PUBLIC_APPLY_PER_HOUR = 2
    c = Client()
    assert _apply(c, world.a).status_code == 200 and _apply(c, world.a).status_code == 200
    r = _apply(c, world.a)
    assert r.status_code == 429 and "提交过于频繁" in r.content.decode()
    assert OnlineApplication.objects.count() == 2


def test_upload_size_and_type_are_limited(world, settings):
    settings.GONGKAI_PUBLIC_UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("id.pdf", b"%PDF" + b"0" * 2000, content_type="application/pdf")
    r = _apply(Client(), world.a, id_scan=big)
    assert "超过上限" in r.content.decode() and not OnlineApplication.objects.exists()
    exe = SimpleUploadedFile("id.exe", b"MZ....", content_type="application/octet-stream")
    assert "类型不允许上传" in _apply(Client(), world.a, id_scan=exe).content.decode()
    fake = SimpleUploadedFile("id.pdf", b"MZ not a pdf", content_type="application/pdf")
    assert "内容与扩展名" in _apply(Client(), world.a, id_scan=fake).content.decode()


def test_missing_article_29_content_is_refused_with_field_errors(world):
    r = _apply(Client(), world.a, requester_name="", description="")
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    assert not OnlineApplication.objects.exists()


def test_honeypot_field_blocks_bots(world):
    r = _apply(Client(), world.a, website="http://spam.example")
    assert "提交未被接受" in r.content.decode() and not OnlineApplication.objects.exists()


@pytest.mark.parametrize("url", ["/gongkai/", "/gongkai/{a}/guide/", "/gongkai/{a}/xxgk/", "/gongkai/{a}/apply/",
                                 "/gongkai/status/", "/gongkai/{a}/feed/rss/"])
def test_public_pages_need_no_login(world, url):
    assert Client().get(url.format(a=world.a.pk)).status_code == 200


def test_online_application_to_an_agency_without_a_clerk_is_refused_and_other_channels_named(world):
    # 测试县人民政府 has supervisors and administrators but no 经办人: nobody could open the case
    from gongkai.web.cases.models import DisclosureRequest
    page = Client().get(f"/gongkai/{world.county.pk}/apply/").content.decode()
    assert "尚未开通网上申请" in page and "<form" not in page.split('id="apply-closed"')[1]
    before = DisclosureRequest.objects.count()
    r = _apply(Client(), world.county)
    assert "尚未开通网上申请" in r.content.decode() and DisclosureRequest.objects.count() == before
    index = Client().get("/gongkai/").content.decode()
    assert f'href="/gongkai/{world.a.pk}/apply/"' in index
    assert f'href="/gongkai/{world.county.pk}/apply/"' not in index and "暂未开通在线申请" in index


def test_online_application_service_refuses_an_agency_without_a_clerk(world):
    from gongkai.publications.errors import PublicationError
    from gongkai.web.cases import services
    with pytest.raises(PublicationError, match="尚未开通网上申请"):
        services.submit_application(world.county, {**FORM, "form": "电子邮件"})


def test_the_same_form_sent_twice_makes_one_application_and_a_reload_applies_nothing(world):
    citizen = Client()
    form = citizen.get(f"/gongkai/{world.a.pk}/apply/").content.decode()
    submission = re.search(r'name="submission" value="([^"]+)"', form).group(1)
    first = citizen.post(f"/gongkai/{world.a.pk}/apply/", {**FORM, "submission": submission})
    assert first.status_code == 302 and "/apply/done/" in first["Location"]
    page = citizen.get(first["Location"]).content.decode()
    tracking, code = _numbers(page)
    # double click / back and resend: the same submission leads to the same application, no second case
    again = citizen.post(f"/gongkai/{world.a.pk}/apply/", {**FORM, "submission": submission})
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert OnlineApplication.objects.count() == 1
    # reloading the result page shows the tracking number, not the code a second time
    reload = citizen.get(first["Location"]).content.decode()
    assert tracking in reload and code not in reload and 'id="code-shown"' in reload
    # another session cannot open someone's result page
    assert Client().get(first["Location"]).status_code == 404
    # a new form is a new application
    fresh = re.search(r'name="submission" value="([^"]+)"',
                      citizen.get(f"/gongkai/{world.a.pk}/apply/").content.decode()).group(1)
    assert fresh != submission
    citizen.post(f"/gongkai/{world.a.pk}/apply/", {**FORM, "submission": fresh})
    assert OnlineApplication.objects.count() == 2


def test_reply_upload_without_a_file_says_so(world, login):
    tracking, _ = _numbers(_apply(Client(), world.a).content.decode())
    app = OnlineApplication.objects.get(tracking_number=tracking)
    clerk = login(world.clerk_a)
    r = clerk.post(f"/publications/applications/{app.pk}/reply/", {}, follow=True)
    assert "请选择要上传的文件" in r.content.decode() and not app.replies.exists()


def test_the_status_page_shows_the_reply_deadline_and_the_outcome(world, settings):
    """An applicant sees the 答复期限 (marked 暂定 where it rests on a year without a notice) and, once answered,
    the outcome as table 三 names it."""
    import datetime as dt

    from gongkai.web.cases.models import DisclosureRequest
    citizen = Client()
    tracking, code = _numbers(_apply(citizen, world.a).content.decode())
    case = OnlineApplication.objects.get(tracking_number=tracking).case
    later = Client()
    page = later.get(later.post("/gongkai/status/", {"tracking_number": tracking, "code": code})["Location"])
    assert f'{case.due:%Y-%m-%d}（条例第三十三条）' in page.content.decode()
    DisclosureRequest.objects.filter(pk=case.pk).update(due=dt.date(2027, 1, 13), due_provisional=True)
    assert "暂定" in later.get(page.request["PATH_INFO"]).content.decode()
    DisclosureRequest.objects.filter(pk=case.pk).update(state="closed", disposition="withheld_state_secret", due=None,
                                                closed_on=dt.date(2025, 4, 1))
    body = later.get(page.request["PATH_INFO"]).content.decode()
    assert 'id="case-outcome">不予公开：属于国家秘密' in body


def test_answering_an_online_application_publishes_the_reply_as_a_pdf_to_the_applicant(world, login, settings):
    """The applicant sees the 答复书 on the status page as soon as the case is answered — a PDF, not an editable
    file — without the clerk downloading and uploading it again."""
    import shutil

    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice（soffice）未安装：apt-get install libreoffice-writer-nogui")
    from gongkai.web.cases.models import DisclosureRequest
    citizen = Client()
    tracking, code = _numbers(_apply(citizen, world.a).content.decode())
    case = OnlineApplication.objects.get(tracking_number=tracking).case
    clerk = login(world.clerk_a)
    r = clerk.post(f"/cases/{case.pk}/event/respond/", {"respond-version": case.version, "respond-on": "2025-03-20",
                                                        "respond-disposition": "granted",
                                                        "respond-info_given": "验收报告全文"}, follow=True)
    assert "已登记" in r.content.decode() and "发布到网上申请人的查询页面" in r.content.decode()
    assert DisclosureRequest.objects.get(pk=case.pk).state == "closed"
    later = Client()
    page = later.get(later.post("/gongkai/status/", {"tracking_number": tracking, "code": code})["Location"])
    body = page.content.decode()
    assert "答复书.pdf" in body and 'id="case-outcome">予以公开' in body
    link = re.search(r'href="(/gongkai/status/\d+/reply/\d+/)"', body).group(1)
    pdf = b"".join(later.get(link).streaming_content)
    assert pdf[:5] == b"%PDF-"
