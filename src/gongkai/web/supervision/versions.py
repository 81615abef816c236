"""Per-unit versions of the supervising office's data (:mod:`gongkai.web.rowversions`): a unit's number changes
whenever one of its published reports (``supervision_publishedreport``, by ``agency_id``: a file arriving,
audited, renumbered, moved to another unit or year, given a date, deleted) or its own row (name, level,
superior, dates; a unit added or deleted) is written — by whatever means, the triggers see every write.
The coverage and indicators of a year (:func:`gongkai.web.supervision.services.year_view`) are kept by each
server process under the numbers of the units they cover and computed again only when one of them changed.

The table ``gongkai_supervision_version`` is not a Django model (derived data, not backed up; migration
supervision 0009 creates it and the triggers; they are re-created after every ``migrate`` if missing)."""

from __future__ import annotations

from ..rowversions import VersionSet

TABLE = "gongkai_supervision_version"
WATCHED = (("supervision_publishedreport", "agency_id"), ("agencies_agency", "id"))

_SET = VersionSet(TABLE, "gk_sv", WATCHED, agency_ops=("INSERT", "UPDATE", "DELETE"))

create, drop, expected, ensure = _SET.create, _SET.drop, _SET.expected, _SET.ensure


def fingerprint(agency_filter_sql: str, params) -> tuple | None:
    """The numbers of the units selected by ``agency_filter_sql`` (SQL selecting agency ids, with ``params``)
    as one hashable value, in one query; None on a database without the triggers."""
    from django.db import connection
    if connection.vendor not in ("sqlite", "postgresql"):
        return None
    with connection.cursor() as c:
        c.execute(f"SELECT a.id, COALESCE(v.version, 0) FROM agencies_agency a LEFT JOIN {TABLE} v "
                  f"ON v.agency_id = a.id WHERE a.id IN ({agency_filter_sql}) ORDER BY a.id", params)
        rows = c.fetchall()
    return len(rows), hash(tuple(rows))
