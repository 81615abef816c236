"""Database triggers refusing to delete audit entries (SQLite and PostgreSQL; migration 0003).

The UPDATE trigger is migration 0002's.  Only ``gongkai restore`` lifts the DELETE triggers — inside its
one transaction, to replace the log by the backup's, and puts them back before the commit
(:class:`gongkai.web.backup.audit_log_unlocked`).
"""

from __future__ import annotations

SQLITE_CREATE = ["CREATE TRIGGER IF NOT EXISTS auditlog_no_delete BEFORE DELETE ON auditlog_auditentry "
                 "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS auditlog_no_delete"]
PG_CREATE = [
    "CREATE OR REPLACE FUNCTION auditlog_refuse_delete() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql;",
    "DROP TRIGGER IF EXISTS auditlog_no_delete ON auditlog_auditentry;",
    "CREATE TRIGGER auditlog_no_delete BEFORE DELETE ON auditlog_auditentry "
    "FOR EACH ROW EXECUTE FUNCTION auditlog_refuse_delete();",
    "DROP TRIGGER IF EXISTS auditlog_no_truncate ON auditlog_auditentry;",
    "CREATE TRIGGER auditlog_no_truncate BEFORE TRUNCATE ON auditlog_auditentry "
    "FOR EACH STATEMENT EXECUTE FUNCTION auditlog_refuse_delete();",
]
PG_DROP = ["DROP TRIGGER IF EXISTS auditlog_no_delete ON auditlog_auditentry;",
           "DROP TRIGGER IF EXISTS auditlog_no_truncate ON auditlog_auditentry;"]


def _run(connection, statements):
    with connection.cursor() as c:
        for sql in statements:
            c.execute(sql)


def present(connection) -> bool:
    """Whether the DELETE trigger is installed (the test suite lifts it: its flushes delete everything)."""
    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            c.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'auditlog_no_delete'")
        elif connection.vendor == "postgresql":
            c.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'auditlog_no_delete'")
        else:
            return False
        return c.fetchone() is not None


def create(connection) -> None:
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_CREATE)
    elif connection.vendor == "postgresql":
        _run(connection, PG_CREATE)


def drop(connection) -> None:
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_DROP)
    elif connection.vendor == "postgresql":
        _run(connection, PG_DROP)
