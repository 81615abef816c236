"""The role 签发人 is ``signatory`` (the glossary's name; it was ``signer``): stored roles and sign-off steps are
rewritten by data migrations (and back), an old code a user or an old page still sends is read as the new one,
and the append-only audit log's old entries say 签发人 as they always did."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.urls import reverse

from gongkai.web.accounts.models import User
from gongkai.web.auditlog.models import AuditEntry
from gongkai.web.auditlog.words import Describer
from gongkai.web.reports.models import ReportDraft

from ..reports.test_reports import _submitted

ACCOUNTS_0004 = importlib.import_module("gongkai.web.accounts.migrations.0004_role_signatory")
REPORTS_0004 = importlib.import_module("gongkai.web.reports.migrations.0004_signoff_step_signatory")


def test_the_data_migrations_rewrite_stored_roles_and_steps_and_back(world):
    User.objects.filter(pk=world.signer_a.pk).update(role="signer")  # as stored before the rename
    steps = {"clerk": {"by": "甲"}, "reviewer": {"by": "乙"}, "signer": {"by": "丙", "digest": "d"}}
    draft = ReportDraft.objects.create(agency=world.a, year=2025, signoffs=steps)

    ACCOUNTS_0004.forwards(apps, None)
    REPORTS_0004.forwards(apps, None)
    assert User.objects.get(pk=world.signer_a.pk).role == "signatory"
    assert User.objects.get(pk=world.clerk_a.pk).role == "clerk"
    signed = ReportDraft.objects.get(pk=draft.pk)
    assert signed.signoffs == {"clerk": {"by": "甲"}, "reviewer": {"by": "乙"}, "signatory": {"by": "丙", "digest": "d"}}
    assert signed.is_signed and signed.status == "已签发"

    ACCOUNTS_0004.backwards(apps, None)
    REPORTS_0004.backwards(apps, None)
    assert User.objects.get(pk=world.signer_a.pk).role == "signer"
    assert ReportDraft.objects.get(pk=draft.pk).signoffs == steps


def test_the_security_administrator_may_still_grant_the_old_code(world, login):
    newcomer = User.objects.create_user("newcomer", password="x", agency=world.a, role="none")
    login(world.secadmin).post(f"/accounts/security/{newcomer.pk}/role/", {"role": "signer"})
    assert User.objects.get(pk=newcomer.pk).role == "signatory"
    entry = AuditEntry.objects.get(action="role_grant")
    assert entry.new == {"role": "signatory"}


def test_a_sign_off_posted_under_the_old_step_name_is_the_signatory_s(world, client):
    """A page opened before the rename posts to …/signoff/signer/: the 签发人 signs, stored as ``signatory``."""
    from django.test import Client
    _submitted(world, client)
    url = lambda step: reverse("reports:signoff", args=[world.a.pk, 2025, step])  # noqa: E731
    for user, step in ((world.reviewer_a, "reviewer"), (world.signer_a, "signer")):
        c = Client()
        c.force_login(user)
        c.post(url(step), {"version": ReportDraft.objects.get(agency=world.a).version, "early": "1"})
    d = ReportDraft.objects.get(agency=world.a)
    assert set(d.signoffs) == {"clerk", "reviewer", "signatory"} and d.is_signed


def test_old_audit_entries_say_the_old_code_in_the_same_words(world):
    e = AuditEntry.objects.create(actor="signer_a", actor_id=world.signer_a.pk, actor_role="signer",
                                  action="report_signoff", target_type="reportdraft", target_id="1",
                                  new={"step": "signer"})
    d = Describer(world.auditor)
    assert "签发人" in d.actor(e)
    assert any("签发人签发" in change for change in d.describe([e])[0].changes)
