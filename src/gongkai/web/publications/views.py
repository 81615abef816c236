"""Staff side of the register: list with overdue flags, draft/edit, the review chain (经办人 → 审核人 →
签发人), 规章/规范性文件 lifecycle, 表二 figures, guide details, online applications' replies.
Thin views: the rules are in :mod:`gongkai.publications` (via :mod:`.services`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.casework.errors import CaseworkError
from gongkai.publications import (DOCUMENT_KINDS, FIGURE_ROWS, ROLES, STATES, allowed_steps, may_new_version,
                                  problems, timeliness)
from gongkai.publications.model import EDITABLE_STATES

from ..access import get_scoped, get_writable, roles_required, scoped
from ..accounts.models import CASE_ROLES, READ_ROLES
from ..clock import today
from ..workcalendar import office_cal
from ..years import check_report_year
from . import services
from .forms import (DocumentActionForm, DocumentForm, FigureForm, GuideForm, ItemForm, NewVersionForm, StepForm,
                    UploadForm)
from .models import DocumentRecord, Figure, Guide, Item

STEP_LABELS = {"submit": "提交审核", "approve": "审核通过", "return": "退回修改", "sign_off": "签发（公开）"}
EVENT_LABELS = {"create": "起草", "revise": "修改", **STEP_LABELS, "sign_off": "签发",
                "new_version": "变更（起草新版本）", "supersede": "被新版本替代"}


def report_year() -> int:
    d = today()
    return d.year - 1 if d.month <= 6 else d.year


@roles_required(*READ_ROLES)
def register(request):
    items = scoped(Item.objects.select_related("agency", "supersedes"), request.user)
    state = request.GET.get("state", "")
    if state:
        items = items.filter(state=state)
    day, cal = today(), office_cal()
    rows = []
    for it in items[:500]:
        t = timeliness(services.to_publication(it, []), day, cal)
        rows.append((it, t))
    role = request.user.role
    todo = {"reviewer": "pending_review", "signatory": "pending_signoff", "clerk": "returned"}.get(role)
    todo_items = scoped(Item.objects.filter(state=todo), request.user) if todo else []
    return render(request, "publications/register.html", {
        "rows": rows, "state": state, "todo": todo_items, "overdue": [r for r in rows if r[1].status == "overdue"],
        "can_draft": role == "clerk", "year": report_year(), "states": Item._meta.get_field("state").choices})


@roles_required("clerk")
def new(request):
    form = ItemForm(request.POST or None, agency=request.user.agency)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_item(request.user, form.cleaned_data, request=request)
        except CaseworkError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, f"已起草 {item.number}「{item.title}」。")
            return redirect("publications:detail", pk=item.pk)
    return render(request, "publications/edit.html", {"form": form, "item": None})


@roles_required(*READ_ROLES)
def detail(request, pk: int):
    item = get_scoped(Item.objects.select_related("agency", "supersedes"), request.user, pk)
    events = list(item.events.all())
    pub = services.to_publication(item, events)
    dl, cal_error = services.deadline_of(item)
    can_write = request.user.handles_cases and item.agency_id == request.user.agency_id
    steps = allowed_steps(pub, services.actor_of(request.user)) if can_write else []
    open_version = services.open_version_of(item) if item.state == "published" else None
    can_change = (can_write and open_version is None
                  and may_new_version(pub, services.actor_of(request.user)))
    return render(request, "publications/detail.html", {
        "open_version": open_version, "can_change": can_change,
        "replaced_by": services.current_version(item) if item.state == "superseded" else None,
        "version_form": NewVersionForm(initial={"version": item.version, "changed_on": today()}),
        "item": item, "events": events, "pub": pub, "deadline": dl, "cal_error": cal_error,
        "timeliness": timeliness(pub, today(), office_cal()),
        "steps": [(s, STEP_LABELS[s]) for s in steps if s != "revise"],
        "can_edit": "revise" in steps, "problems": problems(pub, today()) if item.state in ("draft", "returned") else [],
        "return_comment": pub.return_comment if item.state == "returned" else "",
        "step_form": StepForm(initial={"version": item.version}), "upload_form": UploadForm(),
        "attachments": item.attachments.all(),
        "event_rows": [(e, EVENT_LABELS.get(e.kind, e.kind), ROLES.get(e.role, e.role), STATES.get(e.state, e.state))
                       for e in events]})


@roles_required("clerk")
def edit(request, pk: int):
    item = get_writable(Item.objects.select_related("agency"), request.user, pk)
    if item.state not in EDITABLE_STATES:
        messages.error(request, f"「{item.get_state_display()}」的信息不能修改"
                                + ("；信息有变化的，请用“变更（起草新版本）”。" if item.state == "published" else "；退回后才能修改。"))
        return redirect("publications:detail", pk=item.pk)
    form = ItemForm(request.POST or None, instance=None, agency=request.user.agency,
                    initial={k: getattr(item, k) for k in services.ITEM_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            messages.error(request, "表单缺少有效的版本号（页面可能已过期），请刷新页面后重试。")
            return redirect("publications:detail", pk=item.pk)
        try:
            services.revise_item(request.user, item, version, form.cleaned_data, request=request)
        except CaseworkError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, "已保存修改。")
            return redirect("publications:detail", pk=item.pk)
    return render(request, "publications/edit.html", {"form": form, "item": item})


@require_POST
@roles_required(*CASE_ROLES)
def step(request, pk: int, kind: str):
    item = get_writable(Item.objects.select_related("agency"), request.user, pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, "表单已过期，请刷新页面后重试。")
        return redirect("publications:detail", pk=pk)
    try:
        item = services.step(request.user, item, form.cleaned_data["version"], kind, form.cleaned_data["comment"],
                             request=request)
    except CaseworkError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"已{STEP_LABELS.get(kind, kind)}：当前状态「{item.state_label}」。")
    return redirect("publications:detail", pk=pk)


@require_POST
@roles_required("clerk")
def new_version(request, pk: int):
    """变更（起草新版本）of a published item (条例第二十六条): a new draft item, then its page."""
    item = get_writable(Item.objects.select_related("agency"), request.user, pk)
    form = NewVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["changed_on"][0] if "changed_on" in form.errors
                       else "表单已过期，请刷新页面后重试。")
        return redirect("publications:detail", pk=pk)
    try:
        new = services.new_version_item(request.user, item, form.cleaned_data["version"],
                                        form.cleaned_data["changed_on"], request=request)
    except CaseworkError as e:
        messages.error(request, str(e))
        return redirect("publications:detail", pk=pk)
    messages.success(request, f"已起草 {item.number} 的新版本 {new.number}（变更日期 {new.changed_on}）。"
                              f"新版本经审核、签发后替代原信息；在此之前原信息照常公开。")
    return redirect("publications:detail", pk=new.pk)


@require_POST
@roles_required("clerk")
def upload(request, pk: int):
    item = get_writable(Item.objects.all(), request.user, pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(request.user, item, form.cleaned_data["file"], request=request)
            messages.success(request, "附件已上传。")
        except CaseworkError as e:
            messages.error(request, str(e))
    return redirect("publications:detail", pk=pk)


@roles_required(*READ_ROLES)
def attachment(request, pk: int, aid: int):
    item = get_scoped(Item.objects.all(), request.user, pk)
    att = item.attachments.filter(pk=aid).first()
    if att is None:
        raise Http404("没有这个附件。")
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name, content_type=att.content_type)


@roles_required(*READ_ROLES)
def documents(request):
    docs = scoped(DocumentRecord.objects.select_related("agency"), request.user)
    can_write = request.user.role in CASE_ROLES
    form = DocumentForm(request.POST or None)
    if request.method == "POST":
        if not can_write:
            raise Http404
        if form.is_valid():
            try:
                services.issue_document(request.user, form.cleaned_data, request=request)
            except CaseworkError as e:
                messages.error(request, str(e))
            else:
                messages.success(request, "已登记制发。")
                return redirect("publications:documents")
    return render(request, "publications/documents.html", {"docs": docs, "form": form, "can_write": can_write,
                                                           "action_form": DocumentActionForm(),
                                                           "kinds": DOCUMENT_KINDS})


@require_POST
@roles_required(*CASE_ROLES)
def document_action(request, pk: int):
    d = get_writable(DocumentRecord.objects.select_related("agency"), request.user, pk)
    form = DocumentActionForm(request.POST)
    if form.is_valid():
        try:
            services.document_action(request.user, d, form.cleaned_data["action"], form.cleaned_data["on"],
                                     request=request)
            messages.success(request, "已撤销该登记。" if form.cleaned_data["action"] == "void" else "已登记。")
        except CaseworkError as e:
            messages.error(request, str(e))
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("publications:documents")


@roles_required(*CASE_ROLES)
def figures(request, year: int):
    check_report_year(year)
    agency = request.user.agency
    current = {f.row: f for f in Figure.objects.filter(agency=agency, year=year)}
    form = FigureForm(request.POST or None, initial_figures=current)
    if request.method == "POST" and form.is_valid():
        errors = 0
        for row in FIGURE_ROWS:
            value = form.cleaned_data[f"{row}_value"].strip()
            source = form.cleaned_data[f"{row}_source"].strip()
            if value == "" and row not in current:
                continue
            try:
                services.save_figure(request.user, year, row, value, source, request=request)
            except CaseworkError as e:
                errors += 1
                messages.error(request, str(e))
        if not errors:
            messages.success(request, f"{year}年表二数据已保存。")
            return redirect("publications:figures", year=year)
    return render(request, "publications/figures.html", {"form": form, "year": year})


@roles_required(*CASE_ROLES)
def guide(request):
    obj = Guide.objects.filter(agency=request.user.agency).first() or Guide(agency=request.user.agency)
    form = GuideForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        form.save()
        services.record(request.user, "guide_save", request.user.agency, new=form.cleaned_data, request=request)
        messages.success(request, "政府信息公开指南已更新。")
        return redirect("publications:guide")
    return render(request, "publications/guide_edit.html", {"form": form})
