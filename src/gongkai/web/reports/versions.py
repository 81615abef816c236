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


def _sqlite_agency(row: str, how) -> str:
    """SQL selecting the agency id of the trigger row ``row`` (NEW or OLD)."""
    if isinstance(how, tuple):
        col, parent = how
        return f"SELECT agency_id AS a FROM {parent} WHERE id = {row}.{col}"
    return f"SELECT {row}.{how} AS a"


def _sqlite_create() -> list[str]:
    out = [f"CREATE TABLE IF NOT EXISTS {TABLE} (agency_id integer PRIMARY KEY, version integer NOT NULL)",
           f"CREATE TABLE IF NOT EXISTS {FIGURES} (agency_id integer NOT NULL, year integer NOT NULL, "
           "fingerprint text NOT NULL, figures text NOT NULL, PRIMARY KEY (agency_id, year))"]
    for table, how in WATCHED:
        for op in ("INSERT", "UPDATE", "DELETE"):
            rows = {"INSERT": ["NEW"], "UPDATE": ["NEW", "OLD"], "DELETE": ["OLD"]}[op]
            if table == "agencies_agency" and op != "UPDATE":
                continue  # a new agency has no records yet; a deleted one has none left
            body = " ".join(f"INSERT OR REPLACE INTO {TABLE} (agency_id, version) SELECT a, random() FROM "
                            f"({_sqlite_agency(r, how)}) WHERE a IS NOT NULL;" for r in rows)
            out.append(f"CREATE TRIGGER IF NOT EXISTS gk_rv_{table}_{op.lower()} AFTER {op} ON {table} "
                       f"BEGIN {body} END")
    out.append(f"INSERT OR REPLACE INTO {TABLE} (agency_id, version) SELECT id, random() FROM agencies_agency")
    return out


def _sqlite_drop() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS gk_rv_{t}_{op}" for t, _ in WATCHED for op in ("insert", "update", "delete")] \
        + [f"DROP TABLE IF EXISTS {TABLE}", f"DROP TABLE IF EXISTS {FIGURES}"]


def _pg_create() -> list[str]:
    out = [f"CREATE TABLE IF NOT EXISTS {TABLE} (agency_id bigint PRIMARY KEY, version bigint NOT NULL)",
           f"CREATE SEQUENCE IF NOT EXISTS {TABLE}_seq",
           f"CREATE TABLE IF NOT EXISTS {FIGURES} (agency_id bigint NOT NULL, year integer NOT NULL, "
           "fingerprint text NOT NULL, figures text NOT NULL, PRIMARY KEY (agency_id, year))",
           f"CREATE OR REPLACE FUNCTION gk_rv_bump(aid bigint) RETURNS void AS $$ BEGIN "
           f"IF aid IS NOT NULL THEN INSERT INTO {TABLE} (agency_id, version) VALUES (aid, nextval('{TABLE}_seq')) "
           f"ON CONFLICT (agency_id) DO UPDATE SET version = EXCLUDED.version; END IF; END; $$ LANGUAGE plpgsql",
           # TRUNCATE (the test suite's flush): which agencies is unknown — every number changes
           f"CREATE OR REPLACE FUNCTION gk_rv_all() RETURNS trigger AS $$ BEGIN "
           f"UPDATE {TABLE} SET version = nextval('{TABLE}_seq'); RETURN NULL; END; $$ LANGUAGE plpgsql"]
    for table, how in WATCHED:
        if isinstance(how, tuple):
            col, parent = how
            new = f"(SELECT agency_id FROM {parent} WHERE id = NEW.{col})"
            old = f"(SELECT agency_id FROM {parent} WHERE id = OLD.{col})"
            changed = f"OLD.{col} IS DISTINCT FROM NEW.{col}"
        else:
            new, old, changed = f"NEW.{how}", f"OLD.{how}", f"OLD.{how} IS DISTINCT FROM NEW.{how}"
        fn = f"gk_rv_{table}"
        out.append(f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger AS $$ BEGIN "
                   f"IF TG_OP <> 'DELETE' THEN PERFORM gk_rv_bump({new}); END IF; "
                   f"IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND {changed}) THEN PERFORM gk_rv_bump({old}); END IF; "
                   f"RETURN NULL; END; $$ LANGUAGE plpgsql")
        ops = "UPDATE" if table == "agencies_agency" else "INSERT OR UPDATE OR DELETE"
        out += [f"DROP TRIGGER IF EXISTS {fn} ON {table}",
                f"CREATE TRIGGER {fn} AFTER {ops} ON {table} FOR EACH ROW EXECUTE FUNCTION {fn}()",
                f"DROP TRIGGER IF EXISTS {fn}_truncate ON {table}",
                f"CREATE TRIGGER {fn}_truncate AFTER TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION gk_rv_all()"]
    out.append(f"INSERT INTO {TABLE} (agency_id, version) SELECT id, nextval('{TABLE}_seq') FROM agencies_agency "
               f"ON CONFLICT (agency_id) DO UPDATE SET version = EXCLUDED.version")
    return out


def _pg_drop() -> list[str]:
    out = []
    for table, _ in WATCHED:
        out += [f"DROP TRIGGER IF EXISTS gk_rv_{table} ON {table}", f"DROP TRIGGER IF EXISTS gk_rv_{table}_truncate ON {table}",
                f"DROP FUNCTION IF EXISTS gk_rv_{table}()"]
    return out + ["DROP FUNCTION IF EXISTS gk_rv_all()", "DROP FUNCTION IF EXISTS gk_rv_bump(bigint)",
                  f"DROP TABLE IF EXISTS {TABLE}", f"DROP SEQUENCE IF EXISTS {TABLE}_seq",
                  f"DROP TABLE IF EXISTS {FIGURES}"]


def _run(connection, statements) -> None:
    with connection.cursor() as c:
        for sql in statements:
            c.execute(sql)


def create(connection) -> None:
    if connection.vendor == "sqlite":
        _run(connection, _sqlite_create())
    elif connection.vendor == "postgresql":
        _run(connection, _pg_create())


def _present(connection) -> set[str]:
    """The names of this module's triggers that exist in the database."""
    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'gk_rv_%'")
        else:
            c.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'gk_rv_%'")
        return {row[0] for row in c.fetchall()}


def expected(connection) -> set[str]:
    """The names of the triggers :func:`create` makes on this database."""
    if connection.vendor == "sqlite":
        return {f"gk_rv_{t}_{op}" for t, _ in WATCHED for op in ("insert", "update", "delete")
                if t != "agencies_agency" or op == "update"}
    return {name for t, _ in WATCHED for name in (f"gk_rv_{t}", f"gk_rv_{t}_truncate")}


def ensure(connection) -> bool:
    """Re-create the triggers if any is missing (run after every ``migrate``): on SQLite a later migration that
    rebuilds a watched table (Django copies the table to add most columns) drops its triggers with it, and
    figures cached under versions no trigger keeps would go stale.  Re-creating gives every agency a new
    version, so nothing computed before is read again.  True when they had to be re-created."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return False
    with connection.cursor() as c:
        tables = set(connection.introspection.table_names(c))
    if not {t for t, _ in WATCHED} <= tables:
        return False  # not migrated this far yet: migration reports 0003 creates them
    if expected(connection) <= _present(connection):
        return False
    create(connection)
    return True


def drop(connection) -> None:
    if connection.vendor == "sqlite":
        _run(connection, _sqlite_drop())
    elif connection.vendor == "postgresql":
        _run(connection, _pg_drop())


def versions(agency_ids) -> dict[int, int] | None:
    """agency id → its current record version, in one query (per 900 agencies); 0 for an agency none of whose
    records has been written since the migration.  None on a database without the triggers (nothing may
    then be cached)."""
    from django.db import connection
    ids = [int(i) for i in agency_ids]
    if connection.vendor not in ("sqlite", "postgresql"):
        return None
    out: dict[int, int] = dict.fromkeys(ids, 0)
    with connection.cursor() as c:
        for k in range(0, len(ids), 900):  # SQLite's bound-parameter limit
            chunk = ids[k:k + 900]
            c.execute(f"SELECT agency_id, version FROM {TABLE} WHERE agency_id IN ({', '.join(['%s'] * len(chunk))})",
                      chunk)
            out.update(c.fetchall())
    return out


def subtree_versions(agency_id: int) -> dict[int, int] | None:
    """:func:`versions` of ``agency_id`` and every agency below it, found and read in one query (a recursive
    CTE, as ``agencies.models.subtree_sql``): id → version, 0 for an agency without a version row.  None on a
    database without the triggers."""
    from django.db import connection
    if connection.vendor not in ("sqlite", "postgresql"):
        return None
    with connection.cursor() as c:
        c.execute('WITH RECURSIVE sub(id) AS (SELECT r."id" FROM "agencies_agency" r WHERE r."id" = %s UNION '
                  'SELECT a."id" FROM "agencies_agency" a JOIN sub ON a."parent_id" = sub.id) '
                  f"SELECT sub.id, v.version FROM sub LEFT JOIN {TABLE} v ON v.agency_id = sub.id", [agency_id])
        return {aid: version or 0 for aid, version in c.fetchall()}
