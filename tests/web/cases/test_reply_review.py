"""答复审核 on the platform (issue 14 item 2): the agency's switch, the clerk's 提交审核, the 审核人's 审核通过 /
退回修改 (reason required), the timeline, the audit log in words, the deadline and reply date, and the 待办
(page, navigation count, ``gongkai todo``, the e-mail digest)."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.urls import reverse

from gongkai.web.auditlog.models import AuditEntry
from gongkai.web.cases import services
from gongkai.web.cases.models import DisclosureRequest
from gongkai.web.todo.services import as_text, count_for, todo_for


def _post(c, case, kind, **fields):
    case.refresh_from_db()
    data = {f"{kind}-version": case.version}
    data.update({f"{kind}-{k}": v for k, v in fields.items()})
    return c.post(reverse("cases:event", args=[case.pk, kind]), data, follow=True)


def _page(c, case):
    return c.get(reverse("cases:detail", args=[case.pk])).content.decode()


def _keys(user):
    return {g.key: g for g in todo_for(user)}


def _switch_on(world, client):
    """The 系统管理员 switches 答复审核 on where the agency's other setup fields are edited."""
    client.force_login(world.sysadmin)
    form = client.get(reverse("agencies:edit", args=[world.a.pk])).content.decode()
    assert 'name="reply_review"' in form and "答复审核" in form
    a = world.a
    data = {"name": a.name, "kind": a.kind, "parent": a.parent_id, "review_body": a.review_body, "court": a.court,
            "office_name": a.office_name, "address": a.address, "contact": a.contact, "hours": a.hours,
            "public_intro": a.public_intro, "reply_review": "on"}
    r = client.post(reverse("agencies:edit", args=[a.pk]), data)
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.reply_review


def test_with_the_setting_off_nothing_changes(world, client):
    client.force_login(world.clerk_a)
    _post(client, world.case_a, "accept", on="2025-03-03")
    page = _page(client, world.case_a)
    assert 'id="action-respond"' in page and 'id="action-submit_reply"' not in page
    _post(client, world.case_a, "respond", on="2025-03-20", disposition="granted")
    world.case_a.refresh_from_db()
    assert world.case_a.state == "closed" and world.case_a.closed_on == dt.date(2025, 3, 20)
    assert "reply_review" not in _keys(world.reviewer_a) and "reply_returned" not in _keys(world.clerk_a)


def test_submit_return_revise_approve(world, client, settings):
    _switch_on(world, client)
    entry = AuditEntry.objects.filter(action="agency_update").latest("id")
    assert entry.old == {"reply_review": "关闭"} and entry.new == {"reply_review": "开启"}
    case = world.case_a
    client.force_login(world.clerk_a)
    _post(client, case, "accept", on="2025-03-03")
    case.refresh_from_db()
    due = case.due
    page = _page(client, case)
    assert 'id="action-submit_reply"' in page and 'id="action-respond"' not in page
    # answering directly is refused (the engine's reason), nothing saved
    r = _post(client, case, "respond", on="2025-03-20", disposition="granted")
    assert "答复审核" in r.content.decode()
    case.refresh_from_db()
    assert case.state == "in_progress"

    _post(client, case, "submit_reply", on="2025-03-20", disposition="partially_granted",
          info_given="补偿标准", info_withheld="个人身份信息", reason="涉及个人隐私")
    case.refresh_from_db()
    assert case.state == "reply_review" and case.due == due  # the clock keeps running in review
    page = _page(client, case)
    assert 'id="reply-review"' in page and "部分公开" in page and "涉及个人隐私" in page
    assert "答复（送审稿，2025-03-20）" in page  # the drafted letter can be read before it is approved
    seq = case.events.get(kind="submit_reply").seq
    letter = client.get(reverse("cases:letter", args=[case.pk, "reply", seq]))
    assert letter.status_code == 200 and letter.content[:2] == b"PK"
    assert 'id="action-approve_reply"' not in page  # a clerk does not approve
    assert client.post(reverse("cases:event", args=[case.pk, "approve_reply"]), {}).status_code == 403

    # the reviewer's 待办: page, navigation count, command line, e-mail digest
    rev = _keys(world.reviewer_a)
    assert rev["reply_review"].title == "待审核的答复" and case.number in rev["reply_review"].items[0].label
    assert "reply_review" not in _keys(world.signer_a) and "reply_review" not in _keys(world.clerk_a)
    assert count_for(world.reviewer_a) == sum(g.count for g in todo_for(world.reviewer_a))
    assert "【待审核的答复】1 项" in as_text(world.reviewer_a, todo_for(world.reviewer_a))
    client.force_login(world.reviewer_a)
    todo = client.get(reverse("todo:index")).content.decode()
    assert 'id="todo-reply_review"' in todo and reverse("cases:detail", args=[case.pk]) in todo

    # 退回修改 needs a reason
    page = _page(client, case)
    assert 'id="action-approve_reply"' in page and 'id="action-return_reply"' in page
    r = _post(client, case, "return_reply", on="2025-03-21", reason="")
    case.refresh_from_db()
    assert case.state == "reply_review"
    settings.GONGKAI_TODAY = dt.date(2025, 3, 21)
    _post(client, case, "return_reply", on="2025-03-21", reason="不予公开部分请引用第十五条")
    case.refresh_from_db()
    assert case.state == "in_progress" and case.reply_returned == "不予公开部分请引用第十五条"
    ret = _keys(world.clerk_a)["reply_returned"]
    assert ret.title == "退回修改的答复" and "第十五条" in ret.items[0].note
    assert "reply_review" not in _keys(world.reviewer_a)

    # the clerk revises (the form holds the returned draft) and submits again
    client.force_login(world.clerk_a)
    page = _page(client, case)
    assert 'id="reply-returned"' in page and 'value="补偿标准"' in page
    _post(client, case, "submit_reply", on="2025-03-21", disposition="partially_granted", info_given="补偿标准",
          info_withheld="个人身份信息", reason="依据条例第十五条，涉及个人隐私")
    case.refresh_from_db()
    assert case.state == "reply_review" and case.reply_returned == ""
    assert "reply_returned" not in _keys(world.clerk_a)

    # 审核通过 on a later day: the reply goes out that day
    settings.GONGKAI_TODAY = dt.date(2025, 3, 24)
    client.force_login(world.reviewer_a)
    r = _post(client, case, "approve_reply", comment="同意")
    assert "已审核通过，答复已发出" in r.content.decode()
    case.refresh_from_db()
    assert case.state == "closed" and case.disposition == "partially_granted"
    assert case.closed_on == dt.date(2025, 3, 24)  # the day it went out, not 3-20 or 3-21 (submitted)
    kinds = list(case.events.values_list("kind", "actor"))
    assert kinds[-5:] == [("submit_reply", "clerk_a"), ("return_reply", "reviewer_a"), ("submit_reply", "clerk_a"),
                          ("approve_reply", "reviewer_a"), ("respond", "reviewer_a")]
    respond = case.events.get(kind="respond")
    assert respond.data["reviewed_by"] == "reviewer_a" and respond.data["reason"] == "依据条例第十五条，涉及个人隐私"

    # the timeline: who, when, reason
    client.force_login(world.clerk_a)
    page = _page(client, case)
    timeline = page.split('id="timeline"')[1]
    for text in ("提交答复审核", "退回修改答复", "不予公开部分请引用第十五条", "审核通过答复", "审核意见：同意",
                 "审核人：reviewer_a", "2025-03-24"):
        assert text in timeline, text
    # the audit log in words
    client.force_login(world.auditor)
    log = client.get(reverse("auditlog:list")).content.decode().split('id="audit-entries"')[1]
    for text in ("提交答复审核", "退回修改答复", "理由：不予公开部分请引用第十五条", "审核通过答复", "答复待审核",
                 "答复审核：关闭 → 开启"):
        assert text in log, text


def test_a_reviewer_does_not_approve_a_reply_he_submitted(world, client):
    _switch_on(world, client)
    case = world.case_a
    client.force_login(world.reviewer_a)
    _post(client, case, "submit_reply", on="2025-03-20", disposition="granted")
    case.refresh_from_db()
    assert case.state == "reply_review"
    r = _post(client, case, "approve_reply")
    assert "不能由提交人自己审核" in r.content.decode()
    case.refresh_from_db()
    assert case.state == "reply_review"


def test_in_review_the_deadline_runs_and_the_case_is_overdue(world, client, settings):
    _switch_on(world, client)
    case = world.case_a
    client.force_login(world.clerk_a)
    _post(client, case, "submit_reply", on="2025-03-20", disposition="granted")
    case.refresh_from_db()
    assert case.due == dt.date(2025, 3, 31) and not case.paused
    settings.GONGKAI_TODAY = dt.date(2025, 4, 2)
    assert case.number in [i.label.split()[0] for i in _keys(world.reviewer_a)["overdue"].items]
    rows = client.get(reverse("cases:worklist") + "?tab=overdue").content.decode()
    assert case.number in rows
    # the applicant of an online application would read 办理中, not the office's internal step
    assert DisclosureRequest.objects.get(pk=case.pk).public_state_label == "办理中"


def test_gongkai_todo_lists_replies_waiting_for_review(world, client, capsys, monkeypatch):
    from gongkai import cli
    monkeypatch.setattr("gongkai.web.commands.web._migrate", lambda *a, **k: None)
    _switch_on(world, client)
    case = world.case_a
    services.apply_event(world.clerk_a, case, case.version, "submit_reply", dt.date(2025, 3, 20),
                         {"disposition": "granted"})
    assert cli.main(["todo", "--user", "reviewer_a"]) == 0
    out = capsys.readouterr().out
    assert "【待审核的答复】1 项" in out and case.number in out and "经办人 clerk_a" in out


def test_the_digest_lists_returned_replies_to_the_clerk(world, client, settings):
    _switch_on(world, client)
    case = world.case_a
    services.apply_event(world.clerk_a, case, case.version, "submit_reply", dt.date(2025, 3, 20),
                         {"disposition": "granted"})
    case.refresh_from_db()
    services.apply_event(world.reviewer_a, case, case.version, "return_reply", dt.date(2025, 3, 20),
                         {"reason": "请附上文件全文"})
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world.clerk_a.email = "clerk_a@example.gov.cn"
    world.clerk_a.save()
    from gongkai.web.todo.digest import send_digests
    send_digests()
    body = next(m.body for m in mail.outbox if m.to == ["clerk_a@example.gov.cn"])
    assert "【退回修改的答复】1 项" in body and "请附上文件全文" in body
