"""Rectification: every 报送 of the unit kept in order (a second one used to replace the first)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("supervision", "0009_supervision_versions")]

    operations = [
        migrations.AddField(model_name="rectification", name="responses",
                            field=models.JSONField(blank=True, default=list, verbose_name="报送记录")),
    ]
