"""PublishedReport.other_names: the other names a file's content was imported under (exports list them).  One
column with a default; no row changes."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0006_import_address'),
    ]

    operations = [
        migrations.AddField(
            model_name='publishedreport',
            name='other_names',
            field=models.JSONField(blank=True, default=list, verbose_name='以其他文件名导入'),
        ),
    ]
