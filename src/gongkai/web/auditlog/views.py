"""The audit log for the 审计管理员: list with filters, CSV export (itself logged)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..access import roles_required
from ..spreadsheet import csv_text
from .models import AuditEntry
from .services import ACTIONS, record


_NAME_KEYS = ("requester_name", "full_name", "name", "party", "申请人")
_TEXT_KEYS = ("address", "id_document", "contact", "description")
_ID = re.compile(r"\d{17}[\dXx]|\d{15}")
_PHONE = re.compile(r"1\d{10}")


def _mask_text(text: str) -> str:
    """Identity numbers and mobile numbers inside any text: 110*************34, 138****5678."""
    text = _ID.sub(lambda m: m.group(0)[:3] + "*" * (len(m.group(0)) - 5) + m.group(0)[-2:], text)
    return _PHONE.sub(lambda m: m.group(0)[:3] + "****" + m.group(0)[-4:], text)


def masked(value, key: str = ""):
    """What the 审计管理员 sees of an entry's old/new values: names and addresses shortened, ID and phone
    numbers masked wherever they appear (the entry itself is unchanged: the log is append-only)."""
    if isinstance(value, dict):
        return {k: masked(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v, key) for v in value]
    if isinstance(value, str):
        if key in _NAME_KEYS and value:
            return value[0] + "*" * max(1, len(value) - 1)
        if key in _TEXT_KEYS and value:
            return value[:2] + "*" * max(2, len(value) - 2) if len(value) > 2 else "**"
        return _mask_text(value)
    return value


def masked_label(entry) -> str:
    """A case's label is “number requester”: the auditor sees the number."""
    label = entry.target_label or ""
    if entry.target_type == "case":
        label = label.split(" ", 1)[0]
    return _mask_text(label)


class BadFilter(ValueError):
    pass


def _since(request):
    raw = (request.GET.get("since") or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadFilter(f"起始日期「{raw[:40]}」不是有效的日期，应写成 2025-03-20 这样的格式。") from None


def _filtered(request):
    qs = AuditEntry.objects.all()
    for f in ("actor", "action", "target_type"):
        if request.GET.get(f):
            qs = qs.filter(**{f: request.GET[f]})
    since = _since(request)
    if since is not None:
        qs = qs.filter(at__date__gte=since)
    return qs


@require_safe
@roles_required("auditor")
def entries(request):
    try:
        qs = _filtered(request)
    except BadFilter as e:
        messages.error(request, f"{e}请改正后再筛选。")
        qs = AuditEntry.objects.none()
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    for e in page.object_list:
        e.action_label = ACTIONS.get(e.action, e.action)
        e.old_shown, e.new_shown, e.label_shown = masked(e.old), masked(e.new), masked_label(e)
    return render(request, "auditlog/list.html", {"page": page, "actions": ACTIONS})


@require_safe
@roles_required("auditor")
def export(request):
    try:
        qs = _filtered(request).order_by("id")
    except BadFilter as e:
        return HttpResponseBadRequest(f"{e}未导出。", content_type="text/plain; charset=utf-8")
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["编号", "时间", "操作人", "角色", "机关编号", "操作", "对象类型", "对象编号", "对象", "原值", "新值", "来源地址"])
    n = 0
    for e in qs.iterator():
        n += 1
        w.writerow([csv_text(x) for x in (
            e.id, e.at.isoformat(), e.actor, e.actor_role, e.agency_id or "", ACTIONS.get(e.action, e.action),
            e.target_type, e.target_id, masked_label(e),
            json.dumps(masked(e.old), ensure_ascii=False) if e.old is not None else "",
            json.dumps(masked(e.new), ensure_ascii=False) if e.new is not None else "", e.ip)])
    record(request.user, "auditlog_export", None, new={"rows": n}, request=request)
    resp = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = 'attachment; filename="auditlog.csv"'
    return resp
