"""Public side (no login): each agency's 政府信息公开指南 and 目录 (条例第十二条), a page per item with a
stable address, search and Atom/RSS feeds.  (The online 依申请公开 form and its status look-up, at the same
/gongkai/ addresses, are the cases app's: :mod:`gongkai.web.cases.online_views`.)
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from gongkai.publications import CATEGORIES, WAS_PUBLISHED_STATES, categories_for

from ..agencies.models import Agency
from ..cases.services import online_agency_ids
from . import services
from .forms import LEVEL_OF_KIND
from .models import Guide, Item


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


@require_safe
def index(request):
    return render(request, "publications/public_index.html", {"agencies": Agency.objects.all(),
                                                               "online": online_agency_ids()})


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
