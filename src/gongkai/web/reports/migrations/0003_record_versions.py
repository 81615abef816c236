"""Per-agency record versions kept by database triggers (gongkai.web.reports.versions; issue #16)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gongkai.web.reports import versions
    versions.create(schema_editor.connection)


def backwards(apps, schema_editor):
    from gongkai.web.reports import versions
    versions.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_signed_report"), ("agencies", "0003_agency_reply_review"),
                    ("cases", "0005_case_worklist_order"), ("litigation", "0001_initial"),
                    ("publications", "0003_application_submission")]
    operations = [migrations.RunPython(forwards, backwards)]
