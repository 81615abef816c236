"""待办 for every role: the landing page, the count in the navigation, ``gongkai todo --user`` and the
daily e-mail digest (through a real SMTP conversation with a local aiosmtpd sink)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.web.cases import services
from gongkai.web.reports.models import ReportDraft
from gongkai.web.todo.services import as_text, todo_for

ALL = ("clerk_a", "reviewer_a", "signer_a", "supervisor", "sysadmin", "secadmin", "auditor")


def _keys(user):
    return {g.key: g for g in todo_for(user)}


def test_every_role_lands_on_its_todo_page(world, client):
    for who in ALL:
        client.force_login(getattr(world, who))
        r = client.get("/")
        assert r.status_code == 302 and r.url == reverse("todo:index"), who
        page = client.get(r.url)
        assert page.status_code == 200 and "<h1>待办" in page.content.decode(), who


def test_clerk_sees_cases_due_soon_and_overdue_with_the_count_in_the_navigation(world, client, settings):
    settings.GONGKAI_TODAY = dt.date(2025, 3, 28)
    late = services.register(world.clerk_a, requester_name="王某", applicant_type="natural_person",
                             id_document="", contact="", description="旧申请", channel="in_person",
                             received_on=dt.date(2025, 1, 20), form="纸质")
    world.case_a.refresh_from_db()
    groups = _keys(world.clerk_a)
    assert [c.label.split()[0] for c in groups["overdue"].items] == [late.number]
    assert world.case_a.number in groups["due_soon"].items[0].label  # due 2025-03-31, within 5 working days
    assert "received" not in groups  # both are already listed above: not counted twice
    client.force_login(world.clerk_a)
    page = client.get(reverse("todo:index")).content.decode()
    total = sum(g.count for g in groups.values())
    assert f"待办（{total}）" in page  # the navigation carries the count
    assert reverse("cases:detail", args=[late.pk]) in page and "已超过答复期限" in page
    assert world.case_b.requester_name not in page  # another agency's case


def test_heads_see_extensions_reports_and_publications_at_their_step(world, client, settings):
    case = world.case_a
    services.request_extension(world.clerk_a, case, case.version, on=dt.date(2025, 3, 20), days=10, reason="需调取档案")
    ReportDraft.objects.create(agency=world.a, year=2024, signoffs={"clerk": {"by": "clerk_a", "at": "", "digest": ""}})
    rev = _keys(world.reviewer_a)
    assert case.number in rev["extensions"].items[0].label and "10 个工作日" in rev["extensions"].items[0].note
    assert rev["reports"].title == "待审核的年度报告" and rev["reports"].count == 1
    sig = _keys(world.signer_a)
    assert "reports" not in sig and sig["extensions"].count == 1  # the report is not at the 签发 step yet
    assert "extensions" not in _keys(world.clerk_a)
    text = as_text(world.reviewer_a, todo_for(world.reviewer_a))
    assert "【待批准的延期申请（条例第三十三条）】1 项" in text and "【待审核的年度报告】1 项" in text


def test_in_january_last_years_report_waits(world, settings):
    settings.GONGKAI_TODAY = dt.date(2026, 1, 10)
    clerk = _keys(world.clerk_a)
    # 甲镇 is a 乡镇: 条例第四十九条 sets no date for it (not 1月31日)
    assert clerk["report_submit"].title == "2025年度报告尚未提交，条例未规定乡镇的期限"
    assert _keys(world.clerk_b)["report_submit"].title == "2025年度报告尚未提交，1月31日前公布（条例第四十九条第一款）"
    ReportDraft.objects.create(agency=world.a, year=2025, signoffs={"clerk": {}, "reviewer": {}, "signatory": {}})
    assert "report_submit" not in _keys(world.clerk_a)
    sup = _keys(world.supervisor)["reports_unsigned"]
    # 甲镇 has signed; the county has no 经办人/审核人/签发人 account here (it drafts no report in the platform)
    assert [(i.label, i.note) for i in sup.items] == [("乙局", "1月31日前公布（条例第四十九条第一款）")]
    settings.GONGKAI_TODAY = dt.date(2026, 2, 10)  # past 乙局's date, still in the season: said as late
    assert [i.note for i in _keys(world.supervisor)["reports_unsigned"].items] == [
        "1月31日前公布（条例第四十九条第一款），已逾期"]
    settings.GONGKAI_TODAY = dt.date(2026, 4, 1)
    assert "reports_unsigned" not in _keys(world.supervisor)


def test_admins_todo(world):
    world.a.review_body = ""
    world.a.save()
    world.county.review_body = ""
    world.county.save()
    sysadmin = _keys(world.sysadmin)
    assert "测试县人民政府" in [i.label for i in sysadmin["agencies"].items]  # no review body, no contact
    assert todo_for(world.auditor) == []


def test_cli_todo_lists_the_users_todo(world, capsys, settings, monkeypatch):
    from gongkai import cli
    monkeypatch.setattr("gongkai.web.commands.web._migrate", lambda *a, **k: None)
    settings.GONGKAI_TODAY = dt.date(2025, 3, 28)
    assert cli.main(["todo", "--user", "clerk_a"]) == 0
    out = capsys.readouterr().out
    assert "clerk_a（经办人）的待办" in out and "【5个工作日内到期】" in out and world.case_a.number in out
    assert cli.main(["todo", "--user", "nobody"]) == 2
    assert "没有用户「nobody」" in capsys.readouterr().err


def test_daily_digest_is_sent_through_smtp_to_a_local_sink(world, settings):
    controller_mod = pytest.importorskip("aiosmtpd.controller", reason="aiosmtpd 未安装（requirements.lock 的开发依赖）")
    from aiosmtpd.handlers import Message

    received = []

    class Sink(Message):
        def handle_message(self, message):
            received.append(message)

    import socket
    with socket.socket() as s:  # a free port for the sink
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ctl = controller_mod.Controller(Sink(), hostname="127.0.0.1", port=port)
    ctl.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.DEFAULT_FROM_EMAIL = "gongkai@example.gov.cn"
        settings.GONGKAI_TODAY = dt.date(2025, 3, 28)
        world.clerk_a.email = "clerk_a@example.gov.cn"
        world.clerk_a.save()
        from gongkai.web.todo.digest import send_digests
        sent, skipped = send_digests(base_url="https://gk.example.gov.cn")
    finally:
        ctl.stop()
    assert sent == 1 and skipped >= 1  # clerk_b has a case waiting but no address
    msg = received[0]
    assert msg["To"] == "clerk_a@example.gov.cn"
    from email.header import decode_header, make_header
    assert "待办" in str(make_header(decode_header(msg["Subject"])))
    body = msg.get_payload(decode=True).decode("utf-8")
    assert world.case_a.number in body and "https://gk.example.gov.cn/cases/" in body


def test_cli_todo_without_a_mail_server_or_arguments_says_so_in_chinese_and_exits_2(world, capsys, settings,
                                                                                    monkeypatch):
    import socket

    from gongkai import cli
    monkeypatch.setattr("gongkai.web.commands.web._migrate", lambda *a, **k: None)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.GONGKAI_TODAY = dt.date(2025, 3, 28)
    world.clerk_a.email = "clerk_a@example.gov.cn"
    world.clerk_a.save()
    for argv in (["todo", "--mail"], ["todo", "--user", "clerk_a", "--mail"]):
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert f"127.0.0.1:{port}" in err and "GONGKAI_SMTP_HOST" in err and "GONGKAI_SMTP_PORT" in err
        assert "连接被拒绝" in err and "内部错误" not in err and "Error" not in err
    assert cli.main(["todo"]) == 2
    assert "请用 --user 指定用户名" in capsys.readouterr().err


@pytest.mark.parametrize("day", [dt.date(2025, 1, 10), dt.date(2025, 3, 20), dt.date(2025, 3, 31),
                                 dt.date(2025, 6, 16)])
def test_the_navigation_count_is_the_sum_of_the_groups_and_each_group_lists_what_it_counts(world, settings, day):
    """Issue 16: the navigation's count (every page) takes the groups' counts in one query; it must equal
    the 待办 page's groups, and a group's count the cases it lists (when they fit), on any day, for every role."""
    from gongkai.web.demo import _load_cases
    from gongkai.web.todo.services import SHOW, count_for

    _load_cases(world.a, 2024, 60, seed=7)  # cases in every state, some overdue, paused, lapsed, returned
    _load_cases(world.b, 2024, 40, seed=8)
    settings.GONGKAI_TODAY = day
    for who in ALL:
        user = getattr(world, who)
        groups = todo_for(user, day)
        assert count_for(user) == sum(g.count for g in groups), (who, day)
        for g in groups:
            assert g.count > 0 and len(g.items) == min(g.count, SHOW), (who, g.key, g.count, len(g.items))


def test_a_units_navigation_count_is_kept_until_its_records_change_or_the_day_does(world, settings):
    """Issue 16: a unit's own roles' count is kept per process under the unit's record version — read again
    (and still equal to the 待办 page's groups) after a case is registered, after a raw ``update()``, and on
    another day; while nothing changed only the version and the 整改 items are read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.web.cases.models import DisclosureRequest
    from gongkai.web.todo.services import count_for

    settings.GONGKAI_TODAY = dt.date(2025, 3, 28)

    def total(user):
        return sum(g.count for g in todo_for(user))

    first = count_for(world.clerk_a)
    assert first == total(world.clerk_a) > 0
    with CaptureQueriesContext(connection) as ctx:
        assert count_for(world.clerk_a) == first
    assert len(ctx.captured_queries) == 2, [q["sql"] for q in ctx.captured_queries]  # the version, the 整改 items
    late = services.register(world.clerk_a, requester_name="王某", applicant_type="natural_person",
                             id_document="", contact="", description="旧申请", channel="in_person",
                             received_on=dt.date(2025, 1, 20), form="纸质")
    assert count_for(world.clerk_a) == total(world.clerk_a) == first + 1  # overdue
    DisclosureRequest.objects.filter(pk=late.pk).update(state="withdrawn")  # no model save, no signal
    assert count_for(world.clerk_a) == total(world.clerk_a) == first
    settings.GONGKAI_TODAY = dt.date(2025, 4, 10)  # case_a (due 2025-03-31) now overdue, no longer due soon
    assert count_for(world.clerk_a) == total(world.clerk_a)
    for who in ("reviewer_a", "signer_a"):
        user = getattr(world, who)
        assert count_for(user) == count_for(user) == total(user), who


def test_a_supervisors_navigation_count_is_kept_until_a_record_below_an_account_or_the_day_changes(world, settings):
    """Issue 16: a 上级审查员's count (cases and, in the season, unsigned reports of its subtree) is kept under the
    versions of every agency below it and the set of units with accounts: read again after a unit's case is
    registered, a unit gets its first account, a report is signed, and on another day."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.web.accounts.models import User
    from gongkai.web.agencies.models import Agency
    from gongkai.web.todo.services import count_for

    settings.GONGKAI_TODAY = dt.date(2025, 3, 20)  # in the season of last year's reports
    sup = world.supervisor
    assert not Agency.objects.filter(pk=world.county.pk, cases__isnull=False).exists()  # kept with no version too

    def total():
        return sum(g.count for g in todo_for(sup))

    first = count_for(sup)
    assert first == total()
    with CaptureQueriesContext(connection) as ctx:
        assert count_for(sup) == first
    # the versions of the subtree, the units with accounts, the 整改 items
    assert len(ctx.captured_queries) == 3, [q["sql"] for q in ctx.captured_queries]
    services.register(world.clerk_b, requester_name="王某", applicant_type="natural_person", id_document="",
                      contact="", description="旧申请", channel="in_person", received_on=dt.date(2025, 1, 20), form="纸质")
    assert count_for(sup) == total() == first + 1  # overdue in 乙局
    n = count_for(sup)
    User.objects.create(username="county_clerk", role="clerk", agency=world.county)  # the county drafts here now
    assert count_for(sup) == total() == n + 1  # its report, not yet signed
    ReportDraft.objects.create(agency=world.county, year=2024,
                               signoffs={r: {"by": "x", "at": "", "digest": ""} for r in ("clerk", "reviewer", "signatory")})
    assert count_for(sup) == total()
    settings.GONGKAI_TODAY = dt.date(2025, 4, 10)  # the season is over
    assert count_for(sup) == total()
