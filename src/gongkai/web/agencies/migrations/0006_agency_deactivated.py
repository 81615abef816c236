"""Agency: 停用 (撤销、合并) — a unit with records is deactivated, never deleted (agencies/removal.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("agencies", "0005_agency_added_on")]

    operations = [
        migrations.AddField(model_name="agency", name="deactivated_on",
                            field=models.DateField(null=True, blank=True, editable=False, verbose_name="停用日期")),
        migrations.AddField(model_name="agency", name="deactivated_by",
                            field=models.CharField(max_length=150, blank=True, editable=False, verbose_name="停用人")),
        migrations.AddField(model_name="agency", name="deactivation_reason",
                            field=models.TextField(blank=True, editable=False, verbose_name="停用理由")),
    ]
