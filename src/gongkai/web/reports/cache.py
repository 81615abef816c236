"""Built and audited reports kept by record version (issue #16): the supervisor's overview and the report
workspace wrap :mod:`gongkai.web.reports.services` with these caches (the overview's figures in the database,
table ``gongkai_report_figures``; the workspace's report and preview in each process's memory).

A key is ``(what every report depends on — the program's source, the web clock's day and the stored
calendar files —, the agency, its name, the year, its record version)``; the version changes with any write to a record the
report is counted from (:mod:`gongkai.web.reports.versions`, database triggers), so a hit is the report as
it would be built now.  Reading the versions and the stored figures of all agencies is two queries: an
overview whose agencies are all unchanged reads no case at all.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from pathlib import Path

import gongkai
from gongkai.writers.html import write_html

from ..agencies.models import Agency
from ..cases.services import timeliness_rates_for
from . import services
from .services import _LRU
from .versions import FIGURES, versions

#: (context, agency id, name, year, version) → the workspace's report, findings, preview and 按期答复率
WORKSPACE = _LRU(256)
#: one thread of a process computes missing figures at a time; the others wait and then read what it stored
#: (twenty supervisors opening the overview after a restart do not each count every agency)
_COMPUTING = threading.Lock()


def clear() -> None:
    """Forget everything kept (tests)."""
    from django.db import connection
    WORKSPACE.clear()
    if connection.vendor in ("sqlite", "postgresql"):
        with connection.cursor() as c:
            c.execute(f"DELETE FROM {FIGURES}")


@functools.cache
def code_digest() -> str:
    """A digest of this installation's gongkai source: figures stored by another version of the program (other
    audit rules, other counting) are not read — the stored table outlives upgrades, and the package's version
    number is not changed for every change."""
    h = hashlib.sha256()
    root = Path(gongkai.__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        h.update(str(path.relative_to(root)).encode("utf-8"))
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _keys(agencies, year: int) -> dict[int, tuple] | None:
    found = versions([a.id for a in agencies])
    if found is None:
        return None
    context = (code_digest(), *services._context())
    return {a.id: (context, a.id, a.name, year, found[a.id]) for a in agencies}


def _digest(key: tuple) -> str:
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()


def _stored(keys: dict[int, tuple], year: int) -> dict[int, dict]:
    """The stored figures of the agencies whose stored fingerprint is their current key's (one query per 900)."""
    from django.db import connection
    ids, out = list(keys), {}
    with connection.cursor() as c:
        for k in range(0, len(ids), 900):
            chunk = ids[k:k + 900]
            c.execute(f"SELECT agency_id, fingerprint, figures FROM {FIGURES} WHERE year = %s AND agency_id IN "
                      f"({', '.join(['%s'] * len(chunk))})", [year, *chunk])
            for aid, fingerprint, figures in c.fetchall():
                if fingerprint == _digest(keys[aid]):
                    out[aid] = json.loads(figures)
    return out


def _store(rows: list[tuple[int, int, str, dict]]) -> None:
    from django.db import connection, transaction
    with transaction.atomic(), connection.cursor() as c:
        c.executemany(f"INSERT INTO {FIGURES} (agency_id, year, fingerprint, figures) VALUES (%s, %s, %s, %s) "
                      "ON CONFLICT (agency_id, year) DO UPDATE SET fingerprint = excluded.fingerprint, "
                      "figures = excluded.figures",
                      [(aid, year, fp, json.dumps(f, ensure_ascii=False)) for aid, year, fp, f in rows])


def overview_rows(agencies, year: int) -> list[dict]:
    """:func:`services.overview_rows`, with each agency's row kept by its record version in the database (all
    server processes share it, and it outlives a restart): only the agencies whose records changed since are
    counted and audited, together.  The versions are read before the records, so figures are never stored
    under a version older than their data."""
    agencies = list(agencies)
    keys = _keys(agencies, year)
    if keys is None:
        return services.overview_rows(_in_full(agencies), year)
    rows = _stored(keys, year)
    if len(rows) < len(agencies):
        with _COMPUTING:
            rows.update(_stored({a.id: keys[a.id] for a in agencies if a.id not in rows}, year))
            missing = [a for a in agencies if a.id not in rows]
            if missing:
                new = []
                for row in services.overview_rows(_in_full(missing), year):
                    aid = row["agency"].id
                    rows[aid] = {k: v for k, v in row.items() if k != "agency"}
                    new.append((aid, year, _digest(keys[aid]), rows[aid]))
                _store(new)
    return [{"agency": a, **rows[a.id]} for a in agencies]


def _in_full(agencies) -> list:
    """The agencies with all their fields, in the same order: the overview reads only the id and name of each
    (and its parent's name), while counting and auditing an agency may read any of them."""
    found = {a.id: a for a in Agency.objects.filter(id__in=[a.id for a in agencies]).select_related("parent")}
    return [found[a.id] for a in agencies]


def workspace_report(agency, year: int, build):
    """``(report, findings, preview html, signed report or None, changes since signing, 按期答复率)`` of the
    workspace; ``build()`` reads the draft and returns ``(draft, report)`` when they are not kept.  The version
    is read before the records, so what is kept under it is never older than it."""

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
