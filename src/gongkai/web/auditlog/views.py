"""The audit log for the 审计管理员: who did what to which record, in words; filters by person, record,
action and date (a bad date is a form message); CSV export (itself logged)."""

from __future__ import annotations

import csv
import io
import json

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from ..access import roles_required
from ..accounts.models import ROLE_WORDS, User
from ..downloads import attachment
from ..spreadsheet import csv_text
from .models import AuditEntry
from .services import ACTIONS, record
from .words import Describer, mask_raw, model_label


class FilterForm(forms.Form):
    person = forms.CharField(label="操作人", required=False, max_length=150,
                             widget=forms.TextInput(attrs={"placeholder": "用户名或姓名"}))
    target = forms.CharField(label="记录", required=False, max_length=200,
                             widget=forms.TextInput(attrs={"placeholder": "编号或名称，例如 2025-00001"}))
    target_type = forms.ChoiceField(label="记录类型", required=False)
    action = forms.ChoiceField(label="操作", required=False)
    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"invalid": "起始日期应为“年-月-日”，例如 2025-03-01。"})
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"invalid": "截止日期应为“年-月-日”，例如 2025-03-31。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "全部")] + sorted(ACTIONS.items(), key=lambda kv: kv[1])
        types = AuditEntry.objects.exclude(target_type="").values_list("target_type", flat=True).distinct()
        self.fields["target_type"].choices = [("", "全部")] + [(t, model_label(t)) for t in sorted(set(types))]
        for f in ("actor",):  # the old parameter name (links kept from before)
            if self.data.get(f) and not self.data.get("person"):
                self.data = self.data.copy()
                self.data["person"] = self.data[f]

    def clean(self):
        d = super().clean()
        if d.get("since") and d.get("until") and d["since"] > d["until"]:
            self.add_error("until", "截止日期早于起始日期。")
        return d


def _filtered(request):
    """(queryset, form): the filters that could be read are applied; the form carries the messages."""
    form = FilterForm(request.GET or None)
    qs = AuditEntry.objects.all()
    if not form.is_bound:
        return qs, form
    form.is_valid()
    d = getattr(form, "cleaned_data", {})
    if d.get("person"):
        p = d["person"].strip()
        ids = list(User.objects.filter(Q(username=p) | Q(full_name__icontains=p)).values_list("pk", flat=True))
        qs = qs.filter(Q(actor=p) | Q(actor_id__in=ids))
    if d.get("target"):
        t = d["target"].strip()
        qs = qs.filter(Q(target_label__icontains=t) | Q(target_id=t))
    if d.get("target_type"):
        qs = qs.filter(target_type=d["target_type"])
    if d.get("action"):
        qs = qs.filter(action=d["action"])
    if d.get("since"):
        qs = qs.filter(at__date__gte=d["since"])
    if d.get("until"):
        qs = qs.filter(at__date__lte=d["until"])
    return qs, form


@require_safe
@roles_required("auditor")
def entries(request):
    qs, form = _filtered(request)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    rows = Describer(request.user).describe(page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "auditlog/list.html", {"page": page, "rows": rows, "form": form,
                                                  "query": params.urlencode()})


@require_safe
@roles_required("auditor")
def export(request):
    qs, form = _filtered(request)
    if form.is_bound and form.errors:  # do not export everything when a filter could not be read
        messages.error(request, "筛选条件有误，未导出：" + "；".join(e for errs in form.errors.values() for e in errs))
        return redirect(reverse("auditlog:list") + "?" + request.GET.urlencode())
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["编号", "时间", "操作人", "用户名", "角色", "机关编号", "操作", "对象类型", "对象编号", "对象", "变更",
                "原值", "新值", "来源地址"])
    n = 0
    describer = Describer(request.user)
    for chunk in _chunks(qs.order_by("id").iterator(), 500):
        for d in describer.describe(chunk):
            e = d.entry
            n += 1
            w.writerow([csv_text(x) for x in (
                e.id, e.at.isoformat(), d.actor, e.actor, _role(e.actor_role), e.agency_id or "", d.action,
                model_label(e.target_type), e.target_id, d.target, "；".join(d.changes),
                _raw(e.old, e, describer), _raw(e.new, e, describer), e.ip)])
    record(request.user, "auditlog_export", None, new={"rows": n}, request=request)
    resp = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = attachment("审计日志.csv", "auditlog.csv")
    return resp


def _raw(value, e, describer) -> str:
    if value is None:
        return ""
    shown = value if describer.show_personal else mask_raw(value, target_type=e.target_type)
    return json.dumps(shown, ensure_ascii=False)


def _role(code):
    return ROLE_WORDS.get(code, code)


def _chunks(it, n):
    chunk = []
    for x in it:
        chunk.append(x)
        if len(chunk) == n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
