"""A case's number: ``<year>-<five digits>``, the next free one of its agency.  Below :mod:`.services` (which
re-exports it) so that :mod:`.online` uses it without importing the services."""

from __future__ import annotations

from .models import DisclosureRequest


def next_number(agency, year: int) -> str:
    prefix = f"{year}-"
    last = (DisclosureRequest.objects.filter(agency=agency, number__startswith=prefix).order_by("-number")
            .values_list("number", flat=True).first())
    n = 1
    if last:
        try:
            n = int(last[len(prefix):]) + 1
        except ValueError:
            n = DisclosureRequest.objects.filter(agency=agency).count() + 1
    return f"{prefix}{n:05d}"
