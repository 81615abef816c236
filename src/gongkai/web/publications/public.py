"""Public side (no login): each agency's 政府信息公开指南 and 目录 (条例第十二条), a page per item with a
stable address, search, Atom/RSS feeds, and the online 依申请公开 form with status look-up.

Abuse controls: submissions and failed look-ups are rate-limited per client address (gongkai.web.ratelimit;
settings GONGKAI_PUBLIC_APPLY_PER_HOUR, GONGKAI_PUBLIC_LOOKUP_FAILURES_PER_HOUR); uploads are limited
in size and type; a case is found only by its random tracking number *and* its query code, and a
wrong pair gets the same answer whichever half was wrong — nobody can list or probe other cases.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from gongkai.casework.errors import CaseworkError
from gongkai.publications import CATEGORIES, WAS_PUBLISHED_STATES, categories_for

from ..agencies.models import Agency
from .. import ratelimit
from ..auditlog.services import record
from ..clientip import client_ip
from . import services
from .forms import LEVEL_OF_KIND, ApplicationForm, LookupForm
from .models import Guide, Item, OnlineApplication, ReplyFile

SESSION_KEY = "gongkai_online_applications"


def _published(agency):
    """The current published versions: the catalogue, search and counts (a superseded item is not listed)."""
    return Item.objects.filter(agency=agency, state="published", disclosure="proactive")


def _public_or_replaced(agency_id: int, number: str) -> Item:
    """The item at a public address: published, or superseded by a new version (变更) — never a draft."""
    agency = get_object_or_404(Agency, pk=agency_id)
    return get_object_or_404(Item.objects.filter(agency=agency, state__in=WAS_PUBLISHED_STATES,
                                                 disclosure="proactive").select_related("agency", "supersedes"),
                             number=number)


def _to_current(it: Item):
    """302 to the current version's page when ``it`` was superseded (its address stays valid)."""
    current = services.current_version(it)
    if current.pk != it.pk and current.state == "published":
        return redirect("disclosure:item", agency_id=current.agency_id, number=current.number)
    raise Http404("该信息已被替代。")


def _client(request) -> str:
    return client_ip(request)


@require_safe
def index(request):
    return render(request, "publications/public_index.html", {"agencies": Agency.objects.all(),
                                                               "online": services.online_agency_ids()})


@require_safe
def guide(request, agency_id: int):
    agency = get_object_or_404(Agency, pk=agency_id)
    level = LEVEL_OF_KIND.get(agency.kind, "county" if agency.kind == "department" else "other")
    return render(request, "publications/guide.html", {
        "agency": agency, "guide": Guide.objects.filter(agency=agency).first(), "categories": categories_for(level)})


@require_safe
def catalogue(request, agency_id: int):
    agency = get_object_or_404(Agency, pk=agency_id)
    items = _published(agency).order_by("-published_on", "-id")
    q = (request.GET.get("q") or "").strip()[:100]
    cat = request.GET.get("c") or ""
    if q:
        items = items.filter(Q(title__icontains=q) | Q(document_number__icontains=q) | Q(summary__icontains=q)
                             | Q(number__icontains=q))
    if cat in CATEGORIES:
        items = items.filter(category=cat)
    counts = dict(_published(agency).order_by().values_list("category").annotate(n=Count("id")))
    cats = [(c, counts.get(c.id, 0)) for c in CATEGORIES.values() if counts.get(c.id)]
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(request, "publications/catalogue.html", {"agency": agency, "page": page, "q": q, "cat": cat,
                                                           "cats": cats, "category": CATEGORIES.get(cat)})


@require_safe
def item(request, agency_id: int, number: str):
    it = _public_or_replaced(agency_id, number)
    if it.state == "superseded":  # 变更: the old address leads to the current version
        return _to_current(it)
    return render(request, "publications/item.html", {"item": it, "agency": it.agency,
                                                      "attachments": it.attachments.all()})


@require_safe
def item_attachment(request, agency_id: int, number: str, aid: int):
    it = _public_or_replaced(agency_id, number)
    if it.state == "superseded":  # the old file may be what the change corrected: show the current page
        return _to_current(it)
    att = get_object_or_404(it.attachments, pk=aid)
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name, content_type=att.content_type)


DONE_KEY = "pub-apply-done"  # session: form submission id → the application it created (and its code, once)


def apply(request, agency_id: int):
    """The online application form (条例第二十九条).  Each rendering carries a submission id: the same
    form sent twice (double click, back and resend) leads to the one application it created; a success
    redirects to its own page, so reloading it does not apply again."""
    agency = get_object_or_404(Agency, pk=agency_id)
    if not services.accepts_online_applications(agency):
        return render(request, "publications/apply.html", {"agency": agency, "closed": True})
    form = ApplicationForm(request.POST or None, request.FILES or None)
    limit = int(getattr(settings, "GONGKAI_PUBLIC_APPLY_PER_HOUR", 5))
    submission = request.POST.get("submission", "")[:40] if request.method == "POST" else ""
    if request.method == "POST":
        if submission and submission in request.session.get(DONE_KEY, {}):
            return redirect("disclosure:applied", agency_id=agency.pk, submission=submission)
        if services.rate_limited(f"pub-apply:{_client(request)}", limit):
            return render(request, "publications/apply.html", {"agency": agency, "form": form, "limited": True},
                          status=429)
        if form.is_valid():
            d = form.cleaned_data
            data = {**d, "form": d["access"] + (f"；{d['form_note']}" if d.get("form_note") else "")}
            try:
                app, code = services.submit_application(agency, data, d.get("id_scan"), request=request,
                                                         submission=submission)
            except CaseworkError as e:
                messages.error(request, str(e))
            else:
                request.session.setdefault(SESSION_KEY, [])
                request.session[SESSION_KEY] = [*request.session[SESSION_KEY], app.pk][-20:]
                submission = submission or secrets.token_urlsafe(12)
                done = {**request.session.get(DONE_KEY, {}), submission: {"pk": app.pk, "code": code}}
                request.session[DONE_KEY] = dict(list(done.items())[-10:])
                return redirect("disclosure:applied", agency_id=agency.pk, submission=submission)
    return render(request, "publications/apply.html", {"agency": agency, "form": form,
                                                       "submission": submission or secrets.token_urlsafe(12),
                                                       "max_mb": services.public_upload_limit() // 1048576})


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
    return render(request, "publications/applied.html", {"agency": app.case.agency, "app": app, "code": code})


def status(request):
    form = LookupForm(request.POST or None)
    app = None
    if request.method == "POST":
        key = f"pub-lookup:{_client(request)}"
        limit = int(getattr(settings, "GONGKAI_PUBLIC_LOOKUP_FAILURES_PER_HOUR", 10))
        if ratelimit.limited(key, limit):
            return render(request, "publications/status.html", {"form": form, "limited": True}, status=429)
        if form.is_valid():
            app = services.find_application(form.cleaned_data["tracking_number"], form.cleaned_data["code"])
            if app is None:
                services.rate_limited(key, limit)
                messages.error(request, "查询编号或查询码不正确。")
            else:
                request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), app.pk][-20:]
                return redirect("disclosure:application", pk=app.pk)
    return render(request, "publications/status.html", {"form": form})


def _own_application(request, pk: int) -> OnlineApplication:
    """Only applications this browser session proved it holds (tracking number + code, or just submitted)."""
    if pk not in request.session.get(SESSION_KEY, []):
        raise Http404("请先输入查询编号和查询码。")
    return get_object_or_404(OnlineApplication.objects.select_related("case", "case__agency"), pk=pk)


@require_safe
def application(request, pk: int):
    app = _own_application(request, pk)
    case = app.case
    return render(request, "publications/application.html", {"app": app, "case": case,
                                                             "replies": app.replies.all()})


@require_safe
def reply_download(request, pk: int, rid: int):
    app = _own_application(request, pk)
    rf = get_object_or_404(ReplyFile, pk=rid, application=app)
    record(None, "online_reply_download", app.case, new={"name": rf.name}, request=request,
           agency_id=app.case.agency_id)
    return FileResponse(rf.file.open("rb"), as_attachment=True, filename=rf.name, content_type=rf.content_type)
