"""The clock rules of issue #9 items 4–5 on the web platform (case page, worklist, export, reports)."""

import csv
import datetime as dt
import io

from django.urls import reverse

from gongkai.web.cases import services
from gongkai.web.cases.models import DisclosureRequest


def _accepted(world):
    return services.apply_event(world.clerk_a, world.case_a, 1, "accept", dt.date(2025, 3, 3))


def _post(client, case, kind, **fields):
    data = {f"{kind}-version": DisclosureRequest.objects.get(pk=case.pk).version,
            **{f"{kind}-{k}": v for k, v in fields.items()}}
    return client.post(reverse("cases:event", args=[case.pk, kind]), data, follow=True)


def test_case_page_shows_the_third_party_answer_due_and_flags_征求意见超期(world, client, settings):
    case = _accepted(world)
    client.force_login(world.clerk_a)
    r = _post(client, case, "start_consultation", on="2025-03-04", consultation_kind="third_party", party="某公司",
              party_received_on="2025-03-06")
    assert "已登记" in r.content.decode()
    case = DisclosureRequest.objects.get(pk=case.pk)
    assert case.due == dt.date(2025, 3, 27)  # 15 wd after the third party received it (Thu 03-06)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="consultation-due"' in page and "2025年3月27日" in page and "征求意见超期" not in page
    settings.GONGKAI_TODAY = dt.date(2025, 3, 28)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="consultation-overdue"' in page and "征求意见超期：意见答复期限 2025-03-27 已届满" in page
    wl = client.get(reverse("cases:worklist") + "?tab=expired").content.decode()
    assert case.number in wl and "征求意见超期" in wl


def test_case_page_offers_closing_as_six_one_when_the_clarification_period_ran_out(world, client, settings):
    client.force_login(world.clerk_a)
    _post(client, world.case_a, "request_clarification", on="2025-03-04", items="写明文号", period_days=5)
    case = DisclosureRequest.objects.get(pk=world.case_a.pk)
    assert case.due == dt.date(2025, 3, 11)
    settings.GONGKAI_TODAY = dt.date(2025, 3, 12)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "补正期限已届满，可登记逾期未补正，计入表三（六）1" in page and 'href="#action-clarification_lapsed"' in page
    _post(client, case, "clarification_lapsed", on="2025-03-12")
    case = DisclosureRequest.objects.get(pk=case.pk)
    assert case.disposition == "other_correction_not_supplied" and case.closed_on == dt.date(2025, 3, 11)


def test_case_page_shows_the_payment_deadline_of_a_case_awaiting_payment(world, client):
    case = _accepted(world)
    client.force_login(world.clerk_a)
    r = _post(client, case, "issue_fee_notice", on="2025-03-05", method="per_page", pages="250",
              received_on="2025-03-07")
    assert "已登记" in r.content.decode()
    case = DisclosureRequest.objects.get(pk=case.pk)
    assert case.due == dt.date(2025, 4, 7)  # 20 wd after Fri 03-07 (清明 04-04)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="fee-due"' in page and "缴费期限：<strong>2025年4月7日</strong>" in page and "4700 元" in page


def test_a_large_fee_asks_for_confirmation_in_the_web_form(world, client):
    case = _accepted(world)
    client.force_login(world.clerk_a)
    r = _post(client, case, "issue_fee_notice", on="2025-03-05", method="per_page", pages="30000")
    assert "请勾选“确认金额”" in r.content.decode() and DisclosureRequest.objects.get(pk=case.pk).state == "in_progress"
    r = _post(client, case, "issue_fee_notice", on="2025-03-05", method="per_page", pages="30000", confirm_large="on")
    assert DisclosureRequest.objects.get(pk=case.pk).state == "awaiting_fee"


def test_delayed_reply_under_article_35_from_the_case_page_with_its_notice(world, client):
    case = _accepted(world)
    client.force_login(world.clerk_a)
    r = _post(client, case, "delay_reply", on="2025-03-10", reason_asked_on="2025-03-05",
              applicant_reason="用于诉讼", days="30", notified_on="2025-03-10")
    assert "已登记" in r.content.decode()
    case = DisclosureRequest.objects.get(pk=case.pk)
    assert case.due == dt.date(2025, 5, 15)  # 20 + 30 working days after 03-03 (劳动节 05-01..05 skipped)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="delay"' in page and "延迟答复告知" in page
    seq = case.events.get(kind="delay_reply").seq
    resp = client.get(reverse("cases:letter", args=[case.pk, "delay", seq]))
    assert resp.status_code == 200 and resp["Content-Type"].endswith("document")


def test_extension_notified_late_is_flagged_on_the_timeline(world, client, settings):
    case = _accepted(world)  # received 2025-03-03: due 2025-03-31
    services.apply_event(world.signer_a, case, case.version, "extend", dt.date(2025, 3, 20),
                         {"days": 10, "approved_by": "签发人", "notified_on": dt.date(2025, 3, 20)})
    settings.GONGKAI_TODAY = dt.date(2025, 4, 2)
    c2 = services.register(world.clerk_a, requester_name="钱某", applicant_type="natural_person",
                           channel="in_person", received_on=dt.date(2025, 3, 3))
    c2 = services.apply_event(world.clerk_a, c2, c2.version, "accept", dt.date(2025, 3, 3))
    c2 = services.apply_event(world.signer_a, c2, c2.version, "extend", dt.date(2025, 3, 31),
                              {"days": 10, "approved_by": "签发人", "notified_on": dt.date(2025, 4, 1)})
    client.force_login(world.clerk_a)
    page = client.get(reverse("cases:detail", args=[c2.pk])).content.decode()
    assert "延期在原答复期限（2025-03-31）届满后才告知申请人" in page and 'class="badge overdue flag"' in page
    assert "届满后才告知" not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_online_application_confirmed_later_takes_the_confirmation_day(world, client):
    client.force_login(world.clerk_b)
    case = world.case_b  # online, registered 2025-03-04
    _post(client, case, "confirm_receipt", on="2025-03-05")
    case = DisclosureRequest.objects.get(pk=case.pk)
    assert case.received_on == dt.date(2025, 3, 5) and case.due == dt.date(2025, 4, 2)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "以双方确认之日为收到申请之日" in page


def test_case_export_has_working_days_used_and_timeliness_and_the_workspace_shows_the_rate(world, client):
    case = _accepted(world)
    services.apply_event(world.clerk_a, case, case.version, "respond", dt.date(2025, 3, 20),
                         {"disposition": "granted"})
    client.force_login(world.clerk_a)
    body = client.get(reverse("cases:export", args=["csv"]) + "?tab=all").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    mine = next(r for r in rows if r["申请编号"] == case.number)
    assert (mine["用时（工作日）"], mine["按期情况"], mine["逾期工作日"]) == ("13", "按期", "")
    resp = client.get(reverse("cases:export", args=["xlsx"]) + "?tab=all")
    assert resp.status_code == 200
    page = client.get(reverse("reports:workspace", args=[world.a.pk, 2025])).content.decode()
    assert 'id="timeliness"' in page and "100.0%" in page


def test_demo_consultation_left_open_is_flagged_征求意见超期(db, client, settings):
    """The demo county has consultations still open long after the third party's 15 working days: flagged on
    the case page and in the worklist (also for a database whose paused cases were stored without a due)."""
    from gongkai.web.accounts.models import User
    from gongkai.web.demo import load_demo
    load_demo(2024)
    settings.GONGKAI_TODAY = dt.date(2025, 12, 1)
    open_consultations = DisclosureRequest.objects.filter(state="consultation")
    assert open_consultations.exists()
    case = open_consultations.first()
    DisclosureRequest.objects.filter(pk=case.pk).update(due=None)  # as stored before this change …
    from gongkai.web.cases.services import refresh_paused_due
    assert refresh_paused_due(DisclosureRequest.objects.all()) >= 1  # … and re-derived as migration cases 0003 does
    clerk = User.objects.get(agency=case.agency, role="clerk")
    client.force_login(clerk)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="consultation-overdue"' in page and "征求意见超期" in page
    wl = client.get(reverse("cases:worklist") + "?tab=expired").content.decode()
    assert case.number in wl and "征求意见超期" in wl


def test_clarification_supplied_late_is_registered_with_a_warning(world, client, settings):
    client.force_login(world.clerk_a)
    _post(client, world.case_a, "request_clarification", on="2025-03-04", items="写明文号", period_days=5)
    r = _post(client, world.case_a, "receive_clarification", on="2025-03-14")
    page = r.content.decode()
    assert "已登记“收到补正后的申请”" in page and "请注意：补正在补正期限（2025-03-11）届满后提交" in page
    assert DisclosureRequest.objects.get(pk=world.case_a.pk).state == "in_progress"
