"""Agency: 曾用名 — the names a unit had before a rename, so that reports published under them still match it."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("agencies", "0006_agency_deactivated")]

    operations = [
        migrations.AddField(model_name="agency", name="former_names",
                            field=models.JSONField(blank=True, default=list, editable=False, verbose_name="曾用名")),
    ]
