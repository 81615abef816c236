"""A database trigger refusing UPDATE of audit entries (SQLite and PostgreSQL)."""

from django.db import migrations

SQLITE = ("CREATE TRIGGER auditlog_no_update BEFORE UPDATE ON auditlog_auditentry "
          "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;")
PG_FUNC = ("CREATE OR REPLACE FUNCTION auditlog_refuse_update() RETURNS trigger AS $$ "
           "BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql;")
PG_TRIG = ("CREATE TRIGGER auditlog_no_update BEFORE UPDATE ON auditlog_auditentry "
           "FOR EACH ROW EXECUTE FUNCTION auditlog_refuse_update();")


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE)
    elif vendor == "postgresql":
        schema_editor.execute(PG_FUNC)
        schema_editor.execute(PG_TRIG)


def backwards(apps, schema_editor):
    schema_editor.execute("DROP TRIGGER IF EXISTS auditlog_no_update" +
                          (" ON auditlog_auditentry" if schema_editor.connection.vendor == "postgresql" else ""))


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
