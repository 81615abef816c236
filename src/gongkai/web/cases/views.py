"""Casework views: thin — forms in, services called, Chinese errors shown."""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe

from gongkai.casework.deadlines import case_status, event_flag, is_overdue, timeliness
from gongkai.casework.errors import CalendarUnavailable, CaseworkError, LedgerImportError
from gongkai.casework.letters import KINDS as LETTER_KINDS
from gongkai.casework.letters import OUTCOME_TEXT
from gongkai.casework.model import (APPLICANT_TYPES, CHANNELS, CLARIFICATION, CLOSED, OPEN_STATES, RECEIPT_RULES,
                                    STATES, WITHDRAWN, Event, disposition_label, id_number_problems)
from gongkai.casework.workflow import REPLY_FIELDS, TRANSITIONS, allowed_events, reply_due

from ..access import get_scoped, get_writable, roles_required
from ..accounts.models import CASE_ROLES, HEAD_ROLES, READ_ROLES, REPLY_REVIEWER_ROLES
from ..auditlog.services import record
from ..urls_fast import esc, truncate_chars, url_pattern
from ..clock import today
from ..reports.services import record_versions
from ..downloads import attachment as content_disposition
from ..security import mask_id, mask_phone
from ..spreadsheet import csv_text, xlsx_bytes
from . import services
from .engine import decode, office_cal, settings_for, to_request
from .forms import AttachmentForm, EditForm, ExtensionRequestForm, FilterForm, IntakeForm, event_form
from .models import Attachment, DeadlineChange, DisclosureRequest
from .services import describe_change, due_soon_limit, overdue_q, running_q

TABS = {"open": "办理中", "due_soon": "即将到期", "overdue": "已超期", "paused": "暂停计时",
        "expired": "暂停期满待处理", "closed": "已办结", "all": "全部"}
#: a paused case whose own period (补正期限, 征求意见答复期限, 缴费期限) has run out: the worklist badge
EXPIRED_BADGES = {CLARIFICATION: "补正期满", "consultation": "征求意见超期", "awaiting_fee": "缴费期满"}
EVENT_HELP = {
    "accept": "条例第三十一条",
    "confirm_receipt": "第三十一条：平常信函、网络、传真提交的，以确认之日为收到申请之日；登记后答复期限自该日起算",
    "consultation_received": "第三十二条：第三方自收到征求意见书之日起15个工作日内提出意见",
    "delay_reply": "第三十五条：申请数量、频次明显超过合理范围，要求说明理由后认为合理、但无法在第三十三条期限内答复的，"
                   "确定延迟答复的合理期限并告知申请人（不占用第三十三条的20个工作日延期）",
    "clarification_lapsed": "第三十条：申请人无正当理由逾期不补正的，视为放弃申请，计入表三（六）1（计入补正期限届满之年）",
    "fee_lapsed": "逾期未缴纳信息处理费的，视为放弃申请，计入表三（六）2（计入缴费期限届满之年）",
    "request_clarification": "第三十条：收到申请之日起7个工作日内一次性告知",
    "receive_clarification": "第三十条：答复期限自收到补正的申请之日起计算",
    "start_consultation": "第三十二条、第三十四条：征求意见时间不计入答复期限",
    "extend": "第三十三条：经政府信息公开工作机构负责人同意并告知申请人，最长延长20个工作日",
    "issue_fee_notice": "国办函〔2020〕109号：收费通知发出至缴费期间不计入答复期限",
    "respond": "第三十六条至第三十九条：答复结果对应年报表三的恰好一行",
    "submit_reply": "本机关已启用答复审核：答复（办理结果和答复书内容）经审核人审核通过后发出；审核期间答复期限照常计算",
    "return_reply": "退回经办人修改，须写明理由",
    "approve_reply": "审核通过后答复即以今天的日期发出（网上申请的答复书同时发布到申请人的查询页面）",
}
#: 答复审核 steps only a 审核人 takes
REVIEW_STEPS = frozenset({"approve_reply", "return_reply"})
WORKLIST_FIELDS = ("number", "requester_name", "applicant_type", "contact", "id_document", "description",
                   "channel", "received_on", "state", "due", "due_provisional", "paused", "handler", "disposition",
                   "closed_on", "agency__name")


def _cases(user, ids=None):
    ids = user.scope_agency_ids() if ids is None else ids
    if getattr(ids, "whole", False):  # every agency's (a case always has one): no list of ids in the query
        return DisclosureRequest.objects.all()
    return DisclosureRequest.objects.filter(agency_id__in=ids)


def _filtering(form) -> bool:
    """Whether the filter form narrows the worklist (a form with errors filters nothing)."""
    return form.is_valid() and any(form.cleaned_data.get(f) for f in ("q", "state", "applicant_type", "channel",
                                                                      "year"))


def filtered(request, ids=None):
    """The worklist queryset for the request's tab and filters, and the filter form (``ids``: the user's
    scope when already read)."""
    user = request.user
    qs = _cases(user, ids)
    tab = request.GET.get("tab", "open")
    if tab not in TABS:
        tab = "open"
    day = today()
    open_states = list(OPEN_STATES)
    if tab == "open":
        qs = qs.filter(state__in=open_states)
    elif tab == "due_soon":
        limit = due_soon_limit(day)
        qs = qs.filter(running_q(), due__gte=day, due__lte=limit or day)
    elif tab == "overdue":
        qs = qs.filter(overdue_q(day))
    elif tab == "paused":
        qs = qs.filter(state__in=open_states, paused=True)
    elif tab == "expired":
        qs = qs.filter(state__in=open_states, paused=True, due__lt=day)
    elif tab == "closed":
        qs = qs.filter(state__in=[CLOSED, WITHDRAWN])
    form = FilterForm(request.GET or None)
    if _filtering(form):
        d = form.cleaned_data
        if d.get("q"):
            q = d["q"].strip()
            qs = qs.filter(Q(number__icontains=q) | Q(requester_name__icontains=q) | Q(description__icontains=q)
                           | Q(handler__icontains=q))
        for f in ("state", "applicant_type", "channel"):
            if d.get(f):
                qs = qs.filter(**{f: d[f]})
        if d.get("year"):
            qs = qs.filter(received_on__year=d["year"])
    if tab in ("due_soon", "overdue", "expired"):
        qs = qs.order_by("due", "id")
    return tab, qs, form


def _row(c: dict, show_personal: bool) -> dict:
    return {**c, "applicant_type_label": APPLICANT_TYPES.get(c["applicant_type"], ""),
            "channel_label": CHANNELS.get(c["channel"], ""), "state_label": STATES.get(c["state"], ""),
            "disposition_label": disposition_label(c["disposition"]),
            "due_provisional_label": ("暂定" if c.get("due_provisional") else "") if c.get("due") else "",
            "contact": c["contact"] if show_personal else mask_phone(c["contact"]),
            "id_document": c["id_document"] if show_personal else mask_id(c["id_document"])}


@require_safe
@roles_required(*READ_ROLES)
def worklist(request):
    # (paused cases stored before they carried their period's end were re-derived by migration cases 0003)
    ids = request.user.scope_agency_ids()  # read once (a supervisor's: the agency tree)
    tab, qs, form = filtered(request, ids)
    day = today()
    base = _cases(request.user, ids).filter(state__in=list(OPEN_STATES))
    # the tabs' counts (and the provisional ones), kept per agency under its record version (read first)
    versions = record_versions(ids)
    n = services.open_counts(ids, versions, day)
    counts = {k: n[k] for k in ("open", "due_soon", "overdue", "paused", "expired")}
    provisional = n["provisional"]
    # without a filter the number of cases is known without counting them again: a tab's count, or 全部 kept by
    # record version (a filter's is counted on the cases alone)
    paginator = Paginator(qs.values_list("id", flat=True), 50)
    if not _filtering(form):
        if tab in counts:
            paginator.count = counts[tab]
        elif tab == "all":
            paginator.count = services.cases_total(ids, versions)
    page = paginator.get_page(request.GET.get("page"))
    # the page's rows in one query: its ids chosen in a subquery sorted on the cases alone (through the indexes,
    # however deep the page), then their 50 rows with the agency's name (PostgreSQL: a round trip less than
    # reading the ids first)
    start = (page.number - 1) * paginator.per_page
    order = qs.query.order_by or DisclosureRequest._meta.ordering
    show = request.user.view_personal_data
    rows = [_row(c, show) for c in DisclosureRequest.objects.filter(
        id__in=qs.values("id")[start:start + paginator.per_page]).order_by(*order).values("id", *WORKLIST_FIELDS)]
    for r in rows:
        r["overdue"] = is_overdue(r["state"], r["due"], day)
        r["expired"] = (EXPIRED_BADGES.get(r["state"], "") if r["state"] in OPEN_STATES and r["paused"] and r["due"]
                        and r["due"] < day else "")
    params = {k: v for k, v in request.GET.items() if k != "page"}
    since = day - dt.timedelta(days=30)
    moved = [{"id": ch.case_id, "number": ch.case.number, "text": describe_change(ch), "told": ch.told_applicant,
              "note": ch.note}
             for ch in DeadlineChange.objects.filter(case__in=base, on__gte=since)
             .select_related("case")[:50]]
    return render(request, "cases/worklist.html", {
        "moved": moved, "provisional": provisional,
        "tab": tab, "tabs": TABS, "counts": counts, "page": page, "rows": rows,
        "rows_html": _worklist_rows_html(rows, len(ids) > 1),
        "form": form, "form_html": form.as_p_kept(), "today": day,
        "query": urlencode(params), "query_no_tab": urlencode({k: v for k, v in params.items() if k != "tab"}),
        "can_register": request.user.handles_cases, "multi_agency": len(ids) > 1})


_PROVISIONAL_BADGE = ' <span class="badge provisional" title="该年国务院节假日安排尚未加载，按法定节假日暂定">暂定</span>'


def _worklist_rows_html(rows: list[dict], multi_agency: bool):
    """The worklist's rows as HTML built here, every value escaped and the dates in the language's
    DATE_FORMAT as the template showed them: the template engine's per-variable cost was the larger part of the
    page's CPU (50 rows × a dozen values).  The case address is reversed once, each date formatted once."""
    href = url_pattern("cases:detail")
    date_fmt = get_format("DATE_FORMAT")
    dates: dict = {}

    def date(d):
        if d not in dates:
            dates[d] = esc(dateformat.format(d, date_fmt))
        return dates[d]

    out = []
    for r in rows:
        label = r["disposition_label"]
        due = ""
        if r["due"]:
            due = date(r["due"]) + (_PROVISIONAL_BADGE if r["due_provisional"] else "")
        if r["overdue"]:
            due += ' <span class="badge overdue">超期</span>'
        elif r["expired"]:
            due += f' <span class="badge overdue">{esc(r["expired"])}</span>'
        elif r["paused"]:
            due += ' <span class="badge paused">暂停</span>'
        agency = f'<td>{esc(r["agency__name"])}</td>' if multi_agency else ""
        disposition = (f'：<span title="{esc(label)}">{esc(truncate_chars(label, 20))}</span>' if label else "")
        out.append(
            f'<tr>\n<td><a href="{esc(href(r["id"]))}">{esc(r["number"])}</a></td>{agency}\n'
            f'<td>{date(r["received_on"])}</td><td>{esc(r["requester_name"])}</td>'
            f'<td>{esc(r["applicant_type_label"])}</td><td>{esc(r["contact"])}</td>\n'
            f'<td>{esc(truncate_chars(r["description"], 40))}</td>\n'
            f'<td>{esc(r["state_label"])}{disposition}</td>\n<td>{due}</td>\n<td>{esc(r["handler"])}</td></tr>\n')
    return mark_safe("".join(out))


EXPORT_COLUMNS = [("number", "申请编号"), ("agency__name", "机关"), ("received_on", "收到申请之日"),
                  ("requester_name", "申请人"), ("applicant_type_label", "申请人类型"), ("id_document", "身份证明"),
                  ("contact", "联系方式"), ("channel_label", "渠道"), ("description", "申请内容"),
                  ("state_label", "状态"), ("due", "期限届满日"), ("due_provisional_label", "期限是否暂定"),
                  ("handler", "经办人"), ("disposition_label", "办理结果"), ("closed_on", "办结日期"),
                  ("working_days_used", "用时（工作日）"), ("timeliness", "按期情况"), ("working_days_late", "逾期工作日")]


@require_safe
@roles_required(*READ_ROLES)
def export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    tab, qs, form = filtered(request)
    if form.is_bound and not form.is_valid():  # do not export everything when the filter could not be read
        messages.error(request, "筛选条件有误，未导出：" + "；".join(e for errs in form.errors.values() for e in errs))
        return redirect(reverse("cases:worklist") + "?" + request.GET.urlencode())
    show = request.user.view_personal_data
    rows = [_row(c, show) for c in qs.values("id", *WORKLIST_FIELDS).iterator()]
    times = services.timeliness_of(qs)
    for r in rows:
        t = times.get(r["id"])
        r["working_days_used"] = t.working_days_used if t is not None else None
        r["timeliness"] = t.label if t is not None else ""
        r["working_days_late"] = t.working_days_late if t is not None and t.status == "late" else None
    record(request.user, "export", None, new={"what": "办件清单", "format": fmt, "rows": len(rows),
                                             "personal_data": show}, request=request)
    header = [label for _, label in EXPORT_COLUMNS]
    values = [[("" if r[k] is None else r[k]) for k, _ in EXPORT_COLUMNS] for r in rows]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(header)
        for v in values:
            w.writerow([x.isoformat() if hasattr(x, "isoformat") else csv_text(x) for x in v])
        resp = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        resp = HttpResponse(xlsx_bytes("办件清单", header, values),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = content_disposition(f"办件清单.{fmt}", f"cases.{fmt}")
    return resp


@roles_required(*CASE_ROLES)
def new(request):
    day = today()
    form = IntakeForm(request.POST or None, agency=request.user.agency,
                      initial={"submitted_on": day, "signed_on": day, "confirmed_on": day, "channel": "online",
                               "applicant_type": "natural_person"})
    # the form's one-time id, as on the online application form: the same form sent again (back and resend,
    # a double click) leads to the case it registered instead of registering a second one
    submission = request.POST.get("submission", "")[:40] if request.method == "POST" else ""
    if submission:
        again = _registered_by(request, submission)
        if again is not None:
            return again
    if request.method == "POST" and form.is_valid():
        lock = f"{NEW_DONE_KEY}:{request.user.pk}:{submission}"
        if submission and not cache.add(lock, 0, 3600):  # the same form is being registered right now
            return _registered_by(request, submission, wait=True) or redirect("cases:worklist")
        try:
            fields = form.case_fields()
            case = services.register(request.user, request=request, **fields)
        except CaseworkError as e:
            if submission:
                cache.delete(lock)
            form.add_error(None, str(e))
        else:
            if submission:
                cache.set(lock, case.pk, 3600)
                done = {**request.session.get(NEW_DONE_KEY, {}), submission: case.pk}
                request.session[NEW_DONE_KEY] = dict(list(done.items())[-20:])
            messages.success(request, f"已登记申请 {case.number}。")
            for remark in id_number_problems(case.id_document):
                messages.warning(request, remark + "（已按填写的内容登记，可在“修改申请信息”中更正）。")
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/new.html", {"form": form, "submission": submission or secrets.token_urlsafe(12)})


NEW_DONE_KEY = "case-new-done"  # session (and cache, across simultaneous requests): form id → the case it registered


def _registered_by(request, submission: str, wait: bool = False):
    """The redirect to the case this form id registered already (with a message), or None."""
    pk = request.session.get(NEW_DONE_KEY, {}).get(submission)
    if pk is None:
        pk = cache.get(f"{NEW_DONE_KEY}:{request.user.pk}:{submission}")
        if wait and not pk:
            messages.info(request, "这份申请正在登记（表单提交了两次），请在工作台查看，不要重复登记。")
            return None
    case = DisclosureRequest.objects.filter(pk=pk, agency_id=request.user.agency_id).first() if pk else None
    if case is None:
        return None
    messages.info(request, f"这份申请已登记为 {case.number}，未重复登记。")
    return redirect("cases:detail", pk=case.pk)


#: engine events a case page does not offer: ``import`` records a ledger's result (导入台账 only), it must
#: not let a case be closed without the steps its result needs
NOT_A_UI_EVENT = frozenset({"import"})


@roles_required(*CASE_ROLES)
def import_ledger(request):
    """导入台账: an office's existing ledger (XLSX/CSV) registered at once — all rows or none."""
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("ledger")
        if upload is None:
            errors = ["请选择台账文件（XLSX 或 CSV）。"]
        elif upload.size > settings.GONGKAI_ATTACHMENT_MAX_BYTES:
            errors = [f"文件过大（上限 {settings.GONGKAI_ATTACHMENT_MAX_BYTES // 1048576} MB）。"]
        else:
            try:
                cases = services.import_ledger_upload(request.user, upload, request=request)
            except LedgerImportError as e:
                errors = e.errors
            except CaseworkError as e:
                errors = [str(e)]
            else:
                messages.success(request, f"已从台账「{upload.name}」导入 {len(cases)} 件申请。")
                return redirect(reverse("cases:worklist") + "?tab=all")
    return render(request, "cases/import.html", {"errors": errors})


def _letters(case, events) -> list[tuple[str, str, int]]:
    """(kind, label, event seq) of the letters this case's events allow."""
    out = []
    kinds = {"request_clarification": "clarification", "extend": "extension", "start_consultation": "consultation",
             "issue_fee_notice": "fee", "respond": "reply", "delay_reply": "delay", "submit_reply": "reply"}
    for e in events:
        if e.kind in kinds:
            if e.kind in ("respond", "submit_reply") and e.data.get("disposition") not in OUTCOME_TEXT:
                continue
            label = LETTER_KINDS[kinds[e.kind]] + (f"（送审稿，{e.on}）" if e.kind == "submit_reply" else "")
            out.append((kinds[e.kind], label, e.seq))
    return out


@require_safe
@roles_required(*READ_ROLES)
def detail(request, pk: int):
    # whether the case has attachments and deadline changes comes with it (most have neither: two queries fewer;
    # on PostgreSQL each is a round trip); its events by their number (the model's order joins the case's own)
    case = get_scoped(DisclosureRequest.objects.select_related("agency").annotate(
        has_attachments=Exists(Attachment.objects.filter(case=OuterRef("pk"))),
        has_deadline_changes=Exists(DeadlineChange.objects.filter(case=OuterRef("pk")))), request.user, pk)
    events = list(case.events.order_by("seq"))
    req = to_request(case, events)
    day = today()
    trail, status, cal_error = [], None, ""
    try:
        status = case_status(req, day, office_cal())
        cal_error = status.calendar_error
        if req.is_open and req.state != CLARIFICATION:
            trail = reply_due(req, office_cal()).trail("起算日（收到申请之日或收到补正之日）")
        elif req.state == CLARIFICATION:
            trail = [f"补正期限届满日：{req.clarification_due}（告知补正之日 {req.clarification_requested_on} 起"
                     f"{[e for e in req.events if e.kind == 'request_clarification'][-1].data.get('period_days')}个工作日）",
                     "补正期间答复期限不计算；收到补正后重新起算20个工作日（第三十条）。"]
    except CalendarUnavailable as e:
        cal_error = str(e)
    closing = timeliness(req, office_cal()) if not req.is_open else None
    user = request.user
    can_write = user.handles_cases and case.agency_id == user.agency_id
    show_personal = can_write or user.view_personal_data
    forms_ = []
    if can_write:
        agency_settings = settings_for(case.agency)
        try:  # only what the statute still allows
            offered = allowed_events(req, office_cal(), agency_settings, today=day)
        except CalendarUnavailable:
            offered = allowed_events(req, settings=agency_settings)
        for kind in offered:
            if kind in NOT_A_UI_EVENT or (kind == "extend" and user.role not in HEAD_ROLES) \
                    or (kind in REVIEW_STEPS and user.role not in REPLY_REVIEWER_ROLES):
                continue
            initial = {"version": case.version, "on": day, "notified_on": day}
            if kind == "submit_reply":
                initial.update(_last_draft(req))  # a returned reply is revised, not written anew
            f = event_form(kind, initial=initial, case=case)
            if hasattr(f, "limit_to"):
                f.limit_to(req)
            forms_.append((kind, TRANSITIONS[kind][2], EVENT_HELP.get(kind, ""), f))
        if "extend" in offered and user.role not in HEAD_ROLES and not case.pending_extension:
            f = ExtensionRequestForm(prefix="extreq", initial={"version": case.version, "on": day})
            forms_.append(("extension_request", "提请延期（报负责人批准）", EVENT_HELP["extend"], f))
    timeline = [{"seq": 0, "kind": "register", "label": "登记", "on": case.received_on, "actor": "", "data": {}}]
    timeline += [{"seq": e.seq, "kind": e.kind, "label": TRANSITIONS.get(e.kind, (0, 0, e.kind))[2], "on": e.on,
                  "actor": e.actor, "data": _describe(decode(e.data)),
                  "flag": event_flag(Event(e.kind, e.on, e.actor, decode(e.data)))} for e in events]
    # deadline changes by a new holiday calendar, in date order after the events of the same day
    timeline += [{"seq": 10**6 + ch.pk, "kind": "deadline_change", "label": "期限调整", "on": ch.on, "actor": ch.actor,
                  "data": [describe_change(ch)] + ([ch.note] if ch.note else []), "flag": ""}
                 for ch in (case.deadline_changes.all() if case.has_deadline_changes else ())]
    timeline.sort(key=lambda t: (t["on"], t["seq"]))
    return render(request, "cases/detail.html", {
        "case": case, "req": req, "status": status, "trail": trail, "cal_error": cal_error, "forms": forms_,
        "timeline": timeline, "letters": _letters(case, events), "can_write": can_write,
        "can_approve": can_write and user.role in HEAD_ROLES and case.pending_extension,
        "draft": _draft_view(req),
        "id_document": case.id_document if show_personal else mask_id(case.id_document),
        "contact": case.contact if show_personal else mask_phone(case.contact),
        "address": case.address if show_personal else "（已隐藏）",
        "attachments": case.attachments.all() if case.has_attachments else (),
        "attachment_form": AttachmentForm() if can_write else None,
        "today": day, "timeliness": closing, "receipt_rule": RECEIPT_RULES.get(case.channel, "")})


def _draft_view(req) -> dict | None:
    """The reply in 答复审核 as the case page shows it (who submitted it when, its outcome and text)."""
    d = req.reply_draft
    if not d:
        return None
    return {**d, "disposition_label": disposition_label(d.get("disposition"))}


def _last_draft(req) -> dict:
    """The fields of the last reply submitted for 答复审核 (to prefill the form when it was returned)."""
    last = next((e for e in reversed(req.events) if e.kind == "submit_reply"), None)
    return {k: last.data[k] for k in REPLY_FIELDS if last is not None and last.data.get(k)}


_DATA_LABELS = {"items": "补正事项", "period_days": "补正期限（工作日）", "days": "延长工作日", "approved_by": "批准人",
                "notified_on": "告知申请人日期", "reason": "理由", "party": "被征求意见方", "amount_yuan": "金额（元）",
                "disposition": "办理结果", "info_given": "提供的信息", "info_withheld": "不予公开部分", "handler": "经办人",
                "answer_due": "意见答复期限", "requested_by": "提请人", "late_notice": "超过7个工作日告知", "notice_due": "补正告知期限",
                "received_on": "收到日期", "requested_on": "提请日期", "withdrawn": "撤回", "result_text": "台账中的办理结果",
                "source": "台账文件", "line": "台账行号", "method": "计费方式", "consultation_kind": "征求意见类型",
                "party_received_on": "对方收到征求意见书日期", "answer_due_basis": "意见期限起算",
                "after_answer_due": "在意见答复期限届满后结束", "late": "逾期补正", "clarification_due": "补正期限",
                "notified_late": "期满后告知", "original_due": "原答复期限", "reason_asked_on": "要求说明理由日期",
                "applicant_reason": "申请人说明的理由", "period_ended": "期限届满日（计入该日所在年度）",
                "submitted_on": "提交日期", "rule": "依据", "pages": "页数", "confirm_large": "已确认大额",
                "reviewed_by": "审核人", "reviewed_on": "审核通过日期", "comment": "审核意见",
                "after_due": "期满后决定", "registered_late": "期满后登记（登记日期）",
                "told_due": "文书告知的日期"}
#: internal keys not shown in the timeline
_DATA_HIDDEN = frozenset({"consultation_kind", "method", "told_provisional"})  # told_provisional: said with told_due


def _describe(data: dict) -> list[str]:
    out = []
    for k, v in data.items():
        if k in _DATA_HIDDEN:
            continue
        if k == "told_due":  # the date the letter told the applicant, frozen when it was sent
            v = f"{v}" + ("（暂按法定节假日推算）" if data.get("told_provisional") else "")
        elif k == "disposition":
            v = disposition_label(v)
        elif isinstance(v, list):
            v = "；".join(map(str, v))
        elif isinstance(v, bool):
            v = "是" if v else "否"
        out.append(f"{_DATA_LABELS.get(k, k)}：{v}")
    return out


def _version(request) -> int:
    for k, v in request.POST.items():
        if k.endswith("version"):
            try:
                return int(v)
            except ValueError:
                break
    raise PermissionDenied("缺少版本号。")


@require_POST
@roles_required(*CASE_ROLES)
def event(request, pk: int, kind: str):
    case = get_writable(DisclosureRequest.objects.select_related("agency"), request.user, pk)
    if kind not in TRANSITIONS or kind in NOT_A_UI_EVENT:
        raise Http404
    if kind == "extend" and request.user.role not in HEAD_ROLES:
        raise PermissionDenied("延期须经负责人（审核人或签发人）批准；经办人请使用“提请延期”。")
    if kind in REVIEW_STEPS and request.user.role not in REPLY_REVIEWER_ROLES:
        raise PermissionDenied("答复由审核人审核（审核通过或退回修改）。")
    form = event_form(kind, request.POST, case=case)
    if not form.is_valid():
        if "version" in form.errors:
            messages.error(request, f"“{TRANSITIONS[kind][2]}”未保存：表单缺少有效的版本号（页面可能已过期），请刷新页面后重试。")
        else:
            messages.error(request, f"“{TRANSITIONS[kind][2]}”未保存：" + "；".join(
                f"{form.fields[f].label}：{' '.join(e)}" if f in form.fields and form.fields[f].label else ' '.join(e)
                for f, e in form.errors.items()))
        return redirect("cases:detail", pk=pk)
    try:
        if kind == "approve_reply":  # 审核通过: the reply goes out today
            services.approve_reply(request.user, case, form.cleaned_data["version"],
                                   comment=form.cleaned_data.get("comment", ""), request=request)
        else:
            data = form.engine_data()
            if kind == "extend":
                data["approved_by"] = request.user.display_name
            services.apply_event(request.user, case, form.cleaned_data["version"], kind, form.cleaned_data["on"],
                                 data, request=request)
    except CaseworkError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "已审核通过，答复已发出（登记“答复”）。" if kind == "approve_reply"
                         else f"已登记“{TRANSITIONS[kind][2]}”。")
        last = DisclosureRequest.objects.get(pk=pk).events.order_by("-seq").first()
        if kind in ("respond", "approve_reply") and last is not None and last.kind == "respond" \
                and hasattr(case, "online_application"):
            # an online applicant gets the 答复书 on the status page at once, as a PDF (not an editable file)
            published, why = services.publish_reply_pdf(request.user, DisclosureRequest.objects.get(pk=pk), last.seq,
                                                        request=request)
            if published:
                messages.success(request, "答复书已转为 PDF，发布到网上申请人的查询页面。")
            else:
                messages.warning(request, f"答复书未能自动发布给网上申请人（{why}），请在“主动公开 → 网上申请”中上传。")
        flag = event_flag(Event(last.kind, last.on, last.actor, decode(last.data))) if last else ""
        if flag:
            messages.warning(request, f"请注意：{flag}。")
    return redirect("cases:detail", pk=pk)


@require_POST
@roles_required(*CASE_ROLES)
def extension(request, pk: int, action: str):
    """Extension by request and approval: 经办人 ``request``; 审核人/签发人 ``approve`` or ``refuse``."""
    case = get_writable(DisclosureRequest.objects.select_related("agency"), request.user, pk)
    try:
        if action == "request":
            form = ExtensionRequestForm(request.POST, prefix="extreq")
            if not form.is_valid():
                raise CaseworkError("提请延期未保存：请填写日期、延长天数和理由。")
            d = form.cleaned_data
            services.request_extension(request.user, case, d["version"], on=d["on"], days=d["days"],
                                       reason=d["reason"], request=request)
            messages.success(request, "已提请延期，待审核人或签发人批准。")
        elif action in ("approve", "refuse"):
            if request.user.role not in HEAD_ROLES:
                raise PermissionDenied("只有审核人或签发人可以批准延期。")
            pending = case.pending_extension
            if not pending:
                raise CaseworkError("没有待批准的延期。")
            version = _version(request)
            if action == "refuse":
                services.refuse_extension(request.user, case, version, request=request)
                messages.success(request, "已不同意延期。")
            else:
                # the extension is decided when the head approves it — today, which must lie within the
                # period (第三十三条); the clerk's request date stays on record as requested_on
                on = today()
                services.apply_event(request.user, case, version, "extend", on,
                                     {"days": pending["days"], "reason": pending["reason"],
                                      "approved_by": request.user.display_name, "notified_on": on,
                                      "requested_by": pending["by"], "requested_on": pending["on"]}, request=request)
                messages.success(request, f"已批准延期 {pending['days']} 个工作日。")
        else:
            raise Http404
    except CaseworkError as e:
        messages.error(request, str(e))
    return redirect("cases:detail", pk=pk)


@roles_required(*CASE_ROLES)
def edit(request, pk: int):
    case = get_writable(DisclosureRequest.objects.select_related("agency"), request.user, pk)
    form = EditForm(request.POST or None, instance=case, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        version = d.pop("version")
        try:
            fresh = DisclosureRequest.objects.get(pk=pk)
            services.edit(request.user, fresh, version, d, request=request)
        except CaseworkError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "已保存。")
            return redirect("cases:detail", pk=pk)
    return render(request, "cases/edit.html", {"form": form, "case": case})


@require_safe
@roles_required(*CASE_ROLES)
def letter(request, pk: int, kind: str, seq: int):
    """Download the DOCX letter generated from the event ``seq`` (casework.letters templates)."""
    case = get_writable(DisclosureRequest.objects.select_related("agency"), request.user, pk)
    events = list(case.events.all())
    avail = {(k, s) for k, _, s in _letters(case, events)}
    if (kind, seq) not in avail:
        raise Http404("没有这份文书。")
    try:
        content = services.letter_docx(case, kind, seq, events)
    except CaseworkError as e:
        messages.error(request, str(e))
        return redirect("cases:detail", pk=pk)
    record(request.user, "letter_download", case, new={"kind": kind, "seq": seq}, request=request)
    resp = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    resp["Content-Disposition"] = content_disposition(f"{case.number}政府信息公开申请{LETTER_KINDS[kind]}书.docx",
                                                      f"{case.number}-{kind}.docx")
    return resp


@require_POST
@roles_required(*CASE_ROLES)
def upload(request, pk: int):
    case = get_writable(DisclosureRequest.objects.select_related("agency"), request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
    else:
        try:
            services.add_attachment(request.user, case, form.cleaned_data["file"], request=request)
        except CaseworkError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, "附件已上传。")
    return redirect("cases:detail", pk=pk)


@require_safe
@roles_required(*CASE_ROLES)
def attachment(request, pk: int, aid: int):
    case = get_writable(DisclosureRequest.objects.all(), request.user, pk)
    att = Attachment.objects.filter(case=case, pk=aid).first()
    if att is None:
        raise Http404
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name, content_type=att.content_type)
