"""Atom and RSS feeds of newly published items (django.contrib.syndication): all agencies, or one.

A new version (变更) is a new entry (its own 索引号 and guid); the version it replaced leaves the feed."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from ..agencies.models import Agency
from .models import Item


class LatestItems(Feed):
    description = "新公开的政府信息（主动公开）"

    def get_object(self, request, agency_id: int | None = None):
        return get_object_or_404(Agency, pk=agency_id) if agency_id is not None else None

    def title(self, agency):
        return f"{agency.name if agency else '各机关'} · 主动公开政府信息"

    def link(self, agency):
        return reverse("disclosure:catalogue", args=[agency.pk]) if agency else reverse("disclosure:index")

    def items(self, agency):
        qs = Item.objects.filter(state="published", disclosure="proactive").select_related("agency", "supersedes")
        if agency is not None:
            qs = qs.filter(agency=agency)
        return qs.order_by("-published_on", "-id")[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        text = f"{item.agency.name}｜{item.category_info.display}｜{item.document_number or ''} {item.summary}".strip()
        if item.supersedes_id:
            text = f"【变更】{item.changed_on} 变更，替代索引号 {item.supersedes.number}｜{text}"
        return text

    def item_link(self, item):
        return reverse("disclosure:item", args=[item.agency_id, item.number])

    def item_pubdate(self, item):
        return timezone.make_aware(dt.datetime.combine(item.published_on, dt.time(12)))

    def item_guid(self, item):
        return f"gongkai:{item.agency_id}:{item.number}"

    item_guid_is_permalink = False


class LatestItemsAtom(LatestItems):
    feed_type = Atom1Feed
    subtitle = LatestItems.description
