"""Public pages (no login): the root page listing agencies, and each agency's public page."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render

from .models import Agency


def home(request):
    user = request.user
    if user.is_authenticated:
        if user.reads_cases:
            return redirect("cases:worklist")
        target = {"sysadmin": "accounts:admin_users", "secadmin": "accounts:security", "auditor": "auditlog:list"}
        if user.role not in target:  # an account the 安全管理员 has not given a role yet
            from django.contrib import messages
            messages.info(request, "您的账户尚未授予角色，请联系安全管理员。可以先修改密码。")
            return redirect("accounts:password")
        return redirect(target[user.role])
    roots = Agency.objects.filter(parent__isnull=True).prefetch_related("children")
    try:  # the publications app takes online applications for agencies that have a clerk
        from ..publications.services import online_agency_ids
        online = online_agency_ids()
    except ImportError:
        online = set()
    return render(request, "agencies/home.html", {"roots": roots, "public_links": _public_links(), "online": online})


def _public_links():
    """Links other apps add to the public page: settings.GONGKAI_PUBLIC_LINKS [(label, url name)]."""
    from django.conf import settings
    from django.urls import reverse
    return [(label, reverse(name)) for label, name in getattr(settings, "GONGKAI_PUBLIC_LINKS", [])]


def agency_public(request, pk: int):
    """Public information about an agency: how to apply (条例第二十七条—第三十一条), contact, sub-units."""
    agency = get_object_or_404(Agency, pk=pk)
    return render(request, "agencies/public.html", {"agency": agency, "children": agency.children.all()})
