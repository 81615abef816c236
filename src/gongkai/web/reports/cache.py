"""Built and audited reports kept by record version (issue #16): the supervisor's overview and the report
workspace wrap :mod:`gongkai.web.reports.services` with these process-local caches.

A key is ``(what every report depends on — the web clock's day and the stored calendar files —, the
agency, its name, the year, its record version)``; the version changes with any write to a record the
report is counted from (:mod:`gongkai.web.reports.versions`, database triggers), so a hit is the report as
it would be built now.  Reading the versions of all agencies is one query: an overview whose agencies are
all unchanged reads no case at all.  Each server process keeps its own entries (``gongkai serve
--workers``): the first request in a process after a change builds what changed.
"""

from __future__ import annotations

from . import services
from .services import _LRU
from .versions import versions

#: (context, agency id, name, year, version) → the overview row's figures (without the agency object)
OVERVIEW = _LRU(4096)
#: (context, agency id, name, year, version) → the workspace's report, findings, preview and 按期答复率
WORKSPACE = _LRU(256)


def clear() -> None:
    OVERVIEW.clear()
    WORKSPACE.clear()


def _keys(agencies, year: int) -> dict[int, tuple] | None:
    found = versions([a.id for a in agencies])
    if found is None:
        return None
    context = services._context()
    return {a.id: (context, a.id, a.name, year, found[a.id]) for a in agencies}


def overview_rows(agencies, year: int) -> list[dict]:
    """:func:`services.overview_rows`, with each agency's row kept by its record version: only the agencies
    whose records changed since (or not yet seen by this process) are counted and audited, together."""
    agencies = list(agencies)
    keys = _keys(agencies, year)
    if keys is None:
        return services.overview_rows(agencies, year)
    rows = {a.id: OVERVIEW.get(keys[a.id]) for a in agencies}
    missing = [a for a in agencies if rows[a.id] is None]
    if missing:
        for row in services.overview_rows(missing, year):
            figures = {k: v for k, v in row.items() if k != "agency"}
            OVERVIEW.put(keys[row["agency"].id], figures)
            rows[row["agency"].id] = figures
    return [{"agency": a, **rows[a.id]} for a in agencies]


def workspace_report(agency, year: int, build):
    """``(report, findings, preview html, signed report or None, changes since signing, 按期答复率)`` of the
    workspace; ``build()`` reads the draft and returns ``(draft, report)`` when they are not kept.  The version
    is read before the records, so what is kept under it is never older than it."""
    from gongkai.writers.html import write_html

    from ..cases.services import timeliness_rates_for
    keys = _keys([agency], year)
    key = keys[agency.id] if keys is not None else None
    hit = WORKSPACE.get(key) if key is not None else None
    if hit is None:
        draft, rep = build()
        signed = services.signed_report(draft)
        hit = (rep, services.findings(rep), write_html(signed or rep), signed,
               services.figure_changes(signed, rep) if signed is not None else [],
               timeliness_rates_for([agency.id], year))
        if key is not None:
            WORKSPACE.put(key, hit)
    return hit
