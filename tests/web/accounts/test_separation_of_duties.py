"""三员分立 (GB/T 22239-2019, issue #13 item 5): the 系统管理员 creates and disables accounts but grants no
business role; the 安全管理员 grants roles; the 审计管理员 reads the log with personal data masked; every
user changes their own password."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.web.accounts.models import User
from gongkai.web.auditlog.models import AuditEntry

from ..conftest import PASSWORD

NEW = {"what": "user", "u-username": "new_one", "u-full_name": "新人", "u-password": "Str0ng-Passw0rd!"}


@pytest.mark.parametrize("role", ["clerk", "reviewer", "signatory", "supervisor"])
def test_the_system_administrator_grants_no_business_role(world, login, role):
    c = login(world.sysadmin)
    r = c.post("/accounts/admin/", {**NEW, "u-role": role, "u-agency": world.a.pk})
    assert r.status_code == 200 and "由安全管理员授予" in r.content.decode()
    assert not User.objects.filter(username="new_one").exists()


def test_a_new_account_has_no_role_until_the_security_administrator_grants_one(world, login):
    c = login(world.sysadmin)
    assert c.post("/accounts/admin/", {**NEW, "u-role": "none", "u-agency": world.a.pk}).status_code == 302
    new = User.objects.get(username="new_one")
    assert new.role == "none"
    newcomer = Client()
    assert newcomer.post("/accounts/login/", {"username": "new_one", "password": "Str0ng-Passw0rd!"}).status_code == 302
    assert newcomer.get("/cases/").url.startswith("/accounts/password/")  # first its own password …
    newcomer.post("/accounts/password/", {"old_password": "Str0ng-Passw0rd!", "new_password1": "Zhi-Neng-8h!x",
                                          "new_password2": "Zhi-Neng-8h!x"})
    assert newcomer.get("/cases/").status_code == 403  # … then no business role until one is granted
    assert newcomer.get("/", follow=True).redirect_chain[-1][0].endswith("/accounts/password/")
    # the 系统管理员 cannot grant it through the security page either
    assert login(world.sysadmin).post(f"/accounts/security/{new.pk}/role/", {"role": "clerk"}).status_code == 403
    sec = Client()
    sec.force_login(world.secadmin)
    sec.post(f"/accounts/security/{new.pk}/role/", {"role": "clerk"})
    new.refresh_from_db()
    assert new.role == "clerk"
    entry = AuditEntry.objects.get(action="role_grant")
    assert entry.actor == "secadmin" and entry.old == {"role": "none"} and entry.new == {"role": "clerk"}
    assert newcomer.get("/cases/").status_code == 200


def test_the_security_administrator_grants_no_administrator_role_and_not_to_self(world):
    sec = Client()
    sec.force_login(world.secadmin)
    sec.post(f"/accounts/security/{world.clerk_a.pk}/role/", {"role": "sysadmin"})
    sec.post(f"/accounts/security/{world.auditor.pk}/role/", {"role": "clerk"})
    sec.post(f"/accounts/security/{world.secadmin.pk}/role/", {"role": "clerk"})
    roles = dict(User.objects.values_list("username", "role"))
    assert (roles["clerk_a"], roles["auditor"], roles["secadmin"]) == ("clerk", "auditor", "secadmin")
    assert not AuditEntry.objects.filter(action="role_grant").exists()


def test_the_system_administrator_disables_an_account_and_its_session_ends(world, login):
    clerk = Client()
    clerk.force_login(world.clerk_a)
    assert clerk.get("/cases/").status_code == 200
    admin = Client()
    admin.force_login(world.sysadmin)
    admin.post(f"/accounts/admin/{world.clerk_a.pk}/disable/")
    world.clerk_a.refresh_from_db()
    assert not world.clerk_a.is_active
    assert clerk.get("/cases/").status_code in (302, 403)  # logged out
    r = Client().post("/accounts/login/", {"username": "clerk_a", "password": PASSWORD})
    assert r.status_code == 200 and "_auth_user_id" not in Client().session
    assert AuditEntry.objects.filter(action="user_disable", target_id=str(world.clerk_a.pk)).exists()
    admin.post(f"/accounts/admin/{world.sysadmin.pk}/disable/")  # not oneself
    world.sysadmin.refresh_from_db()
    assert world.sysadmin.is_active
    admin.post(f"/accounts/admin/{world.clerk_a.pk}/enable/")
    assert Client().post("/accounts/login/", {"username": "clerk_a", "password": PASSWORD}).status_code == 302


def test_every_user_changes_their_own_password(world):
    c = Client()
    c.force_login(world.auditor)
    r = c.post("/accounts/password/", {"old_password": "wrong", "new_password1": "N3w-Passw0rd!x",
                                       "new_password2": "N3w-Passw0rd!x"})
    assert r.status_code == 200 and "不正确" in r.content.decode()
    r = c.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"})
    assert r.status_code == 200 and "至少 10 个字符" in r.content.decode()
    r = c.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "N3w-Passw0rd!x",
                                       "new_password2": "N3w-Passw0rd!x"})
    assert r.status_code == 302
    assert c.get("/auditlog/").status_code == 200  # still logged in
    assert Client().login(username="auditor", password="N3w-Passw0rd!x")
    assert AuditEntry.objects.filter(action="password_change", actor="auditor").exists()


def test_the_auditor_sees_personal_data_masked(world, login):
    from gongkai.web.auditlog.services import record
    record(world.clerk_a, "case_edit", world.case_a, old={"requester_name": "张三丰", "address": "甲镇幸福路1号"},
           new={"note": "电话 13812345678，证件 110101199001011234"})
    c = login(world.auditor)
    page = c.get("/auditlog/").content.decode()
    export = b"".join(c.get("/auditlog/export.csv").content.split(b"\n")).decode("utf-8")
    for text in (page, export):
        assert "张三丰" not in text and "幸福路" not in text and "13812345678" not in text
        assert "110101199001011234" not in text and "张某" not in text  # the case label's requester name too
        assert "138****5678" in text and "张**" in text


def test_a_new_account_must_choose_its_own_password_at_first_login(world, client):
    """等保: the 系统管理员 types the initial password; its user replaces it before doing anything else."""
    from gongkai.web.accounts.models import User
    client.force_login(world.sysadmin)
    client.post("/accounts/admin/", {"what": "user", "u-username": "first_login", "u-full_name": "新人",
                                     "u-role": "auditor", "u-agency": world.a.pk, "u-password": "Gongkai-2025-xyz"})
    user = User.objects.get(username="first_login")
    assert user.must_change_password
    client.force_login(user)
    r = client.get("/auditlog/")
    assert r.status_code == 302 and r.url.startswith("/accounts/password/")
    r = client.post("/accounts/password/", {"old_password": "Gongkai-2025-xyz", "new_password1": "Zhi-Neng-8h!x",
                                            "new_password2": "Zhi-Neng-8h!x"})
    user.refresh_from_db()
    assert not user.must_change_password and client.get("/auditlog/").status_code == 200


def test_common_chinese_password_patterns_are_refused():
    import pytest
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    for weak in ("Woaini@5201314", "Abc!qwerty99", "Xx#1qaz2wsx"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Zhi-Neng-8h!x")


def test_the_system_administrator_resets_a_forgotten_password_once_shown_logged_and_changed_at_login(world):
    """Issue 14 (account life cycle): a reset gives a temporary password shown once, ends the user's sessions,
    lifts a lock, forces a new password at the next login and is in the audit log; never one's own."""
    import datetime as dt
    from django.utils import timezone
    User.objects.filter(pk=world.clerk_a.pk).update(locked_until=timezone.now() + dt.timedelta(hours=1), failed_logins=9)
    clerk = Client()
    clerk.force_login(world.clerk_a)
    admin = Client()
    admin.force_login(world.sysadmin)
    r = admin.post(f"/accounts/admin/{world.clerk_a.pk}/reset-password/")
    page = r.content.decode()
    assert r.status_code == 200 and "no-store" in r.headers.get("Cache-Control", "")
    temporary = page.split('id="temporary-password"')[1].split(">")[1].split("<")[0]
    assert len(temporary) >= 10 and PASSWORD not in page
    assert clerk.get("/cases/").status_code in (302, 403)  # the old session ended
    user = User.objects.get(pk=world.clerk_a.pk)
    assert user.must_change_password and user.locked_until is None and user.failed_logins == 0
    assert not Client().login(username="clerk_a", password=PASSWORD)
    fresh = Client()
    assert fresh.login(username="clerk_a", password=temporary)
    r = fresh.get("/cases/")
    assert r.status_code == 302 and r.url.startswith("/accounts/password/")
    entry = AuditEntry.objects.get(action="user_password_reset", target_id=str(world.clerk_a.pk))
    assert entry.actor == world.sysadmin.username and temporary not in str(entry.new)
    r = admin.post(f"/accounts/admin/{world.sysadmin.pk}/reset-password/", follow=True)  # not one's own
    assert "不能重置自己的密码" in r.content.decode()
    assert Client().post(f"/accounts/admin/{world.clerk_a.pk}/reset-password/").status_code in (302, 403)
    other = Client()
    other.force_login(world.secadmin)  # 三员分立: only the 系统管理员 resets
    assert other.post(f"/accounts/admin/{world.clerk_a.pk}/reset-password/").status_code == 403
