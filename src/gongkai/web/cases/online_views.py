"""Online applications' pages (条例第二十九条), at the addresses they always had: the public form, the page after
it, the status look-up and the reply download under /gongkai/ (no login), and the office's list of online
applications with the reply upload under /publications/applications/ (URL namespace ``online``,
:mod:`.online_urls`).  Operations are in :mod:`.online`."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from gongkai.casework.errors import CaseworkError

from ..access import get_writable, roles_required, scoped
from ..accounts.models import CASE_ROLES, READ_ROLES
from ..agencies.models import Agency
from ..auditlog.services import record
from ..clientip import client_ip
from ..ratelimit import counters as ratelimit
from . import online
from .models import OnlineApplication, ReplyFile
from .online_forms import ApplicationForm, LookupForm, UploadForm

SESSION_KEY = "gongkai_online_applications"
DONE_KEY = "pub-apply-done"  # session: form submission id → the application it created (and its code, once)


def apply(request, agency_id: int):
    """The online application form (条例第二十九条).  Each rendering carries a submission id: the same
    form sent twice (double click, back and resend) leads to the one application it created; a success
    redirects to its own page, so reloading it does not apply again."""
    agency = get_object_or_404(Agency, pk=agency_id)
    if not online.accepts_online_applications(agency):
        return render(request, "cases/online/apply.html", {"agency": agency, "closed": True})
    form = ApplicationForm(request.POST or None, request.FILES or None)
    limit = int(getattr(settings, "GONGKAI_PUBLIC_APPLY_PER_HOUR", 5))
    submission = request.POST.get("submission", "")[:40] if request.method == "POST" else ""
    if request.method == "POST":
        if submission and submission in request.session.get(DONE_KEY, {}):
            return redirect("online:applied", agency_id=agency.pk, submission=submission)
        if online.rate_limited(f"pub-apply:{client_ip(request)}", limit):
            return render(request, "cases/online/apply.html", {"agency": agency, "form": form, "limited": True},
                          status=429)
        if form.is_valid():
            d = form.cleaned_data
            data = {**d, "form": d["access"] + (f"；{d['form_note']}" if d.get("form_note") else "")}
            try:
                app, code = online.submit_application(agency, data, d.get("id_scan"), request=request,
                                                         submission=submission)
            except CaseworkError as e:
                messages.error(request, str(e))
            else:
                request.session.setdefault(SESSION_KEY, [])
                request.session[SESSION_KEY] = [*request.session[SESSION_KEY], app.pk][-20:]
                submission = submission or secrets.token_urlsafe(12)
                done = {**request.session.get(DONE_KEY, {}), submission: {"pk": app.pk, "code": code}}
                request.session[DONE_KEY] = dict(list(done.items())[-10:])
                return redirect("online:applied", agency_id=agency.pk, submission=submission)
    return render(request, "cases/online/apply.html", {"agency": agency, "form": form,
                                                       "submission": submission or secrets.token_urlsafe(12),
                                                       "max_mb": online.public_upload_limit() // 1048576})


@require_safe
def applied(request, agency_id: int, submission: str):
    """The page after a successful application: tracking number, and the query code the first time only."""
    done = dict(request.session.get(DONE_KEY, {}))
    entry = done.get(submission)
    if entry is None:
        raise Http404("找不到这次提交。")
    app = get_object_or_404(OnlineApplication.objects.select_related("case"), pk=entry["pk"],
                            case__agency_id=agency_id)
    code = entry.get("code")
    if code:
        done[submission] = {**entry, "code": None}  # shown once; the site keeps only its hash
        request.session[DONE_KEY] = done
    return render(request, "cases/online/applied.html", {"agency": app.case.agency, "app": app, "code": code})


def status(request):
    form = LookupForm(request.POST or None)
    app = None
    if request.method == "POST":
        key = f"pub-lookup:{client_ip(request)}"
        limit = int(getattr(settings, "GONGKAI_PUBLIC_LOOKUP_FAILURES_PER_HOUR", 10))
        if ratelimit.limited(key, limit):
            return render(request, "cases/online/status.html", {"form": form, "limited": True}, status=429)
        if form.is_valid():
            app = online.find_application(form.cleaned_data["tracking_number"], form.cleaned_data["code"])
            if app is None:
                online.rate_limited(key, limit)
                messages.error(request, "查询编号或查询码不正确。")
            else:
                request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), app.pk][-20:]
                return redirect("online:application", pk=app.pk)
    return render(request, "cases/online/status.html", {"form": form})


def _own_application(request, pk: int) -> OnlineApplication:
    """Only applications this browser session proved it holds (tracking number + code, or just submitted)."""
    if pk not in request.session.get(SESSION_KEY, []):
        raise Http404("请先输入查询编号和查询码。")
    return get_object_or_404(OnlineApplication.objects.select_related("case", "case__agency"), pk=pk)


@require_safe
def application(request, pk: int):
    app = _own_application(request, pk)
    case = app.case
    return render(request, "cases/online/application.html", {"app": app, "case": case,
                                                             "replies": app.replies.all()})


@require_safe
def reply_download(request, pk: int, rid: int):
    app = _own_application(request, pk)
    rf = get_object_or_404(ReplyFile, pk=rid, application=app)
    record(None, "online_reply_download", app.case, new={"name": rf.name}, request=request,
           agency_id=app.case.agency_id)
    return FileResponse(rf.file.open("rb"), as_attachment=True, filename=rf.name, content_type=rf.content_type)


@roles_required(*READ_ROLES)
def applications(request):
    apps = scoped(OnlineApplication.objects.select_related("case", "case__agency"), request.user, "case__agency_id")
    return render(request, "cases/online/applications.html", {"apps": apps.order_by("-created_at")[:300],
                                                               "upload_form": UploadForm()})


@require_POST
@roles_required(*CASE_ROLES)
def reply_upload(request, pk: int):
    app = get_writable(OnlineApplication.objects.select_related("case"), request.user, pk, "case__agency_id")
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            online.add_reply(request.user, app, form.cleaned_data["file"], request=request)
            messages.success(request, f"答复书已上传，申请人可凭查询编号和查询码下载（申请 {app.case.number}）。")
        except CaseworkError as e:
            messages.error(request, str(e))
    else:
        messages.error(request, f"申请 {app.case.number}：" + "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("online:applications")
