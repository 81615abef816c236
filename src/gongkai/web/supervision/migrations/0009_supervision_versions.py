"""Per-unit versions of the supervising office's data kept by database triggers (gongkai.web.supervision.versions):
the coverage and indicators of a year are computed again only when a unit's number changed.  No row changes."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gongkai.web.supervision import versions
    versions.create(schema_editor.connection)


def backwards(apps, schema_editor):
    from gongkai.web.supervision import versions
    versions.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("supervision", "0008_void_and_pinned_version"), ("agencies", "0005_agency_added_on")]
    operations = [migrations.RunPython(forwards, backwards)]
