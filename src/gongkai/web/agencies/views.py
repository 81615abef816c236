"""Public pages (no login): the root page listing agencies, and each agency's public page."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..access import roles_required
from ..accounts.forms import AgencyForm
from ..auditlog.services import record
from ..cases.services import online_agency_ids
from . import removal
from .models import Agency


def home(request):
    user = request.user
    if user.is_authenticated:
        target = {"sysadmin": "accounts:admin_users", "secadmin": "accounts:security", "auditor": "auditlog:list"}
        if not user.reads_cases and user.role not in target:  # an account the 安全管理员 has not given a role yet
            messages.info(request, "您的账户尚未授予角色，请联系安全管理员。可以先修改密码。")
            return redirect("accounts:password")
        return redirect("todo:index")  # every role lands on what waits for it
    live = Agency.objects.filter(deactivated_on__isnull=True)  # a 停用 unit (撤销、合并) is not offered to the public
    roots = live.filter(parent__isnull=True).prefetch_related(Prefetch("children", queryset=live))
    online = online_agency_ids()
    return render(request, "agencies/home.html", {"roots": roots, "public_links": _public_links(), "online": online})


def _public_links():
    """Links other apps add to the public page: settings.GONGKAI_PUBLIC_LINKS [(label, url name)]."""
    from django.conf import settings
    from django.urls import reverse
    return [(label, reverse(name)) for label, name in getattr(settings, "GONGKAI_PUBLIC_LINKS", [])]


def agency_public(request, pk: int):
    """Public information about an agency: how to apply (条例第二十七条—第三十一条), contact, sub-units."""
    agency = get_object_or_404(Agency.objects.select_related("parent"), pk=pk)  # (the page names its parent)
    return render(request, "agencies/public.html", {"agency": agency,
                                                    "children": agency.children.filter(deactivated_on__isnull=True)})


def agency_edit(request, pk: int):
    """系统管理员 edits an agency: name, level, parent and what letters and the report need (复议机关, court,
    工作机构, address, phone, 受理时间), and its 答复审核 switch. Audit-logged with the changed fields."""
    @roles_required("sysadmin")
    def view(request):
        root = request.user.agency
        while root is not None and root.parent_id is not None:
            root = root.parent
        # the administrator's own hierarchy (another county's agencies are 404)
        agency = get_object_or_404(Agency, pk=pk, id__in=root.subtree_ids() if root else [])
        fields = AgencyForm._meta.fields

        def said(value) -> str:  # the audit log in words: a switch is 开启/关闭, not True/False
            return ("开启" if value else "关闭") if isinstance(value, bool) else str(value or "")
        before = {f: said(getattr(agency, f)) for f in fields}
        form = AgencyForm(request.POST or None, instance=agency)
        if request.method == "POST" and form.is_valid():
            agency = form.save()
            after = {f: said(getattr(agency, f)) for f in fields}
            changed = [f for f in fields if before[f] != after[f]]
            if changed:
                record(request.user, "agency_update", agency, old={f: before[f] for f in changed},
                       new={f: after[f] for f in changed}, request=request)
            messages.success(request, f"已保存机关 {agency.name}。")
            return redirect("accounts:admin_users")
        return render(request, "agencies/edit.html", {"agency": agency, "form": form,
                                                      "suggested": agency.suggested_review_body()})
    return view(request)


def _administered(request, pk: int) -> Agency:
    """An agency of the 系统管理员's own hierarchy (another county's agencies are 404)."""
    root = request.user.agency
    while root is not None and root.parent_id is not None:
        root = root.parent
    return get_object_or_404(Agency, pk=pk, id__in=root.subtree_ids() if root else [])


@roles_required("sysadmin")
def agency_remove(request, pk: int):
    """系统管理员 删除或停用 a unit: the page says what refers to it and so which it will be (deleted when
    nothing does, else deactivated — never a record without its unit) and what stops it; the unit's name
    typed again and a reason confirm it (agencies/removal.py, audit-logged)."""
    agency = _administered(request, pk)
    error = ""
    if request.method == "POST":
        name = agency.name
        try:
            done = removal.remove(agency, request.POST.get("confirm_name", ""), request.POST.get("reason", ""),
                                  request.user, request=request)
        except removal.RemovalError as e:
            error = str(e)
        else:
            messages.success(request, f"已删除机关 {name}。" if done == "deleted" else
                             f"已停用机关 {name}：其记录全部保留，自本年度起不再计入年报发布情况，不能再建立账户或下级机关；"
                             "可在编辑机关页重新启用。")
            return redirect("accounts:admin_users")
    return render(request, "agencies/remove.html", {"agency": agency, "plan": removal.plan(agency),
                                                    "error": error, "reason": request.POST.get("reason", "")})


@require_POST
@roles_required("sysadmin")
def agency_reactivate(request, pk: int):
    agency = _administered(request, pk)
    try:
        removal.reactivate(agency, request.user, request=request)
        messages.success(request, f"已重新启用机关 {agency.name}。")
    except removal.RemovalError as e:
        messages.error(request, str(e))
    return redirect("agencies:edit", pk=agency.pk)
