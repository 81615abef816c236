"""Rule codes renamed to one shape (letter + digits, issue 10): stored findings get their new code.

The identity of a finding does not change (gongkai.audit.identity builds it from the rule's old code), so the
reviews stay attached; only the ``code`` shown and exported is updated.  The table is copied here (a migration
must not depend on code that may change later); gongkai.audit.registry.REDIRECTS is the same table.
"""

from django.db import migrations

RENAMED = {
    "R2-1": "R201", "R2-2": "R202", "R2-3": "R203",
    "R3-1": "R301", "R3-2": "R302", "R3-3": "R303", "R3-4": "R304", "R3-5": "R305", "R3-7": "R307",
    "R4-1": "R401", "R4-2": "R402", "R4-3": "R403", "R4-4": "R404",
    "X-1": "X01", "X-2": "X02",
}


def forwards(apps, schema_editor):
    finding = apps.get_model("supervision", "ReportFinding")
    for old, new in RENAMED.items():
        finding.objects.filter(code=old).update(code=new)


def backwards(apps, schema_editor):
    finding = apps.get_model("supervision", "ReportFinding")
    for old, new in RENAMED.items():
        finding.objects.filter(code=new).update(code=old)


class Migration(migrations.Migration):

    dependencies = [
        ("supervision", "0003_rectification_response"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
