"""Per-agency version numbers kept by database triggers (SQLite and PostgreSQL): a number per agency that is
replaced whenever a row of a watched table that belongs to the agency is written, by any means (``save()``,
``QuerySet.update()``, bulk inserts, raw SQL, a restore), which model signals would not catch.  Each change
stores a *new* number (PostgreSQL: a sequence, never reused even by a rolled-back transaction; SQLite: a random
64-bit number), so a number, once replaced, never comes back and whatever was cached under it is never read again.

Two sets use it: the records an agency's annual report is counted from (:mod:`gongkai.web.reports.versions`)
and the published reports the supervising office imported (:mod:`gongkai.web.supervision.versions`).  Each set
has its own table, trigger names and watched tables (:class:`VersionSet`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from .requestmemo import memo


@dataclass(frozen=True)
class VersionSet:
    """``table`` (agency_id → version), trigger and function names starting with ``prefix``, and the
    ``watched`` tables: (table, how a row names its agency) — a column holding the agency id, or a (column,
    table) pair for rows that belong to the agency through another row.  ``agency_ops``: the operations on
    ``agencies_agency`` (when watched, by its ``id``) that change a number.  ``extra``: statements creating
    tables that live and die with the set (``drop_extra`` drops them)."""

    table: str
    prefix: str
    watched: tuple
    agency_ops: tuple = ("UPDATE",)
    extra_sqlite: tuple = field(default=())
    extra_pg: tuple = field(default=())
    drop_extra: tuple = field(default=())

    def _ops(self, table: str) -> tuple:
        return self.agency_ops if table == "agencies_agency" else ("INSERT", "UPDATE", "DELETE")

    # ---------------------------------------------------------------- SQLite
    @staticmethod
    def _sqlite_agency(row: str, how) -> str:
        """SQL selecting the agency id of the trigger row ``row`` (NEW or OLD)."""
        if isinstance(how, tuple):
            col, parent = how
            return f"SELECT agency_id AS a FROM {parent} WHERE id = {row}.{col}"
        return f"SELECT {row}.{how} AS a"

    def sqlite_create(self) -> list[str]:
        out = [f"CREATE TABLE IF NOT EXISTS {self.table} (agency_id integer PRIMARY KEY, version integer NOT NULL)",
               *self.extra_sqlite]
        for table, how in self.watched:
            for op in self._ops(table):
                rows = {"INSERT": ["NEW"], "UPDATE": ["NEW", "OLD"], "DELETE": ["OLD"]}[op]
                body = " ".join(f"INSERT OR REPLACE INTO {self.table} (agency_id, version) SELECT a, random() FROM "
                                f"({self._sqlite_agency(r, how)}) WHERE a IS NOT NULL;" for r in rows)
                out.append(f"CREATE TRIGGER IF NOT EXISTS {self.prefix}_{table}_{op.lower()} AFTER {op} ON {table} "
                           f"BEGIN {body} END")
        out.append(f"INSERT OR REPLACE INTO {self.table} (agency_id, version) SELECT id, random() FROM agencies_agency")
        return out

    def sqlite_drop(self) -> list[str]:
        return [f"DROP TRIGGER IF EXISTS {self.prefix}_{t}_{op}" for t, _ in self.watched
                for op in ("insert", "update", "delete")] + [f"DROP TABLE IF EXISTS {self.table}", *self.drop_extra]

    # ---------------------------------------------------------------- PostgreSQL
    def pg_create(self) -> list[str]:
        p, table = self.prefix, self.table
        out = [f"CREATE TABLE IF NOT EXISTS {table} (agency_id bigint PRIMARY KEY, version bigint NOT NULL)",
               f"CREATE SEQUENCE IF NOT EXISTS {table}_seq", *self.extra_pg,
               f"CREATE OR REPLACE FUNCTION {p}_bump(aid bigint) RETURNS void AS $$ BEGIN "
               f"IF aid IS NOT NULL THEN INSERT INTO {table} (agency_id, version) VALUES (aid, nextval('{table}_seq')) "
               f"ON CONFLICT (agency_id) DO UPDATE SET version = EXCLUDED.version; END IF; END; $$ LANGUAGE plpgsql",
               # TRUNCATE (the test suite's flush): which agencies is unknown — every number changes
               f"CREATE OR REPLACE FUNCTION {p}_all() RETURNS trigger AS $$ BEGIN "
               f"UPDATE {table} SET version = nextval('{table}_seq'); RETURN NULL; END; $$ LANGUAGE plpgsql"]
        for watched, how in self.watched:
            if isinstance(how, tuple):
                col, parent = how
                new = f"(SELECT agency_id FROM {parent} WHERE id = NEW.{col})"
                old = f"(SELECT agency_id FROM {parent} WHERE id = OLD.{col})"
                changed = f"OLD.{col} IS DISTINCT FROM NEW.{col}"
            else:
                new, old, changed = f"NEW.{how}", f"OLD.{how}", f"OLD.{how} IS DISTINCT FROM NEW.{how}"
            fn = f"{p}_{watched}"
            out.append(f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger AS $$ BEGIN "
                       f"IF TG_OP <> 'DELETE' THEN PERFORM {p}_bump({new}); END IF; "
                       f"IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND {changed}) THEN PERFORM {p}_bump({old}); END IF; "
                       f"RETURN NULL; END; $$ LANGUAGE plpgsql")
            ops = " OR ".join(self._ops(watched))
            out += [f"DROP TRIGGER IF EXISTS {fn} ON {watched}",
                    f"CREATE TRIGGER {fn} AFTER {ops} ON {watched} FOR EACH ROW EXECUTE FUNCTION {fn}()",
                    f"DROP TRIGGER IF EXISTS {fn}_truncate ON {watched}",
                    f"CREATE TRIGGER {fn}_truncate AFTER TRUNCATE ON {watched} FOR EACH STATEMENT "
                    f"EXECUTE FUNCTION {p}_all()"]
        out.append(f"INSERT INTO {table} (agency_id, version) SELECT id, nextval('{table}_seq') FROM agencies_agency "
                   f"ON CONFLICT (agency_id) DO UPDATE SET version = EXCLUDED.version")
        return out

    def pg_drop(self) -> list[str]:
        p, out = self.prefix, []
        for watched, _ in self.watched:
            out += [f"DROP TRIGGER IF EXISTS {p}_{watched} ON {watched}",
                    f"DROP TRIGGER IF EXISTS {p}_{watched}_truncate ON {watched}",
                    f"DROP FUNCTION IF EXISTS {p}_{watched}()"]
        return out + [f"DROP FUNCTION IF EXISTS {p}_all()", f"DROP FUNCTION IF EXISTS {p}_bump(bigint)",
                      f"DROP TABLE IF EXISTS {self.table}", f"DROP SEQUENCE IF EXISTS {self.table}_seq",
                      *self.drop_extra]

    # ---------------------------------------------------------------- either
    @staticmethod
    def _run(connection, statements) -> None:
        with connection.cursor() as c:
            for sql in statements:
                c.execute(sql)

    def create(self, connection) -> None:
        if connection.vendor == "sqlite":
            self._run(connection, self.sqlite_create())
        elif connection.vendor == "postgresql":
            self._run(connection, self.pg_create())

    def drop(self, connection) -> None:
        if connection.vendor == "sqlite":
            self._run(connection, self.sqlite_drop())
        elif connection.vendor == "postgresql":
            self._run(connection, self.pg_drop())

    def present(self, connection) -> set[str]:
        """The names of this set's triggers that exist in the database."""
        with connection.cursor() as c:
            if connection.vendor == "sqlite":
                c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{self.prefix}_%"])
            else:
                c.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE %s", [f"{self.prefix}_%"])
            return {row[0] for row in c.fetchall()}

    def expected(self, connection) -> set[str]:
        """The names of the triggers :meth:`create` makes on this database."""
        if connection.vendor == "sqlite":
            return {f"{self.prefix}_{t}_{op.lower()}" for t, _ in self.watched for op in self._ops(t)}
        return {name for t, _ in self.watched for name in (f"{self.prefix}_{t}", f"{self.prefix}_{t}_truncate")}

    def ensure(self, connection) -> bool:
        """Re-create the triggers if any is missing (run after every ``migrate``): on SQLite a later migration
        that rebuilds a watched table (Django copies the table to add most columns) drops its triggers with it,
        and what was cached under versions no trigger keeps would go stale.  Re-creating gives every agency a
        new version, so nothing computed before is read again.  True when they had to be re-created."""
        if connection.vendor not in ("sqlite", "postgresql"):
            return False
        with connection.cursor() as c:
            tables = set(connection.introspection.table_names(c))
        if not {t for t, _ in self.watched} <= tables:
            return False  # not migrated this far yet: the set's migration creates them
        if self.expected(connection) <= self.present(connection):
            return False
        self.create(connection)
        return True

    def versions(self, agency_ids) -> dict[int, int] | None:
        """agency id → its current version, in one query (per 900 agencies; every agency's
        — ``agency_ids.whole`` — without a list of ids); 0 for an agency none of whose rows has been written since
        the set was created.  None on a database without the triggers (nothing may
        then be cached)."""
        ids = [int(i) for i in agency_ids]
        if connection.vendor not in ("sqlite", "postgresql"):
            return None
        kept, key = memo(), (self.table, frozenset(ids))  # (a safe request's earlier read of the same agencies)
        if kept is not None:
            if key in kept:
                return dict(kept[key])
            out = self._read(connection, agency_ids, ids)
            kept[key] = dict(out)
            return out
        return self._read(connection, agency_ids, ids)

    def _read(self, connection, agency_ids, ids) -> dict[int, int]:
        out: dict[int, int] = dict.fromkeys(ids, 0)
        with connection.cursor() as c:
            if getattr(agency_ids, "whole", False):  # every agency (agencies.models.AgencyIds): the whole table
                c.execute(f"SELECT agency_id, version FROM {self.table}")
                out.update((a, v) for a, v in c.fetchall() if a in out)
                return out
            for k in range(0, len(ids), 900):  # SQLite's bound-parameter limit
                chunk = ids[k:k + 900]
                c.execute(f"SELECT agency_id, version FROM {self.table} WHERE agency_id IN "
                          f"({', '.join(['%s'] * len(chunk))})", chunk)
                out.update(c.fetchall())
        return out
