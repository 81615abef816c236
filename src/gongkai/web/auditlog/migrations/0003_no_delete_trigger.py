"""Database triggers refusing DELETE (and on PostgreSQL TRUNCATE) of audit entries."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gongkai.web.auditlog import triggers
    triggers.create(schema_editor.connection)


def backwards(apps, schema_editor):
    from gongkai.web.auditlog import triggers
    triggers.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0002_append_only_trigger")]
    operations = [migrations.RunPython(forwards, backwards)]
