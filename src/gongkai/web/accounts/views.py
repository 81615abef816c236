from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ..access import roles_required
from ..agencies.models import Agency
from ..auditlog.services import record
from ..backup import last_result as last_backup_result
from ..downloads import attachment
from . import bulk
from .backends import clear_name, ip_failure_limit, paused_addresses, paused_names, release_ip
from .bulk import template_bytes
from .forms import AgencyForm, GrantRoleForm, LoginForm, NewUserForm, SetupForm
from .models import ADMIN_ROLES, CASE_ROLES, ROLES, SECADMIN_GRANTS, User


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error("__all__", "ip_limited"):
            response.status_code = 429  # Too Many Requests
        return response


def _has_users() -> bool:
    return User.objects.exists()


def _first_run_lock() -> None:
    """Inside the setup's transaction: one first-run setup at a time.  PostgreSQL: an advisory lock held to
    the commit; SQLite: the transaction itself (BEGIN IMMEDIATE, settings) already holds the write lock."""
    from django.db import connection
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("SELECT pg_advisory_xact_lock(hashtext('gongkai.first-run-setup'))")


def setup(request):
    """First run: create the top agency and the 系统管理员 (only while no user exists).  Several setups
    sent at once (two browsers, a double click) make one: the check is repeated under a lock."""
    if _has_users():
        return redirect("home")
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with transaction.atomic():
            _first_run_lock()
            if User.objects.exists():  # another setup finished while this form was being sent
                messages.error(request, "系统已经由另一次初始化建立了机关和系统管理员，本次初始化未执行。请用已建立的账户登录。")
                return redirect("accounts:login")
            agency = Agency.objects.create(name=d["agency_name"], kind=d["agency_kind"], review_body=d["review_body"],
                                           court=d["court"], office_name=d["office_name"], address=d["address"],
                                           contact=d["phone"], hours=d["hours"])
            user = User(username=d["username"], full_name=d["full_name"], role="sysadmin", agency=agency)
            user.set_password(d["password"])
            user.save()
            record(user, "setup", agency, new={"agency": agency.name, "admin": user.username}, request=request)
        messages.success(request, f"初始化完成（行政复议机关：{agency.review_body}）。请用系统管理员账户登录，建立下级机关和各岗位用户"
                                  "（经办人、审核人、签发人、上级审查员、安全管理员、审计管理员）；机关信息可在“机构与用户”中修改。")
        return redirect("accounts:login")
    return render(request, "accounts/setup.html", {"form": form})


@roles_required("sysadmin")
def admin_users(request):
    """系统管理员: agencies and accounts (no case content)."""
    uform = NewUserForm(request.POST if request.POST.get("what") == "user" else None, prefix="u")
    aform = AgencyForm(request.POST if request.POST.get("what") == "agency" else None, prefix="a")
    if request.method == "POST":
        if request.POST.get("what") == "user" and uform.is_valid():
            user = uform.save(commit=False)
            user.set_password(uform.cleaned_data["password"])
            user.must_change_password = True  # the administrator typed it: the user chooses their own at first login
            user.save()
            record(request.user, "user_create", user, new={"username": user.username, "role": user.role,
                                                            "agency": str(user.agency or "")}, request=request)
            messages.success(request, f"已建立用户 {user.username}（{user.role_label}）。" +
                             ("业务角色由安全管理员在“安全管理”中授予后方可使用。" if user.role == "none" else ""))
            return redirect("accounts:admin_users")
        if request.POST.get("what") == "agency" and aform.is_valid():
            agency = aform.save()
            record(request.user, "agency_create", agency, new={"name": agency.name, "kind": agency.kind,
                                                                "parent": str(agency.parent or "")}, request=request)
            messages.success(request, f"已建立机关 {agency.name}。")
            return redirect("accounts:admin_users")
    return render(request, "accounts/admin_users.html", {
        "users": User.objects.select_related("agency").order_by("agency_id", "role", "username"),
        "agencies": Agency.objects.select_related("parent"), "uform": uform, "aform": aform})


@require_POST
@roles_required("sysadmin")
def account_active(request, pk: int, action: str):
    """系统管理员 disables or re-enables an account (not their own); a disabled account cannot log in
    and its open sessions end at their next request."""
    from django.http import Http404
    user = User.objects.filter(pk=pk).first()
    if user is None or action not in ("disable", "enable"):
        raise Http404("没有这个账户或操作。")
    if user.pk == request.user.pk:
        messages.error(request, "不能停用自己的账户。")
        return redirect("accounts:admin_users")
    active = action == "enable"
    if user.is_active != active:
        User.objects.filter(pk=user.pk).update(is_active=active)
        record(request.user, "user_enable" if active else "user_disable", user,
               old={"is_active": user.is_active}, new={"is_active": active}, request=request)
    messages.success(request, f"已{'启用' if active else '停用'}账户 {user.username}。")
    return redirect("accounts:admin_users")


@roles_required("sysadmin")
def bulk_template(request):
    """The blank workbook for 批量导入 (单位, 账号, with the rules on a 说明 sheet)."""
    from django.http import HttpResponse

    resp = HttpResponse(template_bytes(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = attachment("批量导入单位和账号模板.xlsx", "accounts-import-template.xlsx")
    return resp


@roles_required("sysadmin")
def bulk_import(request):
    """系统管理员 批量导入: upload → preview (or every error by sheet, row, column) → confirm → all created in one
    transaction, the initial passwords shown once (this response only; the server keeps none of them)."""
    import base64

    from django.conf import settings

    key = "accounts_bulk"
    ctx = {"errors": [], "plan": None, "created": None}
    if request.method == "POST" and request.POST.get("step") == "confirm":
        pending = request.session.pop(key, None)
        if not pending:
            ctx["errors"] = ["没有待确认的导入（可能已经导入，或页面已过期），请重新上传文件。"]
        else:
            try:
                created = bulk.apply(bulk.rows_from_json(pending["rows"]), request.user, source=pending["source"],
                                     request=request)
            except bulk.BulkImportError as e:
                ctx["errors"] = e.errors
            else:
                ctx.update(created=created, source=pending["source"], passwords=bulk.password_rows(created),
                           passwords_href="data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;"
                                          "base64," + base64.b64encode(bulk.passwords_xlsx(created)).decode())
    elif request.method == "POST":
        request.session.pop(key, None)
        upload = request.FILES.get("sheet")
        if upload is None:
            ctx["errors"] = ["请选择要导入的 XLSX 文件（可先下载模板）。"]
        elif upload.size > settings.GONGKAI_ATTACHMENT_MAX_BYTES:
            ctx["errors"] = [f"文件过大（上限 {settings.GONGKAI_ATTACHMENT_MAX_BYTES // 1048576} MB）。"]
        else:
            source = upload.name or "上传的文件"
            try:
                rows = bulk.read_workbook(upload.read(), source)
                plan = bulk.check(rows, request.user, source)
            except bulk.BulkImportError as e:
                ctx["errors"] = e.errors
            else:
                request.session[key] = {"source": source, "rows": bulk.rows_to_json(rows)}
                ctx.update(plan=plan, source=source)
    ctx["kinds"] = dict(Agency._meta.get_field("kind").choices)
    ctx["roles"] = ROLES
    return render(request, "accounts/bulk_import.html", ctx)


@require_POST
@roles_required("secadmin")
def grant_role(request, pk: int):
    """安全管理员 grants (or withdraws) a business role (三员分立: not administrator roles, not their own)."""
    user = User.objects.select_related("agency").filter(pk=pk).first()
    form = GrantRoleForm(request.POST)
    if user is None:
        messages.error(request, "没有这个账户。")
    elif user.pk == request.user.pk:
        messages.error(request, "不能给自己授予角色。")
    elif user.role in ADMIN_ROLES:
        messages.error(request, f"{user.username} 是{user.role_label}账户，管理员账户由系统管理员管理，不能改授业务角色。")
    elif not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    elif form.cleaned_data["role"] in CASE_ROLES | {"supervisor"} and user.agency_id is None:
        messages.error(request, f"{user.username} 没有所属机关，不能授予{ROLES[form.cleaned_data['role']]}；"
                                "请系统管理员先设定所属机关。")
    else:
        old = user.role
        new = form.cleaned_data["role"]
        if old != new:
            User.objects.filter(pk=user.pk).update(role=new)
            record(request.user, "role_grant", user, old={"role": old}, new={"role": new}, request=request)
        messages.success(request, f"{user.username} 的角色：{ROLES[new]}。")
    return redirect("accounts:security")


@roles_required("secadmin")
def security(request):
    """安全管理员: locks and the personal-data grant."""
    limit, window = ip_failure_limit()
    users = list(User.objects.select_related("agency").order_by("agency_id", "username"))
    paused = paused_names([u.username for u in users])
    for u in users:
        u.paused_until = paused.get(u.username)
    return render(request, "accounts/security.html",
                  {"users": users,
                   "grantable": [(r, ROLES[r]) for r in SECADMIN_GRANTS], "admin_roles": ADMIN_ROLES,
                   "paused": paused_addresses(), "ip_limit": limit, "ip_window": window,
                   "last_backup": last_backup_result()})


@require_POST
@roles_required("secadmin")
def security_release_ip(request):
    """安全管理员 lifts the login pause of one client address before its window ends (audit-logged)."""
    address = request.POST.get("address", "").strip()
    if address and release_ip(address, user=request.user, request=request):
        messages.success(request, f"已解除地址 {address} 的登录暂停。")
    else:
        messages.error(request, f"地址「{address}」当前没有被暂停登录。")
    return redirect("accounts:security")


@require_POST
@roles_required("secadmin")
def security_action(request, pk: int, action: str):
    user = User.objects.filter(pk=pk).first()
    if user is None:
        return redirect("accounts:security")
    if action == "unlock":
        old = {"locked_until": user.locked_until.isoformat() if user.locked_until else None}
        user.locked_until, user.failed_logins = None, 0
        user.save(update_fields=["locked_until", "failed_logins"])
        clear_name(user.username)  # and its pauses at single addresses
        record(request.user, "user_unlock", user, old=old, new={"locked_until": None}, request=request)
    elif action in ("grant", "revoke"):
        user.view_personal_data = action == "grant"
        user.save(update_fields=["view_personal_data"])
        record(request.user, f"user_{action}_personal" if action == "grant" else "user_revoke_personal", user,
               new={"view_personal_data": user.view_personal_data}, request=request)
    messages.success(request, f"已更新用户 {user.username}。")
    return redirect("accounts:security")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every user changes their own password (the old one first; the platform's password rules)."""
    template_name = "accounts/password_change.html"

    def get_success_url(self):
        from django.urls import reverse
        return reverse("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.request.user.must_change_password:
            User.objects.filter(pk=self.request.user.pk).update(must_change_password=False)
        record(self.request.user, "password_change", self.request.user, request=self.request)
        messages.success(self.request, "密码已修改。")
        return response


class LogoutView(auth_views.LogoutView):
    """Logging out changes state, so it is a POST (Django 5); a plain link (GET) gets a page with
    the button instead of a blank 405."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "accounts/logout.html")


@never_cache
@require_POST
@roles_required("sysadmin")
def reset_password(request, pk: int):
    """系统管理员 resets another account's password (a user who forgot theirs): a random temporary password
    that the platform's rules accept, shown once on this page and nowhere stored in plain text; the account's
    open sessions end (the password hash changes), a lock from failed logins is lifted, and the user must
    choose a new password at the next login.  Recorded in the audit log (重置密码), so the 安全审计员 sees
    every reset: an administrator who knows a temporary password could log in as that user until it is
    changed, and the log is how 三员分立 keeps that visible.  One's own password is changed, not reset."""
    user = User.objects.filter(pk=pk).first()
    if user is None:
        raise Http404("没有这个账户。")
    if user.pk == request.user.pk:
        messages.error(request, "不能重置自己的密码：请用「修改密码」。")
        return redirect("accounts:admin_users")
    password = bulk.generate_password(user)
    user.set_password(password)
    user.must_change_password, user.locked_until, user.failed_logins = True, None, 0
    user.save(update_fields=["password", "must_change_password", "locked_until", "failed_logins"])
    record(request.user, "user_password_reset", user, new={"must_change_password": True}, request=request)
    return render(request, "accounts/password_reset_done.html", {"account": user, "password": password})
