from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import F
from django.shortcuts import redirect, render

from gongkai.casework.counting import ReviewCase
from gongkai.casework.errors import CaseworkError

from ..access import get_scoped, get_writable, roles_required
from ..accounts.models import READ_ROLES
from ..auditlog.services import record
from ..cases.services import case_numbered
from ..clock import today
from .models import ReviewOrLawsuit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LitigationForm(forms.ModelForm):
    case_number = forms.CharField(label="关联的申请编号", max_length=40, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ReviewOrLawsuit
        fields = ["number", "kind", "stage", "filed_on", "result", "decided_on", "note"]
        widgets = {"filed_on": DATE, "decided_on": DATE}

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        if self.instance.pk and self.instance.case_id:
            self.fields["case_number"].initial = self.instance.case.number

    def _number_taken(self, number: str) -> bool:
        return self.agency is not None and ReviewOrLawsuit.objects.filter(agency=self.agency, number=number) \
            .exclude(pk=self.instance.pk).exists()

    def clean(self):
        d = super().clean()
        num = (d.get("case_number") or "").strip()
        self.linked = None
        if num:
            self.linked = case_numbered(self.agency, num)
            if self.linked is None:
                self.add_error("case_number", f"本机关没有编号为 {num} 的申请。")
        number = (d.get("number") or "").strip()
        if number and self._number_taken(number):
            self.add_error("number", DUPLICATE.format(number=number))
        now = today()  # the register records what has happened: table 四 must not count a case ahead of time
        for name in ("filed_on", "decided_on"):
            if d.get(name) and d[name] > now:
                self.add_error(name, f"{self.fields[name].label} {d[name]} 晚于今天 {now}，尚未发生的事不能登记，请核对日期。")
        if d.get("result") and d.get("stage") != "decided":
            self.add_error("stage", "填写了结果的案件，阶段应为“已审结”。")
        if d.get("filed_on") and d.get("kind"):
            try:
                ReviewCase(d.get("number") or "?", "", d["kind"], d["filed_on"], d.get("result") or None,
                           d.get("decided_on"))
            except CaseworkError as e:
                self.add_error(None, str(e))
        return d


DUPLICATE = "本机关已登记案号为 {number} 的复议诉讼案件，请核对案号，或在原登记上修改。"


def _values(obj):
    return {"number": obj.number, "kind": obj.kind, "stage": obj.stage, "filed_on": str(obj.filed_on),
            "result": obj.result, "decided_on": str(obj.decided_on) if obj.decided_on else None,
            "case": obj.case_id}


@roles_required(*READ_ROLES)
def register_list(request):
    qs = (ReviewOrLawsuit.objects.filter(agency_id__in=request.user.scope_agency_ids())
          .select_related("case", "agency"))
    form = None
    if request.user.handles_cases:
        form = LitigationForm(request.POST or None, agency=request.user.agency)
        if request.method == "POST" and form.is_valid():
            obj = form.save(commit=False)
            obj.agency = request.user.agency
            obj.case = form.linked
            try:
                with transaction.atomic():
                    obj.save()
            except IntegrityError:  # the same number registered by someone else a moment ago
                form.add_error("number", DUPLICATE.format(number=obj.number))
            else:
                record(request.user, "review_create", obj, new=_values(obj), request=request)
                messages.success(request, f"已登记 {obj}。")
                return redirect("litigation:list")
    return render(request, "litigation/list.html", {"items": qs, "form": form})


@roles_required(*READ_ROLES)
def edit(request, pk: int):
    if request.method == "POST":
        obj = get_writable(ReviewOrLawsuit.objects.select_related("case"), request.user, pk)
    else:
        obj = get_scoped(ReviewOrLawsuit.objects.select_related("case"), request.user, pk)
    can_write = request.user.handles_cases and obj.agency_id == request.user.agency_id
    form = LitigationForm(request.POST or None, instance=obj, agency=obj.agency, initial={"version": obj.version})
    if request.method == "POST" and form.is_valid():
        old = _values(ReviewOrLawsuit.objects.get(pk=pk))
        new = form.save(commit=False)
        new.case = form.linked
        try:
            with transaction.atomic():
                n = ReviewOrLawsuit.objects.filter(pk=pk, version=form.cleaned_data.get("version") or 0).update(
                    version=F("version") + 1, **{f: getattr(new, f) for f in
                                                 ("number", "kind", "stage", "filed_on", "result", "decided_on", "note")},
                    case=new.case)
        except IntegrityError:
            n = None
            form.add_error("number", DUPLICATE.format(number=new.number))
        if n is None:
            pass
        elif n != 1:
            form.add_error(None, "该案件已被他人修改，本次修改未保存；请刷新后重试。")
        else:
            record(request.user, "review_update", obj, old=old,
                   new=_values(ReviewOrLawsuit.objects.get(pk=pk)), request=request)
            messages.success(request, "已保存。")
            return redirect("litigation:list")
    return render(request, "litigation/edit.html", {"form": form, "obj": obj, "can_write": can_write})
