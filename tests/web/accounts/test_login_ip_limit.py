"""Failed logins are limited per client address as well as per account (GONGKAI_LOGIN_IP_FAILURES in
GONGKAI_LOGIN_IP_WINDOW_MINUTES): one address cannot try a password on every account in turn."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from gongkai.web.auditlog.models import AuditEntry

from ..conftest import PASSWORD

URL = "/accounts/login/"


def _fail(client, username):
    return client.post(URL, {"username": username, "password": "wrong-Passw0rd"})


def test_failures_from_one_address_across_accounts_stop_further_tries_from_it(world, settings):
    settings.GONGKAI_LOGIN_IP_FAILURES = 3
    guesser = Client(REMOTE_ADDR="203.0.113.5")
    for name in ("clerk_a", "clerk_b", "nobody"):  # one failure each: no account reaches its own lock
        assert _fail(guesser, name).status_code == 200
    r = guesser.post(URL, {"username": "reviewer_a", "password": PASSWORD})  # even the right password
    assert r.status_code == 429
    assert "登录失败次数过多" in r.content.decode() and "_auth_user_id" not in guesser.session
    world.reviewer_a.refresh_from_db()
    assert world.reviewer_a.failed_logins == 0 and world.reviewer_a.locked_until is None  # not tried, not charged
    assert AuditEntry.objects.filter(action="login_refused_ip_limit", ip="203.0.113.5").exists()
    # a colleague at another address is not affected
    assert Client(REMOTE_ADDR="198.51.100.7").post(URL, {"username": "reviewer_a", "password": PASSWORD}) \
        .status_code == 302


def test_behind_a_trusted_proxy_each_client_address_has_its_own_login_limit(world, settings):
    settings.GONGKAI_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.GONGKAI_LOGIN_IP_FAILURES = 2
    guesser = Client(HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert [_fail(guesser, "nobody").status_code for _ in range(3)] == [200, 200, 429]
    clerk = Client(HTTP_X_FORWARDED_FOR="198.51.100.7")  # same nginx, another citizen's office
    assert clerk.post(reverse("accounts:login"), {"username": "clerk_a", "password": PASSWORD}).status_code == 302


def test_a_successful_login_does_not_reset_the_address_count(world, settings):
    settings.GONGKAI_LOGIN_IP_FAILURES = 2
    c = Client(REMOTE_ADDR="203.0.113.5")
    _fail(c, "nobody")
    assert c.post(URL, {"username": "clerk_a", "password": PASSWORD}).status_code == 302  # own account
    c.logout()
    _fail(c, "clerk_b")
    assert _fail(c, "signer_a").status_code == 429


def test_security_admin_sees_the_paused_address_and_lifts_the_pause_early(world, settings, client):
    settings.GONGKAI_LOGIN_IP_FAILURES = 2
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    assert [_fail(guesser, "nobody").status_code for _ in range(3)] == [200, 200, 429]
    client.force_login(world.secadmin)
    page = client.get(reverse("accounts:security")).content.decode()
    assert "203.0.113.9" in page.split('id="paused-addresses"')[1]
    # a case role cannot lift it; nor can it be lifted for an address that is not paused
    other = Client()
    other.force_login(world.clerk_a)
    assert other.post(reverse("accounts:security_release_ip"), {"address": "203.0.113.9"}).status_code == 403
    r = client.post(reverse("accounts:security_release_ip"), {"address": "192.0.2.1"}, follow=True)
    assert "当前没有被暂停登录" in r.content.decode()
    r = client.post(reverse("accounts:security_release_ip"), {"address": "203.0.113.9"}, follow=True)
    assert "已解除地址 203.0.113.9 的登录暂停" in r.content.decode()
    assert "当前没有被暂停登录的地址" in r.content.decode()
    assert guesser.post(URL, {"username": "reviewer_a", "password": PASSWORD}).status_code == 302
    entry = AuditEntry.objects.get(action="login_ip_release")
    assert entry.actor == world.secadmin.username and "203.0.113.9" in str(entry.new)


def test_the_operator_lists_and_lifts_a_pause_from_the_command_line(world, settings, capsys):
    """When the 安全管理员's own address is paused, the page is out of reach: `gongkai login-pauses`."""
    from gongkai.cli import main
    settings.GONGKAI_LOGIN_IP_FAILURES = 2
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    assert [_fail(guesser, "nobody").status_code for _ in range(3)] == [200, 200, 429]
    assert main(["login-pauses"]) == 0
    assert "203.0.113.7\t失败 2 次" in capsys.readouterr().out
    assert main(["login-pauses", "--release", "192.0.2.9"]) == 2
    assert "当前没有被暂停登录" in capsys.readouterr().err
    assert main(["login-pauses", "--release", "203.0.113.7"]) == 0
    assert "已解除地址 203.0.113.7 的登录暂停" in capsys.readouterr().out
    assert guesser.post(URL, {"username": "reviewer_a", "password": PASSWORD}).status_code == 302
    assert AuditEntry.objects.filter(action="login_ip_release", actor="").exists()
    main(["login-pauses"])
    assert "当前没有被暂停登录的地址" in capsys.readouterr().out


# ---------------------------------------------------------------- issue #13: per address AND user name
def test_one_person_behind_the_office_nat_does_not_lock_out_the_colleagues(world, settings):
    """Everyone in the office reaches the server from one NAT address: five failures of clerk_a pause
    clerk_a there, not reviewer_a at the same address, and not clerk_a at home."""
    office = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        _fail(office, "clerk_a")
    r = office.post(URL, {"username": "clerk_a", "password": PASSWORD})
    assert r.status_code == 200 and "已被锁定" in r.content.decode() and "_auth_user_id" not in office.session
    assert Client(REMOTE_ADDR="203.0.113.9").post(URL, {"username": "reviewer_a", "password": PASSWORD}).status_code == 302
    assert Client(REMOTE_ADDR="198.51.100.20").post(URL, {"username": "clerk_a", "password": PASSWORD}).status_code == 302


def test_someone_elsewhere_cannot_lock_a_user_out_with_a_few_failures(world):
    """Before: five failures from anywhere locked the account for everyone (a denial of service)."""
    stranger = Client(REMOTE_ADDR="192.0.2.66")
    for _ in range(5):
        _fail(stranger, "clerk_a")
    assert Client(REMOTE_ADDR="203.0.113.9").post(URL, {"username": "clerk_a", "password": PASSWORD}).status_code == 302


def test_many_addresses_guessing_one_account_lock_it(world, settings):
    settings.GONGKAI_ACCOUNT_LOCK_FAILURES = 6
    for i in range(6):
        _fail(Client(REMOTE_ADDR=f"192.0.2.{i + 1}"), "clerk_a")
    r = Client(REMOTE_ADDR="203.0.113.9").post(URL, {"username": "clerk_a", "password": PASSWORD})
    assert "已被锁定" in r.content.decode()
    world.clerk_a.refresh_from_db()
    assert world.clerk_a.locked_until is not None  # shown to the 安全管理员, who can unlock


def _page_text(r):
    import re
    return re.sub(r'"X-CSRFToken": "[^"]*"|name="(csrfmiddlewaretoken|username)" value="[^"]*"', "", r.content.decode())


def test_the_same_message_whether_or_not_the_user_exists(world, settings):
    settings.GONGKAI_ACCOUNT_LOCK_FAILURES = 7
    pages = {}
    for name in ("clerk_a", "no_such_user"):
        c = Client(REMOTE_ADDR="203.0.113.50")
        first = _fail(c, name)
        for _ in range(4):
            _fail(c, name)
        locked = _fail(c, name)
        pages[name] = (first.status_code, _page_text(first).replace(name, "X"),
                       locked.status_code, _page_text(locked).replace(name, "X"))
        for i in range(2):  # from elsewhere, up to the account-wide lock
            _fail(Client(REMOTE_ADDR=f"192.0.2.{i + 100}"), name)
        far = _fail(Client(REMOTE_ADDR="192.0.2.200"), name)
        pages[name] += (far.status_code, _page_text(far).replace(name, "X"))
    assert "已被锁定" in pages["clerk_a"][3] and "已被锁定" in pages["clerk_a"][5]
    assert pages["clerk_a"] == pages["no_such_user"]


def test_the_security_administrator_sees_and_lifts_a_pause_of_a_name_at_an_address(world):
    office = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        _fail(office, "clerk_a")
    sec = Client()
    sec.force_login(world.secadmin)
    page = sec.get(reverse("accounts:security")).content.decode()
    assert "在某地址暂停至" in page
    sec.post(reverse("accounts:security_action", args=[world.clerk_a.pk, "unlock"]))
    assert office.post(URL, {"username": "clerk_a", "password": PASSWORD}).status_code == 302
