"""Per-agency record versions (issue #16): a number that changes whenever any record an agency's annual
report is counted from changes — so the report's built and audited figures can be kept (process-local,
:mod:`gongkai.web.reports.cache`) and looked up by ``(agency, version)`` with one query for all agencies,
instead of reading every case of every agency to see whether anything changed.

The numbers are kept by **database triggers** (SQLite and PostgreSQL, migration reports 0003) on every
table the report reads: cases and their events (按期答复率 is replayed from events), 复议/诉讼, report drafts,
the publications register (items, 规章/规范性文件 records, entered figures) and the agency row itself.  A
trigger catches every way of writing — ``save()``, ``QuerySet.update()``, bulk inserts, raw SQL,
``gongkai restore`` — which model signals would not.  Each change stores a *new* number (PostgreSQL: a
sequence, never reused even by a rolled-back transaction; SQLite: a random 64-bit number), so a number,
once replaced, never comes back and a cached entry under it is never read again.

The tables ``gongkai_record_version`` and ``gongkai_report_figures`` (the overview's figures under the key
they were computed for, shared by all server processes and kept over restarts) are not Django models: they
are derived data, not backed up; the triggers give restored records new versions.  An agency without a row has had no record written
since the migration (which gives every existing agency a row).
"""

from __future__ import annotations

from django.db import connection

from ..requestmemo import memo
from ..rowversions import VersionSet

TABLE = "gongkai_record_version"
#: each agency's overview figures as last computed, under the key they were computed for (reports/cache.py)
FIGURES = "gongkai_report_figures"

#: (table, how a row names its agency) — a column holding the agency id, or a (column, table) pair for
#: rows that belong to the agency through another row
WATCHED = [
    ("cases_case", "agency_id"),
    ("cases_caseevent", ("case_id", "cases_case")),
    ("litigation_litigation", "agency_id"),
    ("reports_reportdraft", "agency_id"),
    ("publications_item", "agency_id"),
    ("publications_documentrecord", "agency_id"),
    ("publications_figure", "agency_id"),
    ("agencies_agency", "id"),  # its name and kind are in the report
]


_SET = VersionSet(
    TABLE, "gk_rv", tuple(WATCHED), agency_ops=("UPDATE",),  # a new agency has no records yet; a deleted one has none left
    extra_sqlite=(f"CREATE TABLE IF NOT EXISTS {FIGURES} (agency_id integer NOT NULL, year integer NOT NULL, "
                  "fingerprint text NOT NULL, figures text NOT NULL, PRIMARY KEY (agency_id, year))",),
    extra_pg=(f"CREATE TABLE IF NOT EXISTS {FIGURES} (agency_id bigint NOT NULL, year integer NOT NULL, "
              "fingerprint text NOT NULL, figures text NOT NULL, PRIMARY KEY (agency_id, year))",),
    drop_extra=(f"DROP TABLE IF EXISTS {FIGURES}",))

create, drop, expected, ensure, versions = _SET.create, _SET.drop, _SET.expected, _SET.ensure, _SET.versions
_present = _SET.present


def subtree_versions(agency_id: int) -> dict[int, int] | None:
    """:func:`versions` of ``agency_id`` and every agency below it, found and read in one query (a recursive
    CTE, as ``agencies.models.subtree_sql``): id → version, 0 for an agency without a version row.  None on a
    database without the triggers.  In a request that has read the agency's subtree already
    (:meth:`Agency.subtree_ids`, kept in the request's memo) the versions of those ids: the same answer, and
    none more query when the page read them too (the worklist, the overview)."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return None
    kept = memo()
    below = kept.get(("subtree", agency_id)) if kept is not None else None
    if below is not None:  # the request read the tree (the scope) already: the versions of those ids
        return versions(below)
    with connection.cursor() as c:
        c.execute('WITH RECURSIVE sub(id) AS (SELECT r."id" FROM "agencies_agency" r WHERE r."id" = %s UNION '
                  'SELECT a."id" FROM "agencies_agency" a JOIN sub ON a."parent_id" = sub.id) '
                  f"SELECT sub.id, v.version FROM sub LEFT JOIN {TABLE} v ON v.agency_id = sub.id", [agency_id])
        return {aid: version or 0 for aid, version in c.fetchall()}
