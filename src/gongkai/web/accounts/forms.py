from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.db.models import Q
from django.utils import timezone

from ..agencies.models import KINDS, Agency, review_body_from_name
from ..auditlog.services import record
from .backends import ip_failure_limit, ip_limited_until, name_locked_until
from .models import ROLES, SECADMIN_GRANTS, SYSADMIN_GRANTS, User, role_code


class LoginForm(AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages,
                      "invalid_login": "用户名或密码不正确。连续失败 5 次将暂停该账户在本机的登录 15 分钟。",
                      "locked": "账户因多次登录失败已被锁定，请于 %(until)s 后重试，或联系安全管理员解锁。",
                      "ip_limited": "本机所在地址登录失败次数过多（%(minutes)s 分钟内 %(limit)s 次），暂停登录，"
                                    "请于 %(until)s 后重试。"}

    def clean(self):
        until = ip_limited_until(self.request)
        if until is not None:  # refused before any password is checked: no account is charged
            limit, minutes = ip_failure_limit()
            record(None, "login_refused_ip_limit", None, new={"username": self.cleaned_data.get("username", "")},
                   request=self.request)
            raise forms.ValidationError(self.error_messages["ip_limited"], code="ip_limited",
                                        params={"minutes": minutes, "limit": limit,
                                                "until": timezone.localtime(until).strftime("%H:%M")})
        username = self.cleaned_data.get("username") or ""
        until = name_locked_until(self.request, username) if username else None
        if until is not None:  # the same refusal whether or not the user exists; no password is checked
            target = User.objects.filter(username=username).first()
            record(None, "login_refused_locked", target, new={"username": username}, request=self.request)
            raise forms.ValidationError(self.error_messages["locked"], code="locked",
                                        params={"until": timezone.localtime(until).strftime("%H:%M")})
        return super().clean()


class NewUserForm(forms.ModelForm):
    """The 系统管理员's new account: no role, or one of the three administrator roles (三员分立 — the
    business roles are the 安全管理员's to grant)."""
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput)
    role = forms.ChoiceField(label="角色", choices=[(r, ROLES[r]) for r in SYSADMIN_GRANTS], initial="none",
                             error_messages={"invalid_choice": "系统管理员只能建立未授权账户或管理员账户；经办人、审核人、签发人、"
                                                               "上级审查员等业务角色由安全管理员授予。"})

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "agency", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(deactivated_on__isnull=True)  # no accounts of a 停用 unit

    def clean(self):
        d = super().clean()
        if d.get("password"):
            user = User(username=d.get("username", ""), full_name=d.get("full_name", ""))
            try:
                validate_password(d["password"], user)
            except forms.ValidationError as e:
                self.add_error("password", e)
        return d


class SetupForm(forms.Form):
    agency_name = forms.CharField(label="机关名称（最上级，例如 某某县人民政府）", max_length=200)
    agency_kind = forms.ChoiceField(label="层级", choices=list(KINDS.items()), initial="county")
    review_body = forms.CharField(
        label="行政复议机关", max_length=200, required=False,
        help_text="写入答复书的救济途径。乡镇（街道）、县级部门：所在县（区）人民政府；县（区）人民政府：上一级（市）人民政府。"
                  "留空时按机关名称和层级推定（例如“某某县甲镇人民政府”→“某某县人民政府”）。",
        widget=forms.TextInput(attrs={"placeholder": "例如 某某县人民政府"}))
    court = forms.CharField(label="行政诉讼管辖法院", max_length=200, required=False,
                            help_text="例如 某某县人民法院（被告为县级以上人民政府的，一般为中级人民法院）；留空时答复书写“人民法院”。")
    office_name = forms.CharField(label="政府信息公开工作机构", max_length=200, required=False,
                                  widget=forms.TextInput(attrs={"placeholder": "例如 某某镇党政办公室"}))
    address = forms.CharField(label="受理地址", max_length=300, required=False)
    phone = forms.CharField(label="联系电话", max_length=200, required=False)
    hours = forms.CharField(label="受理时间", max_length=200, required=False,
                            widget=forms.TextInput(attrs={"placeholder": "例如 工作日 9:00—12:00，14:00—17:00"}))
    username = forms.CharField(label="系统管理员用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=50, required=False)
    password = forms.CharField(label="密码", widget=forms.PasswordInput)
    password2 = forms.CharField(label="再次输入密码", widget=forms.PasswordInput)

    def clean(self):
        d = super().clean()
        if not d.get("review_body") and d.get("agency_name"):
            d["review_body"] = review_body_from_name(d["agency_name"], d.get("agency_kind", ""))
            if not d["review_body"]:
                self.add_error("review_body", "请填写行政复议机关（答复书的救济途径需要）：乡镇（街道）、县级部门填所在县（区）"
                                              "人民政府，县（区）人民政府填上一级人民政府。")
        if d.get("password") and d.get("password") != d.get("password2"):
            self.add_error("password2", "两次输入的密码不一致。")
        elif d.get("password"):
            try:
                validate_password(d["password"], User(username=d.get("username", "")))
            except forms.ValidationError as e:
                self.add_error("password", e)
        return d


class RoleField(forms.ChoiceField):
    """A role choice that reads an old role code (``signer``) as its new name."""

    def to_python(self, value):
        return role_code(super().to_python(value))


class GrantRoleForm(forms.Form):
    """The 安全管理员 grants (or withdraws) a business role."""
    role = RoleField(label="角色", choices=[(r, ROLES[r]) for r in SECADMIN_GRANTS],
                     error_messages={"invalid_choice": "安全管理员授予的是业务角色（经办人、审核人、签发人、上级审查员）；"
                                                       "管理员账户由系统管理员建立。"})


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "kind", "parent", "review_body", "court", "office_name", "address", "contact", "hours",
                  "public_intro", "reply_review",
                  "established_on"]
        widgets = {"established_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a 停用 unit takes no new sub-units (the unit's own parent stays choosable when editing it)
        keep = Q(deactivated_on__isnull=True)
        if self.instance.parent_id:
            keep |= Q(pk=self.instance.parent_id)
        self.fields["parent"].queryset = Agency.objects.filter(keep)

    def save(self, commit=True):
        """A renamed unit keeps its former name (曾用名): its reports published under that name are still
        matched to it (supervision.matching)."""
        agency = super().save(commit=False)
        old = (self.initial.get("name") or "").strip()
        if agency.pk and "name" in self.changed_data and old and old != agency.name:
            agency.former_names = [n for n in agency.former_names or [] if n not in (old, agency.name)] + [old]
        if commit:
            agency.save()
            self._save_m2m()
        return agency

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent is not None and self.instance.pk and parent.pk in self.instance.subtree_ids():
            raise forms.ValidationError("上级机关不能是本机关或其下级机关。")
        return parent


__all__ = ["LoginForm", "NewUserForm", "SetupForm", "AgencyForm", "ROLES"]
