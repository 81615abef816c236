"""Who may see and change what.  Every view goes through these helpers.

- out of the user's scope (another agency, or an administrator asking for case content): 404 —
  the record's existence is not disclosed;
- in scope but not allowed to act (a 上级审查员 trying to change a case): 403.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404


def roles_required(*roles):
    """Logged in, and one of ``roles`` (403 otherwise)."""
    def deco(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied("您的角色无权使用此功能。")
            return view(request, *args, **kwargs)
        return wrapper
    return deco


def scoped(queryset, user, field: str = "agency_id"):
    """``queryset`` limited to the agencies the user may read."""
    return queryset.filter(**{f"{field}__in": user.scope_agency_ids()})


def get_scoped(queryset, user, pk, field: str = "agency_id"):
    obj = scoped(queryset, user, field).filter(pk=pk).first()
    if obj is None:
        raise Http404("找不到该记录，或您无权查看。")
    return obj


def get_writable(queryset, user, pk, field: str = "agency_id"):
    """The record if the user may change it: a case role of the record's own agency."""
    obj = get_scoped(queryset, user, pk, field)
    agency_id = obj
    for part in field.split("__"):
        agency_id = getattr(agency_id, part)
    if not user.handles_cases or agency_id != user.agency_id:
        raise PermissionDenied("您只能查看，不能修改该记录（上级审查员为只读）。")
    return obj


def check_agency(user, agency, write: bool = False):
    if agency.id not in user.scope_agency_ids():
        raise Http404("找不到该机关，或您无权查看。")
    if write and (not user.handles_cases or agency.id != user.agency_id):
        raise PermissionDenied("您只能查看，不能修改本机关以外的记录。")
